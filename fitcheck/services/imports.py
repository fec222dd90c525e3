"""Importing contacts from a CSV file.

The file is read a row at a time (see csvfiles.read_rows), so memory stays flat
whatever its length. It is read whole three times, each step of the import pages
once: at upload (`check_file`: can it be read at all, how many rows, which columns
hold values, which rows an unclosed quote may have swallowed), once the columns
are chosen (`choose_columns`: rows without an email, the distinct values of each
choice column for the practitioner to map), and at the import itself. The header's
names give a first guess of which column fills which contact field; the
practitioner can change it. Each row is then checked on its own and either becomes
a contact or is rejected with its row number and a reason (those rules, pure, are
in contact_rows.py and contact_values.py).

`run_import` is the one write: the valid rows are streamed into the table with
COPY, a batch at a time, inside a single transaction, so a file lands whole or not
at all. The emails met so far, to reject duplicates, are kept by PostgreSQL
(import_emails.py), so the worker's memory does not grow with the file.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import batched, islice
from typing import IO

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from psycopg import sql

from core.tasks import enqueue_after_commit
from fitcheck import csvfiles
from fitcheck.contact_rows import (
    RowRejected,
    clean_row,
    mapping_problems,
    swallowed_lines,
)
from fitcheck.contact_values import (
    CHOICES,
    REMEMBERED_LENGTH,
    ValueCounter,
    ValueMap,
)
from fitcheck.models import Contact, ContactImport, ErasedAddress, ValueChoice
from fitcheck.models.erased import ErasedMatcher
from fitcheck.services.import_emails import SeenEmails
from fitcheck.tasks import score_imported

logger = logging.getLogger(__name__)

PREVIEW_ROWS = 10
REJECTED_KEPT = 1000
# HubSpot's "all properties" exports run to a few hundred columns; past this a
# file is not a contact list (and its page would weigh megabytes).
MAX_COLUMNS = 500
ROWS_NAMED = 10  # Row numbers a warning lists.
# Rows checked for duplicates and copied in at a time: the worker holds one
# batch, whatever the file's length.
ROWS_PER_BATCH = 5000


class AlreadyImported(Exception):
    """The file was imported before; importing it again would add every row twice."""


@dataclass
class RowNumbers:
    """How many rows something applies to, and the first ROWS_NAMED of them."""

    count: int = 0
    first: list[int] = field(default_factory=list)

    def add(self, row_number: int) -> None:
        self.count += 1
        if len(self.first) < ROWS_NAMED:
            self.first.append(row_number)

    def as_json(self) -> dict:
        return {"count": self.count, "first": self.first}


@dataclass(frozen=True)
class Head:
    """The start of a file: what the preview shows. `check_file` also fills in
    what only reading every row can tell."""

    delimiter: str
    header: list[str]
    rows: list[list[str]]
    row_count: int = 0
    filled: list[bool] = field(default_factory=list)
    swallowed: RowNumbers = field(default_factory=RowNumbers)

    def samples(self, index: int, count: int = 3) -> list[str]:
        """The first few distinct values of a column, for the mapping table."""
        values = (row[index].strip() for row in self.rows if index < len(row))
        return list(islice(dict.fromkeys(v for v in values if v), count))

    def as_checks(self) -> dict:
        """What ContactImport.checks keeps of it."""
        return {
            "rows": self.row_count,
            "filled": self.filled,
            "swallowed": self.swallowed.as_json(),
        }


@dataclass
class ImportResult:
    imported: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    rejected_total: int = 0
    problem: str = ""
    without_email: RowNumbers = field(default_factory=RowNumbers)

    def reject(self, row_number: int, reason: str) -> None:
        self.rejected_total += 1
        if len(self.rejected) < REJECTED_KEPT:
            self.rejected.append((row_number, reason))

    @property
    def message(self) -> str:
        if not self.imported:
            return f"Nothing was imported: {self.problem}"
        text = f"{self.imported:,} contact{_s(self.imported)} imported."
        if self.rejected_total:
            text += f" {self.rejected_total:,} row{_s(self.rejected_total)} rejected"
            text += " and left out."
        if self.rejected_total > len(self.rejected):
            text += f" The first {len(self.rejected):,} rejected rows are listed."
        return text


# Reading the file -------------------------------------------------------------------


def check_file(binary: IO[bytes]) -> Head:
    """Read the whole file once: its start for the preview, how many data rows it
    has, which columns hold values and which rows look like they swallowed
    others. Raises BadFile for a file that cannot be imported at all."""
    reading = csvfiles.read_rows(binary)
    width = len(reading.header)
    if width > MAX_COLUMNS:
        raise csvfiles.BadFile(
            f"The file has {width:,} columns; a contact list has at most "
            f"{MAX_COLUMNS:,}. Keep only the columns about your contacts (in your "
            "spreadsheet, delete the others), save it as CSV again and upload that."
        )
    first, count, swallowed = [], 0, RowNumbers()
    empty = set(range(width))  # Columns with no value so far.
    for row_number, cells in reading.rows:
        count += 1
        if len(first) < PREVIEW_ROWS:
            first.append(cells)
        empty -= {i for i in empty if i < len(cells) and cells[i].strip()}
        if swallowed_lines(cells, width, reading.delimiter):
            swallowed.add(row_number)
    if not count:
        raise csvfiles.BadFile("The file has a header row but no contacts below it.")
    filled = [i not in empty for i in range(width)]
    return Head(reading.delimiter, reading.header, first, count, filled, swallowed)


def read_head(binary: IO[bytes]) -> Head:
    """The header and the first rows, reading no further."""
    reading = csvfiles.read_rows(binary)
    first = [cells for _, cells in islice(reading.rows, PREVIEW_ROWS)]
    return Head(reading.delimiter, reading.header, first)


def choose_columns(*, contact_import: ContactImport, mapping: list[str]) -> None:
    """Keep the columns chosen, with what the file holds under them: the rows
    without an email, and the distinct values of each choice column. Raises
    BadFile when the file can no longer be read."""
    if problems := mapping_problems(mapping):
        raise ValueError(" ".join(problems))
    without_email = RowNumbers()
    counters = {t: ValueCounter() for t in mapping if t in CHOICES}
    email = mapping.index("email") if "email" in mapping else None
    with contact_import.file.open("rb") as binary:
        for row_number, cells in csvfiles.read_rows(binary).rows:
            if email is None or not _at(cells, email).strip():
                without_email.add(row_number)
            for index, target in enumerate(mapping):
                if target in counters:
                    counters[target].add(_at(cells, index))
    contact_import.mapping = mapping
    contact_import.checks = {
        **contact_import.checks,
        "without_email": without_email.as_json(),
        "values": {target: c.as_json() for target, c in counters.items()},
    }
    contact_import.save(update_fields=["mapping", "checks"])


def file_warnings(checks: dict, *, imported: bool = False) -> list[str]:
    """What the practitioner should know about the file, before the import (from
    ContactImport.checks) or after it (`imported`, from what it found)."""
    warnings = []
    if swallowed := checks.get("swallowed", {}).get("count"):
        warnings.append(
            f"{_rows(swallowed)} may have swallowed the rows below "
            f"{'it' if swallowed == 1 else 'them'} ({_row_list(checks['swallowed'])}): "
            'a cell starts with a quote (") that is never closed, so the lines after '
            "it were read into that one cell. Check those rows in your spreadsheet; "
            "if they are wrong, fix the file and upload it again."
        )
    if missing := checks.get("without_email", {}).get("count"):
        rows = _row_list(checks["without_email"])
        warnings.append(
            f"{missing:,} contact{_s(missing)} {'was' if missing == 1 else 'were'} "
            f"imported without an email ({rows}). Add their email to send them "
            "surveys."
            if imported
            else f"{_rows(missing)} ha{'s' if missing == 1 else 've'} no email "
            f"({rows}). They are imported all the same, since a contact needs only "
            "a name, but you cannot send them surveys until you add their email."
        )
    return warnings


def _row_list(rows: dict) -> str:
    named = ", ".join(f"{n:,}" for n in rows["first"])
    more = rows["count"] - len(rows["first"])
    return f"row{_s(rows['count'])} {named}" + (f" and {more:,} more" if more else "")


def _rows(count: int) -> str:
    return f"{count:,} row{_s(count)}"


def _at(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


# The import ---------------------------------------------------------------------------


def run_import(
    *,
    contact_import: ContactImport,
    mapping: list[str],
    values: dict[str, ValueMap] | None = None,
) -> ImportResult:
    """Import the valid rows of the file, all in one transaction, and queue their
    scoring. `values` says what the values of choice columns become; the
    workspace remembers it for its next import. Raises AlreadyImported when the
    file was imported before (checked under a row lock, so two clicks cannot both
    import it)."""
    if problems := mapping_problems(mapping):
        raise ValueError(" ".join(problems))
    values = values or {}
    with transaction.atomic():
        locked = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
        if locked.status == ContactImport.Status.IMPORTED:
            raise AlreadyImported
        result = _insert_valid_rows(locked, mapping, values)
        locked.status = (
            ContactImport.Status.IMPORTED
            if result.imported
            else ContactImport.Status.FAILED
        )
        locked.mapping = mapping
        locked.values = {target: m.as_json() for target, m in values.items()}
        locked.imported_count = result.imported
        locked.rejected = [list(item) for item in result.rejected]
        locked.message = result.message
        found = {
            "swallowed": locked.checks.get("swallowed", {}),
            "without_email": result.without_email.as_json(),
        }
        locked.warnings = file_warnings(found, imported=True) if result.imported else []
        locked.save()
        _remember(locked.workspace_id, values)
        if result.imported:
            enqueue_after_commit(score_imported, import_id=locked.pk)
    return result


def _remember(workspace_id: int, values: dict[str, ValueMap]) -> None:
    """Keep what each listed value became, for the workspace's next import."""
    now = timezone.now()
    choices = [
        ValueChoice(
            workspace_id=workspace_id,
            field=target,
            value=key,
            target=chosen,
            updated_at=now,
        )
        for target, value_map in values.items()
        for key, chosen in value_map.chosen.items()
        if len(key) <= REMEMBERED_LENGTH
    ]
    ValueChoice.objects.bulk_create(
        choices,
        update_conflicts=True,
        unique_fields=["workspace", "field", "value"],
        update_fields=["target", "updated_at"],
    )


