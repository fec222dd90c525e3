"""Rubric criteria generated from a persona: pure, plain dicts in, no database."""

import pytest

from fitcheck import criteria_from_persona, scoring
from fitcheck.criteria import Criterion, Kind, Outcome
from fitcheck.criteria_from_persona import as_fields, criteria_for

MAYA = {
    "age_min": 35,
    "age_max": 55,
    "company_size_min": 1,
    "company_size_max": 50,
    "genders": ["women", "non_binary"],
    "income_bands": ["30k_60k"],
    "family_statuses": ["parent_young"],
    "education_levels": ["bachelor"],
    "occupations": ["Physiotherapist"],
    "industries": ["Healthcare"],
    "locations": ["Leeds", "Remote"],
    "languages": ["English"],
    "interests": ["Wellbeing"],
    "hobbies": ["Trail running", "Wellbeing"],
    "values": ["Independence"],
    "beliefs": ["Good work speaks for itself"],
    "pains": [
        {"text": "Drowning in admin", "intensity": 5, "said_as": ["Paperwork"]},
        {"text": "Evenings lost to billing", "intensity": 2},
    ],
    "dreams": [
        {"text": "A waiting list of the right patients", "said_as": ["A full diary"]}
    ],
    "red_flags": [
        {"text": "Calls at weekends", "severity": "warning"},
        {"text": "Refuses to pay deposits", "severity": "deal_breaker"},
    ],
}


def by_key(persona: dict) -> dict[str, Criterion]:
    return {spec.key: spec for spec in criteria_for(persona)}


def test_an_empty_persona_makes_no_criteria():
    assert criteria_for({}) == []


@pytest.mark.parametrize(
    ("persona_field", "fact", "kind", "weight", "label"),
    criteria_from_persona.CHOICE_TRAITS,
    ids=[fact for _, fact, *_ in criteria_from_persona.CHOICE_TRAITS],
)
def test_every_structured_trait_becomes_a_criterion_on_the_contact_fact(
    persona_field, fact, kind, weight, label
):
    (spec,) = criteria_for({persona_field: ["First", "Second"]})
    assert (spec.key, spec.fact, spec.kind, spec.weight) == (fact, fact, kind, weight)
    assert spec.expected == ("First", "Second")
    assert spec.label == f"{label}: First, Second"
    assert not spec.penalty


def test_a_trait_left_empty_makes_no_criterion():
    assert criteria_for({"genders": [], "industries": None}) == []


@pytest.mark.parametrize(
    ("persona", "key", "low", "high", "label"),
    [
        ({"age_min": 35, "age_max": 55}, "age", 35, 55, "Age 35–55"),
        ({"age_min": 35}, "age", 35, None, "Age 35–any"),
        ({"age_max": 55}, "age", None, 55, "Age any–55"),
        (
            {"company_size_min": 1, "company_size_max": 50},
            "company_size",
            1,
            50,
            "Company size 1–50 people",
        ),
    ],
)
def test_ranges_become_in_range_criteria_open_at_a_missing_end(
    persona, key, low, high, label
):
    (spec,) = criteria_for(persona)
    assert (spec.key, spec.kind, spec.low, spec.high) == (key, Kind.IN_RANGE, low, high)
    assert spec.label == label
    assert spec.weight in (
        criteria_from_persona.DETAIL_WEIGHT,
        criteria_from_persona.SITUATION_WEIGHT,
    )


def test_hobbies_join_interests_and_beliefs_join_values_without_repeats():
    specs = by_key(MAYA)
    assert specs["interests"].expected == ("Wellbeing", "Trail running")
    assert specs["values"].expected == ("Independence", "Good work speaks for itself")


def test_hobbies_alone_still_make_an_interests_criterion():
    (spec,) = criteria_for({"hobbies": ["Sailing"]})
    assert (spec.fact, spec.expected) == ("interests", ("Sailing",))


