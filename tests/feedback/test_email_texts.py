"""The practitioner's invitation and reminder texts, with their preview."""

import pytest
from django.urls import reverse

from feedback.models import EMAIL_TEXT_MAX, Survey
from tests.factories import QuestionFactory, SurveyFactory


@pytest.fixture
def survey(workspace, owner):
    survey = SurveyFactory(workspace=workspace, title="Autumn check-in")
    QuestionFactory(survey=survey, kind="nps")
    return survey


def emails_url(survey) -> str:
    return reverse("feedback:survey_emails", args=[survey.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, survey):
    assert client.get(emails_url(survey)).status_code == 302


def test_another_workspace_s_survey_is_not_found(outsider_client, survey):
    assert outsider_client.get(emails_url(survey)).status_code == 404
    post = outsider_client.post(emails_url(survey), {"invitation_text": "Hi"})
    assert post.status_code == 404
    survey.refresh_from_db()
    assert survey.invitation_text == ""


def test_the_page_starts_from_the_default_wording_and_previews_both_emails(
    owner_client, survey
):
    response = owner_client.get(emails_url(survey))
    assert response.status_code == 200
    html = response.text
    assert (
        "Harbour Lane would love to hear how things are going for you.</textarea>"
        in html
    )
    assert "A little while ago Harbour Lane asked" in html
    assert "Subject</dt><dd>Autumn check-in" in html
    assert "Subject</dt><dd>A gentle reminder: Autumn check-in" in html
    assert "olivia@example.com" in html
    assert "1 question, about 1 minute." in html


def test_preview_shows_the_typed_text_without_saving_it(owner_client, survey):
    response = owner_client.post(
        emails_url(survey),
        {
            "invitation_text": "Dear friend, <b>two</b> minutes?",
            "reminder_text": "",
            "action": "preview",
        },
    )
    assert response.status_code == 200
    assert "<p>Dear friend, &lt;b&gt;two&lt;/b&gt; minutes?</p>" in response.text
    survey.refresh_from_db()
    assert survey.invitation_text == ""


def test_saving_keeps_own_text_and_stores_the_default_wording_as_blank(
    owner_client, survey
):
    response = owner_client.post(
        emails_url(survey),
        {
            "invitation_text": "Harbour Lane would love to hear how things are "
            "going for you.",
            "reminder_text": "Still time to tell us!",
            "action": "save",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.invitation_text, survey.reminder_text) == (
        "",
        "Still time to tell us!",
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("x" * (EMAIL_TEXT_MAX + 1), "at most 2000 characters"),
        ("Hello\x00there", "Null characters are not allowed."),
    ],
)
def test_too_long_or_nul_text_is_refused_beside_the_field_and_kept(
    owner_client, survey, value, message
):
    response = owner_client.post(
        emails_url(survey), {"invitation_text": value, "action": "save"}
    )
    assert response.status_code == 400
    assert message in response.text
    assert 'id="error_1_id_invitation_text"' in response.text
    assert Survey.objects.get().invitation_text == ""


def test_the_longest_text_fits(owner_client, survey):
    response = owner_client.post(
        emails_url(survey), {"invitation_text": "x" * EMAIL_TEXT_MAX, "action": "save"}
    )
    assert response.status_code == 302
    assert len(Survey.objects.get().invitation_text) == EMAIL_TEXT_MAX


def test_the_page_refuses_other_methods(owner_client, survey):
    assert owner_client.delete(emails_url(survey)).status_code == 405
