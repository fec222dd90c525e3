"""A practitioner fills a whole persona in a real browser, prints it, and keeps
their typing when the session ends halfway through a step."""

import io
import re

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from accounts.demo import DEMO_EMAIL
from personas.models import Persona
from tests.factories import PASSWORD, MembershipFactory, PersonaFactory, UserFactory


@pytest.fixture
def practitioner(transactional_db):
    user = UserFactory(email="priya@example.com", name="Priya Patel")
    MembershipFactory(user=user, workspace__name="Priya Physio")
    return user


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def log_in(page: Page, email: str) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def a_photo() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 120), (200, 120, 80)).save(buffer, format="PNG")
    return {"name": "maya.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def save_and_continue(page: Page, next_heading: str) -> None:
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(next_heading)


def fill_who(page: Page) -> None:
    page.get_by_label("Youngest age").fill("34")
    page.get_by_label("Oldest age").fill("50")
    page.get_by_label("Women", exact=True).check()
    page.get_by_label("60,000 to 100,000").check()
    page.get_by_label("Parent of young children").check()
    page.get_by_label("Postgraduate degree").check()
    page.get_by_label("Occupation or role").fill("Physiotherapist\nOsteopath")
    page.get_by_label("Industries").fill("Private healthcare")
    page.get_by_label("Smallest company").fill("1")
    page.get_by_label("Largest company").fill("8")
    page.get_by_label("Where they live or work").fill("Bristol\nBath")
    page.get_by_label("Languages").fill("English\nWelsh")
    page.get_by_label("Values").fill("Doing right by patients\nIndependence")
    page.get_by_label("Beliefs").fill("Good care should not need a waiting list")
    page.get_by_label("Lifestyle").fill("First patient at 7 a.m.")
    page.get_by_label("Hobbies").fill("Open-water swimming")
    page.get_by_label("Interests").fill("Sports injury research")
    page.get_by_label("Personality traits").fill("Conscientious\nHard on herself")


def fill_personality(page: Page) -> None:
    expect(page.get_by_role("textbox", name=re.compile(r"^Name"))).to_have_value("Maya")
    page.get_by_label("Tagline").fill("Physio opening her own clinic")
    page.get_by_label("Photo").set_input_files(a_photo())
    page.get_by_label("Favourite quote").fill("Look after the basics.")
    page.get_by_label("Favourite meal").fill("Slow-cooked lamb with friends")
    page.get_by_label("TV shows").fill("The Repair Shop")
    page.get_by_label("Brands").fill("Moleskine\nVolvo")
    page.get_by_label("Car").fill("A Volvo estate with room for a couch")
    page.get_by_label("Authors").fill("Atul Gawande")
    page.get_by_label("Blogs and podcasts").fill("A podcast for clinic owners")
    page.get_by_label("Guilty pleasures").fill("Baking shows")
    page.get_by_label("Other details").fill("A rescue greyhound called Pip.")


def fill_be_them(page: Page) -> None:
    page.get_by_label("Emotions at the moment of buying").fill("Relief, and nerves")
    page.get_by_label("The conversation in their head").fill("Can I do this alone?")
    page.get_by_label("Words they use").fill("I just want to treat patients")
    page.get_by_label("What keeps them up at night").fill("Paying the clinic rent")
    page.get_by_label("What they want their peers to know").fill("Her care is the best")
    page.get_by_label("Objections before buying").fill("Can I afford it?")


def fill_dreams_and_pains(page: Page) -> None:
    dreams = page.get_by_role("group", name="Dreams")
    dreams.get_by_role("textbox", name=numbered("Dream", 1)).fill(
        "A diary full of the right patients"
    )
    dreams.get_by_role("button", name="+ Add a dream").click()
    # The script adds the row in place, numbered, with the cursor in it.
    expect(dreams.get_by_role("textbox", name=numbered("Dream", 2))).to_be_focused()
    expect(page).not_to_have_url(re.compile(r"add="))
    dreams.get_by_role("textbox", name=numbered("Dream", 2)).fill(
        "Home by six three evenings a week"
    )
    dreams.get_by_role("button", name="+ Add a dream").click()
    dreams.get_by_role("textbox", name=numbered("Dream", 3)).fill(
        "A steady salary in the first year"
    )

    pains = page.get_by_role("group", name="Pains")
    fill_pain(pains, 0, "No idea how to set prices", "5", "Webinars", "No training")
    pains.get_by_role("button", name="+ Add a pain").click()
    fill_pain(pains, 1, "Admin eats her evenings", "4", "A spreadsheet", "By hand")


def numbered(noun: str, number: int) -> re.Pattern:
    """A row's label: "Dream 2" (with the required-field asterisk)."""
    return re.compile(rf"^{noun} {number}\W*$")


def fill_pain(
    pains: Locator, row: int, text: str, intensity: str, tried: str, cause: str
) -> None:
    pains.get_by_role("textbox", name=numbered("Pain", row + 1)).fill(text)
    pains.get_by_label("How much it hurts (1 to 5)").nth(row).fill(intensity)
    pains.get_by_label("What they already tried").nth(row).fill(tried)
    pains.get_by_label("Why they have this pain").nth(row).fill(cause)
    pains.get_by_label("How your offer removes it").nth(row).fill(f"We fix: {text}")


def fill_red_flags(page: Page) -> None:
    flags = page.get_by_role("group", name="Red flags")
    flags.get_by_role("textbox", name=numbered("Behaviour or trait to avoid", 1)).fill(
        "Calls at weekends"
    )
    flags.get_by_label("Severity").select_option(label="Deal-breaker")
    flags.get_by_role("button", name="+ Add a red flag").click()
    flags.get_by_role("textbox", name=numbered("Behaviour or trait to avoid", 2)).fill(
        "Haggles on price"
    )
    for question in [
        "Would you invite them into your home?",
        "Would you spend personal time with them?",
        "Would you go on a trip with them?",
    ]:
        page.get_by_role("group", name=question).get_by_label("Yes").check()


def count_pdf_pages(pdf: bytes) -> int:
    # Each page is an object "/Type /Page"; the page tree is "/Type /Pages".
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_a_practitioner_fills_a_whole_persona_and_prints_it(
    page: Page, live_server, practitioner
):
    page.goto(f"{live_server.url}/accounts/login/")
    log_in(page, practitioner.email)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Personas").click()
    page.get_by_role("link", name="New persona").click()
    page.get_by_label("Give them a first name").fill("Maya")
    page.get_by_label("Ideal customer").check()
    page.get_by_role("button", name="Start the worksheet").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Who they are")
    fill_who(page)
    save_and_continue(page, "Give them a personality")
    fill_personality(page)
    save_and_continue(page, "Be your customer")
    fill_be_them(page)
    save_and_continue(page, "Dreams and pains")
    fill_dreams_and_pains(page)
    save_and_continue(page, "Red flags")
    fill_red_flags(page)
    save_and_continue(page, "Review")
    page.get_by_label("Active").check()
    page.get_by_role("button", name="Save and see the profile").click()
    expect(page.get_by_text("Maya is saved as active.")).to_be_visible()

    page.reload()
    expect(page.get_by_role("heading", name="Completeness: 100%")).to_be_visible()
    questions = page.get_by_role("region", name="The three yeses")
    expect(questions.get_by_text("Yes", exact=True)).to_have_count(3)
    profile = page.get_by_role("article", name="Maya")
    expect(profile.get_by_role("img", name="Photo of Maya")).to_be_visible()
    expect(profile.get_by_text("60,000 to 100,000")).to_be_visible()
    expect(profile.get_by_text("Calls at weekends")).to_be_visible()

    persona = Persona.objects.get()
    assert persona.completeness == 100
    assert persona.status == "active"
    assert persona.genders == ["women"]
    assert persona.occupations == ["Physiotherapist", "Osteopath"]
    assert persona.dreams.count() == 3
    assert [pain.intensity for pain in persona.pains.all()] == [5, 4]
    assert [flag.severity for flag in persona.red_flags.all()] == [
        "deal_breaker",
        "warning",
    ]

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    expect(profile).to_be_visible()
    assert count_pdf_pages(page.pdf(format="A4")) == 1


def test_typing_survives_an_expired_session(page: Page, live_server, practitioner):
    persona = PersonaFactory(
        workspace=practitioner.memberships.get().workspace, name="Marcus"
    )
    page.goto(f"{live_server.url}/accounts/login/")
    log_in(page, practitioner.email)
    page.goto(f"{live_server.url}{persona.get_absolute_url()}")
    page.get_by_role("link", name="Continue the worksheet").click()

    page.get_by_label("Youngest age").fill("38")
    page.get_by_label("Men", exact=True).check()
    page.get_by_label("Occupation or role").fill("Branch manager\nTeam leader")
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_text("Your session had ended")).to_be_visible()
    log_in(page, practitioner.email)

    expect(page.get_by_role("heading", level=1)).to_have_text("Who they are")
    expect(page.get_by_text("We kept what you typed")).to_be_visible()
    expect(page.get_by_label("Youngest age")).to_have_value("38")
    expect(page.get_by_label("Men", exact=True)).to_be_checked()
    expect(page.get_by_label("Occupation or role")).to_have_value(
        "Branch manager\nTeam leader"
    )
    persona.refresh_from_db()
    assert persona.age_min is None

    save_and_continue(page, "Give them a personality")
    expect(page.get_by_text("Saved.")).to_be_visible()
    persona.refresh_from_db()
    assert persona.age_min == 38
    assert persona.genders == ["men"]
    assert persona.occupations == ["Branch manager", "Team leader"]


def test_each_demo_persona_prints_on_one_a4_page(
    page: Page, live_server, transactional_db, monkeypatch
):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("seed_demo", stdout=io.StringIO())
    page.goto(f"{live_server.url}/accounts/login/")
    log_in(page, DEMO_EMAIL)
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Personas")
    for persona in Persona.objects.all():
        page.goto(f"{live_server.url}{persona.get_absolute_url()}")
        assert count_pdf_pages(page.pdf(format="A4")) == 1, persona.name
