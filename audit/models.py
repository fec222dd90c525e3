"""The audit trail: who in a workspace looked at, exported, imported, overrode,
changed or erased what, and when. One row per event, written by one INSERT, read
by the workspace's owners and never changed afterwards (see audit/services.py)."""

from django.conf import settings
from django.db import models

from accounts.models import Workspace

# Events older than this are deleted by `manage.py upkeep`.
KEPT_DAYS = 365


class Action(models.TextChoices):
    VIEWED_CONTACT = "viewed_contact", "Viewed a contact's page"
    EXPORTED_CONTACTS = "exported_contacts", "Exported contacts"
    EXPORTED_RESULTS = "exported_results", "Exported survey results"
    EXPORTED_SCORES = "exported_scores", "Exported fit scores (admin)"
    EXPORTED_PERSON = "exported_person", "Exported a person's data"
    EXPORTED_WORKSPACE = "exported_workspace", "Exported the whole workspace"
    IMPORTED_CONTACTS = "imported_contacts", "Imported contacts"
    OVERRODE_BAND = "overrode_band", "Changed a fit band by override (admin)"
    CHANGED_RUBRIC = "changed_rubric", "Changed a rubric"
    ERASED_PERSON = "erased_person", "Erased a person on request"
    ERASED_BY_RETENTION = "erased_by_retention", "Erased by the retention rule"
    CHANGED_PRIVACY = "changed_privacy", "Changed the privacy settings"
    PINNED_ANSWER = "pinned_answer", "Pinned a client's answer to a persona"
    UNPINNED_ANSWER = "unpinned_answer", "Took a pinned answer off a persona"


class AuditEventQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "AuditEventQuerySet":
        return self.filter(workspace=workspace)

    def filtered(
        self, *, action: str = "", actor=None, contact_id=None, since=None, until=None
    ) -> "AuditEventQuerySet":
        events = self
        if action:
            events = events.filter(action=action)
        if actor is not None:
            events = events.filter(actor=actor)
        if contact_id is not None:
            events = events.filter(contact_id=contact_id)
        if since is not None:
            events = events.filter(at__date__gte=since)
        if until is not None:
            events = events.filter(at__date__lte=until)
        return events

    def for_log_page(self) -> "AuditEventQuerySet":
        return self.select_related("actor").only(
            "at", "action", "contact_id", "detail", "actor_email", "actor__name"
        )


class AuditEvent(models.Model):
    """One thing a person did in a workspace. It names a contact by id only and
    its detail never holds a contact's name, email or answers: the trail outlives
    an erasure without keeping what was erased."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    # None for what the system did by itself (the retention rule).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # As it was at the time: the account may later change address or be deleted.
    actor_email = models.EmailField(blank=True)
    action = models.CharField(max_length=30, choices=Action)
    contact_id = models.BigIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["workspace", "-at"], name="audit_ws_at"),
            models.Index(
                fields=["workspace", "action", "-at"], name="audit_ws_action_at"
            ),
            models.Index(
                fields=["workspace", "contact_id"],
                condition=models.Q(contact_id__isnull=False),
                name="audit_ws_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"
