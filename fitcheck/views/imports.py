"""Contacts from a CSV file: upload it, choose which field each column fills, say
what the values of choice columns become, import."""

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import Action
from audit.services import record_request
from core.access import for_workspace, get_for_workspace, workspace_required
from core.job_progress import ProgressWords, progress_response
from fitcheck import csvfiles
from fitcheck.contact_rows import guess_mapping
from fitcheck.forms import ColumnMappingForm, ContactImportForm, ValueMappingForm
from fitcheck.models import ContactImport, ImportJob, ValueChoice
from fitcheck.services import import_files
from fitcheck.services.import_jobs import AlreadyImported, queue_import
from fitcheck.services.imports import Head, choose_columns, file_warnings, read_head

RECENT_IMPORTS = 10
ALREADY_IMPORTED = "This file was already imported, so it was not imported again."
IMPORTING = "This file is being imported: its columns can no longer be changed."
IMPORT_WORDS = ProgressWords(
    none="This file is not being imported.",
    queued="Waiting to start: {total:,} rows to import.",
    running="Importing: {done:,} of {total:,} rows read ({percent}%).",
    done="Done: {done:,} rows read.",
    failed="The import stopped after {done:,} of {total:,} rows. {error}",
)
Status = ContactImport.Status


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
            workspace=request.workspace,
            file=upload,
            original_name=original_name,
            checks=form.head.as_checks(),
        )
        messages.info(
            request,
            f"{original_name} has {form.head.row_count:,} rows. Check which field "
            "each column fills, then what their values become, and import.",
        )
        return redirect("fitcheck:import_preview", contact_import.pk)
    imports = for_workspace(request, ContactImport).defer(
        "rejected", "mapping", "checks", "values", "warnings"
    )
    context = {"form": form, "imports": imports[:RECENT_IMPORTS]}
    status = 400 if request.method == "POST" else 200
    return render(request, "fitcheck/import_upload.html", context, status=status)


@workspace_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    """Step 2, and the outcome once imported: which field each column fills."""
    contact_import = get_for_workspace(request, ContactImport, pk=import_id)
    if not contact_import.file:
        return _file_deleted(request, contact_import)
    locked = contact_import.status in (Status.IMPORTED, Status.IMPORTING)
    if locked and request.method == "POST":
        imported = contact_import.status == Status.IMPORTED
        messages.warning(request, ALREADY_IMPORTED if imported else IMPORTING)
        return redirect("fitcheck:import_preview", contact_import.pk)
    head = _head(contact_import)
    form = ColumnMappingForm(
        request.POST if request.method == "POST" else None,
        header=head.header,
        mapping=_mapping(contact_import, head),
        disabled=locked,
    )
    if form.is_valid():
        _choose_columns(contact_import, form.mapping)
        return redirect("fitcheck:import_confirm", contact_import.pk)
    status = 400 if request.method == "POST" else 200
    context = _columns_context(contact_import, head, form)
    return render(request, "fitcheck/import_preview.html", context, status=status)


def _columns_context(
    contact_import: ContactImport, head: Head, form: ColumnMappingForm
) -> dict:
    """The mapping table: one row per file column, those empty in every row apart;
    while the file is being imported, the job's progress."""
    imported = contact_import.status == Status.IMPORTED
    importing = contact_import.status == Status.IMPORTING
    job = ImportJob.objects.latest_for(contact_import) if importing else None
    filled = contact_import.checks.get("filled") or [True] * len(head.header)
    columns = [
        {"field": form[f"column_{i}"], "samples": head.samples(i), "filled": filled[i]}
        for i in range(len(head.header))
    ]
    return {
        "contact_import": contact_import,
        "form": form,
        "columns": [column for column in columns if column["filled"]],
        "empty_columns": [column for column in columns if not column["filled"]],
        "imported": imported,
        "failed": contact_import.status == Status.FAILED,
        "job": job,
        "job_message": IMPORT_WORDS.message(job),
        "warnings": contact_import.warnings
        if imported
        else file_warnings({"swallowed": contact_import.checks.get("swallowed", {})}),
    }


@workspace_required
@require_http_methods(["GET", "POST"])
def import_confirm(request: HttpRequest, import_id: int) -> HttpResponse:
    """Step 3: what the values of choice columns become, what to know, import."""
    contact_import = get_for_workspace(request, ContactImport, pk=import_id)
    if not contact_import.file:
        return _file_deleted(request, contact_import)
    counted = contact_import.checks.get("values")
    locked = contact_import.status in (Status.IMPORTED, Status.IMPORTING)
    if locked or counted is None:
        return redirect("fitcheck:import_preview", contact_import.pk)
    remembered = (
        ValueChoice.objects.for_workspace(request.workspace)
        .filter(field__in=counted)
        .as_lookup()
    )
    form = ValueMappingForm(
        request.POST if request.method == "POST" else None,
        counted=counted,
        remembered=remembered,
    )
    if form.is_valid():
        try:
            job = queue_import(contact_import=contact_import, values=form.value_maps)
        except AlreadyImported:
            messages.warning(request, ALREADY_IMPORTED)
        else:
            record_request(
                request,
                Action.IMPORTED_CONTACTS,
                detail=f"Import {contact_import.pk} of {job.total} row(s) queued",
            )
        return redirect("fitcheck:import_preview", contact_import.pk)
    context = {
        "contact_import": contact_import,
        "form": form,
        "warnings": file_warnings(contact_import.checks),
        "row_count": contact_import.checks.get("rows"),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "fitcheck/import_confirm.html", context, status=status)


@workspace_required
@require_GET
def import_progress(request: HttpRequest, import_id: int) -> JsonResponse:
    """The import job's progress, for the import page's bar."""
    contact_import = get_for_workspace(request, ContactImport, pk=import_id)
    return progress_response(ImportJob.objects.latest_for(contact_import), IMPORT_WORDS)


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


def _choose_columns(contact_import: ContactImport, mapping: list[str]) -> None:
    try:
        choose_columns(contact_import=contact_import, mapping=mapping)
    except (OSError, csvfiles.BadFile):
        raise Http404("The uploaded file is no longer readable.") from None


def _mapping(contact_import: ContactImport, head: Head) -> list[str]:
    """The columns chosen for the last import attempt, else a guess from the header
    (preferring columns that hold values)."""
    saved = contact_import.mapping
    if isinstance(saved, list) and len(saved) == len(head.header):
        return saved
    filled = contact_import.checks.get("filled")
    return guess_mapping(head.header, filled if filled else None)
