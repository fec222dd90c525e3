"""Importing contacts from CSV: reading the file, guessing the columns, checking each
row, and the import itself (the worker's job, run here in the test's process),
which lands the valid rows a batch at a time."""

import io
import time
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fitcheck import csvfiles
from fitcheck.contact_rows import (
    RowRejected,
    clean_row,
    guess_mapping,
    mapping_problems,
    swallowed_lines,
)
from fitcheck.contact_values import LEAVE_OUT, ValueMap
from fitcheck.models import Contact, ContactImport, FitScore, ValueChoice
from fitcheck.services import import_jobs, imports, rubric_versions, scores
from fitcheck.services.import_jobs import AlreadyImported, ImportResult, queue_import
from fitcheck.services.imports import check_file, choose_columns, read_head
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


def test_a_file_with_too_many_columns_is_refused_before_reading_its_rows():
    header = ",".join(f"c{n}" for n in range(5000))
    problem = bad_file_problem(f"{header}\n{',' * 4999}x\n".encode())
    assert problem.startswith("The file has 5,000 columns; a contact list has at most")


def test_a_file_at_the_column_limit_is_read():
    header = ",".join(f"c{n}" for n in range(imports.MAX_COLUMNS))
    head = check_file(io.BytesIO(f"{header}\nAnn\n".encode()))
    assert len(head.header) == imports.MAX_COLUMNS
    assert head.filled[:2] == [True, False]


def test_rows_swallowed_by_an_unclosed_quote_are_found():
    data = (
        "name,email,notes\n"
        'Ann,ann@example.com,"Met at the fair\n'  # The quote is never closed.
        "Ben,ben@example.com,Called twice\n"
        "Cat,cat@example.com,\n"
    )
    head = check_file(io.BytesIO(data.encode()))
    assert head.row_count == 1  # Three people became one contact...
    assert head.swallowed.as_json() == {"count": 1, "first": [2]}  # ...and we say so.


def test_a_note_on_several_lines_is_not_taken_for_swallowed_rows():
    data = 'name,email,notes\nAnn,ann@example.com,"Called twice,\nback in May"\n'
    assert check_file(io.BytesIO(data.encode())).swallowed.count == 0


@pytest.mark.parametrize(
    ("cells", "lines"),
    [
        (["Ann", "a@example.com", "one line"], 0),
        (["Ann", "a@example.com", "first\nsecond, with a comma"], 0),
        (["Ann", "x\nBen,b@example.com,client\nCat,c@example.com,"], 2),
        (["Ann", "x\nBen;b@example.com;client"], 0),  # Not this file's delimiter.
    ],
)
def test_lines_that_look_like_rows_inside_a_cell_are_counted(cells, lines):
    assert swallowed_lines(cells, width=3, delimiter=",") == lines


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


# Header rows as the tools export them (Google's and Outlook's shortened: the
# columns left out are ones we do not read).
GOOGLE_OLD = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Name Prefix,Nickname,"
    "Birthday,Gender,Location,Occupation,Hobby,Notes,Language,Group Membership,"
    "E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value,"
    "Phone 1 - Type,Phone 1 - Value,Address 1 - Type,Address 1 - Formatted,"
    "Address 1 - Street,Address 1 - City,Address 1 - Region,Address 1 - Country,"
    "Organization 1 - Type,Organization 1 - Name,Organization 1 - Title,"
    "Website 1 - Type,Website 1 - Value"
)
GOOGLE_NEW = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Last Name,"
    "Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,"
    "Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,"
    "E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Label,"
    "Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - Region,"
    "Address 1 - Postal Code,Address 1 - Country"
)
OUTLOOK = (
    "First Name,Middle Name,Last Name,Title,Suffix,Nickname,E-mail Address,"
    "E-mail 2 Address,E-mail 3 Address,Home Phone,Business Phone,Mobile Phone,"
    "Primary Phone,Job Title,Department,Company,Office Location,Business Street,"
    "Business City,Business State,Business Postal Code,Business Country/Region,"
    "Home City,Hobby,Location,Web Page,Birthday,Gender,Notes,Categories"
)
HUBSPOT = (
    "Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage,"
    "Contact owner,Associated Company,Company Name,Job Title,City,"
    "Country/Region,Create Date,Last Activity Date,Lead Status,"
    "Marketing contact status"
)
MAILCHIMP = (
    "Email Address,First Name,Last Name,Address,Phone Number,Birthday,MEMBER_RATING,"
    "OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,"
    "TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS"
)


