"""The practitioner's preview of a survey: the client's page, no token, nothing
stored (issue 16)."""

import pytest
from django.urls import reverse

from feedback.models import Answer, Invitation, InvitationToken, Response
from tests.factories import QuestionFactory, SurveyFactory


@pytest.fixture
def survey(workspace):
    survey = SurveyFactory(
        workspace=workspace,
        title="Autumn check-in",
        introduction="Tell us how it goes.",
        thank_you="Thanks a lot!",
        status="draft",
    )
    QuestionFactory(survey=survey, kind="rating", text="How well?", required=True)
    QuestionFactory(survey=survey, kind="long_text", text="What should change?")
    return survey


def preview_url(survey) -> str:
    return reverse("feedback:survey_preview", args=[survey.pk])


def nothing_stored() -> bool:
    return not (
        Response.objects.exists()
        or Answer.objects.exists()
        or Invitation.objects.exists()
        or InvitationToken.objects.exists()
    )


def test_anonymous_visitors_are_sent_to_log_in(client, survey):
    response = client.get(preview_url(survey))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_another_workspace_s_survey_is_not_found(outsider_client, survey):
    assert outsider_client.get(preview_url(survey)).status_code == 404
    assert outsider_client.post(preview_url(survey), {}).status_code == 404


def test_the_preview_is_the_client_s_page_marked_as_a_preview(owner_client, survey):
    response = owner_client.get(preview_url(survey))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "feedback/answer.html"
    html = response.text
    assert "<strong>Preview</strong>" in html
    assert "<title>Preview: Autumn check-in" in html
    assert "Tell us how it goes." in html
    assert "2 questions, about 2 minutes" in html
    assert "Send my answers" in html
    # The client's page, not the practitioner's: no app navigation.
    assert 'href="/feedback/"' not in html
    assert nothing_stored()


def test_a_draft_can_be_previewed_before_it_is_opened(teammate_client, survey):
    assert teammate_client.get(preview_url(survey)).status_code == 200


def test_valid_answers_are_accepted_but_not_stored(owner_client, survey):
    rating = survey.questions.get(kind="rating")
    response = owner_client.post(preview_url(survey), {f"q{rating.pk}": "4"})
    assert response.status_code == 200
    assert "These answers would be accepted" in response.text
    assert "Thanks a lot!" in response.text
    assert nothing_stored()


def test_invalid_answers_show_the_client_s_errors_and_store_nothing(
    owner_client, survey
):
    text = survey.questions.get(kind="long_text")
    response = owner_client.post(preview_url(survey), {f"q{text.pk}": "Kept"})
    assert response.status_code == 400
    html = response.text
    assert 'id="error-summary"' in html
    assert "<title>Error: Preview: Autumn check-in" in html
    assert "Please answer this question." in html
    assert "Kept</textarea>" in html
    assert "would be accepted" not in html
    assert nothing_stored()


def test_the_preview_refuses_other_methods(owner_client, survey):
    assert owner_client.put(preview_url(survey)).status_code == 405
