"""Text matched as people write it: by phrase and word stem, never by one common
word. Pure: no database."""

import pytest

from fitcheck import matching
from fitcheck.matching import (
    common_stems,
    compile_phrase,
    compile_phrases,
    find_any,
    need,
    read_text,
    stem,
)


def found(phrase: str, text: str, common: frozenset = frozenset()) -> bool:
    return compile_phrase(phrase, common).find(read_text(text)) is not None


@pytest.mark.parametrize(
    ("phrase", "text", "is_found"),
    [
        # Word stems: one word in any of its forms.
        ("Invoices", "Invoicing every night", True),
        ("Marketing", "I hate marketing myself", True),
        # Most of a sentence's counting words, in any order.
        ("Admin swallows her evenings", "Admin eats every evening", True),
        (
            "Meetings that end without decisions",
            "Our meetings never reach a decision",
            True,
        ),
        ("Meetings that end without decisions", "A decision about my career", False),
        (
            "No idea how to set prices or write a business plan",
            "I need a business plan and prices",
            True,
        ),
        # Two words side by side, as in the phrase.
        (
            "No idea how to set prices or write a business plan",
            "No business plan yet",
            True,
        ),
        ("Home by six on three evenings a week", "Get home by six", True),
        # A short answer that names the phrase.
        ("No idea how to set prices or write a business plan", "Pricing", True),
        # Never by one common word.
        ("Making every decision alone", "A big decision about my career", False),
        ("Making every decision alone", "Making every decision on my own", False),
        ("Time with my family", "I want more time", False),
        # Stop words alone: only word for word.
        ("On my own", "Doing it all on my own", True),
        ("On my own", "My own clinic", False),
        # Compound words: a stem of five letters or more begins a longer one.
        ("Physiotherapist", "Physio", True),
        ("Private healthcare", "Private health clinic", True),
        ("Care", "Career coach", False),
        # Case, apostrophes and punctuation do not matter.
        ("Don't know my numbers", "I DONT know my numbers!", True),
        ("", "Anything", False),
    ],
)
def test_phrases_are_found_by_stem_and_most_of_their_words(phrase, text, is_found):
    assert found(phrase, text) is is_found


@pytest.mark.parametrize(
    ("parts", "needed"), [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (6, 4)]
)
def test_a_phrase_needs_more_than_half_of_its_words_and_all_of_one_or_two(
    parts, needed
):
    assert need(parts) == needed


def test_short_and_stop_words_never_count():
    phrase = compile_phrase("Sent by HR and does not want to be there")
    assert [word for _, _, word in phrase.parts] == ["sent"]


def test_words_in_most_of_the_texts_are_common_and_never_count():
    texts = [
        ["Patients who pay late"],
        ["Too few patients"],
        ["Patients cancel"],
        ["Rent"],
    ]
    assert common_stems(texts) == {stem("patients")}
    # With fewer than three texts, "most" says nothing.
    assert common_stems(texts[:2]) == frozenset()
    common = common_stems(texts)
    assert found("Too few patients", "Few patients", common) is False
    assert found("Too few patients", "Too few bookings", common) is False


def test_a_match_quotes_the_phrase_and_the_text_it_was_found_in():
    phrases = compile_phrases(["Admin swallows her evenings", "Paperwork"], frozenset())
    texts = (read_text("Back pain"), read_text("Paperwork every night after clinic"))
    match = find_any(phrases, texts)
    assert match == matching.Match(
        "Paperwork", "Paperwork every night after clinic", ("paperwork",), True
    )
    partial = find_any(phrases, (read_text("Admin eats every evening"),))
    assert (partial.phrase, partial.words, partial.whole) == (
        "Admin swallows her evenings",
        ("admin", "evenings"),
        False,
    )


def test_nothing_is_found_in_no_text():
    assert find_any(compile_phrases(["Admin"], frozenset()), ()) is None


def test_a_text_sharing_no_stem_with_any_phrase_is_ruled_out_at_once():
    phrases = compile_phrases(["Physiotherapist", "Private healthcare"], frozenset())
    assert find_any(phrases, (read_text("Chef"),)) is None
    assert find_any(phrases, (read_text("Physio"),)).phrase == "Physiotherapist"
    word_for_word = compile_phrases(["On my own"], frozenset())
    assert find_any(word_for_word, (read_text("All on my own"),)) is not None
