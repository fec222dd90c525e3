"""Reads of the feedback app that span several models."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse

from feedback import confirmation, evidence, results
from feedback.models import (
    Answer,
    AnswerQuerySet,
    Invitation,
    PinnedAnswer,
    Question,
    normalised_text,
)
from fitcheck.criteria import Outcome
from fitcheck.models import BAND_ORDER, ClientSnapshot, Criterion, Rubric
from fitcheck.rubric_suggestions import CriterionCount
from personas.models import Persona

# Survey links ------------------------------------------------------------------------


def invitation_by_token_hash(token_hash: str) -> Invitation | None:
    """The invitation whose emailed link has this hash, with its survey and the
    survey's workspace."""
    try:
        return Invitation.objects.select_related("survey__workspace").get(
            tokens__token_hash=token_hash
        )
    except Invitation.DoesNotExist:
        return None


# Evidence for a persona's pains and dreams (feedback/confirmation.py) ----------------

# A part's key: ("pain" or "dream", its text). Texts, not ids, so a new version's
# unchanged pain keeps the evidence gathered for the version it was copied from.
PartKey = tuple[str, str]


def persona_part_evidence(
    persona: Persona, *, with_quotes: bool = True
) -> dict[PartKey, confirmation.PartEvidence]:
    """The evidence of every pain and dream of the persona's versions, keyed by
    kind and text, in three queries (two without quotes) however many clients,
    answers and pins there are (one, a cheap one, when the lineage has neither
    a validation question nor a pin, as most have: planning the three costs more
    than the profile's whole rendering)."""
    if not _has_evidence_sources(persona):
        return {}
    agreeing = _counts(
        _agreeing_answers(persona),
        "question__pain__text",
        "question__dream__text",
        "response__contact_id",
    )
    pinned_only = _counts(
        _client_pins(persona).exclude(Exists(_agreed_as_well(persona))),
        "pain__text",
        "dream__text",
        "answer__response__contact_id",
    )
    quotes = _quotes(persona) if with_quotes else {}
    found = {}
    for key in {*agreeing, *pinned_only, *quotes}:
        shown, pinned = quotes.get(key, ([], 0))
        found[key] = confirmation.evidence(
            agreeing=agreeing.get(key, 0),
            pinned_only=pinned_only.get(key, 0),
            quotes=shown,
            pinned=pinned,
        )
    return found


def _has_evidence_sources(persona: Persona) -> bool:
    """Whether a question or a pin names a pain or dream of the persona's lineage:
    without one, nothing can confirm or quote any of them."""
    questions = Question.objects.filter(_in_lineage(persona, "")).values("pk")
    pins = PinnedAnswer.objects.filter(_in_lineage(persona, "")).values("pk")
    return questions.union(pins, all=True).exists()


def _in_lineage(persona: Persona, path: str) -> Q:
    """Rows whose `{path}pain` or `{path}dream` is a part of any version of the
    persona, in its workspace (a read scoped by the lineage alone would trust
    every import to keep lineages apart)."""

    def of(part: str) -> Q:
        return Q(
            **{
                f"{path}{part}__persona__workspace_id": persona.workspace_id,
                f"{path}{part}__persona__lineage": persona.lineage,
            }
        )

    return of("pain") | of("dream")


def agreeing_answers() -> QuerySet:
    """Answers that agree with the pain or dream their question tests, by
    clients (confirmation.agrees, in SQL)."""
    agree = Q(
        question__kind=Question.Kind.RATING, number__gte=confirmation.AGREES_FROM
    ) | Q(question__kind=Question.Kind.YES_NO, choices=[confirmation.YES])
    return Answer.objects.filter(
        agree, response__contact__stage__in=confirmation.CLIENT_STAGES
    )


def _agreeing_answers(persona: Persona) -> QuerySet:
    return agreeing_answers().filter(_in_lineage(persona, "question__"))


