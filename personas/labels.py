"""The worksheet's words for a persona's fields and choices.

Read from the worksheet's own forms (`personas/worksheet.py`), so the profile and
the compare page name every field as the worksheet asks for it ("Youngest age",
"What they already tried", "Deal-breaker"), and a field added to a step is named
on both without anyone remembering to. A part's field that the worksheet does not
ask (how prospects say a pain, kept for the fit check) takes the model's words.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.utils.text import capfirst

from personas import transfer, worksheet
from personas.models import Persona


@dataclass(frozen=True)
class FieldWords:
    name: str
    label: str
    step: str
    # Code -> the words the worksheet shows; empty for free text and numbers.
    choices: Mapping[str, str] = field(default_factory=dict)
    is_list: bool = False

    def show(self, value: object) -> str:
        """One value as the worksheet's words: "Deal-breaker", not "deal_breaker"."""
        if value is None:
            return ""
        return str(self.choices.get(value, value)) if self.choices else str(value)


@dataclass(frozen=True)
class PartWords:
    """A list of parts (dreams, pains, red flags): its heading, the noun for one
    part, and its fields, the part's text first."""

    name: str
    label: str
    noun: str
    step: str
    fields: tuple[FieldWords, ...]

    @property
    def details(self) -> tuple[FieldWords, ...]:
        return self.fields[1:]


# What the worksheet does not ask but a persona has.
RECORD = (
    FieldWords("kind", "Kind of persona", "", dict(Persona.Kind.choices)),
    FieldWords("status", "Status", "", dict(Persona.Status.choices)),
)


@cache
def worksheet_fields() -> dict[str, FieldWords]:
    """Every field the worksheet's steps ask, by name, in the worksheet's order
    (the photo included: it is a field, shown as a picture)."""
    found = {}
    for step in worksheet.STEPS:
        for _, form_class, prefix in step.parts:
            if not prefix:
                for name, form_field in form_class.base_fields.items():
                    found[name] = _words(Persona, name, form_field, step.slug)
    return found


@cache
def worksheet_parts() -> dict[str, PartWords]:
    """Each list of parts the worksheet edits, by its name ("pains"), with every
    field a part keeps: the worksheet's words where it asks for the field, the
    model's where it does not (how prospects say a pain, kept for the fit check)."""
    found = {}
    for step in worksheet.STEPS:
        for _, formset_class, prefix in step.parts:
            if prefix:
                model = formset_class.model
                form_fields = formset_class.form.base_fields
                kept = transfer.PART_FIELDS[prefix][1]
                names = [*kept, *(name for name in form_fields if name not in kept)]
                fields = tuple(
                    _words(model, name, form_fields.get(name), step.slug)
                    for name in names
                )
                meta = model._meta
                found[prefix] = PartWords(
                    prefix,
                    str(meta.verbose_name_plural).capitalize(),
                    str(form_fields["text"].label),
                    step.slug,
                    fields,
                )
    return found


def _words(model, name: str, form_field: forms.Field | None, step: str) -> FieldWords:
    """A field in the form's words, or in the model's when no form asks for it."""
    model_field = model._meta.get_field(name)
    is_list = isinstance(model_field, ArrayField)
    if form_field is None:
        label = capfirst(model_field.verbose_name)
        choices = (model_field.base_field if is_list else model_field).choices or ()
    else:
        label, choices = form_field.label, getattr(form_field, "choices", ())
    words = {code: str(said) for code, said in choices if code not in ("", None)}
    return FieldWords(name, str(label), step, words, is_list)


def compared_fields() -> list[FieldWords]:
    """The fields the compare page lines up: the record's, then the worksheet's
    that a persona's data carries (all but the photo)."""
    asked = [words for name, words in worksheet_fields().items() if name != "photo"]
    return [*RECORD, *asked]