@pytest.mark.parametrize("intensity", [1, 2, 3, 4, 5])
def test_each_pain_weighs_more_the_more_it_hurts(intensity):
    (spec,) = criteria_for(
        {"pains": [{"text": "Drowning in admin", "intensity": intensity}]}
    )
    assert spec.weight == criteria_from_persona.PAIN_WEIGHT_PER_INTENSITY * intensity
    assert (spec.key, spec.fact, spec.kind) == (
        "pain:1",
        "reported_pains",
        Kind.CONTAINS,
    )
    assert spec.label == "Has the pain “Drowning in admin”"


def test_a_pain_without_an_intensity_counts_as_a_middling_one():
    (spec,) = criteria_for({"pains": [{"text": "Drowning in admin"}]})
    assert spec.weight == criteria_from_persona.PAIN_WEIGHT_PER_INTENSITY * 3


def test_every_pain_and_dream_gets_its_own_numbered_criterion():
    specs = by_key(MAYA)
    assert specs["pain:1"].weight == 15
    assert specs["pain:2"].weight == 6
    dream = specs["dream:1"]
    assert (dream.fact, dream.kind, dream.weight) == (
        "goals",
        Kind.CONTAINS,
        criteria_from_persona.DREAM_WEIGHT,
    )
    assert dream.label == "Wants “A waiting list of the right patients”"


def test_a_warning_red_flag_is_a_penalty_worth_its_weight():
    spec = by_key(MAYA)["red_flag:1"]
    assert (spec.fact, spec.kind, spec.penalty) == ("red_flags", Kind.CONTAINS, True)
    assert spec.weight == criteria_from_persona.RED_FLAG_PENALTY
    assert spec.expected == ("Calls at weekends",)
    assert spec.label == "Calls at weekends"


def test_a_deal_breaker_red_flag_is_a_knock_out():
    spec = by_key(MAYA)["red_flag:2"]
    assert (spec.kind, spec.penalty, spec.weight) == (Kind.KNOCK_OUT, False, 0)
    assert spec.label == "Refuses to pay deposits"


def test_a_pain_and_a_dream_look_for_their_sentence_then_how_prospects_say_it():
    specs = by_key(MAYA)
    assert specs["pain:1"].expected == ("Drowning in admin", "Paperwork")
    assert specs["pain:2"].expected == ("Evenings lost to billing",)
    assert specs["dream:1"].expected == (
        "A waiting list of the right patients",
        "A full diary",
    )


@pytest.mark.parametrize(
    ("reported", "outcome"),
    [
        (["My evenings are lost to billing"], Outcome.MET),
        (["Billing"], Outcome.MET),
        (["Evenings billing clients"], Outcome.MET),
        # A word two texts share is not the same pain.
        (["Lost my keys"], Outcome.NOT_MET),
        (["Evenings with friends"], Outcome.NOT_MET),
    ],
)
def test_a_contact_reporting_a_pain_in_other_words_still_matches_it(reported, outcome):
    rubric = scoring.Rubric((by_key(MAYA)["pain:2"],))
    result = scoring.score_contact(rubric, {"reported_pains": reported})
    assert result.lines[0].outcome is outcome


def test_criteria_come_in_order_ranges_traits_pains_dreams_red_flags():
    keys = [spec.key for spec in criteria_for(MAYA)]
    assert keys[:2] == ["age", "company_size"]
    assert keys[-5:] == ["pain:1", "pain:2", "dream:1", "red_flag:1", "red_flag:2"]


def test_the_generated_criteria_make_a_valid_scoring_rubric():
    specs = criteria_for(MAYA)
    rubric = scoring.Rubric(tuple(specs))
    assert len({c.key for c in rubric.criteria}) == len(specs)


def test_as_fields_gives_plain_values_for_a_criterion_row():
    fields = as_fields(by_key(MAYA)["languages"])
    assert fields["kind"] == "matches"
    assert type(fields["kind"]) is str
    assert fields["expected"] == ["English"]
    assert set(fields) == {
        "key",
        "label",
        "fact",
        "kind",
        "weight",
        "expected",
        "low",
        "high",
        "penalty",
    }


def test_choice_codes_can_be_named_in_words_in_labels_but_are_still_compared():
    (spec,) = criteria_for(
        {"genders": ["women", "non_binary"]}, {"non_binary": "Non-binary people"}
    )
    assert spec.label == "Gender: women, Non-binary people"
    assert spec.expected == ("women", "non_binary")
