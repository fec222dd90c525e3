"""The results page's numbers for one survey, read in a fixed number of queries
whatever the number of responses."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from feedback import results
from feedback.models import Answer, Invitation, Question, Survey

NUMBER_SCALES = {
    Question.Kind.RATING: range(1, 6),
    Question.Kind.NPS: range(0, 11),
}
YES_NO = ["Yes", "No"]
CHOICE_KINDS = [Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.YES_NO]
TEXT_KINDS = [Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT]


@dataclass
class QuestionReport:
    question: Question
    answered: int = 0
    bars: list[results.Bar] = field(default_factory=list)
    mean: float | None = None
    nps: results.Nps | None = None
    texts: list[Answer] = field(default_factory=list)


@dataclass
class SurveyReport:
    survey: Survey
    responses: int
    funnel: dict[str, int]
    rate: int | None
    questions: list[QuestionReport]


def survey_report(survey: Survey, responses, *, search: str = "") -> SurveyReport:
    questions = list(survey.questions.all())
    answers = Answer.objects.filter(response__in=responses)

    def of_kinds(kinds) -> QuerySet:
        # Each count reads only the answers of the questions it is for: unnesting
        # every answer's (empty) choices costs as much as the page's other work.
        # Named by id rather than joined on their kind, so PostgreSQL knows how
        # many answers that is and joins the responses by hash, not row by row.
        return answers.filter(
            question_id__in=[q.pk for q in questions if q.kind in kinds]
        )

    numbers = of_kinds(NUMBER_SCALES).number_counts()
    choices = of_kinds(CHOICE_KINDS).choice_counts()
    texts: dict[int, list[Answer]] = {}
    for answer in of_kinds(TEXT_KINDS).texts(search=search):
        texts.setdefault(answer.question_id, []).append(answer)
    reports = [
        _question_report(q, numbers.get(q.pk, {}), choices.get(q.pk, {}), texts)
        for q in questions
    ]
    funnel = invitation_funnel(survey)
    return SurveyReport(
        survey=survey,
        responses=responses.count(),
        funnel=funnel,
        rate=results.response_rate(
            invited=funnel["invited"], answered=funnel["answered"]
        ),
        questions=reports,
    )


def invitation_funnel(survey: Survey) -> dict[str, int]:
    """Invited, sent, opened and answered: each step counts those that got at
    least that far."""
    by_status = survey.invitations.count_by_status()
    answered = by_status.get(Invitation.Status.ANSWERED, 0)
    opened = answered + by_status.get(Invitation.Status.OPENED, 0)
    sent = opened + by_status.get(Invitation.Status.SENT, 0)
    return {
        "invited": sum(by_status.values()),
        "sent": sent,
        "opened": opened,
        "answered": answered,
        "failed": by_status.get(Invitation.Status.FAILED, 0),
    }


def _question_report(question, numbers, choices, texts) -> QuestionReport:
    report = QuestionReport(question)
    if question.kind in NUMBER_SCALES:
        scale = NUMBER_SCALES[question.kind]
        report.bars = results.distribution(
            {str(k): v for k, v in numbers.items()}, [str(n) for n in scale]
        )
        report.mean = results.mean(numbers)
        report.answered = sum(numbers.values())
        if question.kind == Question.Kind.NPS:
            report.nps = results.nps(numbers)
    elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        report.bars = results.distribution(choices, list(question.choices))
        report.answered = sum(choices.values())
    elif question.kind == Question.Kind.YES_NO:
        report.bars = results.distribution(choices, YES_NO)
        report.answered = sum(choices.values())
    else:
        report.texts = texts.get(question.pk, [])
        report.answered = len(report.texts)
    return report


def nps_over_time(workspace) -> list[tuple[Survey, results.Nps]]:
    """The NPS of every survey with an NPS question, oldest first (repeated
    check-ins show the trend)."""
    rows = (
        Answer.objects.filter(
            question__survey__workspace=workspace,
            question__kind=Question.Kind.NPS,
            number__isnull=False,
        )
        .values_list("question__survey_id", "number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = {}
    for survey_id, number, n in rows:
        counts.setdefault(survey_id, {})[number] = (
            counts.get(survey_id, {}).get(number, 0) + n
        )
    surveys = Survey.objects.filter(pk__in=counts).order_by("created_at")
    return [(survey, results.nps(counts[survey.pk])) for survey in surveys]
