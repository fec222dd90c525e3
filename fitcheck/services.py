"""Writes of the fit check: rubrics, their versions, and fit scores."""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import batched

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.models import Workspace
from accounts.tasks import enqueue_after_commit
from fitcheck import changes, rubrics, scoring
from fitcheck.models import (
    Band,
    Contact,
    Criterion,
    FitScore,
    RescoreJob,
    Rubric,
)
from personas.models import Persona
from personas.transfer import persona_data

BATCH_SIZE = 1000
MOVES_SHOWN = 200
SCORE_FIELDS = [
    "workspace",
    "rubric",
    "rubric_version",
    "score",
    "band",
    "confidence",
    "knocked_out",
    "breakdown",
    "computed_at",
    "stage",
]
# Only the columns scoring reads, so batches stay small in memory.
FACT_FIELDS = [
    "id",
    "workspace_id",
    "stage",
    "age",
    "gender",
    "income_band",
    "family_status",
    "education",
    "occupation",
    "industry",
    "company_size",
    "location",
    "languages",
    "interests",
    "values",
    "reported_pains",
    "goals",
    "red_flags",
]

# Facts whose values are choice codes, named in words in generated criteria labels.
CHOICE_FACTS = ("gender", "income_band", "family_status", "education")

ScoreFn = Callable[[scoring.Rubric, dict], scoring.Result]


# Rubrics ---------------------------------------------------------------------------


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
    )
    Criterion.objects.bulk_create(
        [_copy_criterion(criterion, draft) for criterion in current.criteria.all()]
    )
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
            Criterion(rubric=rubric, position=position, **rubrics.as_fields(spec))
            for position, spec in enumerate(rubrics.criteria_for(data, _choice_names()))
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
    """Make the draft the applied rubric and re-score the workspace's contacts in
    the background. Raises DraftGone when it was applied or discarded meanwhile."""
    _lock_persona(draft.persona_id)
    if not Rubric.objects.filter(pk=draft.pk, status=Rubric.Status.DRAFT).exists():
        raise DraftGone(f"Version {draft.version} is no longer a draft.")
    Rubric.objects.filter(
        persona=draft.persona_id, status=Rubric.Status.APPLIED
    ).update(status=Rubric.Status.RETIRED)
    draft.status = Rubric.Status.APPLIED
    draft.applied_at = timezone.now()
    draft.save(update_fields=["status", "applied_at"])
    return queue_rescore(rubric=draft)


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


# What the rubric pages read ---------------------------------------------------------
# (Queryset methods would be their natural home; fitcheck/models.py is not ours to
# change in this task, so they live here, next to the writes they describe.)


@dataclass
class RubricRow:
    """One persona's line on the rubrics page."""

    persona: Persona
    applied_version: int | None = None
    draft_version: int | None = None
    job: RescoreJob | None = None
    bands: dict[str, int] = field(default_factory=dict)

    @property
    def band_counts(self) -> list[tuple[str, str, int]]:
        """(band, label, contacts) from ideal to not a fit."""
        return [(b.value, b.label, self.bands.get(b.value, 0)) for b in BAND_ORDER]


