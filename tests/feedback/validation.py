"""Builders of persona-validation surveys, their answers and pins, for the tests
of evidence (feedback/confirmation.py)."""

from django.utils import timezone

from feedback.models import Answer, PinnedAnswer, Question, Response, Survey
from fitcheck.models import Contact
from personas.models import Dream, Pain, Persona
from tests.factories import ContactFactory, QuestionFactory, SurveyFactory

OPEN_QUESTION = "What else keeps you up at night?"


def validation_survey(persona: Persona) -> Survey:
    """A rating question per pain and per dream, linked to it, and an open one."""
    survey = SurveyFactory(
        workspace=persona.workspace, persona=persona, title=f"About {persona.name}"
    )
    for pain in persona.pains.all():
        QuestionFactory(survey=survey, text=f"Bother: {pain.text}?", pain=pain)
    for dream in persona.dreams.all():
        QuestionFactory(survey=survey, text=f"Matter: {dream.text}?", dream=dream)
    QuestionFactory(survey=survey, kind=Question.Kind.LONG_TEXT, text=OPEN_QUESTION)
    return survey


def client(workspace, name: str = "", stage: str = Contact.Stage.CLIENT) -> Contact:
    extra = {"name": name} if name else {}
    return ContactFactory(workspace=workspace, stage=stage, **extra)


def respond(survey: Survey, contact: Contact | None, **answers) -> Response:
    """A response: `ratings={part: number}`, `text="..."` for the open question."""
    response = Response.objects.create(
        survey=survey, contact=contact, submitted_at=timezone.now()
    )
    questions = list(survey.questions.all())
    for part, number in answers.get("ratings", {}).items():
        question = next(q for q in questions if _tests(q, part))
        Answer.objects.create(response=response, question=question, number=number)
    if text := answers.get("text"):
        question = next(q for q in questions if q.kind == Question.Kind.LONG_TEXT)
        Answer.objects.create(response=response, question=question, text=text)
    return response


def _tests(question: Question, part: Pain | Dream) -> bool:
    if isinstance(part, Pain):
        return question.pain_id == part.pk
    return question.dream_id == part.pk


def text_answer(response: Response) -> Answer:
    return response.answers.exclude(text="").get()


def pin(answer: Answer, part: Pain | Dream) -> PinnedAnswer:
    field = "pain" if isinstance(part, Pain) else "dream"
    return PinnedAnswer.objects.create(answer=answer, **{field: part})
