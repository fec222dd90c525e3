"""The fit-check scoring rule: pure, so no database anywhere in this module."""

import ast
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from fitcheck import criteria, matching, scoring
from fitcheck.criteria import Criterion, Kind, Outcome
from fitcheck.scoring import (
    BAND_LABELS,
    Band,
    Result,
    Rubric,
    Thresholds,
    band_for,
    score_contact,
)

MISSING = object()

AGE = Criterion(
    "age", "Age between 35 and 55", "age", Kind.IN_RANGE, 2, low=35, high=55
)
GENDER = Criterion(
    "gender", "Women", "gender", Kind.MATCHES, 1, expected=("Female", "non-binary")
)
PAINS = Criterion(
    "pain:3",
    "Back pain or insomnia",
    "reported_pains",
    Kind.CONTAINS,
    1,
    expected=("back pain", "insomnia"),
)
WEEKENDS = Criterion(
    "red_flag:7",
    "calls at weekends",
    "red_flags",
    Kind.CONTAINS,
    15,
    expected=("weekend",),
    penalty=True,
)
SMOKER = Criterion(
    "red_flag:8", "smokes", "red_flags", Kind.KNOCK_OUT, 1, expected=("smoker",)
)


def judge(criterion: Criterion, value: object) -> Outcome:
    facts = {} if value is MISSING else {criterion.fact: value}
    (line,) = score_contact(Rubric((criterion,)), facts).lines
    return line.outcome


@pytest.mark.parametrize(
    ("value", "outcome"),
    [
        ("female", Outcome.MET),
        ("  FEMALE ", Outcome.MET),
        ("Non-Binary", Outcome.MET),
        (["male", " non-binary"], Outcome.MET),
        ("male", Outcome.NOT_MET),
        ("female-ish", Outcome.NOT_MET),
        ([], Outcome.NOT_MET),
        (None, Outcome.UNKNOWN),
        ("", Outcome.UNKNOWN),
        ("   ", Outcome.UNKNOWN),
        (MISSING, Outcome.UNKNOWN),
    ],
)
def test_matches_is_met_when_the_value_equals_a_choice(value, outcome):
    assert judge(GENDER, value) is outcome


def test_matches_compares_numbers_as_text():
    children = Criterion("kids", "Two children", "children", Kind.MATCHES, 1, ("2",))
    assert judge(children, 2) is Outcome.MET
    assert judge(children, 2.0) is Outcome.MET
    assert judge(children, 3) is Outcome.NOT_MET


@pytest.mark.parametrize(
    ("low", "high", "value", "outcome"),
    [
        (35, 55, 42, Outcome.MET),
        (35, 55, 35, Outcome.MET),
        (35, 55, 55, Outcome.MET),
        (35, 55, 34.9, Outcome.NOT_MET),
        (35, 55, 56, Outcome.NOT_MET),
        (35, 55, "42", Outcome.MET),
        (35, 55, " 42.5 ", Outcome.MET),
        (35, 55, "70", Outcome.NOT_MET),
        (35, None, 90, Outcome.MET),
        (35, None, 20, Outcome.NOT_MET),
        (None, 55, 18, Outcome.MET),
        (None, 55, 60, Outcome.NOT_MET),
        (None, None, 1, Outcome.MET),
        (35, 55, "forty", Outcome.UNKNOWN),
        (35, 55, "", Outcome.UNKNOWN),
        (35, 55, None, Outcome.UNKNOWN),
        (35, 55, MISSING, Outcome.UNKNOWN),
        (35, 55, ["42"], Outcome.UNKNOWN),
        (35, 55, float("nan"), Outcome.UNKNOWN),
        (35, 55, True, Outcome.UNKNOWN),
    ],
)
def test_in_range_is_met_between_its_ends_which_may_be_open(low, high, value, outcome):
    criterion = Criterion("age", "Age", "age", Kind.IN_RANGE, 1, low=low, high=high)
    assert judge(criterion, value) is outcome


@pytest.mark.parametrize(
    ("value", "outcome"),
    [
        (["Chronic back pain"], Outcome.MET),
        (["BACK PAIN", "stress"], Outcome.MET),
        (["headache"], Outcome.NOT_MET),
        ([], Outcome.NOT_MET),
        ("Has insomnia and stress", Outcome.MET),
        ("Stress", Outcome.NOT_MET),
        ("", Outcome.UNKNOWN),
        (None, Outcome.UNKNOWN),
        (MISSING, Outcome.UNKNOWN),
    ],
)
def test_contains_is_met_when_a_term_occurs_in_a_list_or_text(value, outcome):
    assert judge(PAINS, value) is outcome


