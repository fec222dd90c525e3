"""Contacts: the people a workspace works with or might, and the fit bands."""

from collections.abc import Mapping
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Func, Q, Value
from django.db.models.functions import Concat, JSONObject, Lower, Upper
from django.urls import reverse

from accounts.models import Workspace
from fitcheck import criteria, scoring
from personas.models import Education, FamilyStatus, Gender, IncomeBand

# Words for the coded facts, so score explanations read "60,000 to 100,000".
CHOICE_NAMES = {
    value: str(label)
    for choices in (Gender, IncomeBand, FamilyStatus, Education)
    for value, label in choices.choices
}


# Loose on purpose: people write numbers in many ways ("+44 (0)20 7946 0000",
# "06.12.34.56.78"); only letters and other signs are refused.
PHONE_CHARACTERS = RegexValidator(
    r"^[0-9+\-(). ]*[0-9][0-9+\-(). ]*$",
    "Use digits, spaces and + - ( ) . only, for example +44 20 7946 0000.",
)


class Unaccented(Func):
    """The text without accents ("Zoë" -> "Zoe"), through `immutable_unaccent`, the
    wrapper of PostgreSQL's unaccent that migration 0004 creates: unaccent itself
    is only STABLE (its dictionary could change), so no index or generated column
    could use it."""

    function = "immutable_unaccent"
    output_field = models.TextField()


def searchable(text) -> Upper:
    """Text as the search compares it: without accents, in capitals."""
    return Upper(Unaccented(text))


def text_list() -> ArrayField:
    return ArrayField(models.CharField(max_length=300), default=list, blank=True)


# Words for the facts, in "To decide, ask about: ..." of a score that needs them.
FACT_NAMES = {
    "age": "age",
    "gender": "gender",
    "income_band": "income",
    "family_status": "home life",
    "education": "education",
    "occupation": "their work",
    "industry": "their industry",
    "company_size": "the size of their business",
    "location": "where they are based",
    "languages": "languages",
    "interests": "interests",
    "values": "what matters to them",
    "reported_pains": "their pains",
    "goals": "what they hope for",
    "red_flags": "red flags",
}


class Band(models.TextChoices):
    """In the order lists show them: Needs information apart, after the bands that
    are settled as a fit and before those settled as not one."""

    IDEAL = scoring.Band.IDEAL.value, "Ideal"
    GOOD = scoring.Band.GOOD.value, "Good fit"
    WEAK = scoring.Band.WEAK.value, "Weak fit"
    NEEDS_INFORMATION = scoring.Band.NEEDS_INFORMATION.value, "Needs information"
    NOT_A_FIT = scoring.Band.NOT_A_FIT.value, "Not a fit"


BAND_ORDER = list(Band)
# A current client may be marked to phase out when their best score settles that
# they fit poorly. Not while it needs information (ask first), not before they
# are scored, and not when the score says they fit: what the score cannot see
# belongs on their page (a red flag, say), which scores them again.
PHASE_OUT_BANDS = frozenset({Band.WEAK, Band.NOT_A_FIT})
BAND_LENGTH = 20
# How the rules read a contact's facts (`Contact.facts_from`): a list left empty
# is an unknown fact, except red flags, where it is a known "none seen".
SCALAR_FACTS = (
    *("age", "gender", "income_band", "family_status", "education"),
    *("occupation", "industry", "company_size", "location"),
)
LISTED_FACTS = ("languages", "interests", "values", "reported_pains", "goals")


class ContactQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "ContactQuerySet":
        return self.filter(workspace=workspace)

    def search(self, text: str) -> "ContactQuerySet":
        """Contacts whose name, email or company contains the text, ignoring case
        and accents both ways: "zoe" finds "Zoë" and "Zoë" finds "Zoe". The
        trigram index on `search_text` finds them without reading every contact."""
        if not text:
            return self
        return self.filter(search_text__contains=searchable(Value(text)))

    def with_email(self, email: str) -> "ContactQuerySet":
        """The contacts with this email whatever its case (at most one in a
        workspace: contact_email_unique_per_workspace)."""
        return (
            self.exclude(email="")
            .alias(lower_email=Lower("email"))
            .filter(lower_email=email.lower())
        )

    def clients(self) -> "ContactQuerySet":
        return self.filter(stage=Contact.Stage.CLIENT)

    def with_scores(self) -> "ContactQuerySet":
        """Each contact's fit scores, best first (by band, then score), in one
        extra query."""
        # FitScore is defined beside, and refers to Contact: reached by the relation.
        fit_score = self.model._meta.get_field("scores").related_model
        scores = (
            fit_score.objects.select_related("persona")
            .only(
                "id",
                "contact_id",
                "persona__name",
                "persona__version",
                "score",
                "score_low",
                "score_high",
                "band",
                "band_override",
                "band_rank",
                "confidence",
                "knocked_out",
                "ask_about",
                "rubric_version",
                "computed_at",
            )
            .order_by("band_rank", "-score", "pk")
        )
        return self.prefetch_related(models.Prefetch("scores", queryset=scores))

    def with_best_fit(self) -> "ContactQuerySet":
        """`best_fit`: the contact's best score (by band, then score) as a dict of
        its persona's name, band, score, range and confidence, or None; one
        subquery, for exports that stream values."""
        fit_score = self.model._meta.get_field("scores").related_model
        best = (
            fit_score.objects.filter(contact=models.OuterRef("pk"))
            .order_by("band_rank", "-score", "pk")
            .values(
                json=JSONObject(
                    persona="persona__name",
                    band="band",
                    band_override="band_override",
                    score="score",
                    score_low="score_low",
                    score_high="score_high",
                    confidence="confidence",
                    ask_about="ask_about",
                )
            )[:1]
        )
        return self.annotate(best_fit=models.Subquery(best))

    def filtered(self, *, stage="", band="", persona=None) -> "ContactQuerySet":
        contacts = self
        if stage:
            contacts = contacts.filter(stage=stage)
        score_filter = {}
        if band:
            score_filter["band"] = band
        if persona is not None:
            score_filter["persona"] = persona
        if score_filter:
            # One score must meet both conditions. EXISTS rather than a join and
            # DISTINCT: a page of the list then reads contacts in its order until
            # it has enough, where DISTINCT first collected every match (a
            # million contacts: 800 ms a page against 5 ms).
            fit_score = self.model._meta.get_field("scores").related_model
            scores = fit_score.objects.filter(
                contact=models.OuterRef("pk"), **score_filter
            )
            contacts = contacts.filter(models.Exists(scores))
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
    phone = models.CharField(max_length=32, blank=True, validators=[PHONE_CHARACTERS])
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

    # What the search reads, kept by PostgreSQL itself on every write: one column
    # and one index instead of three, so a search reads one index and compares
    # stored text instead of unaccenting three fields of every candidate row
    # (measured on 1,000,000 contacts: 2 to 7 times faster). The line breaks keep
    # a search from matching across two fields; a search box cannot type them.
    search_text = models.GeneratedField(
        expression=searchable(
            Concat(
                "name",
                Value("\n"),
                "email",
                Value("\n"),
                "company",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

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
            # The contacts list's order, so a page reads its rows in order and
            # stops, whatever the number of contacts.
            models.Index(fields=["workspace", "name", "id"], name="contact_ws_name_id"),
            models.Index(fields=["workspace", "updated_at"]),
            GinIndex(
                fields=["search_text"],
                opclasses=["gin_trgm_ops"],
                name="contact_search_text",
            ),
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

    def scoring_facts(self) -> dict[str, criteria.FactValue]:
        """The contact's facts under the names rubric criteria read."""
        return self.facts_from({name: getattr(self, name) for name in self.FACTS})

    @staticmethod
    def facts_from(values: Mapping[str, Any]) -> dict[str, criteria.FactValue]:
        """`scoring_facts` of a contact read as a row of values (its FACTS at
        least): a re-score of a million contacts builds no model instances."""
        facts = {name: values[name] for name in SCALAR_FACTS}
        for name in LISTED_FACTS:
            facts[name] = values[name] or None
        # An empty list is a known "no red flags seen".
        facts["red_flags"] = values["red_flags"]
        return facts
