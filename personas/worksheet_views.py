"""The worksheet's pages: a step (shown, saved by its buttons or as a draft while
the person types), the review, resuming, and the example persona."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.access import get_for_workspace, workspace_required
from core.kept_posts import keep_post_when_logged_out, pop_kept_post
from personas import completeness, conflicts, examples, services, transfer, worksheet
from personas.conflicts import Loaded
from personas.forms import LoadedForm, ReviewForm
from personas.models import Persona
from personas.step_post import (
    StepPost,
    answers_after_saving,
    describe,
    describe_added,
    error_labels,
    row_ids,
    saved_answers,
    with_move,
)
from personas.views import activated_message


def _step_exists(request: HttpRequest, persona_id: int, step: str) -> bool:
    """Whether a logged-out post to this URL is worth keeping (core.kept_posts)."""
    return (
        step in worksheet.STEP_BY_SLUG
        and Persona.objects.filter(pk=persona_id).exists()
    )


@keep_post_when_logged_out(exists=_step_exists)
@workspace_required
@require_http_methods(["GET", "POST"])
def persona_step(request: HttpRequest, persona_id: int, step: str) -> HttpResponse:
    if step == worksheet.REVIEW:
        return _review(request, persona_id)
    if step not in worksheet.STEP_BY_SLUG:
        raise Http404("No such step.")
    current = worksheet.STEP_BY_SLUG[step]
    if request.method == "POST":
        return _save_step(request, persona_id, current)
    persona = get_for_workspace(request, Persona.objects.with_parts(), pk=persona_id)
    data = pop_kept_post(request)
    if data is not None:
        messages.info(request, "We kept what you typed. Check it, then save.")
    stamp = LoadedForm(data)
    loaded = stamp.cleaned_data["loaded"] if data and stamp.is_valid() else None
    forms = worksheet.build_forms(
        current, persona, data, add_row=request.GET.get("add", ""), loaded=loaded
    )
    # The page's fingerprint: the one it was first loaded with, when what was
    # typed then comes back after a login, else what is saved now.
    loaded = loaded or Loaded.of(saved_answers(forms, persona))
    context = {"loaded": loaded.dumps(), "unsaved": data is not None}
    return render(
        request,
        "personas/persona_step.html",
        _step_context(persona, current, forms) | context,
    )


def _save_step(
    request: HttpRequest, persona_id: int, current: worksheet.Step
) -> HttpResponse:
    persona = get_for_workspace(request, Persona.objects.for_step_save(), pk=persona_id)
    stamp = LoadedForm(request.POST)
    loaded = stamp.cleaned_data["loaded"] if stamp.is_valid() else None
    data = with_move(request.POST, current.lists)
    post = StepPost(current, persona, data, request.FILES, loaded)
    if post.conflicts:
        picked = conflicts.choices(
            post.conflicts, request.POST, overwrite="overwrite" in request.POST
        )
        if picked is not None:
            post = post.resolve(
                picked, lambda: Persona.objects.for_step_save().get(pk=persona.pk)
            )
    if post.valid and stamp.is_valid() and not post.conflicts:
        forms = list(post.forms.values())
        services.save_step(persona=post.persona, step=current.slug, forms=forms)
        return _after_step_saved(request, post)
    return _step_not_saved(request, post, stamp)


def _after_step_saved(request: HttpRequest, post: StepPost) -> HttpResponse:
    persona, step = post.persona, post.step.slug
    if request.POST.get("autosave"):
        loaded = Loaded.of(answers_after_saving(post.forms, persona))
        return JsonResponse(
            {"state": "saved", "loaded": loaded.dumps(), "rows": row_ids(post.forms)}
        )
    if add_row := request.POST.get("add_row"):
        return redirect(f"{request.path}?add={add_row}")
    if "move" in request.POST:
        moved = request.POST["move"].split("-")[0]
        anchor = f"#{moved}" if moved in post.step.lists else ""
        return redirect(f"{request.path}{anchor}")
    if post.resolved:
        messages.success(request, "Saved, with the version you chose of each answer.")
        return redirect("personas:step", persona.pk, step)
    if "save_and_leave" in request.POST:
        messages.success(request, "Draft saved. Pick up where you left off anytime.")
        return redirect("personas:detail", persona.pk)
    messages.success(request, "Saved.")
    return redirect("personas:step", persona.pk, worksheet.next_step(step))


CONFLICT_MESSAGE = (
    "Someone else saved this step since you opened it. Your text is kept: save the "
    "page to compare it with theirs and choose what to keep."
)


def _step_not_saved(
    request: HttpRequest, post: StepPost, stamp: LoadedForm
) -> HttpResponse:
    status = 409 if post.conflicts else 400
    if request.POST.get("autosave"):
        labels = ", ".join(error_labels(post.forms)) or "the page"
        message = (
            CONFLICT_MESSAGE
            if post.conflicts
            else (f"Not saved yet: check {labels}. Your text is kept.")
        )
        state = "conflict" if post.conflicts else "invalid"
        return JsonResponse({"state": state, "message": message}, status=status)
    # Validation wrote the typed values onto the instance; progress must show
    # what is saved, so read the persona again.
    persona = get_for_workspace(
        request, Persona.objects.with_parts(), pk=post.persona.pk
    )
    loaded = post.loaded or Loaded.of(post.theirs)
    context = _step_context(persona, post.step, post.forms) | {
        "loaded": loaded.dumps(),
        "unsaved": True,
        "stamp": stamp,
        "conflicts": describe(post.conflicts, post.forms),
        "added": describe_added(post) if post.conflicts else [],
        "files_dropped": bool(request.FILES) and bool(post.conflicts),
    }
    return render(request, "personas/persona_step.html", context, status=status)


def _step_context(persona: Persona, current: worksheet.Step, forms: dict) -> dict:
    return {
        "persona": persona,
        "step": current,
        **_progress(persona, current.slug),
        **forms,
    }


def _progress(persona: Persona, current: str) -> dict:
    """Per-step completeness for the step navigation and the sidebar."""
    data = transfer.persona_data(persona)
    by_step = completeness.by_step(data)
    here = next((item for item in by_step if item.step == current), None)
    return {
        "step_progress": list(zip(worksheet.STEPS, by_step, strict=True)),
        "here": here,
        "questions": completeness.three_questions(data),
    }


def _review(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona.objects.with_parts(), pk=persona_id)
    form = ReviewForm(request.POST or None, instance=persona)
    if form.is_valid():
        status = form.cleaned_data["status"]
        if status == Persona.Status.ACTIVE:
            retired = services.activate(persona=persona)
            messages.success(request, activated_message(persona, retired))
        else:
            services.set_status(persona=persona, status=status)
            messages.success(
                request,
                f"{persona.name} is saved as {persona.get_status_display().lower()}.",
            )
        return redirect(persona)
    context = {"persona": persona, "form": form, **_progress(persona, worksheet.REVIEW)}
    status = 400 if request.method == "POST" else 200
    return render(request, "personas/persona_review.html", context, status=status)


@workspace_required
@require_GET
def persona_resume(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona, pk=persona_id)
    return redirect("personas:step", persona.pk, persona.last_step)


@workspace_required
@require_GET
def persona_example(request: HttpRequest) -> HttpResponse:
    """A filled-in persona to look at before writing one's own: read-only, built
    in memory from the demo data, the same for everyone."""
    context = {"example": examples.example_persona(), "steps": examples.answers()}
    return render(request, "personas/persona_example.html", context)
