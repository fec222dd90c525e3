"""Form fields for the worksheet's lists."""

from django import forms
from django.contrib.postgres.fields import ArrayField

MAX_LINES = 30
MAX_LINE_LENGTH = 200
NUL_MESSAGE = "Remove the NUL character from the text."


class LinesField(forms.Field):
    """A list of short texts typed one per line; blank lines and repeats drop out."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, max_length: int = MAX_LINE_LENGTH, **kwargs):
        self.max_length = max_length
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        lines = value if isinstance(value, list | tuple) else str(value).splitlines()
        seen, result = set(), []
        for line in (line.strip(" \t-•*") for line in lines):
            if line and line.lower() not in seen:
                seen.add(line.lower())
                result.append(line)
        return result

    def has_changed(self, initial, data) -> bool:
        # A blank new row's empty box is no change (its initial is None, not []).
        return self.to_python(initial) != self.to_python(data)

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        # PostgreSQL's text cannot hold NUL; CharField refuses it, a list must too.
        if any("\x00" in line for line in value):
            raise forms.ValidationError(NUL_MESSAGE)
        if len(value) > MAX_LINES:
            raise forms.ValidationError(
                f"Keep it to {MAX_LINES} lines or fewer (this has {len(value)})."
            )
        too_long = [line for line in value if len(line) > self.max_length]
        if too_long:
            raise forms.ValidationError(
                f"Each line can be at most {self.max_length} characters; "
                f"shorten “{too_long[0][:40]}…”."
            )


class ChoicesField(forms.MultipleChoiceField):
    """Several choices as checkboxes, stored in an ArrayField."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def formfield_for_array(db_field, **kwargs):
    """ModelForm hook: lists of choices become checkboxes, free lists become lines."""
    if isinstance(db_field, ArrayField):
        base = db_field.base_field
        common = {
            "label": kwargs.get("label") or db_field.verbose_name.capitalize(),
            "help_text": db_field.help_text,
        }
        if "widget" in kwargs:
            common["widget"] = kwargs["widget"]
        if base.choices:
            return ChoicesField(choices=base.choices, **common)
        return LinesField(max_length=base.max_length, **common)
    return db_field.formfield(**kwargs)
