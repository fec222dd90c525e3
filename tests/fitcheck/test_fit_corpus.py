"""The fit check against a practitioner's bands on a fixed corpus (fit_corpus.py).

Each case is scored with the rubric the app generates from the demo persona, as a
contact saved in the app would be; the share of cases whose band agrees with the
practitioner's is printed and must not fall.

The corpus is 67 cases, and the rules agree with 61 of them (91.0%, on 2 Dec
2026; the rules of before this corpus agreed with 18, 27%). Agreement below 90%
fails the test. The six others are listed below with why: each needs what a row
does not say (that Frome is a market town near Bath and Cardiff is not; that a
dentist or a personal trainer runs a practice much like the persona's), or is a
prospect who said who they are and one pain, whom the practitioner would book a
call with and the rules, with less than the minimum confidence of the weight
known, call Needs information. Each case is also pinned: a test fails when a case
that agrees stops agreeing, and names it.
"""

import pytest

from fitcheck import scoring
from fitcheck.criteria_from_persona import criteria_for
from fitcheck.models.contacts import CHOICE_NAMES, FACT_NAMES
from personas.demo import AMARA, MARCUS
from tests.fitcheck.fit_corpus import CASES

PERSONAS = {"amara": AMARA, "marcus": MARCUS}
MIN_AGREEMENT = 0.9
# Disagreements, by case number, with the band the rules give and why.
KNOWN_DISAGREEMENTS = {
    9: ("ideal", "Cardiff is out of the area; the rules cannot tell it from Frome"),
    12: ("not_a_fit", "a dentist's practice is like the persona's, not its words"),
    15: ("not_a_fit", "self-employed nearby is overlap the rules do not weigh"),
    29: ("needs_information", "who she is and one pain: 46% of the weight known"),
    47: ("not_a_fit", "a financial adviser shares the demographics only"),
    60: ("needs_information", "the right job and one pain: 43% of the weight known"),
}


def rubric(persona: dict) -> scoring.Rubric:
    """The rubric the app generates from a demo persona (see rubric_versions)."""
    data = {
        **persona["fields"],
        "pains": persona["pains"],
        "dreams": persona["dreams"],
        "red_flags": [{"text": t, "severity": s} for t, s in persona["red_flags"]],
    }
    return scoring.Rubric(
        tuple(criteria_for(data, CHOICE_NAMES)),
        names=CHOICE_NAMES,
        fact_names=FACT_NAMES,
    )


RUBRICS = {name: rubric(persona) for name, persona in PERSONAS.items()}


def band_of(case) -> str:
    # A contact saved in the app always knows its red flags ("none noted").
    facts = {"red_flags": []} | case.facts
    return scoring.score_contact(RUBRICS[case.persona], facts).band.value


def test_the_corpus_is_large_and_written_for_both_demo_personas():
    assert len(CASES) >= 60
    assert {case.persona for case in CASES} == set(PERSONAS)
    assert {case.band for case in CASES} == {band.value for band in scoring.Band}


def test_the_rules_agree_with_the_practitioner_on_at_least_90_percent(capsys):
    agreed = sum(band_of(case) == case.band for case in CASES)
    with capsys.disabled():
        print(
            f"\nfit corpus: {agreed} of {len(CASES)} agree ({agreed / len(CASES):.1%})"
        )
    assert agreed / len(CASES) >= MIN_AGREEMENT
    assert agreed >= len(CASES) - len(KNOWN_DISAGREEMENTS)


@pytest.mark.parametrize(
    "number",
    range(len(CASES)),
    ids=[f"{n}-{c.about[:40]}" for n, c in enumerate(CASES)],
)
def test_each_case_gets_the_practitioners_band_or_a_known_other(number):
    case = CASES[number]
    expected = KNOWN_DISAGREEMENTS.get(number, (case.band, ""))[0]
    assert band_of(case) == expected, case.about
