"""The intake editor: the questions prospects are asked, reworded, reordered, hidden
and added to, and a preview of the page as prospects see it (phone width too)."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import for_workspace, get_for_workspace, workspace_required
from core.framing import framed_by_self
from fitcheck.criteria import Criterion
from fitcheck.intake_drafting import DEFAULT_SHOWN, Source
from fitcheck.intake_editor import QuestionForm, new_question
from fitcheck.intake_form import HONEYPOT, intake_form_for
from fitcheck.models import IntakePage, IntakeQuestion
from fitcheck.services import intake_questions, rubric_versions

NO_PAGE = "Choose a persona for your intake page and save it first."


def with_intake_page(view: Callable) -> Callable:
    """The view gets the workspace's intake page; without one, the practitioner
    is sent to the settings, which make it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        page = (
            for_workspace(request, IntakePage)
            .select_related("persona", "workspace")
            .first()
        )
        if page is None:
            messages.info(request, NO_PAGE)
            return redirect("fitcheck:intake_settings")
        return view(request, page, *args, **kwargs)

    return wrapper


@workspace_required
@require_GET
@with_intake_page
def intake_questions_list(request: HttpRequest, page: IntakePage) -> HttpResponse:
    return _editor(request, page)


@workspace_required
@require_http_methods(["GET", "POST"])
def intake_question_edit(request: HttpRequest, intake_question_id: int) -> HttpResponse:
    row = get_for_workspace(request, _questions(), pk=intake_question_id)
    form = QuestionForm(
        request.POST or None, question=row.as_draft(), criteria=_criteria(row.page)
    )
    if form.is_valid():
        intake_questions.save_question(question=row, values=form.values())
        messages.success(request, "Question saved.")
        return _back_to(row)
    context = {"form": form, "row": row, "page": row.page}
    status = 400 if form.is_bound else 200
    return render(request, "fitcheck/intake_question_form.html", context, status=status)


@workspace_required
@require_http_methods(["GET", "POST"])
@with_intake_page
def intake_question_add(request: HttpRequest, page: IntakePage) -> HttpResponse:
    form = QuestionForm(
        request.POST or None, question=new_question(), criteria=_criteria(page)
    )
    if form.is_valid():
        # Store the draft first, so that the new question joins it at the end.
        _stored(page)
        row = intake_questions.add_question(page=page, values=form.values())
        messages.success(request, "Question added at the end.")
        return _back_to(row)
    context = {"form": form, "row": None, "page": page}
    status = 400 if form.is_bound else 200
    return render(request, "fitcheck/intake_question_form.html", context, status=status)


@workspace_required
@require_POST
def intake_question_move(request: HttpRequest, intake_question_id: int) -> HttpResponse:
    row = get_for_workspace(request, _questions(), pk=intake_question_id)
    direction = request.POST.get("direction")
    try:
        if direction not in ("up", "down"):
            raise intake_questions.Moved
        intake_questions.move_question(question=row, up=direction == "up")
    except intake_questions.Moved:
        messages.error(request, f"“{row.wording}” cannot move {direction or 'there'}.")
        return _editor(request, row.page, status=400)
    return _back_to(row)


@workspace_required
@require_POST
def intake_question_delete(
    request: HttpRequest, intake_question_id: int
) -> HttpResponse:
    own = _questions().filter(source=Source.OWN)
    row = get_for_workspace(request, own, pk=intake_question_id)
    intake_questions.delete_question(question=row)
    messages.success(request, f"“{row.wording}” is deleted.")
    return redirect("fitcheck:intake_questions")


@workspace_required
@require_POST
@with_intake_page
def intake_questions_redraft(request: HttpRequest, page: IntakePage) -> HttpResponse:
    rubric = rubric_versions.applied_rubric(persona=page.persona)
    intake_questions.redraft(page=page, rubric=rubric)
    messages.success(
        request,
        "Drafted again from the rubric and the personas. Your edits and your own "
        "questions are kept.",
    )
    return redirect("fitcheck:intake_questions")


@workspace_required
@require_GET
@with_intake_page
def intake_preview(request: HttpRequest, page: IntakePage) -> HttpResponse:
    return render(request, "fitcheck/intake_preview.html", {"page": page})


@framed_by_self
@workspace_required
@require_GET
@with_intake_page
def intake_preview_page(request: HttpRequest, page: IntakePage) -> HttpResponse:
    """The page itself, as a prospect sees it, its button switched off; the
    preview page shows it in a phone-sized frame."""
    context = {
        "page": page,
        "form": intake_form_for(page)(),
        "honeypot": HONEYPOT,
        "preview": True,
    }
    return render(request, "fitcheck/intake_form.html", context)


def _questions():
    return IntakeQuestion.objects.select_related("page__persona", "page__workspace")


def _criteria(page: IntakePage) -> tuple[Criterion, ...]:
    """The applied rubric's criteria, which one's own question may be scored by."""
    return rubric_versions.applied_rubric(persona=page.persona).as_scoring().criteria


def _stored(page: IntakePage) -> list[IntakeQuestion]:
    rubric = rubric_versions.applied_rubric(persona=page.persona)
    return intake_questions.stored_questions(page=page, rubric=rubric)


def _editor(request: HttpRequest, page: IntakePage, status: int = 200) -> HttpResponse:
    rows = _stored(page)
    labels = {c.key: c.label for c in _criteria(page)}
    context = {
        "page": page,
        "items": [(row, labels.get(row.criterion_key, "")) for row in rows],
        "shown": sum(not row.hidden for row in rows),
        "limit": DEFAULT_SHOWN,
    }
    return render(request, "fitcheck/intake_questions.html", context, status=status)


def _back_to(row: IntakeQuestion) -> HttpResponse:
    return redirect(f"{reverse('fitcheck:intake_questions')}#question-{row.pk}")
