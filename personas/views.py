import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import for_workspace, get_for_workspace, workspace_required
from core.kept_posts import keep_post_when_logged_out, pop_kept_post
from personas import compare as comparing
from personas import completeness, services, transfer, worksheet
from personas.forms import ImportForm, NewPersonaForm, ReviewForm
from personas.models import Persona


@workspace_required
@require_GET
def persona_list(request: HttpRequest) -> HttpResponse:
    personas = for_workspace(request, Persona).for_list()
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    if kind in Persona.Kind.values:
        personas = personas.filter(kind=kind)
    if status in Persona.Status.values:
        personas = personas.filter(status=status)
    else:
        personas = personas.exclude(status=Persona.Status.ARCHIVED)
    context = {
        "personas": personas,
        "kinds": Persona.Kind.choices,
        "statuses": Persona.Status.choices,
        "kind": kind,
        "status": status,
    }
    return render(request, "personas/persona_list.html", context)


@workspace_required
@require_http_methods(["GET", "POST"])
def persona_create(request: HttpRequest) -> HttpResponse:
    form = NewPersonaForm(request.POST or None)
    if form.is_valid():
        persona = services.create_persona(
            workspace=request.workspace,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
        )
        return redirect("personas:step", persona.pk, "who")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "personas/persona_create.html", {"form": form}, status=status
    )


@workspace_required
@require_GET
def persona_detail(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona.objects.with_parts(), pk=persona_id)
    data = transfer.persona_data(persona)
    context = {
        "persona": persona,
        "choice_labels": _choice_labels(persona),
        "steps": completeness.by_step(data),
        "questions": completeness.three_questions(data),
        "versions": for_workspace(request, Persona).lineage_of(persona).defer_heavy(),
    }
    return render(request, "personas/persona_detail.html", context)


CHOICE_LISTS = ("genders", "income_bands", "family_statuses", "education_levels")
CHOICES = ("kind", "status", "invite_home", "spend_personal_time", "travel_together")


def _choice_labels(persona: Persona) -> dict[str, object]:
    """What pages show for choices: "Women", not "women"."""
    labels: dict[str, object] = {}
    for name in CHOICE_LISTS:
        choices = dict(Persona._meta.get_field(name).base_field.choices)
        labels[name] = [choices.get(value, value) for value in getattr(persona, name)]
    for name in CHOICES:
        labels[name] = getattr(persona, f"get_{name}_display")()
    return labels


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
    persona = get_for_workspace(request, Persona.objects.with_parts(), pk=persona_id)
    current = worksheet.STEP_BY_SLUG[step]
    data = request.POST if request.method == "POST" else pop_kept_post(request)
    if data is not None and request.method == "GET":
        messages.info(request, "We kept what you typed. Check it, then save.")
    files = request.FILES if request.method == "POST" else None
    forms = worksheet.build_forms(
        current, persona, data, files, add_row=request.GET.get("add", "")
    )
    if request.method == "POST" and worksheet.all_valid(forms):
        try:
            services.save_step(persona=persona, step=step, forms=list(forms.values()))
        except Persona.NotUpdated:
            raise Http404("This persona was deleted meanwhile.") from None
        return _after_step_saved(request, persona, step)
    if request.method == "POST":
        # Validation wrote the typed values onto the instance; progress must show
        # what is saved, so read the persona again.
        persona = get_for_workspace(
            request, Persona.objects.with_parts(), pk=persona.pk
        )
    return render(
        request,
        "personas/persona_step.html",
        _step_context(persona, current, forms),
        status=400 if request.method == "POST" else 200,
    )


def _after_step_saved(request: HttpRequest, persona: Persona, step: str):
    if add_row := request.POST.get("add_row"):
        return redirect(f"{request.path}?add={add_row}")
    if "save_and_leave" in request.POST:
        messages.success(request, "Draft saved. Pick up where you left off anytime.")
        return redirect("personas:detail", persona.pk)
    messages.success(request, "Saved.")
    return redirect("personas:step", persona.pk, worksheet.next_step(step))


