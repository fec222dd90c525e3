"""What the values of choice columns become: guesses, the practitioner's map, and
counting the distinct values of a column with bounded memory."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fitcheck import contact_values
from fitcheck.contact_values import (
    LEAVE_OUT,
    VALUES_SHOWN,
    ValueCounter,
    ValueMap,
    guess,
    normalise,
    options,
)

HUBSPOT_STAGES = [
    ("Subscriber", "prospect"),
    ("Lead", "prospect"),
    ("Marketing qualified lead", "prospect"),
    ("Sales qualified lead", "prospect"),
    ("Opportunity", "prospect"),
    ("Customer", "client"),
    ("Evangelist", "client"),
    ("Other", "prospect"),
]


@pytest.mark.parametrize(("value", "expected"), HUBSPOT_STAGES)
def test_hubspot_lifecycle_stages_get_sensible_guesses(value, expected):
    assert guess("stage", normalise(value), {}).target == expected


@pytest.mark.parametrize(
    ("target", "value", "expected", "why"),
    [
        ("stage", "Past client", "past_client", "Same name"),
        ("stage", "past_client", "past_client", "Same name"),
        ("stage", "Customer", "client", "Usual meaning"),
        ("stage", "Friend of Sam", "prospect", "Not recognised"),
        ("gender", "Female", "women", "Usual meaning"),
        ("gender", "Unspecified", "", "Usual meaning"),
        ("gender", "Prefers not to say", "", "Not recognised"),
        ("education", "University degree", "bachelor", "Same name"),
    ],
)
def test_a_guess_says_why(target, value, expected, why):
    assert guess(target, normalise(value), {}) == contact_values.Guess(expected, why)


def test_what_the_workspace_chose_last_time_comes_first():
    remembered = {"customer": "past_client", "other": LEAVE_OUT}
    assert guess("stage", "customer", remembered).target == "past_client"
    assert guess("stage", "other", remembered).target == LEAVE_OUT
    assert guess("stage", "customer", remembered).why == "As at your last import"


def test_a_remembered_choice_that_no_longer_exists_is_ignored():
    assert guess("stage", "customer", {"customer": "vip"}).target == "client"


def test_the_stage_cannot_be_left_unknown_but_other_facts_can():
    stage = [value for value, _ in options("stage")]
    gender = [value for value, _ in options("gender")]
    assert stage == ["prospect", "client", "past_client", LEAVE_OUT]
    assert gender[0] == "" and gender[-1] == LEAVE_OUT


def test_a_value_map_resolves_listed_values_then_the_others():
    value_map = ValueMap({"opportunity": "prospect"}, others="client")
    assert value_map.resolve(" OPPORTUNITY ") == "prospect"
    assert value_map.resolve("Evangelist") == "client"
    assert ValueMap({"a": "client"}).resolve("b") is None
    assert ValueMap.from_json(value_map.as_json()) == value_map


def test_only_the_most_frequent_values_are_listed():
    counter = ValueCounter()
    for n in range(VALUES_SHOWN + 5):
        for _ in range(n + 1):
            counter.add(f"Value {n}")
    counter.add("  ")  # Blank cells are not values.
    counted = counter.as_json()
    assert len(counted["top"]) == VALUES_SHOWN
    assert counted["top"][0] == [f"Value {VALUES_SHOWN + 4}", "value 34", 35]
    assert counted["other_values"] == 5
    assert counted["other_rows"] == 1 + 2 + 3 + 4 + 5
    assert counted["counted_all"]


def test_values_are_counted_together_whatever_their_case_and_spelled_as_first_met():
    counter = ValueCounter()
    for value in ["Customer", "customer", "CUSTOMER ", "Lead"]:
        counter.add(value)
    assert counter.as_json()["top"] == [
        ["Customer", "customer", 3],
        ["Lead", "lead", 1],
    ]


def test_past_the_counting_limit_new_values_are_only_counted_together(monkeypatch):
    monkeypatch.setattr(contact_values, "VALUES_COUNTED", 3)
    counter = ValueCounter()
    for value in ["a", "b", "c", "d", "e", "a"]:
        counter.add(value)
    counted = counter.as_json()
    assert [key for _, key, _ in counted["top"]] == ["a", "b", "c"]
    assert counted["other_rows"] == 2
    assert not counted["counted_all"]


@given(st.lists(st.text(max_size=12), max_size=200))
def test_every_value_is_counted_once_listed_or_not(values):
    counter = ValueCounter()
    for value in values:
        counter.add(value)
    counted = counter.as_json()
    listed = sum(count for _, _, count in counted["top"])
    assert listed + counted["other_rows"] == sum(1 for v in values if normalise(v))
    assert len(counted["top"]) <= VALUES_SHOWN


@given(
    st.sampled_from(sorted(contact_values.CHOICES)),
    st.text(max_size=30),
    st.dictionaries(st.text(max_size=10), st.text(max_size=12), max_size=3),
)
def test_a_guess_is_always_one_of_the_options(target, value, remembered):
    allowed = {option for option, _ in options(target)}
    assert guess(target, normalise(value), remembered).target in allowed
