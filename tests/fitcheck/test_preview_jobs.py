"""Previews of draft rubrics, worked out in the worker (services/preview_jobs.py)."""

import threading
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connections

from fitcheck.models import PreviewJob, Rubric
from fitcheck.services import preview, preview_jobs, rubric_versions, scores
from tests.fitcheck.rubric_builders import (
    good_contact,
    ideal_contact,
    make_maya,
    poor_contact,
)
from tests.jobs import held_by_a_live_worker, left_by_a_dead_worker, record_progress


@pytest.fixture
def maya(workspace):
    return make_maya(workspace)


@pytest.fixture
def draft(workspace, maya) -> Rubric:
    """A draft that ignores age and the dream, over Ana (ideal), Ben (good, who
    becomes ideal) and Cal (not a fit)."""
    applied = rubric_versions.applied_rubric(persona=maya)
    ideal_contact(workspace, name="Ana")
    good_contact(workspace, name="Ben")
    poor_contact(workspace, name="Cal")
    scores.rescore_contacts(rubric=applied)
    draft = rubric_versions.start_draft(persona=maya)
    draft.criteria.filter(key__in=["age", "dream:1"]).update(weight=0)
    return Rubric.objects.with_criteria().get(pk=draft.pk)


def queued(draft: Rubric, **values) -> PreviewJob:
    return PreviewJob.objects.create(draft=draft, total=3, **values)


def shown(move: preview.Move) -> tuple:
    """What the page shows of a move (a reason's weight only sorted them)."""
    reasons = [(r.label, r.before, r.after) for r in move.reasons]
    return (move.contact.pk, move.contact.name, move.before, move.after, reasons)


def test_a_finished_job_keeps_what_the_preview_found(draft):
    job = queued(draft)
    preview_jobs.run_preview_job(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 3, 3)
    assert job.finished_at is not None
    kept = preview_jobs.kept_preview(job)
    fresh = preview.preview_draft(draft=draft)
    assert (kept.total, kept.moved) == (fresh.total, fresh.moved)
    assert kept.rows == fresh.rows
    assert [shown(move) for move in kept.moves] == [shown(move) for move in fresh.moves]
    assert kept.moves[0].contact.get_absolute_url() == (
        fresh.moves[0].contact.get_absolute_url()
    )


def test_progress_is_recorded_batch_by_batch(draft, monkeypatch):
    monkeypatch.setattr(preview, "BATCH_SIZE", 1)
    job = queued(draft)
    seen = record_progress(monkeypatch)
    preview_jobs.run_preview_job(job_id=job.pk)
    assert seen == [0, 1, 2, 3, 3]  # Started, each contact, finished.


def test_queueing_again_replaces_the_earlier_job(
    draft, django_capture_on_commit_callbacks
):
    first = queued(draft)
    with django_capture_on_commit_callbacks(execute=True):
        second = preview_jobs.queue_preview(draft=draft)
    assert not PreviewJob.objects.filter(pk=first.pk).exists()
    second.refresh_from_db()
    assert second.status == "done"
    preview_jobs.run_preview_job(job_id=first.pk)  # The old task, late: nothing to do.


def test_a_finished_or_failed_job_is_not_run_again(draft):
    for status in ("done", "failed"):
        job = queued(draft, status=status, done=1)
        preview_jobs.run_preview_job(job_id=job.pk)
        job.refresh_from_db()
        assert (job.status, job.done) == (status, 1)
        job.delete()


def test_a_failure_is_recorded_and_raised(draft):
    job = queued(draft)
    with (
        mock.patch.object(
            preview_jobs, "preview_draft", side_effect=RuntimeError("boom")
        ),
        pytest.raises(RuntimeError),
    ):
        preview_jobs.run_preview_job(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "boom")


def test_a_job_another_worker_is_running_is_left_alone(draft):
    job = queued(draft, **held_by_a_live_worker())

    preview_jobs.run_preview_job(job_id=job.pk)
    assert preview_jobs.requeue_stuck_previews() == []
    job.refresh_from_db()
    assert (job.status, job.done, job.claimed_by) == ("running", 0, "alive")


def test_upkeep_queues_again_a_preview_whose_worker_died(
    draft, capsys, django_capture_on_commit_callbacks
):
    abandoned = queued(draft, **left_by_a_dead_worker(done=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("upkeep")
    assert "rubric previews re-queued: 1" in capsys.readouterr().out
    abandoned.refresh_from_db()
    assert (abandoned.status, abandoned.done) == ("done", 3)


def test_a_just_queued_preview_is_not_queued_twice(draft):
    queued(draft)
    assert preview_jobs.requeue_stuck_previews() == []


@pytest.mark.django_db(transaction=True)
def test_saves_at_the_same_moment_leave_one_preview(workspace, maya):
    rubric_versions.applied_rubric(persona=maya)
    draft = rubric_versions.start_draft(persona=maya)
    threads_count = 4
    barrier = threading.Barrier(threads_count)
    outcomes = []

    def save() -> None:
        try:
            barrier.wait(timeout=10)
            preview_jobs.queue_preview(draft=draft)
            outcomes.append("queued")
        except Exception as error:  # Reported by the assertion below.
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes == ["queued"] * threads_count
    assert PreviewJob.objects.filter(draft=draft).count() == 1
