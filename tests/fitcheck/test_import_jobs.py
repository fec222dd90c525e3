"""Contact imports run by the worker (services/import_jobs.py): a batch at a time,
with progress, once only, and resumed without duplicates when a worker dies."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import jobs
from fitcheck.models import Contact, ContactImport, ImportedEmail, ImportJob
from fitcheck.services import import_jobs
from fitcheck.services.import_jobs import AlreadyImported, ContactCopy, queue_import
from fitcheck.services.imports import check_file
from tests.factories import ContactImportFactory
from tests.jobs import held_by_a_live_worker, record_progress

# Rows 2 to 8; row 7 repeats row 2's email, two batches (of two rows) later.
FILE = (
    "name,email\n"
    "Ann,ann@example.com\n"
    "Ben,ben@example.com\n"
    "Cat,cat@example.com\n"
    ",nobody@example.com\n"
    "Dan,dan@example.com\n"
    "Ann again,ANN@example.com\n"
    "Eve,\n"
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(import_jobs, "ROWS_PER_BATCH", 2)


def confirmed(workspace, text: str = FILE) -> ContactImport:
    """An upload whose columns were chosen (name, email), ready to import."""
    data = text.encode()
    return ContactImportFactory(
        workspace=workspace,
        file__data=data,
        checks=check_file(io.BytesIO(data)).as_checks(),
        mapping=["name", "email"],
    )


class Killed(BaseException):
    """The worker's process ends here (SIGKILL, a lost machine): no handler runs."""


def killed_at_batch(monkeypatch, number: int) -> None:
    """The worker dies while copying its `number`th batch in."""
    write = ContactCopy.write
    calls = []

    def dying_write(copy, rows):
        calls.append(rows)
        if len(calls) == number:
            raise Killed
        write(copy, rows)

    monkeypatch.setattr(ContactCopy, "write", dying_write)


def healthy_again(monkeypatch) -> None:
    """The next worker copies normally (batches stay small)."""
    monkeypatch.undo()
    monkeypatch.setattr(import_jobs, "ROWS_PER_BATCH", 2)


