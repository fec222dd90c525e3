"""The Evidence page's counts (EvidenceSummary): worked out once, then again in
the worker when a visit finds them older than FRESH_FOR.

Counted live, a persona's page at 10,000 clients with 50,000 responses took a
second for the figures by band and twenty for the criteria table (measured
with the bench's data, before the counts were kept): a summary row makes the
page as fast at 10,000 clients as at 100. The price is that a new answer shows
a few minutes late; the page says when its figures were counted.
"""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from core.tasks import enqueue_after_commit
from feedback import queries
from feedback.models import EvidenceSummary
from fitcheck.models import Rubric
from personas.models import Persona

FRESH_FOR = timedelta(minutes=5)


def summary(*, persona: Persona, now: datetime | None = None) -> EvidenceSummary:
    """The persona's counts: counted now the first time, else as last counted,
    with a recount queued for the worker when they are older than FRESH_FOR."""
    now = now or timezone.now()
    kept = EvidenceSummary.objects.filter(persona=persona).first()
    if kept is None or kept.computed_at is None:
        return count_evidence(persona=persona)
    if kept.computed_at < now - FRESH_FOR:
        request_recount(summary=kept, now=now)
    return kept


def count_evidence(*, persona: Persona) -> EvidenceSummary:
    """Count the persona's evidence and keep it (the worker's task, and the
    first visit's)."""
    rubric = Rubric.objects.applied().filter(persona=persona).first()
    counts = queries.evidence_counts(persona=persona, rubric=rubric)
    kept, _ = EvidenceSummary.objects.update_or_create(
        persona=persona,
        defaults={
            "workspace_id": persona.workspace_id,
            "counts": counts,
            "computed_at": timezone.now(),
            "requested_at": None,
        },
    )
    return kept


def request_recount(*, summary: EvidenceSummary, now: datetime) -> bool:
    """Queue a recount unless one was queued within FRESH_FOR (one conditional
    update, so two visits at once queue one)."""
    from feedback.tasks import count_persona_evidence

    not_asked_lately = Q(requested_at__isnull=True) | Q(
        requested_at__lt=now - FRESH_FOR
    )
    claimed = EvidenceSummary.objects.filter(not_asked_lately, pk=summary.pk).update(
        requested_at=now
    )
    if claimed:
        enqueue_after_commit(count_persona_evidence, persona_id=summary.persona_id)
    return bool(claimed)
