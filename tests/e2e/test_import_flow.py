"""A practitioner imports a HubSpot export: uploads it, checks the columns, says what
HubSpot's lifecycle stages become, sees the warning about a row without an email,
and finds the contacts in the list. The mapping table shows every column, on a
desktop and on a phone. While the worker imports a file, its page shows the
progress, then the outcome by itself."""

import io

import pytest
from playwright.sync_api import Page, expect

from fitcheck.models import Contact, ImportJob, ValueChoice
from fitcheck.services import import_jobs
from fitcheck.services.imports import check_file
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import log_in
from tests.factories import (
    ContactImportFactory,
    MembershipFactory,
    UserFactory,
    WorkspaceFactory,
)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
FITS_THE_SCREEN = "document.documentElement.scrollWidth <= window.innerWidth"
HUBSPOT_EXPORT = (
    "Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage,"
    "Contact owner,Associated Company,Company Name,Job Title,City,Country/Region,"
    "Create Date,Last Activity Date,Lead Status,Marketing contact status\n"
    "5101,Amara,Okafor,amara@okafor.example,+44 20 7946 0001,Opportunity,"
    "Olivia Owner,,Okafor Physio,Physiotherapist,Leeds,United Kingdom,"
    "2025-03-02 10:15,2025-05-01 09:00,Open,Marketing contact\n"
    "5102,Bruno,Silva,bruno@silva.example,,Customer,Olivia Owner,,Silva & Co,"
    "Owner,Porto,Portugal,2024-11-20 16:40,2025-04-11 12:00,Connected,"
    "Marketing contact\n"
    "5103,Chloé,Martin,,+33 6 12 34 56 78,Subscriber,,,,,Lyon,France,"
    "2025-01-05 08:00,,New,Non-marketing contact\n"
    "5104,Dev,Patel,dev@patel.example,,Evangelist,Olivia Owner,,Patel Studio,"
    "Coach,Bristol,United Kingdom,2023-06-14 11:00,2025-02-02 10:00,Connected,"
    "Marketing contact\n"
    "5105,Spam,Bot,bot@spam.example,,Other,,,,,,,2025-05-05 05:05,,Unqualified,"
    "Non-marketing contact\n"
)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def practice():
    workspace = WorkspaceFactory(name="Harbour Lane", slug="harbour-lane")
    owner = UserFactory(email="olivia@example.com", name="Olivia Owner")
    MembershipFactory(workspace=workspace, user=owner, role="owner")
    return workspace, owner


def log_in_and_upload(page: Page, live_server, tmp_path, viewport: dict) -> None:
    """Olivia, on a screen of that size, uploads the HubSpot export."""
    _, owner = practice()
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, owner.email)
    path = tmp_path / "hubspot-contacts.csv"
    path.write_text(HUBSPOT_EXPORT, encoding="utf-8")
    page.goto(f"{live_server.url}/fit-check/contacts/")
    page.get_by_role("link", name="Import CSV").click()
    page.get_by_label("CSV file").set_input_files(path)
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_text("hubspot-contacts.csv has 5 rows.")).to_be_visible()


def every_column_is_on_screen(page: Page, width: int) -> None:
    """Each file column's select can be scrolled to, and then sits inside the
    window: nothing hides past the right edge."""
    assert page.evaluate(FITS_THE_SCREEN)
    selects = page.locator("table.stack-on-phone select")
    assert selects.count() == 16
    for index in range(selects.count()):
        select = selects.nth(index)
        select.scroll_into_view_if_needed()
        box = select.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= width


