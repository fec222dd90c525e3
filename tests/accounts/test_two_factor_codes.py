"""The shapes of codes, and how keys and recovery codes are shown (no database)."""

from base64 import b32decode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.two_factor import codes

RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("123456", "123456"),
        (" 123 456 ", "123456"),
        ("123-456", "123456"),
        ("ABCD EFGH", "abcdefgh"),
        ("abcd\u2013efgh", "abcdefgh"),
        ("\tab\ncd", "abcd"),
    ],
)
def test_typed_codes_lose_spaces_dashes_and_capitals(typed, normalised):
    assert codes.normalise(typed) == normalised


@pytest.mark.parametrize(
    ("code", "app", "recovery"),
    [
        ("123456", True, False),
        ("12345", False, False),
        ("1234567", False, False),
        ("abcdefgh", False, True),
        ("abcdefg", False, False),
        ("abcdefg1", False, False),  # 1 is not in base32.
        ("23456723", False, True),
        ("12345６", False, False),  # A full-width digit is not a digit here.
    ],
)
def test_the_two_shapes(code, app, recovery):
    assert codes.is_app_code(code) is app
    assert codes.is_recovery_code(code) is recovery


@given(st.text(alphabet=RECOVERY_ALPHABET, min_size=8, max_size=8))
def test_no_recovery_code_looks_like_an_app_code(code):
    assert codes.is_recovery_code(code)
    assert not codes.is_app_code(code)


@given(
    st.text(alphabet=RECOVERY_ALPHABET, min_size=8, max_size=8),
    st.lists(st.sampled_from([" ", "-", "\u2010"]), max_size=3),
)
def test_a_recovery_code_survives_being_grouped_and_shouted(code, separators):
    typed = codes.grouped(code).upper().replace(" ", "".join(separators) or " ")
    assert codes.normalise(typed) == code


def test_the_key_to_type_is_the_device_key_in_base32():
    hex_key = "3132333435363738393031323334353637383930"
    shown = codes.secret_for_typing(hex_key)
    assert shown == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
    assert b32decode(shown.replace(" ", "")) == bytes.fromhex(hex_key)


@given(st.binary(min_size=1, max_size=40))
def test_every_key_can_be_typed_back(key):
    shown = codes.secret_for_typing(key.hex()).replace(" ", "")
    assert b32decode(shown + "=" * (-len(shown) % 8)) == key


def test_the_text_file_names_the_account_and_lists_every_code():
    text = codes.recovery_codes_text(
        ["abcdefgh", "ijklmnop"], account="olivia@example.com", site="example.com"
    )
    assert text.startswith("Recovery codes for olivia@example.com at example.com\n")
    assert "\nabcd efgh\nijkl mnop\n" in text
