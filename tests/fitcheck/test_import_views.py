"""The CSV import pages: upload, choose the columns, say what their values become,
import, see the outcome."""

import io
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from fitcheck import forms
from fitcheck.models import Contact, ContactImport, ValueChoice
from fitcheck.services import import_files
from fitcheck.services.imports import check_file
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


def confirm_url(contact_import: ContactImport) -> str:
    return reverse("fitcheck:import_confirm", args=[contact_import.pk])


def upload_file(workspace, text: str) -> ContactImport:
    """An upload as the upload page makes it, with what reading the file found."""
    checks = check_file(io.BytesIO(text.encode())).as_checks()
    return ContactImportFactory(
        workspace=workspace, file__data=text.encode(), checks=checks
    )


def guessed_values(client, contact_import: ContactImport) -> dict[str, str]:
    """The confirm page's form as it comes: every guess kept."""
    form = client.get(confirm_url(contact_import)).context["form"]
    return {name: form[name].initial for name in form.fields}


def import_with(client, contact_import, mapping=GOOD_MAPPING, **values):
    """Choose the columns, keep the guessed values but those given, import (the
    worker's job runs once the confirmation commits), and see the outcome."""
    client.post(preview_url(contact_import), mapping)
    data = {**guessed_values(client, contact_import), **values}
    with TestCase.captureOnCommitCallbacks(execute=True):
        confirmed = client.post(confirm_url(contact_import), data)
    assert confirmed.url == preview_url(contact_import)
    return client.get(confirmed.url)


@pytest.fixture
def uploaded(workspace) -> ContactImport:
    return upload_file(workspace, GOOD_FILE)


@pytest.fixture
def mapped(owner_client, uploaded) -> ContactImport:
    owner_client.post(preview_url(uploaded), GOOD_MAPPING)
    uploaded.refresh_from_db()
    return uploaded


URLS = {"upload": lambda _: UPLOAD, "preview": preview_url, "confirm": confirm_url}


@pytest.mark.parametrize("url", URLS)
def test_the_import_pages_need_a_login(client, uploaded, url):
    response = client.get(URLS[url](uploaded))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", ["preview", "confirm"])
def test_outsiders_get_404_for_an_import(outsider_client, mapped, url):
    assert outsider_client.get(URLS[url](mapped)).status_code == 404
    assert outsider_client.post(URLS[url](mapped), GOOD_MAPPING).status_code == 404
    assert not Contact.objects.exists()
    mapped.refresh_from_db()
    assert mapped.status == ContactImport.Status.UPLOADED


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
@pytest.mark.parametrize("url", URLS)
def test_other_methods_are_not_allowed(owner_client, mapped, method, url):
    assert getattr(owner_client, method)(URLS[url](mapped)).status_code == 405


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


def test_the_preview_lists_each_column_with_samples_and_the_guessed_field(
    owner_client, uploaded
):
    response = owner_client.get(preview_url(uploaded))
    assert response.status_code == 200
    assert "Ann Archer" in response.text
    assert "Past client" in response.text
    assert '<label class="form-label mb-0" for="id_column_0">Full name</label>' in (
        response.text
    )
    assert '<option value="name" selected>' in response.text
    assert '<option value="email" selected>' in response.text
    assert '<option value="stage" selected>' in response.text
    assert response.context["form"]["column_3"].initial == ""  # Shoe size: skipped
    assert "Step 2 of 3" in response.text
    assert "table-responsive" not in response.text  # Nothing hides behind a scroll.


def test_columns_empty_in_every_row_are_listed_apart(owner_client, workspace):
    contact_import = upload_file(workspace, "Name,Location,City\nAnn,,Leeds\n")
    response = owner_client.get(preview_url(contact_import))
    assert [c["field"].label for c in response.context["empty_columns"]] == ["Location"]
    assert "1 more column is empty in every row" in response.text
    # The city, which has values, is guessed over the empty "Location".
    assert response.context["form"]["column_2"].initial == "location"
    assert response.context["form"]["column_1"].initial == ""