def guessed(header: str, filled: set[str] | None = None) -> dict[str, str]:
    """{field: the column guessed for it}; `filled`: the only columns with values."""
    titles = header.split(",")
    has_values = None if filled is None else [title in filled for title in titles]
    mapping = guess_mapping(titles, has_values)
    return {target: titles[i] for i, target in enumerate(mapping) if target}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (GOOGLE_OLD, {
            "name": "Name", "first_name": "Given Name", "last_name": "Family Name",
            "gender": "Gender", "location": "Location", "occupation": "Occupation",
            "interests": "Hobby", "notes": "Notes", "languages": "Language",
            "email": "E-mail 1 - Value", "phone": "Phone 1 - Value",
            "company": "Organization 1 - Name",
        }),
        (GOOGLE_NEW, {
            "first_name": "First Name", "last_name": "Last Name",
            "company": "Organization Name", "occupation": "Organization Title",
            "notes": "Notes", "email": "E-mail 1 - Value", "phone": "Phone 1 - Value",
            "location": "Address 1 - City",
        }),
        (OUTLOOK, {
            "first_name": "First Name", "last_name": "Last Name",
            "email": "E-mail Address", "phone": "Mobile Phone",
            "occupation": "Job Title", "company": "Company",
            "location": "Location", "interests": "Hobby", "gender": "Gender",
            "notes": "Notes",
        }),
        (HUBSPOT, {
            "first_name": "First Name", "last_name": "Last Name", "email": "Email",
            "phone": "Phone Number", "stage": "Lifecycle Stage",
            "company": "Company Name", "occupation": "Job Title", "location": "City",
        }),
        (MAILCHIMP, {
            "email": "Email Address", "first_name": "First Name",
            "last_name": "Last Name", "location": "Address", "phone": "Phone Number",
            "notes": "NOTES",
        }),
        ("Column1,Column2,Column3", {}),  # Excel's table defaults: the user maps.
        ("A,B,C,D,E,F", {}),
    ],
)  # fmt: skip
def test_the_export_headers_of_common_tools_are_recognised(header, expected):
    assert guessed(header) == expected


def test_a_column_with_values_wins_over_an_empty_one_of_the_same_meaning():
    # Google's old "Location" is usually empty; the city is in the address.
    filled = {"Name", "E-mail 1 - Value", "Address 1 - City", "Business Phone"}
    assert guessed(GOOGLE_OLD, filled)["location"] == "Address 1 - City"
    assert guessed(OUTLOOK, filled)["phone"] == "Business Phone"


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
        ("email", "ann@example.com ::: ann@work.example", "ann@example.com"),
        ("phone", "+44 (0)20 7946-0000", "+44 (0)20 7946-0000"),
        ("phone", "06\u00a012\u202f34 56.78", "06 12 34 56.78"),
        ("phone", "+1 555 0100 ::: +1 555 0199", "+1 555 0100"),
        ("stage", "Customer", "client"),
        ("languages", "English; French | English", ["English", "French"]),
        ("red_flags", "Calls at weekends|", ["Calls at weekends"]),
        ("notes", "'=HYPERLINK(x)", "=HYPERLINK(x)"),
    ],
)
def test_values_are_read_from_stored_values_labels_and_synonyms(field, value, expected):
    assert clean_row(["Ann", value], ["name", field])[field] == expected


def test_values_of_choice_columns_become_what_the_practitioner_chose():
    stage = ValueMap({"opportunity": "prospect", "evangelist": "client"}, "past_client")
    gender = ValueMap({"unspecified": ""})
    values = {"stage": stage, "gender": gender}
    mapping = ["name", "stage", "gender"]
    assert clean_row(["Ann", "Evangelist", "Unspecified"], mapping, values) == {
        "name": "Ann",
        "stage": "client",
    }
    assert clean_row(["Ben", "Churned in 2019", ""], mapping, values)["stage"] == (
        "past_client"  # Not listed: every other value.
    )


