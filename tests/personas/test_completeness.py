"""How complete a persona is, and the three questions: pure, so no database here.

Personas are plain dicts in the export shape of `personas.transfer.persona_data`.
"""

import ast
import sys
from pathlib import Path

import pytest

from personas import completeness
from personas.completeness import by_step, overall_percent, three_questions

BLANK = {
    "kind": "ideal",
    "status": "draft",
    "name": "",
    "tagline": "",
    "age_min": None,
    "age_max": None,
    "genders": [],
    "income_bands": [],
    "family_statuses": [],
    "education_levels": [],
    "occupations": [],
    "industries": [],
    "company_size_min": None,
    "company_size_max": None,
    "locations": [],
    "languages": [],
    "values": [],
    "beliefs": [],
    "lifestyle": [],
    "hobbies": [],
    "interests": [],
    "personality_traits": [],
    "favourite_quote": "",
    "favourite_meal": "",
    "tv_shows": [],
    "brands": [],
    "car": "",
    "authors": [],
    "blogs_and_podcasts": [],
    "guilty_pleasures": [],
    "other_details": "",
    "buying_emotions": "",
    "inner_conversation": "",
    "their_words": [],
    "keeps_them_up": "",
    "wants_peers_to_know": "",
    "objections": [],
    "invite_home": "",
    "spend_personal_time": "",
    "travel_together": "",
    "dreams": [],
    "pains": [],
    "red_flags": [],
}

# One value per check of the "who" step, in the step's order.
WHO = (
    {"age_min": 35, "age_max": 55},
    {"genders": ["women"]},
    {"income_bands": ["30k_60k"]},
    {"family_statuses": ["parent_young"]},
    {"education_levels": ["bachelor"]},
    {"occupations": ["Physiotherapist"]},
    {"locations": ["Leeds"]},
    {"languages": ["English"]},
    {"values": ["Independence"]},
    {"hobbies": ["Trail running"]},
    {"personality_traits": ["Conscientious"]},
)
PERSONALITY = {
    "name": "Maya",
    "tagline": "Physio opening her own practice",
    "favourite_quote": "Done is better than perfect.",
    "favourite_meal": "Sunday roast",
    "car": "An estate car with a bike rack",
    "authors": ["Brené Brown"],
    "guilty_pleasures": ["Reality TV"],
}
BE_THEM = {
    "buying_emotions": "Relief",
    "inner_conversation": "I must sort out the admin",
    "their_words": ["I'm drowning in admin"],
    "keeps_them_up": "Paying the rent on the clinic",
    "wants_peers_to_know": "Her practice is the one others refer to",
    "objections": ["Can I afford it?"],
}
RED_FLAGS = {
    "red_flags": [{"text": "Calls at weekends", "severity": "warning"}],
    "invite_home": "yes",
    "spend_personal_time": "no",
    "travel_together": "not_sure",
}


def pain(text="Evenings lost to admin", intensity=4, **fields) -> dict:
    return {
        "text": text,
        "intensity": intensity,
        "already_tried": "Spreadsheets",
        "cause": "Never trained as a business owner",
        "our_answer": "A weekly system",
    } | fields


DREAMS_PAINS = {"dreams": [{"text": "A waiting list"}], "pains": [pain()]}


def persona(*parts: dict, **fields) -> dict:
    data = dict(BLANK)
    for part in parts:
        data |= part
    return data | fields


def who(checks: int) -> dict:
    return persona(*WHO[:checks])


FULL = persona(*WHO, PERSONALITY, BE_THEM, DREAMS_PAINS, RED_FLAGS)


def step(data: dict, slug: str) -> completeness.StepCompleteness:
    return next(item for item in by_step(data) if item.step == slug)


def labels(slug: str) -> tuple[str, ...]:
    return tuple(check.label for check in completeness.STEPS[slug][1])


def test_the_blank_persona_has_the_export_shape():
    from personas.transfer import PART_FIELDS, PERSONA_FIELDS

    assert set(BLANK) == set(PERSONA_FIELDS) | set(PART_FIELDS)