def lease_runs_out(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(claimed_until=timezone.now())


def test_a_job_imports_the_file_and_keeps_the_outcome(workspace):
    job = queue_import(contact_import=confirmed(workspace))
    import_jobs.run_import_job(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 7, 7)
    contact_import = job.contact_import
    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.IMPORTED
    assert contact_import.imported_count == 5
    assert contact_import.rejected == [
        [5, "The name is missing."],
        [7, "Same email as row 2."],
    ]
    assert Contact.objects.filter(workspace=workspace).count() == 5
    assert not ImportedEmail.objects.exists()  # Forgotten once the job is over.


def test_progress_is_recorded_batch_by_batch(workspace, monkeypatch):
    job = queue_import(contact_import=confirmed(workspace))
    seen = record_progress(monkeypatch)
    import_jobs.run_import_job(job_id=job.pk)
    assert seen == [2, 4, 6, 7, 7, 7]  # Each batch, the end's heartbeat, done.


def test_the_planner_hears_of_the_new_rows_after_batches_1_2_and_4(
    workspace, monkeypatch
):
    """A 100,000-row import took over a minute a batch when the planner, told
    the workspace had no contacts, filtered them all for each email looked up."""
    job = queue_import(contact_import=confirmed(workspace))
    with CaptureQueriesContext(connection) as queries:
        import_jobs.run_import_job(job_id=job.pk)
    analyzed = [q["sql"] for q in queries if str(q["sql"]).startswith("ANALYZE")]
    assert len(analyzed) == 3  # Of four batches: after 1, 2 and 4.
    assert "fitcheck_contact (workspace_id)" in analyzed[0]


def test_a_job_killed_part_way_is_resumed_after_its_last_batch(
    workspace, monkeypatch, django_capture_on_commit_callbacks
):
    job = queue_import(contact_import=confirmed(workspace))
    killed_at_batch(monkeypatch, 3)
    with pytest.raises(Killed):
        import_jobs.run_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.done) == ("running", 4)  # Two batches committed.
    assert Contact.objects.filter(workspace=workspace).count() == 3

    healthy_again(monkeypatch)
    lease_runs_out(job)
    with django_capture_on_commit_callbacks(execute=True):
        assert import_jobs.requeue_stuck_imports() == [job.pk]

    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 7)
    emails = Contact.objects.filter(workspace=workspace).values_list("email", flat=1)
    assert sorted(emails) == [
        "",
        "ann@example.com",
        "ben@example.com",
        "cat@example.com",
        "dan@example.com",
    ]
    job.contact_import.refresh_from_db()
    # Row 7 was read by the second run: its duplicate of row 2, read by the
    # first, is still found, and the reasons from both runs are kept in order.
    assert job.contact_import.rejected == [
        [5, "The name is missing."],
        [7, "Same email as row 2."],
    ]
    assert job.contact_import.message == (
        "5 contacts imported. 2 rows rejected and left out."
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_lost_its_job_writes_nothing_more(
    workspace, monkeypatch, other_session, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    job = queue_import(contact_import=confirmed(workspace))
    heartbeat = jobs.Claim.heartbeat

    def taken_over_after_the_first_batch(claim, **progress):
        if progress.get("done") == 4:  # Its lease ran out; another worker took it.
            with other_session.cursor() as cursor:
                cursor.execute(
                    "UPDATE fitcheck_importjob SET claimed_by = 'another' "
                    "WHERE id = %s",
                    [job.pk],
                )
        heartbeat(claim, **progress)

    monkeypatch.setattr(jobs.Claim, "heartbeat", taken_over_after_the_first_batch)
    import_jobs.run_import_job(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.done, job.claimed_by) == ("running", 2, "another")
    assert Contact.objects.filter(workspace=workspace).count() == 2


def test_confirming_twice_queues_one_job(workspace, django_capture_on_commit_callbacks):
    contact_import = confirmed(workspace)
    with django_capture_on_commit_callbacks() as callbacks:
        first = queue_import(contact_import=contact_import)
        second = queue_import(contact_import=contact_import)
    assert first == second
    assert len(callbacks) == 1
    assert ImportJob.objects.count() == 1


def test_a_job_run_twice_imports_once(workspace):
    job = queue_import(contact_import=confirmed(workspace))
    import_jobs.run_import_job(job_id=job.pk)
    import_jobs.run_import_job(job_id=job.pk)  # The task queued again, late.
    assert Contact.objects.filter(workspace=workspace).count() == 5
    with pytest.raises(AlreadyImported):
        queue_import(contact_import=job.contact_import)


def test_a_job_another_worker_is_running_is_left_alone(workspace):
    contact_import = confirmed(workspace)
    job = queue_import(contact_import=contact_import)
    ImportJob.objects.filter(pk=job.pk).update(**held_by_a_live_worker())
    import_jobs.run_import_job(job_id=job.pk)
    assert import_jobs.requeue_stuck_imports() == []
    assert not Contact.objects.exists()


def test_a_file_that_cannot_be_read_further_stops_and_keeps_the_batches_before(
    workspace,
):
    data = FILE.encode() + "José,j@example.com\n".encode("latin-1")
    contact_import = ContactImportFactory(
        workspace=workspace, file__data=data, mapping=["name", "email"]
    )
    job = queue_import(contact_import=contact_import)
    import_jobs.run_import_job(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == "failed"
    assert "Row 9 is not UTF-8 text" in job.error
    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.FAILED
    # The last batch, rows 8 and 9, could not be read whole.
    assert contact_import.imported_count == 4
    assert contact_import.message.startswith("The import stopped part way: Row 9")
    assert contact_import.message.endswith(
        "The 4 contacts of the rows before it were imported, the rest were not."
    )
    assert not ImportedEmail.objects.exists()


def test_upkeep_queues_again_an_import_whose_worker_died(
    workspace, monkeypatch, capsys, django_capture_on_commit_callbacks
):
    job = queue_import(contact_import=confirmed(workspace))
    killed_at_batch(monkeypatch, 2)
    with pytest.raises(Killed):
        import_jobs.run_import_job(job_id=job.pk)
    healthy_again(monkeypatch)
    lease_runs_out(job)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("upkeep")
    assert "contact imports re-queued: 1" in capsys.readouterr().out
    job.refresh_from_db()
    assert job.status == "done"
    assert Contact.objects.filter(workspace=workspace).count() == 5