def test_choosing_the_columns_leads_to_the_values(owner_client, uploaded):
    response = owner_client.post(preview_url(uploaded), GOOD_MAPPING)
    assert response.status_code == 302
    assert response["Location"] == confirm_url(uploaded)
    uploaded.refresh_from_db()
    assert uploaded.mapping == ["name", "email", "stage", ""]
    assert uploaded.status == ContactImport.Status.UPLOADED
    assert not Contact.objects.exists()


def test_the_confirm_page_lists_each_stage_with_a_guess(owner_client, mapped):
    response = owner_client.get(confirm_url(mapped))
    assert response.status_code == 200
    form = response.context["form"]
    assert [(form[name].label, form[name].initial) for name in form.fields] == [
        ("client", "client"),
        ("Past client", "past_client"),
        ("prospect", "prospect"),
    ]
    assert "Stage: what each value becomes" in response.text
    assert "Step 3 of 3" in response.text
    assert "Import 3 rows</button>" in response.text


def test_the_confirm_page_waits_for_the_columns(owner_client, uploaded):
    response = owner_client.get(confirm_url(uploaded))
    assert response.status_code == 302
    assert response["Location"] == preview_url(uploaded)


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
    response = import_with(owner_client, uploaded)
    contacts = Contact.objects.filter(workspace=workspace)
    assert sorted(contacts.values_list("name", "stage")) == [
        ("Ann Archer", "client"),
        ("Ben Brook", "past_client"),
    ]
    assert "2 contacts imported. 1 row rejected and left out." in response.text
    assert "Every valid row was imported." in response.text
    assert '<td>4</td><td class="text-break">The name is missing.</td>' in (
        response.text
    )
    assert "</button>" not in response.text.split("<main")[-1]


def test_the_practitioner_can_skip_a_guessed_column(owner_client, uploaded):
    import_with(owner_client, uploaded, {**GOOD_MAPPING, "column_2": ""})
    assert set(Contact.objects.values_list("stage", flat=True)) == {"prospect"}


def test_a_stage_can_become_another_or_leave_its_rows_out(owner_client, uploaded):
    response = import_with(
        owner_client, uploaded, **{"stage-0": "prospect", "stage-1": "-"}
    )
    assert list(Contact.objects.values_list("name", "stage")) == [
        ("Ann Archer", "prospect")
    ]
    assert "Left out, as you chose for the stage “Past client”." in response.text
    assert ValueChoice.objects.for_workspace(uploaded.workspace).as_lookup() == {
        "stage": {"client": "prospect", "past client": "-", "prospect": "prospect"}
    }


def test_the_next_import_offers_what_was_chosen_before(owner_client, workspace):
    import_with(owner_client, upload_file(workspace, GOOD_FILE), **{"stage-0": "-"})
    second = upload_file(workspace, GOOD_FILE.replace("@", ".2@"))
    owner_client.post(preview_url(second), GOOD_MAPPING)
    form = owner_client.get(confirm_url(second)).context["form"]
    assert form["stage-0"].initial == "-"
    assert form.guesses["stage-0"] == "As at your last import"


def test_an_unknown_choice_is_refused_beside_its_value(owner_client, mapped):
    data = {**guessed_values(owner_client, mapped), "stage-1": "vip"}
    response = owner_client.post(confirm_url(mapped), data)
    assert response.status_code == 400
    assert "Select a valid choice. vip is not one of the available choices." in (
        response.text
    )
    assert not Contact.objects.exists()
    assert not ValueChoice.objects.exists()


def test_a_file_with_many_distinct_values_lists_the_most_frequent(
    owner_client, workspace
):
    rows = "".join(f"P{n},Kind {n % 40}\n" for n in range(400)) + "Q,Kind 0\n"
    contact_import = upload_file(workspace, "name,type\n" + rows)
    mapping = {"column_0": "name", "column_1": "stage"}
    owner_client.post(preview_url(contact_import), mapping)
    response = owner_client.get(confirm_url(contact_import))
    form = response.context["form"]
    assert len(form.fields) == 31  # The 30 most frequent, and "every other value".
    assert form["stage-0"].label == "Kind 0"
    assert (
        "This column has 40 different values: the 30 most frequent are listed, and "
        "the others (100 rows)" in response.text
    )
    import_with(
        owner_client,
        contact_import,
        mapping,
        **{"stage-others": "past_client", "stage-0": "client"},
    )
    stages = Contact.objects.values_list("stage", flat=True)
    assert stages.filter(stage="client").count() == 11  # "Kind 0", the most common
    assert stages.filter(stage="past_client").count() == 100  # The 10 least common
    assert stages.filter(stage="prospect").count() == 290  # Not recognised