def _client_pins(persona: Persona) -> QuerySet:
    return PinnedAnswer.objects.filter(
        _in_lineage(persona, ""),
        answer__response__contact__stage__in=confirmation.CLIENT_STAGES,
    )


def _agreed_as_well(persona: Persona) -> QuerySet:
    """For a pin: an agreeing answer by the same client to a question about the
    same pain or dream, which counts them already."""
    return _agreeing_answers(persona).filter(
        Q(question__pain__text=OuterRef("pain__text"))
        | Q(question__dream__text=OuterRef("dream__text")),
        response__contact_id=OuterRef("answer__response__contact_id"),
    )


def _counts(rows: QuerySet, pain: str, dream: str, client: str) -> dict[PartKey, int]:
    """{part key: distinct clients} of rows that name a pain or a dream."""
    counted = (
        rows.order_by()
        .values(pain, dream)
        .annotate(n=Count(client, distinct=True))
        .values_list(pain, dream, "n")
    )
    return {_key(p, d): n for p, d, n in counted}


def _key(pain_text: str | None, dream_text: str | None) -> PartKey:
    return ("pain", pain_text) if pain_text is not None else ("dream", dream_text)


def _quotes(persona: Persona) -> dict[PartKey, tuple[list, int]]:
    """{part key: (its newest pinned words, how many distinct words are pinned
    to it)}; identical answers (as the results page groups them) are one quote."""
    parts = [F("pain__text"), F("dream__text")]
    grouped = (
        PinnedAnswer.objects.filter(_in_lineage(persona, ""))
        .annotate(words=normalised_text(F("answer__text")))
        .order_by()
        .values("pain__text", "dream__text", "words")
        .annotate(
            n=Count("answer_id", distinct=True),
            latest=Max("answer__response__submitted_at"),
            sample=Min("answer__text"),
            response_id=Max("answer__response_id"),
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=parts,
                order_by=[F("latest").desc(), F("words")],
            ),
            total=Window(Count("*"), partition_by=parts),
        )
    )
    quotes: dict[PartKey, tuple[list, int]] = {}
    for row in grouped.filter(rank__lte=confirmation.QUOTES_SHOWN).order_by("rank"):
        key = _key(row["pain__text"], row["dream__text"])
        shown, _ = quotes.get(key, ([], 0))
        url = reverse("feedback:response_detail", args=[row["response_id"]])
        shown.append(confirmation.Quote(row["sample"], row["n"], row["latest"], url))
        quotes[key] = (shown, row["total"])
    return quotes


def pin_targets(workspace, tested_id: int | None) -> list[Persona]:
    """The personas whose pains and dreams an answer can be pinned to (not the
    archived ones), with their parts: the persona the survey tests first."""
    personas = list(
        Persona.objects.for_workspace(workspace)
        .exclude(status=Persona.Status.ARCHIVED)
        .defer_heavy()
        .prefetch_related("pains", "dreams")
        .order_by("name", "version")
    )
    return sorted(personas, key=lambda persona: persona.pk != tested_id)


# What clients say that the persona misses (feedback/misses.py) --------------------

# The newest validation answers read for the misses page: enough for any one
# practice's surveys, and a bound on the work of one page.
MISSES_READ = 2000


def validation_texts(persona: Persona) -> list[str]:
    """Text answers to the validation surveys of any version of the persona
    (the words clients used about it), newest first, leaving out those pinned
    to its pains and dreams (the practitioner found them a home already)."""
    pains = [pain.text for pain in persona.pains.all()]
    dreams = [dream.text for dream in persona.dreams.all()]
    pinned = PinnedAnswer.objects.filter(
        _in_lineage(persona, ""), Q(pain__text__in=pains) | Q(dream__text__in=dreams)
    )
    answers = (
        Answer.objects.filter(
            question__survey__workspace_id=persona.workspace_id,
            question__survey__persona__lineage=persona.lineage,
            question__kind__in=[Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT],
        )
        .exclude(text="")
        .exclude(pk__in=pinned.values("answer_id"))
        .order_by("-response__submitted_at", "-pk")
    )
    return list(answers.values_list("text", flat=True)[:MISSES_READ])