def test_a_value_the_practitioner_left_out_rejects_its_row():
    values = {"stage": ValueMap({"other": LEAVE_OUT})}
    with pytest.raises(RowRejected, match="Left out, as you chose for the stage"):
        clean_row(["Ann", "Other"], ["name", "stage"], values)


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
        (["Ann", "", "", "", "", "", "", "", "y"],
         "The row has 9 cells but the header has 8"),
        (["An\x00n"], "The row contains a NUL character"),
        (["Ann", "", "", "", "", "", "", "555 HELP"],
         "“555 HELP” is not a phone number"),
        (["Ann", "", "", "", "", "", "", "1" * 33], "The phone is longer than 32"),
    ],
)  # fmt: skip
def test_a_bad_row_is_rejected_with_a_reason(cells, reason):
    mapping = ["name", "email", "stage", "age", "company_size", "company", "", "phone"]
    cells = cells + [""] * (len(mapping) - len(cells))
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


def run_import(
    *,
    contact_import: ContactImport,
    mapping: list[str],
    values: dict[str, ValueMap] | None = None,
) -> ImportResult:
    """Confirm the import with these columns and values, and run its job as the
    worker would; what it came to, rejected rows as (row number, reason)."""
    contact_import.mapping = mapping
    contact_import.save(update_fields=["mapping"])
    job = queue_import(contact_import=contact_import, values=values)
    import_jobs.run_import_job(job_id=job.pk)
    job.refresh_from_db()
    result = ImportResult.from_json(job.result)
    result.rejected = [tuple(row) for row in result.rejected]
    return result


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
    monkeypatch.setattr(import_jobs, "REJECTED_KEPT", 3)
    text = "name,age\n" + "Ann,x\n" * 5 + "Ben,40\n"
    result = import_all(upload(workspace, text))
    assert [row for row, _ in result.rejected] == [2, 3, 4]
    assert result.rejected_total == 5
    assert result.message == (
        "1 contact imported. 5 rows rejected and left out. The first 3 rejected rows "
        "are listed."
    )


def test_duplicates_are_found_across_batches_and_reasons_stay_in_row_order(
    workspace, monkeypatch
):
    """The emails met are kept by the database, committed with each batch
    (services/import_emails.py): a duplicate two batches later is still one."""
    monkeypatch.setattr(import_jobs, "ROWS_PER_BATCH", 2)
    ContactFactory(workspace=workspace, email="old@example.com")
    text = (
        "name,email\n"
        "Ann,ann@example.com\n"  # Row 2.
        "Ben,BEN@example.com\n"
        ",nobody@example.com\n"  # Row 4: no name.
        "Old,old@example.com\n"
        "Ann again,ann@example.com\n"  # Row 6.
        "Ben again,ben@example.com\n"
        "Cy,\n"
    )
    result = import_all(upload(workspace, text))
    assert result.imported == 3
    assert result.rejected == [
        (4, "The name is missing."),
        (
            5,
            "old@example.com is already a contact in your workspace; it was left "
            "unchanged.",
        ),
        (6, "Same email as row 2."),
        (7, "Same email as row 3."),
    ]
    assert result.without_email.first == [8]


def import_queries(workspace, rows: int) -> int:
    text = "name,email\n" + "".join(f"P{n},p{n}@example.com\n" for n in range(rows))
    contact_import = upload(workspace, text)
    with CaptureQueriesContext(connection) as queries:
        assert import_all(contact_import).imported == rows
    Contact.objects.filter(workspace=workspace).delete()
    return len(queries)


def test_an_import_runs_the_same_queries_for_5_or_500_rows(workspace):
    assert import_queries(workspace, 5) == import_queries(workspace, 500)


def test_a_database_failure_part_way_imports_nothing(workspace, monkeypatch):
    """A contact added by someone else between the check and the insert breaks the
    last row: the rows before it must be undone too."""
    ContactFactory(workspace=workspace, email="late@example.com")
    monkeypatch.setattr(import_jobs.SeenEmails, "taken", lambda self, emails: {})
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
    assert len(callbacks) == 2  # The import's job (run already), then the scoring.
    assert FitScore.objects.filter(persona=persona).count() == 2
    assert scores.score_unscored(workspace_id=workspace.pk) == 0


