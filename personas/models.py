import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from accounts.models import Workspace


def text_list(
    help_text: str = "", max_length: int = 200, verbose_name: str | None = None
) -> ArrayField:
    """A list of short texts, edited one per line in the worksheet."""
    return ArrayField(
        models.CharField(max_length=max_length),
        verbose_name=verbose_name,
        default=list,
        blank=True,
        help_text=help_text,
    )


class Gender(models.TextChoices):
    WOMEN = "women", "Women"
    MEN = "men", "Men"
    NON_BINARY = "non_binary", "Non-binary people"


class IncomeBand(models.TextChoices):
    UNDER_30K = "under_30k", "Under 30,000 a year"
    FROM_30K = "30k_60k", "30,000 to 60,000"
    FROM_60K = "60k_100k", "60,000 to 100,000"
    FROM_100K = "100k_200k", "100,000 to 200,000"
    OVER_200K = "over_200k", "Over 200,000"


class FamilyStatus(models.TextChoices):
    SINGLE = "single", "Single"
    PARTNERED = "partnered", "Married or partnered"
    PARENT_YOUNG = "parent_young", "Parent of young children"
    PARENT_TEEN = "parent_teen", "Parent of teenagers"
    EMPTY_NEST = "empty_nest", "Children have left home"
    SEPARATED = "separated", "Separated or divorced"


class Education(models.TextChoices):
    SECONDARY = "secondary", "Secondary school"
    VOCATIONAL = "vocational", "Vocational or trade training"
    BACHELOR = "bachelor", "University degree"
    POSTGRADUATE = "postgraduate", "Postgraduate degree"
    DOCTORATE = "doctorate", "Doctorate or professional qualification"


