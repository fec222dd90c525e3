from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse

from accounts.models import Workspace
from fitcheck import scoring
from personas.models import Education, FamilyStatus, Gender, IncomeBand, Persona

# Words for the coded facts, so score explanations read "60,000 to 100,000".
CHOICE_NAMES = {
    value: str(label)
    for choices in (Gender, IncomeBand, FamilyStatus, Education)
    for value, label in choices.choices
}


def text_list() -> ArrayField:
    return ArrayField(models.CharField(max_length=300), default=list, blank=True)


class Band(models.TextChoices):
    IDEAL = scoring.Band.IDEAL.value, "Ideal"
    GOOD = scoring.Band.GOOD.value, "Good fit"
    WEAK = scoring.Band.WEAK.value, "Weak fit"
    NOT_A_FIT = scoring.Band.NOT_A_FIT.value, "Not a fit"


BAND_ORDER = [Band.IDEAL, Band.GOOD, Band.WEAK, Band.NOT_A_FIT]


class ContactQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "ContactQuerySet":
        return self.filter(workspace=workspace)

    def search(self, text: str) -> "ContactQuerySet":
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(email__icontains=text)
            | Q(company__icontains=text)
        )

    def clients(self) -> "ContactQuerySet":
        return self.filter(stage=Contact.Stage.CLIENT)

    def with_scores(self) -> "ContactQuerySet":
        """Each contact's fit scores, best first, in one extra query."""
        scores = (
            FitScore.objects.select_related("persona")
            .only(
                "id",
                "contact_id",
                "persona__name",
                "persona__version",
                "score",
                "band",
                "band_override",
                "confidence",
                "knocked_out",
                "rubric_version",
                "computed_at",
            )
            .order_by("-score")
        )
        return self.prefetch_related(models.Prefetch("scores", queryset=scores))

    def filtered(self, *, stage="", band="", persona=None) -> "ContactQuerySet":
        contacts = self
        if stage:
            contacts = contacts.filter(stage=stage)
        score_filter = {}
        if band:
            score_filter["scores__band"] = band
        if persona is not None:
            score_filter["scores__persona"] = persona
        if score_filter:
            # One score must meet both conditions, hence a single filter() call.
            contacts = contacts.filter(**score_filter).distinct()
        return contacts


class Contact(models.Model):
    """Someone the workspace works with, or might: prospect, client or past client."""

    class Stage(models.TextChoices):
        PROSPECT = "prospect", "Prospect"
        CLIENT = "client", "Client"
        PAST_CLIENT = "past_client", "Past client"

    class Source(models.TextChoices):
        ENTERED = "entered", "Entered by hand"
        IMPORTED = "imported", "Imported"
        INTAKE = "intake", "Fit intake"

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    company = models.CharField(max_length=150, blank=True)
    stage = models.CharField(max_length=12, choices=Stage, default=Stage.PROSPECT)
    source = models.CharField(max_length=10, choices=Source, default=Source.ENTERED)

    # The facts a persona describes; blank or null means unknown.
    age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    gender = models.CharField(max_length=20, choices=Gender, blank=True)
    income_band = models.CharField(max_length=20, choices=IncomeBand, blank=True)
    family_status = models.CharField(max_length=20, choices=FamilyStatus, blank=True)
    education = models.CharField(max_length=20, choices=Education, blank=True)
    occupation = models.CharField(max_length=150, blank=True)
    industry = models.CharField(max_length=150, blank=True)
    company_size = models.PositiveIntegerField(null=True, blank=True)
    location = models.CharField(max_length=150, blank=True)
    languages = text_list()
    interests = text_list()
    values = text_list()
    reported_pains = text_list()
    goals = text_list()
    red_flags = text_list()
    notes = models.TextField(blank=True)

    # Current clients the practitioner plans to replace gradually.
    phase_out = models.BooleanField(default=False)
    phase_out_note = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    # The facts a persona describes, in the order pages and files show them.
    FACTS = (
        "age",
        "gender",
        "income_band",
        "family_status",
        "education",
        "occupation",
        "industry",
        "company_size",
        "location",
        "languages",
        "interests",
        "values",
        "reported_pains",
        "goals",
        "red_flags",
    )

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["workspace", "stage", "name"]),
            models.Index(fields=["workspace", "updated_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                "workspace",
                Lower("email"),
                condition=~Q(email=""),
                name="contact_email_unique_per_workspace",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("fitcheck:contact_detail", args=[self.pk])

    def scoring_facts(self) -> dict[str, scoring.FactValue]:
        """The contact's facts under the names rubric criteria read."""
        return {
            "age": self.age,
            "gender": self.gender,
            "income_band": self.income_band,
            "family_status": self.family_status,
            "education": self.education,
            "occupation": self.occupation,
            "industry": self.industry,
            "company_size": self.company_size,
            "location": self.location,
            "languages": self.languages or None,
            "interests": self.interests or None,
            "values": self.values or None,
            "reported_pains": self.reported_pains or None,
            "goals": self.goals or None,
            # An empty list is a known "no red flags seen".
            "red_flags": self.red_flags,
        }


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
                ideal=self.ideal_from, good=self.good_from, weak=self.weak_from
            ),
            names=CHOICE_NAMES,
        )


