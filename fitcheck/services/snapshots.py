"""Keeping the band a contact had when they became a client (ClientSnapshot).

Every way a contact becomes a client calls `keep_client_bands` once the contact
is scored: the contact form (a new client, or a stage changed to client), the
admin's contact page, and the worker that scores a CSV import's contacts. It
copies each client's current fit score per persona, as the practitioner saw it
(an admin's band override included), into a snapshot that nothing rewrites: the
insert skips a contact and persona that already have one, so calling it twice,
or for a client who was one before, changes nothing.
"""

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from fitcheck.models import ClientSnapshot, Contact, ContactImport, FitScore

SCORE_COLUMNS = [
    "workspace_id",
    "contact_id",
    "persona_id",
    "rubric_id",
    "rubric_version",
    "band",
    "band_override",
    "score",
    "score_low",
    "score_high",
    "confidence",
]


def keep_client_bands(
    *,
    contacts: QuerySet[Contact],
    taken: str = ClientSnapshot.Taken.AT_CONVERSION,
    at: datetime | None = None,
) -> int:
    """Snapshot the current fit scores of the clients among `contacts` that have
    no snapshot for that persona yet; how many were kept. A client with no score
    against a persona (no applied rubric then) gets no snapshot for it."""
    at = at or timezone.now()
    clients = contacts.filter(stage=Contact.Stage.CLIENT).values("pk")
    scores = (
        FitScore.objects.filter(contact_id__in=clients)
        .exclude(Exists(_kept_for(OuterRef("contact_id"), OuterRef("persona_id"))))
        .values_list(*SCORE_COLUMNS)
    )
    snapshots = [_snapshot(row, taken=taken, at=at) for row in scores]
    kept = ClientSnapshot.objects.bulk_create(snapshots, ignore_conflicts=True)
    return len(kept)


def keep_imported_client_bands(*, contact_import: ContactImport) -> int:
    """After an import's contacts are scored: the snapshots of the clients it
    added (and of any later import's, which is just as right)."""
    imported = Contact.objects.filter(
        workspace_id=contact_import.workspace_id,
        source=Contact.Source.IMPORTED,
        created_at__gte=contact_import.created_at,
    )
    return keep_client_bands(contacts=imported)


def _kept_for(contact_id: OuterRef, persona_id: OuterRef) -> QuerySet:
    return ClientSnapshot.objects.filter(contact_id=contact_id, persona_id=persona_id)


def _snapshot(row: tuple, *, taken: str, at: datetime) -> ClientSnapshot:
    values = dict(zip(SCORE_COLUMNS, row, strict=True))
    band = values.pop("band_override") or values["band"]
    return ClientSnapshot(**{**values, "band": band}, taken=taken, taken_at=at)
