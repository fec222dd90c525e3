"""Writes that span a persona and its parts."""

import contextlib
import uuid

from django.core.files import File
from django.utils import timezone

from accounts import tokens
from accounts.models import Workspace
from personas import completeness
from personas.models import Dream, Pain, Persona, RedFlag, ShareLink
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
    number = Persona.objects.lock_lineage(persona.lineage)
    source = Persona.objects.with_parts().get(pk=persona.pk)
    copy = Persona.objects.get(pk=persona.pk)
    copy.pk = None
    copy.based_on = source
    copy.version = number
    copy.status = Persona.Status.DRAFT
    copy.save()
    _copy_parts(source, copy)
    return copy


def duplicate_persona(*, persona: Persona, workspace: Workspace) -> Persona:
    """Copy a persona and its parts, as a new draft persona of its own (a new
    lineage, version 1) in `workspace`: "Copy of Maya".

    The photo is copied into a file of its own, so the copy keeps it whatever
    happens to the original's (its workspace may erase it)."""
    source = Persona.objects.with_parts().get(pk=persona.pk)
    copy = Persona.objects.get(pk=persona.pk)
    copy.pk = None
    copy.workspace = workspace
    copy.lineage = uuid.uuid4()
    copy.version = 1
    copy.based_on = None
    copy.status = Persona.Status.DRAFT
    copy.name = copy_name(source.name)
    copy.photo = None
    if source.photo:
        with contextlib.suppress(FileNotFoundError), source.photo.open("rb") as photo:
            copy.photo.save(source.photo.name, File(photo), save=False)
    copy.save()
    _copy_parts(source, copy)
    return copy


def copy_name(name: str) -> str:
    """ "Copy of Maya", cut short to fit the name's column."""
    limit = Persona._meta.get_field("name").max_length
    prefix = "Copy of "
    if len(prefix + name) <= limit:
        return prefix + name
    return prefix + name[: limit - len(prefix) - 1].rstrip() + "…"


def _copy_parts(source: Persona, copy: Persona) -> None:
    """Copy the parts prefetched on `source` onto `copy`, in their order."""
    for model in PART_MODELS:
        parts = getattr(source, model._meta.get_field("persona").related_query_name())
        model.objects.bulk_create([_copy_part(part, copy) for part in parts.all()])


def _copy_part(part, persona: Persona):
    part.pk = None
    part.persona = persona
    return part


def activate(*, persona: Persona) -> list[Persona]:
    """Make `persona` the active version of its lineage and retire the version
    that was active, in the caller's transaction. Returns the retired versions."""
    retired = retire_other_versions(persona=persona)
    persona.status = Persona.Status.ACTIVE
    persona.save(update_fields=["status", "updated_at"])
    return retired


def retire_other_versions(*, persona: Persona) -> list[Persona]:
    """Archive ("retire") the active versions of `persona`'s lineage but itself,
    before it becomes active (the database holds one active version per
    lineage). Returns them, oldest first, so the caller can say which."""
    Persona.objects.lock_lineage(persona.lineage)
    others = Persona.objects.filter(
        lineage=persona.lineage, status=Persona.Status.ACTIVE
    ).exclude(pk=persona.pk)
    retired = list(others.order_by("version").only("pk", "version", "name"))
    others.update(status=Persona.Status.ARCHIVED, updated_at=timezone.now())
    return retired


def set_status(*, persona: Persona, status: str) -> Persona:
    """Set any status but active, which goes through `activate`."""
    if status == Persona.Status.ACTIVE:
        raise ValueError("Activate a version with activate(), which retires others.")
    persona.status = status
    persona.save(update_fields=["status", "updated_at"])
    return persona


def share(*, persona: Persona, user) -> str:
    """Make a new share link for `persona` (the old one, if any, stops working)
    and return its token, which only the caller ever sees."""
    raw, digest = tokens.new_token()
    persona.share_link, _ = ShareLink.objects.update_or_create(
        persona=persona,
        defaults={
            "token_hash": digest,
            "created_by": user,
            "created_at": timezone.now(),
        },
    )
    return raw


def stop_sharing(*, persona: Persona) -> bool:
    """Delete the persona's share link; False when it had none."""
    deleted, _ = ShareLink.objects.filter(persona=persona).delete()
    return bool(deleted)
