"""Writes that span a persona and its parts."""

from django.db.models import Max

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

    The persona was loaded with its parts (`Persona.objects.with_parts()`) and
    the step's forms wrote their answers onto it, so completeness is worked out
    from what is in memory: the persona, the rows each formset keeps and the
    parts the step does not edit.

    Only the step's own columns are written, so a step never overwrites answers
    saved meanwhile from another tab. The persona goes first: when it was deleted
    meanwhile, that raises `Persona.NotUpdated` before any row is written, and
    the caller's transaction (the request's) leaves nothing of the step."""
    formsets = [form for form in forms if isinstance(form, PartFormSet)]
    persona_forms = [form for form in forms if not isinstance(form, PartFormSet)]
    persona.last_step = step
    kept = {formset.related_name: formset.kept_rows() for formset in formsets}
    data = persona_data(persona, parts=kept)
    persona.completeness = completeness.overall_percent(data)
    for form in persona_forms:
        form.save(commit=False)
    answered = [name for form in persona_forms for name in form.fields]
    persona.save(update_fields=[*answered, *BOOKKEEPING])
    for form in persona_forms:
        form.save_m2m()
    for formset in formsets:
        _save_rows(formset)
    return persona


def _save_rows(formset: PartFormSet) -> None:
    """Delete the removed rows, insert the new ones, and update the rows whose
    answers or place in the list changed: at most one statement each."""
    formset.save(commit=False)
    removed = [row.pk for row in formset.deleted_objects]
    new, changed = [], []
    for position, form in enumerate(formset.ordered_forms):
        row = form.instance
        moved = row.position != position
        row.position = position
        if row.pk is None:
            new.append(row)
        elif moved or form.has_changed():
            changed.append(row)
    if removed:
        formset.model.objects.filter(pk__in=removed).delete()
    if new:
        formset.model.objects.bulk_create(new)
    if changed:
        fields = [*formset.form.base_fields, "position"]
        formset.model.objects.bulk_update(changed, fields)


def refresh_completeness(persona: Persona) -> None:
    """Recompute the stored completeness from what is saved. Only the bookkeeping
    columns are written, so a stale instance never overwrites newer answers."""
    fresh = Persona.objects.with_parts().get(pk=persona.pk)
    persona.completeness = completeness.overall_percent(persona_data(fresh))
    persona.save(update_fields=BOOKKEEPING)


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
