"""The admin's fit scores as an office manager sees them at 1280 px: every
column of the list in view without scrolling sideways, the filters and the
score's page in the app's words. In real Chromium."""

import re

from django.test import Client
from playwright.sync_api import Page, expect

from fitcheck.services import rubric_versions, scores
from tests.e2e.helpers import share_cookies
from tests.factories import (
    ContactFactory,
    MembershipFactory,
    UserFactory,
    WorkspaceFactory,
)
from tests.fitcheck.rubric_builders import KNOWN, make_maya, unsure_contact
from tests.two_factor import force_verified_login

LONG_NAME = "Maximiliana Alexandra Côté-Lefèvre de la Rochefoucauld"


def log_in_as_admin(page: Page, base: str, user) -> None:
    client = Client()
    force_verified_login(client, user)  # Two-factor passed, as the admin asks.
    share_cookies(page.context, base, client)


def test_the_fit_score_list_fits_1280_px_and_reads_in_words(
    page: Page, live_server, transactional_db
):
    base = live_server.url
    harbour = WorkspaceFactory(name="Harbour Lane", slug="harbour-lane")
    elsewhere = WorkspaceFactory(name="Elsewhere Studio", slug="elsewhere")
    for workspace in (harbour, elsewhere):
        make_maya(workspace)
    ContactFactory(workspace=harbour, name=LONG_NAME, age=40, location="Leeds", **KNOWN)
    unsure_contact(harbour, name="Una Unsure")
    for persona in harbour.personas.all():
        scores.rescore_contacts(rubric=rubric_versions.applied_rubric(persona=persona))
    admin = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    MembershipFactory(workspace=harbour, user=admin, role="owner")
    log_in_as_admin(page, base, admin)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base}/admin/fitcheck/fitscore/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fit scores")
    headers = page.locator("#result_list thead th")
    names = page.locator("#result_list thead th .text").all_text_contents()
    assert [name.strip() for name in names] == [
        "",
        "Contact",
        "Persona",
        "Band",
        "Score",
        "Confidence",
        "Scored on",
    ]
    table = page.locator("#result_list")
    container = page.locator("#changelist .results")
    assert table.bounding_box()["width"] <= container.bounding_box()["width"]
    last = headers.last.bounding_box()
    assert last["x"] + last["width"] <= 1280

    row = page.get_by_role("row", name=re.compile("Una Unsure"))
    expect(row).to_contain_text("Needs information")
    expect(row).to_contain_text("35%")

    # The persona filter says which practice each Maya belongs to.
    filters = page.locator("#changelist-filter")
    expect(filters.get_by_role("link", name="Maya (v1) — Harbour Lane")).to_have_count(
        1
    )
    expect(
        filters.get_by_role("link", name="Maya (v1) — Elsewhere Studio")
    ).to_have_count(1)

    row.get_by_role("link", name="Una Unsure").click()
    expect(page).to_have_title(
        re.compile(r"^Una Unsure vs Maya: Needs information, 35–100 \|")
    )
    expect(page.locator(".field-confidence_shown .readonly")).to_have_text("35%")
    expect(page.locator(".field-band .readonly")).to_have_text("Needs information")
