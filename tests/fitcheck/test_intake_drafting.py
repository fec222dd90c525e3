"""The intake's questions drafted from a rubric and re-drafted when it changes
(fitcheck/intake_drafting.py). Pure: no database; the demo persona Amara and her
anti-persona Victor as the app generates their data."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from fitcheck.criteria import Criterion, Kind
from fitcheck.criteria_from_persona import criteria_for
from fitcheck.intake_drafting import (
    COUNTERS_PER_QUESTION,
    DEFAULT_SHOWN,
    NONE_FACTS,
    NONE_OF_THESE,
    Counts,
    Question,
    QuestionKind,
    Source,
    Trait,
    draft,
    fact_weights,
    redraft,
)
from fitcheck.services.intake_questions import CHOICES
from personas.demo import AMARA, VICTOR


def persona_data(demo: dict) -> dict:
    return {
        **demo["fields"],
        "pains": demo["pains"],
        "dreams": demo["dreams"],
        "red_flags": [{"text": t, "severity": s} for t, s in demo["red_flags"]],
    }


AMARA_CRITERIA = criteria_for(persona_data(AMARA))
VICTOR_TRAITS = [
    *(Trait(p["text"], "reported_pains") for p in VICTOR["pains"]),
    *(Trait(d["text"], "goals") for d in VICTOR["dreams"]),
    *(Trait(t, "values") for t in VICTOR["fields"]["values"]),
]


def amara_draft() -> list[Question]:
    return draft(AMARA_CRITERIA, traits=VICTOR_TRAITS, choices=CHOICES)


def by_fact(questions: list[Question]) -> dict[str, Question]:
    return {q.fact: q for q in questions}


def test_the_heaviest_facts_are_shown_and_the_rest_drafted_hidden():
    questions = amara_draft()
    shown = [q.fact for q in questions if not q.hidden]
    assert shown == [
        "reported_pains",
        "goals",
        "age",
        "gender",
        "location",
        "occupation",
        "industry",
        "company_size",
    ]
    weights = fact_weights(AMARA_CRITERIA)
    hidden = [q.fact for q in questions if q.hidden]
    assert min(weights[f] for f in shown) >= max(weights[f] for f in hidden)
    assert questions[: len(shown)] == [q for q in questions if not q.hidden]


def test_pains_are_offered_in_the_prospects_words_among_red_flags():
    pains = by_fact(amara_draft())["reported_pains"]
    assert pains.kind is QuestionKind.MANY
    assert [(o.label, o.counts) for o in pains.options] == [
        ("What to charge", Counts.FOR),
        ("Marketing", Counts.FOR),
        ("I ask you to make health claims my evidence cannot support", Counts.AGAINST),
        ("Admin", Counts.FOR),
        ("I want a guaranteed number of patients by a fixed date", Counts.AGAINST),
        ("On my own", Counts.FOR),
        (NONE_OF_THESE, Counts.NONE),
    ]
    # The contact keeps the persona's sentence, which its criterion finds.
    assert pains.options[3].value == "Admin swallows her evenings"
    assert pains.options[2].value.startswith("Asks us to make health claims")


def test_an_anti_personas_dreams_count_against_among_the_goals():
    goals = by_fact(amara_draft())["goals"]
    against = [o for o in goals.options if o.counts is Counts.AGAINST]
    assert [o.label for o in against] == [
        "Results by next week without changing anything I do",
        "A provider who answers whenever I think of something",
    ]
    assert goals.options[-1].counts is Counts.NONE


def test_a_sentence_without_how_prospects_say_it_is_worded_in_the_first_person():
    criterion = Criterion(
        "pain:1",
        "Admin",
        "reported_pains",
        Kind.CONTAINS,
        10,
        ("Admin swallows her evenings",),
    )
    pains = draft([criterion], choices=CHOICES)[0]
    assert pains.options[0].label == "Admin swallows my evenings"
    assert not pains.options[0].check


def test_wording_it_was_not_sure_of_is_kept_and_marked_for_a_look():
    criterion = Criterion(
        "pain:1",
        "x",
        "reported_pains",
        Kind.CONTAINS,
        10,
        ("Clients say they can't pay",),
    )
    option = draft([criterion], choices=CHOICES)[0].options[0]
    assert option.label == "Clients say they can't pay"
    assert option.check


def test_one_answer_facts_offer_the_choices_and_numbers_and_texts_no_options():
    questions = by_fact(amara_draft())
    assert questions["gender"].kind is QuestionKind.ONE
    assert [o.label for o in questions["gender"].options] == [
        "Woman",
        "Man",
        "Non-binary",
    ]
    assert questions["age"].kind is QuestionKind.NUMBER
    assert questions["occupation"].kind is QuestionKind.TEXT
    assert questions["age"].options == questions["occupation"].options == ()


# Re-drafts ---------------------------------------------------------------------------


def test_a_redraft_of_an_unedited_draft_is_the_new_draft():
    old = amara_draft()
    fewer = draft(AMARA_CRITERIA[:5], choices=CHOICES)
    assert redraft(old, fewer) == fewer


def test_a_redraft_keeps_the_practitioners_wording_order_and_own_questions():
    old = amara_draft()
    pains = by_fact(old)["reported_pains"]
    options = list(pains.options)
    options[0] = replace(options[0], label="Pricing my sessions", edited=True)
    options[1] = replace(options[1], hidden=True, edited=True)
    reworded = replace(
        pains,
        wording="Which of these feel familiar?",
        edited=True,
        options=tuple(options),
    )
    own = Question(
        key="own:1",
        kind=QuestionKind.TEXT,
        wording="How did you hear of us?",
        source=Source.OWN,
    )
    current = [by_fact(old)["occupation"], reworded, own, *old[2:]]
    current = [q for i, q in enumerate(current) if q not in current[:i]]
    # The new rubric no longer scores the location, and weighs the pains less.
    criteria = [
        replace(c, weight=c.weight / 2) if c.fact == "reported_pains" else c
        for c in AMARA_CRITERIA
        if c.fact != "location"
    ]
    merged = redraft(current, draft(criteria, choices=CHOICES))
    keys = [q.key for q in merged]
    assert keys[:3] == ["fact:occupation", "fact:reported_pains", "own:1"]
    assert "fact:location" not in keys
    pains = by_fact(merged)["reported_pains"]
    assert pains.wording == "Which of these feel familiar?"
    assert pains.options[0].label == "Pricing my sessions"
    assert pains.options[1].hidden
    # Answers follow the new draft: no anti-persona traits were given this time.
    assert "Results by next week" not in str(by_fact(merged)["goals"].options)


# Invariants --------------------------------------------------------------------------

FACTS_AND_KINDS = [
    ("reported_pains", Kind.CONTAINS),
    ("goals", Kind.CONTAINS),
    ("interests", Kind.CONTAINS),
    ("values", Kind.CONTAINS),
    ("occupation", Kind.CONTAINS),
    ("languages", Kind.MATCHES),
    ("gender", Kind.MATCHES),
]
criteria_lists = st.lists(
    st.tuples(
        st.sampled_from(FACTS_AND_KINDS),
        st.integers(min_value=0, max_value=30),
        st.sampled_from(["Admin", "Her allotment", "Debt", "women", "Wants more"]),
    ),
    max_size=12,
).map(
    lambda rows: [
        Criterion(f"c{n}", "c", fact, kind, weight, (term,))
        for n, ((fact, kind), weight, term) in enumerate(rows)
    ]
)
flags = st.lists(
    st.sampled_from(["Calls at weekends", "Haggles on price", "Never pays"]), max_size=4
).map(
    lambda texts: [
        Criterion(
            f"red_flag:{n}", t, "red_flags", Kind.CONTAINS, 20, (t,), penalty=True
        )
        for n, t in enumerate(texts)
    ]
)


@given(criteria_lists, flags)
def test_a_draft_is_short_and_asks_every_scored_fact(criteria, red_flags):
    questions = draft([*criteria, *red_flags], choices=CHOICES)
    assert sum(not q.hidden for q in questions) <= DEFAULT_SHOWN
    assert {q.fact for q in questions} == set(fact_weights(criteria))
    for question in questions:
        against = [o for o in question.options if o.counts is Counts.AGAINST]
        assert len(against) <= COUNTERS_PER_QUESTION
        if question.fact in NONE_FACTS:
            assert question.options[-1].counts is Counts.NONE


@given(criteria_lists, flags)
def test_a_redraft_of_a_draft_against_itself_changes_nothing(criteria, red_flags):
    questions = draft([*criteria, *red_flags], choices=CHOICES)
    assert redraft(questions, questions) == questions
