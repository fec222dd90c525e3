"""Demo data of the feedback app: check-in surveys answered over the year, a
persona validation survey with answers pinned to the persona, and a fresh
survey link printed on every run."""

import random
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.demo import register
from feedback import services
from feedback.models import (
    Answer,
    Invitation,
    PinnedAnswer,
    Question,
    Response,
    Survey,
)
from fitcheck.models import BAND_ORDER, ClientSnapshot, Contact
from personas.models import Persona

CHECKINS = [  # (title, days ago, answered invitations, status)
    ("Spring check-in", 240, 20, Survey.Status.CLOSED),
    ("Summer check-in", 120, 25, Survey.Status.CLOSED),
    ("Autumn check-in: how is this working for you?", 20, 50, Survey.Status.OPEN),
]
NEWCOMER_EMAIL = "newcomer@example.com"
PRAISE = [
    "The weekly plan keeps me on track.",
    "I finally have my evenings back.",
    "Clear, kind and practical.",
    "Quick answers when I'm stuck.",
]
WISHES = [
    "More examples for my kind of practice.",
    "Shorter calls would suit me.",
    "A written summary after each session.",
    "",
]


@register
def seed(context) -> None:
    workspace = context.workspace
    clients = list(
        Contact.objects.for_workspace(workspace).exclude(email="").order_by("pk")[:60]
    )
    if len(clients) < 50:
        return
    rng = random.Random(7)
    survey = None
    for title, days_ago, answered, status in CHECKINS:
        survey = _checkin(workspace, title, days_ago, status)
        if not survey.responses.exists():
            _answer(rng, survey, clients[:answered], days_ago)
    _client_check_ins(workspace)
    link = _fresh_link(workspace, survey)
    context.write(f"survey link: {context.site_url}{link}")


def _checkin(workspace, title: str, days_ago: int, status: str) -> Survey:
    survey = Survey.objects.filter(workspace=workspace, title=title).first()
    if survey is None:
        survey = services.create_survey(workspace=workspace, template="checkin")
        survey.title = title
    survey.status = status
    survey.save()
    Survey.objects.filter(pk=survey.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return survey


def _answer(rng: random.Random, survey: Survey, contacts: list, days_ago: int) -> None:
    questions = list(survey.questions.all())
    sent = timezone.now() - timedelta(days=days_ago)
    for contact in contacts:
        invitation = Invitation.objects.create(
            survey=survey,
            contact=contact,
            status=Invitation.Status.ANSWERED,
            expires_at=sent + timedelta(days=30),
            sent_at=sent,
            attempts=1,
            answered_at=sent + timedelta(days=rng.randint(0, 6)),
        )
        response = Response.objects.create(
            survey=survey,
            invitation=invitation,
            contact=contact,
            submitted_at=invitation.answered_at,
        )
        Answer.objects.bulk_create(
            [_answer_for(rng, response, q) for q in questions if rng.random() > 0.1]
        )


def _answer_for(rng: random.Random, response: Response, question: Question) -> Answer:
    answer = Answer(response=response, question=question)
    if question.kind == Question.Kind.RATING:
        answer.number = rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 3, 6, 5])[0]
    elif question.kind == Question.Kind.NPS:
        answer.number = rng.choices(range(11), weights=[1] * 6 + [2, 4, 5, 7, 6])[0]
    elif question.kind == Question.Kind.YES_NO:
        answer.choices = ["Yes" if rng.random() < 0.8 else "No"]
    elif "change" in question.text:
        answer.text = rng.choice(WISHES)
    else:
        answer.text = rng.choice(PRAISE)
    return answer


# The Evidence page's story: clients who were ideal fits when they became clients
# are the gladdest, those who were not a fit the least glad.
CLIENT_CHECKINS = [  # (title, days after becoming a client)
    ("Your first month with us", 30),
    ("Three months in: how is it going?", 90),
]
RATING_WEIGHTS = {  # By the best band kept for the client: weights of 1 to 5.
    "ideal": [0, 0, 1, 4, 9],
    "good": [0, 1, 3, 6, 3],
    "needs_information": [0, 2, 4, 5, 2],
    "weak": [1, 4, 5, 2, 1],
    "not_a_fit": [4, 5, 3, 1, 0],
}
RECOMMEND_FROM = {  # The lowest and highest recommend score by the same band.
    "ideal": (8, 10),
    "good": (6, 10),
    "needs_information": (5, 9),
    "weak": (2, 8),
    "not_a_fit": (0, 6),
}


def _client_check_ins(workspace) -> None:
    """Each client answers a check-in a month after becoming a client and
    another at three months, when those days have come; the scores lean with
    the best band kept for them. A second run adds nothing."""
    rng = random.Random(14)
    best = _best_kept_bands(workspace)
    for title, days_after in CLIENT_CHECKINS:
        # Closed: the open autumn check-in stays the survey people try out.
        survey = _checkin(workspace, title, 365, Survey.Status.CLOSED)
        if survey.responses.exists():
            continue
        for contact, (band, became) in best.items():
            answered_at = became + timedelta(days=days_after)
            if answered_at < timezone.now():
                _answer_leaning(rng, survey, contact, band, answered_at)


def _best_kept_bands(workspace) -> dict:
    """{client: (their best kept band, the day they became a client)}."""
    order = [band.value for band in BAND_ORDER]
    best = {}
    kept = ClientSnapshot.objects.for_workspace(workspace).select_related("contact")
    for snapshot in kept.order_by("contact_id", "pk"):
        band, _ = best.get(snapshot.contact, (snapshot.band, None))
        better = min(band, snapshot.band, key=order.index)
        best[snapshot.contact] = (better, snapshot.taken_at)
    return best


