"""The Evidence page of a persona as its clients and their answers pile up."""

import random
from datetime import timedelta
from itertools import batched

from django.urls import reverse
from django.utils import timezone

from bench import data
from bench.harness import Bench
from bench.scenarios import Pair, scenario
from feedback import services
from feedback.models import Answer, Question, Response, Survey
from feedback.services import evidence as evidence_counts
from fitcheck.models import ClientSnapshot, Contact, FitScore
from fitcheck.services import rubric_versions, snapshots

CLIENTS_SMALL = 100
CLIENTS_LARGE = 10_000
# Check-ins each client answered: 50,000 responses at 10,000 clients.
CHECKINS = 5
BECAME_CLIENTS = timedelta(days=400)


@scenario("evidence_page_growth")
def evidence_page_growth(bench: Bench) -> Pair:
    """A persona's Evidence page at 10,000 clients (50,000 responses, five
    answers each) against the same page at 100 clients (500 responses): the
    line's "app" is the rate at 10,000 clients, its "baseline" the rate at 100.
    The page reads the counts the worker keeps; they are counted afresh after
    the clients are added, as a visit would have the worker do."""
    practice = data.new_workspace("evidence_page_growth")
    persona = data.full_persona(practice.workspace)
    rubric = rubric_versions.applied_rubric(persona=persona)
    surveys = [_checkin(practice, number) for number in range(CHECKINS)]
    headers = bench.logged_in_headers(practice.owner)
    path = reverse("feedback:persona_evidence", args=[persona.pk])
    _add_clients(practice, rubric, surveys, CLIENTS_SMALL)
    # As the worker would have by then (see feedback/services/evidence.py).
    evidence_counts.count_evidence(persona=persona)
    at_small = bench.measure_http("GET", path, headers=headers)
    more = CLIENTS_LARGE - CLIENTS_SMALL
    _add_clients(practice, rubric, surveys, more, first=CLIENTS_SMALL)
    evidence_counts.count_evidence(persona=persona)
    at_large = bench.measure_http("GET", path, headers=headers)
    return at_large, at_small


def _checkin(practice: data.Practice, number: int) -> Survey:
    survey = services.create_survey(workspace=practice.workspace, template="checkin")
    survey.title = f"Check-in {number + 1}"
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["title", "status"])
    return survey


def _add_clients(
    practice: data.Practice, rubric, surveys: list[Survey], count: int, *, first=0
) -> None:
    """`count` scored clients with the band kept a while ago, each having
    answered every check-in since (ratings that lean with their band)."""
    workspace = practice.workspace
    data.add_scored_contacts(workspace, [rubric], count, first=first)
    new = Contact.objects.filter(workspace=workspace, pk__gt=_last_kept(workspace))
    new.update(stage=Contact.Stage.CLIENT)
    snapshots.keep_client_bands(contacts=new, at=timezone.now() - BECAME_CLIENTS)
    _add_responses(workspace, surveys, first=first)
    data.vacuum_analyze(Contact, FitScore, ClientSnapshot, Response, Answer)


def _last_kept(workspace) -> int:
    kept = ClientSnapshot.objects.filter(workspace=workspace).order_by("-contact_id")
    return kept.values_list("contact_id", flat=True).first() or 0


def _add_responses(workspace, surveys: list[Survey], *, first: int) -> None:
    rng = random.Random(first)
    now = timezone.now()
    questions = {s.pk: list(s.questions.all()) for s in surveys}
    clients = ClientSnapshot.objects.filter(workspace=workspace).order_by("pk")
    bands = clients.values_list("contact_id", "band")[first:]
    for chunk in batched(bands.iterator(chunk_size=data.BATCH), data.BATCH // 5):
        responses = Response.objects.bulk_create(
            Response(
                survey=survey,
                contact_id=contact_id,
                submitted_at=now - timedelta(days=rng.randint(1, 360)),
            )
            for contact_id, _ in chunk
            for survey in surveys
        )
        band_of = dict(chunk)
        Answer.objects.bulk_create(
            Answer(
                response=response,
                question=question,
                **_answer(rng, band_of, response, question),
            )
            for response in responses
            for question in questions[response.survey_id]
        )


def _answer(rng: random.Random, band_of: dict, response: Response, question) -> dict:
    happier = band_of[response.contact_id] in ("ideal", "good")
    match question.kind:
        case Question.Kind.RATING:
            return {"number": rng.randint(3 if happier else 1, 5)}
        case Question.Kind.NPS:
            return {"number": rng.randint(6 if happier else 0, 10)}
        case Question.Kind.YES_NO:
            return {"choices": [rng.choice(["Yes", "No"])]}
        case _:
            return {"text": "Clear weekly plans and quick answers."}
