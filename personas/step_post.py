"""A posted worksheet step, and what it is compared with: the glue between the
step's forms and the rules of `personas/conflicts.py`."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms as django_forms
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from personas.conflicts import (
    THEIRS,
    Conflict,
    Loaded,
    Snapshot,
    added_elsewhere,
    find_conflicts,
)
from personas.models import Persona
from personas.part_forms import PartFormSet
from personas.worksheet import Step, all_valid, build_forms

# Answers the conflict check leaves alone: a picture cannot be shown side by side
# with another, nor kept across a page that asks which to keep.
NOT_COMPARED = {"photo"}


def _formsets(forms: dict) -> list[PartFormSet]:
    return [form for form in forms.values() if isinstance(form, PartFormSet)]


def _persona_forms(forms: dict) -> list[django_forms.ModelForm]:
    return [form for form in forms.values() if not isinstance(form, PartFormSet)]


def _answers(forms: dict, persona: Persona) -> dict[str, object]:
    return {
        name: Persona._meta.get_field(name).value_from_object(persona)
        for form in _persona_forms(forms)
        for name in form.fields
        if name not in NOT_COMPARED
    }


def saved_answers(forms: dict, persona: Persona) -> Snapshot:
    """What is saved now ("theirs"). Read before the forms are validated, which
    writes what was typed onto the same instances."""
    return Snapshot(
        fields=_answers(forms, persona),
        rows={
            formset.prefix: {
                row_id: formset.values(row)
                for row_id, row in formset.rows_by_id.items()
            }
            for formset in _formsets(forms)
        },
    )


def typed_answers(forms: dict, persona: Persona) -> Snapshot:
    """What was typed ("yours"), from valid forms: each posted row by its id."""
    rows, removed = {}, {}
    for formset in _formsets(forms):
        deleted = formset.deleted_forms
        removed[formset.prefix] = frozenset(formset.posted_id(f) for f in deleted)
        rows[formset.prefix] = {
            formset.posted_id(form): formset.values(form.instance)
            for form in formset.forms
            if formset.posted_id(form) and form not in deleted
        }
    return Snapshot(fields=_answers(forms, persona), rows=rows, removed=removed)


def answers_after_saving(forms: dict, persona: Persona) -> Snapshot:
    """What a step's save left in the database, from the saved forms: the page's
    next fingerprint."""
    rows = {}
    for formset in _formsets(forms):
        kept = dict(formset.rows_by_id)
        for form in formset.deleted_forms:
            kept.pop(str(form.instance.pk), None)
        kept |= {str(row.pk): row for row in formset.kept_rows()}
        rows[formset.prefix] = {pk: formset.values(row) for pk, row in kept.items()}
    return Snapshot(fields=_answers(forms, persona), rows=rows)


def row_ids(forms: dict) -> dict[str, list[str]]:
    """After a save, each posted row's id in its list ("" for a row not saved or
    removed), so a page that stays open posts its new rows as the rows they are."""
    ids = {}
    for formset in _formsets(forms):
        deleted = formset.deleted_forms
        ids[formset.prefix] = [
            str(form.instance.pk) if form.instance.pk and form not in deleted else ""
            for form in formset.forms
        ]
    return ids


class StepPost:
    """A posted step: its forms bound to what was posted and validated, and, when
    the page said what it showed (`loaded`), the conflicts with what was saved
    since. The persona must be locked (`Persona.objects.for_step_save()`), so
    that what is compared is still what is saved when the step is written."""

    def __init__(
        self,
        step: Step,
        persona: Persona,
        data: QueryDict,
        files: MultiValueDict | None,
        loaded: Loaded | None,
        *,
        check: bool = True,
    ) -> None:
        self.step, self.persona, self.data, self.files = step, persona, data, files
        self.loaded = loaded
        self.resolved = False
        self.forms = build_forms(step, persona, data, files, loaded=loaded)
        self.theirs = saved_answers(self.forms, persona)
        self.valid = all_valid(self.forms)
        self.conflicts: list[Conflict] = []
        if self.valid and loaded and check:
            self.conflicts = find_conflicts(
                loaded=loaded,
                theirs=self.theirs,
                yours=typed_answers(self.forms, persona),
            )

    def resolve(
        self, picked: dict[str, str], reload: Callable[[], Persona]
    ) -> "StepPost":
        """This post with a side chosen for each conflict (`conflicts.choices`):
        theirs in place of what was typed where theirs was kept, bound again to a
        fresh copy of the persona (validation changed this one)."""
        keep_theirs = {key for key, side in picked.items() if side == THEIRS}
        post = self
        if keep_theirs:
            data = with_theirs(self.data, self.forms, self.conflicts, keep_theirs)
            post = StepPost(
                self.step, reload(), data, self.files, self.loaded, check=False
            )
        post.conflicts = []
        post.resolved = True
        return post


def with_theirs(
    data: QueryDict, forms: dict, conflicts: list[Conflict], keys: set[str]
) -> QueryDict:
    """`data` with the saved values of the conflicts named by `keys` in place of
    what was typed; a row removed elsewhere is marked for removal."""
    data = data.copy()
    fields = {n: f for form in _persona_forms(forms) for n, f in form.fields.items()}
    rows = {
        (formset.prefix, formset.posted_id(form)): (formset, form.prefix)
        for formset in _formsets(forms)
        for form in formset.forms
    }
    for conflict in conflicts:
        if conflict.key not in keys:
            continue
        if not conflict.row:
            data.setlist(
                conflict.name, _as_data(fields[conflict.name], conflict.theirs)
            )
            continue
        formset, prefix = rows[(conflict.name, conflict.row)]
        if conflict.theirs is None:
            data[f"{prefix}-DELETE"] = "on"
            continue
        data.pop(f"{prefix}-DELETE", None)
        for name, value in conflict.theirs.items():
            field = formset.form.base_fields[name]
            data.setlist(f"{prefix}-{name}", _as_data(field, value))
    return data


def _as_data(field: django_forms.Field, value: object) -> list[str]:
    """A saved value as a browser would post it in `field`."""
    prepared = field.prepare_value(value)
    if prepared is None:
        return [""]
    if isinstance(prepared, list | tuple):
        return [str(item) for item in prepared]
    return [str(prepared)]


def with_move(data: QueryDict, prefixes: list[str]) -> QueryDict:
    """`data` with a row moved one place up or down, when a "move" button
    ("<list>-<row>-up" or "-down") sent it: the no-JavaScript way to reorder."""
    row, _, direction = data.get("move", "").rpartition("-")
    prefix, _, index = row.rpartition("-")
    if prefix not in prefixes or not index.isdigit() or direction not in {"up", "down"}:
        return data
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", "")), MAX_POSTED_ROWS)
    except ValueError:
        return data
    checkbox = django_forms.CheckboxInput()
    rows = [
        i
        for i in range(total)
        if not checkbox.value_from_datadict(data, None, f"{prefix}-{i}-DELETE")
    ]
    rows.sort(key=lambda i: _place(data.get(f"{prefix}-{i}-ORDER", ""), i))
    if int(index) not in rows:
        return data
    at = rows.index(int(index))
    other = at - 1 if direction == "up" else at + 1
    if 0 <= other < len(rows):
        rows[at], rows[other] = rows[other], rows[at]
    data = data.copy()
    for position, i in enumerate(rows, start=1):
        data[f"{prefix}-{i}-ORDER"] = str(position)
    return data


# Django refuses a formset of more than its max plus 1,000 forms; a move reads no
# more rows than that.
MAX_POSTED_ROWS = 1030


def _place(order: str, index: int) -> tuple[int, int, int]:
    """Rows with a position first, in that order, then the rest as posted."""
    return (0, int(order), index) if order.isdigit() else (1, 0, index)


@dataclass(frozen=True)
class ConflictView:
    """A conflict as the page shows it, with the worksheet's labels."""

    key: str
    label: str
    theirs: str
    yours: str
    mark: str
    default: str
    you_changed: bool