def _insert_valid_rows(
    contact_import: ContactImport, mapping: list[str], values: dict[str, ValueMap]
) -> ImportResult:
    result = ImportResult()
    erased = ErasedAddress.objects.matcher(contact_import.workspace_id)
    try:
        # A savepoint: if anything fails part way, every row before it is undone.
        with transaction.atomic(), contact_import.file.open("rb") as binary:
            seen = SeenEmails(contact_import.workspace_id)
            rows = _checked_rows(binary, contact_import, mapping, values, erased)
            for batch in batched(rows, ROWS_PER_BATCH):
                result.imported += _copy_contacts(_unique_rows(batch, seen, result))
            seen.drop()
    except csvfiles.BadFile as problem:
        result.imported, result.problem = 0, str(problem)
    except DatabaseError:
        logger.exception("Import %s failed at the database", contact_import.pk)
        result.imported = 0
        result.problem = (
            "the database refused part of the file, so the whole import was undone "
            "and no contact was added. Please try again; if it fails again, tell us."
        )
    else:
        if not result.imported:
            result.problem = "none of the rows could be used (see the reasons below)."
    return result


@dataclass(frozen=True)
class CheckedRow:
    """A row of the file once checked on its own: its contact's fields, or why
    it was rejected."""

    number: int
    fields: dict[str, object] | None
    rejection: str = ""


