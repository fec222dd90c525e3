"""Building surveys: from a template, their questions, the public link, copies."""

from django.db.models import Max
from django.utils import timezone

from accounts import tokens
from accounts.models import Workspace
from feedback import survey_templates
from feedback.models import Question, Survey
from personas.models import Persona


def create_survey(
    *, workspace: Workspace, template: str, persona: Persona | None = None
) -> Survey:
    spec = _spec(template, persona)
    survey = Survey.objects.create(
        workspace=workspace,
        title=spec.title,
        introduction=spec.introduction,
        persona=persona if template == "persona" else None,
    )
    Question.objects.bulk_create(
        [
            Question(
                survey=survey,
                position=position,
                kind=q.kind,
                text=q.text,
                help_text=q.help_text,
                required=q.required,
                choices=list(q.choices),
                pain_id=q.pain_id,
                dream_id=q.dream_id,
            )
            for position, q in enumerate(spec.questions)
        ]
    )
    return survey


def _spec(template: str, persona: Persona | None) -> survey_templates.SurveySpec:
    if template == "persona":
        if persona is None:
            raise ValueError("A persona validation survey needs a persona.")
        data = {
            "name": persona.name,
            "pains": [{"id": p.pk, "text": p.text} for p in persona.pains.all()],
            "dreams": [{"id": d.pk, "text": d.text} for d in persona.dreams.all()],
        }
        return survey_templates.persona_validation(data)
    return {
        "checkin": survey_templates.checkin,
        "nps": survey_templates.nps,
    }.get(template, survey_templates.blank)()


def is_closed(survey: Survey) -> bool:
    """Closed by hand, or past its closing date: nothing more is sent."""
    past_closing = survey.closes_on is not None and survey.closes_on < (
        timezone.localdate()
    )
    return survey.status == Survey.Status.CLOSED or past_closing


def add_question(*, survey: Survey, question: Question) -> Question:
    """Save a new question at the end of the survey."""
    last = survey.questions.aggregate(last=Max("position"))["last"]
    question.survey = survey
    question.position = 0 if last is None else last + 1
    question.save()
    _questions_changed(survey.pk)
    return question


def save_question(question: Question) -> None:
    question.save()
    _questions_changed(question.survey_id)


def delete_question(question: Question) -> None:
    question.delete()
    _questions_changed(question.survey_id)


def move_question(*, question: Question, offset: int) -> None:
    """Move a question up (-1) or down (+1); positions are renumbered 0, 1, 2...
    so older surveys with gaps or ties in their positions move predictably."""
    questions = list(
        Question.objects.select_for_update()
        .filter(survey_id=question.survey_id)
        .order_by("position", "pk")
    )
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    target = index + offset
    if 0 <= target < len(questions):
        questions[index], questions[target] = questions[target], questions[index]
    for position, item in enumerate(questions):
        item.position = position
    Question.objects.bulk_update(questions, ["position"])
    _questions_changed(question.survey_id)


def _questions_changed(survey_id: int) -> None:
    """Move the survey's `updated_at` on: the answer page keeps a survey's
    questions in memory under that stamp (`answering.survey_questions`), so
    every change to them must go through here."""
    Survey.objects.filter(pk=survey_id).update(updated_at=timezone.now())


def create_public_link(*, survey: Survey) -> str:
    """A new public link (replacing any earlier one). Only its hash is kept, so
    the raw token returned here is the only chance to show the link."""
    raw, token_hash = tokens.new_token()
    survey.public_token_hash = token_hash
    survey.save(update_fields=["public_token_hash", "updated_at"])
    return raw


def disable_public_link(*, survey: Survey) -> None:
    survey.public_token_hash = ""
    survey.save(update_fields=["public_token_hash", "updated_at"])


def questions_locked(survey: Survey) -> bool:
    """Once anyone answered, questions can no longer change in ways that would
    break the results: editing them is blocked (duplicate the survey instead)."""
    return survey.responses.exists()


def duplicate_survey(*, survey: Survey) -> Survey:
    copy = Survey.objects.get(pk=survey.pk)
    copy.pk = None
    copy.title = f"{survey.title} (copy)"
    copy.status = Survey.Status.DRAFT
    copy.public_token_hash = ""
    copy.save()
    questions = list(survey.questions.all())
    for question in questions:
        question.pk = None
        question.survey = copy
    Question.objects.bulk_create(questions)
    return copy
