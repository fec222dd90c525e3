"""Contacts from a CSV file: upload it, check which field each column fills, import."""

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from audit.models import Action
from audit.services import record_request
from core.access import for_workspace, get_for_workspace, workspace_required
from fitcheck import csvfiles
from fitcheck.contact_rows import guess_mapping
from fitcheck.forms import ColumnMappingForm, ContactImportForm
from fitcheck.models import ContactImport
from fitcheck.services import import_files
from fitcheck.services.imports import AlreadyImported, Head, read_head, run_import

RECENT_IMPORTS = 10


@workspace_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    posted = (request.POST, request.FILES) if request.method == "POST" else ()
    form = ContactImportForm(*posted)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        original_name = upload.name[:255]
        upload.name = f"{uuid.uuid4().hex}.csv"  # The stored name tells nothing.
        contact_import = ContactImport.objects.create(
            workspace=request.workspace, file=upload, original_name=original_name
        )
        messages.info(
            request,
            f"{original_name} has {form.head.row_count:,} rows. Check which field "
            "each column fills, then import.",
        )
        return redirect("fitcheck:import_preview", contact_import.pk)
    imports = for_workspace(request, ContactImport).defer("rejected", "mapping")
    context = {"form": form, "imports": imports[:RECENT_IMPORTS]}
    status = 400 if request.method == "POST" else 200
    return render(request, "fitcheck/import_upload.html", context, status=status)


@workspace_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    contact_import = get_for_workspace(request, ContactImport, pk=import_id)
    if not contact_import.file:
        return _file_deleted(request, contact_import)
    head = _head(contact_import)
    imported = contact_import.status == ContactImport.Status.IMPORTED
    form = ColumnMappingForm(
        request.POST if request.method == "POST" else None,
        header=head.header,
        mapping=_mapping(contact_import, head),
        disabled=imported,
    )
    if form.is_valid():
        try:
            result = run_import(contact_import=contact_import, mapping=form.mapping)
        except AlreadyImported:
            messages.warning(
                request, "This file was already imported, so it was not imported again."
            )
        else:
            record_request(
                request,
                Action.IMPORTED_CONTACTS,
                detail=f"{result.imported} contact(s) from import {contact_import.pk}",
            )
        return redirect("fitcheck:import_preview", contact_import.pk)
    context = {
        "contact_import": contact_import,
        "form": form,
        "rows": [
            (row + [""] * len(head.header))[: len(head.header)] for row in head.rows
        ],
        "imported": imported,
        "failed": contact_import.status == ContactImport.Status.FAILED,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "fitcheck/import_preview.html", context, status=status)


def _file_deleted(request: HttpRequest, contact_import: ContactImport) -> HttpResponse:
    """The import's outcome, once its file was deleted (see
    services/import_files.py); a post has nothing left to import."""
    status = 410 if request.method == "POST" else 200
    context = {
        "contact_import": contact_import,
        "kept_days": import_files.IMPORT_FILES_KEPT.days,
    }
    return render(request, "fitcheck/import_file_deleted.html", context, status=status)


def _head(contact_import: ContactImport) -> Head:
    try:
        with contact_import.file.open("rb") as binary:
            return read_head(binary)
    except (OSError, csvfiles.BadFile):
        raise Http404("The uploaded file is no longer readable.") from None


def _mapping(contact_import: ContactImport, head: Head) -> list[str]:
    """The columns chosen for the last import attempt, else a guess from the header."""
    saved = contact_import.mapping
    if isinstance(saved, list) and len(saved) == len(head.header):
        return saved
    return guess_mapping(head.header)
