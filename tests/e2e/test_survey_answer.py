"""A client answers an emailed survey link on a phone, in a real browser."""

import re

from playwright.sync_api import Page, expect

from feedback import services
from feedback.models import Question, Response
from tests.factories import (
    InvitationFactory,
    QuestionFactory,
    SurveyFactory,
    WorkspaceFactory,
)

Kind = Question.Kind


def test_a_client_answers_a_survey_on_a_phone(
    page: Page, live_server, transactional_db
):
    workspace = WorkspaceFactory(name="Harbour Lane Physio")
    survey = SurveyFactory(
        workspace=workspace,
        title="How is this working for you?",
        thank_you="Thank you, it helps us a lot.",
    )
    QuestionFactory(
        survey=survey,
        kind=Kind.RATING,
        text="Overall, how well is it going?",
        help_text="1 is not well at all, 5 is very well.",
        required=True,
    )
    QuestionFactory(
        survey=survey,
        kind=Kind.SINGLE,
        text="Which sessions suit you best?",
        choices=["Mornings", "Evenings"],
    )
    QuestionFactory(survey=survey, kind=Kind.LONG_TEXT, text="What should we change?")
    link = services.new_link_token(InvitationFactory(survey=survey))
    url = f"{live_server.url}/s/{link}/"

    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(url)
    expect(
        page.get_by_role("heading", name="How is this working for you?")
    ).to_be_visible()
    expect(page.get_by_text("Harbour Lane Physio").first).to_be_visible()
    page.get_by_role("radio", name="Evenings").check()
    page.get_by_label("What should we change?").fill("More evening slots, please.")
    page.get_by_role("button", name="Send my answers").click()

    rating = page.get_by_role("group", name=re.compile("Overall, how well is it going"))
    expect(rating).to_contain_text("Please answer this question.")
    expect(rating.get_by_text("Please answer this question.")).to_be_visible()
    expect(page.get_by_role("radio", name="Evenings")).to_be_checked()
    expect(page.get_by_label("What should we change?")).to_have_value(
        "More evening slots, please."
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    rating.get_by_role("radio", name="4", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    expect(page.get_by_text("Thank you, it helps us a lot.")).to_be_visible()

    page.goto(url)
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    expect(page.get_by_role("button", name="Send my answers")).to_have_count(0)
    response = Response.objects.get()
    assert sorted(
        (a.question.text, a.number, a.choices, a.text) for a in response.answers.all()
    ) == [
        ("Overall, how well is it going?", 4, [], ""),
        ("What should we change?", None, [], "More evening slots, please."),
        ("Which sessions suit you best?", None, ["Evenings"], ""),
    ]
