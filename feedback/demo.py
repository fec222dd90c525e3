"""Demo data of the feedback app: check-in surveys answered over the year, and a
fresh survey link printed on every run."""

import random
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.demo import register
from feedback import services
from feedback.models import Answer, Invitation, Question, Response, Survey
from fitcheck.models import Contact

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
