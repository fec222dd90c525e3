"""The one runner of background jobs: claiming a job, its progress, finishing it,
and queueing again a job whose worker died.

A job is a row of a model that inherits `core.models.BackgroundJob`, and a task
that runs it by id (`run_job(Model, job_id=..., work=...)`). The task queue
(django-tasks-db) neither retries a task nor recovers one whose worker was killed,
and the same job may be queued twice (upkeep, a double click), so the row decides
who runs it:

- Claiming: a worker takes the job in a short transaction that locks its row
  (`SELECT ... FOR UPDATE SKIP LOCKED`). If the job is queued, or running with a
  lease that has run out, the worker writes its name in `claimed_by` and a lease
  in `claimed_until`, LEASE from now. Any other worker finds the row locked or
  leased and returns. No lock or setting outlives a transaction, so this works
  through PgBouncer in transaction pooling mode.
- Progress: each batch renews the lease while it records its progress, on
  condition that the job is still claimed by this worker. When it is not (the
  lease ran out and another worker took the job over, or the job was deleted),
  `LeaseLost` is raised; called inside the batch's transaction, that rolls the
  batch back, so the worker stops without writing.
- Finishing: done or failed, again only while the claim is this worker's.
- Resuming: `manage.py upkeep` queues the task again for a running job whose
  lease ran out (its worker died or lost the database) and for a queued job no
  worker claimed within STUCK_AFTER. The work is told whether it resumes a job
  another worker started (`Claim.resumed`): re-scoring skips the contacts already
  scored, a preview starts again.

Times are the database's (`Now()`), so a lease means the same on every machine.
"""

import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Now
from django.tasks import Task

from core.models import BackgroundJob
from core.tasks import enqueue_after_commit

# A batch renews the lease every few seconds at most; a worker that has not for
# this long is taken for dead.
LEASE = timedelta(minutes=2)
# A queued job that no worker has claimed for this long is queued again (its task
# may have been lost with a worker killed before it claimed the job).
STUCK_AFTER = timedelta(minutes=5)
ERROR_KEPT = 500

Status = BackgroundJob.Status


class LeaseLost(Exception):
    """Another worker has taken the job over (or it is gone): stop, write nothing."""


class JobStopped(Exception):
    """The job cannot go on for a reason its page shows (the message); it is
    recorded as failed, and the task ends without an error."""


def worker_name() -> str:
    """This process, and this claim of it: a worker may claim the same job again
    later, or in another thread, and must not mistake the old claim for it."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass
class Claim:
    """A job as one worker holds it."""

    job: BackgroundJob
    worker: str
    resumed: bool  # Another worker started it and stopped part way.

    def heartbeat(self, **progress: Any) -> None:
        """Record progress (`done=...`, `total=...`) and renew the lease. Raises
        LeaseLost when the job is no longer this worker's. Call it inside a
        batch's transaction, before its writes, so a lost lease undoes them."""
        mine = self._mine().update(claimed_until=Now() + LEASE, **progress)
        if not mine:
            raise LeaseLost(f"{self.job} is no longer claimed by {self.worker}.")

    def finish(self, *, status: str, **values: Any) -> bool:
        """End the job as `status`, unless another worker has it now."""
        ended = self._mine().update(
            status=status, claimed_until=None, finished_at=Now(), **values
        )
        return bool(ended)

    def _mine(self) -> QuerySet:
        return type(self.job).objects.filter(
            pk=self.job.pk, claimed_by=self.worker, status=Status.RUNNING
        )


def claim_job(model: type[BackgroundJob], *, job_id: int) -> Claim | None:
    """The job, claimed by this worker; None when it is finished, gone, or held
    by a live worker."""
    worker = worker_name()
    with transaction.atomic():
        job = (
            model.objects.select_for_update(skip_locked=True)
            .filter(Q(status=Status.QUEUED) | _lease_ran_out(), pk=job_id)
            .first()
        )
        if job is None:
            return None
        resumed = job.status == Status.RUNNING
        model.objects.filter(pk=job.pk).update(
            status=Status.RUNNING, claimed_by=worker, claimed_until=Now() + LEASE
        )
    job.status, job.claimed_by = Status.RUNNING, worker
    return Claim(job=job, worker=worker, resumed=resumed)


def run_job(
    model: type[BackgroundJob],
    *,
    job_id: int,
    work: Callable[[Claim], dict[str, Any]],
) -> None:
    """Claim the job and run `work`, which returns the fields to store once it is
    done (`done`, `total`, a result). Safe to call again or twice at once: only
    one worker runs a job at a time, and a finished job is not run again."""
    claim = claim_job(model, job_id=job_id)
    if claim is None:
        return
    try:
        outcome = work(claim)
    except LeaseLost:
        return
    except JobStopped as stop:
        claim.finish(status=Status.FAILED, error=str(stop))
        return
    except Exception as error:
        claim.finish(status=Status.FAILED, error=str(error)[:ERROR_KEPT])
        raise
    claim.finish(status=Status.DONE, **outcome)


def requeue_stuck(
    model: type[BackgroundJob], *, task: Task, stuck_after: timedelta = STUCK_AFTER
) -> list[int]:
    """Queue the task again for the jobs a worker left (lease run out) or never
    claimed; their ids. Running it often is harmless: a live worker's job is
    leased (or locked) and left alone, and each job is queued again at most once
    per `stuck_after`."""
    with transaction.atomic():
        stuck = list(
            model.objects.select_for_update(skip_locked=True)
            .filter(
                _lease_ran_out()
                | Q(status=Status.QUEUED, queued_at__lt=Now() - stuck_after)
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        model.objects.filter(pk__in=stuck).update(queued_at=Now())
        for job_id in stuck:
            enqueue_after_commit(task, job_id=job_id)
    return stuck


def _lease_ran_out() -> Q:
    # A running job with no lease was started before leases existed: its worker
    # is gone with the release that ran it.
    return Q(status=Status.RUNNING) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=Now())
    )