def describe(conflicts: list[Conflict], forms: dict) -> list[ConflictView]:
    """Each conflict with its label on the page ("Tagline", "Dream 2") and both
    sides as a person reads them."""
    fields = {n: f for form in _persona_forms(forms) for n, f in form.fields.items()}
    rows = {
        (formset.prefix, formset.posted_id(form)): form
        for formset in _formsets(forms)
        for form in formset.forms
    }
    views = []
    for conflict in conflicts:
        if conflict.row:
            form = rows[(conflict.name, conflict.row)]
            label = str(form.fields["text"].label)
            theirs, yours = (
                row_text(form.fields, conflict.theirs),
                row_text(form.fields, conflict.yours),
            )
        else:
            field = fields[conflict.name]
            label = str(field.label)
            theirs = display(field, conflict.theirs)
            yours = display(field, conflict.yours)
        views.append(
            ConflictView(
                conflict.key,
                label,
                theirs,
                yours,
                conflict.mark,
                conflict.default,
                conflict.you_changed,
            )
        )
    return views


def row_text(fields: dict[str, django_forms.Field], row: dict | None) -> str:
    """A row as one text: its sentence, then its other answers with their labels."""
    if row is None:
        return "(removed)"
    lines = [str(row["text"])]
    for name, value in row.items():
        if name != "text" and value not in ("", None, []):
            lines.append(f"{fields[name].label}: {display(fields[name], value)}")
    return "\n".join(lines)


def display(field: django_forms.Field, value: object) -> str:
    """An answer as a person reads it: choices by their names, a list one item
    per line, nothing as "(empty)"."""
    if value in ("", None, []):
        return "(empty)"
    names = dict(field.choices) if isinstance(field, django_forms.ChoiceField) else {}
    items = value if isinstance(value, list | tuple) else [value]
    return "\n".join(str(names.get(item, item)) for item in items)


def describe_added(post: StepPost) -> list[str]:
    """Rows saved elsewhere since the page loaded (kept), as the page lists them."""
    if post.loaded is None:
        return []
    added = added_elsewhere(loaded=post.loaded, theirs=post.theirs)
    texts = []
    for formset in _formsets(post.forms):
        fields = formset.form.base_fields
        texts += [row_text(fields, row) for row in added.get(formset.prefix, [])]
    return texts


def error_labels(forms: dict, limit: int = 3) -> list[str]:
    """The labels of the first answers with an error, to name them in a message."""
    labels = []
    for form in _persona_forms(forms):
        labels += [
            str(form.fields[name].label) for name in form.errors if name in form.fields
        ]
    for formset in _formsets(forms):
        for form in formset.forms:
            # A row marked for removal is not saved, so its errors do not count.
            if form.errors and not form.cleaned_data.get("DELETE"):
                labels.append(str(form.fields["text"].label))
        if formset.non_form_errors():
            labels.append(formset.prefix.replace("_", " ").capitalize())
    return list(dict.fromkeys(labels))[:limit]
