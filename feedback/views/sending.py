"""Sending surveys: recipients and preview, invitations, reminders, do-not-email."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import for_workspace, get_for_workspace, workspace_required
from feedback import emails, recipients, services
from feedback.forms import (
    MAX_PICKED,
    ContactSearchForm,
    RecipientsForm,
    SuppressionForm,
    SuppressionSearchForm,
    SurveyEmailsForm,
)
from feedback.models import Invitation, Suppression, Survey
from fitcheck.models import Contact

PAGE_SIZE = 50


def _cannot_send(survey: Survey) -> str:
    if services.is_closed(survey):
        return "This survey is closed, so it cannot be sent. Reopen it first."
    if not survey.questions.exists():
        return "Add at least one question before sending this survey."
    return ""


@workspace_required
@require_http_methods(["GET", "POST"])
def survey_send(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_for_workspace(
        request, Survey.objects.select_related("workspace"), pk=survey_id
    )
    problem = _cannot_send(survey)
    if problem and request.method == "POST":
        messages.error(request, problem)
        return redirect(survey)
    # "Search" (the no-script way to find contacts by name) keeps what was typed
    # without judging it: nothing is counted or sent yet.
    searching = request.POST.get("action") == "search"
    form = RecipientsForm(
        None if searching else (request.POST or None),
        initial=request.POST.dict() if searching else None,
        workspace=request.workspace,
    )
    reach = None
    if form.is_valid():
        if request.POST.get("action") == "send":
            return _send(request, survey, form)
        contacts = _chosen_contacts(request, form)
        reach = recipients.reach(survey=survey, contacts=contacts, emails=form.emails)
    context = {
        "survey": survey,
        "form": form,
        "reach": reach,
        "problem": problem,
        "preview": emails.preview(survey),
        **_picker(request),
    }
    status = 400 if form.errors else 200
    return render(request, "feedback/survey_send.html", context, status=status)


@workspace_required
@require_GET
def contact_matches(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The contacts matching what is typed in the send page's search box, as
    the fragment its script puts in place (the page has the same fragment)."""
    survey = get_for_workspace(request, Survey, pk=survey_id)
    context = {"survey": survey, **_picker(request)}
    status = 400 if context["search"].errors else 200
    return render(
        request, "feedback/survey_send.html#contact_matches", context, status=status
    )


def _picker(request: HttpRequest) -> dict:
    """The contacts picked so far (ticked boxes named `contacts`) and those
    matching the search box, none of another workspace."""
    params = request.POST if request.method == "POST" else request.GET
    search = ContactSearchForm(params if "who" in params else None)
    ids = [int(v) for v in params.getlist("contacts")[: MAX_PICKED + 1] if v.isdigit()]
    picked = list(recipients.contacts_by_id(request.workspace, ids))
    who = search.cleaned_data["who"].strip() if search.is_valid() else ""
    matches = (
        list(recipients.matching_contacts(request.workspace, who, exclude=ids))
        if who
        else []
    )
    return {
        "search": search,
        "who": who,
        "picked": picked,
        "matches": matches[: recipients.MATCHES_SHOWN],
        "more": len(matches) > recipients.MATCHES_SHOWN,
    }


def _chosen_contacts(request: HttpRequest, form: RecipientsForm) -> QuerySet:
    chosen = Q(pk__in=[contact.pk for contact in form.cleaned_data["contacts"]])
    if form.cleaned_data["from_contacts"]:
        filtered = for_workspace(request, Contact).filtered(**form.filters())
        chosen |= Q(pk__in=filtered.values("pk"))
    return for_workspace(request, Contact).filter(chosen)


def _send(request: HttpRequest, survey: Survey, form: RecipientsForm) -> HttpResponse:
    chosen = list(_chosen_contacts(request, form))
    pasted, _ = services.contacts_from_addresses(
        workspace=request.workspace, text=form.cleaned_data["addresses"]
    )
    contacts = list({contact.pk: contact for contact in [*chosen, *pasted]}.values())
    outcome = services.invite(survey=survey, contacts=contacts)
    skipped = _skipped_text(outcome)
    if outcome.invited:
        invited = f"{outcome.invited} invitation{'s' * (outcome.invited != 1)}"
        messages.success(request, f"{invited} on the way. {skipped}".strip())
    else:
        messages.warning(request, f"Nobody new to email. {skipped}".strip())
    return redirect("feedback:invitation_list", survey.pk)


