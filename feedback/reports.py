"""The results page's numbers for one survey, read in a fixed number of queries
whatever the number of responses.

Every count on the page comes from one definition, and the page states it next
to the number (DEFINITIONS): a response is a submitted survey; a question's
"answered" is the responses that answered it (optional questions can be
skipped, so it may be lower than the responses); a share of a choice is of the
people who answered the question, never of the ticks.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from feedback import results
from feedback.models import (
    Answer,
    AnswerTheme,
    Invitation,
    PinnedAnswer,
    Question,
    Survey,
    normalised_text,
)

DEFINITIONS = {
    "invited": "invitations made for this survey",
    "sent": "invitations the mail server accepted (opened and answered included)",
    "opened": "invitation links opened at least once (answered included)",
    "answered": "invitations whose link was used to send answers",
    "failed": "invitations that could not be delivered",
    "rate": "answered invitations out of invited",
    "responses": "submitted answers to this survey, through invitations or the "
    "public link",
    "question": "responses that answered this question",
    "theme": "answers tagged with the theme",
}
TOP_GROUPS = 5
# Past this many responses the unfiltered report is kept and shown again for up
# to REPORT_KEPT, saying when it was made: every count reads every answer, which
# took 0.9 s at 20,000 responses and over 4 s at 100,000 (make bench,
# results_100k_growth), where at 100 the whole page takes 30 ms.
LIVE_UP_TO = 5_000
REPORT_KEPT = timedelta(minutes=5)

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
    # Text questions: the most given answers, how many distinct ones there are,
    # and how many answers each theme has.
    groups: list[dict] = field(default_factory=list)
    distinct: int = 0
    themes: list[dict] = field(default_factory=list)
    # Responses that left this (optional) question unanswered.
    skipped: int = 0

    @property
    def several(self) -> bool:
        return self.question.kind == Question.Kind.MULTIPLE


@dataclass
class SurveyReport:
    survey: Survey
    responses: int
    funnel: dict[str, int]
    rate: int | None
    questions: list[QuestionReport]
    public_responses: int | None = None

    @property
    def funnel_rows(self) -> list[tuple[str, int, str]]:
        return [(name, n, DEFINITIONS[name]) for name, n in self.funnel.items()]

    @property
    def unexplained_gap(self) -> bool:
        """Whether responses and answered invitations differ for a reason the
        page cannot name (an anonymous survey keeps no link to invitations)."""
        return self.public_responses is None and (
            self.responses != self.funnel["answered"]
        )


def page_report(
    survey: Survey, responses, *, search: str, filtered: bool
) -> tuple[SurveyReport, datetime | None]:
    """The results page's report, and when it was made if it is a kept one (None
    when made for this request). A filtered or searched report, or one of a
    survey of up to LIVE_UP_TO responses, is always made afresh; counting them
    stops there, so it costs the same at any size."""
    if (
        filtered
        or search
        or responses.order_by()[: LIVE_UP_TO + 1].count() <= LIVE_UP_TO
    ):
        return survey_report(survey, responses, search=search), None
    # A change to the survey's own row (its status, its link) starts afresh.
    key = f"feedback:survey-report:{survey.pk}:{survey.updated_at.isoformat()}"
    kept = cache.get(key)
    if kept is None:
        kept = (survey_report(survey, responses), timezone.now())
        cache.set(key, kept, REPORT_KEPT.total_seconds())
    return kept


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
    answered = answers.answered_counts()
    texts = of_kinds(TEXT_KINDS)
    # The search narrows the text answers shown, not what is counted.
    groups = top_groups(texts.filter(text__icontains=search) if search else texts)
    themes = theme_counts(texts)
    reports = []
    for question in questions:
        report = _question_report(
            question, numbers.get(question.pk, {}), choices.get(question.pk, {})
        )
        report.answered = answered.get(question.pk, 0)
        if question.kind == Question.Kind.MULTIPLE:
            report.bars = results.distribution(
                choices.get(question.pk, {}),
                list(question.choices),
                respondents=report.answered,
            )
        report.groups = groups.get(question.pk, [])
        report.distinct = report.groups[0]["distinct"] if report.groups else 0
        report.themes = themes.get(question.pk, [])
        reports.append(report)
    funnel = invitation_funnel(survey)
    counted = responses.aggregate(
        all=Count("pk"), public=Count("pk", filter=Q(invitation__isnull=True))
    )
    for report in reports:
        report.skipped = max(counted["all"] - report.answered, 0)
    return SurveyReport(
        survey=survey,
        responses=counted["all"],
        funnel=funnel,
        rate=results.response_rate(
            invited=funnel["invited"], answered=funnel["answered"]
        ),
        questions=reports,
        # Anonymous responses keep no invitation: which came through the public
        # link cannot be told.
        public_responses=None if survey.anonymous else counted["public"],
    )


def top_groups(answers: QuerySet, *, per_question: int = TOP_GROUPS) -> dict:
    """{question id: its most given text answers (grouped), most first}, each
    with how many distinct answers the question has, in one query."""
    ranked = answers.text_groups().annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("question_id")],
            order_by=[F("n").desc(), F("latest").desc()],
        ),
        distinct=Window(Count("*"), partition_by=[F("question_id")]),
    )
    grouped: dict[int, list[dict]] = {}
    for row in ranked.filter(rank__lte=per_question).order_by("question_id", "rank"):
        grouped.setdefault(row["question_id"], []).append(row)
    return grouped


def theme_counts(answers: QuerySet) -> dict[int, list[dict]]:
    """{question id: [{theme id, name, n}]}: how many of these answers each
    theme has, most first, in one query."""
    rows = (
        AnswerTheme.objects.filter(answer__in=answers)
        .values("answer__question_id", "theme_id", "theme__name")
        .annotate(n=Count("answer_id"))
        .order_by("-n", "theme__name")
    )
    counts: dict[int, list[dict]] = {}
    for row in rows:
        counts.setdefault(row["answer__question_id"], []).append(
            {"id": row["theme_id"], "name": row["theme__name"], "n": row["n"]}
        )
    return counts


def answer_groups(answers: QuerySet, *, search: str = "", theme=None) -> QuerySet:
    """The text answers of one question grouped, most given first, for a
    paginated page: each row says how many gave it (of those with `theme`,
    when one is chosen) and leads to one of its responses."""
    if search:
        answers = answers.filter(text__icontains=search)
    if theme is not None:
        answers = answers.filter(themes=theme)
    return (
        answers.text_groups()
        .annotate(response_id=Max("response_id"))
        .order_by("-n", "-latest", "key")
    )


def group_themes(question: Question, keys: list[str]) -> dict[str, list[dict]]:
    """{group key: [{id, name, n}]}: the themes of the answers in each group and
    how many of its answers have each, in one query."""
    rows = (
        AnswerTheme.objects.filter(answer__question=question)
        .annotate(key=normalised_text(F("answer__text")))
        .filter(key__in=keys)
        .values("key", "theme_id", "theme__name")
        .annotate(n=Count("answer_id"))
        .order_by("theme__name")
    )
    themes: dict[str, list[dict]] = {}
    for row in rows:
        themes.setdefault(row["key"], []).append(
            {"id": row["theme_id"], "name": row["theme__name"], "n": row["n"]}
        )
    return themes


def group_pins(question: Question, keys: list[str]) -> dict[str, list[dict]]:
    """{group key: [{kind, id, text, persona, n}]}: the pains and dreams the
    answers of each group are pinned to, and how many of its answers each has,
    in one query."""
    rows = (
        PinnedAnswer.objects.filter(answer__question=question)
        .annotate(key=normalised_text(F("answer__text")))
        .filter(key__in=keys)
        .values(
            "key",
            "pain_id",
            "pain__text",
            "pain__persona__name",
            "dream_id",
            "dream__text",
            "dream__persona__name",
        )
        .annotate(n=Count("answer_id"))
        .order_by("pain__text", "dream__text")
    )
    pins: dict[str, list[dict]] = {}
    for row in rows:
        kind = "pain" if row["pain_id"] else "dream"
        pins.setdefault(row["key"], []).append(
            {
                "kind": kind,
                "target": f"{kind}-{row[f'{kind}_id']}",
                "text": row[f"{kind}__text"],
                "persona": row[f"{kind}__persona__name"],
                "n": row["n"],
            }
        )
    return pins


def survey_theme_counts(survey: Survey) -> dict[int, int]:
    """{theme id: answers of this survey tagged with it}, in one query."""
    rows = (
        AnswerTheme.objects.filter(answer__question__survey=survey)
        .values_list("theme_id")
        .annotate(n=Count("answer_id"))
        .order_by()
    )
    return dict(rows)


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


def _question_report(question, numbers, choices) -> QuestionReport:
    report = QuestionReport(question)
    if question.kind in NUMBER_SCALES:
        scale = NUMBER_SCALES[question.kind]
        report.bars = results.distribution(
            {str(k): v for k, v in numbers.items()}, [str(n) for n in scale]
        )
        report.mean = results.mean(numbers)
        if question.kind == Question.Kind.NPS:
            report.nps = results.nps(numbers)
    elif question.kind == Question.Kind.SINGLE:
        report.bars = results.distribution(choices, list(question.choices))
    elif question.kind == Question.Kind.YES_NO:
        report.bars = results.distribution(choices, YES_NO)
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