def rubric_overview(*, personas: list[Persona]) -> list[RubricRow]:
    """Versions, latest re-score and band counts of each persona, in four queries."""
    rows = {persona.pk: RubricRow(persona) for persona in personas}
    versions = Rubric.objects.filter(
        persona_id__in=rows,
        status__in=[Rubric.Status.APPLIED, Rubric.Status.DRAFT],
    ).values_list("persona_id", "status", "version")
    for persona_id, status, version in versions:
        setattr(rows[persona_id], f"{status}_version", version)
    latest_jobs = (
        RescoreJob.objects.filter(rubric__persona_id__in=rows)
        .select_related("rubric")
        .order_by("rubric__persona_id", "-created_at", "-pk")
        .distinct("rubric__persona_id")
    )
    for job in latest_jobs:
        rows[job.rubric.persona_id].job = job
    counts = (
        FitScore.objects.filter(persona_id__in=rows)
        .values_list("persona_id", "band")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for persona_id, band, count in counts:
        rows[persona_id].bands[band] = count
    return list(rows.values())


def latest_job(*, persona: Persona) -> RescoreJob | None:
    jobs = RescoreJob.objects.filter(rubric__persona=persona).select_related("rubric")
    return jobs.order_by("-created_at", "-pk").first()


@dataclass(frozen=True)
class Freshness:
    """How many of a persona's contacts are scored with its applied rubric."""

    contacts: int
    scored: int
    stale: int

    @property
    def current(self) -> int:
        return self.scored - self.stale

    @property
    def unscored(self) -> int:
        return max(0, self.contacts - self.scored)


def score_freshness(*, rubric: Rubric) -> Freshness:
    """A score is stale when it was computed with another rubric version or before
    the contact last changed (the contact page says the same)."""
    stale = ~Q(rubric_version=rubric.version) | Q(
        contact__updated_at__gt=F("computed_at")
    )
    counts = FitScore.objects.filter(persona_id=rubric.persona_id).aggregate(
        scored=Count("pk"), stale=Count("pk", filter=stale)
    )
    contacts = Contact.objects.filter(workspace_id=rubric.persona.workspace_id)
    return Freshness(contacts=contacts.count(), **counts)


# Preview of a draft ----------------------------------------------------------------

BAND_ORDER = [Band.IDEAL, Band.GOOD, Band.WEAK, Band.NOT_A_FIT]
BAND_RANK = {band.value: rank for rank, band in enumerate(reversed(BAND_ORDER))}
REASONS_SHOWN = 3
UNSCORED = "unscored"


@dataclass
class Move:
    """A contact whose band the draft would change, and why."""

    contact: Contact
    before: str  # A band, or "" when the contact has no score yet.
    after: str
    score_before: int | None
    score_after: int
    reasons: list[changes.Reason]
    more_reasons: int = 0

    @property
    def direction(self) -> str:
        if not self.before:
            return "new"
        return "up" if BAND_RANK[self.after] > BAND_RANK[self.before] else "down"

    def get_before_display(self) -> str:
        return Band(self.before).label if self.before else "Not scored"

    def get_after_display(self) -> str:
        return Band(self.after).label


@dataclass(frozen=True)
class BandCount:
    band: str
    label: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass
class Preview:
    before: Counter = field(default_factory=Counter)
    after: Counter = field(default_factory=Counter)
    moves: list[Move] = field(default_factory=list)
    moved: int = 0
    total: int = 0

    @property
    def rows(self) -> list[BandCount]:
        rows = [
            BandCount(band.value, band.label, self.before[band], self.after[band])
            for band in BAND_ORDER
        ]
        if self.before[UNSCORED]:
            rows.append(BandCount(UNSCORED, "Not scored yet", self.before[UNSCORED], 0))
        return rows


def preview_draft(*, draft: Rubric) -> Preview:
    """Who would change band, and why, if the draft were applied: every contact is
    scored in memory, nothing is written. The first MOVES_SHOWN moves (by name)
    carry their reasons, read from their stored breakdowns in one query."""
    persona_id = draft.persona_id
    current = dict(
        FitScore.objects.filter(persona_id=persona_id).values_list("contact_id", "band")
    )
    preview, shown = Preview(), []
    rubric = draft.as_scoring()
    contacts = Contact.objects.filter(workspace_id=draft.persona.workspace_id)
    for contact in (
        contacts.only(*FACT_FIELDS, "name")
        .order_by("name", "pk")
        .iterator(chunk_size=BATCH_SIZE)
    ):
        result = scoring.score_contact(rubric, contact.scoring_facts())
        before = current.get(contact.pk, "")
        preview.total += 1
        preview.before[before or UNSCORED] += 1
        preview.after[result.band.value] += 1
        if before != result.band.value:
            preview.moved += 1
            if len(shown) < MOVES_SHOWN:
                shown.append((contact, before, result))
    preview.moves = _moves(persona_id, shown, rubric.thresholds)
    return preview


def _moves(persona_id: int, shown: list, thresholds: scoring.Thresholds) -> list[Move]:
    stored = FitScore.objects.filter(
        persona_id=persona_id, contact_id__in=[contact.pk for contact, _, _ in shown]
    ).values_list("contact_id", "score", "breakdown")
    old = {contact_id: (score, breakdown) for contact_id, score, breakdown in stored}
    moves = []
    for contact, before, result in shown:
        score_before, breakdown = old.get(contact.pk, (None, None))
        reasons = changes.move_reasons(breakdown, result, thresholds)
        moves.append(
            Move(
                contact=contact,
                before=before,
                after=result.band.value,
                score_before=score_before,
                score_after=result.score,
                reasons=reasons[:REASONS_SHOWN],
                more_reasons=max(0, len(reasons) - REASONS_SHOWN),
            )
        )
    return moves


# Scores -----------------------------------------------------------------------------


def score_contact_now(*, contact: Contact) -> list[FitScore]:
    """Score one contact against every applied rubric of its workspace (used when
    a contact is saved, so its page is right at once)."""
    applied = (
        Rubric.objects.applied()
        .with_criteria()
        .filter(persona__workspace_id=contact.workspace_id)
    )
    scores = [
        _fit_score(rubric, rubric.as_scoring(), contact, scoring.score_contact)
        for rubric in applied
    ]
    _upsert(scores)
    return scores


class RubricReplaced(Exception):
    """The rubric being re-scored is no longer the applied one."""


def rescore_contacts(
    *,
    rubric: Rubric,
    score_fn: ScoreFn = scoring.score_contact,
    on_batch: Callable[[int], None] = lambda done: None,
    only_stale: bool = False,
) -> int:
    """Score every contact of the rubric's workspace in batches; each batch is its
    own transaction, so progress is visible and a crash loses one batch at most.

    `only_stale` skips contacts already scored with this rubric since they last
    changed, which is how an interrupted job resumes. Raises RubricReplaced once the
    rubric is no longer the applied one, so a slow old job never overwrites the
    scores of a newer version."""
    compiled = rubric.as_scoring()
    done = 0
    batches = contact_batches(
        workspace_id=rubric.persona.workspace_id,
        skip_scored_with=rubric if only_stale else None,
    )
    for batch in batches:
        _write_batch(rubric, compiled, batch, score_fn)
        done += len(batch)
        on_batch(done)
    return done


def _write_batch(rubric: Rubric, compiled, batch: list[Contact], score_fn) -> None:
    try:
        _write_scores(rubric, compiled, batch, score_fn)
    except IntegrityError:
        # A contact of the batch was deleted after the batch was read: score the
        # ones that are left (a second failure is a real error and propagates).
        ids = [contact.pk for contact in batch]
        left = list(Contact.objects.filter(pk__in=ids).only(*FACT_FIELDS))
        _write_scores(rubric, compiled, left, score_fn)


def _write_scores(rubric: Rubric, compiled, batch: list[Contact], score_fn) -> None:
    with transaction.atomic():
        # The row lock makes apply_draft (which retires this rubric) wait for the
        # batch in flight; the next batch then sees the new status and stops.
        still_applied = Rubric.objects.select_for_update(no_key=True).filter(
            pk=rubric.pk, status=Rubric.Status.APPLIED
        )
        if not list(still_applied.values_list("pk", flat=True)):
            raise RubricReplaced(f"{rubric} is no longer the applied version.")
        _upsert([_fit_score(rubric, compiled, c, score_fn) for c in batch])


def contact_batches(
    *,
    workspace_id: int,
    unscored_for: int | None = None,
    skip_scored_with: Rubric | None = None,
) -> Iterator[list[Contact]]:
    """Contacts in id order, a batch at a time, by keyset (no OFFSET scans); with
    `unscored_for` (a persona id), only those with no score against it yet; with
    `skip_scored_with` (a rubric), only those not scored with it since they last
    changed."""
    last_id = 0
    base = Contact.objects.filter(workspace_id=workspace_id).only(*FACT_FIELDS)
    if unscored_for is not None:
        base = base.exclude(scores__persona_id=unscored_for)
    if skip_scored_with is not None:
        base = base.filter(~Exists(_current_scores(skip_scored_with)))
    while batch := list(base.filter(pk__gt=last_id).order_by("pk")[:BATCH_SIZE]):
        yield batch
        last_id = batch[-1].pk


def _current_scores(rubric: Rubric):
    """The contact's score, if it is current for this rubric (not stale)."""
    return FitScore.objects.filter(
        contact=OuterRef("pk"),
        persona_id=rubric.persona_id,
        rubric=rubric,
        computed_at__gte=OuterRef("updated_at"),
    )


# Re-score jobs ----------------------------------------------------------------------
#
# django-tasks-db neither retries a task nor recovers one whose worker was killed, so
# a job keeps its own state and can always be run again:
# - a job holds a PostgreSQL advisory lock (keyed by its id) while it runs. A second
#   copy of the task finds the lock taken and returns; a killed worker's connection
#   closes, which releases the lock, so "RUNNING but unlocked" means "abandoned";
# - a job that starts as RUNNING resumes: it skips the contacts already scored with
#   its rubric since they last changed, so no work is done twice;
# - `requeue_stuck_jobs` (`manage.py upkeep`, run every few
#   minutes) re-queues abandoned jobs. Running it often is harmless.

STUCK_AFTER = timedelta(minutes=5)
# Advisory lock keys of re-score jobs: this number plus the job id.
JOB_LOCK_BASE = 0x5C0E << 32
REPLACED_MESSAGE = (
    "Stopped: a newer version of the rubric was applied before this one finished."
)


@contextmanager
def _job_lock(job_id: int) -> Iterator[bool]:
    """Hold the job's lock for the block; yields False when someone else has it."""
    key = JOB_LOCK_BASE + job_id
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s::bigint)", [key])
        (locked,) = cursor.fetchone()
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s::bigint)", [key])


