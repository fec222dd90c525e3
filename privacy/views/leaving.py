"""Leaving: the whole workspace as a zip, and the workspace deleted."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import Action
from audit.services import record_request
from core.access import owner_required
from core.zip_export import zip_download
from privacy.forms import DeleteWorkspaceForm
from privacy.services import leaving


@owner_required
@require_GET
def workspace_export(request: HttpRequest) -> StreamingHttpResponse:
    workspace = request.workspace
    record_request(request, Action.EXPORTED_WORKSPACE)
    return zip_download(
        filename=leaving.export_filename(workspace),
        members=leaving.export_members(workspace),
    )


@owner_required
@require_http_methods(["GET", "POST"])
def workspace_delete(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    form = DeleteWorkspaceForm(request.POST or None, workspace=workspace)
    if form.is_valid():
        leaving.request_deletion(workspace=workspace)
        messages.success(
            request,
            f"{workspace.name} is no longer in your account, and everything in it "
            "is being deleted.",
        )
        return redirect("accounts:dashboard")
    context = {"form": form, "counts": leaving.counts(workspace)}
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/workspace_delete.html", context, status=status)
