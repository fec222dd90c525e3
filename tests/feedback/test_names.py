"""What a contact is called in an email (pure: no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback.names import first_name, greeting


@pytest.mark.parametrize(
    ("name", "email", "expected"),
    [
        ("Sam Sample", "sam@example.com", "Sam"),
        ("Renée Côté-Lefèvre", "", "Renée"),
        ("Jean-Luc Picard", "", "Jean-Luc"),
        ("  Amara   Okafor ", "", "Amara"),
        ("Dr. Jane Smith", "", "Jane"),
        ("Mrs Ada Lovelace", "", "Ada"),
        ("Smith, Jane", "", "Jane"),
        ("Cher", "", "Cher"),
        # No trustworthy first name: a plain "Hello,".
        ("", "", ""),
        ("j.smith88", "j.smith88@example.com", ""),
        ("someone@example.com", "someone@example.com", ""),
        ("J. Smith", "", ""),
        ("Dr", "", ""),
        ("Client 42", "", "Client"),
        ("R2D2", "", ""),
        ("j.doe", "", ""),
        ("jo_b", "jo_b@example.com", ""),
        ("'Bob'", "", ""),
    ],
)
def test_the_first_name_is_taken_from_the_name(name, email, expected):
    assert first_name(name, email) == expected


def test_the_greeting_falls_back_to_a_plain_hello():
    assert greeting("Sam Sample") == "Hello Sam,"
    assert greeting("info", "info@example.com") == "Hello,"


@given(st.text(max_size=150), st.emails())
def test_a_first_name_is_one_word_of_the_name_or_nothing(name, email):
    first = first_name(name, email)
    assert first == "" or first in name.replace(",", " ").split()
    assert "@" not in first
    assert "\n" not in greeting(name, email)
