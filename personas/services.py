"""Writes that span a persona and its parts."""

import functools
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Field, Max

from accounts.models import Workspace
from personas import completeness
from personas.models import Dream, Pain, Persona, RedFlag
from personas.part_forms import PartFormSet
from personas.transfer import persona_data

PART_MODELS = (Dream, Pain, RedFlag)
# The columns the worksheet itself keeps up to date.
BOOKKEEPING = ["completeness", "last_step", "updated_at"]


def create_persona(*, workspace: Workspace, name: str, kind: str) -> Persona:
    persona = Persona.objects.create(workspace=workspace, name=name, kind=kind)
    refresh_completeness(persona)
    return persona


def save_step(*, persona: Persona, step: str, forms: list) -> Persona:
    """Save a worksheet step's form and formsets, remember the step, and refresh
    the persona's completeness.

    The persona was loaded with its parts (`Persona.objects.worksheet_of()`) and
    the step's forms wrote their answers onto it, so completeness is worked out
    from what is in memory: the persona, the rows each formset keeps and the parts
    the step does not edit.

    The step's view runs outside a request transaction: most saves write one
    statement (the persona's row), which needs none, and a transaction is opened
    only when rows of the lists change as well. Raises `Persona.NotUpdated`,
    having saved nothing, when the persona was deleted meanwhile."""
    changes = [RowChanges.of(form) for form in forms if isinstance(form, PartFormSet)]
    persona_forms = [form for form in forms if not isinstance(form, PartFormSet)]
    persona.last_step = step
    parts = {change.related_name: change.rows for change in changes}
    persona.completeness = completeness.overall_percent(
        persona_data(persona, parts=parts)
    )
    writes_rows = any(change.writes for change in changes)
    with transaction.atomic() if writes_rows else nullcontext():
        for change in changes:
            change.write()
        _save_persona(persona, persona_forms)
    return persona


def _save_persona(persona: Persona, forms: list) -> None:
    """One UPDATE: every column when the step has a form of the persona's own
    answers, otherwise only the bookkeeping (so that a step of lists never
    overwrites answers saved meanwhile from another tab)."""
    if not forms:
        _save_bookkeeping(persona)
        return
    for form in forms:
        form.save(commit=False)
    persona.save(force_update=True)  # Never again INSERT a persona deleted meanwhile.
    for form in forms:
        form.save_m2m()


def _save_bookkeeping(persona: Persona) -> None:
    """`persona.save(update_fields=BOOKKEEPING)` as fixed text: the ORM compiles
    that UPDATE afresh every time, which cost a worksheet step about a quarter
    of a millisecond of CPU (sending this costs a tenth)."""
    statement, fields = _bookkeeping_update()
    values = [
        f.get_db_prep_save(f.pre_save(persona, False), connection) for f in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(statement, [*values, persona.pk])
        if cursor.rowcount != 1:  # Deleted meanwhile: fail as the ORM would.
            raise Persona.NotUpdated("Save with update_fields did not affect any rows.")


@functools.cache
def _bookkeeping_update() -> tuple[str, list[Field]]:
    fields = [Persona._meta.get_field(name) for name in BOOKKEEPING]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    table = quote(Persona._meta.db_table)
    return f"UPDATE {table} SET {columns} WHERE id = %s", fields  # noqa: S608


@dataclass
class RowChanges:
    """What saving one formset does to its table: the rows to delete, insert and
    update, and the rows kept, in their order."""

    model: type
    related_name: str
    fields: list[str]
    rows: list
    deleted: list = field(default_factory=list)
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)

    @classmethod
    def of(cls, formset: PartFormSet) -> "RowChanges":
        change = cls(
            model=formset.model,
            related_name=formset.related_name,
            fields=[*formset.form.base_fields, "position"],
            rows=[],
            deleted=formset.removed_rows(),
        )
        for position, (row, edited) in enumerate(formset.kept_rows()):
            moved = row.position != position
            row.position = position
            if row.pk is None:
                change.new.append(row)
            elif moved or edited:
                change.changed.append(row)
            change.rows.append(row)
        return change

    @property
    def writes(self) -> bool:
        return bool(self.deleted or self.new or self.changed)

    def write(self) -> None:
        """At most one statement each for the deleted, new and changed rows."""
        if self.deleted:
            self.model.objects.filter(pk__in=[row.pk for row in self.deleted]).delete()
        if self.new:
            self.model.objects.bulk_create(self.new)
        if self.changed:
            self.model.objects.bulk_update(self.changed, self.fields)


def refresh_completeness(persona: Persona) -> None:
    """Recompute the stored completeness from what is saved. Only the bookkeeping
    columns are written, so a stale instance never overwrites newer answers; the
    new updated_at also renews the profile page's cached fragments."""
    fresh = Persona.objects.with_parts().get(pk=persona.pk)
    persona.completeness = completeness.overall_percent(persona_data(fresh))
    _save_bookkeeping(persona)


@transaction.atomic
def new_version(*, persona: Persona) -> Persona:
    """Copy a persona and its parts into a new draft that remembers its source."""
    # Lock the lineage so two copies made at once get distinct numbers.
    lineage = Persona.objects.select_for_update().filter(lineage=persona.lineage)
    latest = lineage.aggregate(latest=Max("version"))["latest"]
    source = Persona.objects.with_parts().get(pk=persona.pk)
    copy = Persona.objects.get(pk=persona.pk)
    copy.pk = None
    copy.based_on = source
    copy.version = latest + 1
    copy.status = Persona.Status.DRAFT
    copy.save()
    for model in PART_MODELS:
        parts = getattr(source, model._meta.get_field("persona").related_query_name())
        model.objects.bulk_create([_copy_part(part, copy) for part in parts.all()])
    return copy


def _copy_part(part, persona: Persona):
    part.pk = None
    part.persona = persona
    return part


def set_status(*, persona: Persona, status: str) -> Persona:
    persona.status = status
    persona.save(update_fields=["status", "updated_at"])
    return persona
