"""Answering a survey and unsubscribing, without login, through emailed and
public links."""

import logging
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from config.logging_filters import RedactSurveyTokens
from feedback import services
from feedback.models import Answer, Invitation, Question, Response, Suppression
from feedback.views import public
from tests.factories import InvitationFactory, QuestionFactory, SurveyFactory

Kind = Question.Kind
THANKS = "Thanks from Harbour Lane."


@pytest.fixture
def survey(workspace):
    survey = SurveyFactory(
        workspace=workspace, title="How is it going?", thank_you=THANKS
    )
    QuestionFactory(survey=survey, kind=Kind.RATING, text="How well?", required=True)
    QuestionFactory(
        survey=survey, kind=Kind.SINGLE, text="Which slot?", choices=["Early", "Late"]
    )
    QuestionFactory(survey=survey, kind=Kind.LONG_TEXT, text="Anything else?")
    return survey


@pytest.fixture
def invitation(survey):
    return InvitationFactory(survey=survey, contact__email="Ann@Example.com")


@pytest.fixture
def token(invitation) -> str:
    return services.new_link_token(invitation)


@pytest.fixture
def public_token(survey) -> str:
    raw, survey.public_token_hash = tokens.new_token()
    survey.save()
    return raw


def answer_url(token: str) -> str:
    return reverse("feedback:answer", args=[token])


def unsubscribe_url(token: str) -> str:
    return reverse("feedback:unsubscribe", args=[token])


def public_url(token: str) -> str:
    return reverse("feedback:public_answer", args=[token])


def answers(survey, **overrides) -> dict:
    rating, slot, text = survey.questions.all()
    data = {f"q{rating.pk}": "4", f"q{slot.pk}": "Late", f"q{text.pk}": "All good"}
    return {**data, **overrides}


# Opening and answering an emailed link ----------------------------------------------


def test_opening_the_link_shows_the_survey_without_spending_it(client, survey, token):
    for _ in range(2):
        response = client.get(answer_url(token))
        assert response.status_code == 200
        assert "Send my answers" in response.text
        assert "How well?" in response.text
        assert "Harbour Lane" in response.text
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.OPENED
    assert invitation.opened_at is not None
    assert not Response.objects.exists()


def test_the_same_page_for_every_client_follows_the_survey_and_workspace(
    client, survey, token, workspace
):
    """The empty form and the thank-you are kept per survey version: a change
    to the survey or the workspace's name shows on the next link opened."""
    assert "How is it going?" in client.get(answer_url(token)).text
    survey.title = "How are the new evenings going?"
    survey.save()
    workspace.name = "Harbour Lane Physio"
    workspace.save()
    other = services.new_link_token(InvitationFactory(survey=survey))
    page = client.get(answer_url(other)).text
    assert "How are the new evenings going?" in page
    assert "Harbour Lane Physio" in page


def test_a_visitor_s_messages_never_reach_a_page_kept_for_everyone(
    owner_client, client, survey, token
):
    # The practitioner tries their own link with a message waiting for them.
    owner_client.post(
        reverse("feedback:survey_public_link", args=[survey.pk]), {"action": "create"}
    )
    mine = owner_client.get(answer_url(token)).text
    theirs = client.get(
        answer_url(services.new_link_token(InvitationFactory(survey=survey)))
    ).text
    for page in (mine, theirs):
        assert "How well?" in page
        assert 'class="messages"' not in page
    # The message was waiting all along: the practitioner's next page shows it.
    detail = owner_client.get(reverse("feedback:survey_detail", args=[survey.pk]))
    assert 'class="messages"' in detail.text


def test_survey_pages_hide_the_practitioner_navigation(client, token):
    response = client.get(answer_url(token))
    assert 'aria-label="Main"' not in response.text
    assert "Log in" not in response.text


def test_a_valid_answer_is_stored_with_the_contact(client, survey, token, invitation):
    response = client.post(answer_url(token), answers(survey))
    assert response.status_code == 200
    assert THANKS in response.text
    stored = Response.objects.get()
    assert (stored.invitation, stored.contact) == (invitation, invitation.contact)
    assert {
        (a.question.text, a.number, tuple(a.choices), a.text)
        for a in stored.answers.all()
    } == {
        ("How well?", 4, (), ""),
        ("Which slot?", None, ("Late",), ""),
        ("Anything else?", None, (), "All good"),
    }
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ANSWERED


