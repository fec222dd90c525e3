from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accounts.models import Workspace

MAX_RETENTION_MONTHS = 120


class PrivacySettingsQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "PrivacySettingsQuerySet":
        return self.filter(workspace=workspace)

    def with_retention(self) -> "PrivacySettingsQuerySet":
        return self.filter(retention_months__isnull=False)


class PrivacySettings(models.Model):
    """What a workspace promises about personal data: how long prospects are
    kept, and where people write to see or erase theirs. A workspace without a
    row has the defaults (retention off, the owners' address)."""

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="privacy_settings"
    )
    retention_months = models.PositiveSmallIntegerField(
        "erase inactive prospects after (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_MONTHS)],
        help_text="Prospects who never became clients are erased after this many "
        "months without activity. Leave empty to keep them until you erase them.",
    )
    contact_email = models.EmailField(
        "privacy contact address",
        blank=True,
        help_text="Where people write to see or erase their data; shown on your "
        "privacy page. Empty: the address of the workspace's first owner.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PrivacySettingsQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "privacy settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(retention_months__isnull=True)
                | models.Q(
                    retention_months__gte=1,
                    retention_months__lte=MAX_RETENTION_MONTHS,
                ),
                name="privacy_retention_1_to_120_months",
            ),
        ]

    def __str__(self) -> str:
        return f"Privacy settings of {self.workspace}"


class PendingDeletion(models.Model):
    """A workspace its owner chose to delete: its members are already gone and
    the worker deletes the rest (privacy/services/leaving.py). The row goes
    with the workspace; one still here after a while is queued again by upkeep."""

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="pending_deletion"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Deletion of {self.workspace}"
