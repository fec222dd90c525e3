"""The rows of a persona's lists (dreams, pains, red flags): inline model formsets
to change, add, reorder (ORDER) and remove (DELETE) them."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.functional import cached_property

from personas.fields import formfield_for_array
from personas.models import Dream, Pain, Persona, PersonaPart, RedFlag

MAX_ROWS = 30


def growing(example: str, rows: int = 2) -> forms.Textarea:
    """A text box that grows with what is typed (CSS, or the worksheet script)."""
    return forms.Textarea(
        attrs={"rows": rows, "class": "auto-grow", "placeholder": f"e.g. {example}"}
    )


class DreamForm(forms.ModelForm):
    class Meta:
        model = Dream
        fields = ["text", "said_as"]
        # "How prospects say it" is a list: one phrase per line, as in the steps.
        formfield_callback = staticmethod(formfield_for_array)
        widgets = {
            "text": growing(
                "A thriving practice with a waiting list of the right patients"
            ),
            "said_as": growing("A full diary\nPatients I love working with"),
        }


class PainForm(forms.ModelForm):
    class Meta:
        model = Pain
        fields = [
            "text",
            "said_as",
            "intensity",
            "already_tried",
            "cause",
            "our_answer",
        ]
        formfield_callback = staticmethod(formfield_for_array)
        labels = {"intensity": "How much it hurts (1 to 5)"}
        widgets = {
            "text": growing("Evenings lost to billing and admin"),
            "said_as": growing("Drowning in paperwork\nNo time for patients"),
            "intensity": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "already_tried": growing("Spreadsheets, a part-time assistant"),
            "cause": growing("Trained as a clinician, never as a business owner"),
            "our_answer": growing("A simple weekly system set up in two sessions"),
        }

    def validate_constraints(self) -> None:
        """The model's constraints but pain_intensity_1_to_5, which repeats the
        intensity field's validators for the database's sake: Django checks a
        constraint with a query (and a savepoint) of its own for every row, and
        the validators have already held the value to 1-5 without one."""
        exclude = {f.name for f in Pain._meta.fields if f.name not in self.fields}
        try:
            self.instance.validate_constraints(exclude=exclude | {"intensity"})
        except ValidationError as error:
            self.add_error(None, error)


class RedFlagForm(forms.ModelForm):
    class Meta:
        model = RedFlag
        fields = ["text", "severity"]
        labels = {"text": "Behaviour or trait to avoid"}
        help_texts = {
            "severity": "A deal-breaker means “not a fit, refer elsewhere” "
            "whatever else is true.",
        }
        widgets = {
            "text": forms.TextInput(
                attrs={"placeholder": "e.g. Calls at weekends after agreeing to email"}
            )
        }


class RowField(forms.ModelChoiceField):
    """A row's hidden id, found among the rows of the list being edited. Django's
    own field looks each row up with a query of its own, among every persona's
    rows. An id of another persona's row, or of a row removed meanwhile that the
    page did not know of, is an error shown next to the row.

    A row the page showed (`gone`: its fingerprint names it) that was removed
    elsewhere since comes back as a new row: the conflict check asks whether to
    keep it, and keeping it must not fail on the missing id."""

    default_error_messages = {
        "invalid_choice": "This row no longer exists: it may have been removed in "
        "another tab. Reload the page to see the list as it is now.",
    }

    def __init__(self, queryset, *, rows: dict[str, PersonaPart], gone, **kwargs):
        super().__init__(queryset, **kwargs)
        self.rows = rows
        self.gone = gone

    def clean(self, value) -> PersonaPart | None:
        if str(value) in self.gone:
            return None
        return super().clean(value)

    def to_python(self, value) -> PersonaPart | None:
        if value in self.empty_values:
            return None
        try:
            return self.rows[str(value)]
        except KeyError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class OrderField(forms.IntegerField):
    """A row's place in its list, kept up to date by the up and down buttons.
    A place alone is no change: a blank new row stays blank (and ignored)."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        return False


class PartFormSet(BaseInlineFormSet):
    def __init__(self, *args, shown_rows: frozenset[str] = frozenset(), **kwargs):
        """`shown_rows`: the ids of the rows the page showed when it was loaded."""
        super().__init__(*args, **kwargs)
        self.shown_rows = shown_rows

    @cached_property
    def related_name(self) -> str:
        return self.fk.related_query_name()

    def get_queryset(self):
        """The persona's rows as its prefetch read them (`with_parts()`,
        `for_step_save()`), in the models' order, rather than the same rows read
        again: without a prefetch, `.all()` reads them as Django's formset does."""
        if self.instance.pk is None:
            return super().get_queryset()
        return getattr(self.instance, self.related_name).all()

    @cached_property
    def rows_by_id(self) -> dict[str, PersonaPart]:
        return {str(row.pk): row for row in self.get_queryset()}

    @cached_property
    def gone(self) -> frozenset[str]:
        """Rows the page showed that were removed since."""
        return frozenset(self.shown_rows - set(self.rows_by_id))

    def add_fields(self, form: forms.ModelForm, index: int | None) -> None:
        """Django's fields (the row's id, the persona's, ORDER and DELETE), the id
        as a `RowField`, ORDER hidden (the page moves rows with buttons); and
        numbered labels ("Dream 2", "Remove dream 2") so that a screen reader user
        knows which row a field belongs to."""
        super().add_fields(form, index)
        pk_name = self.model._meta.pk.name
        pk = form.fields[pk_name]
        form.fields[pk_name] = RowField(
            pk.queryset,
            rows=self.rows_by_id,
            gone=self.gone,
            initial=pk.initial,
            required=False,
            widget=pk.widget,
        )
        order = form.fields["ORDER"]
        form.fields["ORDER"] = OrderField(initial=order.initial, required=False)
        noun = str(form.fields["text"].label)
        # The blank row the script copies says "__num__"; the script numbers it.
        number = index + 1 if index is not None else "__num__"
        name = f"{noun} {number}"
        form.fields["text"].label = name[0].upper() + name[1:]
        form.fields["DELETE"].label = f"Remove {name.lower()}"
        form.fields["DELETE"].widget.attrs["class"] = "btn-check"

    def kept_rows(self) -> list[PersonaPart]:
        """The rows the list keeps, in their new order, with what was typed (a
        new row is a new instance). Only for a valid formset."""
        return [form.instance for form in self.ordered_forms]

    def values(self, row: PersonaPart) -> dict[str, object]:
        """A row's answers, as the conflict check compares them."""
        return {name: getattr(row, name) for name in self.form.base_fields}

    def posted_id(self, form: forms.ModelForm) -> str:
        """The id a row was posted with ("" for a new row)."""
        return str(form[self.model._meta.pk.name].data or "")


def part_formset(model: type[PersonaPart], form: type[forms.ModelForm]):
    return inlineformset_factory(
        Persona,
        model,
        form=form,
        formset=PartFormSet,
        extra=0,
        max_num=MAX_ROWS,
        validate_max=True,
        can_delete=True,
        can_order=True,
    )


DreamFormSet = part_formset(Dream, DreamForm)
PainFormSet = part_formset(Pain, PainForm)
RedFlagFormSet = part_formset(RedFlag, RedFlagForm)