class Criterion(models.Model):
    class Kind(models.TextChoices):
        MATCHES = scoring.Kind.MATCHES.value, "Matches one of"
        IN_RANGE = scoring.Kind.IN_RANGE.value, "In range"
        CONTAINS = scoring.Kind.CONTAINS.value, "Contains any of"
        KNOCK_OUT = scoring.Kind.KNOCK_OUT.value, "Knock-out (deal-breaker)"

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(default=0)
    key = models.CharField(max_length=40)
    label = models.CharField(max_length=300)
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

    def as_scoring(self) -> scoring.Criterion:
        return scoring.Criterion(
            key=self.key,
            label=self.label,
            fact=self.fact,
            kind=scoring.Kind(self.kind),
            weight=self.weight,
            expected=tuple(self.expected),
            low=self.low,
            high=self.high,
            penalty=self.penalty,
        )


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


class RescoreJobQuerySet(models.QuerySet):
    def for_persona(self, persona: Persona) -> "RescoreJobQuerySet":
        """The persona's re-score jobs, newest first (the rubric page shows the
        first one's progress)."""
        return (
            self.filter(rubric__persona=persona)
            .select_related("rubric")
            .order_by("-created_at", "-pk")
        )


class RescoreJob(models.Model):
    """Progress of a background re-scoring, shown on the rubric page."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RescoreJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Re-score {self.rubric} ({self.status})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


class IntakePageQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "IntakePageQuerySet":
        return self.filter(workspace=workspace)


class IntakePage(models.Model):
    """The public "are we a good fit?" page of a workspace, at /fit/<slug>/."""

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="intake_page"
    )
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="+")
    published = models.BooleanField(default=False)
    title = models.CharField(max_length=150, default="Are we a good fit?")
    intro = models.TextField(
        blank=True,
        default="A few quick questions help us both see whether working together "
        "makes sense. It takes about two minutes.",
    )
    good_fit_message = models.TextField(
        default="It looks like we could work well together. The next step is a short, "
        "free call to get to know each other."
    )
    booking_url = models.URLField(
        blank=True, help_text="Where a good fit books a call."
    )
    poor_fit_message = models.TextField(
        default="Thank you for your honest answers. From what you told us, we may "
        "not be "
        "the best help for you right now, and we would rather say so than waste your "
        "time."
    )
    referrals = models.TextField(
        blank=True, help_text="Who you recommend instead, one per line (name and link)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = IntakePageQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Intake page of {self.workspace}"

    def get_absolute_url(self) -> str:
        return reverse("fitcheck:intake", args=[self.workspace.slug])


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