def test_an_answer_costs_four_statements(client, survey, token):
    client.get(answer_url(token))  # The survey's questions are kept once read.
    body = answers(survey)
    with CaptureQueriesContext(connection) as queries:
        client.post(answer_url(token), body)
    # The link, its claim, the response and its answers, in the request's
    # transaction (a savepoint inside the test's): no savepoint of their own,
    # since the claim refuses a link that already has its response.
    kinds = [query["sql"].split()[0] for query in queries]
    assert kinds == ["SAVEPOINT", "SELECT", "UPDATE", "INSERT", "INSERT", "RELEASE"]


def test_unanswered_optional_questions_store_no_answer(client, survey, token):
    rating = survey.questions.get(kind=Kind.RATING)
    client.post(answer_url(token), {f"q{rating.pk}": "2"})
    assert list(Answer.objects.values_list("question__text", "number")) == [
        ("How well?", 2)
    ]


def test_a_missing_required_answer_is_shown_next_to_it_and_answers_are_kept(
    client, survey, token, invitation
):
    rating, slot, text = survey.questions.all()
    response = client.post(answer_url(token), answers(survey, **{f"q{rating.pk}": ""}))
    assert response.status_code == 200
    html = response.text
    assert "Some answers need another look" in html
    assert "Please answer this question." in html
    assert f'href="#id_q{rating.pk}_0"' in html
    assert f'aria-describedby="id_q{rating.pk}_error"' in html
    assert f'id="id_q{rating.pk}_error"' in html
    assert re.search(rf'name="q{slot.pk}" value="Late"[^>]*checked', html)
    assert "All good</textarea>" in html
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SENT


def test_an_answer_outside_the_options_is_refused(client, survey, token):
    rating = survey.questions.get(kind=Kind.RATING)
    response = client.post(answer_url(token), answers(survey, **{f"q{rating.pk}": "9"}))
    assert "Select a valid choice" in response.text
    assert not Response.objects.exists()


def test_reopening_an_answered_link_shows_the_thank_you(client, survey, token):
    client.post(answer_url(token), answers(survey))
    response = client.get(answer_url(token))
    assert response.status_code == 200
    assert "Thank you!" in response.text
    assert THANKS in response.text
    assert "Send my answers" not in response.text


def test_a_resubmit_stores_one_response_and_thanks_again(client, survey, token):
    first = client.post(answer_url(token), answers(survey))
    second = client.post(answer_url(token), answers(survey, **{}))
    assert THANKS in first.text and THANKS in second.text
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 3


