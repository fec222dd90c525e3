"""Client snapshots: the fit a contact had against a persona when they became a
client, kept as it was so later rubric versions and re-scores never rewrite it."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q

from accounts.models import Workspace
from fitcheck.models.contacts import BAND_LENGTH, Band, Contact
from fitcheck.models.rubrics import Rubric
from personas.models import Persona


class ClientSnapshotQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "ClientSnapshotQuerySet":
        return self.filter(workspace=workspace)

    def band_counts(self) -> dict[str, int]:
        """{band: how many snapshots} in one query (bands with none left out)."""
        rows = self.order_by().values("band").annotate(n=models.Count("pk"))
        return dict(rows.values_list("band", "n"))


class ClientSnapshot(models.Model):
    """The band (and score, range and confidence) one contact had against one
    persona's applied rubric when they became a client. Written once, never
    updated: the one snapshot per contact and persona is their first time as a
    client (a client who leaves and comes back keeps it)."""

    class Taken(models.TextChoices):
        AT_CONVERSION = "conversion", "When they became a client"
        BACKFILLED = "backfill", "Later, from their score then"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="client_snapshots"
    )
    persona = models.ForeignKey(
        Persona, on_delete=models.CASCADE, related_name="client_snapshots"
    )
    # The version scored then: kept by number too, as a discarded draft's row goes.
    rubric = models.ForeignKey(
        Rubric, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rubric_version = models.PositiveIntegerField()
    band = models.CharField(
        max_length=BAND_LENGTH,
        choices=Band,
        help_text="The band they had then (an admin's override, if there was one).",
    )
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    score_low = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    score_high = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    confidence = models.FloatField(
        help_text="The share of the rubric's weight whose facts were known, 0 to 1."
    )
    taken = models.CharField(max_length=12, choices=Taken, default=Taken.AT_CONVERSION)
    taken_at = models.DateTimeField(
        help_text="When they became a client (for a backfilled snapshot: when it "
        "was recorded, since the day they became a client is unknown)."
    )

    objects = ClientSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "persona"],
                name="clientsnapshot_one_per_contact_persona",
            ),
            models.CheckConstraint(
                condition=Q(score_low__lte=F("score"), score__lte=F("score_high"))
                & Q(score_high__lte=100),
                name="clientsnapshot_score_within_range",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1),
                name="clientsnapshot_confidence_0_to_1",
            ),
        ]
        indexes = [
            models.Index(fields=["persona", "band"], name="clientsnapshot_persona_band")
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} became a client as {self.get_band_display()}"

    @property
    def score_display(self) -> str:
        if self.score_low == self.score_high:
            return str(self.score)
        return f"{self.score_low}–{self.score_high}"
