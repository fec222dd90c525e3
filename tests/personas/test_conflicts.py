"""The conflict rules alone: what changed elsewhere since a page loaded, against
what was typed (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personas.conflicts import (
    MINE,
    THEIRS,
    Conflict,
    Loaded,
    Snapshot,
    added_elsewhere,
    choices,
    digest,
    find_conflicts,
)

values = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=200),
    st.text(max_size=20),
    st.lists(st.text(max_size=10), max_size=3),
)
names = st.sampled_from(["age_min", "tagline", "values", "car", "invite_home"])
answers = st.dictionaries(names, values, min_size=1)


def edits(base: dict) -> st.SearchStrategy[dict]:
    """The same answers, some of them changed."""
    return st.fixed_dictionaries(
        {name: st.one_of(st.just(v), values) for name, v in base.items()}
    )


@given(data=st.data(), base=answers)
def test_nothing_changed_elsewhere_means_no_conflict(data, base):
    yours = data.draw(edits(base))
    loaded = Loaded.of(Snapshot(base))
    assert (
        find_conflicts(loaded=loaded, theirs=Snapshot(base), yours=Snapshot(yours))
        == []
    )


@given(data=st.data(), base=answers)
def test_typing_what_is_saved_now_is_no_conflict(data, base):
    theirs = data.draw(edits(base))
    loaded = Loaded.of(Snapshot(base))
    assert (
        find_conflicts(loaded=loaded, theirs=Snapshot(theirs), yours=Snapshot(theirs))
        == []
    )


@given(data=st.data(), base=answers)
def test_a_conflict_is_exactly_an_answer_changed_elsewhere_that_differs_from_the_typing(
    data, base
):
    theirs, yours = data.draw(edits(base)), data.draw(edits(base))
    found = find_conflicts(
        loaded=Loaded.of(Snapshot(base)), theirs=Snapshot(theirs), yours=Snapshot(yours)
    )
    expected = [
        name
        for name in base
        if digest(theirs[name]) != digest(base[name])
        and digest(yours[name]) != digest(theirs[name])
    ]
    assert sorted(conflict.key for conflict in found) == sorted(expected)
    for conflict in found:
        assert conflict.you_changed is (
            digest(yours[conflict.name]) != digest(base[conflict.name])
        )
        assert conflict.default == (MINE if conflict.you_changed else THEIRS)
        assert conflict.mark == digest(theirs[conflict.name])


@given(
    base=answers,
    rows=st.dictionaries(st.from_regex(r"[1-9][0-9]{0,4}", fullmatch=True), values),
)
def test_a_fingerprint_survives_the_page(base, rows):
    loaded = Loaded.of(Snapshot(base, {"dreams": rows}))
    assert Loaded.loads(loaded.dumps()) == loaded


@pytest.mark.parametrize(
    "text",
    [
        "",
        "null",
        "[]",
        '{"f": {}}',
        '{"f": {"a": 1}, "r": {}}',
        '{"f": {}, "r": {"d": []}}',
    ],
)
def test_anything_else_is_not_a_fingerprint(text):
    with pytest.raises(ValueError):
        Loaded.loads(text)


def test_an_answer_the_page_did_not_show_is_not_compared():
    loaded = Loaded.of(Snapshot({"tagline": "Physio"}))
    theirs = Snapshot({"tagline": "Physio", "car": "Volvo"})
    yours = Snapshot({"tagline": "Physio", "car": "Bike"})
    assert find_conflicts(loaded=loaded, theirs=theirs, yours=yours) == []


CALM, SUNDAYS, MORNINGS = {"text": "Calm"}, {"text": "Sundays"}, {"text": "Mornings"}


@pytest.mark.parametrize(
    ("their_row", "your_row", "removed", "expected"),
    [
        # (row now, row typed, typed as removed, (theirs, yours, you changed) or None)
        (CALM, CALM, False, None),
        (CALM, MORNINGS, False, None),  # Only you changed it.
        (SUNDAYS, CALM, False, (SUNDAYS, CALM, False)),  # Only they changed it.
        (SUNDAYS, MORNINGS, False, (SUNDAYS, MORNINGS, True)),
        (SUNDAYS, SUNDAYS, False, None),  # The same change on both sides.
        (None, CALM, False, (None, CALM, False)),  # Removed elsewhere.
        (None, MORNINGS, False, (None, MORNINGS, True)),  # Removed there, edited here.
        (None, None, True, None),  # Removed on both sides.
        (SUNDAYS, None, True, (SUNDAYS, None, True)),  # Removed here, edited there.
        (CALM, None, True, None),  # Removed here only.
    ],
)
def test_rows(their_row, your_row, removed, expected):
    loaded = Loaded.of(Snapshot({}, {"dreams": {"7": CALM}}))
    theirs = Snapshot({}, {"dreams": {"7": their_row} if their_row else {}})
    yours = Snapshot(
        {},
        {"dreams": {"7": your_row} if your_row else {}},
        {"dreams": frozenset({"7"}) if removed else frozenset()},
    )
    found = find_conflicts(loaded=loaded, theirs=theirs, yours=yours)
    if expected is None:
        assert found == []
    else:
        (conflict,) = found
        assert (conflict.theirs, conflict.yours, conflict.you_changed) == expected
        assert conflict.key == "dreams-7"


def test_a_row_the_page_no_longer_posts_is_left_to_theirs():
    loaded = Loaded.of(Snapshot({}, {"dreams": {"7": CALM}}))
    theirs = Snapshot({}, {"dreams": {"7": SUNDAYS}})
    assert (
        find_conflicts(loaded=loaded, theirs=theirs, yours=Snapshot({}, {"dreams": {}}))
        == []
    )


def test_rows_added_elsewhere_are_listed_by_list():
    loaded = Loaded.of(Snapshot({}, {"dreams": {"7": CALM}, "pains": {}}))
    theirs = Snapshot(
        {}, {"dreams": {"7": CALM, "8": SUNDAYS}, "pains": {"9": MORNINGS}}
    )
    assert added_elsewhere(loaded=loaded, theirs=theirs) == {
        "dreams": [SUNDAYS],
        "pains": [MORNINGS],
    }


def test_the_rows_a_page_showed_that_are_gone():
    loaded = Loaded.of(Snapshot({}, {"dreams": {"7": CALM, "8": SUNDAYS}}))
    assert loaded.gone("dreams", {"8", "9"}) == {"7"}
    assert loaded.gone("pains", {"1"}) == set()


TAGLINE = Conflict("tagline", "Clinic owner", "Physio", False, "abc")
ROW = Conflict("dreams", None, CALM, True, "def", row="7")


def test_each_conflict_needs_an_answer_made_against_the_version_shown():
    posted = {"keep-tagline": "theirs:abc", "keep-dreams-7": "mine:def"}
    assert choices([TAGLINE, ROW], posted, overwrite=False) == {
        "tagline": THEIRS,
        "dreams-7": MINE,
    }
    assert (
        choices(
            [TAGLINE, ROW], posted | {"keep-tagline": "theirs:old"}, overwrite=False
        )
        is None
    )
    assert (
        choices([TAGLINE, ROW], {"keep-tagline": "theirs:abc"}, overwrite=False) is None
    )
    assert choices([TAGLINE], {"keep-tagline": "both:abc"}, overwrite=False) is None


def test_overwriting_keeps_yours_for_every_conflict_shown():
    posted = {"keep-tagline": "theirs:abc", "keep-dreams-7": "theirs:def"}
    assert choices([TAGLINE, ROW], posted, overwrite=True) == {
        "tagline": MINE,
        "dreams-7": MINE,
    }
