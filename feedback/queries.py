"""Reads of the feedback app that span several models."""

from dataclasses import dataclass

from django.db.models import Count, F, FilteredRelation, Q

from feedback import evidence, results
from feedback.models import Answer, AnswerQuerySet, Invitation, Question
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


def persona_evidence(*, persona: Persona) -> PersonaEvidence:
    """Clients and their answers by the band kept for them, in two queries
    whatever their number: both are counted by the database."""
    clients = (
        ClientSnapshot.objects.filter(persona=persona)
        .order_by()
        .values("band")
        .annotate(
            n=Count("pk"),
            backfilled=Count("pk", filter=Q(taken=ClientSnapshot.Taken.BACKFILLED)),
        )
    )
    counted = {row["band"]: row for row in clients}
    histograms: dict[tuple[str, str], dict[int, int]] = {}
    rows = (
        evidence_answers(persona=persona)
        .order_by()
        .values_list("kept__band", "question__kind", "number")
        .annotate(n=Count("pk"))
    )
    for band, kind, number, n in rows:
        histograms.setdefault((band, kind), {})[number] = n
    bands = [
        evidence.BandFigures(
            band=band.value,
            label=band.label,
            clients=counted.get(band.value, {}).get("n", 0),
            ratings=histograms.get((band.value, Question.Kind.RATING), {}),
            recommends=histograms.get((band.value, Question.Kind.NPS), {}),
        )
        for band in BAND_ORDER
    ]
    backfilled = sum(row["backfilled"] for row in counted.values())
    return PersonaEvidence(bands, backfilled)


@dataclass(frozen=True)
class PromoterCounts:
    promoters: int
    detractors: int
    criteria: list[CriterionCount]


def promoter_criteria(*, persona: Persona, rubric: Rubric) -> PromoterCounts:
    """Among the recommend answers the Evidence page counts, how many came from
    promoters and detractors, and for each criterion of `rubric` how many of
    theirs came from clients for whom it is present by their current score; one
    query, a pair of counts per criterion (JSON containment on the breakdown)."""
    answers = (
        evidence_answers(persona=persona)
        .filter(question__kind=Question.Kind.NPS)
        .annotate(
            fit=FilteredRelation(
                "response__contact__scores",
                condition=Q(response__contact__scores__persona=persona),
            )
        )
    )
    promoter = Q(number__gte=results.PROMOTER_FROM)
    detractor = Q(number__lte=results.DETRACTOR_UP_TO)
    criteria = list(rubric.criteria.all())
    sums = {"promoters": Count("pk", filter=promoter)}
    sums["detractors"] = Count("pk", filter=detractor)
    for index, criterion in enumerate(criteria):
        present = _present(criterion.key)
        sums[f"p{index}"] = Count("pk", filter=promoter & present)
        sums[f"d{index}"] = Count("pk", filter=detractor & present)
    counted = answers.aggregate(**sums)
    return PromoterCounts(
        promoters=counted["promoters"],
        detractors=counted["detractors"],
        criteria=[
            CriterionCount(
                key=criterion.key,
                label=criterion.label,
                weight=criterion.weight,
                promoters_with=counted[f"p{index}"],
                detractors_with=counted[f"d{index}"],
                penalty=criterion.penalty,
                knock_out=criterion.kind == Criterion.Kind.KNOCK_OUT,
            )
            for index, criterion in enumerate(criteria)
        ],
    )


def _present(key: str) -> Q:
    condition = Q()
    for outcome in PRESENT:
        line = [{"key": key, "outcome": outcome.value}]
        condition |= Q(fit__breakdown__lines__contains=line)
    return condition
