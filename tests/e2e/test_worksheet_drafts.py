"""Nothing typed in the worksheet is lost: drafts save as the person types,
switching steps saves first, leaving unsaved warns, two people editing one step
see each other's changes, and list rows move and come back by keyboard."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from personas import worksheet
from personas.models import Persona
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import log_in
from tests.factories import DreamFactory, MembershipFactory, PersonaFactory, UserFactory

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def practice(transactional_db):
    owner = UserFactory(email="priya@example.com", name="Priya Patel")
    membership = MembershipFactory(user=owner, workspace__name="Priya Physio")
    teammate = UserFactory(email="sam@example.com", name="Sam Jones")
    MembershipFactory(user=teammate, workspace=membership.workspace, role="member")
    persona = PersonaFactory(
        workspace=membership.workspace,
        name="Maya",
        tagline="Physio",
        car="An estate car",
    )
    return persona


def step(live_server, persona: Persona, slug: str) -> str:
    return f"{live_server.url}/personas/{persona.pk}/step/{slug}/"


def stay_on_leaving(page: Page) -> list[str]:
    """Answer "stay" to the browser's leave-page warnings; the kinds seen."""
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    return dialogs


def status(page: Page):
    return page.get_by_role("status")


def test_two_people_on_one_step_see_the_conflict_and_lose_nothing_typed(
    browser: Browser, live_server, practice
):
    persona = practice
    sam = browser.new_context().new_page()
    priya = browser.new_context(viewport=PHONE).new_page()
    for page, email in [(sam, "sam@example.com"), (priya, "priya@example.com")]:
        log_in(page, live_server.url, email)
        page.goto(step(live_server, persona, "personality"))

    sam.get_by_label("Tagline").fill("Physio opening her own clinic")
    sam.get_by_role("button", name="Save and continue").click()
    expect(sam.get_by_role("heading", level=1)).to_have_text("Be your customer")

    priya.get_by_label("Car").fill("A red bicycle")
    priya.get_by_label("Favourite meal").fill("Sunday roast")
    # The draft save finds Sam's change and stops, saying so.
    expect(status(priya)).to_contain_text("Someone else saved this step")
    priya.get_by_role("button", name="Save and continue").click()

    panel = priya.get_by_role("region", name=re.compile("Someone else saved this step"))
    expect(panel).to_be_visible()
    tagline = panel.get_by_role("group", name=re.compile("^Tagline"))
    expect(tagline.get_by_label(re.compile("Keep theirs"))).to_be_checked()
    expect(tagline).to_contain_text("Physio opening her own clinic")
    expect(priya.get_by_label("Car")).to_have_value("A red bicycle")
    expect(priya.get_by_label("Favourite meal")).to_have_value("Sunday roast")
    assert_accessible(priya)
    # Nothing of it is saved yet: leaving warns.
    dialogs = stay_on_leaving(priya)
    priya.get_by_role("link", name="← Maya").click()
    expect(panel).to_be_visible()
    assert dialogs == ["beforeunload"]

    panel.get_by_role("button", name="Save with these choices").click()
    expect(priya.get_by_text("Saved, with the version you chose")).to_be_visible()
    persona.refresh_from_db()
    assert persona.tagline == "Physio opening her own clinic"
    assert (persona.car, persona.favourite_meal) == ("A red bicycle", "Sunday roast")


def test_a_draft_saves_while_typing_and_says_when(page: Page, live_server, practice):
    log_in(page, live_server.url, "priya@example.com")
    page.goto(step(live_server, practice, "be_them"))
    page.get_by_label("What keeps them up at night").fill("Paying the clinic's rent")
    expect(status(page)).to_have_text(re.compile(r"^Saved at \d{1,2}:\d{2}"))
    practice.refresh_from_db()
    assert practice.keeps_them_up == "Paying the clinic's rent"


