"""Follow-ups: prospects the intake promised a personal reply."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from accounts.models import Workspace
from fitcheck.models.contacts import Contact

REASON_LENGTH = 200


class FollowUpQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "FollowUpQuerySet":
        return self.filter(workspace=workspace)

    def open(self) -> "FollowUpQuerySet":
        return self.filter(done_at__isnull=True)

    def for_contacts_page(self) -> "FollowUpQuerySet":
        """Open follow-ups, oldest first, each with its contact's name."""
        return (
            self.open()
            .select_related("contact")
            .only(
                "id",
                "workspace_id",
                "reason",
                "ask_about",
                "created_at",
                "contact__id",
                "contact__name",
                "contact__email",
            )
            .order_by("created_at", "pk")
        )


class FollowUp(models.Model):
    """A prospect to reply to personally, and what to ask them; done once marked."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="follow_ups"
    )
    reason = models.CharField(max_length=REASON_LENGTH)
    # The facts that would decide the band, heaviest first (the score's ask_about).
    ask_about = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["workspace", "created_at"],
                condition=Q(done_at__isnull=True),
                name="followup_open_by_workspace",
            )
        ]
        constraints = [
            # A prospect who answers again updates their open follow-up.
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(done_at__isnull=True),
                name="followup_one_open_per_contact",
            )
        ]

    def __str__(self) -> str:
        return f"Follow up {self.contact_id}: {self.reason}"