class Closeness(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not_sure", "Not sure"


class PersonaQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "PersonaQuerySet":
        return self.filter(workspace=workspace)

    def for_list(self) -> "PersonaQuerySet":
        return self.defer_heavy().order_by("status", "-updated_at")

    def defer_heavy(self) -> "PersonaQuerySet":
        return self.only(
            "id",
            "workspace_id",
            "kind",
            "status",
            "name",
            "tagline",
            "photo",
            "completeness",
            "version",
            "updated_at",
        )

    def with_parts(self) -> "PersonaQuerySet":
        return self.prefetch_related("dreams", "pains", "red_flags")

    def for_step_save(self) -> "PersonaQuerySet":
        """With its parts, and the persona's row locked until the request's
        transaction ends: two saves of one persona take turns, and each compares
        what was typed with what the other saved (`personas/conflicts.py`). "No
        key": rows of other tables that point at the persona can still be added
        meanwhile."""
        parts = self.prefetch_related("dreams", "pains", "red_flags")
        return parts.select_for_update(no_key=True)

    def for_profile(self) -> "PersonaQuerySet":
        """What the one-pager shows: the persona, its parts and its share link."""
        return self.with_parts().select_related("share_link")

    def lineage_of(self, persona: "Persona") -> "PersonaQuerySet":
        """Every version of `persona` among these (itself included), oldest first."""
        return self.filter(lineage=persona.lineage).order_by("version")

    def latest_version(self, lineage: uuid.UUID) -> "Persona | None":
        return self.filter(lineage=lineage).order_by("-version").first()

    def lock_lineage(self, lineage: uuid.UUID) -> int:
        """Lock every version of `lineage` until the transaction ends, and return
        the number the next version takes: two copies made at once get distinct
        numbers, and two activations at once retire each other in turn."""
        versions = self.select_for_update().filter(lineage=lineage).order_by("pk")
        numbers = list(versions.values_list("version", flat=True))
        return max(numbers, default=0) + 1


class Persona(models.Model):
    """One ideal customer (or internal customer, or anti-persona) of a workspace."""

    class Kind(models.TextChoices):
        IDEAL = "ideal", "Ideal customer"
        INTERNAL = "internal", "Internal customer"
        ANTI = "anti", "Anti-persona (who to repel)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="personas"
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.IDEAL)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    # Versions: every copy shares its original's lineage and counts up from 1.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newer_versions",
    )
    last_step = models.CharField(max_length=20, default="who", editable=False)
    completeness = models.PositiveSmallIntegerField(default=0, editable=False)

    # Who they are (structured where the fit check compares).
    age_min = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_max = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    genders = ArrayField(
        models.CharField(max_length=20, choices=Gender), default=list, blank=True
    )
    income_bands = ArrayField(
        models.CharField(max_length=20, choices=IncomeBand), default=list, blank=True
    )
    family_statuses = ArrayField(
        models.CharField(max_length=20, choices=FamilyStatus), default=list, blank=True
    )
    education_levels = ArrayField(
        models.CharField(max_length=20, choices=Education), default=list, blank=True
    )
    occupations = text_list()
    industries = text_list()
    company_size_min = models.PositiveIntegerField(null=True, blank=True)
    company_size_max = models.PositiveIntegerField(null=True, blank=True)
    locations = text_list()
    languages = text_list()
    values = text_list()
    beliefs = text_list()
    lifestyle = text_list()
    hobbies = text_list()
    interests = text_list()
    personality_traits = text_list()

    # Personality: one named individual.
    name = models.CharField(max_length=80)
    tagline = models.CharField(max_length=160, blank=True)
    photo = models.ImageField(upload_to="personas/%Y/%m/", blank=True)
    favourite_quote = models.CharField(max_length=300, blank=True)
    favourite_meal = models.CharField(max_length=160, blank=True)
    tv_shows = text_list()
    brands = text_list()
    car = models.CharField(max_length=120, blank=True)
    authors = text_list()
    blogs_and_podcasts = text_list()
    guilty_pleasures = text_list()
    other_details = models.TextField(blank=True)

    # Be your customer.
    buying_emotions = models.TextField(blank=True)
    inner_conversation = models.TextField(blank=True)
    their_words = text_list()
    keeps_them_up = models.TextField(blank=True)
    wants_peers_to_know = models.TextField(blank=True)
    objections = text_list()

    # Would you...?
    invite_home = models.CharField(max_length=10, choices=Closeness, blank=True)
    spend_personal_time = models.CharField(max_length=10, choices=Closeness, blank=True)
    travel_together = models.CharField(max_length=10, choices=Closeness, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonaQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["workspace", "status", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=F("age_max")),
                name="persona_age_range_ordered",
                violation_error_message="The oldest age must not be below the "
                "youngest.",
            ),
            models.CheckConstraint(
                condition=Q(company_size_min__isnull=True)
                | Q(company_size_max__isnull=True)
                | Q(company_size_min__lte=F("company_size_max")),
                name="persona_company_size_ordered",
                violation_error_message="The largest company size must not be "
                "below the smallest.",
            ),
            models.UniqueConstraint(
                fields=["lineage", "version"], name="persona_version_unique"
            ),
            # Activating a version retires the one that was active
            # (services.activate); this holds it however a row is written.
            models.UniqueConstraint(
                fields=["lineage"],
                condition=Q(status="active"),
                name="persona_one_active_version",
                violation_error_message="Another version of this persona is "
                "active; activate this one from its profile to retire that one.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("personas:detail", args=[self.pk])

    @property
    def initials(self) -> str:
        parts = [part for part in self.name.split() if part]
        return "".join(part[0] for part in parts[:2]).upper() or "?"


class PersonaPart(models.Model):
    """What dreams, pains and red flags share: an ordered line of a persona."""

    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class PartQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "PartQuerySet":
        return self.filter(persona__workspace=workspace)


SAID_AS_HELP = (
    "How prospects say it in their own words, one phrase per line. The fit check "
    "matches these as well as the sentence above."
)


class Dream(PersonaPart):
    persona = models.ForeignKey(
        Persona, on_delete=models.CASCADE, related_name="dreams"
    )
    text = models.CharField("dream", max_length=300)
    said_as = text_list(SAID_AS_HELP, 300, "how prospects say it")

    objects = PartQuerySet.as_manager()

    class Meta(PersonaPart.Meta):
        pass


class Pain(PersonaPart):
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="pains")
    text = models.CharField("pain", max_length=300)
    said_as = text_list(SAID_AS_HELP, 300, "how prospects say it")
    intensity = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 is a mild annoyance, 5 keeps them awake at night.",
    )
    already_tried = models.TextField("what they already tried", blank=True)
    cause = models.TextField("why they have this pain", blank=True)
    our_answer = models.TextField("how your offer removes it", blank=True)

    objects = PartQuerySet.as_manager()

    class Meta(PersonaPart.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(intensity__gte=1, intensity__lte=5),
                name="pain_intensity_1_to_5",
            ),
        ]


class RedFlag(PersonaPart):
    class Severity(models.TextChoices):
        WARNING = "warning", "Warning"
        DEAL_BREAKER = "deal_breaker", "Deal-breaker"

    persona = models.ForeignKey(
        Persona, on_delete=models.CASCADE, related_name="red_flags"
    )
    text = models.CharField("behaviour or trait", max_length=300)
    severity = models.CharField(
        max_length=20, choices=Severity, default=Severity.WARNING
    )

    objects = PartQuerySet.as_manager()

    class Meta(PersonaPart.Meta):
        pass


class ShareLink(models.Model):
    """A read-only link to a persona's one-pager for people without an account.

    Only the token's SHA-256 is stored, so the link itself is shown once, when it
    is made. Stopping sharing deletes the row; sharing again makes a new token."""

    persona = models.OneToOneField(
        Persona, on_delete=models.CASCADE, related_name="share_link"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Share link of {self.persona}"
