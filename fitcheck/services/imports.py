"""Reading and checking an uploaded contact file, before it is imported.

The file is read a row at a time (see csvfiles.read_rows), so memory stays flat
whatever its length. It is read whole three times, each step of the import pages
once: at upload (`check_file`: can it be read at all, how many rows, which columns
hold values, which rows an unclosed quote may have swallowed), once the columns
are chosen (`choose_columns`: rows without an email, the distinct values of each
choice column for the practitioner to map), and by the import itself, in the
worker (import_jobs.py), which checks each row with `checked_rows`. The header's
names give a first guess of which column fills which contact field; the
practitioner can change it.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import IO

from fitcheck import csvfiles
from fitcheck.contact_rows import (
    RowCleaner,
    RowRejected,
    mapping_problems,
    swallowed_lines,
)
from fitcheck.contact_values import CHOICES, ValueCounter, ValueMap
from fitcheck.models import ContactImport
from fitcheck.models.erased import ErasedMatcher

PREVIEW_ROWS = 10
# HubSpot's "all properties" exports run to a few hundred columns; past this a
# file is not a contact list (and its page would weigh megabytes).
MAX_COLUMNS = 500
ROWS_NAMED = 10  # Row numbers a warning lists.


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


# Checking each row --------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedRow:
    """A row of the file once checked on its own: its contact's fields, or why
    it was rejected."""

    number: int
    fields: dict[str, object] | None
    rejection: str = ""


def checked_rows(
    rows: Iterable[tuple[int, list[str]]],
    mapping: list[str],
    values: dict[str, ValueMap],
    erased: ErasedMatcher,
) -> Iterator[CheckedRow]:
    """Each row of the file checked on its own (contact_rows.py), and against
    the people erased on request; duplicates are the import's to find."""
    cleaner = RowCleaner(mapping, values)
    for row_number, cells in rows:
        try:
            fields = cleaner.clean(cells)
            _check_not_erased(fields.get("email", ""), erased)
        except RowRejected as rejection:
            yield CheckedRow(row_number, None, str(rejection))
            continue
        yield CheckedRow(row_number, fields)


def _check_not_erased(email: str, erased: ErasedMatcher) -> None:
    """Someone erased on request comes back only by their own hand (the intake),
    never with a file. The reason names no address: it is stored with the
    import, and the whole point is not to keep theirs."""
    if email in erased:
        raise RowRejected(
            "This person was erased on request, so they were left out. Add them "
            "by hand only if they asked you to."
        )


def _row_list(rows: dict) -> str:
    named = ", ".join(f"{n:,}" for n in rows["first"])
    more = rows["count"] - len(rows["first"])
    return f"row{_s(rows['count'])} {named}" + (f" and {more:,} more" if more else "")


def _rows(count: int) -> str:
    return f"{count:,} row{_s(count)}"


def _at(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _s(count: int) -> str:
    return "" if count == 1 else "s"
