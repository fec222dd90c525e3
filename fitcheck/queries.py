"""Reads of the fit check that span several models: what the rubric pages read
(each persona's versions, latest re-score and bands, how fresh the scores of an
applied rubric are), and the public intake's page; and the batch upsert of fit
scores, in SQL the ORM says too slowly for a million contacts."""

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import Workspace
from fitcheck.intake_drafting import Trait
from fitcheck.models import (
    BAND_ORDER,
    Contact,
    FitScore,
    FollowUp,
    FollowUpQuerySet,
    IntakePage,
    RescoreJob,
    Rubric,
)
from personas.models import Persona, PersonaQuerySet


def active_rubric_personas(*, workspace: Workspace) -> PersonaQuerySet:
    """The personas contacts are scored against: active, and not anti-personas."""
    return (
        Persona.objects.for_workspace(workspace)
        .filter(status=Persona.Status.ACTIVE)
        .exclude(kind=Persona.Kind.ANTI)
    )


@dataclass
class RubricRow:
    """One persona's line on the rubrics page."""

    persona: Persona
    applied_version: int | None = None
    draft_version: int | None = None
    job: RescoreJob | None = None
    bands: dict[str, int] = field(default_factory=dict)
    # When the latest of its scores was computed: a contact is scored when added
    # or changed, all of them when a rubric version is applied.
    latest: datetime | None = None

    @property
    def band_counts(self) -> list[tuple[str, str, int]]:
        """(band, label, contacts) from ideal to not a fit."""
        return [(b.value, b.label, self.bands.get(b.value, 0)) for b in BAND_ORDER]


def rubric_overview(*, personas: list[Persona]) -> list[RubricRow]:
    """Versions, latest re-score, band counts and latest scoring of each persona,
    in four queries."""
    rows = {persona.pk: RubricRow(persona) for persona in personas}
    versions = Rubric.objects.filter(
        persona_id__in=rows,
        status__in=[Rubric.Status.APPLIED, Rubric.Status.DRAFT],
    ).values_list("persona_id", "status", "version")
    for persona_id, status, version in versions:
        setattr(rows[persona_id], f"{status}_version", version)
    latest_jobs = (
        RescoreJob.objects.filter(rubric__persona_id__in=rows)
        .select_related("rubric")
        .order_by("rubric__persona_id", "-created_at", "-pk")
        .distinct("rubric__persona_id")
    )
    for job in latest_jobs:
        rows[job.rubric.persona_id].job = job
    counts = (
        FitScore.objects.filter(persona_id__in=rows)
        .values_list("persona_id", "band")
        .annotate(count=Count("pk"), latest=Max("computed_at"))
        .order_by()
    )
    for persona_id, band, count, latest in counts:
        row = rows[persona_id]
        row.bands[band] = count
        row.latest = max(row.latest or latest, latest)
    return list(rows.values())


@dataclass(frozen=True)
class Freshness:
    """How many of a persona's contacts are scored with its applied rubric."""

    contacts: int
    scored: int
    stale: int

    @property
    def current(self) -> int:
        return self.scored - self.stale

    @property
    def unscored(self) -> int:
        return max(0, self.contacts - self.scored)


def score_freshness(*, rubric: Rubric) -> Freshness:
    """A score is stale when it was computed with another rubric version or before
    the contact last changed (the contact page says the same)."""
    stale = ~Q(rubric_version=rubric.version) | Q(
        contact__updated_at__gt=F("computed_at")
    )
    counts = FitScore.objects.filter(persona_id=rubric.persona_id).aggregate(
        scored=Count("pk"), stale=Count("pk", filter=stale)
    )
    contacts = Contact.objects.filter(workspace_id=rubric.persona.workspace_id)
    return Freshness(contacts=contacts.count(), **counts)


# The public intake -------------------------------------------------------------------


