"""The workspace's privacy settings, the retention preview and the audit trail."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import Action, AuditEvent
from audit.services import record_request
from core.access import owner_required, workspace_required
from fitcheck.models import Contact
from fitcheck.services.import_files import IMPORT_FILES_KEPT
from privacy.forms import AuditFilterForm, PrivacySettingsForm, RetentionPreviewForm
from privacy.models import PrivacySettings
from privacy.queries import inactive_prospects

PAGE_SIZE = 50


def settings_of(workspace) -> PrivacySettings:
    found = PrivacySettings.objects.for_workspace(workspace).first()
    return found or PrivacySettings(workspace=workspace)


@workspace_required
@require_http_methods(["GET", "POST"])
def privacy_settings(request: HttpRequest) -> HttpResponse:
    """Everyone in the workspace sees the settings; owners change them."""
    is_owner = request.membership.is_owner
    if request.method == "POST" and not is_owner:
        raise Http404("Only the workspace's owners can change this.")
    current = settings_of(request.workspace)
    before = _retention_words(current.retention_months)
    form = PrivacySettingsForm(request.POST or None, instance=current)
    if form.is_valid():
        saved = form.save()
        after = _retention_words(saved.retention_months)
        record_request(request, Action.CHANGED_PRIVACY, detail=f"{before} → {after}")
        messages.success(request, "Privacy settings saved.")
        return redirect("privacy:settings")
    context = {
        "form": form,
        "current": current,
        "is_owner": is_owner,
        "retention": before,
        "files_kept_days": IMPORT_FILES_KEPT.days,
        "preview_form": RetentionPreviewForm(
            initial={"months": current.retention_months or 24}
        ),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/settings.html", context, status=status)


def _retention_words(months: int | None) -> str:
    return f"retention {months} months" if months else "retention off"


@owner_required
@require_GET
def retention_preview(request: HttpRequest) -> HttpResponse:
    """Who the rule would erase today with the months asked, before it is on."""
    form = RetentionPreviewForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "page": None}
        return render(request, "privacy/retention_preview.html", context, status=400)
    months = form.cleaned_data["months"]
    due = inactive_prospects(request.workspace, months=months, now=timezone.now())
    due = due.only("id", "name", "email", "created_at", "updated_at")
    page = Paginator(due.order_by("last_activity", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "months": months,
        "query": f"months={months}",
    }
    return render(request, "privacy/retention_preview.html", context)


@owner_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, workspace=request.workspace)
    events = AuditEvent.objects.for_workspace(request.workspace)
    if form.is_valid():
        events = events.filtered(
            action=form.cleaned_data["action"],
            actor=form.cleaned_data["member"],
            contact_id=form.cleaned_data["contact"],
            since=form.cleaned_data["since"],
            until=form.cleaned_data["until"],
        )
    page = Paginator(events.for_log_page(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    names = _contact_names(request.workspace, page.object_list)
    for event in page.object_list:
        event.contact_name = names.get(event.contact_id, "")
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "privacy/audit_log.html", context)


def _contact_names(workspace, events) -> dict[int, str]:
    """The names of the page's contacts that still exist, in one query."""
    ids = {event.contact_id for event in events if event.contact_id}
    if not ids:
        return {}
    contacts = Contact.objects.for_workspace(workspace).filter(pk__in=ids)
    return dict(contacts.values_list("pk", "name"))
