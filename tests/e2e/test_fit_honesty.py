"""A sparse contact is shown as Needs information with what to ask, and gets a
band once the practitioner adds what they learned."""

import re

from playwright.sync_api import Page, expect

from fitcheck.services import rubric_versions, scores
from tests.e2e.helpers import log_in
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory
from tests.fitcheck.rubric_builders import make_maya, unsure_contact


def test_a_sparse_contact_needs_information_until_asked(
    page: Page, live_server, transactional_db
):
    workspace = WorkspaceFactory(name="Harbour Lane", slug="harbour-lane")
    owner = UserFactory(email="olivia@example.com", name="Olivia Owner")
    MembershipFactory(workspace=workspace, user=owner, role="owner")
    maya = make_maya(workspace)
    scores.rescore_contacts(rubric=rubric_versions.applied_rubric(persona=maya))
    una = unsure_contact(workspace, name="Una Unsure")
    scores.score_contact_now(contact=una)
    log_in(page, live_server.url, owner.email)

    page.goto(f"{live_server.url}/fit-check/contacts/")
    row = page.get_by_role("row", name=re.compile("Una Unsure"))
    expect(row.get_by_text("Needs information")).to_be_visible()
    expect(row.get_by_text("35–100")).to_be_visible()
    expect(row.get_by_text("35% known")).to_be_visible()
    expect(
        row.get_by_text("Ask about: their pains, what they hope for")
    ).to_be_visible()

    row.get_by_role("link", name="Una Unsure").click()
    expect(page.locator(".fit-summary")).to_have_text(
        "Needs information: 35 to 100 out of 100, with 35% of the weighted facts "
        "known. To decide, ask about: their pains, what they hope for, languages."
    )

    # The practitioner asks, and notes what they learned.
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Drowning in admin").check()
    page.get_by_label("Weekends off").check()
    page.get_by_label("Languages").fill("English")
    page.get_by_role("button", name=re.compile("Save")).click()

    expect(page.get_by_text("Una Unsure is saved and scored.")).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("Against Maya"))
    ).to_contain_text("Ideal")
    expect(page.get_by_text("100% known")).to_be_visible()
    expect(page.get_by_text("To decide, ask about")).to_have_count(0)
