"""Rubric versions: the applied rubric, its draft, and switching between them."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.tasks import enqueue_after_commit
from fitcheck.criteria_from_persona import as_fields, criteria_for
from fitcheck.models import Contact, Criterion, RescoreJob, Rubric
from fitcheck.services import intake_questions
from personas.models import Dream, Pain, Persona
from personas.transfer import persona_data

# Facts whose values are choice codes, named in words in generated criteria labels.
CHOICE_FACTS = ("gender", "income_band", "family_status", "education")


class DraftGone(Exception):
    """The draft was applied or discarded meanwhile (another tab, a double click)."""


def applied_rubric(*, persona: Persona) -> Rubric:
    """The persona's applied rubric, generated from the persona the first time."""
    rubric = _applied(persona)
    if rubric is None:
        with transaction.atomic():
            _lock_persona(persona.pk)
            # Another request may have generated it while this one waited.
            rubric = _applied(persona) or _generate(
                persona=persona, status=Rubric.Status.APPLIED
            )
    return rubric


def draft_rubric(*, persona: Persona) -> Rubric | None:
    """The persona's unapplied draft, if there is one."""
    drafts = Rubric.objects.with_criteria().filter(
        persona=persona, status=Rubric.Status.DRAFT
    )
    return drafts.first()


@transaction.atomic
def start_draft(*, persona: Persona, from_persona: bool = False) -> Rubric:
    """A new draft version to edit: a copy of the applied rubric, or ("Reset to
    the persona") one generated afresh from the persona. Replaces an older draft."""
    _lock_persona(persona.pk)
    current = applied_rubric(persona=persona)
    Rubric.objects.filter(persona=persona, status=Rubric.Status.DRAFT).delete()
    if from_persona:
        return _generate(persona=persona, status=Rubric.Status.DRAFT)
    draft = Rubric.objects.create(
        persona=persona,
        version=_next_version(persona),
        status=Rubric.Status.DRAFT,
        ideal_from=current.ideal_from,
        good_from=current.good_from,
        weak_from=current.weak_from,
        min_confidence=current.min_confidence,
    )
    Criterion.objects.bulk_create(
        [_copy_criterion(criterion, draft) for criterion in current.criteria.all()]
    )
    return Rubric.objects.with_criteria().get(pk=draft.pk)


@transaction.atomic
def start_suggested_draft(*, persona: Persona, weights: dict[str, float]) -> Rubric:
    """A draft copied from the applied rubric with the criteria named in
    `weights` (by key) weighing what it says; the practitioner previews it and
    applies or discards it like any draft. Replaces an older draft (callers
    ask first: see draft_rubric)."""
    draft = start_draft(persona=persona)
    changed = [c for c in draft.criteria.all() if c.key in weights]
    for criterion in changed:
        criterion.weight = weights[criterion.key]
    Criterion.objects.bulk_update(changed, ["weight"])
    return Rubric.objects.with_criteria().get(pk=draft.pk)


def _applied(persona: Persona) -> Rubric | None:
    return Rubric.objects.applied().with_criteria().filter(persona=persona).first()


def _lock_persona(persona_id: int) -> None:
    """Serialise the writes that create or switch a persona's rubric versions, so
    two requests at once never break "one draft, one applied" into an error."""
    locked = Persona.objects.select_for_update(no_key=True).filter(pk=persona_id)
    list(locked.values_list("pk", flat=True))


def _generate(*, persona: Persona, status: str) -> Rubric:
    data = persona_data(Persona.objects.with_parts().get(pk=persona.pk))
    rubric = Rubric.objects.create(
        persona=persona,
        version=_next_version(persona),
        status=status,
        applied_at=timezone.now() if status == Rubric.Status.APPLIED else None,
    )
    Criterion.objects.bulk_create(
        [
            Criterion(rubric=rubric, position=position, **as_fields(criterion))
            for position, criterion in enumerate(criteria_for(data, _choice_names()))
        ]
    )
    return Rubric.objects.with_criteria().get(pk=rubric.pk)


def _choice_names() -> dict[str, str]:
    """Choice codes in words (non_binary: "Non-binary people"), for criteria labels."""
    return {
        str(code): str(name)
        for fact in CHOICE_FACTS
        for code, name in Contact._meta.get_field(fact).choices
    }


def _next_version(persona: Persona) -> int:
    latest = Rubric.objects.filter(persona=persona).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


def _copy_criterion(criterion: Criterion, rubric: Rubric) -> Criterion:
    values = {
        field.attname: getattr(criterion, field.attname)
        for field in Criterion._meta.concrete_fields
        if field.name not in ("id", "rubric")
    }
    return Criterion(rubric=rubric, **values)


@transaction.atomic
def apply_draft(*, draft: Rubric) -> RescoreJob:
    """Make the draft the applied rubric, re-draft the intake's questions for it,
    and re-score the workspace's contacts in the background. Raises DraftGone
    when it was applied or discarded meanwhile."""
    _lock_persona(draft.persona_id)
    if not Rubric.objects.filter(pk=draft.pk, status=Rubric.Status.DRAFT).exists():
        raise DraftGone(f"Version {draft.version} is no longer a draft.")
    Rubric.objects.filter(
        persona=draft.persona_id, status=Rubric.Status.APPLIED
    ).update(status=Rubric.Status.RETIRED)
    draft.status = Rubric.Status.APPLIED
    draft.applied_at = timezone.now()
    draft.save(update_fields=["status", "applied_at"])
    _keep_said_as(draft)
    # The intake asks what the applied version scores (edits to it survive).
    intake_questions.redraft_pages(rubric=draft)
    return queue_rescore(rubric=draft)


def _keep_said_as(rubric: Rubric) -> None:
    """How prospects say each pain and dream, as edited on the rubric, saved on the
    persona's pain or dream whose sentence the criterion starts with (so that a
    version generated afresh from the persona keeps them)."""
    for prefix, model in (("pain:", Pain), ("dream:", Dream)):
        phrases = {
            c.expected[0]: list(c.expected[1:])
            for c in rubric.criteria.all()
            if c.key.startswith(prefix) and c.expected
        }
        parts = model.objects.filter(persona_id=rubric.persona_id, text__in=phrases)
        changed = []
        for part in parts:
            if part.said_as != phrases[part.text]:
                part.said_as = phrases[part.text]
                changed.append(part)
        model.objects.bulk_update(changed, ["said_as"])


def discard_draft(*, draft: Rubric) -> None:
    # Only ever a draft: applied and retired versions are the history scores cite.
    Rubric.objects.filter(pk=draft.pk, status=Rubric.Status.DRAFT).delete()


def queue_rescore(*, rubric: Rubric) -> RescoreJob:
    from fitcheck.tasks import rescore

    workspace_id = rubric.persona.workspace_id
    job = RescoreJob.objects.create(
        rubric=rubric, total=Contact.objects.filter(workspace_id=workspace_id).count()
    )
    enqueue_after_commit(rescore, job_id=job.pk)
    return job
