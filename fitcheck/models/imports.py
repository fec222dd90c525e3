"""Contacts uploaded as a CSV file."""

from django.db import models

from accounts.models import Workspace


class ContactImportQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "ContactImportQuerySet":
        return self.filter(workspace=workspace)

    def with_file_uploaded_before(self, moment) -> "ContactImportQuerySet":
        return self.filter(created_at__lt=moment).exclude(file="")


class ContactImport(models.Model):
    """An uploaded CSV of contacts: previewed, then imported by the worker (its
    ImportJob)."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Waiting for your check"
        IMPORTING = "importing", "Importing"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Nothing imported"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status, default=Status.UPLOADED)
    mapping = models.JSONField(default=dict, blank=True)
    # What reading the file found, for the pages to show (contact_import.py):
    # at upload, the row count, the columns with values and the rows an unclosed
    # quote may have swallowed; once the columns are chosen, the rows without an
    # email and the distinct values of each choice column.
    checks = models.JSONField(default=dict, blank=True)
    # What each value of a choice column becomes: {field: ValueMap as JSON}.
    values = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    imported_count = models.PositiveIntegerField(default=0)
    rejected = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContactImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class ValueChoiceQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "ValueChoiceQuerySet":
        return self.filter(workspace=workspace)

    def as_lookup(self) -> dict[str, dict[str, str]]:
        """{field: {file value (normalised): what it became}}."""
        lookup: dict[str, dict[str, str]] = {}
        for field, value, target in self.values_list("field", "value", "target"):
            lookup.setdefault(field, {})[value] = target
        return lookup


class ValueChoice(models.Model):
    """What a value of a choice column became at the workspace's last import
    ("Opportunity" in a stage column: Prospect), offered first next time."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    field = models.CharField(max_length=20)
    value = models.CharField(max_length=200, help_text="As normalised for matching.")
    target = models.CharField(max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ValueChoiceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "field", "value"],
                name="value_choice_unique_per_workspace",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.value} -> {self.target or '(empty)'}"
