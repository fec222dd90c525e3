"""The background-job runner (core/jobs.py): one worker runs a job at a time, a
lease tells a live worker from a dead one, and a worker that lost its job stops.

The jobs here are re-score jobs with stand-in work, so only the runner is tested;
tests/fitcheck/test_rescore_worker.py kills a real worker in the middle of one.
"""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from core import jobs
from fitcheck.models import RescoreJob
from fitcheck.services import rubric_versions
from fitcheck.tasks import rescore
from tests.factories import PersonaFactory
from tests.jobs import held_by_a_live_worker, left_by_a_dead_worker


@pytest.fixture
def job(workspace) -> RescoreJob:
    rubric = rubric_versions.applied_rubric(persona=PersonaFactory(workspace=workspace))
    return RescoreJob.objects.create(rubric=rubric, total=3)


def make(job: RescoreJob, **values) -> RescoreJob:
    RescoreJob.objects.filter(pk=job.pk).update(**values)
    job.refresh_from_db()
    return job


def finished_work(claims: list):
    def work(claim: jobs.Claim) -> dict:
        claims.append(claim)
        return {"done": 3}

    return work


def test_a_queued_job_is_claimed_run_and_finished(job):
    claims = []
    jobs.run_job(RescoreJob, job_id=job.pk, work=finished_work(claims))

    (claim,) = claims
    assert claim.resumed is False
    job.refresh_from_db()
    assert (job.status, job.done, job.claimed_by) == ("done", 3, claim.worker)
    assert job.claimed_until is None
    assert job.finished_at is not None


@pytest.mark.parametrize("status", ["done", "failed"])
def test_a_finished_job_is_not_run_again(job, status):
    make(job, status=status)
    claims = []
    jobs.run_job(RescoreJob, job_id=job.pk, work=finished_work(claims))
    assert claims == []


def test_a_job_a_live_worker_holds_is_left_to_it(job):
    make(job, **held_by_a_live_worker())
    claims = []
    jobs.run_job(RescoreJob, job_id=job.pk, work=finished_work(claims))
    assert claims == []
    assert make(job).claimed_by == "alive"


@pytest.mark.parametrize(
    "left",
    [
        left_by_a_dead_worker(),
        # Running with no lease: started by a release from before leases.
        {"status": "running", "claimed_by": "", "claimed_until": None},
    ],
)
def test_a_job_whose_worker_is_gone_is_resumed(job, left):
    make(job, **left)
    claims = []
    jobs.run_job(RescoreJob, job_id=job.pk, work=finished_work(claims))
    (claim,) = claims
    assert claim.resumed is True
    assert make(job).status == "done"


def test_a_worker_whose_lease_was_taken_over_stops_without_writing(job):
    first = jobs.claim_job(RescoreJob, job_id=job.pk)
    first.heartbeat(done=1)
    # Its lease runs out (the worker hung), and another worker takes the job.
    make(job, claimed_until=timezone.now() - timedelta(seconds=1))
    second = jobs.claim_job(RescoreJob, job_id=job.pk)
    assert second.resumed is True

    with pytest.raises(jobs.LeaseLost):
        first.heartbeat(done=2)
    assert first.finish(status="done", done=3) is False
    job.refresh_from_db()
    assert (job.status, job.done, job.claimed_by) == ("running", 1, second.worker)
    assert second.finish(status="done", done=3) is True


def test_work_that_lost_its_lease_ends_quietly_and_writes_nothing(job):
    def taken_over_meanwhile(claim: jobs.Claim) -> dict:
        make(job, claimed_by="another worker")
        claim.heartbeat(done=2)
        return {"done": 3}

    jobs.run_job(RescoreJob, job_id=job.pk, work=taken_over_meanwhile)
    job.refresh_from_db()
    assert (job.status, job.done) == ("running", 0)


def test_a_stopped_job_is_failed_with_its_reason_and_the_task_ends(job):
    def stops(claim: jobs.Claim) -> dict:
        raise jobs.JobStopped("A newer version was applied.")

    jobs.run_job(RescoreJob, job_id=job.pk, work=stops)
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "A newer version was applied.")


def test_an_error_fails_the_job_and_reaches_the_worker(job):
    def breaks(claim: jobs.Claim) -> dict:
        raise RuntimeError("x" * 600)

    with pytest.raises(RuntimeError):
        jobs.run_job(RescoreJob, job_id=job.pk, work=breaks)
    job.refresh_from_db()
    assert (job.status, len(job.error)) == ("failed", jobs.ERROR_KEPT)


def test_requeue_takes_dead_workers_jobs_and_lost_tasks_only(
    job, django_capture_on_commit_callbacks
):
    rubric = job.rubric
    dead = RescoreJob.objects.create(rubric=rubric, **left_by_a_dead_worker())
    RescoreJob.objects.create(rubric=rubric, **held_by_a_live_worker())
    RescoreJob.objects.create(rubric=rubric, status="done")
    never_claimed = RescoreJob.objects.create(
        rubric=rubric, queued_at=timezone.now() - jobs.STUCK_AFTER * 2
    )  # Its task was lost; `job` was queued just now and waits its turn.

    with django_capture_on_commit_callbacks() as queued:  # Not run: stand-in jobs.
        requeued = jobs.requeue_stuck(RescoreJob, task=rescore)
    assert requeued == [dead.pk, never_claimed.pk]
    assert len(queued) == 2
    # Queued just now: the next sweep leaves them to the queue.
    assert jobs.requeue_stuck(RescoreJob, task=rescore) == [dead.pk]


# Several workers at once, each with its own database session -----------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_one_job_run_it_once(job):
    runs, errors = [], []
    barrier = threading.Barrier(2)

    def slow_work(claim: jobs.Claim) -> dict:
        runs.append(claim.worker)
        time.sleep(0.3)  # Long enough for the other worker to try meanwhile.
        return {"done": 3}

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            jobs.run_job(RescoreJob, job_id=job.pk, work=slow_work)
        except Exception as error:  # Reported by the assertion below.
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(runs) == 1
    job.refresh_from_db()
    assert (job.status, job.claimed_by) == ("done", runs[0])


@pytest.mark.django_db(transaction=True)
def test_a_job_row_another_session_has_locked_is_skipped_without_waiting(
    job, other_session
):
    with other_session.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute(
            "SELECT 1 FROM fitcheck_rescorejob WHERE id = %s FOR UPDATE", [job.pk]
        )
        claims = []
        started = time.monotonic()
        jobs.run_job(RescoreJob, job_id=job.pk, work=finished_work(claims))
        assert claims == []
        assert time.monotonic() - started < 1
        assert jobs.requeue_stuck(RescoreJob, task=rescore) == []
        cursor.execute("ROLLBACK")

    jobs.run_job(RescoreJob, job_id=job.pk, work=finished_work(claims))
    assert len(claims) == 1