def test_contains_explanation_names_the_terms_found():
    interests = Criterion(
        "interests", "Active", "interests", Kind.CONTAINS, 1, ("Yoga", "pilates", "run")
    )
    result = score_contact(Rubric((interests,)), {"interests": ["yoga", "Pilates"]})
    assert result.lines[0].text == "Interests: “yoga” matches “Yoga”."


@pytest.mark.parametrize(
    ("criterion", "facts", "text"),
    [
        (AGE, {"age": 42}, "Age 42 is within 35–55."),
        (AGE, {"age": "30"}, "Age 30 is below 35."),
        (AGE, {"age": 60.5}, "Age 60.5 is above 55."),
        (GENDER, {"gender": "male"}, "Gender is male, not one of: Female, non-binary."),
        (
            Criterion(
                "income", "Comfortable", "income_band", Kind.MATCHES, 1, ("high",)
            ),
            {},
            "Income band unknown: not counted; lowers confidence.",
        ),
        (
            WEEKENDS,
            {"red_flags": ["Weekend calls"]},
            "Red flag present: calls at weekends (−15).",
        ),
        (WEEKENDS, {"red_flags": []}, "Red flag absent: calls at weekends."),
        (
            SMOKER,
            {"red_flags": ["smoker"]},
            "Deal-breaker present: smokes; not a fit, refer elsewhere.",
        ),
    ],
)
def test_each_line_explains_itself_in_one_plain_sentence(criterion, facts, text):
    (line,) = score_contact(Rubric((criterion,)), facts).lines
    assert line.text == text


def test_the_score_is_the_weighted_share_of_known_criteria_met():
    result = score_contact(Rubric((AGE, GENDER)), {"age": 40, "gender": "male"})
    assert result.score == 67
    assert [line.points for line in result.lines] == [66.67, 0.0]
    assert result.confidence == 1.0
    assert result.band is Band.GOOD


def test_a_half_point_score_rounds_up():
    five = Criterion("a", "A", "a", Kind.MATCHES, 5, ("yes",))
    three = Criterion("b", "B", "b", Kind.MATCHES, 3, ("yes",))
    assert score_contact(Rubric((five, three)), {"a": "yes", "b": "no"}).score == 63


def test_unknown_facts_do_not_lower_the_score_but_widen_its_range():
    result = score_contact(Rubric((AGE, GENDER, PAINS)), {"age": 40, "gender": None})
    assert (result.score, result.score_low, result.score_high) == (100, 50, 100)
    assert result.confidence == 0.5
    assert result.band is Band.NEEDS_INFORMATION
    assert result.ask_about == ("gender", "reported pains")
    assert [line.outcome for line in result.lines] == [
        Outcome.MET,
        Outcome.UNKNOWN,
        Outcome.UNKNOWN,
    ]


@pytest.mark.parametrize(
    ("flags", "weight", "score"),
    [
        (["weekend calls"], 15, 85),
        (["weekend calls"], 150, 0),
        ([], 15, 100),
        (None, 15, 100),
        (MISSING, 15, 100),
    ],
)
def test_a_present_warning_red_flag_subtracts_its_weight(flags, weight, score):
    warning = Criterion(
        "red_flag:7",
        "weekends",
        "red_flags",
        Kind.CONTAINS,
        weight,
        ("weekend",),
        penalty=True,
    )
    facts = {"age": 40} | ({} if flags is MISSING else {"red_flags": flags})
    result = score_contact(Rubric((AGE, warning)), facts)
    assert result.score == score
    assert result.confidence == 1.0


def test_a_matches_penalty_subtracts_points_shown_on_its_line():
    late = Criterion(
        "late", "Pays late", "payer", Kind.MATCHES, 10, ("late",), penalty=True
    )
    result = score_contact(Rubric((AGE, late)), {"age": 40, "payer": "Late"})
    assert result.score == 90
    assert result.lines[1].outcome is Outcome.RED_FLAG
    assert result.lines[1].points == -10.0


