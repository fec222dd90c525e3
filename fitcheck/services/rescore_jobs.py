"""Re-score jobs: running one to the end, and re-queuing those a worker abandoned.

django-tasks-db neither retries a task nor recovers one whose worker was killed, so
a job keeps its own state and can always be run again:
- a job holds a PostgreSQL advisory lock (keyed by its id) while it runs. A second
  copy of the task finds the lock taken and returns; a killed worker's connection
  closes, which releases the lock, so "RUNNING but unlocked" means "abandoned";
- a job that starts as RUNNING resumes: it skips the contacts already scored with
  its rubric since they last changed, so no work is done twice;
- `requeue_stuck_jobs` (`manage.py upkeep`, run every few
  minutes) re-queues abandoned jobs. Running it often is harmless.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import connection
from django.db.models import Exists, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from core.tasks import enqueue_after_commit
from fitcheck.models import Contact, RescoreJob, Rubric
from fitcheck.services.scores import RubricReplaced, current_scores, rescore_contacts

STUCK_AFTER = timedelta(minutes=5)
# Advisory lock keys of re-score jobs: this number plus the job id.
JOB_LOCK_BASE = 0x5C0E << 32
REPLACED_MESSAGE = (
    "Stopped: a newer version of the rubric was applied before this one finished."
)


@contextmanager
def job_lock(job_id: int, *, base: int = JOB_LOCK_BASE) -> Iterator[bool]:
    """Hold the job's lock for the block; yields False when someone else has it.
    Each kind of job has its own `base`, so their ids never share a key."""
    key = base + job_id
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
    with job_lock(job_id) as ours:
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
        workspace_contacts.filter(Exists(current_scores(rubric))).count()
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
        with job_lock(job_id) as free:
            if free:
                stuck.append(job_id)
    for job_id in stuck:
        enqueue_after_commit(rescore, job_id=job_id)
    return stuck
