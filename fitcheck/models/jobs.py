"""Work the fit check does in the worker (re-scoring, previews), with its progress."""

from django.db import models

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


class BackgroundJob(models.Model):
    """What every job of the worker records, for its page's progress bar."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


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
