"""Reads of the feedback app that span several models."""

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from feedback import confirmation
from feedback.models import (
    Answer,
    Invitation,
    PinnedAnswer,
    Question,
    normalised_text,
)
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
    answers and pins there are."""
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
