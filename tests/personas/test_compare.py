"""Comparing two versions of a persona: pure, so no database here."""

import ast
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from personas import compare as comparing
from personas.compare import Detail, Item, Segment, compare, diff_items, word_diff


@dataclass(frozen=True)
class Words:
    name: str
    label: str
    choices: dict = field(default_factory=dict)
    is_list: bool = False

    def show(self, value: object) -> str:
        if value is None:
            return ""
        return str(self.choices.get(value, value))


@dataclass(frozen=True)
class PartList:
    name: str
    label: str
    fields: tuple

    @property
    def details(self):
        return self.fields[1:]


AGE = Words("age_min", "Youngest age")
WHERE = Words("locations", "Where they live or work", is_list=True)
GENDERS = Words(
    "genders", "Genders", {"women": "Women", "non_binary": "Non-binary"}, True
)
PAINS = PartList(
    "pains",
    "Pains",
    (
        Words("text", "Pain"),
        Words("intensity", "How much it hurts (1 to 5)"),
        Words("already_tried", "What they already tried"),
    ),
)
FLAGS = PartList(
    "red_flags",
    "Red flags",
    (
        Words("text", "Behaviour or trait to avoid"),
        Words("severity", "Severity", {"deal_breaker": "Deal-breaker"}),
    ),
)


def test_there_is_one_row_per_field_then_one_per_list_of_parts():
    rows = compare({}, {}, [AGE, WHERE], [PAINS])
    assert [(row.field, row.label) for row in rows] == [
        ("age_min", "Youngest age"),
        ("locations", "Where they live or work"),
        ("pains", "Pains"),
    ]
    assert not any(row.changed for row in rows)


def test_a_changed_value_keeps_both_sides_in_words():
    (row,) = compare({"age_min": 35}, {"age_min": 40}, [AGE])
    assert row.changed
    assert (row.before, row.after) == ("35", "40")
    assert not row.is_list


def test_a_missing_value_and_an_empty_one_read_the_same():
    (row,) = compare({"age_min": None}, {}, [AGE])
    assert not row.changed


def test_adding_one_item_to_a_list_is_one_added_item():
    (row,) = compare(
        {"locations": ["Leeds", "York"]},
        {"locations": ["Leeds", "York", "Hull"]},
        [WHERE],
    )
    assert row.changed
    assert row.items == (
        Item("same", "Leeds", "Leeds"),
        Item("same", "York", "York"),
        Item("added", "", "Hull"),
    )
    assert row.changed_items == (Item("added", "", "Hull"),)


def test_an_item_replaced_in_place_is_changed_and_a_dropped_one_removed():
    items = diff_items(["Leeds", "York", "Bath"], ["Leeds", "Hull"])
    assert items == (
        Item("same", "Leeds", "Leeds"),
        Item("changed", "York", "Hull"),
        Item("removed", "Bath", ""),
    )


def test_reordering_shows_the_moved_item_only():
    items = diff_items(["A", "B", "C"], ["B", "C", "A"])
    assert [item.change for item in items] == ["same", "same", "moved"]
    assert items[-1] == Item("moved", "A", "A")


def test_choices_are_compared_and_shown_in_words():
    (row,) = compare(
        {"genders": ["women"]}, {"genders": ["women", "non_binary"]}, [GENDERS]
    )
    assert row.changed_items == (Item("added", "", "Non-binary"),)


def test_a_part_whose_details_changed_lists_each_changed_detail():
    before = {"pains": [{"text": "Admin", "intensity": 4, "already_tried": "Excel"}]}
    after = {"pains": [{"text": "Admin", "intensity": 5, "already_tried": "Excel"}]}
    (row,) = compare(before, after, [], [PAINS])
    assert row.items == (
        Item(
            "changed",
            "Admin",
            "Admin",
            (Detail("How much it hurts (1 to 5)", "4", "5"),),
        ),
    )


def test_an_added_part_brings_its_details_and_a_choice_in_words():
    before = {"red_flags": [{"text": "Haggles", "severity": "warning"}]}
    after = {
        "red_flags": [
            {"text": "Haggles", "severity": "warning"},
            {"text": "Calls at weekends", "severity": "deal_breaker"},
        ]
    }
    (row,) = compare(before, after, [], [FLAGS])
    assert row.changed_items == (
        Item(
            "added",
            "",
            "Calls at weekends",
            (Detail("Severity", "", "Deal-breaker"),),
        ),
    )


def test_a_part_moved_past_another_that_changed_says_both():
    before = {"pains": [{"text": "A", "intensity": 3}, {"text": "B", "intensity": 3}]}
    after = {"pains": [{"text": "B", "intensity": 3}, {"text": "A", "intensity": 5}]}
    (row,) = compare(before, after, [], [PAINS])
    assert row.items == (
        Item("moved", "B", "B"),
        Item("changed", "A", "A", (Detail("How much it hurts (1 to 5)", "3", "5"),)),
    )


def test_a_part_that_moved_and_changed_is_not_called_moved():
    before = {"pains": [{"text": "A", "intensity": 3}, {"text": "B", "intensity": 3}]}
    after = {"pains": [{"text": "B", "intensity": 4}, {"text": "A", "intensity": 3}]}
    (row,) = compare(before, after, [], [PAINS])
    assert [(item.change, item.after) for item in row.changed_items] == [
        ("added", "B"),
        ("removed", ""),
    ]


def test_sentences_are_compared_word_by_word():
    assert word_diff(
        "Physio opening her own practice", "Physio with her own practice"
    ) == (
        Segment("same", "Physio "),
        Segment("removed", "opening"),
        Segment("added", "with"),
        Segment("same", " her own practice"),
    )


def test_short_values_are_not_compared_word_by_word():
    assert word_diff("Warning", "Deal-breaker") is None
    assert word_diff("Spreadsheets", "Spreadsheets and a part-time assistant") is None


def test_a_changed_sentence_marks_each_side():
    before, after = "She runs a small clinic", "She runs a busy clinic"
    (row,) = compare({"tagline": before}, {"tagline": after}, [Words("tagline", "T")])
    assert [s.text for s in row.before_segments if s.change == "removed"] == ["small"]
    assert [s.text for s in row.after_segments if s.change == "added"] == ["busy"]
    assert "".join(s.text for s in row.after_segments) == after


def test_each_change_has_words_to_show():
    assert [Item(change, "", "").words for change in ("added", "moved")] == [
        "Added",
        "Moved",
    ]


@given(
    st.lists(st.sampled_from("abcdefgh"), unique=True),
    st.lists(st.sampled_from("abcdefgh"), unique=True),
)
def test_the_diff_accounts_for_every_item_of_both_lists(before, after):
    items = diff_items(before, after)
    assert [item.after for item in items if item.change != "removed"] == after
    kept = [item.before for item in items if item.change != "added"]
    assert Counter(kept) == Counter(before)
    assert all(item.before == item.after for item in items if item.change == "same")


words = st.sampled_from(["she", "runs", "a", "clinic", "busy", "small"])
spaces = st.sampled_from([" ", "  ", "\n", " \n"])
sentences = st.lists(st.tuples(words, spaces), min_size=4).map(
    lambda pairs: "".join(word + space for word, space in pairs)
)


@given(sentences, sentences)
def test_a_word_diff_gives_back_both_texts(before, after):
    segments = word_diff(before, after)
    assert "".join(s.text for s in segments if s.change != "added") == before
    assert "".join(s.text for s in segments if s.change != "removed") == after


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
