"""Feedback scenarios: a client opening and answering an emailed survey link, the
results page as responses pile up, and sending 10,000 invitations in the worker."""

import random
import secrets
from datetime import timedelta
from itertools import batched
from urllib.parse import urlencode

from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bench import data, smtp_sink
from bench.harness import Bench, MeasurementError
from bench.scenarios import Pair, hello, insert, scenario
from feedback import emails, services
from feedback.answer_form import field_name
from feedback.lengths import survey_length
from feedback.models import (
    DEFAULT_EXPIRY_DAYS,
    Answer,
    Invitation,
    Question,
    Response,
    Survey,
)
from feedback.tasks import deliver_invitations
from fitcheck.models import Contact

# Distinct links to open or answer; see Bench.measure_paths for the sizing.
SURVEY_GETS = 6_000
SURVEY_POSTS = 5_000
RESPONSES_SMALL = 100
RESPONSES_LARGE = 10_000
SENT = 10_000
COMMENTS = [
    "Clear weekly plans and quick answers to my questions.",
    "The billing system alone saves me an evening a week.",
    "More examples from practices like mine, please.",
    "",
]
# A client's answer to each kind of question in the check-in survey.
ANSWERS = {
    Question.Kind.RATING: "4",
    Question.Kind.NPS: "9",
    Question.Kind.LONG_TEXT: COMMENTS[0],
    Question.Kind.YES_NO: "Yes",
}


@scenario("survey_get")
def survey_get(bench: Bench) -> Pair:
    """A client opens the emailed link: each request a link not opened before."""
    survey = open_survey(data.new_workspace("survey_get"))
    tokens = _links(survey, SURVEY_GETS)
    app = bench.measure_paths([("GET", _answer_path(t), None) for t in tokens])
    return app, hello(bench)


@scenario("survey_post")
def survey_post(bench: Bench) -> Pair:
    """A client answers the five check-in questions, each through their own link."""
    survey = open_survey(data.new_workspace("survey_post"))
    tokens = _links(survey, SURVEY_POSTS)
    # No CSRF token: the answer pages do without (feedback/views/public.py).
    body = urlencode([(field_name(q), ANSWERS[q.kind]) for q in survey.questions.all()])
    baseline = insert(bench)  # First: see insert() in bench/scenarios.py.
    app = bench.measure_paths([("POST", _answer_path(t), body) for t in tokens])
    # A form with errors is a 200 too: the first link must have been spent.
    if services.invitation_for_token(tokens[0]).status != Invitation.Status.ANSWERED:
        raise MeasurementError("the survey answers were not accepted")
    return app, baseline


@scenario("results_growth")
def results_growth(bench: Bench) -> Pair:
    """The results page at 10,000 responses against the same page at 100,
    measured one after the other: the line's "app" is the rate at 10,000
    responses and its "baseline" the rate at 100."""
    practice = data.new_workspace("results_growth")
    survey = open_survey(practice)
    headers = bench.logged_in_headers(practice.owner)
    path = reverse("feedback:results", args=[survey.pk])
    add_responses(survey, RESPONSES_SMALL)
    at_small = bench.measure_http("GET", path, headers=headers)
    more = RESPONSES_LARGE - RESPONSES_SMALL
    add_responses(survey, more, first=RESPONSES_SMALL)
    at_large = bench.measure_http("GET", path, headers=headers)
    return at_large, at_small


@scenario("send_10k")
def send_10k(bench: Bench) -> Pair:
    """Deliver 10,000 invitations as the worker does, in tasks of 100, against
    Django sending the same messages in the same batches, both to a local SMTP
    server that accepts everything."""
    practice = data.new_workspace("send_10k")
    survey = open_survey(practice)
    ids = _queued_invitations(survey, SENT)
    sample = _sample_email(Invitation.objects.get(pk=ids[0]))
    contacts = Contact.objects.filter(workspace=practice.workspace)
    addresses = list(contacts.values_list("email", flat=True))
    with smtp_sink.running() as port, override_settings(MAILERS=_smtp_mailer(port)):
        bare = bench.measure_callable(lambda: _send_bare(sample, addresses), SENT)
        app = bench.measure_callable(lambda: _deliver(ids), SENT)
    sent = survey.invitations.filter(status=Invitation.Status.SENT).count()
    if sent != SENT:
        raise MeasurementError(f"{sent} of {SENT} invitations were sent")
    return app, bare