def run_rescore_job(*, job_id: int) -> None:
    """Run a re-score job to the end; calling it again, or twice at once, is safe."""
    with _job_lock(job_id) as ours:
        if not ours:
            return  # Another worker is running it right now.
        active = [RescoreJob.Status.QUEUED, RescoreJob.Status.RUNNING]
        job = RescoreJob.objects.filter(pk=job_id, status__in=active).first()
        if job is not None:  # Otherwise finished, failed, or gone with its rubric.
            _run(job)


def _set(job_id: int, **values) -> None:
    RescoreJob.objects.filter(pk=job_id).update(**values)


def _run(job: RescoreJob) -> None:
    rubric = Rubric.objects.with_criteria().get(pk=job.rubric_id)
    resuming = job.status == RescoreJob.Status.RUNNING
    workspace_contacts = Contact.objects.filter(
        workspace_id=rubric.persona.workspace_id
    )
    already = (
        workspace_contacts.filter(Exists(_current_scores(rubric))).count()
        if resuming
        else 0
    )
    _set(
        job.pk,
        status=RescoreJob.Status.RUNNING,
        done=already,
        total=workspace_contacts.count(),
    )
    try:
        done = already + rescore_contacts(
            rubric=rubric,
            only_stale=resuming,
            on_batch=lambda n: _set(
                job.pk, done=already + n, total=Greatest("total", Value(already + n))
            ),
        )
    except RubricReplaced:
        finished = {"finished_at": timezone.now(), "error": REPLACED_MESSAGE}
        _set(job.pk, status=RescoreJob.Status.FAILED, **finished)
        return
    except Exception as error:
        finished = {"finished_at": timezone.now(), "error": str(error)[:500]}
        _set(job.pk, status=RescoreJob.Status.FAILED, **finished)
        raise
    # Contacts deleted during the run no longer count: the job ends at 100%.
    finished = {"finished_at": timezone.now(), "done": done, "total": done}
    _set(job.pk, status=RescoreJob.Status.DONE, **finished)


