"""A real worker process killed in the middle of a re-score job: `manage.py upkeep`
queues the job again once its lease runs out, another worker resumes it, and every
contact ends up scored once with the new rubric. The job is queued twice then (as a
second upkeep or a double click would) and two workers start at once: one runs it,
the other finds it held and leaves it alone.

The workers are `manage.py db_worker` processes on the test database, with the
database task queue as in production (through PgBouncer in `pytest
--through-pooler`).
"""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from fitcheck.models import Contact, FitScore, RescoreJob
from fitcheck.services import rubric_versions, scores
from fitcheck.tasks import rescore
from tests.fitcheck.rubric_builders import ideal_contact, make_maya

BASE_DIR = Path(settings.BASE_DIR)
CONTACTS = 30
BATCH = 10
WORKER_NAME = "test-rescore-worker"
# A worker as `manage.py db_worker`, in batches small enough to stop it between
# two, that says whether it claimed each job it was given or left it alone.
WORKER = f"""
import django
django.setup()
from core import jobs
from fitcheck.services import scores
scores.BATCH_SIZE = {BATCH}
claim_job = jobs.claim_job
def logged_claim(model, *, job_id):
    claim = claim_job(model, job_id=job_id)
    print("claimed" if claim else "left alone", "job", job_id, flush=True)
    return claim
jobs.claim_job = logged_claim
from django.core.management import call_command
call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
"""


def database_url_for_workers() -> str:
    db = connection.settings_dict
    host = quote(db["HOST"] or "localhost", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'])}{password}@{host}{port}/{db['NAME']}"


def start_worker(log: Path) -> subprocess.Popen:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url_for_workers(),
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PGAPPNAME": WORKER_NAME,  # Names its database sessions, to wait for them.
    }
    with log.open("a") as output:
        return subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_for(condition, what: str, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(
                f"Gave up waiting for {what}. Worker output:\n{log.read_text()}"
            )
        time.sleep(0.05)


def workers_in_a_transaction() -> int:
    """Database sessions of the workers that hold a transaction open. Through
    PgBouncer, the server connection a killed worker used stays open, idle, for
    the next client; the pooler closes it only if a transaction was open on it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE application_name = %s AND state <> 'idle'",
            [WORKER_NAME],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def queue_in_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def hold_score_row(cursor, contact: Contact) -> None:
    """Lock a contact's score row in another session: a worker scoring that
    contact's batch waits there, in the middle of its job."""
    cursor.execute("BEGIN")
    cursor.execute(
        "SELECT 1 FROM fitcheck_fitscore WHERE contact_id = %s FOR UPDATE",
        [contact.pk],
    )


def claims(log: Path) -> Counter:
    """How often the workers claimed a job, and left one alone (WORKER's lines)."""
    found = re.findall(r"^(claimed|left alone) job \d+$", log.read_text(), re.M)
    return Counter(found)


def exited(workers: list[subprocess.Popen]) -> list[subprocess.Popen]:
    return [worker for worker in workers if worker.poll() is not None]


@pytest.mark.django_db(transaction=True)
def test_a_killed_workers_rescore_is_resumed_and_scores_each_contact_once(
    workspace, queue_in_database, other_session, tmp_path
):
    log = tmp_path / "workers.log"
    log.touch()
    maya = make_maya(workspace)
    applied = rubric_versions.applied_rubric(persona=maya)
    contacts = [ideal_contact(workspace, name=f"C{n:02}") for n in range(CONTACTS)]
    scores.rescore_contacts(rubric=applied)  # Version 1 scores for everyone.
    in_second_batch = contacts[BATCH + BATCH // 2]

    with other_session.cursor() as cursor:
        # The worker commits the first batch, then waits on the second.
        hold_score_row(cursor, in_second_batch)
        draft = rubric_versions.start_draft(persona=maya)
        job = rubric_versions.apply_draft(draft=draft)  # Queues the task.
        worker = start_worker(log)
        try:
            wait_for(
                lambda: RescoreJob.objects.get(pk=job.pk).done == BATCH,
                "the first batch",
                log,
            )
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        finally:
            worker.kill()
            cursor.execute("ROLLBACK")
    # The killed worker's database session ends and takes its open batch with it.
    wait_for(lambda: workers_in_a_transaction() == 0, "the killed worker's batch", log)
    killed_at = timezone.now()

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("running", BATCH, CONTACTS)
    assert FitScore.objects.filter(rubric=draft).count() == BATCH
    first_batch = dict(
        FitScore.objects.filter(rubric=draft).values_list("contact_id", "computed_at")
    )
    # The upkeep a minute later finds the lease has run out (here: it is moved
    # back rather than waited for).
    RescoreJob.objects.filter(pk=job.pk).update(claimed_until=killed_at)
    call_command("upkeep")  # Queues the job again, in the database queue.
    rescore.enqueue(job_id=job.pk)  # And once more, as a double click would.
    log.write_text("")

    with other_session.cursor() as cursor:
        # Whoever claims the job waits in its second batch, holding it, while
        # the other worker is given the job's second task.
        hold_score_row(cursor, in_second_batch)
        pair = [start_worker(log), start_worker(log)]
        try:
            wait_for(lambda: len(exited(pair)) == 1, "one worker to finish", log)
            assert exited(pair)[0].returncode == 0, log.read_text()
            assert claims(log) == {"claimed": 1, "left alone": 1}, log.read_text()
        finally:
            cursor.execute("ROLLBACK")
        for worker in pair:
            assert worker.wait(timeout=60) == 0, log.read_text()
    assert claims(log) == {"claimed": 1, "left alone": 1}, log.read_text()

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", CONTACTS, CONTACTS)
    stored = FitScore.objects.filter(persona=maya)
    assert stored.count() == CONTACTS == Contact.objects.count()
    assert set(stored.values_list("rubric_id", flat=True)) == {draft.pk}
    # The first batch was not scored a second time: the resumed job skipped it.
    assert {
        contact_id: computed_at
        for contact_id, computed_at in stored.values_list("contact_id", "computed_at")
        if contact_id in first_batch
    } == first_batch
    assert stored.filter(computed_at__gt=killed_at).count() == CONTACTS - BATCH
