"""Writes that span a persona and its parts."""

from django.db import transaction
from django.db.models import Max

from accounts.models import Workspace
from personas import completeness
from personas.models import Dream, Pain, Persona, RedFlag
from personas.transfer import persona_data

PART_MODELS = (Dream, Pain, RedFlag)


def create_persona(*, workspace: Workspace, name: str, kind: str) -> Persona:
    persona = Persona.objects.create(workspace=workspace, name=name, kind=kind)
    refresh_completeness(persona)
    return persona


# No savepoint of its own inside a request's transaction (two round trips saved on
# every step): a failure rolls the whole request back anyway.
@transaction.atomic(savepoint=False)
def save_step(*, persona: Persona, step: str, forms: list) -> Persona:
    """Save a worksheet step's form and formsets, remember the step, and refresh
    the persona's completeness.

    The persona was loaded with its parts (`Persona.objects.with_parts()`) and the
    step's forms wrote their answers onto it, so completeness is worked out from
    what is in memory: the persona, the rows each formset saved and the parts the
    step does not edit."""
    saved_rows = {}
    for form in forms:
        if hasattr(form, "forms"):  # A formset of dreams, pains or red flags.
            saved_rows[form.fk.related_query_name()] = _save_rows(form, persona)
        else:
            form.save()
    persona.last_step = step
    data = persona_data(persona, parts=saved_rows)
    persona.completeness = completeness.overall_percent(data)
    persona.save(update_fields=["completeness", "last_step", "updated_at"])
    return persona


def _save_rows(formset, persona: Persona) -> list:
    """Delete the removed rows, insert the new ones and update, in one statement,
    the rows whose answers or place changed. Returns the rows in their order."""
    formset.save(commit=False)
    for row in formset.deleted_objects:
        row.delete()
    rows, new, changed = [], [], []
    for position, child in enumerate(formset.ordered_forms):
        row = child.instance
        moved = row.position != position
        row.persona = persona
        row.position = position
        if row.pk is None:
            new.append(row)
        elif moved or child.has_changed():
            changed.append(row)
        rows.append(row)
    formset.model.objects.bulk_create(new)
    if changed:
        fields = [*formset.form._meta.fields, "position"]
        formset.model.objects.bulk_update(changed, fields)
    return rows


def refresh_completeness(persona: Persona) -> None:
    """Recompute the stored completeness from what is saved. Only the bookkeeping
    columns are written, so a stale instance never overwrites newer answers; the
    new updated_at also renews the profile page's cached fragments."""
    fresh = Persona.objects.with_parts().get(pk=persona.pk)
    persona.completeness = completeness.overall_percent(persona_data(fresh))
    persona.save(update_fields=["completeness", "last_step", "updated_at"])


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
