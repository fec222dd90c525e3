"""Pinning a client's words in Chromium: from a question's answers on the
results, to a pain of the persona the survey tests, then seen on the persona's
profile as a quote with the pain's evidence; and the page of what clients say
the persona misses. axe-core checks each page."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import log_in
from tests.e2e.test_persona_profile import pdf_pages, squeezed
from tests.factories import (
    DreamFactory,
    MembershipFactory,
    PainFactory,
    PersonaFactory,
    UserFactory,
)
from tests.feedback.validation import OPEN_QUESTION, client, respond, validation_survey

WORDS = "Invoicing at night after the last patient"
MISSED = "Finding a room I can afford to rent"


@pytest.fixture
def owner(transactional_db):
    user = UserFactory(email="olivia@example.com", name="Olivia Owner")
    MembershipFactory(user=user, workspace__name="Harbour Lane")
    return user


@pytest.fixture
def amara(owner):
    workspace = owner.memberships.get().workspace
    persona = PersonaFactory(
        workspace=workspace, name="Amara", status="active", occupations=["Physio"]
    )
    pain = PainFactory(persona=persona, text="Admin swallows her evenings")
    DreamFactory(persona=persona, text="Home by six")
    survey = validation_survey(persona)
    # Two clients agree with the pain; the one whose words are pinned did not
    # rate it highly, so the pin is what confirms it.
    respond(survey, client(workspace), ratings={pain: 2}, text=WORDS)
    respond(survey, client(workspace), ratings={pain: 5}, text=MISSED)
    respond(survey, client(workspace), ratings={pain: 4})
    return persona


def test_a_quote_pinned_from_the_results_shows_on_the_profile(
    page: Page, live_server, owner, amara
):
    survey = amara.workspace.surveys.get()
    log_in(page, live_server.url, owner.email)
    page.goto(f"{live_server.url}{amara.get_absolute_url()}")
    pain = page.locator(".op-pain", has_text="Admin swallows her evenings")
    expect(pain.locator(".evidence")).to_have_text("Assumption · 2 of 3 clients so far")

    page.goto(f"{live_server.url}{survey.get_absolute_url()}results/")
    page.get_by_role("link", name=re.compile(r"with themes and pins")).click()
    expect(page.get_by_role("heading", level=1, name=OPEN_QUESTION)).to_be_visible()
    assert_accessible(page)

    group = page.locator("li.answer-group", has_text=WORDS)
    group.get_by_label("Pin this answer to a pain or a dream").select_option(
        label="Pain: Admin swallows her evenings"
    )
    group.get_by_role("button", name="Pin").click()
    expect(
        page.get_by_text("now pinned to pain “Admin swallows her evenings”")
    ).to_be_visible()
    expect(
        page.locator("li.answer-group", has_text=WORDS).get_by_text(
            "Pinned to Amara’s pain “Admin swallows her evenings”"
        )
    ).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}{amara.get_absolute_url()}")
    expect(pain.locator("q", has_text=WORDS)).to_be_visible()
    expect(pain.locator(".evidence")).to_have_text("Confirmed · 3 clients confirmed it")
    assert_accessible(page)
    # The printed sheet says what is confirmed, but clients' words stay on screen.
    (printed,) = pdf_pages(page)
    assert squeezed("Confirmed · 3 clients confirmed it") in squeezed(printed)
    assert "Invoicing" not in printed

    page.get_by_role("link", name="What clients say that the persona misses").click()
    expect(page.locator(".missed-answers")).to_have_text(re.compile(MISSED))
    expect(page.locator(".missed-answers")).not_to_have_text(re.compile(WORDS))
    assert_accessible(page)
