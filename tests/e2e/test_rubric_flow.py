"""A practitioner changes a rubric, sees who would change band, and applies it."""

import re

from playwright.sync_api import Page, expect

from fitcheck.models import PreviewJob, Rubric
from fitcheck.services import preview_jobs, rubric_versions, scores
from tests.e2e.helpers import log_in
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory
from tests.fitcheck.rubric_builders import (
    good_contact,
    ideal_contact,
    make_maya,
    poor_contact,
)


def practice():
    """Maya's rubric over Ana (ideal), Ben (good, but 60) and Cal (not a fit)."""
    workspace = WorkspaceFactory(name="Harbour Lane", slug="harbour-lane")
    owner = UserFactory(email="olivia@example.com", name="Olivia Owner")
    MembershipFactory(workspace=workspace, user=owner, role="owner")
    maya = make_maya(workspace)
    applied = rubric_versions.applied_rubric(persona=maya)
    ideal_contact(workspace, name="Ana")
    good_contact(workspace, name="Ben")
    poor_contact(workspace, name="Cal")
    scores.rescore_contacts(rubric=applied)
    return owner, maya


def weight_field(maya, key: str) -> str:
    draft = Rubric.objects.get(persona=maya, status=Rubric.Status.DRAFT)
    keys = [criterion.key for criterion in draft.criteria.all()]
    return f"input[name='criteria-{keys.index(key)}-weight']"


def test_switch_a_criterion_off_preview_the_moves_and_apply(
    page: Page, live_server, transactional_db
):
    owner, maya = practice()
    log_in(page, live_server.url, owner.email)

    page.goto(f"{live_server.url}/fit-check/rubrics/{maya.pk}/")
    page.get_by_role("link", name="Edit (makes a new version)").click()
    page.locator(weight_field(maya, "age")).fill("0")
    page.locator(weight_field(maya, "dream:1")).fill("0")
    page.get_by_role("button", name="Save and preview").click()

    # The worker (run at once in tests) has tried the draft on every contact.
    expect(
        page.get_by_role("heading", name="1 contact would change band")
    ).to_be_visible()
    moves = page.get_by_role("table", name=re.compile("whose band would change"))
    expect(moves.get_by_role("link", name="Ben")).to_be_visible()
    expect(moves.get_by_text("Age 30–50: ignored (weight 0).").first).to_be_visible()
    expect(page.get_by_text("Worked out on")).to_be_visible()

    page.get_by_role("button", name="Apply version 2 and re-score").click()
    expect(page.get_by_text("Version 2 is applied.")).to_be_visible()
    expect(page.get_by_text("Done: 3 of 3 contacts re-scored.")).to_be_visible()


def test_the_preview_page_shows_progress_then_the_result_by_itself(
    page: Page, live_server, transactional_db
):
    owner, maya = practice()
    draft = rubric_versions.start_draft(persona=maya)
    draft.criteria.filter(key__in=["age", "dream:1"]).update(weight=0)
    job = PreviewJob.objects.create(draft=draft, total=3)  # Waiting for a worker.
    log_in(page, live_server.url, owner.email)

    page.goto(f"{live_server.url}/fit-check/rubrics/{maya.pk}/preview/")
    expect(page.get_by_text("Waiting to start: 3 contacts")).to_be_visible()
    expect(page.get_by_role("link", name="Refresh")).to_be_hidden()  # JS polls.

    preview_jobs.run_preview_job(job_id=job.pk)  # A worker picks it up.

    expect(
        page.get_by_role("heading", name="1 contact would change band")
    ).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_count(0)