# A persona's Evidence page -----------------------------------------------------------

EVIDENCE_KINDS = (Question.Kind.RATING, Question.Kind.NPS)
# A criterion is present for a client when its breakdown line says so.
PRESENT = (Outcome.MET, Outcome.RED_FLAG, Outcome.KNOCKED_OUT)
ANSWERS_COUNTED = (
    "Answers: each rating (1 to 5) and each recommend score (0 to 10) given in "
    "one of your surveys by a client with a band kept for this persona, after "
    "they became a client (for a client there before bands were kept, every "
    "answer). A client who answered several surveys counts once per answer."
)
CLIENTS_COUNTED = (
    "Clients: contacts with a band kept for this persona, the band they had "
    "against its rubric on the day they became a client, whatever their stage "
    "or score is now."
)


def evidence_answers(*, persona: Persona) -> AnswerQuerySet:
    """The answers the Evidence page counts (ANSWERS_COUNTED, the one definition
    of the page), each with `kept`: the band kept for its client."""
    kept = FilteredRelation(
        "response__contact__client_snapshots",
        condition=Q(response__contact__client_snapshots__persona=persona),
    )
    return (
        Answer.objects.filter(
            question__survey__workspace_id=persona.workspace_id,
            question__kind__in=EVIDENCE_KINDS,
            number__isnull=False,
        )
        .annotate(kept=kept)
        .filter(kept__isnull=False)
        .filter(
            Q(kept__taken=ClientSnapshot.Taken.BACKFILLED)
            | Q(response__submitted_at__gte=F("kept__taken_at"))
        )
    )


@dataclass(frozen=True)
class PersonaEvidence:
    bands: list[evidence.BandFigures]
    backfilled: int

    @property
    def clients(self) -> int:
        return sum(figures.clients for figures in self.bands)

    @property
    def answers(self) -> int:
        return sum(f.rating_answers + f.recommend_answers for f in self.bands)

    @property
    def satisfaction(self) -> evidence.Verdict:
        return evidence.verdict(self.bands, evidence.Measure.SATISFACTION)

    @property
    def nps(self) -> evidence.Verdict:
        return evidence.verdict(self.bands, evidence.Measure.NPS)


@dataclass(frozen=True)
class PromoterCounts:
    promoters: int
    detractors: int
    criteria: list[CriterionCount]


def evidence_counts(*, persona: Persona, rubric: Rubric | None) -> dict:
    """What the Evidence page shows, counted by the database, as JSON for
    EvidenceSummary.counts: clients and their answers by kept band, and among
    the recommend scores, promoters' and detractors' with each criterion of
    `rubric` present. Four queries, whatever the number of clients."""
    return {
        "clients": _clients_by_band(persona),
        "answers": _answer_histograms(persona),
        **_promoter_counts(persona, rubric),
    }


def _clients_by_band(persona: Persona) -> dict[str, dict[str, int]]:
    rows = (
        ClientSnapshot.objects.filter(persona=persona)
        .order_by()
        .values("band")
        .annotate(
            n=Count("pk"),
            backfilled=Count("pk", filter=Q(taken=ClientSnapshot.Taken.BACKFILLED)),
        )
    )
    return {
        row["band"]: {"n": row["n"], "backfilled": row["backfilled"]} for row in rows
    }


def _answer_histograms(persona: Persona) -> dict[str, dict[str, dict[str, int]]]:
    """{band: {question kind: {answer: how many}}} (keys as text, for JSON)."""
    rows = (
        evidence_answers(persona=persona)
        .order_by()
        .values_list("kept__band", "question__kind", "number")
        .annotate(n=Count("pk"))
    )
    histograms: dict = {}
    for band, kind, number, n in rows:
        histograms.setdefault(band, {}).setdefault(kind, {})[str(number)] = n
    return histograms


