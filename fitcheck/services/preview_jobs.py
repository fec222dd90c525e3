"""Previews of draft rubrics, worked out in the worker and kept as JSON.

A preview (services/preview.py) scores every contact of the workspace in memory:
about twenty seconds for 100,000 contacts, far too long for a request. Saving a
draft queues a PreviewJob; the preview page shows its progress, then the result
it kept, reading one row.

The runner (core/jobs.py) makes sure one worker works a preview out at a time,
and `manage.py upkeep` queues again a preview whose worker died. A preview keeps
nothing half-way: it starts again from the first contact.
"""

from collections import Counter

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Greatest

from core import jobs
from core.tasks import enqueue_after_commit
from fitcheck import changes
from fitcheck.models import Contact, PreviewJob, Rubric
from fitcheck.services.preview import Move, Preview, preview_draft


@transaction.atomic
def queue_preview(*, draft: Rubric) -> PreviewJob:
    """A fresh preview of the draft as it is now, replacing any earlier one (a
    task still working on that one finds its job gone and stops)."""
    from fitcheck.tasks import preview

    # Two saves at once (a double click) take turns on the draft's row, so the
    # second replaces the first's job instead of colliding with it.
    list(Rubric.objects.select_for_update().filter(pk=draft.pk).values_list("pk"))
    PreviewJob.objects.filter(draft=draft).delete()
    contacts = Contact.objects.filter(workspace_id=draft.persona.workspace_id)
    job = PreviewJob.objects.create(draft=draft, total=contacts.count())
    enqueue_after_commit(preview, job_id=job.pk)
    return job


def preview_job(*, draft: Rubric) -> PreviewJob:
    """The draft's preview job, queued now if it has none yet."""
    job = PreviewJob.objects.filter(draft=draft).first()
    return job or queue_preview(draft=draft)


def run_preview_job(*, job_id: int) -> None:
    """Work the preview out and keep it; calling it again, or twice at once, is safe."""
    jobs.run_job(PreviewJob, job_id=job_id, work=_work_out)


def _work_out(claim: jobs.Claim) -> dict:
    claim.heartbeat(done=0)
    draft = (
        Rubric.objects.with_criteria()
        .select_related("persona")
        .get(pk=claim.job.draft_id)
    )
    preview = preview_draft(
        draft=draft,
        on_batch=lambda n: claim.heartbeat(done=n, total=Greatest("total", Value(n))),
    )
    return {"done": preview.total, "total": preview.total, "result": as_json(preview)}


def as_json(preview: Preview) -> dict:
    return {
        "before": dict(preview.before),
        "after": dict(preview.after),
        "moved": preview.moved,
        "total": preview.total,
        "moves": [
            {
                "contact": [move.contact.pk, move.contact.name],
                "before": move.before,
                "after": move.after,
                "score_before": move.score_before,
                "score_after": move.score_after,
                "reasons": [[r.label, r.before, r.after] for r in move.reasons],
                "more_reasons": move.more_reasons,
            }
            for move in preview.moves
        ],
    }


def kept_preview(job: PreviewJob) -> Preview:
    """The preview a finished job kept. Its contacts are named as they were then
    (enough for the list and its links); one deleted since answers 404."""
    kept = job.result
    return Preview(
        before=Counter(kept["before"]),
        after=Counter(kept["after"]),
        moved=kept["moved"],
        total=kept["total"],
        moves=[
            Move(
                contact=Contact(pk=move["contact"][0], name=move["contact"][1]),
                before=move["before"],
                after=move["after"],
                score_before=move["score_before"],
                score_after=move["score_after"],
                reasons=[changes.Reason(*reason) for reason in move["reasons"]],
                more_reasons=move["more_reasons"],
            )
            for move in kept["moves"]
        ],
    )


def requeue_stuck_previews() -> list[int]:
    """Queue again the previews a dead worker left unfinished; their ids."""
    from fitcheck.tasks import preview

    return jobs.requeue_stuck(PreviewJob, task=preview)
