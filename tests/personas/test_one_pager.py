"""The one-pager's layout rules (personas/profile.py): no database here."""

import pytest

from personas import labels, profile
from personas.profile import Fact, Part, one_pager

MAYA = {
    "name": "Maya",
    "tagline": "Physio",
    "age_min": 35,
    "age_max": 55,
    "genders": ["women"],
    "their_words": ["I'm drowning in admin", "Just let me treat"],
    "favourite_quote": "Done is better than perfect.",
    "invite_home": "not_sure",
    "dreams": [{"text": "Weekends off"}],
    "pains": [
        {
            "text": "Admin",
            "intensity": 4,
            "already_tried": "Spreadsheets",
            "cause": "",
            "our_answer": "A system",
        }
    ],
    "red_flags": [{"text": "Haggles", "severity": "deal_breaker"}],
}


def test_the_layout_places_every_field_the_worksheet_asks():
    unplaced = set(labels.worksheet_fields()) - profile.placed_fields()
    assert not unplaced, f"Place these on the one-pager: {sorted(unplaced)}"
    assert one_pager(MAYA, "Ideal customer").more == ()


def test_a_field_the_layout_does_not_place_still_shows(monkeypatch):
    fields = dict(labels.worksheet_fields())
    fields["pets"] = labels.FieldWords("pets", "Pets", "personality", is_list=True)
    monkeypatch.setattr(labels, "worksheet_fields", lambda: fields)
    sheet = one_pager(MAYA | {"pets": ["A greyhound"]}, "Ideal customer")
    assert sheet.more == (Fact("pets", "Pets", items=("A greyhound",), is_list=True),)


def test_choices_show_in_the_worksheets_words():
    sheet = one_pager(MAYA, "Ideal customer")
    assert Fact("genders", "Genders", items=("Women",), is_list=True) in sheet.glance
    assert sheet.closeness == (
        Fact("invite_home", "Would you invite them into your home?", "Not sure"),
    )


def test_empty_fields_are_left_out():
    sheet = one_pager({"name": "Sam"}, "Ideal customer")
    assert (sheet.glance, sheet.inside, sheet.personality, sheet.mind) == ((),) * 4


@pytest.mark.parametrize(
    ("low", "high", "age", "company"),
    [
        (35, 55, "35–55", "35–55 people"),
        (None, 55, "up to 55", "up to 55 people"),
        (35, None, "35 or more", "35 or more people"),
        (40, 40, "40", "40 people"),
    ],
)
def test_ranges_read_as_one_fact(low, high, age, company):
    data = {
        "age_min": low,
        "age_max": high,
        "company_size_min": low,
        "company_size_max": high,
    }
    glance = {fact.name: fact.text for fact in one_pager(data, "").glance}
    assert glance == {"age": age, "company_size": company}


def test_the_quote_is_their_first_phrase_else_their_favourite_quote():
    assert one_pager(MAYA, "").quote == "I'm drowning in admin"
    assert one_pager(MAYA | {"their_words": []}, "").quote == (
        "Done is better than perfect."
    )
    assert one_pager({}, "").quote == ""


def test_pains_keep_intensity_apart_from_the_filled_details():
    (pain,) = one_pager(MAYA, "").parts["pains"]
    assert pain.text == "Admin"
    assert (pain.intensity, pain.intensity_text) == (4, "4 of 5")
    assert pain.scale == [True, True, True, True, False]
    assert [(fact.label, fact.text) for fact in pain.details] == [
        ("What they already tried", "Spreadsheets"),
        ("How your offer removes it", "A system"),
    ]


def test_red_flags_carry_their_severity_in_words():
    (flag,) = one_pager(MAYA, "").parts["red_flags"]
    assert (flag.severity, flag.severity_code) == ("Deal-breaker", "deal_breaker")


def test_a_part_without_intensity_says_nothing_about_it():
    assert Part("Weekends off", ()).intensity_text == ""