def test_an_empty_persona_is_zero_percent_with_everything_missing():
    assert overall_percent(BLANK) == 0
    for item in by_step(BLANK):
        assert (item.done, item.percent) == (0, 0)
        assert item.missing == labels(item.step)


def test_an_empty_persona_answers_none_of_the_three_questions():
    assert [question.answered for question in three_questions(BLANK)] == [False] * 3


def test_a_full_persona_is_complete_with_nothing_missing():
    assert overall_percent(FULL) == 100
    assert all(item.percent == 100 and not item.missing for item in by_step(FULL))
    assert all(question.answered for question in three_questions(FULL))


def test_steps_come_in_worksheet_order_with_their_titles():
    assert [(item.step, item.title) for item in by_step(BLANK)] == [
        ("who", "Who they are"),
        ("personality", "Personality"),
        ("be_them", "Be your customer"),
        ("dreams_pains", "Dreams and pains"),
        ("red_flags", "Red flags"),
    ]


@pytest.mark.parametrize(
    ("data", "slug", "done", "total", "percent"),
    [
        (who(1), "who", 1, 11, 9),
        (who(8), "who", 8, 11, 73),
        (who(11), "who", 11, 11, 100),
        (persona(name="Maya"), "personality", 1, 7, 14),
        (persona(PERSONALITY), "personality", 7, 7, 100),
        (persona(buying_emotions="Relief", objections=["Price"]), "be_them", 2, 6, 33),
        (persona(BE_THEM), "be_them", 6, 6, 100),
        (persona(dreams=[{"text": "A waiting list"}]), "dreams_pains", 1, 5, 20),
        (persona(DREAMS_PAINS), "dreams_pains", 5, 5, 100),
        (persona(invite_home="no"), "red_flags", 1, 4, 25),
        (persona(RED_FLAGS), "red_flags", 4, 4, 100),
    ],
)
def test_a_step_is_the_share_of_its_checks_that_pass(data, slug, done, total, percent):
    item = step(data, slug)
    assert (item.done, item.total, item.percent) == (done, total, percent)
    assert len(item.missing) == total - done


@pytest.mark.parametrize(
    ("fields", "slug", "label"),
    [
        ({"age_max": 55}, "who", "An age range"),
        ({"occupations": ["Nurse"]}, "who", "Occupation, role or industry"),
        ({"industries": ["Healthcare"]}, "who", "Occupation, role or industry"),
        ({"beliefs": ["Work speaks"]}, "who", "Values or beliefs"),
        ({"lifestyle": ["Early riser"]}, "who", "Lifestyle, hobbies or interests"),
        ({"interests": ["Wellbeing"]}, "who", "Lifestyle, hobbies or interests"),
        ({"car": "Estate"}, "personality", "TV shows, brands or car"),
        ({"tv_shows": ["Grand Designs"]}, "personality", "TV shows, brands or car"),
        (
            {"blogs_and_podcasts": ["A podcast"]},
            "personality",
            "Authors, blogs or podcasts",
        ),
    ],
)
def test_one_of_several_fields_is_enough_for_a_check(fields, slug, label):
    assert label in step(BLANK, slug).missing
    assert label not in step(persona(**fields), slug).missing


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "   "},
        {"genders": [""]},
        {"occupations": ["  ", ""]},
        {"dreams": [{"text": " "}]},
        {"pains": [pain(text="")]},
        {"red_flags": [{"text": "", "severity": "warning"}]},
    ],
)
def test_blank_texts_do_not_count(fields):
    assert overall_percent(persona(**fields)) == 0


def test_the_missing_labels_name_what_is_still_open():
    assert step(who(9), "who").missing == (
        "Lifestyle, hobbies or interests",
        "Personality traits",
    )


@pytest.mark.parametrize(
    ("pains", "missing"),
    [
        ([pain(), pain(already_tried="")], "What they already tried, for each pain"),
        ([pain(cause=""), pain()], "Why they have each pain"),
        ([pain(our_answer="")], "How your offer removes each top pain"),
    ],
)
def test_every_pain_needs_its_details(pains, missing):
    assert step(persona(pains=pains), "dreams_pains").missing[-1:] == (missing,)