def test_typing_then_switching_steps_loses_nothing(page: Page, live_server, practice):
    log_in(page, live_server.url, "priya@example.com")
    page.goto(step(live_server, practice, "who"))
    page.get_by_label("Youngest age").fill("38")
    page.get_by_label("Occupation or role").fill("Branch manager\nTeam leader")
    # At once, before the draft save would start on its own.
    steps = page.get_by_role("navigation", name="Worksheet steps")
    steps.get_by_role("link", name=re.compile("Give them a personality")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Give them a personality")
    practice.refresh_from_db()
    assert practice.age_min == 38
    assert practice.occupations == ["Branch manager", "Team leader"]
    steps.get_by_role("link", name=re.compile("Who they are")).click()
    expect(page.get_by_label("Occupation or role")).to_have_value(
        "Branch manager\nTeam leader"
    )


def test_leaving_with_unsaved_changes_warns_and_keeps_the_text(
    page: Page, live_server, practice
):
    log_in(page, live_server.url, "priya@example.com")
    page.goto(step(live_server, practice, "be_them"))
    # The network fails: the draft cannot be saved.
    page.route(re.compile(r"/step/be_them/$"), lambda route: route.abort())
    box = page.get_by_label("What keeps them up at night")
    box.click()
    box.press_sequentially("Paying the rent")
    expect(status(page)).to_have_text(
        "Couldn't save — your text is kept. Press Save to try again."
    )

    dialogs = stay_on_leaving(page)
    page.get_by_role("link", name="← Maya").click()
    expect(box).to_have_value("Paying the rent")
    assert dialogs == ["beforeunload"]


def test_rows_move_and_come_back_by_keyboard(page: Page, live_server, practice):
    for position, text in enumerate(["Calm", "Weekends off", "A waiting list"]):
        DreamFactory(persona=practice, text=text, position=position)
    log_in(page, live_server.url, "priya@example.com")
    page.goto(step(live_server, practice, "dreams_pains"))
    dreams = page.get_by_role("group", name="Dreams")

    dreams.get_by_role("button", name="Move dream 3 up").focus()
    page.keyboard.press("Enter")
    expect(dreams.get_by_role("textbox", name=re.compile(r"^Dream 2"))).to_have_value(
        "A waiting list"
    )
    # Focus stays on the button, which now belongs to place 2.
    expect(dreams.get_by_role("button", name="Move dream 2 up")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dreams.get_by_role("textbox", name=re.compile(r"^Dream 1"))).to_have_value(
        "A waiting list"
    )

    dreams.get_by_role("checkbox", name="Remove dream 3").focus()
    page.keyboard.press("Space")
    undo = dreams.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    expect(dreams.get_by_text("Dream 3 removed.")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(dreams.get_by_role("textbox", name=re.compile(r"^Dream 3"))).to_be_focused()

    dreams.get_by_role("checkbox", name="Remove dream 2").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Red flags")
    texts = practice.dreams.order_by("position").values_list("text", flat=True)
    assert list(texts) == ["A waiting list", "Weekends off"]


def test_without_javascript_rows_still_move_and_remove(
    browser: Browser, live_server, practice
):
    for position, text in enumerate(["Calm", "Weekends off"]):
        DreamFactory(persona=practice, text=text, position=position)
    page = browser.new_context(java_script_enabled=False).new_page()
    log_in(page, live_server.url, "priya@example.com")
    page.goto(step(live_server, practice, "dreams_pains"))
    dreams = page.get_by_role("group", name="Dreams")
    dreams.get_by_role("textbox", name=re.compile(r"^Dream 1")).fill("Calm mornings")
    dreams.get_by_role("button", name="Move dream 2 up").click()

    # The step was saved with the row moved, and typing kept.
    expect(dreams.get_by_role("textbox", name=re.compile(r"^Dream 1"))).to_have_value(
        "Weekends off"
    )
    expect(dreams.get_by_role("textbox", name=re.compile(r"^Dream 2"))).to_have_value(
        "Calm mornings"
    )
    dreams.get_by_text("Remove dream 1").click()
    expect(dreams.get_by_role("checkbox", name="Remove dream 1")).to_be_checked()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Red flags")
    assert list(practice.dreams.values_list("text", flat=True)) == ["Calm mornings"]


def test_enter_in_a_list_box_saves_and_continues(page: Page, live_server, practice):
    log_in(page, live_server.url, "priya@example.com")
    page.goto(step(live_server, practice, "red_flags"))
    flags = page.get_by_role("group", name="Red flags")
    box = flags.get_by_role(
        "textbox", name=re.compile(r"^Behaviour or trait to avoid 1")
    )
    box.fill("Calls at weekends")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review")
    assert list(practice.red_flags.values_list("text", flat=True)) == [
        "Calls at weekends"
    ]


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_worksheet_and_its_first_run_pages_pass_axe(
    browser: Browser, live_server, practice, viewport
):
    DreamFactory(persona=practice, text="Calm", said_as=["Peace and quiet"])
    page = browser.new_context(viewport=viewport).new_page()
    log_in(page, live_server.url, "priya@example.com")
    for slug in [*(item.slug for item in worksheet.STEPS), worksheet.REVIEW]:
        page.goto(step(live_server, practice, slug))
        assert_accessible(page)
    for path in ["/personas/new/", "/personas/example/"]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
