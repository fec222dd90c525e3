"""The rows of a persona's lists (dreams, pains, red flags), edited as formsets.

Each row is a plain form whose fields are made from the part model, as a
ModelForm's are, and `PartFormSet` turns the valid rows back into model
instances. Django's inline model formsets did the same with more machinery per
row: a queryset per formset, the model's own validation run again after the
form's, and an id field over a queryset. Saving a step of two short lists cost
more in that machinery than in anything else the request did. The row models
have no rules beyond their fields', which the form fields check; the database
holds their constraints.
"""

from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model

from personas.models import Dream, Pain, Persona, PersonaPart, RedFlag

MAX_ROWS = 30


class PartForm(forms.Form):
    """One row: the fields of `model` that `part_form()` was given."""

    model: type[PersonaPart]


def part_form(model: type[PersonaPart], fields: list[str], **options) -> type[PartForm]:
    """A `PartForm` of `model`'s `fields`, made with `fields_for_model` from
    `labels`, `widgets` and `help_texts` in `options`; a form field in
    `options` under a field's name replaces the one the model would give."""
    declared = {name: options.pop(name) for name in fields if name in options}
    made = fields_for_model(model, fields, **options) | declared
    return type(f"{model.__name__}Form", (PartForm,), {"model": model, **made})


DreamForm = part_form(
    Dream,
    ["text"],
    labels={"text": "Dream"},
    widgets={
        "text": forms.TextInput(
            attrs={
                "placeholder": "A thriving practice with a waiting list of the "
                "right patients",
            }
        )
    },
)

PainForm = part_form(
    Pain,
    ["text", "intensity", "already_tried", "cause", "our_answer"],
    # The model holds intensity to 1-5 with validators, which only model
    # validation runs, and a constraint; the form says so next to the field.
    intensity=forms.IntegerField(
        label="How much it hurts (1 to 5)",
        min_value=1,
        max_value=5,
        initial=3,
        help_text="1 is a mild annoyance, 5 keeps them awake at night.",
    ),
    labels={"text": "Pain"},
    widgets={
        "text": forms.TextInput(
            attrs={"placeholder": "Evenings lost to billing and admin"}
        ),
        "already_tried": forms.Textarea(
            attrs={"rows": 2, "placeholder": "Spreadsheets, a part-time assistant"}
        ),
        "cause": forms.Textarea(
            attrs={
                "rows": 2,
                "placeholder": "Trained as a clinician, never as a business owner",
            }
        ),
        "our_answer": forms.Textarea(
            attrs={
                "rows": 2,
                "placeholder": "A simple weekly system set up in two sessions",
            }
        ),
    },
)

RedFlagForm = part_form(
    RedFlag,
    ["text", "severity"],
    labels={"text": "Behaviour or trait to avoid"},
    help_texts={
        "severity": "A deal-breaker means “not a fit, refer elsewhere” "
        "whatever else is true.",
    },
    widgets={
        "text": forms.TextInput(
            attrs={"placeholder": "Calls at weekends after agreeing to email"}
        )
    },
)


class LoadedRowField(forms.Field):
    """A row's hidden id, resolved to the row of the list it edits. Any other
    id, of a row removed meanwhile (in another tab, say) or of another
    persona's, is an error shown next to the row."""

    widget = forms.HiddenInput
    default_error_messages = {
        "invalid_choice": "This row no longer exists: it may have been removed in "
        "another tab. Reload the page to see the list as it is now.",
    }

    def __init__(self, rows_by_id: dict[str, PersonaPart], **kwargs):
        super().__init__(required=False, **kwargs)
        self.rows_by_id = rows_by_id

    def to_python(self, value) -> PersonaPart | None:
        if value in self.empty_values:
            return None
        row = self.rows_by_id.get(str(value))
        if row is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return row

    def prepare_value(self, value):
        return getattr(value, "pk", value)

    def has_changed(self, initial, data) -> bool:
        return str(self.prepare_value(initial) or "") != str(data or "")


class PartFormSet(forms.BaseFormSet):
    """The rows of one of a persona's (`instance`'s) lists: change, add,
    reorder (ORDER) and remove (DELETE) them. The rows are read from the
    persona, so one loaded with its parts (`Persona.objects.worksheet_of()`)
    costs no query.

    A shown page lists the rows in their order; a page sent back names each
    row by its id, since the list may have changed since it was shown."""

    def __init__(self, data=None, files=None, *, instance: Persona, prefix: str):
        self.instance = instance
        saved = getattr(instance, self.related_name).all() if instance.pk else []
        self.rows = list(saved)
        self._rows_by_id = {str(row.pk): row for row in self.rows}
        super().__init__(data, files, prefix=prefix)

    @property
    def model(self) -> type[PersonaPart]:
        return self.form.model

    @cached_property
    def related_name(self) -> str:
        return self.model._meta.get_field("persona").related_query_name()

    def initial_form_count(self) -> int:
        return super().initial_form_count() if self.is_bound else len(self.rows)

    def get_form_kwargs(self, index: int | None) -> dict:
        row = self._row_of_form(index)
        if row is None:
            return {}
        values = {name: getattr(row, name) for name in self.form.base_fields}
        return {"initial": values | {"id": row.pk}}

    def _row_of_form(self, index: int | None) -> PersonaPart | None:
        if index is None:  # The blank row a script copies.
            return None
        if self.is_bound:
            sent_id = self.data.get(self.add_prefix(index) + "-id")
            return self._rows_by_id.get(str(sent_id))
        return self.rows[index] if index < len(self.rows) else None

    def add_fields(self, form: PartForm, index: int | None) -> None:
        """The row's ORDER and DELETE fields (Django's), its id, and numbered
        labels ("Dream 2", "Remove dream 2") so that a screen reader user knows
        which row a field belongs to."""
        super().add_fields(form, index)
        form.fields["id"] = LoadedRowField(self._rows_by_id)
        noun = str(form.fields["text"].label)
        # The blank row the script copies says "__num__"; the script numbers it.
        number = index + 1 if index is not None else "__num__"
        name = f"{noun} {number}"
        form.fields["text"].label = name[0].upper() + name[1:]
        form.fields["ORDER"].label = f"Position of {name.lower()}"
        form.fields["ORDER"].widget.attrs.update({"min": 1, "class": "order-input"})
        form.fields["DELETE"].label = f"Remove {name.lower()}"

    def kept_rows(self) -> list[tuple[PersonaPart, bool]]:
        """Each row the list keeps, in its new order, with what was typed set on
        it (a new row is a new instance), and whether its form changed it. Only
        for a valid formset."""
        kept = []
        for form in self.ordered_forms:
            row = form.cleaned_data["id"] or self.model(persona=self.instance)
            for name in self.form.base_fields:
                setattr(row, name, form.cleaned_data[name])
            kept.append((row, form.has_changed()))
        return kept

    def removed_rows(self) -> list[PersonaPart]:
        """The saved rows whose remove box was ticked. Only for a valid formset."""
        return [
            form.cleaned_data["id"]
            for form in self.deleted_forms
            if form.cleaned_data.get("id") is not None
        ]


def part_formset(form: type[PartForm]) -> type[PartFormSet]:
    return forms.formset_factory(
        form,
        formset=PartFormSet,
        extra=0,
        max_num=MAX_ROWS,
        validate_max=True,
        can_delete=True,
        can_order=True,
    )


DreamFormSet = part_formset(DreamForm)
PainFormSet = part_formset(PainForm)
RedFlagFormSet = part_formset(RedFlagForm)
