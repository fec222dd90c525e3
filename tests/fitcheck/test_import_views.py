"""The CSV import pages: upload, check the columns, import, see the outcome."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fitcheck import forms
from fitcheck.models import Contact, ContactImport
from fitcheck.services import import_files
from tests.factories import ContactFactory, ContactImportFactory

UPLOAD = reverse("fitcheck:import_upload")
GOOD_FILE = (
    "\ufeffFull name;E-mail;Stage;Shoe size\n"
    "Ann Archer;ann@example.com;client;38\n"
    "Ben Brook;ben@example.com;Past client;44\n"
    ";nobody@example.com;prospect;40\n"
)
GOOD_MAPPING = {"column_0": "name", "column_1": "email", "column_2": "stage"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def csv_file(content: str | bytes, name: str = "contacts.csv") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def preview_url(contact_import: ContactImport) -> str:
    return reverse("fitcheck:import_preview", args=[contact_import.pk])


@pytest.fixture
def uploaded(workspace) -> ContactImport:
    return ContactImportFactory(workspace=workspace, file__data=GOOD_FILE.encode())


@pytest.mark.parametrize("url", ["upload", "preview"])
def test_the_import_pages_need_a_login(client, uploaded, url):
    response = client.get(UPLOAD if url == "upload" else preview_url(uploaded))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_outsiders_get_404_for_an_import(outsider_client, uploaded):
    assert outsider_client.get(preview_url(uploaded)).status_code == 404
    assert outsider_client.post(preview_url(uploaded), GOOD_MAPPING).status_code == 404
    assert not Contact.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
@pytest.mark.parametrize("url", ["upload", "preview"])
def test_other_methods_are_not_allowed(owner_client, uploaded, method, url):
    target = UPLOAD if url == "upload" else preview_url(uploaded)
    assert getattr(owner_client, method)(target).status_code == 405


def test_the_upload_page_has_a_labelled_file_field_and_recent_imports(
    owner_client, workspace
):
    ContactImportFactory(workspace=workspace, original_name="spring-fair.csv")
    ContactImportFactory(original_name="someone-elses.csv")
    response = owner_client.get(UPLOAD)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert 'for="id_file"' in response.text
    assert "commas or semicolons" in response.text
    assert "spring-fair.csv" in response.text
    assert "someone-elses.csv" not in response.text


def test_a_valid_upload_leads_to_the_preview(owner_client, workspace):
    response = owner_client.post(UPLOAD, {"file": csv_file(GOOD_FILE)}, follow=True)
    contact_import = ContactImport.objects.get()
    assert response.redirect_chain == [(preview_url(contact_import), 302)]
    assert contact_import.workspace == workspace
    assert contact_import.original_name == "contacts.csv"
    assert "contacts" not in contact_import.file.name  # a random stored name
    assert contact_import.status == ContactImport.Status.UPLOADED
    assert "contacts.csv has 3 rows" in response.text
    assert not Contact.objects.exists()


def test_the_preview_shows_the_first_rows_under_the_guessed_fields(
    owner_client, uploaded
):
    response = owner_client.get(preview_url(uploaded))
    assert response.status_code == 200
    assert "Ann Archer" in response.text
    assert "Past client" in response.text
    assert 'for="id_column_0"' in response.text
    assert '<option value="name" selected>' in response.text
    assert '<option value="email" selected>' in response.text
    assert '<option value="stage" selected>' in response.text
    assert response.context["form"]["column_3"].initial == ""  # Shoe size: skipped
    assert "Nothing is saved until you press Import" in response.text


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (csv_file(GOOD_FILE, "contacts.xlsx"), "Choose a .csv file."),
        (csv_file("name\nJosé\n".encode("latin-1")), "Row 2 is not UTF-8 text"),
        (csv_file(b""), "The submitted file is empty."),
        (csv_file(b"\n \n"), "The file is empty."),
        (csv_file("name;email\n"), "a header row but no contacts below it"),
        (None, "This field is required."),
    ],
)
def test_an_unusable_file_is_refused_next_to_the_field(owner_client, upload, error):
    response = owner_client.post(UPLOAD, {"file": upload} if upload else {})
    assert response.status_code == 400
    assert error in response.text
    assert "invalid-feedback" in response.text
    assert not ContactImport.objects.exists()


def test_a_file_over_the_size_limit_is_refused(owner_client, monkeypatch):
    monkeypatch.setattr(forms, "MAX_IMPORT_MB", 1)
    big = "name\n" + "A name\n" * 160_000
    response = owner_client.post(UPLOAD, {"file": csv_file(big)})
    assert response.status_code == 400
    assert "The file is 1.1 MB; the limit is 1 MB." in response.text


def test_importing_shows_how_many_landed_and_every_rejected_row(
    owner_client, uploaded, workspace
):
    response = owner_client.post(preview_url(uploaded), GOOD_MAPPING, follow=True)
    assert response.redirect_chain == [(preview_url(uploaded), 302)]
    contacts = Contact.objects.filter(workspace=workspace)
    assert sorted(contacts.values_list("name", "stage")) == [
        ("Ann Archer", "client"),
        ("Ben Brook", "past_client"),
    ]
    assert "2 contacts imported. 1 row rejected and left out." in response.text
    assert "Every valid row was imported, all together." in response.text
    assert "<td>4</td><td>The name is missing.</td>" in response.text
    assert "Import</button>" not in response.text


def test_the_practitioner_can_skip_a_guessed_column(owner_client, uploaded):
    owner_client.post(preview_url(uploaded), {**GOOD_MAPPING, "column_2": ""})
    assert set(Contact.objects.values_list("stage", flat=True)) == {"prospect"}


def test_a_mapping_without_a_name_is_refused_and_nothing_is_imported(
    owner_client, uploaded
):
    response = owner_client.post(preview_url(uploaded), {"column_1": "email"})
    assert response.status_code == 400
    assert "Choose the column that holds the name" in response.text
    assert not Contact.objects.exists()
    uploaded.refresh_from_db()
    assert uploaded.status == ContactImport.Status.UPLOADED


def test_a_file_is_not_imported_twice(owner_client, uploaded):
    owner_client.post(preview_url(uploaded), GOOD_MAPPING)
    response = owner_client.post(preview_url(uploaded), GOOD_MAPPING, follow=True)
    assert (
        "This file was already imported, so it was not imported again." in response.text
    )
    assert Contact.objects.count() == 2


def test_when_nothing_can_be_imported_the_page_says_so(
    owner_client, workspace, uploaded
):
    for email in ("ann@example.com", "ben@example.com"):
        ContactFactory(workspace=workspace, email=email)
    response = owner_client.post(preview_url(uploaded), GOOD_MAPPING, follow=True)
    assert "Nothing was imported: none of the rows could be used" in response.text
    assert "No contact was added or changed." in response.text
    assert "ann@example.com is already a contact in your workspace" in response.text
    assert "Try the import again</button>" in response.text
    assert Contact.objects.count() == 2


# Uploaded files are deleted a week after upload; the import's outcome stays.


def age(contact_import: ContactImport, days: int) -> None:
    moment = timezone.now() - timedelta(days=days)
    ContactImport.objects.filter(pk=contact_import.pk).update(created_at=moment)


def test_files_older_than_a_week_are_deleted_and_newer_ones_kept(workspace):
    old = ContactImportFactory(workspace=workspace, file__data=GOOD_FILE.encode())
    new = ContactImportFactory(workspace=workspace, file__data=GOOD_FILE.encode())
    old_path = Path(old.file.path)
    age(old, days=8)
    age(new, days=6)
    assert import_files.delete_old_import_files() == 1
    assert not old_path.exists()
    old.refresh_from_db()
    new.refresh_from_db()
    assert not old.file
    assert Path(new.file.path).exists()
    assert import_files.delete_old_import_files() == 0  # Nothing left to do.


def test_a_file_already_missing_on_disk_is_forgotten_all_the_same(workspace):
    gone = ContactImportFactory(workspace=workspace, file__data=GOOD_FILE.encode())
    Path(gone.file.path).unlink()
    age(gone, days=30)
    assert import_files.delete_old_import_files() == 1
    gone.refresh_from_db()
    assert not gone.file


def test_upkeep_deletes_old_files(workspace):
    old = ContactImportFactory(workspace=workspace, file__data=GOOD_FILE.encode())
    age(old, days=8)
    out = StringIO()
    call_command("upkeep", stdout=out)
    assert "uploaded contact files deleted: 1" in out.getvalue()


def test_an_import_whose_file_was_deleted_keeps_its_outcome(owner_client, uploaded):
    owner_client.post(preview_url(uploaded), GOOD_MAPPING)
    age(uploaded, days=8)
    import_files.delete_old_import_files()
    response = owner_client.get(preview_url(uploaded))
    assert response.status_code == 200
    assert "2 contacts imported. 1 row rejected and left out." in response.text
    assert "<td>4</td><td>The name is missing.</td>" in response.text
    assert "we delete them 7 days after upload" in response.text
    assert f'href="{UPLOAD}"' in response.text


def test_a_deleted_file_cannot_be_imported(owner_client, uploaded):
    age(uploaded, days=8)
    import_files.delete_old_import_files()
    response = owner_client.post(preview_url(uploaded), GOOD_MAPPING)
    assert response.status_code == 410
    assert "was never imported" in response.text
    assert not Contact.objects.exists()
