"""Comparing two versions of a persona: pure, so no database here."""

import ast
import sys
from pathlib import Path

import pytest

from personas import compare as comparing
from personas.compare import Row, compare, display

LABELS = {"name": "Name", "age_min": "Youngest age", "locations": "Where"}


def test_there_is_one_row_per_label_in_the_labels_order():
    rows = compare({}, {}, LABELS)
    assert [(row.field, row.label) for row in rows] == list(LABELS.items())


def test_unchanged_and_changed_rows_are_told_apart():
    before = {"name": "Maya", "age_min": 35, "locations": ["Leeds"]}
    after = {"name": "Maya", "age_min": 40, "locations": ["Leeds"]}
    rows = {row.field: row for row in compare(before, after, LABELS)}
    assert not rows["name"].changed
    assert not rows["locations"].changed
    assert rows["age_min"].changed
    assert (rows["age_min"].before, rows["age_min"].after) == ("35", "40")


def test_a_field_only_one_side_has_is_a_change():
    (row,) = compare({}, {"name": "Maya"}, {"name": "Name"})
    assert row == Row("name", "Name", "", "Maya")
    assert row.changed


def test_a_missing_value_and_an_empty_one_read_the_same():
    (row,) = compare({"age_min": None}, {}, {"age_min": "Youngest age"})
    assert not row.changed


def test_a_changed_item_in_a_list_stands_on_its_own_line():
    (row,) = compare(
        {"locations": ["Leeds", "York"]},
        {"locations": ["Leeds", "Hull"]},
        {"locations": "Where"},
    )
    assert row.before.splitlines() == ["Leeds", "York"]
    assert row.after.splitlines() == ["Leeds", "Hull"]
    assert row.changed


def test_reordering_a_list_is_a_change():
    (row,) = compare(
        {"dreams": [{"text": "A"}, {"text": "B"}]},
        {"dreams": [{"text": "B"}, {"text": "A"}]},
        {"dreams": "Dreams"},
    )
    assert row.changed


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, ""),
        ("", ""),
        ("Maya", "Maya"),
        (35, "35"),
        ([], ""),
        (["Leeds", "Remote"], "Leeds\nRemote"),
        (
            [{"text": "A waiting list"}, {"text": "Weekends off"}],
            "A waiting list\nWeekends off",
        ),
        (
            [
                {
                    "text": "Admin",
                    "intensity": 5,
                    "already_tried": "",
                    "cause": "Never trained",
                    "our_answer": "",
                }
            ],
            "Admin (intensity: 5; cause: Never trained)",
        ),
        (
            [
                {"text": "Calls at weekends", "severity": "deal_breaker"},
                {"text": "Haggles", "severity": "warning"},
            ],
            "Calls at weekends (severity: deal_breaker)\nHaggles (severity: warning)",
        ),
    ],
)
def test_values_are_displayed_as_text_one_item_per_line(value, shown):
    assert display(value) == shown


def test_a_changed_detail_of_a_part_is_a_change():
    before = {"pains": [{"text": "Admin", "intensity": 4}]}
    after = {"pains": [{"text": "Admin", "intensity": 5}]}
    (row,) = compare(before, after, {"pains": "Pains"})
    assert (row.before, row.after) == ("Admin (intensity: 4)", "Admin (intensity: 5)")
    assert row.changed


def test_the_module_imports_the_standard_library_only():
    tree = ast.parse(Path(comparing.__file__).read_text())
    modules = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    modules += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert {name.split(".")[0] for name in modules} <= sys.stdlib_module_names