def open_survey(practice: data.Practice) -> Survey:
    """The check-in survey (five questions), open for answers."""
    survey = services.create_survey(workspace=practice.workspace, template="checkin")
    survey.status = Survey.Status.OPEN
    survey.save(update_fields=["status"])
    return survey


def invite(survey: Survey, count: int, *, first: int = 0, **state) -> list[Invitation]:
    """Invitations for `count` new contacts, in the delivery state given."""
    expires_at = timezone.now() + timedelta(days=DEFAULT_EXPIRY_DAYS)
    invitations = []
    for contacts in data.contact_batches(survey.workspace, count, first=first):
        invitations += Invitation.objects.bulk_create(
            Invitation(survey=survey, contact=c, expires_at=expires_at, **state)
            for c in contacts
        )
    return invitations


def _links(survey: Survey, count: int) -> list[str]:
    """The raw tokens of `count` invitations delivered and not yet opened."""
    now = timezone.now()
    invitations = invite(
        survey, count, status=Invitation.Status.SENT, sent_at=now, last_emailed_at=now
    )
    with transaction.atomic():
        return [services.new_link_token(invitation) for invitation in invitations]


def _answer_path(token: str) -> str:
    return reverse("feedback:answer", args=[token])


def add_responses(survey: Survey, count: int, *, first: int = 0) -> None:
    """`count` answered invitations, their responses and five answers each."""
    rng = random.Random(first)
    now = timezone.now()
    questions = list(survey.questions.all())
    answered = {"status": Invitation.Status.ANSWERED, "sent_at": now}
    for chunk in batched(invite(survey, count, first=first, **answered), data.BATCH):
        responses = Response.objects.bulk_create(
            Response(
                survey=survey,
                invitation=invitation,
                contact_id=invitation.contact_id,
                submitted_at=now - timedelta(minutes=rng.randint(0, 60 * 24 * 30)),
            )
            for invitation in chunk
        )
        Answer.objects.bulk_create(
            Answer(response=response, question=question, **_answer(rng, question))
            for response in responses
            for question in questions
        )
    data.vacuum_analyze(Invitation, Response, Answer)


def _answer(rng: random.Random, question: Question) -> dict:
    match question.kind:
        case Question.Kind.RATING:
            return {"number": rng.randint(1, 5)}
        case Question.Kind.NPS:
            return {"number": rng.randint(0, 10)}
        case Question.Kind.YES_NO:
            return {"choices": [rng.choice(["Yes", "No"])]}
        case _:
            return {"text": rng.choice(COMMENTS)}


def _queued_invitations(survey: Survey, count: int) -> list[int]:
    invitations = invite(survey, count, status=Invitation.Status.QUEUED)
    return [invitation.pk for invitation in invitations]


def _smtp_mailer(port: int) -> dict:
    options = {"host": smtp_sink.HOST, "port": port, "use_tls": False}
    backend = "django.core.mail.backends.smtp.EmailBackend"
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


def _deliver(ids: list[int]) -> None:
    """The worker's part: one task per batch, as services.queue_delivery queues."""
    for chunk in batched(ids, services.DELIVERY_BATCH):
        deliver_invitations.call(ids=list(chunk), reminder=False)


def _sample_email(invitation: Invitation) -> EmailMultiAlternatives:
    return emails.invitation_email(
        invitation=invitation,
        raw_token=secrets.token_urlsafe(32),
        reminder=False,
        length=survey_length(
            invitation.survey.questions.values_list("kind", flat=True)
        ),
        reply_to=emails.reply_to_addresses([invitation.survey.workspace_id]).get(
            invitation.survey.workspace_id, ""
        ),
    )


def _send_bare(sample: EmailMultiAlternatives, addresses: list[str]) -> None:
    """Django alone: the sample's subject, bodies and headers to each address,
    one connection per batch of the worker's size."""
    html, mimetype = sample.alternatives[0]
    for chunk in batched(addresses, services.DELIVERY_BATCH):
        with mailers.default as mailer:
            for address in chunk:
                message = EmailMultiAlternatives(
                    sample.subject,
                    sample.body,
                    to=[address],
                    headers=sample.extra_headers,
                )
                message.attach_alternative(html, mimetype)
                mailer.send_messages([message])
