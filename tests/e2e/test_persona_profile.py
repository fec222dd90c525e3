"""The persona one-pager in Chromium: every worksheet answer on the page and in
its PDF, print on one A4 page (two for a fuller persona, breaking between
items), a share link that works logged out until it is revoked, activating a
version, and compare's item-level diff. axe-core checks each page."""

import io
import re
import unicodedata

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from personas.models import Persona
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import log_in
from tests.factories import (
    DreamFactory,
    MembershipFactory,
    PainFactory,
    PersonaFactory,
    UserFactory,
)
from tests.personas.builders import (
    every_field_answers,
    make_maya,
    png_upload,
    shown_texts,
)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
FITS_THE_SCREEN = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def owner(transactional_db):
    user = UserFactory(email="olivia@example.com", name="Olivia Owner")
    MembershipFactory(user=user, workspace__name="Harbour Lane")
    return user


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_pages(page: Page) -> list[str]:
    """The page printed to an A4 PDF by Chromium, as the text of each page."""
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    return [sheet.extract_text() for sheet in reader.pages]


def squeezed(text: str) -> str:
    """Text without whitespace (a PDF breaks lines where the page did) and
    ligatures spelled out (the PDF's "ﬂ" is "fl")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def open_profile(page: Page, live_server, owner, persona: Persona) -> None:
    log_in(page, live_server.url, owner.email)
    page.goto(f"{live_server.url}{persona.get_absolute_url()}")


def test_every_worksheet_field_is_on_the_profile_and_in_its_pdf(
    page: Page, live_server, owner
):
    workspace = owner.memberships.get().workspace
    persona = PersonaFactory(workspace=workspace, name="Maya")
    client = Client()
    client.force_login(owner)
    posts = every_field_answers()
    for step, data in posts.items():
        files = {"photo": png_upload()} if step == "personality" else {}
        url = reverse("personas:step", args=[persona.pk, step])
        assert client.post(url, data | files).status_code == 302, step
    expected = shown_texts(posts)

    open_profile(page, live_server, owner, persona)
    sheet = page.get_by_role("article", name="name_text")
    expect(sheet.get_by_role("img", name="Photo of name_text")).to_be_visible()
    on_screen = squeezed(sheet.inner_text())
    printed = squeezed(" ".join(pdf_pages(page)))
    for field, texts in expected.items():
        for text in texts:
            assert squeezed(text) in on_screen, f"{field}: {text!r} not on screen"
            assert squeezed(text) in printed, f"{field}: {text!r} not in the PDF"
    assert_accessible(page)


def test_a_typical_persona_prints_on_one_page_with_the_same_design(
    page: Page, live_server, owner
):
    maya = make_maya(owner.memberships.get().workspace)
    open_profile(page, live_server, owner, maya)
    assert_accessible(page)
    (printed,) = pdf_pages(page)
    for heading in ("AT A GLANCE", "DREAMS", "PAINS", "RED FLAGS", "THE THREE YESES"):
        assert heading in printed
    assert "Print or save as PDF" not in printed
    assert "Completeness" not in printed


def test_a_fuller_persona_takes_two_pages_breaking_between_pains(
    page: Page, live_server, owner
):
    maya = make_maya(owner.memberships.get().workspace)
    for number in range(3, 11):
        PainFactory(
            persona=maya,
            text=f"Pain number {number} that keeps coming back",
            already_tried="Several things over the years, " * 4,
            cause="A long story about why this happens to her, " * 4,
            our_answer=f"Answer to pain {number}, step by step",
        )
    for number in range(6):
        DreamFactory(persona=maya, text=f"Another dream, number {number}")
    open_profile(page, live_server, owner, maya)
    pages = pdf_pages(page)
    assert len(pages) == 2
    for number in range(3, 11):
        holding = [
            text
            for text in pages
            if f"Pain number {number} that" in " ".join(text.split())
        ]
        assert len(holding) == 1, f"pain {number} is split across pages"
        assert f"Answer to pain {number}, step by step" in holding[0]


def test_the_profile_fits_a_phone(page: Page, live_server, owner):
    maya = make_maya(owner.memberships.get().workspace)
    page.set_viewport_size(PHONE)
    open_profile(page, live_server, owner, maya)
    expect(page.get_by_role("heading", level=1, name="Maya")).to_be_visible()
    assert page.evaluate(FITS_THE_SCREEN)
    assert_accessible(page)


def test_a_share_link_works_logged_out_until_it_is_revoked(
    page: Page, browser: Browser, live_server, owner
):
    maya = make_maya(owner.memberships.get().workspace)
    open_profile(page, live_server, owner, maya)
    page.get_by_role("link", name="Share…").click()
    page.get_by_role("button", name="Make a share link").click()
    link = page.get_by_label("Share link").input_value()
    assert_accessible(page)

    stranger = browser.new_context(viewport=PHONE)
    shared = stranger.new_page()
    shared.goto(link)
    expect(shared.get_by_role("heading", level=1)).to_have_text("Maya")
    expect(shared.get_by_text("Evenings lost to admin")).to_be_visible()
    expect(shared.get_by_role("link", name="Fill it in")).to_have_count(0)
    expect(shared.get_by_role("navigation", name="Main")).to_have_count(0)
    assert shared.evaluate(FITS_THE_SCREEN)
    assert_accessible(shared)

    page.get_by_role("button", name="Stop sharing").click()
    expect(
        page.get_by_text("Sharing stopped: the link no longer works.")
    ).to_be_visible()
    response = shared.goto(link)
    assert response.status == 404
    expect(
        shared.get_by_role("heading", name="We couldn't find that page")
    ).to_be_visible()
    stranger.close()


def test_activating_a_version_retires_the_other(page: Page, live_server, owner):
    maya = make_maya(owner.memberships.get().workspace)
    second = PersonaFactory(
        workspace=maya.workspace, lineage=maya.lineage, version=2, name="Maya"
    )
    open_profile(page, live_server, owner, second)
    page.get_by_role("button", name="Make version 2 active").click()
    expect(
        page.get_by_text("Version 2 is now active; version 1 was retired (archived).")
    ).to_be_visible()
    versions = page.get_by_role("region", name="Versions")
    expect(versions).to_contain_text("Version 1 · Archived")
    expect(versions.get_by_role("button", name="Make version 2 active")).to_have_count(
        0
    )
    maya.refresh_from_db()
    assert maya.status == "archived"


def test_compare_shows_an_item_level_diff(page: Page, live_server, owner):
    maya = make_maya(owner.memberships.get().workspace)
    open_profile(page, live_server, owner, maya)
    page.get_by_role("button", name="More").click()
    page.get_by_role("button", name="Make a new version").click()
    second = Persona.objects.get(version=2)
    DreamFactory(persona=second, text="A second clinic")
    pain = second.pains.get(text="Unpredictable income")
    pain.intensity = 4
    pain.save()

    page.goto(f"{live_server.url}{second.get_absolute_url()}")
    page.get_by_role("link", name="compare with this one").click()
    table = page.get_by_role("table")
    dreams = table.get_by_role("row", name=re.compile("^Dreams"))
    expect(dreams).to_contain_text("Added A second clinic")
    expect(dreams).not_to_contain_text("Weekends off")
    pains = table.get_by_role("row", name=re.compile("^Pains"))
    expect(pains).to_contain_text("Changed Unpredictable income")
    expect(pains).to_contain_text("How much it hurts (1 to 5)")
    expect(table).not_to_contain_text("Youngest age")
    assert_accessible(page)

    page.get_by_role("link", name="Show everything").click()
    expect(table.get_by_role("row", name=re.compile("^Youngest age"))).to_contain_text(
        "35"
    )
    expect(dreams).to_contain_text("Weekends off")
    page.set_viewport_size(PHONE)
    assert_accessible(page)


def test_a_new_personas_empty_profile_passes_axe(page: Page, live_server, owner):
    # Its "Start with who they are" link was Bootstrap's blue on the side
    # column's grey, 4.23:1.
    persona = PersonaFactory(workspace=owner.memberships.get().workspace, name="Nia")
    open_profile(page, live_server, owner, persona)
    expect(page.get_by_role("link", name="Start with who they are")).to_be_visible()
    assert_accessible(page)
