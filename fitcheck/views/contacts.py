from django.apps import apps
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import Action
from audit.services import record_request
from core import csv_export
from core.access import for_workspace, get_for_workspace, workspace_required
from core.pagination import CappedPaginator
from fitcheck import queries
from fitcheck.forms import ContactFilterForm, ContactForm
from fitcheck.models import Contact, FitScore, FollowUp, Rubric
from fitcheck.services import intake, scores, snapshots

PAGE_SIZE = 50
FOLLOW_UPS_SHOWN = 10
# The best fit's columns, after the contact's own (see ContactQuerySet.with_best_fit).
FIT_COLUMNS = [
    "best_fit_persona",
    "band",
    "band_override",
    "score",
    "score_low",
    "score_high",
    "confidence",
    "ask_about",
]
EXPORT_COLUMNS = [
    "id",
    "name",
    "email",
    "phone",
    "company",
    "stage",
    "source",
    *Contact.FACTS,
    "notes",
]


def _filtered_contacts(request: HttpRequest) -> tuple[ContactFilterForm, object]:
    form = ContactFilterForm(request.GET or None, workspace=request.workspace)
    contacts = for_workspace(request, Contact)
    if form.is_valid():
        contacts = contacts.search(form.cleaned_data["q"]).filtered(
            stage=form.cleaned_data["stage"],
            band=form.cleaned_data["band"],
            persona=form.cleaned_data["persona"],
        )
    return form, contacts


@workspace_required
@require_GET
def contact_list(request: HttpRequest) -> HttpResponse:
    form, contacts = _filtered_contacts(request)
    ordered = contacts.with_scores().order_by("name", "pk")
    page = CappedPaginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    follow_ups = queries.open_follow_ups(workspace=request.workspace)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "follow_ups": follow_ups[:FOLLOW_UPS_SHOWN],
        "follow_ups_count": follow_ups.count(),
    }
    return render(request, "fitcheck/contact_list.html", context)


@workspace_required
@require_POST
def follow_up_done(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = get_for_workspace(
        request, FollowUp.objects.select_related("contact"), pk=follow_up_id
    )
    name = follow_up.contact.name
    if intake.mark_follow_up_done(follow_up=follow_up, user=request.user):
        messages.success(request, f"{name} is off your follow-up list.")
    else:
        messages.info(request, f"{name} was already followed up.")
    if request.POST.get("back") == "contact":
        return redirect(follow_up.contact)
    return redirect("fitcheck:contact_list")


@workspace_required
@require_GET
def contact_export(request: HttpRequest) -> StreamingHttpResponse:
    _, contacts = _filtered_contacts(request)
    rows = (
        contacts.with_best_fit()
        .order_by("pk")
        .values_list(*EXPORT_COLUMNS, "best_fit")
        .iterator(chunk_size=2000)
    )
    # The search text may be a person's name: the trail says only that it was.
    searched = " (searched)" if request.GET.get("q") else ""
    record_request(request, Action.EXPORTED_CONTACTS, detail=f"CSV{searched}")
    return csv_export.csv_download(
        filename="contacts.csv",
        header=EXPORT_COLUMNS + FIT_COLUMNS,
        rows=map(_with_fit, rows),
    )


def _with_fit(row: tuple) -> list:
    """The contact's columns, then its best fit's (blank when not scored)."""
    *contact, fit = row
    if not fit:
        return [*contact, *[""] * len(FIT_COLUMNS)]
    fields = ["persona", *FIT_COLUMNS[1:-1]]
    return [*contact, *(fit[name] for name in fields), "; ".join(fit["ask_about"])]


@workspace_required
@require_GET
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_for_workspace(request, Contact, pk=contact_id)
    fit_scores = FitScore.objects.filter(contact=contact).select_related(
        "persona", "rubric"
    )
    applied = dict(
        Rubric.objects.applied()
        .filter(persona__workspace=request.workspace)
        .values_list("persona_id", "version")
    )
    rows = [
        {
            "score": score,
            "lines": score.breakdown.get("lines", []),
            "summary": score.breakdown.get("summary", ""),
            "stale": applied.get(score.persona_id) != score.rubric_version
            or contact.updated_at > score.computed_at,
        }
        for score in fit_scores
    ]
    record_request(request, Action.VIEWED_CONTACT, contact_id=contact.pk)
    context = {
        "contact": contact,
        "rows": rows,
        "timeline": _timeline(contact),
        "intake_notice": intake.latest_notice(contact),
        "follow_up": contact.follow_ups.open().first(),
    }
    return render(request, "fitcheck/contact_detail.html", context)


@workspace_required
@require_POST
def intake_notice_resend(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_for_workspace(request, Contact, pk=contact_id)
    if intake.resend_notice(contact=contact):
        messages.success(request, "The email about this intake will be sent again.")
    else:
        messages.info(request, "The email about this intake has not failed.")
    return redirect(contact)


def _timeline(contact: Contact) -> list[dict]:
    """Entries other apps contribute (survey responses...), newest first. Apps
    offer them through `contact_timeline()` on their AppConfig, so this app never
    imports the apps that build on it."""
    entries = [
        entry
        for app in apps.get_app_configs()
        if hasattr(app, "contact_timeline")
        for entry in app.contact_timeline(contact)
    ]
    return sorted(entries, key=lambda entry: entry["when"], reverse=True)


@workspace_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    return _contact_form(request, Contact(source=Contact.Source.ENTERED))


@workspace_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    return _contact_form(request, get_for_workspace(request, Contact, pk=contact_id))


def _becomes_client(form: ContactForm) -> bool:
    """A new client, or a contact whose stage changes to client."""
    stage_set = not form.instance.pk or "stage" in form.changed_data
    return stage_set and form.cleaned_data["stage"] == Contact.Stage.CLIENT


def _contact_form(request: HttpRequest, contact: Contact) -> HttpResponse:
    form = ContactForm(
        request.POST or None, instance=contact, workspace=request.workspace
    )
    if form.is_valid():
        became_client = _becomes_client(form)
        contact = form.save()
        scores.score_contact_now(contact=contact)
        if became_client:
            snapshots.keep_client_bands(contacts=Contact.objects.filter(pk=contact.pk))
        messages.success(request, f"{contact.name} is saved and scored.")
        return redirect(contact)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "fitcheck/contact_form.html",
        {"form": form, "contact": contact},
        status=status,
    )
