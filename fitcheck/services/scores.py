"""Fit scores: computing them for one contact, for pairs, or a workspace in batches."""

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import batched

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from fitcheck import queries, scoring
from fitcheck.models import Contact, FitScore, Rubric

BATCH_SIZE = 1000
SCORE_FIELDS = [
    "workspace",
    "rubric",
    "rubric_version",
    "score",
    "score_low",
    "score_high",
    "band",
    "confidence",
    "knocked_out",
    "ask_about",
    "breakdown",
    "computed_at",
    "stage",
]
# Only the columns scoring reads, so batches stay small in memory.
FACT_FIELDS = ["id", "workspace_id", "stage", *Contact.FACTS]

ScoreFn = Callable[[scoring.Rubric, dict], scoring.Result]


class RubricReplaced(Exception):
    """The rubric being re-scored is no longer the applied one."""


def score_contact_now(*, contact: Contact) -> list[FitScore]:
    """Score one contact against every applied rubric of its workspace (used when
    a contact is saved, so its page is right at once)."""
    applied = (
        Rubric.objects.applied()
        .with_criteria()
        .filter(persona__workspace_id=contact.workspace_id)
    )
    scores = [
        fit_score_row(rubric, rubric.as_scoring(), contact, scoring.score_contact)
        for rubric in applied
    ]
    _upsert(scores)
    return scores


def score_other_personas(*, contact_id: int, persona_id: int) -> int:
    """Score a contact against the applied rubrics of its workspace's personas
    other than `persona_id`; how many were scored. The intake scores its own
    persona while the prospect waits and leaves these to the worker. Nothing to
    do for a contact deleted meanwhile."""
    contact = Contact.objects.filter(pk=contact_id).only(*FACT_FIELDS).first()
    if contact is None:
        return 0
    others = (
        Rubric.objects.applied()
        .prefetch_related("criteria")
        .filter(persona__workspace_id=contact.workspace_id)
        .exclude(persona_id=persona_id)
    )
    scores = [fit_score_row(rubric, rubric.as_scoring(), contact) for rubric in others]
    _upsert(scores)
    return len(scores)


def rescore_contacts(
    *,
    rubric: Rubric,
    score_fn: ScoreFn = scoring.score_contact,
    on_batch: Callable[[int], None] = lambda done: None,
    only_stale: bool = False,
) -> int:
    """Score every contact of the rubric's workspace in batches; each batch is its
    own transaction, so progress is visible and a crash loses one batch at most.

    `on_batch` hears how many contacts are done with the batch, inside the
    batch's transaction and before its scores are written: an exception there (a
    job's lost lease) rolls the batch back. `only_stale` skips contacts already
    scored with this rubric since they last changed, which is how an interrupted
    job resumes. Raises RubricReplaced once the rubric is no longer the applied
    one, so a slow old job never overwrites the scores of a newer version."""
    compiled = rubric.as_scoring()
    done = 0
    batches = contact_batches(
        workspace_id=rubric.persona.workspace_id,
        skip_scored_with=rubric if only_stale else None,
    )
    for batch in batches:
        done += len(batch)
        _write_batch(rubric, compiled, batch, score_fn, partial(on_batch, done))
    return done


def _write_batch(
    rubric: Rubric, compiled, batch: list[dict], score_fn, before_writing
) -> None:
    try:
        _write_scores(rubric, compiled, batch, score_fn, before_writing)
    except IntegrityError:
        # A contact of the batch was deleted after the batch was read: score the
        # ones that are left (a second failure is a real error and propagates).
        ids = [contact["id"] for contact in batch]
        left = list(Contact.objects.filter(pk__in=ids).values(*FACT_FIELDS))
        _write_scores(rubric, compiled, left, score_fn, before_writing)


def _write_scores(
    rubric: Rubric, compiled, batch: list[dict], score_fn, before_writing
) -> None:
    with transaction.atomic():
        # The row lock makes apply_draft (which retires this rubric) wait for the
        # batch in flight; the next batch then sees the new status and stops.
        still_applied = Rubric.objects.select_for_update(no_key=True).filter(
            pk=rubric.pk, status=Rubric.Status.APPLIED
        )
        if not list(still_applied.values_list("pk", flat=True)):
            raise RubricReplaced(f"{rubric} is no longer the applied version.")
        before_writing()
        _upsert_values(rubric, compiled, batch, score_fn)


def _upsert_values(rubric: Rubric, compiled, batch: list[dict], score_fn) -> None:
    if batch:
        rows = [score_values(compiled, contact, score_fn) for contact in batch]
        queries.upsert_scores(
            rubric=rubric, workspace_id=batch[0]["workspace_id"], rows=rows
        )