def test_an_answer_can_be_submitted_with_no_optional_answer(client, workspace):
    survey = SurveyFactory(workspace=workspace, thank_you=THANKS)
    QuestionFactory(survey=survey, kind=Kind.RATING)
    token = services.new_link_token(InvitationFactory(survey=survey))
    response = client.post(answer_url(token))
    assert THANKS in response.text
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_post_with_origin_null_and_no_csrf_cookie_is_accepted(survey, token):
    """Under Referrer-Policy: no-referrer browsers post with `Origin: null`."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(answer_url(token), answers(survey), HTTP_ORIGIN="null")
    assert THANKS in response.text


def test_an_opted_out_contact_can_still_answer(client, survey, token, invitation):
    services.suppress(
        workspace=survey.workspace,
        email=invitation.contact.email,
        reason=Suppression.Reason.UNSUBSCRIBED,
    )
    client.post(answer_url(token), answers(survey))
    assert Response.objects.get().contact == invitation.contact


def test_an_anonymous_survey_says_so_and_keeps_no_link_to_the_contact(
    client, survey, token, invitation
):
    survey.anonymous = True
    survey.save()
    page = client.get(answer_url(token))
    assert "not linked to your name or email address" in page.text
    client.post(answer_url(token), answers(survey))
    stored = Response.objects.get()
    assert (stored.invitation, stored.contact) == (None, None)
    assert stored.answers.count() == 3
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ANSWERED
    assert Invitation.objects.filter(response__isnull=False).count() == 0


def test_a_survey_with_contacts_does_not_claim_anonymity(client, token):
    assert "not linked to your name" not in client.get(answer_url(token)).text


# Links that do not work -------------------------------------------------------------


def test_unknown_and_expired_links_get_the_same_page(client, survey, token, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    expired = client.get(answer_url(token))
    unknown = client.get(answer_url("not-a-real-token"))
    assert expired.status_code == unknown.status_code == 404
    assert expired.content == unknown.content
    assert "This link doesn't work any more" in unknown.text
    assert "How is it going?" not in expired.text


def test_posting_to_an_expired_link_stores_nothing(client, survey, token, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    response = client.post(answer_url(token), answers(survey))
    assert response.status_code == 404
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "change",
    [{"status": "closed"}, {"status": "draft"}, {"closes_on": "yesterday"}],
)
def test_a_closed_survey_says_so(client, survey, token, change):
    if change.get("closes_on") == "yesterday":
        change = {"closes_on": timezone.localdate() - timedelta(days=1)}
    for field, value in change.items():
        setattr(survey, field, value)
    survey.save()
    for response in (
        client.get(answer_url(token)),
        client.post(answer_url(token), answers(survey)),
    ):
        assert response.status_code == 200
        assert "This survey is closed" in response.text
    assert not Response.objects.exists()


def test_a_survey_closing_today_still_takes_answers(client, survey, token):
    survey.closes_on = timezone.localdate()
    survey.save()
    assert THANKS in client.post(answer_url(token), answers(survey)).text


def test_an_answered_link_thanks_even_after_the_survey_closed(client, survey, token):
    client.post(answer_url(token), answers(survey))
    survey.status = "closed"
    survey.save()
    assert THANKS in client.get(answer_url(token)).text


# Unsubscribing ----------------------------------------------------------------------


def test_opening_the_unsubscribe_link_only_asks(client, token):
    response = client.get(unsubscribe_url(token))
    assert response.status_code == 200
    assert "Yes, unsubscribe me" in response.text
    assert not Suppression.objects.exists()


def test_confirming_unsubscribes_the_address(client, survey, token):
    response = client.post(unsubscribe_url(token))
    assert response.status_code == 200
    assert "You're unsubscribed" in response.text
    suppression = Suppression.objects.get()
    assert suppression.workspace == survey.workspace
    assert suppression.email == "ann@example.com"
    assert suppression.reason == Suppression.Reason.UNSUBSCRIBED
    assert services.is_suppressed(workspace=survey.workspace, email="ANN@example.com")


def test_one_click_unsubscribe_works_without_a_csrf_token(token):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        unsubscribe_url(token),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Suppression.objects.count() == 1


def test_unsubscribing_twice_is_harmless(client, token):
    client.post(unsubscribe_url(token))
    assert client.post(unsubscribe_url(token)).status_code == 200
    assert Suppression.objects.count() == 1


def test_an_expired_survey_link_can_still_unsubscribe(client, token, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=90)
    )
    client.post(unsubscribe_url(token))
    assert Suppression.objects.count() == 1


def test_an_unknown_unsubscribe_link_gets_the_neutral_page(client, db):
    for response in (
        client.get(unsubscribe_url("nope")),
        client.post(unsubscribe_url("nope")),
    ):
        assert response.status_code == 404
        assert "This link doesn't work any more" in response.text
    assert not Suppression.objects.exists()


# The public link --------------------------------------------------------------------


def public_answers(survey, **overrides) -> dict:
    return answers(survey, **{"submission": "form-1", "website": "", **overrides})


def test_the_public_link_shows_the_survey_as_anonymous(client, public_token):
    response = client.get(public_url(public_token))
    assert response.status_code == 200
    assert "How well?" in response.text
    assert "not linked to your name or email address" in response.text


def test_a_public_answer_is_stored_without_invitation_or_contact(
    client, survey, public_token
):
    response = client.post(public_url(public_token), public_answers(survey))
    assert THANKS in response.text
    stored = Response.objects.get()
    assert (stored.survey, stored.invitation, stored.contact) == (survey, None, None)
    assert stored.answers.count() == 3


def test_a_double_click_on_the_public_form_stores_one_response(
    client, survey, public_token
):
    for _ in range(2):
        assert (
            THANKS in client.post(public_url(public_token), public_answers(survey)).text
        )
    client.post(public_url(public_token), public_answers(survey, submission="form-2"))
    assert Response.objects.count() == 2


def test_a_filled_honeypot_is_thanked_but_not_stored(client, survey, public_token):
    data = public_answers(survey, website="http://spam.example")
    assert THANKS in client.post(public_url(public_token), data).text
    assert not Response.objects.exists()


def test_public_answers_keep_errors_and_answers(client, survey, public_token):
    rating = survey.questions.get(kind=Kind.RATING)
    data = public_answers(survey, **{f"q{rating.pk}": ""})
    response = client.post(public_url(public_token), data)
    assert "Please answer this question" in response.text
    assert 'value="form-1"' in response.text
    assert not Response.objects.exists()


def test_an_unknown_or_closed_public_link(client, survey, public_token):
    unknown = client.get(public_url("unknown"))
    assert unknown.status_code == 404
    assert "This link doesn't work any more" in unknown.text
    survey.status = "closed"
    survey.save()
    assert "This survey is closed" in client.get(public_url(public_token)).text


def test_a_survey_without_a_public_link_cannot_be_reached_by_one(client, survey):
    assert survey.public_token_hash == ""
    assert client.get(public_url("anything")).status_code == 404
    assert client.get("/s/public/").status_code == 404


def test_public_answers_are_rate_limited_per_address(
    client, survey, public_token, monkeypatch
):
    monkeypatch.setattr(public, "PUBLIC_ANSWERS_PER_WINDOW", 2)
    url = public_url(public_token)
    for n in range(2):
        client.post(url, public_answers(survey, submission=f"f{n}"))
    limited = client.post(url, public_answers(survey, submission="f3"))
    assert limited.status_code == 429
    assert limited["Retry-After"] == str(public.PUBLIC_WINDOW_SECONDS)
    assert "Please try again" in limited.text
    assert limited["Cache-Control"].count("no-store") == 1
    assert client.get(url).status_code == 200
    other = client.post(
        url, public_answers(survey, submission="f4"), REMOTE_ADDR="203.0.113.9"
    )
    assert THANKS in other.text
    assert Response.objects.count() == 3


def test_cross_site_posts_to_the_public_link_are_refused(client, survey, public_token):
    response = client.post(
        public_url(public_token),
        public_answers(survey),
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert response.status_code == 403
    assert not Response.objects.exists()


# Every survey page -------------------------------------------------------------------


def survey_pages(client, survey, token, public_token):
    yield client.get(answer_url(token))
    yield client.post(answer_url(token), {})
    yield client.get(answer_url("unknown"))
    yield client.get(unsubscribe_url(token))
    yield client.get(public_url(public_token))
    yield client.get(public_url("unknown"))
    yield client.put(answer_url(token))
    yield client.post(answer_url(token), answers(survey))
    yield client.get(answer_url(token))
    yield client.post(unsubscribe_url(token))
    survey.status = "closed"
    survey.save()
    yield client.get(public_url(public_token))


def test_every_survey_page_sends_the_privacy_headers(
    client, survey, token, public_token
):
    pages = list(survey_pages(client, survey, token, public_token))
    assert {p.status_code for p in pages} == {200, 404, 405}
    for page in pages:
        assert page["Referrer-Policy"] == "no-referrer"
        assert "no-store" in page["Cache-Control"]


def test_survey_pages_load_nothing_from_other_sites(
    client, survey, token, public_token
):
    for page in survey_pages(client, survey, token, public_token):
        html = page.content.decode()
        assert not re.search(r'(src|href|action)="(https?:)?//', html)
        assert "style=" not in html
        assert "<script>" not in html
        assert "default-src 'self'" in page["Content-Security-Policy"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("url", [answer_url, unsubscribe_url, public_url])
def test_other_methods_are_not_allowed(client, token, url, method):
    response = getattr(client, method)(url(token))
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"


def test_a_link_token_never_reaches_the_logs(client, db, caplog):
    secret = "Zz9-secret-token_value"
    with caplog.at_level(logging.INFO):
        assert client.get(answer_url(secret)).status_code == 404
        client.get(unsubscribe_url(secret))
        client.get(public_url(secret))
    assert "/s/[redacted]/" in caplog.text
    assert "/s/public/[redacted]/" in caplog.text
    assert secret not in caplog.text


def test_the_console_handler_redacts_tokens():
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    assert any(isinstance(f, RedactSurveyTokens) for f in console.filters)
    record = logging.LogRecord(
        "django.server",
        logging.WARNING,
        "",
        0,
        '"%s" %s',
        ("GET /s/abc/ HTTP/1.1", 404),
        None,
    )
    assert console.filter(record)
    assert record.getMessage() == '"GET /s/[redacted]/ HTTP/1.1" 404'