def test_import_a_hubspot_export_mapping_its_lifecycle_stages(
    page: Page, live_server, transactional_db, media_root, tmp_path
):
    log_in_and_upload(page, live_server, tmp_path, DESKTOP)

    # Step 2: the columns, one row each, guessed from HubSpot's names.
    every_column_is_on_screen(page, DESKTOP["width"])
    expect(page.get_by_label("Lifecycle Stage")).to_have_value("stage")
    expect(page.get_by_label("Email", exact=True)).to_have_value("email")
    expect(page.get_by_label("Record ID")).to_have_value("")
    page.get_by_label("Job Title").select_option(label="Skip this column")
    page.get_by_role("button", name="Next: check the values").click()

    # Step 3: HubSpot's stages, with guesses; the row without an email is named.
    expect(
        page.get_by_role("heading", name="Stage: what each value becomes")
    ).to_be_visible()
    expect(page.get_by_label("Opportunity")).to_have_value("prospect")
    expect(page.get_by_label("Customer")).to_have_value("client")
    expect(page.get_by_label("Evangelist")).to_have_value("client")
    expect(page.get_by_label("Subscriber")).to_have_value("prospect")
    page.get_by_label("Other").select_option(label="Leave these rows out")
    page.get_by_label("Evangelist").select_option(label="Past client")
    expect(page.get_by_text("1 row has no email (row 4).")).to_be_visible()
    assert page.evaluate(FITS_THE_SCREEN)
    page.get_by_role("button", name="Import 5 rows").click()

    # The outcome: what landed, what was left out, what to know.
    expect(page.get_by_text("4 contacts imported. 1 row rejected")).to_be_visible()
    expect(
        page.get_by_text("1 contact was imported without an email (row 4).")
    ).to_be_visible()
    expect(
        page.get_by_text("Left out, as you chose for the stage “Other”.")
    ).to_be_visible()

    page.get_by_role("link", name="contacts list").click()
    for name in ("Amara Okafor", "Bruno Silva", "Chloé Martin", "Dev Patel"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_role("link", name="Spam Bot")).to_have_count(0)
    page.get_by_role("searchbox", name="Search").fill("chloe")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("link", name="Chloé Martin")).to_be_visible()
    expect(page.get_by_role("link", name="Amara Okafor")).to_have_count(0)

    stages = dict(Contact.objects.values_list("name", "stage"))
    assert stages == {
        "Amara Okafor": "prospect",
        "Bruno Silva": "client",
        "Chloé Martin": "prospect",
        "Dev Patel": "past_client",
    }
    assert Contact.objects.get(name="Chloé Martin").phone == "+33 6 12 34 56 78"
    assert ValueChoice.objects.get(field="stage", value="evangelist").target == (
        "past_client"
    )


def test_every_column_of_the_mapping_table_is_reachable_on_a_phone(
    page: Page, live_server, transactional_db, media_root, tmp_path
):
    log_in_and_upload(page, live_server, tmp_path, PHONE)
    every_column_is_on_screen(page, PHONE["width"])
    page.get_by_label("Lead Status").focus()
    expect(page.get_by_label("Lead Status")).to_be_in_viewport()
    page.get_by_role("button", name="Next: check the values").click()
    expect(page.get_by_label("Opportunity")).to_be_in_viewport()
    assert page.evaluate(FITS_THE_SCREEN)


def test_the_import_page_shows_the_progress_then_the_outcome_by_itself(
    page: Page, live_server, transactional_db, media_root, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    workspace, owner = practice()
    data = ("name,email\n" + "Ann,ann@example.com\n" * 3 + "Ben,\n").encode()
    contact_import = ContactImportFactory(
        workspace=workspace,
        file__data=data,
        original_name="fair.csv",
        checks=check_file(io.BytesIO(data)).as_checks(),
        mapping=["name", "email"],
    )
    job = import_jobs.queue_import(contact_import=contact_import)  # No worker yet.
    ImportJob.objects.filter(pk=job.pk).update(status="running", done=2)
    log_in(page, live_server.url, owner.email)

    page.goto(f"{live_server.url}/fit-check/import/{contact_import.pk}/")
    expect(page.get_by_text("Importing: 2 of 4 rows read (50%).")).to_be_visible()
    expect(
        page.get_by_role("progressbar", name="Importing the contacts")
    ).to_have_attribute("value", "50")
    expect(page.get_by_role("link", name="Refresh")).to_be_hidden()  # JS polls.
    assert_accessible(page)

    ImportJob.objects.filter(pk=job.pk).update(status="queued", done=0)
    import_jobs.run_import_job(job_id=job.pk)  # A worker picks it up.

    expect(page.get_by_text("2 contacts imported. 2 rows rejected")).to_be_visible()
    expect(page.get_by_text("Same email as row 2.").first).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_count(0)
    assert_accessible(page)