def _skipped_text(outcome: services.InviteOutcome) -> str:
    parts = [
        (outcome.already_invited, "already invited"),
        (outcome.opted_out, "opted out"),
        (outcome.without_email, "without an email address"),
    ]
    skipped = [f"{count} {why}" for count, why in parts if count]
    return f"Skipped: {', '.join(skipped)}." if skipped else ""


@workspace_required
@require_http_methods(["GET", "POST"])
def survey_emails(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The invitation and reminder texts, with a preview of each email; the
    preview button shows what was typed without saving it."""
    survey = get_for_workspace(
        request, Survey.objects.select_related("workspace"), pk=survey_id
    )
    form = SurveyEmailsForm(request.POST or None, instance=survey)
    previewing = request.POST.get("action") == "preview"
    if form.is_valid() and not previewing:
        form.save()
        messages.success(request, "Email texts saved.")
        return redirect(survey)
    # A valid form has put the typed text on `survey` (unsaved): previewed here.
    context = {
        "survey": survey,
        "form": form,
        "previews": [
            ("Invitation", emails.preview(survey)),
            ("Reminder", emails.preview(survey, reminder=True)),
        ],
    }
    status = 400 if form.errors else 200
    return render(request, "feedback/survey_emails.html", context, status=status)


@workspace_required
@require_GET
def invitation_list(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_for_workspace(request, Survey, pk=survey_id)
    invitations = (
        for_workspace(request, Invitation)
        .filter(survey=survey)
        .select_related("contact")
        .order_by("-created_at", "-pk")
    )
    if not survey.anonymous:
        invitations = invitations.select_related("response")
    status = request.GET.get("status", "")
    if status in Invitation.Status.values:
        invitations = invitations.filter(status=status)
    page = Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("page"))
    by_status = survey.invitations.count_by_status()
    context = {
        "survey": survey,
        "page": page,
        "status": status,
        "query": f"status={status}" if status else "",
        "counts": [
            (value, label, by_status.get(value, 0))
            for value, label in Invitation.Status.choices
        ],
        "total": sum(by_status.values()),
    }
    return render(request, "feedback/invitation_list.html", context)


@workspace_required
@require_POST
def invitations_retry(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_for_workspace(request, Survey, pk=survey_id)
    if services.is_closed(survey):
        messages.error(request, "This survey is closed, so nothing is sent.")
        return redirect(survey)
    count = services.retry_failed(survey=survey)
    if count:
        invitations = "invitation" if count == 1 else "invitations"
        messages.success(request, f"Sending {count} failed {invitations} again.")
    else:
        messages.info(request, "No failed invitations to retry.")
    return redirect("feedback:invitation_list", survey.pk)


@workspace_required
@require_POST
def invitations_remind(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_for_workspace(request, Survey, pk=survey_id)
    if services.is_closed(survey):
        messages.error(request, "This survey is closed, so nothing is sent.")
        return redirect(survey)
    count = services.send_reminders(survey=survey, older_than=services.REMINDER_GAP)
    if count:
        who = "person who has" if count == 1 else "people who have"
        messages.success(request, f"Reminding {count} {who} not answered yet.")
    else:
        messages.info(
            request,
            "Nobody to remind: the others have answered, opted out, had two "
            "reminders already, or were emailed in the last day.",
        )
    return redirect("feedback:invitation_list", survey.pk)


@workspace_required
@require_http_methods(["GET", "POST"])
def suppression_list(request: HttpRequest) -> HttpResponse:
    form = SuppressionForm(request.POST or None, workspace=request.workspace)
    if form.is_valid():
        services.suppress(workspace=request.workspace, **form.cleaned_data)
        messages.success(
            request, f"{form.cleaned_data['email']} will not be emailed again."
        )
        return redirect("feedback:suppression_list")
    suppressions = Suppression.objects.for_workspace(request.workspace)
    searching = SuppressionSearchForm(request.GET)
    search = searching.cleaned_data["q"] if searching.is_valid() else ""
    if search:
        suppressions = suppressions.filter(email__icontains=search)
    page = Paginator(suppressions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({"q": search}) if search else ""
    context = {"form": form, "page": page, "q": search, "query": query}
    context["search_errors"] = searching.errors.get("q", [])
    status = 400 if form.is_bound or context["search_errors"] else 200
    return render(request, "feedback/suppression_list.html", context, status=status)