def test_the_confirm_page_warns_about_rows_without_an_email_and_so_does_the_result(
    owner_client, workspace
):
    contact_import = upload_file(workspace, GOOD_FILE.replace("ben@example.com", ""))
    owner_client.post(preview_url(contact_import), GOOD_MAPPING)
    response = owner_client.get(confirm_url(contact_import))
    assert "1 row has no email (row 3). They are imported all the same" in (
        response.text
    )
    response = import_with(owner_client, contact_import)
    assert "1 contact was imported without an email (row 3)." in response.text
    assert Contact.objects.get(name="Ben Brook").email == ""


def test_a_file_with_a_quote_never_closed_is_flagged_on_every_step(
    owner_client, workspace
):
    text = (
        'name,email\nAnn,"ann@example.com\nBen,ben@example.com\nCat,cat@example.com\n'
    )
    response = owner_client.post(UPLOAD, {"file": csv_file(text)}, follow=True)
    contact_import = ContactImport.objects.get()
    warning = "1 row may have swallowed the rows below it (row 2)"
    assert warning in response.text
    owner_client.post(preview_url(contact_import), {"column_0": "name"})
    assert warning in owner_client.get(confirm_url(contact_import)).text
    response = import_with(owner_client, contact_import, {"column_0": "name"})
    assert warning in response.text


def test_a_file_with_thousands_of_columns_is_refused_on_the_upload_form(
    owner_client,
):
    header = ",".join(f"Field {n}" for n in range(5000))
    response = owner_client.post(UPLOAD, {"file": csv_file(f"{header}\nAnn\n")})
    assert response.status_code == 400
    assert "The file has 5,000 columns; a contact list has at most 500." in (
        response.text
    )
    assert not ContactImport.objects.exists()


def test_a_mapping_without_a_name_is_refused_and_nothing_is_imported(
    owner_client, uploaded
):
    response = owner_client.post(preview_url(uploaded), {"column_1": "email"})
    assert response.status_code == 400
    assert "Choose the column that holds the name" in response.text
    assert not Contact.objects.exists()
    uploaded.refresh_from_db()
    assert uploaded.status == ContactImport.Status.UPLOADED
    assert "values" not in uploaded.checks


def test_a_file_is_not_imported_twice(owner_client, uploaded):
    import_with(owner_client, uploaded)
    response = owner_client.post(
        confirm_url(uploaded), {"stage-0": "client"}, follow=True
    )
    assert response.redirect_chain == [(preview_url(uploaded), 302)]
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
    response = import_with(owner_client, uploaded)
    assert "Nothing was imported: none of the rows could be used" in response.text
    assert "No contact was added or changed." in response.text
    assert "ann@example.com is already a contact in your workspace" in response.text
    assert "Next: check the values</button>" in response.text
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
    import_with(owner_client, uploaded)
    age(uploaded, days=8)
    import_files.delete_old_import_files()
    response = owner_client.get(preview_url(uploaded))
    assert response.status_code == 200
    assert "2 contacts imported. 1 row rejected and left out." in response.text
    assert '<td>4</td><td class="text-break">The name is missing.</td>' in (
        response.text
    )
    assert "we delete them 7 days after upload" in response.text
    assert f'href="{UPLOAD}"' in response.text


@pytest.mark.parametrize("url", ["preview", "confirm"])
def test_a_deleted_file_cannot_be_imported(owner_client, mapped, url):
    age(mapped, days=8)
    import_files.delete_old_import_files()
    response = owner_client.post(URLS[url](mapped), GOOD_MAPPING)
    assert response.status_code == 410
    assert "was never imported" in response.text
    assert not Contact.objects.exists()
