"""The Evidence page on the demo data: the ideal fits' answers, a verdict with its
numbers, and the suggested rubric taken to the preview."""

import io
import re

from django.core.management import call_command
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_EMAIL
from personas.models import Persona
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD


def test_the_demo_persona_s_evidence_names_the_gladdest_clients(
    page: Page, live_server, transactional_db, monkeypatch
):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("seed_demo", stdout=io.StringIO())
    marcus = Persona.objects.get(name="Marcus")
    log_in(page, live_server.url, DEMO_EMAIL)

    page.goto(f"{live_server.url}{marcus.get_absolute_url()}")
    page.get_by_role("link", name="Evidence").click()
    expect(
        page.get_by_role("heading", name="Evidence: does Marcus predict good clients?")
    ).to_be_visible()
    satisfaction = page.locator(".verdict").first
    expect(satisfaction).to_contain_text(
        re.compile(
            r"Clients who were Ideal fits rate you \d\.\d points higher on average "
            r"than .*, from \d+ and \d+ answers\."
        )
    )
    expect(page.locator(".evidence-definitions")).to_contain_text(
        "Answers: each rating"
    )
    table = page.get_by_role("table").first
    expect(table.get_by_role("row", name=re.compile("^Ideal"))).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(page)

    page.get_by_role("button", name="Draft a rubric with the suggested weights").click()
    expect(page).to_have_url(re.compile(rf"/fit-check/rubrics/{marcus.pk}/preview/$"))
    expect(page.get_by_text(re.compile(r"Draft version \d+ weighs"))).to_be_visible()