def _promoter_counts(persona: Persona, rubric: Rubric | None) -> dict:
    if rubric is None:
        return {"rubric": None}
    per_client = list(
        evidence_answers(persona=persona)
        .filter(question__kind=Question.Kind.NPS)
        .order_by()
        .values("response__contact_id")
        .annotate(
            promoters=Count("pk", filter=Q(number__gte=results.PROMOTER_FROM)),
            detractors=Count("pk", filter=Q(number__lte=results.DETRACTOR_UP_TO)),
        )
        .values_list("response__contact_id", "promoters", "detractors")
    )
    return {
        "rubric": {"id": rubric.pk, "version": rubric.version},
        "promoters": sum(row[1] for row in per_client),
        "detractors": sum(row[2] for row in per_client),
        "criteria": _present_among(persona, per_client),
    }


# The ORM cannot group by the elements of a JSON array: each score's breakdown
# lines are unnested here, once per client, and summed by criterion.
PRESENT_SQL = """
SELECT line ->> 'key',
       SUM(answered.promoters) FILTER (WHERE line ->> 'outcome' = ANY(%(present)s)),
       SUM(answered.detractors) FILTER (WHERE line ->> 'outcome' = ANY(%(present)s))
FROM unnest(%(contacts)s::bigint[], %(promoters)s::int[], %(detractors)s::int[])
     AS answered (contact_id, promoters, detractors)
JOIN fitcheck_fitscore score
  ON score.contact_id = answered.contact_id AND score.persona_id = %(persona)s
CROSS JOIN LATERAL jsonb_array_elements(score.breakdown -> 'lines') AS line
GROUP BY 1
"""


def _present_among(persona: Persona, per_client: list[tuple]) -> dict[str, list]:
    """{criterion key: [promoters' answers with it, detractors' answers with it]}."""
    if not per_client:
        return {}
    contacts, promoters, detractors = (
        list(column) for column in zip(*per_client, strict=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            PRESENT_SQL,
            {
                "present": [outcome.value for outcome in PRESENT],
                "contacts": contacts,
                "promoters": promoters,
                "detractors": detractors,
                "persona": persona.pk,
            },
        )
        return {key: [p or 0, d or 0] for key, p, d in cursor.fetchall()}


def persona_evidence(counts: dict) -> PersonaEvidence:
    """EvidenceSummary.counts as the page's figures, every band in order."""
    clients, answers = counts.get("clients", {}), counts.get("answers", {})

    def histogram(band: str, kind: str) -> dict[int, int]:
        found = answers.get(band, {}).get(kind, {})
        return {int(number): n for number, n in found.items()}

    bands = [
        evidence.BandFigures(
            band=band.value,
            label=band.label,
            clients=clients.get(band.value, {}).get("n", 0),
            ratings=histogram(band.value, Question.Kind.RATING),
            recommends=histogram(band.value, Question.Kind.NPS),
        )
        for band in BAND_ORDER
    ]
    backfilled = sum(row.get("backfilled", 0) for row in clients.values())
    return PersonaEvidence(bands, backfilled)


def promoter_criteria(counts: dict, rubric: Rubric | None) -> PromoterCounts | None:
    """The promoters' and detractors' counts per criterion of `rubric`, or None
    when they were counted for another version (or there is no rubric)."""
    counted_for = counts.get("rubric") or {}
    if rubric is None or counted_for.get("id") != rubric.pk:
        return None
    present = counts.get("criteria", {})
    return PromoterCounts(
        promoters=counts["promoters"],
        detractors=counts["detractors"],
        criteria=[
            CriterionCount(
                key=criterion.key,
                label=criterion.label,
                weight=criterion.weight,
                promoters_with=present.get(criterion.key, [0, 0])[0],
                detractors_with=present.get(criterion.key, [0, 0])[1],
                penalty=criterion.penalty,
                knock_out=criterion.kind == Criterion.Kind.KNOCK_OUT,
            )
            for criterion in rubric.criteria.all()
        ],
    )
