"""Rubric versions, their preview, and the background re-scoring (fitcheck/services)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import jobs
from fitcheck import queries
from fitcheck.models import Criterion, FitScore, RescoreJob, Rubric
from fitcheck.services import preview, rescore_jobs, rubric_versions, scores
from tests.factories import DreamFactory
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
def applied(maya):
    return rubric_versions.applied_rubric(persona=maya)


@pytest.fixture
def contacts(workspace, applied):
    """Ana (ideal), Ben (good) and Cal (not a fit), scored with version 1."""
    people = [
        ideal_contact(workspace, name="Ana"),
        good_contact(workspace, name="Ben"),
        poor_contact(workspace, name="Cal"),
    ]
    scores.rescore_contacts(rubric=applied)
    return people


def set_weight(rubric: Rubric, key: str, weight: float) -> None:
    Criterion.objects.filter(rubric=rubric, key=key).update(weight=weight)


def draft_without_age(persona) -> Rubric:
    """A draft that ignores age and the dream: Ben, good for being too old and
    hoping for something else, becomes ideal."""
    draft = rubric_versions.start_draft(persona=persona)
    set_weight(draft, "age", 0)
    set_weight(draft, "dream:1", 0)
    return Rubric.objects.with_criteria().get(pk=draft.pk)


def bands() -> dict[str, str]:
    return dict(FitScore.objects.values_list("contact__name", "band"))


# Versions ---------------------------------------------------------------------------


def test_the_applied_rubric_is_generated_from_the_persona_once(maya):
    first = rubric_versions.applied_rubric(persona=maya)
    again = rubric_versions.applied_rubric(persona=maya)
    assert first.pk == again.pk
    assert (first.version, first.status) == (1, Rubric.Status.APPLIED)
    assert first.applied_at is not None
    assert Rubric.objects.filter(persona=maya).count() == 1
    keys = [c.key for c in first.criteria.all()]
    assert keys == [
        "age",
        "location",
        "languages",
        "pain:1",
        "dream:1",
        "red_flag:1",
        "red_flag:2",
    ]


def test_start_draft_copies_the_applied_rubric_as_the_next_version(maya, applied):
    set_weight(applied, "location", 33)
    Rubric.objects.filter(pk=applied.pk).update(ideal_from=85)
    DreamFactory(persona=maya, text="A second clinic")

    draft = rubric_versions.start_draft(persona=maya)

    assert (draft.version, draft.status, draft.ideal_from) == (2, "draft", 85)
    weights = {c.key: c.weight for c in draft.criteria.all()}
    assert weights["location"] == 33
    assert "dream:2" not in weights  # A copy, not a regeneration.
    assert {c.pk for c in draft.criteria.all()}.isdisjoint(
        c.pk for c in applied.criteria.all()
    )
    assert Criterion.objects.filter(rubric=applied).count() == 7


def test_reset_to_the_persona_regenerates_the_criteria(maya, applied):
    set_weight(applied, "location", 33)
    DreamFactory(persona=maya, text="A second clinic")

    draft = rubric_versions.start_draft(persona=maya, from_persona=True)

    weights = {c.key: c.weight for c in draft.criteria.all()}
    assert weights["location"] == 10
    assert "dream:2" in weights
    assert (draft.version, draft.status) == (2, Rubric.Status.DRAFT)


def test_a_new_draft_replaces_the_old_one(maya, applied):
    rubric_versions.start_draft(persona=maya)
    rubric_versions.start_draft(persona=maya, from_persona=True)
    assert Rubric.objects.filter(persona=maya, status="draft").count() == 1


@pytest.mark.parametrize("status", [Rubric.Status.DRAFT, Rubric.Status.APPLIED])
def test_the_database_allows_one_draft_and_one_applied_version_per_persona(
    maya, applied, status
):
    Rubric.objects.create(persona=maya, version=2, status=Rubric.Status.DRAFT)
    if status == Rubric.Status.DRAFT:
        with pytest.raises(IntegrityError), transaction.atomic():
            Rubric.objects.create(persona=maya, version=3, status=status)
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            Rubric.objects.create(persona=maya, version=3, status=status)


def test_discard_deletes_the_draft_and_nothing_else(maya, applied):
    draft = rubric_versions.start_draft(persona=maya)
    rubric_versions.discard_draft(draft=draft)
    rubric_versions.discard_draft(draft=applied)  # Only ever a draft.
    assert list(Rubric.objects.filter(persona=maya)) == [applied]


# Apply and re-score ---------------------------------------------------------------


def test_apply_retires_the_old_version_and_queues_a_rescore_job(
    maya, applied, contacts, django_capture_on_commit_callbacks
):
    draft = draft_without_age(maya)
    with django_capture_on_commit_callbacks() as callbacks:
        job = rubric_versions.apply_draft(draft=draft)

    applied.refresh_from_db()
    draft.refresh_from_db()
    assert applied.status == Rubric.Status.RETIRED
    assert draft.status == Rubric.Status.APPLIED
    assert (job.rubric, job.status, job.total) == (draft, "queued", 3)
    assert len(callbacks) == 1  # The task, enqueued once the transaction commits.


def test_apply_refuses_a_draft_applied_or_discarded_meanwhile(maya, applied):
    draft = rubric_versions.start_draft(persona=maya)
    rubric_versions.discard_draft(draft=draft)
    with pytest.raises(rubric_versions.DraftGone):
        rubric_versions.apply_draft(draft=draft)
    applied.refresh_from_db()
    assert applied.status == Rubric.Status.APPLIED


def test_rescore_updates_every_score_in_batches_and_records_progress(
    maya, applied, contacts, workspace, monkeypatch, django_capture_on_commit_callbacks
):
    for number in range(2):
        poor_contact(workspace, name=f"Dan {number}")
    monkeypatch.setattr(scores, "BATCH_SIZE", 2)
    progress = record_progress(monkeypatch)
    draft = draft_without_age(maya)

    with django_capture_on_commit_callbacks(execute=True):
        job = rubric_versions.apply_draft(draft=draft)

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == ("done", 5, 5, 100)
    assert job.finished_at is not None
    assert progress == [0, 2, 4, 5, 5]  # Started, each batch, finished.
    assert set(FitScore.objects.values_list("rubric_version", flat=True)) == {2}
    assert bands() == {
        "Ana": "ideal",
        "Ben": "ideal",
        "Cal": "not_a_fit",
        "Dan 0": "not_a_fit",
        "Dan 1": "not_a_fit",
    }


def test_running_a_finished_job_again_does_nothing(
    maya, applied, contacts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = rubric_versions.queue_rescore(rubric=applied)
    computed = set(FitScore.objects.values_list("computed_at", flat=True))

    rescore_jobs.run_rescore_job(job_id=job.pk)

    assert set(FitScore.objects.values_list("computed_at", flat=True)) == computed
    job.refresh_from_db()
    assert job.status == "done"


def test_an_interrupted_job_resumes_without_rescoring_current_contacts(
    maya, applied, contacts, workspace
):
    ana, ben, cal = contacts
    job = RescoreJob.objects.create(rubric=applied, status="running", done=2, total=3)
    # Cal changed after his score was computed, so only he is left to do.
    cal.location = "Leeds"
    cal.reported_pains = ["Drowning in admin"]
    cal.save()
    kept = dict(
        FitScore.objects.filter(contact__in=[ana, ben]).values_list("pk", "computed_at")
    )

    rescore_jobs.run_rescore_job(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 3, 3)
    now = dict(
        FitScore.objects.filter(contact__in=[ana, ben]).values_list("pk", "computed_at")
    )
    assert now == kept
    assert bands()["Cal"] == "good"


def test_a_job_for_a_replaced_version_stops_without_touching_newer_scores(
    maya, applied, contacts, django_capture_on_commit_callbacks
):
    old_job = RescoreJob.objects.create(rubric=applied, total=3)
    with django_capture_on_commit_callbacks(execute=True):
        rubric_versions.apply_draft(draft=draft_without_age(maya))
    newer = bands()

    rescore_jobs.run_rescore_job(job_id=old_job.pk)

    old_job.refresh_from_db()
    assert old_job.status == "failed"
    assert "newer version" in old_job.error
    assert bands() == newer
    assert set(FitScore.objects.values_list("rubric_version", flat=True)) == {2}


# Foreign keys are checked when a batch commits, so this test needs real commits.
@pytest.mark.django_db(transaction=True)
def test_a_contact_deleted_while_its_batch_is_scored_does_not_fail_the_job(
    maya, applied, contacts, monkeypatch
):
    ana, ben, cal = contacts
    read_batches = scores.contact_batches

    def batches_then_delete(**kwargs):
        for batch in read_batches(**kwargs):
            cal.delete()
            yield batch

    monkeypatch.setattr(scores, "contact_batches", batches_then_delete)
    assert scores.rescore_contacts(rubric=applied) == 3
    assert set(bands()) == {"Ana", "Ben"}


def test_a_job_another_worker_is_running_is_left_alone(maya, applied, contacts):
    job = RescoreJob.objects.create(rubric=applied, total=3, **held_by_a_live_worker())

    rescore_jobs.run_rescore_job(job_id=job.pk)
    assert rescore_jobs.requeue_stuck_jobs() == []

    job.refresh_from_db()
    assert (job.status, job.done, job.claimed_by) == ("running", 0, "alive")


def test_requeue_picks_up_only_running_jobs_whose_worker_died(
    maya, applied, contacts, django_capture_on_commit_callbacks
):
    abandoned = RescoreJob.objects.create(
        rubric=applied, total=3, **left_by_a_dead_worker()
    )
    alive = RescoreJob.objects.create(rubric=applied, **held_by_a_live_worker())
    finished = RescoreJob.objects.create(rubric=applied, status="done")

    with django_capture_on_commit_callbacks(execute=True):
        requeued = rescore_jobs.requeue_stuck_jobs()

    assert requeued == [abandoned.pk]
    abandoned.refresh_from_db()
    alive.refresh_from_db()
    finished.refresh_from_db()
    assert (abandoned.status, abandoned.done) == ("done", 3)
    assert (alive.status, finished.status) == ("running", "done")


def test_a_job_no_worker_claimed_is_queued_again_after_a_while(
    maya, applied, contacts, django_capture_on_commit_callbacks
):
    fresh = RescoreJob.objects.create(rubric=applied, total=3)
    lost = RescoreJob.objects.create(rubric=applied, total=3)
    RescoreJob.objects.filter(pk=lost.pk).update(
        queued_at=timezone.now() - jobs.STUCK_AFTER - timedelta(seconds=1)
    )

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert rescore_jobs.requeue_stuck_jobs() == [lost.pk]
        # Queued again just now: the next sweep leaves it to the queue.
        assert rescore_jobs.requeue_stuck_jobs() == []
    assert len(queued) == 1
    fresh.refresh_from_db()
    assert fresh.status == "queued"


def test_a_worker_that_lost_its_job_to_another_writes_no_more_scores(
    maya, applied, contacts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():  # Not run: the test is the worker.
        job = rubric_versions.apply_draft(draft=draft_without_age(maya))
    first = jobs.claim_job(RescoreJob, job_id=job.pk)
    # Its lease runs out (the worker hung) and another worker takes the job over.
    RescoreJob.objects.filter(pk=job.pk).update(claimed_until=timezone.now())
    assert jobs.claim_job(RescoreJob, job_id=job.pk) is not None

    with pytest.raises(jobs.LeaseLost):
        scores.rescore_contacts(
            rubric=job.rubric, on_batch=lambda n: first.heartbeat(done=n)
        )
    assert set(FitScore.objects.values_list("rubric_version", flat=True)) == {1}


def test_the_requeue_command_reports_what_it_requeued(
    maya, applied, contacts, capsys, django_capture_on_commit_callbacks
):
    job = RescoreJob.objects.create(rubric=applied, total=3, **left_by_a_dead_worker())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("upkeep")
    assert "re-score jobs re-queued: 1" in capsys.readouterr().out
    job.refresh_from_db()
    assert job.status == "done"


# What the pages read --------------------------------------------------------------


def test_preview_counts_bands_before_and_after_and_explains_each_move(
    maya, applied, contacts
):
    found = preview.preview_draft(draft=draft_without_age(maya))

    assert (found.total, found.moved) == (3, 1)
    assert dict(found.before) == {"ideal": 1, "good": 1, "not_a_fit": 1}
    assert dict(found.after) == {"ideal": 2, "not_a_fit": 1}
    (ben,) = found.moves
    assert (ben.contact.name, ben.before, ben.after) == ("Ben", "good", "ideal")
    assert ben.direction == "up"
    assert (ben.score_before, ben.score_after) == (70, 100)
    assert [(r.label, r.after) for r in ben.reasons] == [
        ("Age 30–50", "Age 30–50: ignored (weight 0)."),
        ("Wants “Weekends off”", "Wants “Weekends off”: ignored (weight 0)."),
    ]
    assert [(r.band, r.before, r.after) for r in found.rows] == [
        ("ideal", 1, 2),
        ("good", 1, 0),
        ("weak", 0, 0),
        ("needs_information", 0, 0),
        ("not_a_fit", 1, 1),
    ]


def test_preview_names_a_weight_change_in_words_not_in_points(maya, applied, contacts):
    draft = rubric_versions.start_draft(persona=maya)
    set_weight(draft, "location", 60)
    draft = Rubric.objects.with_criteria().get(pk=draft.pk)

    found = preview.preview_draft(draft=draft)

    (ben,) = found.moves
    assert (ben.contact.name, ben.before, ben.after) == ("Ben", "good", "ideal")
    assert [(r.label, r.before, r.after) for r in ben.reasons] == [
        (
            "Location: Leeds",
            "Weight 10",
            "Weight 60 (was 10): met for this contact, so it counts for more.",
        )
    ]
    assert "points" not in ben.reasons[0].after


def test_preview_writes_nothing(maya, applied, contacts):
    before = list(FitScore.objects.values_list("pk", "band", "computed_at"))
    preview.preview_draft(draft=draft_without_age(maya))
    assert list(FitScore.objects.values_list("pk", "band", "computed_at")) == before


def test_preview_counts_contacts_never_scored(maya, applied, contacts, workspace):
    ideal_contact(workspace, name="Eve")
    found = preview.preview_draft(draft=rubric_versions.start_draft(persona=maya))
    assert found.before["unscored"] == 1
    (move,) = found.moves
    assert (move.contact.name, move.before, move.direction) == ("Eve", "", "new")
    assert found.rows[-1].label == "Not scored yet"


def test_freshness_counts_current_out_of_date_and_unscored_contacts(
    maya, applied, contacts, workspace
):
    ana, ben, cal = contacts
    ben.age = 45
    ben.save()  # Changed since scored.
    ideal_contact(workspace, name="Eve")  # Never scored.

    freshness = queries.score_freshness(rubric=applied)

    assert (freshness.contacts, freshness.scored, freshness.stale) == (4, 3, 1)
    assert (freshness.current, freshness.unscored) == (2, 1)
