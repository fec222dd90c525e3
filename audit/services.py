"""Writing the audit trail: `record` and `record_many` are its only writes, one
INSERT each, whatever the number of events.

An event is written in the caller's transaction, so an action that is rolled
back leaves no event behind, and an event never exists without its action.
"""

from datetime import timedelta

from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Workspace
from audit.models import KEPT_DAYS, Action, AuditEvent


def record(
    *,
    workspace: Workspace,
    actor: Model | None,
    action: Action,
    contact_id: int | None = None,
    detail: str = "",
) -> AuditEvent:
    """Store one event. `detail` must not hold a contact's data (names, emails,
    answers): say what kind of thing and how many, never whose. `actor` None (or
    anonymous) is the system itself."""
    event = _event(workspace, actor, action, contact_id, detail, timezone.now())
    event.save()
    return event


def record_many(
    *,
    workspace: Workspace,
    actor: Model | None,
    action: Action,
    contact_ids: list[int],
    detail: str = "",
) -> None:
    """One event per contact, in one INSERT (an erasure of many contacts)."""
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        _event(workspace, actor, action, contact_id, detail, now)
        for contact_id in contact_ids
    )


def record_request(
    request: HttpRequest,
    action: Action,
    *,
    contact_id: int | None = None,
    detail: str = "",
) -> AuditEvent:
    """`record` for a practitioner's request in their current workspace."""
    return record(
        workspace=request.workspace,
        actor=request.user,
        action=action,
        contact_id=contact_id,
        detail=detail,
    )


def prune_old_events() -> int:
    cutoff = timezone.now() - timedelta(days=KEPT_DAYS)
    deleted, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return deleted


def _event(workspace, actor, action, contact_id, detail, at) -> AuditEvent:
    person = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent(
        workspace_id=workspace.pk,
        actor=person,
        actor_email=person.email if person else "",
        action=action,
        contact_id=contact_id,
        detail=detail[:300],
        at=at,
    )
