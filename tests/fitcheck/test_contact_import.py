"""Importing contacts from CSV: reading the file, guessing the columns, checking each
row, and the import itself, which lands every valid row or none."""

import io
import time
import tracemalloc

import pytest

from fitcheck import csvfiles
from fitcheck.contact_rows import (
    RowRejected,
    clean_row,
    guess_mapping,
    mapping_problems,
)
from fitcheck.models import Contact, ContactImport, FitScore
from fitcheck.services import imports, rubric_versions, scores
from fitcheck.services.imports import AlreadyImported, check_file, read_head, run_import
from fitcheck.views.contacts import EXPORT_COLUMNS
from personas.models import Persona
from tests.factories import (
    ContactFactory,
    ContactImportFactory,
    PainFactory,
    PersonaFactory,
)

GOOD_FILE = (
    "Full name,E-mail,Stage,Age,Languages\n"
    "Ann Archer,ann@example.com,client,41,English; French\n"
    "Ben Brook,BEN@example.com,Past client,,German|Dutch\n"
)


def bad_file_problem(data: bytes) -> str:
    with pytest.raises(csvfiles.BadFile) as problem:
        check_file(io.BytesIO(data))
    return str(problem.value)


# Reading the file ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("name,email\nAnn,ann@example.com\n", ","),
        ("name;email\nAnn;ann@example.com\n", ";"),
        ('"Surname, first name";email\nArcher, Ann;ann@example.com\n', ";"),
        ("name\nAnn\n", ","),
    ],
)
def test_the_delimiter_is_the_one_that_splits_the_header(text, delimiter):
    head = check_file(io.BytesIO(text.encode()))
    assert head.delimiter == delimiter
    assert len(head.rows[0]) == len(head.header)


def test_a_byte_order_mark_is_not_part_of_the_first_column_name():
    head = check_file(io.BytesIO("\ufeffname;email\r\nAnn;a@example.com\r\n".encode()))
    assert head.header == ["name", "email"]
    assert head.rows == [["Ann", "a@example.com"]]


def test_latin_1_bytes_are_refused_with_the_row_they_are_in():
    data = "name\nAnn\nBen\nJosé\n".encode("latin-1")
    assert bad_file_problem(data).startswith("Row 4 is not UTF-8 text")


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n", b"   \r\n"])
def test_an_empty_file_is_refused(data):
    assert bad_file_problem(data) == "The file is empty."


def test_a_file_with_only_a_header_is_refused():
    problem = bad_file_problem(b"name,email\n\n,\n")
    assert problem == "The file has a header row but no contacts below it."


@pytest.mark.parametrize("data", [b"\nname\nAnn\n", b",,\nAnn,a@example.com,\n"])
def test_a_first_row_without_column_names_is_refused(data):
    assert "it must name the columns" in bad_file_problem(data)


def test_an_excel_workbook_is_refused_with_how_to_save_it_as_csv():
    assert "Save As › CSV UTF-8" in bad_file_problem(b"PK\x03\x04rest-of-a-zip")


def test_rows_are_counted_as_in_a_spreadsheet_and_blank_rows_are_skipped():
    data = b'name,notes\nAnn,"two\nlines"\n\n,\nBen,\n'
    reading = csvfiles.read_rows(io.BytesIO(data))
    assert [number for number, _ in reading.rows] == [2, 5]


# Guessing which column is which -------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Full name", "E-mail", "Stage"], ["name", "email", "stage"]),
        (["FIRST NAME", "Surname", "Email address"],
         ["first_name", "last_name", "email"]),
        (["name", "Name"], ["name", ""]),
        (["Company Size (people)", "income_band"], ["company_size", "income_band"]),
        (["Pain points", "Hobbies", "Job title", "City"],
         ["reported_pains", "interests", "occupation", "location"]),
        (["Favourite colour", ""], ["", ""]),
    ],
)  # fmt: skip
def test_the_header_suggests_the_fields(header, expected):
    assert guess_mapping(header) == expected


def test_a_file_exported_here_maps_back_to_the_same_fields():
    mapping = guess_mapping(EXPORT_COLUMNS)
    assert mapping[:3] == ["", "name", "email"]  # id is not imported
    assert mapping[EXPORT_COLUMNS.index("source")] == ""
    assert mapping[EXPORT_COLUMNS.index("red_flags")] == "red_flags"


@pytest.mark.parametrize(
    ("mapping", "problem"),
    [
        (["email", ""], "Choose the column that holds the name"),
        (["name", "email", "email"], "one column only: Email."),
        (["name", "shoe_size"], "“shoe_size” is not a contact field."),
    ],
)
def test_a_mapping_needs_a_name_and_each_field_once(mapping, problem):
    assert any(problem in text for text in mapping_problems(mapping))


def test_first_and_last_names_are_enough():
    assert mapping_problems(["first_name", "last_name", ""]) == []


