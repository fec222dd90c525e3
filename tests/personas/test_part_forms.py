"""The row forms of the worksheet's lists: labels and limits from the part models."""

import pytest

from personas.models import Pain, Persona, RedFlag
from personas.part_forms import DreamForm, DreamFormSet, PainForm, RedFlagForm
from tests.factories import DreamFactory
from tests.personas.builders import formset


def errors_of(form_class, data: dict) -> dict:
    form = form_class(data)
    form.is_valid()
    return form.errors


@pytest.mark.parametrize("form_class", [DreamForm, PainForm, RedFlagForm])
def test_a_row_text_is_required_and_holds_at_most_300_characters(form_class):
    data = {"intensity": "3", "severity": RedFlag.Severity.WARNING}
    assert errors_of(form_class, data | {"text": "x" * 300}) == {}
    assert "text" in errors_of(form_class, data | {"text": ""})
    assert errors_of(form_class, data | {"text": "x" * 301})["text"] == [
        "Ensure this value has at most 300 characters (it has 301)."
    ]


@pytest.mark.parametrize(
    ("typed", "valid"),
    [("1", True), ("5", True), ("0", False), ("6", False), ("", False)],
)
def test_a_pain_hurts_from_1_to_5(typed, valid):
    assert (
        "intensity" not in errors_of(PainForm, {"text": "Admin", "intensity": typed})
    ) is valid


def test_a_pain_starts_at_3_and_says_what_the_numbers_mean():
    field = PainForm().fields["intensity"]
    assert field.initial == 3
    assert "1 is a mild annoyance" in field.help_text


def test_a_red_flag_is_a_warning_or_a_deal_breaker():
    assert errors_of(RedFlagForm, {"text": "Late", "severity": "deal_breaker"}) == {}
    assert "severity" in errors_of(RedFlagForm, {"text": "Late", "severity": "odd"})


def test_the_pain_fields_are_the_models_in_the_models_order():
    names = [field.name for field in Pain._meta.concrete_fields]
    fields = list(PainForm.base_fields)
    assert fields == [
        "text",
        "said_as",
        "intensity",
        "already_tried",
        "cause",
        "our_answer",
    ]
    assert sorted(fields, key=names.index) == fields
    assert PainForm.base_fields["cause"].label == "Why they have this pain"


def dreams_sent_back(persona: Persona, rows: list[dict], saved: int) -> DreamFormSet:
    """The dreams formset bound to `rows`, the first `saved` of them saved ones."""
    data = formset("dreams", rows, initial=saved)
    return DreamFormSet(data, instance=persona, prefix="dreams")


def test_a_row_sent_back_is_compared_with_the_row_it_names(persona):
    calm, weekends = (
        DreamFactory(persona=persona, text=text, position=position)
        for position, text in enumerate(["Calm", "Weekends off"])
    )
    # Sent back by a page that showed them the other way round.
    rows = [
        {"id": weekends.pk, "text": "Weekends off"},
        {"id": calm.pk, "text": "Calm"},
    ]
    loaded = Persona.objects.with_parts().get(pk=persona.pk)
    sent = dreams_sent_back(loaded, rows, saved=2)
    assert sent.is_valid()
    assert [form.cleaned_data["id"] for form in sent.forms] == [weekends, calm]
    assert ["text" in form.changed_data for form in sent.forms] == [False, False]


def test_removed_rows_are_the_saved_ones_ticked(persona):
    calm = DreamFactory(persona=persona, text="Calm")
    rows = [
        {"id": calm.pk, "text": "Calm", "DELETE": "on"},
        {"text": "New", "DELETE": "on"},
    ]
    sent = dreams_sent_back(persona, rows, saved=1)
    assert sent.is_valid()
    assert [form.cleaned_data["id"] for form in sent.deleted_forms] == [calm, None]
    assert sent.kept_rows() == []
