"""Contacts uploaded as a CSV file."""

from django.db import models

from accounts.models import Workspace


class ContactImportQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "ContactImportQuerySet":
        return self.filter(workspace=workspace)

    def with_file_uploaded_before(self, moment) -> "ContactImportQuerySet":
        return self.filter(created_at__lt=moment).exclude(file="")


class ContactImport(models.Model):
    """An uploaded CSV of contacts: previewed, then imported all at once."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Waiting for your check"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Nothing imported"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status, default=Status.UPLOADED)
    mapping = models.JSONField(default=dict, blank=True)
    imported_count = models.PositiveIntegerField(default=0)
    rejected = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContactImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