def requeue_stuck_jobs(*, older_than: timedelta = STUCK_AFTER) -> list[int]:
    """Queue again the jobs left RUNNING by a worker that died; their ids.

    The lock tells a live job from an abandoned one; the age is a margin, so a
    sweep never even looks at a job that has just started."""
    from fitcheck.tasks import rescore

    running = RescoreJob.objects.filter(
        status=RescoreJob.Status.RUNNING,
        created_at__lt=timezone.now() - older_than,
    ).values_list("pk", flat=True)
    stuck = []
    for job_id in running:
        with _job_lock(job_id) as free:
            if free:
                stuck.append(job_id)
    for job_id in stuck:
        enqueue_after_commit(rescore, job_id=job_id)
    return stuck


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
                _upsert(
                    [
                        _fit_score(rubric, compiled, c, scoring.score_contact)
                        for c in batch
                    ]
                )
            done += len(batch)
    return done


def _fit_score(rubric, compiled, contact: Contact, score_fn: ScoreFn) -> FitScore:
    result = score_fn(compiled, contact.scoring_facts())
    return FitScore(
        workspace_id=contact.workspace_id,
        contact_id=contact.pk,
        persona_id=rubric.persona_id,
        rubric=rubric,
        rubric_version=rubric.version,
        score=result.score,
        band=result.band.value,
        confidence=result.confidence,
        knocked_out=result.knocked_out,
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


def active_rubric_personas(*, workspace: Workspace):
    return (
        Persona.objects.for_workspace(workspace)
        .filter(status=Persona.Status.ACTIVE)
        .exclude(kind=Persona.Kind.ANTI)
    )


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
            _fit_score(rubric, compiled, contact, scoring.score_contact)
            for contact in contacts.only(*FACT_FIELDS)
        ]
    _upsert(scores)
    return len(scores)