def _answer_leaning(rng, survey: Survey, contact, band: str, answered_at) -> None:
    invitation = Invitation.objects.create(
        survey=survey,
        contact=contact,
        status=Invitation.Status.ANSWERED,
        expires_at=answered_at + timedelta(days=30),
        sent_at=answered_at - timedelta(days=2),
        attempts=1,
        answered_at=answered_at,
    )
    response = Response.objects.create(
        survey=survey, invitation=invitation, contact=contact, submitted_at=answered_at
    )
    low, high = RECOMMEND_FROM[band]
    numbers = {
        Question.Kind.RATING: rng.choices(range(1, 6), RATING_WEIGHTS[band])[0],
        Question.Kind.NPS: rng.randint(low, high),
    }
    Answer.objects.bulk_create(
        Answer(response=response, question=question, number=numbers[question.kind])
        for question in survey.questions.all()
        if question.kind in numbers
    )


def _fresh_link(workspace, survey: Survey) -> str:
    """A new unanswered invitation on every run: raw tokens are never stored, so
    this is the only moment the link can be printed."""
    contact, _ = Contact.objects.get_or_create(
        workspace=workspace,
        email=NEWCOMER_EMAIL,
        defaults={"name": "Nadia Newcomer", "stage": Contact.Stage.CLIENT},
    )
    Invitation.objects.filter(survey=survey, contact=contact).delete()
    invitation = Invitation.objects.create(
        survey=survey,
        contact=contact,
        status=Invitation.Status.SENT,
        sent_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=30),
    )
    return reverse("feedback:answer", args=[services.new_link_token(invitation)])


# Persona validation: pinned quotes, confirmed pains and an assumption ---------------

VALIDATION_TITLE = "What matters to you? Amara, spring check"
VALIDATION_DAYS_AGO = 150
# Per client: how they rated each pain and dream (in the persona's order, pains
# first), their words to the open question, and what those words are pinned
# to ("pain 3", "dream 0"). Ratings of 4 or 5 confirm (feedback/confirmation.py):
# three pains and two dreams end up confirmed, "Making every decision alone"
# and the others stay assumptions, and five answers match no pain or dream.
VALIDATION_ANSWERS = [
    ((5, 4, 5, 2, 5, 4, 3, 2), "Invoicing at night after the last patient", "pain 2"),
    ((5, 5, 4, 3, 4, 5, 2, 3), "Finding a treatment room I can afford to rent", ""),
    ((4, 4, 5, 2, 5, 4, 4, 2), "Not knowing what to charge for a home visit", ""),
    (
        (5, 3, 4, 4, 3, 5, 2, 3),
        "Nobody to talk it through with when a patient complains",
        "pain 3",
    ),
    ((4, 5, 2, 2, 5, 3, 3, 4), "finding a treatment room I can afford to rent", ""),
    ((3, 4, 3, 1, 4, 2, 2, 2), "Keeping up my CPD hours while running the clinic", ""),
    (
        (5, 2, 4, 2, 2, 4, 3, 2),
        "Patients who come back because they trust me",
        "dream 0",
    ),
    ((2, 3, 3, 3, 3, 3, 1, 3), "Keeping up my CPD hours", ""),
    ((4, 2, 2, 2, 3, 2, 2, 2), "Back pain from lifting the treatment couch", ""),
]


@register
def seed_persona_validation(context) -> None:
    """A validation survey of the first demo persona, answered by nine clients
    five months ago, with some of their words pinned to its pains and dreams.
    Made afresh on each run: the personas' demo replaces their pains and dreams."""
    workspace = context.workspace
    persona = (
        Persona.objects.for_workspace(workspace)
        .filter(status=Persona.Status.ACTIVE, kind=Persona.Kind.IDEAL)
        .with_parts()
        .order_by("pk")
        .first()
    )
    clients = list(
        Contact.objects.for_workspace(workspace)
        .filter(stage__in=[Contact.Stage.CLIENT, Contact.Stage.PAST_CLIENT])
        .exclude(email="")
        .order_by("pk")[: len(VALIDATION_ANSWERS)]
    )
    if persona is None or len(clients) < len(VALIDATION_ANSWERS):
        return
    Survey.objects.filter(workspace=workspace, title=VALIDATION_TITLE).delete()
    survey = services.create_survey(
        workspace=workspace, template="persona", persona=persona
    )
    survey.title, survey.status = VALIDATION_TITLE, Survey.Status.CLOSED
    survey.save()
    parts = {
        **{f"pain {n}": {"pain": p} for n, p in enumerate(persona.pains.all())},
        **{f"dream {n}": {"dream": d} for n, d in enumerate(persona.dreams.all())},
    }
    for contact, (ratings, words, pinned_to) in zip(
        clients, VALIDATION_ANSWERS, strict=True
    ):
        text_answer = _validation_response(survey, contact, ratings, words)
        if pinned_to in parts:
            PinnedAnswer.objects.create(answer=text_answer, **parts[pinned_to])


def _validation_response(survey: Survey, contact, ratings, words: str) -> Answer:
    """One client's answers: the ratings in question order, then their words."""
    when = timezone.now() - timedelta(days=VALIDATION_DAYS_AGO)
    response = Response.objects.create(
        survey=survey, contact=contact, submitted_at=when
    )
    questions = list(survey.questions.all())
    rated = [q for q in questions if q.kind == Question.Kind.RATING]
    Answer.objects.bulk_create(
        Answer(response=response, question=q, number=n)
        for q, n in zip(rated, ratings, strict=False)
    )
    open_question = next(q for q in questions if q.kind == Question.Kind.LONG_TEXT)
    return Answer.objects.create(response=response, question=open_question, text=words)
