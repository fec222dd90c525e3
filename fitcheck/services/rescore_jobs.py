"""Re-score jobs: a rubric's contacts scored again in the worker, with progress.

The runner (core/jobs.py) makes sure one worker runs a job at a time and that a
job whose worker died is queued again. A job resumed that way skips the contacts
already scored with its rubric since they last changed, so no contact is scored
twice; each batch renews the job's lease inside the batch's own transaction, so
a worker that lost the job to another writes nothing more.
"""

from django.db.models import Exists, Value
from django.db.models.functions import Greatest

from core import jobs
from fitcheck.models import Contact, RescoreJob, Rubric
from fitcheck.services.scores import RubricReplaced, current_scores, rescore_contacts

REPLACED_MESSAGE = (
    "Stopped: a newer version of the rubric was applied before this one finished."
)


def run_rescore_job(*, job_id: int) -> None:
    """Run a re-score job to the end; calling it again, or twice at once, is safe."""
    jobs.run_job(RescoreJob, job_id=job_id, work=_rescore)


def _rescore(claim: jobs.Claim) -> dict:
    rubric = Rubric.objects.with_criteria().get(pk=claim.job.rubric_id)
    contacts = Contact.objects.filter(workspace_id=rubric.persona.workspace_id)
    already = (
        contacts.filter(Exists(current_scores(rubric))).count() if claim.resumed else 0
    )
    claim.heartbeat(done=already, total=contacts.count())
    try:
        done = already + rescore_contacts(
            rubric=rubric,
            only_stale=claim.resumed,
            on_batch=lambda n: claim.heartbeat(
                done=already + n, total=Greatest("total", Value(already + n))
            ),
        )
    except RubricReplaced:
        raise jobs.JobStopped(REPLACED_MESSAGE) from None
    # Contacts deleted during the run no longer count: the job ends at 100%.
    return {"done": done, "total": done}


def requeue_stuck_jobs() -> list[int]:
    """Queue again the re-score jobs a dead worker left; their ids."""
    from fitcheck.tasks import rescore

    return jobs.requeue_stuck(RescoreJob, task=rescore)
