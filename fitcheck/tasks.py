"""Background work of the fit check."""

from django.tasks import task

from fitcheck import emails
from fitcheck.models import ContactImport
from fitcheck.services import (
    import_jobs,
    preview_jobs,
    rescore_jobs,
    scores,
    snapshots,
)


@task
def rescore(*, job_id: int) -> None:
    """Re-score a workspace's contacts for one rubric, recording progress per batch.
    Idempotent and resumable (see fitcheck/services/rescore_jobs.py)."""
    rescore_jobs.run_rescore_job(job_id=job_id)


@task
def preview(*, job_id: int) -> None:
    """Work out whom a draft rubric would move (services/preview_jobs.py)."""
    preview_jobs.run_preview_job(job_id=job_id)


@task
def import_contacts(*, job_id: int) -> None:
    """Import a confirmed contact file, a batch at a time, recording progress.
    Safe to run twice and resumable (see fitcheck/services/import_jobs.py)."""
    import_jobs.run_import_job(job_id=job_id)


@task
def rescore_selected(*, pairs: list[list[int]]) -> None:
    """Re-score chosen (contact, persona) pairs, e.g. from the admin action."""
    scores.rescore_pairs(pairs=[(contact, persona) for contact, persona in pairs])


@task
def score_imported(*, import_id: int) -> None:
    """Score the contacts a CSV import added: every contact of its workspace with
    no score yet, so running twice does the work once. Then keep the band of
    the clients it added (they became clients with the import)."""
    contact_import = ContactImport.objects.only("workspace_id", "created_at").get(
        pk=import_id
    )
    scores.score_unscored(workspace_id=contact_import.workspace_id)
    snapshots.keep_imported_client_bands(contact_import=contact_import)


@task
def intake_received(
    *, page_id: int, persona_id: int, contact_id: int, outcome: str, message: str
) -> None:
    """What a prospect's intake leaves to the worker: their scores against the
    workspace's personas other than `persona_id` (the request scored that one),
    then the owners' email. Scoring first: it only involves our own database,
    while a failing mail server would stop whatever came after it."""
    scores.score_other_personas(contact_id=contact_id, persona_id=persona_id)
    emails.send_intake_received(
        page_id=page_id, contact_id=contact_id, outcome=outcome, message=message
    )


@task
def tell_owners_of_intake(
    *, page_id: int, contact_id: int, outcome: str, message: str
) -> None:
    """Kept for the tasks queued before `intake_received` replaced it."""
    emails.send_intake_received(
        page_id=page_id, contact_id=contact_id, outcome=outcome, message=message
    )
