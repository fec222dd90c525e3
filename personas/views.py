import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.middleware import SESSION_KEY as WORKSPACE_SESSION_KEY
from core.access import for_workspace, get_for_workspace, workspace_required
from personas import compare as comparing
from personas import completeness, labels, profile, services, transfer, worksheet
from personas.forms import (
    DuplicateForm,
    ImportChoiceForm,
    ImportForm,
    NewPersonaForm,
)
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
    context = {"form": form, "titles": worksheet.TITLES, "kinds": Persona.Kind}
    return render(request, "personas/persona_create.html", context, status=status)


@workspace_required
@require_GET
def persona_detail(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona.objects.for_profile(), pk=persona_id)
    photo_url = reverse("personas:photo", args=[persona.pk]) if persona.photo else ""
    evidence = profile.part_evidence(persona, with_quotes=True)
    page = profile.page(persona, photo_url=photo_url, evidence=evidence)
    context = {
        **page,
        "panels": profile.panels(persona),
        "steps": completeness.by_step(page["data"]),
        "versions": for_workspace(request, Persona).lineage_of(persona).defer_heavy(),
    }
    return render(request, "personas/persona_detail.html", context)


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
@require_POST
def persona_activate(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona, pk=persona_id)
    if persona.status == Persona.Status.ACTIVE:
        messages.info(request, f"Version {persona.version} is already the active one.")
        return redirect(persona)
    retired = services.activate(persona=persona)
    messages.success(request, activated_message(persona, retired))
    return redirect(persona)


def activated_message(persona: Persona, retired: list[Persona]) -> str:
    """ "Version 2 is now active; version 1 was retired." """
    if not retired:
        return f"{persona.name} is saved as active."
    numbers = " and ".join(str(old.version) for old in retired)
    were = "versions" if len(retired) > 1 else "version"
    verb = "were" if len(retired) > 1 else "was"
    return (
        f"Version {persona.version} is now active; {were} {numbers} {verb} retired "
        "(archived)."
    )


@workspace_required
@require_GET
def persona_compare(
    request: HttpRequest, persona_id: int, other_id: int
) -> HttpResponse:
    queryset = Persona.objects.with_parts()
    before = get_for_workspace(request, queryset, pk=persona_id)
    after = get_for_workspace(request, queryset, pk=other_id)
    rows = comparing.compare(
        transfer.persona_data(before),
        transfer.persona_data(after),
        labels.compared_fields(),
        list(labels.worksheet_parts().values()),
    )
    show_all = request.GET.get("all") == "1"
    changed = [row for row in rows if row.changed]
    context = {
        "before": before,
        "after": after,
        "rows": rows if show_all else changed,
        "changed": len(changed),
        "show_all": show_all,
    }
    return render(request, "personas/persona_compare.html", context)


@workspace_required
@require_http_methods(["GET", "POST"])
def persona_duplicate(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona, pk=persona_id)
    form = DuplicateForm(
        request.POST or None,
        user=request.user,
        initial={"workspace": request.workspace},
    )
    if form.is_valid():
        target = form.cleaned_data["workspace"]
        copy = services.duplicate_persona(persona=persona, workspace=target)
        message = f"{copy.name} is a new draft"
        if target.pk != request.workspace.pk:
            request.session[WORKSPACE_SESSION_KEY] = target.pk
            message += f" in {target.name}; you are now working in {target.name}"
        messages.success(request, f"{message}.")
        return redirect(copy)
    status = 400 if request.method == "POST" else 200
    context = {"persona": persona, "form": form}
    return render(request, "personas/persona_duplicate.html", context, status=status)


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
        services.delete_persona(persona=persona)
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
        text = form.cleaned_data["file"]
        try:
            document = json.loads(text)
            transfer.parse_document(document)
        except json.JSONDecodeError:
            problems = [
                "The file is not valid JSON. Export the persona again and upload "
                "that file."
            ]
        except transfer.ImportProblem as problem:
            problems = problem.problems
        else:
            if latest := _latest_version_here(request, document):
                choice = ImportChoiceForm(initial={"document": text})
                return _ask_how_to_import(request, choice, latest)
            return _imported(request, document, version_of=None)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "personas/persona_import.html",
        {"form": form, "problems": problems},
        status=status,
    )


@workspace_required
@require_POST
def persona_import_choice(request: HttpRequest) -> HttpResponse:
    """The answer to "a new persona, or a new version of the one here?"."""
    form = ImportChoiceForm(request.POST)
    valid = form.is_valid()
    latest = _latest_version_here(request, form.cleaned_data.get("document"))
    if valid:
        as_version = form.cleaned_data["choice"] == ImportChoiceForm.NEW_VERSION
        if as_version and latest is None:
            form.add_error(
                "choice", "That persona is no longer here; import it as a new persona."
            )
        else:
            try:
                return _imported(
                    request,
                    form.cleaned_data["document"],
                    version_of=latest if as_version else None,
                )
            except transfer.ImportProblem as problem:
                form.add_error(None, " ".join(problem.problems))
    return _ask_how_to_import(request, form, latest, status=400)


def _latest_version_here(request: HttpRequest, document: object) -> Persona | None:
    lineage = transfer.lineage_of(document)
    if lineage is None:
        return None
    return for_workspace(request, Persona).latest_version(lineage)


def _ask_how_to_import(
    request: HttpRequest, form: ImportChoiceForm, latest: Persona | None, status=200
) -> HttpResponse:
    context = {"form": form, "latest": latest}
    return render(
        request, "personas/persona_import_choice.html", context, status=status
    )


def _imported(
    request: HttpRequest, document: object, *, version_of: Persona | None
) -> HttpResponse:
    persona = transfer.import_document(
        document, workspace=request.workspace, version_of=version_of
    )
    if version_of is None:
        messages.success(request, f"{persona.name} was imported as a draft.")
    else:
        messages.success(
            request,
            f"{persona.name} was imported as version {persona.version}, a draft.",
        )
    return redirect(persona)


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
