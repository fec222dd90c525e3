"""What runs outside a request's transaction, committed as in production, so that
`pytest --through-pooler` (tests/pooler.py) shows it works through PgBouncer in
transaction pooling mode: the CSV downloads, which stream after their request's
transaction has committed, a preview worked out in the worker, a contact import
committing batch after batch in the worker, and upkeep.

Each reads with `.iterator()`. Outside a transaction Django declares the cursor
behind it WITH HOLD, which lives on one server connection while the pooler hands
the next FETCH to another ("cursor does not exist"). Run straight against the
database they pass either way; through the pooler they are the proof.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from feedback.models import Invitation, Response
from fitcheck.models import ContactImport, FitScore, PreviewJob
from fitcheck.services import (
    import_files,
    import_jobs,
    preview_jobs,
    rubric_versions,
    scores,
)
from tests.factories import (
    ContactFactory,
    ContactImportFactory,
    InvitationFactory,
    PersonaFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
)
from tests.two_factor import force_verified_login

pytestmark = pytest.mark.django_db(transaction=True)
CONTACTS = 5


@pytest.fixture
def scored(workspace):
    """Five contacts scored against an active persona; its applied rubric."""
    persona = PersonaFactory(workspace=workspace, name="Maya", status="active")
    rubric = rubric_versions.applied_rubric(persona=persona)
    for number in range(CONTACTS):
        ContactFactory(workspace=workspace, name=f"Contact {number}")
    scores.rescore_contacts(rubric=rubric)
    return rubric


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def csv_rows(response) -> list[list[str]]:
    assert not connection.in_atomic_block  # Streamed as in production.
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_contacts_download_streams_every_contact(owner_client, scored):
    response = owner_client.get(reverse("fitcheck:contact_export"))
    assert response.status_code == 200
    assert len(csv_rows(response)) == 1 + CONTACTS


def test_the_survey_results_download_streams_every_response(owner_client, workspace):
    survey = SurveyFactory(workspace=workspace)
    QuestionFactory(survey=survey, kind="rating", text="How is it going?")
    for _ in range(CONTACTS):
        invitation = InvitationFactory(survey=survey, status=Invitation.Status.ANSWERED)
        Response.objects.create(
            survey=survey,
            invitation=invitation,
            contact=invitation.contact,
            submitted_at=invitation.created_at,
        )
    response = owner_client.get(reverse("feedback:results_export", args=[survey.pk]))
    assert response.status_code == 200
    assert len(csv_rows(response)) == 1 + CONTACTS


def test_the_admin_scores_download_streams_every_score(client, superuser, scored):
    force_verified_login(client, superuser)
    response = client.post(
        reverse("admin:fitcheck_fitscore_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(FitScore.objects.values_list("pk", flat=True)),
        },
    )
    assert len(csv_rows(response)) == 1 + CONTACTS


def test_a_preview_is_worked_out_as_the_worker_does(scored):
    draft = rubric_versions.start_draft(persona=scored.persona)
    job = PreviewJob.objects.create(draft=draft, total=CONTACTS)
    preview_jobs.run_preview_job(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", CONTACTS, CONTACTS)


def test_an_import_commits_batch_after_batch_as_the_worker_does(
    workspace, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    monkeypatch.setattr(import_jobs, "ROWS_PER_BATCH", 2)
    text = "name,email\n" + "".join(f"P{n},p{n}@example.com\n" for n in range(5))
    contact_import = ContactImportFactory(
        workspace=workspace,
        file__data=(text + "Again,p0@example.com\n").encode(),
        checks={"rows": 6},
        mapping=["name", "email"],
    )
    job = import_jobs.queue_import(contact_import=contact_import)
    import_jobs.run_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 6, 6)
    contact_import.refresh_from_db()
    assert contact_import.imported_count == 5
    assert contact_import.rejected == [[7, "Same email as row 2."]]


def test_upkeep_deletes_old_uploaded_files(workspace, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = ContactImportFactory(workspace=workspace)
    long_ago = timezone.now() - import_files.IMPORT_FILES_KEPT - timedelta(days=1)
    ContactImport.objects.filter(pk=old.pk).update(created_at=long_ago)
    call_command("upkeep")
    old.refresh_from_db()
    assert old.file.name == ""
