"""A person's data on request: their export, and their erasure."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import Action
from audit.services import record_request
from core.access import get_for_workspace, owner_required, workspace_required
from fitcheck.models import Contact
from privacy.forms import EraseForm
from privacy.person_data import person_data, readable
from privacy.services import erasure


@workspace_required
@require_GET
def contact_export(request: HttpRequest, contact_id: int) -> HttpResponse:
    """One HTML file: readable in any browser, with the same data as JSON inside
    it for programs (see templates/privacy/person_export.html)."""
    contact = get_for_workspace(
        request, Contact.objects.select_related("workspace"), pk=contact_id
    )
    data = person_data(contact)
    record_request(request, Action.EXPORTED_PERSON, contact_id=contact.pk)
    document = data.as_json()
    html = render_to_string(
        "privacy/person_export.html",
        {"person": data, "document": document, "page": readable(document)},
    )
    filename = f"contact-{contact.pk}-data.html"
    return HttpResponse(
        html,
        content_type="text/html; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


@owner_required
@require_http_methods(["GET", "POST"])
def contact_erase(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_for_workspace(request, Contact, pk=contact_id)
    form = EraseForm(request.POST or None)
    if form.is_valid():
        erasure.erase_contacts(
            workspace=request.workspace,
            contacts=Contact.objects.filter(pk=contact.pk),
            actor=request.user,
            keep_answers=form.cleaned_data["keep_answers"],
        )
        # No name in the message: messages are kept in the session until shown.
        messages.success(request, "Erased. Nothing about that person is left here.")
        return redirect("fitcheck:contact_list")
    context = {
        "contact": contact,
        "form": form,
        "plan": erasure.plan(workspace=request.workspace, contact_ids=[contact.pk]),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/contact_erase.html", context, status=status)
