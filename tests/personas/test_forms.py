"""The worksheet's fields and forms: lists typed one per line, ranges, photos."""

import io
import os

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from personas.fields import MAX_LINES, LinesField
from personas.forms import MAX_PHOTO_BYTES, PersonalityForm, WhoForm
from personas.models import Persona
from tests.personas.builders import png_upload


def clean_lines(value, **kwargs) -> list[str]:
    return LinesField(**kwargs).clean(value)


@pytest.mark.parametrize(
    ("typed", "lines"),
    [
        ("", []),
        (None, []),
        ("Leeds", ["Leeds"]),
        ("Leeds\nYork\r\nHull", ["Leeds", "York", "Hull"]),
        ("  Leeds  \n\n\t\nYork\n", ["Leeds", "York"]),
        ("- Leeds\n* York\n• Hull\n  -- Remote", ["Leeds", "York", "Hull", "Remote"]),
        ("Leeds\nleeds\nLEEDS \nYork", ["Leeds", "York"]),
        ("Well-being\nFull-time", ["Well-being", "Full-time"]),
        (["Leeds", " York ", "leeds"], ["Leeds", "York"]),
    ],
)
def test_lines_are_split_stripped_of_bullets_and_deduplicated(typed, lines):
    assert clean_lines(typed) == lines


def test_lines_are_optional():
    assert LinesField().required is False


def test_at_most_thirty_lines():
    assert len(clean_lines("\n".join(f"Line {n}" for n in range(MAX_LINES)))) == 30
    with pytest.raises(forms.ValidationError) as error:
        clean_lines("\n".join(f"Line {n}" for n in range(MAX_LINES + 1)))
    assert error.value.messages == ["Keep it to 30 lines or fewer (this has 31)."]


def test_repeats_do_not_count_towards_the_line_limit():
    assert clean_lines("\n".join(["Leeds"] * 50)) == ["Leeds"]


def test_each_line_has_a_maximum_length():
    assert clean_lines("x" * 20, max_length=20) == ["x" * 20]
    with pytest.raises(forms.ValidationError) as error:
        clean_lines("Short\n" + "A very long line indeed", max_length=20)
    assert error.value.messages == [
        "Each line can be at most 20 characters; shorten “A very long line indeed…”."
    ]


def test_lines_show_one_per_line_in_the_textarea():
    field = LinesField()
    assert field.prepare_value(["Leeds", "York"]) == "Leeds\nYork"
    assert field.prepare_value("Leeds\nYork") == "Leeds\nYork"


def test_free_lists_of_a_step_form_are_lines_and_choices_are_checkboxes():
    form = WhoForm()
    assert isinstance(form.fields["occupations"], LinesField)
    assert form.fields["occupations"].max_length == 200
    assert isinstance(form.fields["genders"].widget, forms.CheckboxSelectMultiple)


def who_form(**data) -> WhoForm:
    return WhoForm(data=data, instance=Persona())


@pytest.mark.parametrize(
    ("low", "high", "field", "message"),
    [
        ("age_min", "age_max", "age_max", "The largest age must not be below"),
        (
            "company_size_min",
            "company_size_max",
            "company_size_max",
            "The largest company size must not be below",
        ),
    ],
)
def test_a_range_upside_down_is_an_error_on_its_upper_end(
    db, low, high, field, message
):
    form = who_form(**{low: "60", high: "30"})
    assert not form.is_valid()
    assert list(form.errors) == [field]
    assert form.errors[field][0].startswith(message)


@pytest.mark.parametrize(
    "data",
    [
        {"age_min": "30", "age_max": "30"},
        {"age_min": "30"},
        {"age_max": "30"},
        {"company_size_min": "1", "company_size_max": "50"},
        {},
    ],
)
def test_equal_or_open_ended_ranges_are_fine(db, data):
    assert who_form(**data).is_valid()


def test_an_age_above_120_is_refused(db):
    form = who_form(age_max="121")
    assert not form.is_valid()
    assert "age_max" in form.errors


def personality_form(photo: SimpleUploadedFile) -> PersonalityForm:
    return PersonalityForm(
        data={"name": "Maya"}, files={"photo": photo}, instance=Persona()
    )


def test_a_small_png_photo_is_accepted(db):
    form = personality_form(png_upload())
    assert form.is_valid(), form.errors


def test_a_text_file_named_png_is_refused(db):
    fake = SimpleUploadedFile("maya.png", b"not a picture", content_type="image/png")
    form = personality_form(fake)
    assert not form.is_valid()
    assert "Upload a valid image" in form.errors["photo"][0]


def test_a_gif_is_refused_whatever_its_name(db):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="GIF")
    gif = SimpleUploadedFile("maya.png", buffer.getvalue(), content_type="image/png")
    form = personality_form(gif)
    assert not form.is_valid()
    assert form.errors["photo"] == ["Use a JPEG, PNG or WebP picture."]


def test_a_photo_over_2_mb_is_refused(db):
    # Noise does not compress, so this real PNG is about 3 MB.
    noise = Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    assert len(buffer.getvalue()) > MAX_PHOTO_BYTES
    big = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    form = personality_form(big)
    assert not form.is_valid()
    assert form.errors["photo"] == ["The picture is larger than 2 MB."]
