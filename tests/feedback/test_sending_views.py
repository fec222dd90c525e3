"""Sending pages: recipients and preview, invitations, reminders, do-not-email."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback.models import Invitation, InvitationToken, Suppression, Survey
from fitcheck.models import Contact, FitScore
from tests.factories import (
    ContactFactory,
    InvitationFactory,
    PersonaFactory,
    QuestionFactory,
    ResponseFactory,
    SurveyFactory,
)

SUPPRESSIONS = reverse("feedback:suppression_list")


@pytest.fixture
def survey(workspace):
    survey = SurveyFactory(workspace=workspace, title="Autumn check-in")
    QuestionFactory(survey=survey, text="How is it going?")
    return survey


@pytest.fixture
def post_and_deliver(owner_client, django_capture_on_commit_callbacks):
    """POST as the owner and run the tasks the request queued after commit."""

    def post(address, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return owner_client.post(address, data or {})

    return post


def url(name: str, survey: Survey) -> str:
    return reverse(f"feedback:{name}", args=[survey.pk])


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def field_error(response, field: str) -> bool:
    return f'id="error_1_id_{field}"' in response.text


def score(contact: Contact, persona, band: str) -> None:
    FitScore.objects.create(
        workspace=contact.workspace,
        contact=contact,
        persona=persona,
        rubric_version=1,
        score=50,
        band=band,
        confidence=1,
        computed_at=timezone.now(),
        stage=contact.stage,
    )


# Anonymous visitors and wrong methods ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("survey_send", "get"),
        ("invitation_list", "get"),
        ("invitations_retry", "post"),
        ("invitations_remind", "post"),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, survey, name, method):
    response = getattr(client, method)(url(name, survey))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_anonymous_visitors_cannot_see_the_do_not_email_list(client, db):
    response = client.get(SUPPRESSIONS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("survey_send", "put"),
        ("invitation_list", "post"),
        ("invitations_retry", "get"),
        ("invitations_remind", "get"),
    ],
)
def test_wrong_methods_are_refused(owner_client, survey, name, method):
    assert getattr(owner_client, method)(url(name, survey)).status_code == 405


def test_the_do_not_email_list_refuses_other_methods(owner_client):
    assert owner_client.put(SUPPRESSIONS).status_code == 405


# The send page ----------------------------------------------------------------------


def test_the_send_page_previews_the_real_email_without_creating_anything(
    owner_client, survey
):
    response = owner_client.get(url("survey_send", survey))
    assert response.status_code == 200
    page = response.text
    assert "Autumn check-in" in page
    assert "Hello Sam," in page
    assert reverse("feedback:answer", args=["preview-link"]) in page
    assert reverse("feedback:unsubscribe", args=["preview-link"]) in page
    assert not Invitation.objects.exists()
    assert not InvitationToken.objects.exists()
    assert not Contact.objects.exists()


def test_the_persona_filter_offers_only_this_workspace_personas(
    owner_client, survey, other_workspace
):
    PersonaFactory(workspace=survey.workspace, name="Maya")
    PersonaFactory(workspace=other_workspace, name="Stranger")
    page = owner_client.get(url("survey_send", survey)).text
    assert "Maya" in page
    assert "Stranger" not in page


def test_counting_shows_who_is_emailed_and_who_is_skipped_and_writes_nothing(
    owner_client, survey
):
    workspace = survey.workspace
    ContactFactory.create_batch(2, workspace=workspace, stage="client")
    ContactFactory(workspace=workspace, stage="client", email="")
    ContactFactory(workspace=workspace, stage="client", email="Gone@Example.com")
    Suppression.objects.create(
        workspace=workspace, email="gone@example.com", reason="asked"
    )
    InvitationFactory(
        survey=survey, contact__workspace=workspace, contact__stage="client"
    )
    ContactFactory(workspace=workspace, stage="prospect")
    response = owner_client.post(
        url("survey_send", survey),
        {
            "from_contacts": "on",
            "stage": "client",
            "addresses": "new@example.com, gone@example.com",
            "action": "count",
        },
    )
    assert response.status_code == 200
    reach = response.context["reach"]
    assert (reach.to_email, reach.new_contacts) == (3, 1)
    assert (reach.already_invited, reach.opted_out, reach.without_email) == (1, 1, 1)
    assert "3 people will be emailed" in response.text
    assert "Send to 3" in response.text
    assert not Contact.objects.filter(email="new@example.com").exists()
    assert Invitation.objects.count() == 1


def test_sending_to_filtered_contacts_invites_and_emails_them(
    post_and_deliver, survey, mailoutbox
):
    persona = PersonaFactory(workspace=survey.workspace)
    ideal, weak, unscored = ContactFactory.create_batch(
        3, workspace=survey.workspace, stage="client"
    )
    score(ideal, persona, "ideal")
    score(weak, persona, "weak")
    prospect = ContactFactory(workspace=survey.workspace, stage="prospect")
    score(prospect, persona, "ideal")
    response = post_and_deliver(
        url("survey_send", survey),
        {
            "from_contacts": "on",
            "stage": "client",
            "band": "ideal",
            "persona": persona.pk,
            "action": "send",
        },
    )
    assert response.status_code == 302
    assert response.url == url("invitation_list", survey)
    assert message_texts(response) == ["1 invitation on the way."]
    assert [m.to for m in mailoutbox] == [[ideal.email]]
    assert Invitation.objects.get().status == Invitation.Status.SENT


def test_sending_to_pasted_addresses_creates_the_missing_contacts(
    post_and_deliver, survey, mailoutbox
):
    known = ContactFactory(workspace=survey.workspace, email="known@example.com")
    InvitationFactory(survey=survey, contact=known)
    response = post_and_deliver(
        url("survey_send", survey),
        {"addresses": "KNOWN@example.com\nnew@example.com", "action": "send"},
    )
    assert message_texts(response) == [
        "1 invitation on the way. Skipped: 1 already invited."
    ]
    new = Contact.objects.get(email="new@example.com")
    assert new.workspace == survey.workspace
    assert [m.to for m in mailoutbox] == [["new@example.com"]]


def test_invalid_addresses_are_listed_next_to_the_field_and_kept(owner_client, survey):
    typed = "ann@example.com\nnot-an-address\nbob@"
    response = owner_client.post(
        url("survey_send", survey), {"addresses": typed, "action": "send"}
    )
    assert response.status_code == 400
    assert field_error(response, "addresses")
    assert "not-an-address, bob@" in response.text
    assert f"{typed}</textarea>" in response.text
    assert not Contact.objects.exists()
    assert not Invitation.objects.exists()


def test_choosing_nobody_is_an_error(owner_client, survey):
    response = owner_client.post(url("survey_send", survey), {"action": "send"})
    assert response.status_code == 400
    assert "paste at least one address" in response.text


def test_filters_without_the_tick_box_are_an_error_next_to_it(owner_client, survey):
    response = owner_client.post(
        url("survey_send", survey), {"stage": "client", "action": "send"}
    )
    assert response.status_code == 400
    assert field_error(response, "from_contacts")
    assert 'value="client" selected' in response.text
    assert not Invitation.objects.exists()


def test_another_workspace_persona_is_refused(owner_client, survey, other_workspace):
    stranger = PersonaFactory(workspace=other_workspace)
    response = owner_client.post(
        url("survey_send", survey),
        {"from_contacts": "on", "persona": stranger.pk, "action": "send"},
    )
    assert response.status_code == 400
    assert field_error(response, "persona")


def test_a_closed_survey_cannot_be_sent(owner_client, survey):
    ContactFactory(workspace=survey.workspace)
    survey.status = Survey.Status.CLOSED
    survey.save()
    page = owner_client.get(url("survey_send", survey)).text
    assert "This survey is closed" in page
    assert 'value="send"' not in page
    response = owner_client.post(
        url("survey_send", survey), {"from_contacts": "on", "action": "send"}
    )
    assert response.url == survey.get_absolute_url()
    assert "closed" in message_texts(response)[0]
    assert not Invitation.objects.exists()


def test_a_survey_without_questions_cannot_be_sent(owner_client, workspace):
    survey = SurveyFactory(workspace=workspace)
    ContactFactory(workspace=workspace)
    response = owner_client.post(
        url("survey_send", survey), {"from_contacts": "on", "action": "send"}
    )
    assert response.status_code == 302
    assert "Add at least one question" in message_texts(response)[0]
    assert not Invitation.objects.exists()


# The invitation list ----------------------------------------------------------------


def test_the_invitation_list_shows_delivery_details(owner_client, survey):
    InvitationFactory(
        survey=survey,
        contact__name="Ann Failed",
        status=Invitation.Status.FAILED,
        attempts=3,
        last_error="550 Mailbox unavailable",
    )
    answered = InvitationFactory(
        survey=survey,
        contact__name="Bob Answered",
        status=Invitation.Status.ANSWERED,
        answered_at=timezone.now(),
        reminders_sent=2,
    )
    response_ = ResponseFactory(
        survey=survey, invitation=answered, contact=answered.contact
    )
    response = owner_client.get(url("invitation_list", survey))
    assert response.status_code == 200
    page = response.text
    assert "Ann Failed" in page
    assert "550 Mailbox unavailable" in page
    assert "Bob Answered" in page
    assert response_.get_absolute_url() in page
    assert "All (2)" in page
    assert "Failed (1)" in page


def test_the_invitation_list_filters_by_status(owner_client, survey):
    InvitationFactory(survey=survey, contact__name="Ann Failed", status="failed")
    InvitationFactory(survey=survey, contact__name="Bob Sent", status="sent")
    page = owner_client.get(url("invitation_list", survey), {"status": "failed"}).text
    assert "Ann Failed" in page
    assert "Bob Sent" not in page


def test_the_invitation_list_is_paginated(owner_client, survey):
    InvitationFactory.create_batch(51, survey=survey)
    first = owner_client.get(url("invitation_list", survey))
    assert len(first.context["page"].object_list) == 50
    assert "Page 1 of 2" in first.text
    second = owner_client.get(url("invitation_list", survey), {"page": 2})
    assert len(second.context["page"].object_list) == 1


def test_an_anonymous_survey_shows_only_whether_people_answered(owner_client, survey):
    survey.anonymous = True
    survey.save()
    answered_at = timezone.now() - timedelta(hours=5)
    InvitationFactory(
        survey=survey,
        contact__name="Bob Answered",
        status=Invitation.Status.ANSWERED,
        answered_at=answered_at,
    )
    page = owner_client.get(url("invitation_list", survey)).text
    assert "Bob Answered" in page
    assert "Answered" in page
    assert answered_at.strftime("%Y-%m-%dT%H:%M") not in page
    assert "never which answers are theirs" in page


def test_the_invitation_list_takes_the_same_number_of_queries_for_many_rows(
    owner_client, survey
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get(url("invitation_list", survey)).status_code == 200
        return len(captured)

    InvitationFactory(survey=survey)
    few = queries()
    InvitationFactory.create_batch(10, survey=survey, status="failed", last_error="x")
    for invitation in InvitationFactory.create_batch(
        3, survey=survey, status="answered"
    ):
        ResponseFactory(
            survey=survey, invitation=invitation, contact=invitation.contact
        )
    assert queries() == few


# Retry and remind -------------------------------------------------------------------


def test_retry_sends_the_failed_invitations_again(post_and_deliver, survey, mailoutbox):
    failed = InvitationFactory(survey=survey, status="failed", last_error="timeout")
    InvitationFactory(survey=survey, status="sent")
    response = post_and_deliver(url("invitations_retry", survey))
    assert response.url == url("invitation_list", survey)
    assert message_texts(response) == ["Sending 1 failed invitation again."]
    failed.refresh_from_db()
    assert failed.status == Invitation.Status.SENT
    assert [m.to for m in mailoutbox] == [[failed.contact.email]]


def test_retry_with_nothing_failed_says_so(owner_client, survey):
    response = owner_client.post(url("invitations_retry", survey))
    assert message_texts(response) == ["No failed invitations to retry."]


def test_the_remind_button_reminds_only_who_may_be_reminded(
    post_and_deliver, survey, mailoutbox
):
    long_ago = timezone.now() - timedelta(days=3)
    due = InvitationFactory(survey=survey, status="opened", last_emailed_at=long_ago)
    InvitationFactory(survey=survey, status="answered", last_emailed_at=long_ago)
    InvitationFactory(survey=survey, status="sent", last_emailed_at=timezone.now())
    InvitationFactory(
        survey=survey, status="sent", last_emailed_at=long_ago, reminders_sent=2
    )
    opted_out = InvitationFactory(
        survey=survey, status="sent", last_emailed_at=long_ago
    )
    Suppression.objects.create(
        workspace=survey.workspace, email=opted_out.contact.email, reason="asked"
    )
    response = post_and_deliver(url("invitations_remind", survey))
    assert message_texts(response) == ["Reminding 1 person who has not answered yet."]
    assert [m.to for m in mailoutbox] == [[due.contact.email]]
    again = post_and_deliver(url("invitations_remind", survey))
    assert "Nobody to remind" in message_texts(again)[-1]
    assert len(mailoutbox) == 1


def test_a_closed_survey_sends_no_reminders_or_retries(owner_client, survey):
    survey.status = Survey.Status.CLOSED
    survey.save()
    InvitationFactory(survey=survey, status="failed")
    for name in ("invitations_remind", "invitations_retry"):
        response = owner_client.post(url(name, survey))
        assert response.url == survey.get_absolute_url()
        assert "closed" in message_texts(response)[0]
    assert Invitation.objects.get().status == Invitation.Status.FAILED


# The do-not-email list --------------------------------------------------------------


def test_the_list_shows_only_this_workspace_addresses(
    owner_client, workspace, other_workspace
):
    Suppression.objects.create(
        workspace=workspace, email="ann@example.com", reason="bounced", note="Old job"
    )
    Suppression.objects.create(
        workspace=other_workspace, email="secret@example.com", reason="asked"
    )
    response = owner_client.get(SUPPRESSIONS)
    assert response.status_code == 200
    assert "ann@example.com" in response.text
    assert "Old job" in response.text
    assert "Bounced" in response.text
    assert "secret@example.com" not in response.text


def test_an_address_can_be_added(owner_client, workspace):
    response = owner_client.post(
        SUPPRESSIONS,
        {"email": "Ann@Example.com", "reason": "asked", "note": "Phoned on Monday"},
    )
    assert response.status_code == 302
    assert list(Suppression.objects.values_list("workspace", "email", "reason")) == [
        (workspace.pk, "ann@example.com", "asked")
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not an address", "reason": "asked"}, "email"),
        ({"email": "ann@example.com", "reason": "unsubscribed"}, "reason"),
        ({"email": "taken@example.com", "reason": "asked"}, "email"),
    ],
)
def test_invalid_additions_show_errors_next_to_fields(
    owner_client, workspace, data, field
):
    Suppression.objects.create(
        workspace=workspace, email="taken@example.com", reason="bounced"
    )
    response = owner_client.post(SUPPRESSIONS, data | {"note": "Typed note"})
    assert response.status_code == 400
    assert field_error(response, field)
    assert 'value="Typed note"' in response.text
    assert Suppression.objects.count() == 1


def test_a_pasted_address_longer_than_the_column_is_listed_as_invalid(
    owner_client, survey
):
    long = f"{'a' * 60}@{'b' * 60}.{'c' * 60}.{'d' * 60}.example.com"
    response = owner_client.post(
        url("survey_send", survey),
        {"addresses": f"ann@example.com\n{long}", "action": "send"},
    )
    assert response.status_code == 400
    assert field_error(response, "addresses")
    assert long in response.text
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("search", "message"),
    [("ann\x00", "Null characters"), ("a" * 255, "at most 254 characters")],
)
def test_a_search_of_the_do_not_email_list_it_cannot_run_says_why(
    owner_client, search, message
):
    response = owner_client.get(SUPPRESSIONS, {"q": search})
    assert response.status_code == 400
    assert 'id="suppression-search-error"' in response.text
    assert message in response.text