# Checking rows ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("stage", "client", "client"),
        ("stage", "Client", "client"),
        ("stage", "past client", "past_client"),
        ("stage", "Past client", "past_client"),
        ("stage", "PAST-CLIENT", "past_client"),
        ("stage", "former client", "past_client"),
        ("stage", "lead", "prospect"),
        ("gender", "Female", "women"),
        ("gender", "Non-binary people", "non_binary"),
        ("income_band", "Under 30,000 a year", "under_30k"),
        ("income_band", "30k_60k", "30k_60k"),
        ("family_status", "Married", "partnered"),
        ("education", "University degree", "bachelor"),
        ("age", "42", 42),
        ("age", "0", 0),
        ("company_size", "1,200", 1200),
        ("email", " Ann@Example.COM ", "ann@example.com"),
        ("languages", "English; French | English", ["English", "French"]),
        ("red_flags", "Calls at weekends|", ["Calls at weekends"]),
        ("notes", "'=HYPERLINK(x)", "=HYPERLINK(x)"),
    ],
)
def test_values_are_read_from_stored_values_labels_and_synonyms(field, value, expected):
    assert clean_row(["Ann", value], ["name", field])[field] == expected


def test_first_and_last_names_are_joined():
    fields = clean_row(["Ann", "Archer", ""], ["first_name", "last_name", "email"])
    assert fields == {"name": "Ann Archer"}


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (["", "ann@example.com"], "The name is missing."),
        (["Ann", "ann@"], "“ann@” is not a valid email address."),
        (["Ann", "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".com"],
         "The email is longer than 254 characters."),
        (["Ann", "", "friend"], "The stage “friend” is not one of: Prospect, Client, "
         "Past client."),
        (["Ann", "", "", "121"], "The age “121” is not a whole number from 0 to 120."),
        (["Ann", "", "", "-1"], "The age “-1” is not a whole number"),
        (["Ann", "", "", "forty"], "The age “forty” is not a whole number"),
        (["Ann", "", "", "", "12.5"], "The company size “12.5” is not a whole number"),
        (["Ann", "", "", "", "", "x" * 151], "The company is longer than 150"),
        (["Ann", "", "", "", "", "", "y"], "The row has 7 cells but the header has 6"),
        (["An\x00n"], "The row contains a NUL character"),
    ],
)  # fmt: skip
def test_a_bad_row_is_rejected_with_a_reason(cells, reason):
    mapping = ["name", "email", "stage", "age", "company_size", "company"]
    with pytest.raises(RowRejected) as rejection:
        clean_row(cells, mapping)
    assert str(rejection.value).startswith(reason)


# The import ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(workspace, text: str | bytes) -> ContactImport:
    data = text.encode() if isinstance(text, str) else text
    return ContactImportFactory(workspace=workspace, file__data=data)


def import_all(contact_import: ContactImport, mapping: list[str] | None = None):
    if mapping is None:
        with contact_import.file.open("rb") as binary:
            mapping = guess_mapping(read_head(binary).header)
    result = run_import(contact_import=contact_import, mapping=mapping)
    contact_import.refresh_from_db()
    return result


def test_valid_rows_become_imported_contacts_of_the_workspace(workspace):
    contact_import = upload(workspace, GOOD_FILE)
    result = import_all(contact_import)
    assert result.imported == 2
    ann, ben = Contact.objects.filter(workspace=workspace)
    assert (ann.name, ann.email, ann.stage, ann.age) == (
        "Ann Archer",
        "ann@example.com",
        "client",
        41,
    )
    assert ann.languages == ["English", "French"]
    assert (ben.email, ben.stage, ben.age) == ("ben@example.com", "past_client", None)
    assert {ann.source, ben.source} == {Contact.Source.IMPORTED}
    assert contact_import.status == ContactImport.Status.IMPORTED
    assert contact_import.imported_count == 2
    assert contact_import.message == "2 contacts imported."


def test_each_rejected_row_is_listed_with_its_number_and_reason(
    workspace, other_workspace
):
    ContactFactory(workspace=workspace, name="Kept", email="taken@example.com")
    ContactFactory(workspace=other_workspace, email="elsewhere@example.com")
    text = (
        "name;email;age\n"
        "Ann;ann@example.com;41\n"  # 2
        ";nobody@example.com;\n"  # 3
        "Ben;TAKEN@example.com;\n"  # 4
        "Cat;ann@example.com;\n"  # 5
        "Dan;elsewhere@example.com;300\n"  # 6
        "Eve;elsewhere@example.com;\n"  # 7
    )
    result = import_all(upload(workspace, text))
    assert result.rejected == [
        (3, "The name is missing."),
        (4, "taken@example.com is already a contact in your workspace; it was left "
         "unchanged."),
        (5, "Same email as row 2."),
        (6, "The age “300” is not a whole number from 0 to 120."),
    ]  # fmt: skip
    assert result.imported == 2  # Ann, and Eve: another workspace's email is fine.
    assert Contact.objects.get(email="taken@example.com").name == "Kept"
    contact_import = ContactImport.objects.get()
    assert contact_import.rejected[0] == [3, "The name is missing."]
    assert (
        contact_import.message == "2 contacts imported. 4 rows rejected and left out."
    )


