"""The import page while the worker imports the file: its progress bar and the
progress it polls, then the outcome."""

import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fitcheck.models import Contact, ContactImport, ImportJob
from fitcheck.services import import_jobs
from fitcheck.services.imports import check_file
from tests.factories import ContactImportFactory
from tests.jobs import held_by_a_live_worker


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def rows(count: int) -> str:
    return "name,email\n" + "".join(f"P{n},p{n}@example.com\n" for n in range(count))


def mapped(workspace, text: str = rows(3)) -> ContactImport:
    data = text.encode()
    return ContactImportFactory(
        workspace=workspace,
        file__data=data,
        checks={**check_file(io.BytesIO(data)).as_checks(), "values": {}},
        mapping=["name", "email"],
    )


def page_url(contact_import: ContactImport) -> str:
    return reverse("fitcheck:import_preview", args=[contact_import.pk])


def progress_url(contact_import: ContactImport) -> str:
    return reverse("fitcheck:import_progress", args=[contact_import.pk])


def confirm_url(contact_import: ContactImport) -> str:
    return reverse("fitcheck:import_confirm", args=[contact_import.pk])


@pytest.fixture
def importing(workspace) -> ContactImport:
    """An import confirmed, its job half done by a live worker."""
    contact_import = mapped(workspace, rows(4))
    job = import_jobs.queue_import(contact_import=contact_import)
    ImportJob.objects.filter(pk=job.pk).update(done=2, **held_by_a_live_worker())
    return contact_import


def test_confirming_queues_the_import_and_shows_its_page(
    owner_client, workspace, django_capture_on_commit_callbacks
):
    contact_import = mapped(workspace)
    with django_capture_on_commit_callbacks() as callbacks:
        response = owner_client.post(confirm_url(contact_import), {}, follow=True)
    assert response.redirect_chain == [(page_url(contact_import), 302)]
    assert len(callbacks) == 1  # The worker's task, queued once committed.
    assert not Contact.objects.exists()  # Not in the request.
    assert "Waiting to start: 3 rows to import." in response.text
    assert 'aria-labelledby="importing"' in response.text
    assert '<meta http-equiv="refresh" content="5">' in response.text
    assert "js/job-progress.js" in response.text


def test_a_double_click_queues_one_import(owner_client, workspace):
    contact_import = mapped(workspace)
    first = owner_client.post(confirm_url(contact_import), {})
    second = owner_client.post(confirm_url(contact_import), {})
    assert first.url == second.url == page_url(contact_import)
    assert ImportJob.objects.count() == 1


def test_the_page_shows_the_rows_done_while_it_runs(owner_client, importing):
    response = owner_client.get(page_url(importing))
    assert "Importing: 2 of 4 rows read (50%)." in response.text
    assert '<progress class="job-bar" max="100" value="50"' in response.text
    assert "Next: check the values</button>" not in response.text


def test_the_columns_cannot_change_while_it_runs(owner_client, importing):
    response = owner_client.post(page_url(importing), {"column_0": "name"}, follow=True)
    assert "This file is being imported" in response.text
    assert owner_client.get(confirm_url(importing)).url == page_url(importing)


def test_the_progress_is_the_jobs(owner_client, importing):
    response = owner_client.get(progress_url(importing))
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {
        "status": "running",
        "done": 2,
        "total": 4,
        "percent": 50,
        "message": "Importing: 2 of 4 rows read (50%).",
    }


def test_the_progress_needs_a_login(client, importing):
    response = client.get(progress_url(importing))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_outsiders_get_404_for_the_progress(outsider_client, importing):
    assert outsider_client.get(progress_url(importing)).status_code == 404


def test_the_progress_is_only_read(owner_client, importing):
    assert owner_client.post(progress_url(importing)).status_code == 405


def test_an_import_not_started_has_no_progress(owner_client, workspace):
    response = owner_client.get(progress_url(mapped(workspace)))
    assert json.loads(response.content)["status"] == "none"


def test_once_done_the_page_shows_the_outcome(
    owner_client, workspace, django_capture_on_commit_callbacks
):
    contact_import = mapped(workspace, rows(3) + ",nameless@example.com\n")
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(confirm_url(contact_import), {})
    response = owner_client.get(page_url(contact_import))
    assert "3 contacts imported. 1 row rejected and left out." in response.text
    assert "The name is missing." in response.text
    assert "job-progress.js" not in response.text
    progress = json.loads(owner_client.get(progress_url(contact_import)).content)
    assert (progress["status"], progress["done"], progress["total"]) == ("done", 4, 4)


def test_a_failed_import_says_what_happened_and_what_to_do(owner_client, workspace):
    contact_import = mapped(workspace)
    job = import_jobs.queue_import(contact_import=contact_import)
    ImportJob.objects.filter(pk=job.pk).update(
        status="failed", done=1, error="Something broke."
    )
    response = owner_client.get(page_url(contact_import))
    assert "The import stopped after 1 of 3 rows. Something broke." in response.text
    assert "Please import the file again later" in response.text


def page_queries(client, workspace, count: int) -> int:
    contact_import = mapped(workspace, rows(count))
    job = import_jobs.queue_import(contact_import=contact_import)
    ImportJob.objects.filter(pk=job.pk).update(done=count // 2)
    with CaptureQueriesContext(connection) as page:
        assert client.get(page_url(contact_import)).status_code == 200
    with CaptureQueriesContext(connection) as progress:
        assert client.get(progress_url(contact_import)).status_code == 200
    return len(page) + len(progress)


def test_the_import_page_and_its_progress_run_the_same_queries_for_4_or_400_rows(
    owner_client, workspace
):
    assert page_queries(owner_client, workspace, 4) == page_queries(
        owner_client, workspace, 400
    )
