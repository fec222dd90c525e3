"""CSV downloads (core/csv_export.py)."""

import pytest

from core.csv_export import csv_download, safe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Leeds", "Leeds"),
        (None, ""),
        (["a", "=b"], "a; =b"),
        (41, "41"),
    ],
)
def test_cells_a_spreadsheet_would_run_as_formulas_are_quoted(value, cell):
    assert safe_cell(value) == cell


@pytest.mark.django_db  # The rows are read in a transaction of their own.
def test_a_download_streams_a_bom_the_header_and_the_rows():
    response = csv_download(
        filename="contacts.csv", header=["name", "note"], rows=iter([["Ana", "=1+1"]])
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="contacts.csv"'
    body = b"".join(response.streaming_content).decode()
    assert body == "\ufeffname,note\r\nAna,'=1+1\r\n"
