"""CSV downloads: streamed line by line, and safe to open in a spreadsheet.

Spreadsheets must never run a cell as a formula, so a cell that would start one
gets a leading quote (fitcheck's import takes it off again).
"""

import csv
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

# Cells starting with these are formulas in Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if isinstance(value, list | tuple):
        text = "; ".join(str(item) for item in value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write() returns the line, for streaming."""

    def write(self, value: str) -> str:
        return value


def stream_rows(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """CSV lines one by one (BOM first, so Excel reads UTF-8), for a
    StreamingHttpResponse: memory stays flat whatever the number of rows. The
    header is escaped like the data: it may hold text people typed (questions).

    The rows are read in a transaction of their own. The response streams after
    the view's transaction (ATOMIC_REQUESTS) has committed, and a queryset's
    `.iterator()` outside a transaction reads through a cursor declared WITH
    HOLD, which PgBouncer's transaction pooling loses between two fetches; inside
    one, the cursor lives and dies with the transaction (Django's documented way
    to keep server-side cursors behind a transaction pooler)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([safe_cell(name) for name in header])
    # A client that goes away mid-download closes this generator: the
    # transaction rolls back, having written nothing.
    with transaction.atomic():
        for row in rows:
            yield writer.writerow([safe_cell(value) for value in row])


def csv_download(
    *, filename: str, header: list[str], rows: Iterable[Iterable[object]]
) -> StreamingHttpResponse:
    """A CSV file to save as `filename`, streamed a row at a time."""
    return StreamingHttpResponse(
        stream_rows(header, rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
