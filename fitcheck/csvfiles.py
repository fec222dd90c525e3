"""CSV files in: reading an uploaded file (writing one is core/csv_export.py).

Reading streams: the file is decoded as UTF-8 (a byte-order mark is allowed), the
delimiter (comma or semicolon) is the one that splits the header row into more
columns, and rows are read one at a time, so a file of any length needs the same
small memory. Row numbers count the header as row 1, as a spreadsheet does.
"""

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

DELIMITERS = (",", ";")
WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx and old .xls files


class BadFile(Exception):
    """The file as a whole cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Reading:
    delimiter: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]


def read_rows(binary: IO[bytes]) -> Reading:
    """The delimiter, the header and an iterator of (row number, cells) for the
    data rows; blank rows are left out. Raises BadFile, also while iterating,
    for a file that is not UTF-8 CSV."""
    binary.seek(0)
    if binary.read(4).startswith(WORKBOOK_MAGIC):
        raise BadFile(
            "This is an Excel workbook, not a CSV file. In Excel choose File › Save "
            "As › CSV UTF-8, then upload that file."
        )
    binary.seek(0)
    lines = _decoded_lines(binary)
    first = _read(lambda: next(lines, ""), row_number=1)
    if not first.strip():
        rest = _read(lambda: any(line.strip() for line in lines), row_number=2)
        raise BadFile(
            "The first row is empty: it must name the columns, for example name, "
            "email, stage."
            if rest
            else "The file is empty."
        )
    delimiter = sniff_delimiter(first)
    reader = csv.reader(_chain(first, lines), delimiter=delimiter)
    header = [cell.strip() for cell in _read(lambda: next(reader), row_number=1)]
    if not any(header):
        raise BadFile(
            "The first row has no column names: it must name the columns, for "
            "example name, email, stage."
        )
    return Reading(delimiter, header, _data_rows(reader))


def _decoded_lines(binary: IO[bytes]) -> Iterator[str]:
    """Line by line, so a byte that is not UTF-8 is found in the row it is in.
    (Line ends are single bytes that never occur inside a UTF-8 character.)"""
    encoding = "utf-8-sig"  # A byte-order mark may start the first line only.
    for line in binary:
        yield line.decode(encoding)
        encoding = "utf-8"


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header into the most columns (comma on a tie)."""
    widths = {d: len(next(csv.reader([header_line], delimiter=d))) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: widths[d])


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _read[T](read: Callable[[], T], row_number: int) -> T:
    try:
        return read()
    except UnicodeDecodeError:
        raise BadFile(_not_utf8(row_number)) from None
    except csv.Error as error:
        raise BadFile(_not_csv(row_number, error)) from None


def _data_rows(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    row_number = 1
    while True:
        cells = _read(lambda: next(reader, None), row_number + 1)
        if cells is None:
            return
        row_number += 1
        if any(cell.strip() for cell in cells):
            yield row_number, cells


def _not_utf8(row_number: int) -> str:
    return (
        f"Row {row_number:,} is not UTF-8 text, so the file cannot be read. Save "
        "it again as “CSV UTF-8” (in Excel: File › Save As › CSV UTF-8) and upload "
        "that file."
    )


def _not_csv(row_number: int, error: csv.Error) -> str:
    return f"Row {row_number:,} cannot be read as CSV ({error})."
