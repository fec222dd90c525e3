"""Work the fit check does in the worker (re-scoring, previews, imports), with its
progress."""

from django.db import models

from core.models import BackgroundJob
from fitcheck.models.imports import ContactImport
from fitcheck.models.rubrics import Rubric
from personas.models import Persona


class RescoreJobQuerySet(models.QuerySet):
    def for_persona(self, persona: Persona) -> "RescoreJobQuerySet":
        """The persona's re-score jobs, newest first (the rubric page shows the
        first one's progress)."""
        return (
            self.filter(rubric__persona=persona)
            .select_related("rubric")
            .order_by("-created_at", "-pk")
        )


class RescoreJob(BackgroundJob):
    """Progress of a background re-scoring, shown on the rubric page."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="jobs")

    objects = RescoreJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Re-score {self.rubric} ({self.status})"


class PreviewJob(BackgroundJob):
    """A draft rubric tried on every contact of its workspace, in the worker: the
    counts per band before and after, and the first moves with their reasons
    (services/preview.py), kept as `result` once done. Reading and scoring every
    contact takes seconds per ten thousand, too slow for a request; the preview
    page shows the progress meanwhile."""

    draft = models.OneToOneField(
        Rubric, on_delete=models.CASCADE, related_name="preview_job"
    )
    result = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"Preview of {self.draft} ({self.status})"


class ImportJobQuerySet(models.QuerySet):
    def latest_for(self, contact_import: ContactImport) -> "ImportJob | None":
        """The import's latest job, for its page's progress (without the result,
        which the import keeps once done)."""
        return (
            self.filter(contact_import=contact_import)
            .defer("result")
            .order_by("-created_at", "-pk")
            .first()
        )


class ImportJob(BackgroundJob):
    """A confirmed contact import, run by the worker a batch of rows at a time
    (services/import_jobs.py). `done` counts the file's data rows read so far;
    `result` is what they came to (contacts imported, rows rejected), committed
    with each batch so that a run resumed after its worker died goes on from
    there."""

    contact_import = models.ForeignKey(
        ContactImport, on_delete=models.CASCADE, related_name="jobs"
    )
    result = models.JSONField(default=dict, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Import of {self.contact_import} ({self.status})"


class ImportedEmail(models.Model):
    """An email an import job has taken, with the file row that took it: how a
    later row of the same file, perhaps read by another run of the job after a
    worker died, knows it is a duplicate ("Same email as row 12"). Kept in the
    database rather than the worker, whose memory would grow with the file;
    deleted when the job ends."""

    # No index of its own: the unique constraint's index starts with the job.
    job = models.ForeignKey(
        ImportJob, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    email = models.TextField(help_text="Lowercased.")
    row_number = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["job", "email"], name="imported_email_unique_per_job"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} (row {self.row_number})"
