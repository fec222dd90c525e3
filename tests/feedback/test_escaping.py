"""Text a teammate writes never runs as markup in anyone's browser (issue 12,
point 8): every page that shows a survey's introduction or title escapes it."""

import pytest
from django.urls import reverse

from feedback import services
from tests.factories import InvitationFactory, QuestionFactory, SurveyFactory

META = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
SCRIPT = "<script>alert(1)</script>"
INTRODUCTION = f"Hello {META} there {SCRIPT}"


@pytest.fixture
def survey(workspace, teammate_client):
    survey = SurveyFactory(workspace=workspace, title="Autumn check-in")
    QuestionFactory(survey=survey, text="How is it going?")
    # Written by a member through the settings form, as an attacker would.
    response = teammate_client.post(
        reverse("feedback:survey_edit", args=[survey.pk]),
        {
            "title": f"Check-in {SCRIPT}",
            "introduction": INTRODUCTION,
            "thank_you": f"Thanks {META}",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.introduction == INTRODUCTION
    return survey


def assert_escaped(html: str) -> None:
    assert "<meta http-equiv" not in html
    assert "<script>alert" not in html
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "name",
    [
        "survey_detail",
        "survey_edit",
        "survey_send",
        "survey_preview",
        "survey_emails",
    ],
)
def test_practitioner_pages_show_a_member_s_markup_as_text(owner_client, survey, name):
    response = owner_client.get(reverse(f"feedback:{name}", args=[survey.pk]))
    assert response.status_code == 200
    assert_escaped(response.text)


def test_the_send_page_s_plain_text_preview_is_escaped(owner_client, survey):
    page = owner_client.get(reverse("feedback:survey_send", args=[survey.pk])).text
    plain = page[page.index('class="email-text') :]
    assert "&lt;meta http-equiv" in plain
    assert_escaped(page)


def test_the_client_s_survey_page_shows_the_markup_as_text(client, survey):
    token = services.new_link_token(InvitationFactory(survey=survey))
    response = client.get(reverse("feedback:answer", args=[token]))
    assert response.status_code == 200
    assert_escaped(response.text)


def test_the_public_link_shows_the_markup_as_text(client, survey):
    token = services.create_public_link(survey=survey)
    response = client.get(reverse("feedback:public_answer", args=[token]))
    assert_escaped(response.text)


def test_the_thank_you_page_shows_the_markup_as_text(client, survey):
    token = services.new_link_token(InvitationFactory(survey=survey))
    question = survey.questions.get()
    client.post(reverse("feedback:answer", args=[token]), {f"q{question.pk}": "4"})
    page = client.get(reverse("feedback:answer", args=[token])).text
    assert "Thank you!" in page
    assert "<meta http-equiv" not in page
    assert "&lt;meta http-equiv" in page