@pytest.mark.parametrize(
    ("flags", "knocked_out", "band"),
    [
        (["Smoker"], True, Band.NOT_A_FIT),
        (["weekend calls"], False, Band.IDEAL),
        ([], False, Band.IDEAL),
        (None, False, Band.IDEAL),
    ],
)
def test_a_present_deal_breaker_overrides_a_high_score(flags, knocked_out, band):
    result = score_contact(Rubric((AGE, SMOKER)), {"age": 40, "red_flags": flags})
    assert result.score == 100
    assert result.knocked_out is knocked_out
    assert result.band is band
    assert result.confidence == 1.0
    assert ("refer elsewhere" in result.summary) is knocked_out


def test_a_deal_breaker_acts_even_with_weight_zero():
    breaker = Criterion("ko", "smokes", "red_flags", Kind.KNOCK_OUT, 0, ("smoker",))
    result = score_contact(Rubric((AGE, breaker)), {"age": 40, "red_flags": ["smoker"]})
    assert result.band is Band.NOT_A_FIT


def test_a_deal_breaker_with_nothing_else_known_is_still_not_a_fit():
    result = score_contact(Rubric((AGE, SMOKER)), {"red_flags": ["smoker"]})
    assert result.band is Band.NOT_A_FIT
    assert result.knocked_out


@pytest.mark.parametrize(
    "ignored",
    [
        Criterion("g", "Women", "gender", Kind.MATCHES, 0, ("female",)),
        Criterion(
            "w", "Weekends", "red_flags", Kind.CONTAINS, 0, ("weekend",), penalty=True
        ),
    ],
)
def test_weight_zero_criteria_are_ignored(ignored):
    facts = {"age": 40, "gender": "male", "red_flags": ["weekend"]}
    result = score_contact(Rubric((AGE, ignored)), facts)
    assert (result.score, result.confidence) == (100, 1.0)
    assert result.lines[1].outcome is Outcome.IGNORED
    assert result.lines[1].text.endswith("ignored (weight 0).")
    assert result.lines[1].points == 0.0


def test_an_empty_rubric_needs_information():
    result = score_contact(Rubric(()), {"age": 40})
    assert (result.band, result.confidence) == (Band.NEEDS_INFORMATION, 0.0)
    assert result.lines == ()
    assert result.summary == (
        "Needs information: none of the scored facts is known yet."
    )


def test_no_known_facts_needs_information_not_a_rejection():
    result = score_contact(Rubric((AGE, GENDER, WEEKENDS)), {"red_flags": ["weekend"]})
    assert (result.band, result.confidence) == (Band.NEEDS_INFORMATION, 0.0)
    assert (result.score_low, result.score_high) == (0, 85)
    assert not result.knocked_out
    assert result.summary.endswith("To decide, ask about: age, gender.")


def test_lines_follow_the_rubric_order_one_per_criterion():
    rubric = Rubric((SMOKER, PAINS, AGE, WEEKENDS, GENDER))
    result = score_contact(rubric, {})
    assert [line.key for line in result.lines] == [c.key for c in rubric.criteria]


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (100, Band.IDEAL),
        (80, Band.IDEAL),
        (79, Band.GOOD),
        (60, Band.GOOD),
        (59, Band.WEAK),
        (40, Band.WEAK),
        (39, Band.NOT_A_FIT),
        (0, Band.NOT_A_FIT),
    ],
)
def test_default_bands_start_exactly_at_their_thresholds(score, band):
    assert band_for(score, Thresholds()) is band


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (90, Band.IDEAL),
        (89, Band.GOOD),
        (70, Band.GOOD),
        (50, Band.WEAK),
        (49, Band.NOT_A_FIT),
    ],
)
def test_custom_thresholds_move_the_bands(score, band):
    assert band_for(score, Thresholds(ideal=90, good=70, weak=50)) is band


def test_score_contact_uses_the_rubric_thresholds():
    rubric = Rubric((AGE, GENDER), Thresholds(ideal=90, good=70, weak=50))
    result = score_contact(rubric, {"age": 40, "gender": "male"})
    assert (result.score, result.band) == (67, Band.WEAK)


@pytest.mark.parametrize(
    ("ideal", "good", "weak"),
    [(60, 80, 40), (80, 80, 40), (80, 60, 60), (80, 60, -1), (101, 60, 40)],
)
def test_thresholds_out_of_order_raise(ideal, good, weak):
    with pytest.raises(ValueError, match="Thresholds"):
        Thresholds(ideal=ideal, good=good, weak=weak)