def test_only_the_first_rejections_are_kept_with_the_count_of_all(
    workspace, monkeypatch
):
    monkeypatch.setattr(imports, "REJECTED_KEPT", 3)
    text = "name,age\n" + "Ann,x\n" * 5 + "Ben,40\n"
    result = import_all(upload(workspace, text))
    assert [row for row, _ in result.rejected] == [2, 3, 4]
    assert result.rejected_total == 5
    assert result.message == (
        "1 contact imported. 5 rows rejected and left out. The first 3 rejected rows "
        "are listed."
    )


def test_a_database_failure_part_way_imports_nothing(workspace, monkeypatch):
    """A contact added by someone else between the check and the insert breaks the
    last row: the rows before it must be undone too."""
    ContactFactory(workspace=workspace, email="late@example.com")
    monkeypatch.setattr(imports, "_existing_emails", lambda workspace_id: {})
    text = "name,email\n" + "".join(f"P{n},p{n}@example.com\n" for n in range(5))
    result = import_all(upload(workspace, text + "Late,late@example.com\n"))
    assert result.imported == 0
    assert Contact.objects.filter(workspace=workspace).count() == 1
    contact_import_row = ContactImport.objects.get()
    assert contact_import_row.status == ContactImport.Status.FAILED
    assert contact_import_row.imported_count == 0
    assert contact_import_row.message.startswith("Nothing was imported: the database")


def test_a_bad_byte_far_down_the_file_imports_nothing(workspace):
    good = "".join(f"P{n},p{n}@example.com\n" for n in range(3000))
    data = ("name,email\n" + good).encode() + "José,j@example.com\n".encode("latin-1")
    result = import_all(upload(workspace, data))
    assert result.imported == 0
    assert not Contact.objects.exists()
    assert ContactImport.objects.get().message.startswith(
        "Nothing was imported: Row 3,002 is not UTF-8 text"
    )


def test_a_file_is_never_imported_twice(workspace):
    contact_import = upload(workspace, GOOD_FILE)
    import_all(contact_import)
    with pytest.raises(AlreadyImported):
        import_all(contact_import)
    assert Contact.objects.count() == 2


def test_when_no_row_can_be_used_nothing_is_imported_and_it_can_be_tried_again(
    workspace,
):
    contact_import = upload(workspace, GOOD_FILE)
    result = import_all(contact_import, ["name", "", "", "", "email"])
    assert result.imported == 0
    assert contact_import.status == ContactImport.Status.FAILED
    assert contact_import.message == (
        "Nothing was imported: none of the rows could be used (see the reasons below)."
    )
    assert contact_import.mapping == ["name", "", "", "", "email"]
    assert import_all(contact_import).imported == 2
    assert contact_import.status == ContactImport.Status.IMPORTED


def test_a_mapping_without_a_name_is_a_programming_error(workspace):
    with pytest.raises(ValueError, match="name"):
        run_import(contact_import=upload(workspace, GOOD_FILE), mapping=["email"])


def active_persona(workspace) -> Persona:
    persona = PersonaFactory(workspace=workspace, status=Persona.Status.ACTIVE)
    PainFactory(persona=persona, text="Evenings lost to admin")
    rubric_versions.applied_rubric(persona=persona)
    return persona


def test_imported_contacts_are_scored_in_the_background(
    workspace, django_capture_on_commit_callbacks
):
    persona = active_persona(workspace)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_all(upload(workspace, GOOD_FILE))
    assert len(callbacks) == 1
    assert FitScore.objects.filter(persona=persona).count() == 2
    assert scores.score_unscored(workspace_id=workspace.pk) == 0


def test_an_import_that_fails_queues_no_scoring(
    workspace, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        import_all(upload(workspace, "name,age\nAnn,x\n"))
    assert callbacks == []


def test_a_50000_row_file_imports_with_flat_memory(workspace, tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        file.write("Full name;E-mail;Stage;Age;Company;Interests;Notes\n")
        for n in range(50_000):
            file.write(
                f"Person {n};person{n}@example.com;client;{20 + n % 60};"
                f"Company {n % 300};Running|Reading;Met at the fair in spring\n"
            )
    contact_import = ContactImportFactory(workspace=workspace, file__from_path=path)
    tracemalloc.start()
    started = time.perf_counter()
    result = import_all(contact_import)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"50,000 rows: {seconds:.1f} s, peak {peak / 2**20:.1f} MiB")
    assert result.imported == 50_000
    assert Contact.objects.filter(workspace=workspace).count() == 50_000
    assert peak < 50 * 2**20