@pytest.mark.parametrize(
    ("data", "percent"),
    [
        (BLANK, 0),
        (persona(name="Maya"), 3),  # 1 of 33 checks.
        (who(11), 33),  # 11 of 33.
        (persona(*WHO, PERSONALITY), 55),  # 18 of 33.
        (persona(*WHO, PERSONALITY, BE_THEM, DREAMS_PAINS), 88),  # 29 of 33.
        (FULL, 100),
    ],
)
def test_the_overall_percent_is_the_share_of_all_checks(data, percent):
    assert overall_percent(data) == percent


def ask(data: dict, number: int) -> completeness.Question:
    return three_questions(data)[number - 1]


@pytest.mark.parametrize(
    ("checks", "answered"), [(0, False), (7, False), (8, True), (11, True)]
)
def test_we_know_who_they_are_from_seventy_percent_of_the_who_checks(checks, answered):
    question = ask(who(checks), 1)
    assert question.text == "Do you know who they are?"
    assert question.answered is answered
    assert question.missing == labels("who")[checks:]
    assert question.step == "who"


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        ({}, ("At least one dream", "At least one pain", "Why they have each pain")),
        ({"pains": [pain()]}, ("At least one dream",)),
        (
            {"dreams": [{"text": "Calm"}]},
            ("At least one pain", "Why they have each pain"),
        ),
        (
            {"dreams": [{"text": "Calm"}], "pains": [pain(), pain(cause="")]},
            ("Why they have each pain",),
        ),
        ({"dreams": [{"text": "Calm"}], "pains": [pain(our_answer="")]}, ()),
    ],
)
def test_we_know_their_dreams_and_pains_with_a_cause_for_every_pain(fields, missing):
    question = ask(persona(**fields), 2)
    assert question.text == "Do you know their dreams and pains?"
    assert question.answered is not missing
    assert question.missing == missing
    assert question.step == "dreams_pains"


@pytest.mark.parametrize(
    ("pains", "missing"),
    [
        # Only pains of intensity 4 or 5 need an answer...
        ([pain("Admin", 5), pain("Cold", 2, our_answer="")], ()),
        ([pain("Admin", 4, our_answer="")], ("How your offer removes “Admin”",)),
        (
            [pain("Admin", 5, our_answer=""), pain("Rent", 4, our_answer=" ")],
            ("How your offer removes “Admin”", "How your offer removes “Rent”"),
        ),
        # ...and when none is that strong, the strongest ones do.
        ([pain("Admin", 3), pain("Cold", 2, our_answer="")], ()),
        (
            [
                pain("Admin", 3, our_answer=""),
                pain("Rent", 3),
                pain("Cold", 1, our_answer=""),
            ],
            ("How your offer removes “Admin”",),
        ),
        ([pain("Admin", 1, our_answer="")], ("How your offer removes “Admin”",)),
        ([], ("Add the pains your offer removes",)),
        ([pain("", 5, our_answer="")], ("Add the pains your offer removes",)),
    ],
)
def test_the_offer_must_answer_every_top_pain(pains, missing):
    question = ask(persona(pains=pains), 3)
    assert question.text == "Does your offer address each top pain?"
    assert question.answered is not missing
    assert question.missing == missing
    assert question.step == "dreams_pains"


def test_the_top_pain_check_counts_towards_completeness_the_same_way():
    answered = persona(pains=[pain("Admin", 3), pain("Cold", 2, our_answer="")])
    unanswered = persona(pains=[pain("Admin", 5, our_answer=""), pain("Cold", 2)])
    label = "How your offer removes each top pain"
    assert label not in step(answered, "dreams_pains").missing
    assert label in step(unanswered, "dreams_pains").missing


def test_the_module_imports_the_standard_library_only():
    tree = ast.parse(Path(completeness.__file__).read_text())
    modules = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    modules += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert {name.split(".")[0] for name in modules} <= sys.stdlib_module_names
