"""Work the fit check does in the worker (re-scoring, previews), with its progress."""

from django.db import models

from core.models import BackgroundJob
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
