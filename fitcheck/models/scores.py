"""Fit scores: one per contact and persona, with the explanation of the score."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, F, Q, When

from accounts.models import Workspace
from fitcheck.models.contacts import BAND_LENGTH, BAND_ORDER, Band, Contact
from fitcheck.models.rubrics import Rubric
from personas.models import Persona


class FitScoreQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "FitScoreQuerySet":
        return self.filter(workspace=workspace)

    def for_admin_list(self) -> "FitScoreQuerySet":
        return self.select_related("contact", "persona", "rubric").defer(
            "breakdown", "contact__notes"
        )


def band_rank() -> Case:
    """The place of the effective band (an admin's override, else the computed
    band) in BAND_ORDER, for lists sorted best first."""
    return Case(
        *(
            When(Q(band_override=band) | Q(band_override="", band=band), then=rank)
            for rank, band in enumerate(BAND_ORDER)
        ),
        default=len(BAND_ORDER),
        output_field=models.PositiveSmallIntegerField(),
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
    # The estimate from what is known, within the range [score_low, score_high]
    # the contact could still reach once the unknown facts are learned.
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    score_low = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)]
    )
    score_high = models.PositiveSmallIntegerField(
        default=100, validators=[MaxValueValidator(100)]
    )
    band = models.CharField(max_length=BAND_LENGTH, choices=Band)
    confidence = models.FloatField(
        help_text="The share of the rubric's weight whose facts are known, 0 to 1."
    )
    # For a band that needs information: the unknown facts that would move the
    # score most, heaviest first, in words.
    ask_about = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    knocked_out = models.BooleanField(default=False)
    breakdown = models.JSONField(default=dict)
    computed_at = models.DateTimeField()
    # Denormalised from the contact so admin lists filter and sort without a join.
    stage = models.CharField(max_length=12, choices=Contact.Stage)

    # An admin's judgement beside the computed band, never instead of it.
    band_override = models.CharField(max_length=BAND_LENGTH, choices=Band, blank=True)
    band_rank = models.GeneratedField(
        expression=band_rank(),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
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
        ordering = ["band_rank", "-score", "pk"]
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
                condition=Q(score_low__lte=F("score"), score__lte=F("score_high"))
                & Q(score_high__lte=100),
                name="fitscore_score_within_range",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1),
                name="fitscore_confidence_0_to_1",
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
            models.Index(
                fields=["band_rank", "-score", "-id"], name="fitscore_rank_score_id"
            ),
            models.Index(fields=["band", "-score"], name="fitscore_band_score"),
        ]

    def __str__(self) -> str:
        """ "Renée Côté-Lefèvre vs Amara: Ideal, 100", or with the range while
        facts are unknown: "…: Needs information, 21–100"."""
        band = self.get_effective_band_display()
        return (
            f"{self.contact.name} vs {self.persona.name}: {band}, {self.score_display}"
        )

    @property
    def effective_band(self) -> str:
        return self.band_override or self.band

    def get_effective_band_display(self) -> str:
        return Band(self.effective_band).label

    @property
    def score_display(self) -> str:
        """The score when it is exact, else the range it could still reach."""
        if self.score_low == self.score_high:
            return str(self.score)
        return f"{self.score_low}–{self.score_high}"

    @property
    def confidence_percent(self) -> int:
        return round(self.confidence * 100)