def _checked_rows(
    binary: IO[bytes],
    contact_import: ContactImport,
    mapping: list[str],
    values: dict[str, ValueMap],
    erased: ErasedMatcher,
) -> Iterator[CheckedRow]:
    reading = csvfiles.read_rows(binary)
    if len(reading.header) != len(mapping):
        raise ValueError("The mapping must have one entry per column.")
    for row_number, cells in reading.rows:
        try:
            fields = clean_row(cells, mapping, values)
            _check_not_erased(fields.get("email", ""), erased)
        except RowRejected as rejection:
            yield CheckedRow(row_number, None, str(rejection))
            continue
        fields["workspace_id"] = contact_import.workspace_id
        yield CheckedRow(row_number, fields)


def _unique_rows(
    batch: tuple[CheckedRow, ...], seen: SeenEmails, result: ImportResult
) -> list[dict[str, object]]:
    """The batch's rows to insert, in file order: a row whose email an existing
    contact or an earlier row has is rejected, and so are rows rejected on
    their own, so the reasons stay in row order."""
    emails = [row.fields["email"] for row in batch if row.fields and _email(row)]
    taken = seen.taken(emails)
    rows, new = [], {}
    for row in batch:
        if row.fields is None:
            result.reject(row.number, row.rejection)
            continue
        if email := _email(row):
            first = taken.get(email, new.get(email))
            if first is not None:
                result.reject(row.number, _duplicate(email, first))
                continue
            new[email] = row.number
        else:
            result.without_email.add(row.number)
        rows.append(row.fields)
    seen.add(new)
    return rows


def _email(row: CheckedRow) -> str:
    return row.fields.get("email", "") if row.fields else ""


def _copy_contacts(rows: Iterator[dict[str, object]]) -> int:
    """Stream the rows into the contacts table with PostgreSQL's COPY. Measured on
    50,000 rows, it inserts about thirty times faster than bulk_create (which spends
    its time building SQL text)."""
    now = timezone.now()
    fields = [
        f
        for f in Contact._meta.concrete_fields
        if not f.primary_key and not f.generated  # PostgreSQL fills search_text.
    ]
    defaults = {f.attname: f.get_default() for f in fields}
    defaults |= {
        "source": Contact.Source.IMPORTED,
        "created_at": now,
        "updated_at": now,
    }
    columns = sql.SQL(", ").join(sql.Identifier(f.column) for f in fields)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(Contact._meta.db_table), columns
    )
    count = 0
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,  # As Django's own errors, like any query.
        cursor.copy(statement) as copy,
    ):
        for row in rows:
            copy.write_row([row.get(f.attname, defaults[f.attname]) for f in fields])
            count += 1
    return count


def _duplicate(email: str, first: int) -> str:
    """Why a row is rejected whose email is taken: by a contact there before the
    import (`first` 0), or by an earlier row of the file."""
    if first == 0:
        return f"{email} is already a contact in your workspace; it was left unchanged."
    return f"Same email as row {first:,}."


def _check_not_erased(email: str, erased: ErasedMatcher) -> None:
    """Someone erased on request comes back only by their own hand (the intake),
    never with a file. The reason names no address: it is stored with the
    import, and the whole point is not to keep theirs."""
    if email in erased:
        raise RowRejected(
            "This person was erased on request, so they were left out. Add them "
            "by hand only if they asked you to."
        )


def _s(count: int) -> str:
    return "" if count == 1 else "s"