def score_values(compiled, contact: dict, score_fn: ScoreFn) -> dict:
    """One contact's score as `queries.upsert_scores` stores it; `contact` is
    a row of FACT_FIELDS."""
    result = score_fn(compiled, Contact.facts_from(contact))
    return {
        "contact_id": contact["id"],
        "score": result.score,
        "score_low": result.score_low,
        "score_high": result.score_high,
        "band": result.band.value,
        "confidence": result.confidence,
        "knocked_out": result.knocked_out,
        "ask_about": list(result.ask_about),
        "breakdown": result.as_dict(),
        "stage": contact["stage"],
    }


def contact_batches(
    *,
    workspace_id: int,
    unscored_for: int | None = None,
    skip_scored_with: Rubric | None = None,
) -> Iterator[list[dict]]:
    """Contacts in id order, a batch at a time, by keyset (no OFFSET scans), as
    rows of FACT_FIELDS; with `unscored_for` (a persona id), only those with no
    score against it yet; with `skip_scored_with` (a rubric), only those not
    scored with it since they last changed."""
    last_id = 0
    base = Contact.objects.filter(workspace_id=workspace_id)
    if unscored_for is not None:
        base = base.exclude(scores__persona_id=unscored_for)
    if skip_scored_with is not None:
        base = base.filter(~Exists(current_scores(skip_scored_with)))
    rows = base.order_by("pk").values(*FACT_FIELDS)
    while batch := list(rows.filter(pk__gt=last_id)[:BATCH_SIZE]):
        yield batch
        last_id = batch[-1]["id"]


def current_scores(rubric: Rubric) -> QuerySet:
    """The contact's score, if it is current for this rubric (not stale)."""
    return FitScore.objects.filter(
        contact=OuterRef("pk"),
        persona_id=rubric.persona_id,
        rubric=rubric,
        computed_at__gte=OuterRef("updated_at"),
    )


def score_unscored(*, workspace_id: int) -> int:
    """Score the workspace's contacts that have no score yet against each applied
    rubric, in batches (after an import adds thousands at once). Running it again
    finds nothing left to do."""
    applied = (
        Rubric.objects.applied()
        .with_criteria()
        .filter(persona__workspace_id=workspace_id)
    )
    done = 0
    for rubric in applied:
        compiled = rubric.as_scoring()
        batches = contact_batches(
            workspace_id=workspace_id, unscored_for=rubric.persona_id
        )
        for batch in batches:
            with transaction.atomic():
                _upsert_values(rubric, compiled, batch, scoring.score_contact)
            done += len(batch)
    return done


def rescore_pairs(*, pairs: list[tuple[int, int]]) -> int:
    """Re-score (contact id, persona id) pairs against each persona's applied rubric."""
    by_persona: dict[int, list[int]] = {}
    for contact_id, persona_id in pairs:
        by_persona.setdefault(persona_id, []).append(contact_id)
    applied = Rubric.objects.applied().with_criteria().filter(persona_id__in=by_persona)
    scores = []
    for rubric in applied:
        compiled = rubric.as_scoring()
        contacts = Contact.objects.filter(pk__in=by_persona[rubric.persona_id])
        scores += [
            fit_score_row(rubric, compiled, contact, scoring.score_contact)
            for contact in contacts.only(*FACT_FIELDS)
        ]
    _upsert(scores)
    return len(scores)


def fit_score_row(
    rubric, compiled, contact: Contact, score_fn: ScoreFn = scoring.score_contact
) -> FitScore:
    """An unsaved FitScore of one contact against a rubric (`compiled` is its
    scoring form); batches of them are upserted together."""
    result = score_fn(compiled, contact.scoring_facts())
    return FitScore(
        workspace_id=contact.workspace_id,
        contact_id=contact.pk,
        persona_id=rubric.persona_id,
        rubric=rubric,
        rubric_version=rubric.version,
        score=result.score,
        score_low=result.score_low,
        score_high=result.score_high,
        band=result.band.value,
        confidence=result.confidence,
        knocked_out=result.knocked_out,
        ask_about=list(result.ask_about),
        breakdown=result.as_dict(),
        computed_at=timezone.now(),
        stage=contact.stage,
    )


def _upsert(scores: Iterable[FitScore]) -> None:
    for chunk in batched(scores, BATCH_SIZE):
        FitScore.objects.bulk_create(
            chunk,
            update_conflicts=True,
            unique_fields=["contact", "persona"],
            update_fields=SCORE_FIELDS,
        )
