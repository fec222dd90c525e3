"""Rubrics: a persona turned into weighted criteria, one version at a time."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from accounts.models import Workspace
from fitcheck import criteria, scoring
from fitcheck.models.contacts import CHOICE_NAMES, FACT_NAMES
from personas.models import Persona


class RubricQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "RubricQuerySet":
        return self.filter(persona__workspace=workspace)

    def applied(self) -> "RubricQuerySet":
        return self.filter(status=Rubric.Status.APPLIED)

    def with_criteria(self) -> "RubricQuerySet":
        return self.select_related("persona").prefetch_related("criteria")


class Rubric(models.Model):
    """How contacts are scored against one persona. Editing makes a new version,
    a draft, which the practitioner previews and then applies or discards."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (not applied yet)"
        APPLIED = "applied", "Applied"
        RETIRED = "retired", "Replaced by a newer version"

    persona = models.ForeignKey(
        Persona, on_delete=models.CASCADE, related_name="rubrics"
    )
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    ideal_from = models.PositiveSmallIntegerField(
        default=80,
        validators=[MaxValueValidator(100)],
        help_text="Scores from this number up are an ideal fit.",
    )
    good_from = models.PositiveSmallIntegerField(
        default=60,
        validators=[MaxValueValidator(100)],
        help_text="Scores from this number up are a good fit.",
    )
    weak_from = models.PositiveSmallIntegerField(
        default=40,
        validators=[MaxValueValidator(100)],
        help_text="Scores from this number up are a weak fit; below it, not a fit.",
    )
    min_confidence = models.PositiveSmallIntegerField(
        "minimum confidence",
        default=scoring.DEFAULT_MIN_CONFIDENCE,
        validators=[MaxValueValidator(100)],
        help_text="The share of the weight (a percentage) whose facts must be known "
        "before a contact whose score could still land in two bands gets a band; "
        "below it, the band is “Needs information”.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    objects = RubricQuerySet.as_manager()

    class Meta:
        ordering = ["persona", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["persona", "version"], name="rubric_version_unique"
            ),
            models.UniqueConstraint(
                fields=["persona"],
                condition=Q(status="applied"),
                name="rubric_one_applied_per_persona",
            ),
            models.UniqueConstraint(
                fields=["persona"],
                condition=Q(status="draft"),
                name="rubric_one_draft_per_persona",
            ),
            models.CheckConstraint(
                condition=Q(ideal_from__gt=F("good_from"))
                & Q(good_from__gt=F("weak_from"))
                & Q(ideal_from__lte=100),
                name="rubric_thresholds_ordered",
            ),
            models.CheckConstraint(
                condition=Q(min_confidence__lte=100),
                name="rubric_min_confidence_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.persona} rubric v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("fitcheck:rubric", args=[self.persona_id])

    def as_scoring(self) -> scoring.Rubric:
        """The pure scoring module's rubric (criteria from the prefetch cache)."""
        return scoring.Rubric(
            criteria=tuple(criterion.as_scoring() for criterion in self.criteria.all()),
            thresholds=scoring.Thresholds(
                ideal=self.ideal_from,
                good=self.good_from,
                weak=self.weak_from,
                min_confidence=self.min_confidence,
            ),
            names=CHOICE_NAMES,
            fact_names=FACT_NAMES,
        )


class Criterion(models.Model):
    class Kind(models.TextChoices):
        MATCHES = criteria.Kind.MATCHES.value, "Matches one of"
        IN_RANGE = criteria.Kind.IN_RANGE.value, "In range"
        CONTAINS = criteria.Kind.CONTAINS.value, "Contains any of"
        KNOCK_OUT = criteria.Kind.KNOCK_OUT.value, "Knock-out (deal-breaker)"

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(default=0)
    key = models.CharField(max_length=40)
    label = models.CharField(max_length=criteria.LABEL_LENGTH)
    fact = models.CharField(max_length=40)
    kind = models.CharField(max_length=12, choices=Kind)
    weight = models.FloatField(
        default=10, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    expected = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    penalty = models.BooleanField(
        default=False, help_text="A warning red flag: takes its weight off the score."
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "key"], name="criterion_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0, weight__lte=100),
                name="criterion_weight_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def as_scoring(self) -> criteria.Criterion:
        return criteria.Criterion(
            key=self.key,
            label=self.label,
            fact=self.fact,
            kind=criteria.Kind(self.kind),
            weight=self.weight,
            expected=tuple(self.expected),
            low=self.low,
            high=self.high,
            penalty=self.penalty,
        )
