from django import forms
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET

from audit.models import Action
from audit.services import record_request
from core.access import get_for_workspace, workspace_required
from core.csv_export import stream_rows
from feedback import charts, reports, results
from feedback.models import Question, Response, Survey
from fitcheck.models import Band
from personas.models import Persona


class ResultsFilterForm(forms.Form):
    band = forms.ChoiceField(label="Fit band", required=False)
    persona = forms.ModelChoiceField(
        label="Persona",
        required=False,
        queryset=Persona.objects.none(),
        empty_label="Any persona",
    )
    q = forms.CharField(label="Search text answers", required=False)

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = [("", "Any band"), *Band.choices]
        self.fields["persona"].queryset = (
            Persona.objects.for_workspace(workspace)
            .exclude(status=Persona.Status.ARCHIVED)
            .only("id", "name", "version")
        )


def filtered_responses(request: HttpRequest, survey: Survey):
    """The filter form, the responses it lets through and the text searched."""
    form = ResultsFilterForm(request.GET or None, workspace=request.workspace)
    responses = Response.objects.filter(survey=survey)
    search = ""
    if form.is_valid():
        responses = responses.matching_fit(
            band=form.cleaned_data["band"], persona=form.cleaned_data["persona"]
        )
        search = form.cleaned_data["q"]
    return form, responses, search


@workspace_required
@require_GET
def survey_results(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_for_workspace(request, Survey, pk=survey_id)
    form, responses, search = filtered_responses(request, survey)
    report, made_at = reports.page_report(
        survey, responses, search=search, filtered=bool(request.GET)
    )
    recent = responses.select_related("contact").only(
        "pk", "submitted_at", "contact__name"
    )[:20]
    context = {
        "survey": survey,
        "form": form,
        "report": report,
        "report_made_at": made_at,
        "report_kept_minutes": int(reports.REPORT_KEPT.total_seconds() // 60),
        "definitions": reports.DEFINITIONS,
        "recent": recent,
        "query": request.GET.urlencode(),
    }
    return render(request, "feedback/survey_results.html", context)


@workspace_required
@require_GET
def results_export(request: HttpRequest, survey_id: int) -> StreamingHttpResponse:
    """One row per response, one column per question in question order; the
    contact's id and email unless the survey is anonymous. Streamed."""
    survey = get_for_workspace(request, Survey, pk=survey_id)
    _, responses, _ = filtered_responses(request, survey)
    questions = list(survey.questions.all())
    record_request(request, Action.EXPORTED_RESULTS, detail=f"Survey {survey.pk}")
    header = ["response", "submitted_at"]
    if not survey.anonymous:
        header += ["contact_id", "email"]
    header += [question.text for question in questions]
    rows = (
        _export_row(r, questions, survey.anonymous)
        for r in responses.select_related("contact")
        .prefetch_related("answers")
        .order_by("pk")
        .iterator(chunk_size=500)
    )
    response = StreamingHttpResponse(
        stream_rows(header, rows), content_type="text/csv; charset=utf-8"
    )
    filename = f"{slugify(survey.title) or 'survey'}-responses.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export_row(response: Response, questions: list[Question], anonymous: bool) -> list:
    answers = {answer.question_id: answer for answer in response.answers.all()}
    row = [response.pk, response.submitted_at.isoformat()]
    if not anonymous:
        row += [
            response.contact_id or "",
            response.contact.email if response.contact else "",
        ]
    for question in questions:
        answer = answers.get(question.pk)
        row.append("" if answer is None else _answer_value(answer))
    return row


def _answer_value(answer) -> object:
    if answer.number is not None:
        return answer.number
    if answer.choices:
        return answer.choices
    return answer.text


@workspace_required
@require_GET
def response_detail(request: HttpRequest, response_id: int) -> HttpResponse:
    response = get_for_workspace(
        request, Response.objects.select_related("survey", "contact"), pk=response_id
    )
    answers = {a.question_id: a for a in response.answers.all()}
    rows = [(q, answers.get(q.pk)) for q in response.survey.questions.all()]
    return render(
        request, "feedback/response_detail.html", {"response": response, "rows": rows}
    )


@workspace_required
@require_GET
def nps_trend(request: HttpRequest) -> HttpResponse:
    points = reports.nps_over_time(request.workspace)
    chart = charts.trend_chart(
        [
            (s.title, date_format(localtime(s.created_at), "j M Y"), nps)
            for s, nps in points
        ]
    )
    rows = [
        (survey, nps, results.nps_standard_error(nps), charts.MIN_ANSWERS - nps.total)
        for survey, nps in points
    ]
    context = {"rows": rows, "chart": chart, "min_answers": charts.MIN_ANSWERS}
    return render(request, "feedback/nps_trend.html", context)
