"""Building surveys: the list, templates, the overview, settings and questions."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import for_workspace, get_for_workspace, workspace_required
from feedback import services
from feedback.answer_form import answer_form_class, page_context
from feedback.forms import QuestionForm, SurveyCreateForm, SurveyForm
from feedback.lengths import survey_length
from feedback.models import Invitation, Question, Survey

LOCKED = (
    "People have already answered this survey, so its questions can no longer "
    "change: editing them is blocked to keep the results true. Duplicate the "
    "survey to change its questions."
)
MOVES = {"up": -1, "down": 1}


@workspace_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = for_workspace(request, Survey).with_counts()
    return render(request, "feedback/survey_list.html", {"surveys": surveys})


@workspace_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    form = SurveyCreateForm(request.POST or None, workspace=request.workspace)
    if form.is_valid():
        survey = services.create_survey(
            workspace=request.workspace,
            template=form.cleaned_data["template"],
            persona=form.cleaned_data["persona"],
        )
        messages.success(request, "Survey created as a draft. Check the questions.")
        return redirect(survey)
    status = 400 if request.method == "POST" else 200
    return render(request, "feedback/survey_create.html", {"form": form}, status=status)


@workspace_required
@require_GET
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_for_workspace(
        request, Survey.objects.select_related("persona"), pk=survey_id
    )
    by_status = survey.invitations.count_by_status()
    questions = list(survey.questions.select_related("pain", "dream"))
    context = {
        "survey": survey,
        "questions": questions,
        "length": survey_length(q.kind for q in questions),
        "counts": [
            (status, label, by_status.get(status, 0))
            for status, label in Invitation.Status.choices
        ],
        "invited": sum(by_status.values()),
        "failed": by_status.get(Invitation.Status.FAILED, 0),
        "remindable": services.reminders_due(
            survey, older_than=services.REMINDER_GAP
        ).count(),
        "locked": services.questions_locked(survey),
        "closed": services.is_closed(survey),
    }
    return render(request, "feedback/survey_detail.html", context)


@workspace_required
@require_http_methods(["GET", "POST"])
def survey_preview(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The survey exactly as a client sees it (the answer page's own template),
    marked as a preview, with no link token. Answers posted here are checked
    as a client's would be, so errors can be tried out, and never stored."""
    survey = get_for_workspace(
        request, Survey.objects.select_related("workspace"), pk=survey_id
    )
    form_class = answer_form_class(list(survey.questions.all()))
    form = form_class(request.POST if request.method == "POST" else None)
    context = {
        **page_context(survey, form),
        "preview": True,
        "accepted": form.is_valid(),
    }
    status = 400 if form.errors else 200
    return render(request, "feedback/answer.html", context, status=status)


@workspace_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_for_workspace(request, Survey, pk=survey_id)
    locked = services.questions_locked(survey)
    form = SurveyForm(request.POST or None, instance=survey, locked=locked)
    if form.is_valid():
        form.save()
        messages.success(request, "Survey settings saved.")
        return redirect(survey)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "survey": survey, "locked": locked}
    return render(request, "feedback/survey_form.html", context, status=status)


@workspace_required
@require_POST
def survey_duplicate(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_for_workspace(request, Survey, pk=survey_id)
    copy = services.duplicate_survey(survey=survey)
    messages.success(
        request, "This is a copy, a draft with no answers: change it as you need."
    )
    return redirect(copy)


@workspace_required
@require_POST
def survey_status(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_for_workspace(request, Survey, pk=survey_id)
    status = request.POST.get("status")
    if status not in (Survey.Status.OPEN, Survey.Status.CLOSED):
        return HttpResponseBadRequest("Choose open or closed.")
    survey.status = status
    if status == Survey.Status.OPEN and services.is_closed(survey):
        survey.closes_on = None  # Reopening overrides a closing date in the past.
    survey.save(update_fields=["status", "closes_on", "updated_at"])
    if status == Survey.Status.OPEN:
        messages.success(request, "The survey is open: links work and it can be sent.")
    else:
        messages.success(request, "The survey is closed: it takes no more answers.")
    return redirect(survey)


@workspace_required
@require_POST
def survey_public_link(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_for_workspace(request, Survey, pk=survey_id)
    action = request.POST.get("action")
    if action == "disable":
        services.disable_public_link(survey=survey)
        messages.success(request, "The public link is off; it no longer works.")
    elif action == "create":
        raw = services.create_public_link(survey=survey)
        url = settings.SITE_URL + reverse("feedback:public_answer", args=[raw])
        messages.success(
            request,
            f"Your public link: {url} Copy it now: it is shown only this once "
            "(only a fingerprint of it is stored). Anyone with it can answer "
            "anonymously.",
        )
    else:
        return HttpResponseBadRequest("Choose create or disable.")
    return redirect(survey)


# Questions --------------------------------------------------------------------------


def _locked(request: HttpRequest, survey: Survey) -> HttpResponse | None:
    if services.questions_locked(survey):
        messages.error(request, LOCKED)
        return redirect(survey)
    return None


def _question(request: HttpRequest, survey: Survey, question_id: int) -> Question:
    return get_for_workspace(request, Question, pk=question_id, survey=survey)


@workspace_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_for_workspace(request, Survey, pk=survey_id)
    if refused := _locked(request, survey):
        return refused
    form = QuestionForm(request.POST or None)
    if form.is_valid():
        services.add_question(survey=survey, question=form.save(commit=False))
        messages.success(request, "Question added at the end.")
        return redirect(survey)
    return _question_page(request, survey, form)


@workspace_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, survey_id: int, question_id: int):
    survey = get_for_workspace(request, Survey, pk=survey_id)
    question = _question(request, survey, question_id)
    if refused := _locked(request, survey):
        return refused
    form = QuestionForm(request.POST or None, instance=question)
    if form.is_valid():
        services.save_question(form.save(commit=False))
        messages.success(request, "Question saved.")
        return redirect(survey)
    return _question_page(request, survey, form)


def _question_page(request: HttpRequest, survey: Survey, form) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    context = {"survey": survey, "form": form, "question": form.instance}
    return render(request, "feedback/question_form.html", context, status=status)


@workspace_required
@require_POST
def question_move(request: HttpRequest, survey_id: int, question_id: int):
    survey = get_for_workspace(request, Survey, pk=survey_id)
    question = _question(request, survey, question_id)
    if refused := _locked(request, survey):
        return refused
    if request.POST.get("direction") not in MOVES:
        return HttpResponseBadRequest("Move up or down.")
    services.move_question(question=question, offset=MOVES[request.POST["direction"]])
    return redirect(f"{survey.get_absolute_url()}#question-{question.pk}")


@workspace_required
@require_http_methods(["GET", "POST"])
def question_delete(request: HttpRequest, survey_id: int, question_id: int):
    survey = get_for_workspace(request, Survey, pk=survey_id)
    question = _question(request, survey, question_id)
    if refused := _locked(request, survey):
        return refused
    if request.method == "POST":
        services.delete_question(question)
        messages.success(request, "Question deleted.")
        return redirect(survey)
    context = {"survey": survey, "question": question}
    return render(request, "feedback/question_confirm_delete.html", context)