def published_page(workspace_slug: str) -> IntakePage | None:
    """The workspace's published intake page, its workspace loaded, and as
    `applied_rubric_id` the pk of its persona's applied rubric (None until one
    is generated), by which the page's form is kept (intake_form.intake_form_for)."""
    # At most one applied rubric per persona (rubric_one_applied_per_persona), so
    # no order: the model's own (by persona, then version) would join the
    # personas and sort, half of what this read costs to compile and plan.
    applied = (
        Rubric.objects.applied().filter(persona_id=OuterRef("persona_id")).order_by()
    )
    pages = IntakePage.objects.select_related("workspace").annotate(
        applied_rubric_id=Subquery(applied.values("pk"))
    )
    try:
        return pages.get(workspace__slug=workspace_slug, published=True)
    except IntakePage.DoesNotExist:
        return None


def anti_persona_traits(*, workspace_id: int) -> list[Trait]:
    """What the workspace's active anti-personas are like, for the intake to offer
    among its answers as ones that count against: their pains and dreams, their
    interests and hobbies, their values and beliefs. Three queries."""
    personas = (
        Persona.objects.filter(
            workspace_id=workspace_id,
            kind=Persona.Kind.ANTI,
            status=Persona.Status.ACTIVE,
        )
        .only("id", "interests", "hobbies", "values", "beliefs")
        .prefetch_related("pains", "dreams")
        .order_by("pk")
    )
    traits = []
    for persona in personas:
        traits += [Trait(p.text, "reported_pains") for p in persona.pains.all()]
        traits += [Trait(d.text, "goals") for d in persona.dreams.all()]
        traits += [
            Trait(t, "interests") for t in [*persona.interests, *persona.hobbies]
        ]
        traits += [Trait(t, "values") for t in [*persona.values, *persona.beliefs]]
    return traits


def open_follow_ups(*, workspace: Workspace) -> FollowUpQuerySet:
    """The contacts page's "to follow up" list."""
    return FollowUp.objects.for_workspace(workspace).for_contacts_page()


# The one write here. `FitScore.objects.bulk_create(update_conflicts=True)` says
# the same upsert, but builds 19 placeholders a row: for a batch of 1,000 scores
# the ORM's and psycopg's work on that statement took most of a re-score's time
# (bench `rescore_1m`). Here the batch travels as one JSON document that
# PostgreSQL unpacks into rows. An admin's override, reason and review stay as
# they were on a contact already scored against the persona.
UPSERT_SCORES_SQL = """
INSERT INTO fitcheck_fitscore (
    workspace_id, contact_id, persona_id, rubric_id, rubric_version, score,
    score_low, score_high, band, confidence, ask_about, knocked_out, breakdown,
    computed_at, stage, band_override, override_reason, reviewed
)
SELECT
    %(workspace)s, r.contact_id, %(persona)s, %(rubric)s, %(version)s, r.score,
    r.score_low, r.score_high, r.band, r.confidence, r.ask_about, r.knocked_out,
    r.breakdown, %(computed_at)s, r.stage, '', '', false
FROM jsonb_to_recordset(%(rows)s::jsonb) AS r (
    contact_id bigint, score smallint, score_low smallint, score_high smallint,
    band varchar, confidence double precision, ask_about varchar[],
    knocked_out boolean, breakdown jsonb, stage varchar
)
ON CONFLICT (contact_id, persona_id) DO UPDATE SET
    workspace_id = EXCLUDED.workspace_id,
    rubric_id = EXCLUDED.rubric_id,
    rubric_version = EXCLUDED.rubric_version,
    score = EXCLUDED.score,
    score_low = EXCLUDED.score_low,
    score_high = EXCLUDED.score_high,
    band = EXCLUDED.band,
    confidence = EXCLUDED.confidence,
    knocked_out = EXCLUDED.knocked_out,
    ask_about = EXCLUDED.ask_about,
    breakdown = EXCLUDED.breakdown,
    computed_at = EXCLUDED.computed_at,
    stage = EXCLUDED.stage
"""


def upsert_scores(*, rubric: Rubric, workspace_id: int, rows: list[dict]) -> None:
    """Store the scores of a batch of the workspace's contacts against the
    rubric's persona, each row a contact's `contact_id`, `stage` and result
    (`scores.score_values`), all computed now."""
    parameters = {
        "workspace": workspace_id,
        "persona": rubric.persona_id,
        "rubric": rubric.pk,
        "version": rubric.version,
        "computed_at": timezone.now(),
        "rows": json.dumps(rows),
    }
    with connection.cursor() as cursor:
        cursor.execute(UPSERT_SCORES_SQL, parameters)
