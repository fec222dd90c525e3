"""Text answers grouped, paginated and tagged with themes; the themes themselves."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.access import get_for_workspace, workspace_required
from feedback import queries, reports, services
from feedback.forms import TagForm, ThemeForm
from feedback.models import Answer, Question, Survey, Theme
from feedback.pin_forms import PinForm, target_groups
from feedback.views.results import filtered_responses

GROUPS_PER_PAGE = 25


@workspace_required
@require_http_methods(["GET", "POST"])
def question_answers(
    request: HttpRequest, survey_id: int, question_id: int
) -> HttpResponse:
    survey, question = text_question(request, survey_id, question_id)
    form = TagForm(request.POST or None, question=question, survey=survey)
    if form.is_valid():
        _tag(request, form)
        return redirect(request.get_full_path())
    status = 400 if form.is_bound else 200
    return answers_page(request, survey, question, tag_form=form, status=status)


def text_question(
    request: HttpRequest, survey_id: int, question_id: int
) -> tuple[Survey, Question]:
    """The survey and its text question, both of the request's workspace."""
    survey = get_for_workspace(request, Survey, pk=survey_id)
    question = get_for_workspace(
        request,
        Question.objects.filter(kind__in=reports.TEXT_KINDS),
        pk=question_id,
        survey=survey,
    )
    return survey, question


def answers_page(
    request: HttpRequest,
    survey: Survey,
    question: Question,
    *,
    tag_form: TagForm | None = None,
    pin_form: PinForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The question's answers grouped, with their themes and pins, and the
    forms of a tag or a pin that was refused."""
    themes = list(Theme.objects.for_survey(survey))
    theme = next((t for t in themes if str(t.pk) == request.GET.get("theme")), None)
    filters, responses, search = filtered_responses(request, survey)
    answers = Answer.objects.filter(question=question, response__in=responses)
    groups = reports.answer_groups(answers, search=search, theme=theme)
    page = Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    keys = [group["key"] for group in page]
    tagged = reports.group_themes(question, keys)
    pinned = reports.group_pins(question, keys)
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    context = {
        "survey": survey,
        "question": question,
        "form": tag_form or TagForm(question=question, survey=survey),
        "pin_form": pin_form,
        "filters": filters,
        "themes": themes,
        "theme": theme,
        "page": page,
        "rows": [
            (group, tagged.get(group["key"], []), pinned.get(group["key"], []))
            for group in page
        ],
        "pin_targets": _pin_targets(request, survey) if page.object_list else [],
        "counts": reports.theme_counts(answers).get(question.pk, []),
        "answered": answers.exclude(text="").count(),
        "query": urlencode(query),
        "definitions": reports.DEFINITIONS,
    }
    return render(request, "feedback/question_answers.html", context, status=status)


def _pin_targets(request: HttpRequest, survey: Survey) -> list:
    personas = queries.pin_targets(request.workspace, survey.persona_id)
    return target_groups(personas, survey.persona_id)


def _tag(request: HttpRequest, form: TagForm) -> None:
    answer, theme = form.cleaned_data["answer"], form.cleaned_data["theme"]
    if form.cleaned_data["action"] == "tag":
        count = services.tag_answers(answer=answer, theme=theme)
        what = "This answer" if count == 1 else f"These {count} identical answers"
        messages.success(request, f"{what} now have the theme “{theme}”.")
    else:
        services.untag_answers(answer=answer, theme=theme)
        messages.success(request, f"The theme “{theme}” is off these answers.")


@workspace_required
@require_http_methods(["GET", "POST"])
def theme_list(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_for_workspace(request, Survey, pk=survey_id)
    form = ThemeForm(request.POST or None, survey=survey)
    if form.is_valid():
        theme = services.create_theme(
            workspace=request.workspace,
            survey=form.scoped_survey,
            name=form.cleaned_data["name"],
        )
        messages.success(request, f"Theme “{theme}” added.")
        return redirect("feedback:theme_list", survey.pk)
    counts = reports.survey_theme_counts(survey)
    themes = [(t, counts.get(t.pk, 0)) for t in Theme.objects.for_survey(survey)]
    context = {
        "survey": survey,
        "form": form,
        "themes": themes,
        "questions": survey.questions.filter(kind__in=reports.TEXT_KINDS),
        "definitions": reports.DEFINITIONS,
    }
    status = 400 if form.is_bound else 200
    return render(request, "feedback/theme_list.html", context, status=status)


@workspace_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, survey_id: int, theme_id: int) -> HttpResponse:
    """Rename a theme, or delete it (its tags go, the answers stay)."""
    survey = get_for_workspace(request, Survey, pk=survey_id)
    theme = get_for_workspace(request, Theme.objects.for_survey(survey), pk=theme_id)
    if request.POST.get("action") == "delete":
        tagged = services.delete_theme(theme=theme)
        messages.success(
            request, f"Theme “{theme}” deleted; {tagged} answer(s) lost the tag."
        )
        return redirect("feedback:theme_list", survey.pk)
    form = ThemeForm(request.POST or None, survey=survey, theme=theme)
    if form.is_valid():
        services.rename_theme(theme=theme, name=form.cleaned_data["name"])
        messages.success(request, f"Theme renamed to “{theme}”.")
        return redirect("feedback:theme_list", survey.pk)
    context = {
        "survey": survey,
        "theme": theme,
        "form": form,
        "tagged": theme.answer_links.count(),
    }
    status = 400 if form.is_bound else 200
    return render(request, "feedback/theme_form.html", context, status=status)
