"""Pinning answers to a persona's pains and dreams, from a question's answers;
and what clients say that a persona misses."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.access import get_for_workspace, workspace_required
from feedback import misses, queries, services
from feedback.models import Answer
from feedback.pin_forms import PIN, MissedAnswerForm, PinForm
from feedback.views.themes import answers_page, text_question
from personas.models import Dream, Pain, Persona

PARTS = {"pain": Pain, "dream": Dream}


@workspace_required
@require_POST
def answer_pin(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey, question = text_question(request, survey_id, question_id)
    form = PinForm(request.POST)
    if not form.is_valid():
        return answers_page(request, survey, question, pin_form=form, status=400)
    answer = get_for_workspace(
        request,
        Answer.objects.filter(question=question)
        .exclude(text="")
        .select_related("question__survey"),
        pk=form.cleaned_data["answer"],
    )
    kind, part_id = form.cleaned_data["target"]
    part = get_for_workspace(
        request, PARTS[kind].objects.select_related("persona"), pk=part_id
    )
    if form.cleaned_data["action"] == PIN:
        count = services.pin_answers(answer=answer, part=part, user=request.user)
        what = "This answer is" if count == 1 else f"These {count} answers are"
        messages.success(request, f"{what} now pinned to {kind} “{part.text}”.")
    else:
        services.unpin_answers(answer=answer, part=part, user=request.user)
        messages.success(request, f"Unpinned from {kind} “{part.text}”.")
    back = reverse("feedback:question_answers", args=[survey.pk, question.pk])
    query = urlencode(request.GET)
    return redirect(f"{back}?{query}" if query else back)


@workspace_required
@require_GET
def persona_misses(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona.objects.with_parts(), pk=persona_id)
    return _misses_page(request, persona)


@workspace_required
@require_POST
def persona_miss_add(request: HttpRequest, persona_id: int) -> HttpResponse:
    """Add a missed answer as a pain or a dream of the persona's next version."""
    persona = get_for_workspace(request, Persona.objects.with_parts(), pk=persona_id)
    form = MissedAnswerForm(request.POST)
    if not form.is_valid():
        return _misses_page(request, persona, form=form, status=400)
    kind = form.cleaned_data["kind"]
    draft = services.add_to_next_version(
        persona=persona, kind=kind, text=form.cleaned_data["text"]
    )
    messages.success(
        request,
        f"Added as a {kind} of version {draft.version} (a draft): reword it here, "
        "then make the version active from its profile.",
    )
    return redirect("personas:step", draft.pk, "dreams_pains")


def _misses_page(
    request: HttpRequest,
    persona: Persona,
    *,
    form: MissedAnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    parts = [
        (p.text, *p.said_as) for p in (*persona.pains.all(), *persona.dreams.all())
    ]
    context = {
        "persona": persona,
        "found": misses.misses(queries.validation_texts(persona), parts),
        "limit": queries.MISSES_READ,
        "form": form,
    }
    return render(request, "feedback/persona_misses.html", context, status=status)
