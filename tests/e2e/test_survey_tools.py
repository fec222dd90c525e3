"""Issue 16 in a real browser: previewing a survey at desktop and phone width,
sending to contacts picked by name as you type, and a keyboard-only client who
misses a required answer."""

import re

import pytest
from playwright.sync_api import Page, expect

from feedback import services
from feedback.models import Invitation, Response
from tests.e2e.test_survey_flow import log_in, practitioner
from tests.factories import (
    ContactFactory,
    InvitationFactory,
    QuestionFactory,
    SurveyFactory,
)

# WCAG's contrast ratio of two computed CSS colours (rgb() or rgba()).
CONTRAST = """([fg, bg]) => {
  const lum = (css) => {
    const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def a_survey(workspace, **fields):
    survey = SurveyFactory(
        workspace=workspace,
        title="How is this working for you?",
        introduction="Your honest answers help us.",
        **fields,
    )
    QuestionFactory(
        survey=survey,
        kind="rating",
        text="Overall, how well is it going?",
        required=True,
    )
    QuestionFactory(
        survey=survey,
        kind="multiple",
        text="Which sessions suit you?",
        choices=["Mornings", "Evenings"],
    )
    QuestionFactory(survey=survey, kind="long_text", text="What should we change?")
    return survey


@pytest.mark.parametrize("width", [1280, 375])
def test_a_practitioner_previews_a_draft_as_a_client_sees_it(
    page: Page, live_server, transactional_db, width
):
    owner = practitioner()
    survey = a_survey(owner.memberships.get().workspace, status="draft")
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server.url, owner.email)
    page.goto(f"{live_server.url}{survey.get_absolute_url()}")
    page.get_by_role("link", name="Preview", exact=True).click()

    expect(page.get_by_role("note")).to_contain_text("Preview")
    expect(page.get_by_role("note")).to_contain_text("Nothing you enter here is stored")
    expect(page.get_by_role("heading", name=survey.title)).to_be_visible()
    expect(page.get_by_text("3 questions, about 2 minutes")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("#error-summary")).to_be_focused()
    page.get_by_role("radio", name="4", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("These answers would be accepted")).to_be_visible()
    assert not Response.objects.exists()
    assert not Invitation.objects.exists()


def test_a_practitioner_sends_to_contacts_picked_by_name(
    page: Page, live_server, transactional_db, mailoutbox
):
    owner = practitioner()
    workspace = owner.memberships.get().workspace
    survey = a_survey(workspace)
    ContactFactory(workspace=workspace, name="Amara Okafor", email="amara@example.com")
    ContactFactory(
        workspace=workspace, name="Amadou Diallo", email="amadou@example.com"
    )
    ContactFactory(workspace=workspace, name="Zoë Martin", email="zoe@example.com")
    log_in(page, live_server.url, owner.email)
    page.goto(f"{live_server.url}/feedback/{survey.pk}/send/")

    search = page.get_by_label("Find a contact")
    search.press_sequentially("ama", delay=40)
    matches = page.locator("#contact-matches")
    expect(matches).to_contain_text("2 contacts match “ama”")
    page.get_by_role("checkbox", name=re.compile("Amara Okafor")).check()
    # The ticked contact moved to the picked list, so a new search keeps it.
    search.fill("")
    search.press_sequentially("zo", delay=40)
    expect(matches).to_contain_text("Zoë Martin")
    expect(matches).not_to_contain_text("Amara")
    page.get_by_role("checkbox", name=re.compile("Zoë Martin")).check()
    picked = page.locator("#contacts-picked")
    expect(picked.get_by_role("checkbox", checked=True)).to_have_count(2)

    page.get_by_role("button", name="Count who will be emailed").click()
    expect(page.get_by_role("status")).to_contain_text("2 people will be emailed")
    expect(page.locator("#contacts-picked").get_by_role("checkbox")).to_have_count(2)
    page.get_by_role("button", name="Send to 2").click()
    expect(page.get_by_text(re.compile("2 invitations on the way"))).to_be_visible()
    invited = set(Invitation.objects.values_list("contact__name", flat=True))
    assert invited == {"Amara Okafor", "Zoë Martin"}


def test_a_keyboard_only_client_fixes_a_missed_answer(
    page: Page, live_server, transactional_db
):
    owner = practitioner()
    survey = a_survey(owner.memberships.get().workspace)
    link = services.new_link_token(InvitationFactory(survey=survey))
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/s/{link}/")

    # Every radio button and checkbox is a target of at least 24 by 24 px.
    for box in page.locator(".survey-form .form-check-input").all():
        size = box.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24

    # Tab to "Evenings", tick it with Space, type an answer, submit with Enter,
    # leaving the required rating unanswered.
    evenings = page.get_by_role("checkbox", name="Evenings")
    for _ in range(40):
        page.keyboard.press("Tab")
        if evenings.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_label("What should we change?")).to_be_focused()
    page.keyboard.type("More evening slots.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send my answers")).to_be_focused()
    page.keyboard.press("Enter")

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: "))
    link = summary.get_by_role("link", name="Overall, how well is it going?")
    colours = link.evaluate(
        "el => [getComputedStyle(el).color,"
        " getComputedStyle(el.closest('.alert')).backgroundColor]"
    )
    assert page.evaluate(CONTRAST, colours) >= 4.5
    expect(page.get_by_role("checkbox", name="Evenings")).to_be_checked()

    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    first = page.get_by_role("radio", name="1", exact=True)
    expect(first).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="4", exact=True)).to_be_checked()
    send = page.get_by_role("button", name="Send my answers")
    for _ in range(10):
        page.keyboard.press("Tab")
        if send.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    answers = {a.question.kind: a for a in Response.objects.get().answers.all()}
    assert answers["rating"].number == 4
    assert answers["multiple"].choices == ["Evenings"]
    assert answers["long_text"].text == "More evening slots."
