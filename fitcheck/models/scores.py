"""Fit scores: one per contact and persona, with the explanation of the score."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from accounts.models import Workspace
from fitcheck.models.contacts import Band, Contact
from fitcheck.models.rubrics import Rubric
from personas.models import Persona


class FitScoreQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "FitScoreQuerySet":
        return self.filter(workspace=workspace)

    def for_admin_list(self) -> "FitScoreQuerySet":
        return self.select_related("contact", "persona", "rubric").defer(
            "breakdown", "contact__notes"
        )


class FitScore(models.Model):
    """The latest score of one contact against one persona, with its breakdown."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="scores"
    )
    persona = models.ForeignKey(
        Persona, on_delete=models.CASCADE, related_name="scores"
    )
    rubric = models.ForeignKey(
        Rubric, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rubric_version = models.PositiveIntegerField()
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    band = models.CharField(max_length=12, choices=Band)
    confidence = models.FloatField()
    knocked_out = models.BooleanField(default=False)
    breakdown = models.JSONField(default=dict)
    computed_at = models.DateTimeField()
    # Denormalised from the contact so admin lists filter and sort without a join.
    stage = models.CharField(max_length=12, choices=Contact.Stage)

    # An admin's judgement beside the computed band, never instead of it.
    band_override = models.CharField(max_length=12, choices=Band, blank=True)
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed = models.BooleanField(default=False)

    objects = FitScoreQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "persona"],
                name="fitscore_unique_per_contact_persona",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100),
                name="fitscore_score_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(band_override="") | ~Q(override_reason=""),
                name="fitscore_override_needs_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "-score"], name="fitscore_ws_score"),
            models.Index(
                fields=["persona", "band", "-score"], name="fitscore_persona_band"
            ),
            # The admin list's default order (Django adds -pk to make it total).
            models.Index(fields=["-score", "-id"], name="fitscore_score_id"),
            models.Index(fields=["band", "-score"], name="fitscore_band_score"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} vs {self.persona_id}: {self.score}"

    @property
    def effective_band(self) -> str:
        return self.band_override or self.band

    def get_effective_band_display(self) -> str:
        return Band(self.effective_band).label
