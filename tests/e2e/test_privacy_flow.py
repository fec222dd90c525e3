"""A practitioner gives a client a copy of their data, then erases them, from the
contact's page."""

import json
import re

from playwright.sync_api import Page, expect

from audit.models import Action, AuditEvent
from fitcheck.models import Contact
from tests.e2e.helpers import log_in
from tests.factories import (
    ContactFactory,
    MembershipFactory,
    UserFactory,
    WorkspaceFactory,
)


def practice():
    workspace = WorkspaceFactory(name="Harbour Lane", slug="harbour-lane")
    owner = UserFactory(email="olivia@example.com", name="Olivia Owner")
    MembershipFactory(workspace=workspace, user=owner, role="owner")
    contact = ContactFactory(
        workspace=workspace,
        name="Petra Lindqvist",
        email="petra@example.com",
        notes="Prefers mornings.",
    )
    return owner, contact


def test_export_then_erase_a_person_from_their_page(
    page: Page, live_server, transactional_db, tmp_path
):
    owner, contact = practice()
    log_in(page, live_server.url, owner.email)
    page.goto(f"{live_server.url}{contact.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Petra Lindqvist")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export this person's data").click()
    download = download_info.value
    assert download.suggested_filename == f"contact-{contact.pk}-data.html"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    # The file opens on its own as a readable page, with the data for programs.
    page.goto(saved.as_uri())
    expect(
        page.get_by_role(
            "heading", name="What Harbour Lane holds about Petra Lindqvist"
        )
    ).to_be_visible()
    expect(page.get_by_text("Prefers mornings.")).to_be_visible()
    document = json.loads(page.locator("#person-data").text_content())
    assert document["contact"]["email"] == "petra@example.com"

    page.goto(f"{live_server.url}{contact.get_absolute_url()}")
    page.get_by_role("link", name="Erase this person").click()
    expect(page.get_by_role("heading", name="Erase Petra Lindqvist?")).to_be_visible()
    page.get_by_role("button", name="Erase Petra Lindqvist").click()
    expect(page.get_by_text("Tick this box to erase the person.")).to_be_visible()
    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name="Erase Petra Lindqvist").click()

    expect(page).to_have_url(re.compile(r"/fit-check/contacts/$"))
    expect(
        page.get_by_text("Erased. Nothing about that person is left here.")
    ).to_be_visible()
    expect(page.get_by_text("Petra Lindqvist")).to_have_count(0)
    assert not Contact.objects.exists()
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        Action.VIEWED_CONTACT,
        Action.EXPORTED_PERSON,
        Action.VIEWED_CONTACT,
        Action.ERASED_PERSON,
    ]