def test_an_import_that_fails_queues_no_scoring(
    workspace, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        import_all(upload(workspace, "name,age\nAnn,x\n"))
    assert len(callbacks) == 1  # The import's job only.


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


# Choosing the columns, then what their values become --------------------------------

HUBSPOT_FILE = (
    "Record ID,First Name,Last Name,Email,Lifecycle Stage,Company Name\n"
    "101,Ann,Archer,ann@example.com,Opportunity,Archer Ltd\n"
    "102,Ben,Brook,,Customer,\n"
    "103,Cat,Cole,cat@example.com,Evangelist,\n"
    "104,Dan,Dale,,Other,\n"
    "105,Eve,Ell,eve@example.com,customer,\n"
)
HUBSPOT_MAPPING = ["", "first_name", "last_name", "email", "stage", "company"]


def test_choosing_the_columns_counts_the_values_and_the_rows_without_email(workspace):
    contact_import = upload(workspace, HUBSPOT_FILE)
    choose_columns(contact_import=contact_import, mapping=HUBSPOT_MAPPING)
    contact_import.refresh_from_db()
    assert contact_import.mapping == HUBSPOT_MAPPING
    assert contact_import.checks["without_email"] == {"count": 2, "first": [3, 5]}
    assert contact_import.checks["values"]["stage"]["top"] == [
        ["Customer", "customer", 2],
        ["Opportunity", "opportunity", 1],
        ["Evangelist", "evangelist", 1],
        ["Other", "other", 1],
    ]
    assert contact_import.status == ContactImport.Status.UPLOADED


def test_without_an_email_column_every_row_lacks_an_email(workspace):
    contact_import = upload(workspace, HUBSPOT_FILE)
    choose_columns(contact_import=contact_import, mapping=["", "first_name"])
    contact_import.refresh_from_db()
    assert contact_import.checks["without_email"]["count"] == 5
    assert contact_import.checks["values"] == {}


def test_the_warnings_name_the_first_rows_and_count_the_rest():
    checks = {
        "swallowed": {"count": 1, "first": [7]},
        "without_email": {"count": 12, "first": list(range(2, 12))},
    }
    swallowed, without_email = imports.file_warnings(checks)
    assert swallowed.startswith("1 row may have swallowed the rows below it (row 7)")
    assert without_email.startswith(
        "12 rows have no email (rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more). They "
        "are imported all the same"
    )
    after = imports.file_warnings(
        {"without_email": {"count": 1, "first": [3]}}, imported=True
    )
    assert after == [
        "1 contact was imported without an email (row 3). Add their email to send "
        "them surveys."
    ]


def test_stages_are_imported_as_mapped_and_the_choices_remembered(
    workspace, other_workspace
):
    contact_import = upload(workspace, HUBSPOT_FILE)
    stage = ValueMap(
        {
            "customer": "client",
            "opportunity": "prospect",
            "evangelist": "client",
            "other": LEAVE_OUT,
        }
    )
    result = run_import(
        contact_import=contact_import,
        mapping=HUBSPOT_MAPPING,
        values={"stage": stage},
    )
    assert result.imported == 4
    assert result.rejected == [(5, "Left out, as you chose for the stage “Other”.")]
    stages = dict(Contact.objects.values_list("name", "stage"))
    assert stages == {
        "Ann Archer": "prospect",
        "Ben Brook": "client",
        "Cat Cole": "client",
        "Eve Ell": "client",
    }
    contact_import.refresh_from_db()
    assert contact_import.values == {"stage": stage.as_json()}
    assert contact_import.warnings == [
        "1 contact was imported without an email (row 3). Add their email to send "
        "them surveys."
    ]
    remembered = ValueChoice.objects.for_workspace(workspace).as_lookup()
    assert remembered == {"stage": stage.chosen}
    assert not ValueChoice.objects.for_workspace(other_workspace).exists()


def test_a_later_import_changes_what_is_remembered(workspace):
    for target in ("client", "past_client"):
        run_import(
            contact_import=upload(workspace, HUBSPOT_FILE.replace("@", f"{target}@")),
            mapping=HUBSPOT_MAPPING,
            values={"stage": ValueMap({"customer": target}, others="prospect")},
        )
    remembered = ValueChoice.objects.for_workspace(workspace).as_lookup()
    assert remembered == {"stage": {"customer": "past_client"}}