@pytest.mark.parametrize("minimum", [-1, 101])
def test_a_minimum_confidence_outside_0_to_100_raises(minimum):
    with pytest.raises(ValueError, match="min_confidence"):
        Thresholds(min_confidence=minimum)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Criterion("a", "A", "age", Kind.IN_RANGE, -1, low=1),
        lambda: Criterion("a", "A", "age", Kind.IN_RANGE, float("inf"), low=1),
        lambda: Criterion("a", "A", "age", Kind.IN_RANGE, 1, low=9, high=1),
        lambda: Criterion("a", "A", "age", Kind.IN_RANGE, 1, low=1, penalty=True),
        lambda: Criterion("a", "A", "g", Kind.MATCHES, 1, expected=(" ", "")),
        lambda: Criterion("a", "A", "g", "no_such_kind", 1, expected=("x",)),
        lambda: Rubric((AGE, AGE)),
    ],
)
def test_invalid_criteria_and_rubrics_raise(make):
    with pytest.raises(ValueError):
        make()


def test_criteria_built_from_plain_database_values_are_normalised():
    criterion = Criterion("g", "Women", "gender", "matches", 1, expected=["female"])
    assert criterion.kind is Kind.MATCHES
    assert criterion.expected == ("female",)
    assert Criterion("g", "Women", "gender", "matches", 1, "female") == criterion
    assert criterion == Criterion("g", "Women", "gender", Kind.MATCHES, 1, ("female",))


def test_decimal_weights_and_ends_from_the_database_score_like_floats():
    age = Criterion(
        "age", "Age", "age", Kind.IN_RANGE, Decimal("2.5"), low=Decimal("35.5")
    )
    result = score_contact(Rubric((age, GENDER)), {"age": 40, "gender": "male"})
    assert (result.score, result.lines[0].text) == (71, "Age 40 is at least 35.5.")


@pytest.mark.parametrize("band", list(Band))
def test_every_band_has_a_human_label(band):
    assert band.label == BAND_LABELS[band]


def test_as_dict_is_json_serialisable_and_round_trips():
    rubric = Rubric((AGE, GENDER, PAINS, WEEKENDS, SMOKER))
    facts = {"age": "41", "gender": "Female", "red_flags": ["weekend only"]}
    result = score_contact(rubric, facts)
    stored = json.loads(json.dumps(result.as_dict()))
    assert stored["band"] == "ideal"
    assert stored["lines"][3]["outcome"] == "red_flag"
    assert Result.from_dict(stored) == result


@pytest.mark.parametrize(
    ("module", "allowed"),
    [
        (scoring, {"fitcheck"}),
        (criteria, {"fitcheck"}),
        (matching, {"snowballstemmer"}),
    ],
)
def test_the_rules_import_the_standard_library_and_the_stemmer_only(module, allowed):
    tree = ast.parse(Path(module.__file__).read_text())
    modules = [
        alias.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import)
        for alias in n.names
    ]
    modules += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    outside = {name.split(".")[0] for name in modules} - sys.stdlib_module_names
    assert outside <= allowed
    ours = {name for name in modules if name.startswith("fitcheck")}
    assert ours <= {"fitcheck", "fitcheck.criteria", "fitcheck.matching"}


def test_explanations_use_the_names_of_coded_values_but_match_the_codes():
    criterion = Criterion(
        key="income",
        label="Income",
        fact="income_band",
        kind=Kind.MATCHES,
        weight=10,
        expected=("60k_100k",),
    )
    rubric = Rubric(
        (criterion,),
        names={"60k_100k": "60,000 to 100,000", "over_200k": "Over 200,000"},
    )
    met = score_contact(rubric, {"income_band": "60k_100k"}).lines[0]
    missed = score_contact(rubric, {"income_band": "over_200k"}).lines[0]
    assert met.outcome is Outcome.MET
    assert "60,000 to 100,000" in met.text
    assert "60k_100k" not in met.text
    assert missed.text.endswith("is Over 200,000, not one of: 60,000 to 100,000.")


def test_a_found_phrase_is_named_once_not_with_its_words():
    criterion = Criterion(
        key="pain",
        label="Pain",
        fact="reported_pains",
        kind=Kind.CONTAINS,
        weight=10,
        expected=("Sixty-hour weeks", "Long hours"),
    )
    facts = {"reported_pains": ["Working sixty hour weeks"]}
    line = score_contact(Rubric((criterion,)), facts).lines[0]
    assert line.text == (
        "Reported pains: “Working sixty hour weeks” matches “Sixty-hour weeks”."
    )
