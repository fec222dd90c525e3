"""Importing contacts from a CSV file.

The file is read a row at a time (see csvfiles.read_rows), so memory stays flat
whatever its length. The header's names give a first guess of which column fills
which contact field; the practitioner can change it. Each row is then checked on its
own and either becomes a contact or is rejected with its row number and a reason
(those rules, pure, are in contact_rows.py).

`run_import` is the one write: the valid rows are streamed into the table with one
COPY inside a single transaction, so a file lands whole or not at all.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import IO

from django.db import DatabaseError, connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from psycopg import sql

from core.tasks import enqueue_after_commit
from fitcheck import csvfiles
from fitcheck.contact_rows import RowRejected, clean_row, mapping_problems
from fitcheck.models import Contact, ContactImport, ErasedAddress
from fitcheck.models.erased import ErasedMatcher
from fitcheck.tasks import score_imported

logger = logging.getLogger(__name__)

PREVIEW_ROWS = 10
REJECTED_KEPT = 1000


class AlreadyImported(Exception):
    """The file was imported before; importing it again would add every row twice."""


@dataclass(frozen=True)
class Head:
    """The start of a file: what the preview shows."""

    delimiter: str
    header: list[str]
    rows: list[list[str]]
    row_count: int = 0


@dataclass
class ImportResult:
    imported: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    rejected_total: int = 0
    problem: str = ""

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
    """Read the whole file once: its start for the preview, and how many data rows
    it has. Raises BadFile for a file that cannot be imported at all."""
    reading = csvfiles.read_rows(binary)
    first = [cells for _, cells in islice(reading.rows, PREVIEW_ROWS)]
    count = len(first) + sum(1 for _ in reading.rows)
    if not count:
        raise csvfiles.BadFile("The file has a header row but no contacts below it.")
    return Head(reading.delimiter, reading.header, first, count)


def read_head(binary: IO[bytes]) -> Head:
    """The header and the first rows, reading no further."""
    reading = csvfiles.read_rows(binary)
    first = [cells for _, cells in islice(reading.rows, PREVIEW_ROWS)]
    return Head(reading.delimiter, reading.header, first)


# The import ---------------------------------------------------------------------------


def run_import(*, contact_import: ContactImport, mapping: list[str]) -> ImportResult:
    """Import the valid rows of the file, all in one transaction, and queue their
    scoring. Raises AlreadyImported when the file was imported before (checked
    under a row lock, so two clicks cannot both import it)."""
    if problems := mapping_problems(mapping):
        raise ValueError(" ".join(problems))
    with transaction.atomic():
        locked = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
        if locked.status == ContactImport.Status.IMPORTED:
            raise AlreadyImported
        result = _insert_valid_rows(locked, mapping)
        locked.status = (
            ContactImport.Status.IMPORTED
            if result.imported
            else ContactImport.Status.FAILED
        )
        locked.mapping = mapping
        locked.imported_count = result.imported
        locked.rejected = [list(item) for item in result.rejected]
        locked.message = result.message
        locked.save()
        if result.imported:
            enqueue_after_commit(score_imported, import_id=locked.pk)
    return result


def _insert_valid_rows(
    contact_import: ContactImport, mapping: list[str]
) -> ImportResult:
    result = ImportResult()
    seen = _existing_emails(contact_import.workspace_id)
    erased = ErasedAddress.objects.matcher(contact_import.workspace_id)
    try:
        # A savepoint: if anything fails part way, every row before it is undone.
        with transaction.atomic(), contact_import.file.open("rb") as binary:
            rows = _valid_rows(binary, contact_import, mapping, seen, erased, result)
            result.imported = _copy_contacts(rows)
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


def _valid_rows(
    binary: IO[bytes],
    contact_import: ContactImport,
    mapping: list[str],
    seen: dict[str, int],
    erased: ErasedMatcher,
    result: ImportResult,
) -> Iterator[dict[str, object]]:
    reading = csvfiles.read_rows(binary)
    if len(reading.header) != len(mapping):
        raise ValueError("The mapping must have one entry per column.")
    for row_number, cells in reading.rows:
        try:
            fields = clean_row(cells, mapping)
            _check_not_erased(fields.get("email", ""), erased)
            _check_unique(fields.get("email", ""), row_number, seen)
        except RowRejected as rejection:
            result.reject(row_number, str(rejection))
            continue
        fields["workspace_id"] = contact_import.workspace_id
        yield fields


def _copy_contacts(rows: Iterator[dict[str, object]]) -> int:
    """Stream the rows into the contacts table with PostgreSQL's COPY. Measured on
    50,000 rows, it inserts about thirty times faster than bulk_create (which spends
    its time building SQL text), and it holds no batch in memory."""
    now = timezone.now()
    fields = [f for f in Contact._meta.concrete_fields if not f.primary_key]
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


def _check_unique(email: str, row_number: int, seen: dict[str, int]) -> None:
    """Emails are unique per workspace: `seen` maps each email already taken to the
    row that took it (0 for contacts that were there before the import)."""
    if not email:
        return
    if email in seen:
        first = seen[email]
        raise RowRejected(
            f"{email} is already a contact in your workspace; it was left unchanged."
            if first == 0
            else f"Same email as row {first:,}."
        )
    seen[email] = row_number


def _check_not_erased(email: str, erased: ErasedMatcher) -> None:
    """Someone erased on request comes back only by their own hand (the intake),
    never with a file. The reason names no address: it is stored with the
    import, and the whole point is not to keep theirs."""
    if email in erased:
        raise RowRejected(
            "This person was erased on request, so they were left out. Add them "
            "by hand only if they asked you to."
        )


def _existing_emails(workspace_id: int) -> dict[str, int]:
    emails = (
        Contact.objects.filter(workspace_id=workspace_id)
        .exclude(email="")
        .values_list(Lower("email"), flat=True)
    )
    return dict.fromkeys(emails.iterator(chunk_size=5000), 0)


def _s(count: int) -> str:
    return "" if count == 1 else "s"
