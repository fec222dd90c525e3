"""The one-per-line list field, on any text at all (hypothesis): it either
gives lines its column can hold (no NUL, none too long, not too many) or refuses
with a message; it never lets through what PostgreSQL would refuse."""

from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from personas.fields import MAX_LINES, LinesField

ANY_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), max_size=400
) | st.lists(st.text(max_size=250), max_size=40).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(text=ANY_TEXT, max_length=st.sampled_from([20, 200, 300]))
def test_a_list_is_either_storable_or_refused_with_a_message(text, max_length):
    field = LinesField(max_length=max_length)
    try:
        lines = field.clean(text)
    except forms.ValidationError as error:
        assert error.messages and all(error.messages)
        return
    assert len(lines) <= MAX_LINES
    assert all(len(line) <= max_length and "\x00" not in line for line in lines)


def test_a_nul_is_refused_with_a_message():
    try:
        LinesField().clean("fine\nnot\x00fine")
    except forms.ValidationError as error:
        assert error.messages == ["Remove the NUL character from the text."]
    else:
        raise AssertionError("a NUL was let through")