def _step_context(persona: Persona, current, forms: dict) -> dict:
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
        services.set_status(persona=persona, status=form.cleaned_data["status"])
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
@require_POST
def persona_new_version(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona, pk=persona_id)
    copy = services.new_version(persona=persona)
    messages.success(
        request,
        f"Version {copy.version} is a new draft based on version {persona.version}.",
    )
    return redirect("personas:step", copy.pk, "who")


@workspace_required
@require_GET
def persona_compare(
    request: HttpRequest, persona_id: int, other_id: int
) -> HttpResponse:
    queryset = Persona.objects.with_parts()
    before = get_for_workspace(request, queryset, pk=persona_id)
    after = get_for_workspace(request, queryset, pk=other_id)
    rows = comparing.compare(
        transfer.persona_data(before) | _choice_labels(before),
        transfer.persona_data(after) | _choice_labels(after),
        _labels(),
    )
    context = {
        "before": before,
        "after": after,
        "rows": rows,
        "changed": sum(row.changed for row in rows),
    }
    return render(request, "personas/persona_compare.html", context)


def _labels() -> dict[str, str]:
    labels = {}
    for field in transfer.PERSONA_FIELDS:
        labels[field] = Persona._meta.get_field(field).verbose_name.capitalize()
    return labels | {"dreams": "Dreams", "pains": "Pains", "red_flags": "Red flags"}


@workspace_required
@require_POST
def persona_archive(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona, pk=persona_id)
    services.set_status(persona=persona, status=Persona.Status.ARCHIVED)
    messages.success(
        request, f"{persona.name} is archived. You can restore it any time."
    )
    return redirect("personas:list")


@workspace_required
@require_POST
def persona_restore(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona, pk=persona_id)
    services.set_status(persona=persona, status=Persona.Status.DRAFT)
    messages.success(request, f"{persona.name} is back, as a draft.")
    return redirect(persona)


@workspace_required
@require_http_methods(["GET", "POST"])
def persona_delete(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona, pk=persona_id)
    if request.method == "POST":
        persona.delete()
        messages.success(request, f"{persona.name} was deleted.")
        return redirect("personas:list")
    return render(request, "personas/persona_confirm_delete.html", {"persona": persona})


@workspace_required
@require_GET
def persona_export(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona.objects.with_parts(), pk=persona_id)
    response = JsonResponse(
        transfer.export_document(persona), json_dumps_params={"indent": 2}
    )
    filename = f"persona-{slugify(persona.name) or persona.pk}-v{persona.version}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@workspace_required
@require_http_methods(["GET", "POST"])
def persona_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if form.is_valid():
        try:
            document = json.load(form.cleaned_data["file"])
            persona = transfer.import_document(document, workspace=request.workspace)
        except (UnicodeDecodeError, json.JSONDecodeError):
            problems = [
                "The file is not valid JSON. Export the persona again and upload "
                "that file."
            ]
        except transfer.ImportProblem as problem:
            problems = problem.problems
        else:
            messages.success(request, f"{persona.name} was imported as a draft.")
            return redirect(persona)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "personas/persona_import.html",
        {"form": form, "problems": problems},
        status=status,
    )


@workspace_required
@require_GET
def persona_photo(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona, pk=persona_id)
    if not persona.photo:
        raise Http404("No photo.")
    try:
        return FileResponse(persona.photo.open("rb"))
    except FileNotFoundError as error:
        raise Http404("The photo file is missing.") from error


@login_required
@require_GET
def persona_format(request: HttpRequest) -> HttpResponse:
    """The export format's documentation (docs/persona-format.md), as plain text."""
    text = (settings.BASE_DIR / "docs" / "persona-format.md").read_text()
    return render(request, "personas/persona_format.html", {"text": text})
