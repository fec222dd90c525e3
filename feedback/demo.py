"""Demo data of the feedback app: check-in surveys answered over the year, and a
fresh survey link printed on every run."""

import random
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.demo import register
from feedback import services
from feedback.models import Answer, Invitation, Question, Response, Survey
from fitcheck.models import BAND_ORDER, ClientSnapshot, Contact

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
