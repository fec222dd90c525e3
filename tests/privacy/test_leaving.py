"""Leaving: the whole workspace as one zip, and the workspace deleted."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Workspace
from audit.models import Action, AuditEvent
from feedback.models import (
    Answer,
    AnswerTheme,
    PinnedAnswer,
    Response,
    Suppression,
    Theme,
)
from fitcheck.models import Contact, FitScore
from fitcheck.services import rubric_versions, scores
from personas.models import Persona
from privacy.services import leaving
from tests.factories import (
    ContactFactory,
    InvitationFactory,
    PersonaFactory,
    QuestionFactory,
)

EXPORT = reverse("privacy:workspace_export")
DELETE = reverse("privacy:workspace_delete")
FILES = [
    "README.txt",
    "personas.json",
    "personas.csv",
    "contacts.json",
    "contacts.csv",
    "fit_scores.json",
    "fit_scores.csv",
    "client_bands.json",
    "client_bands.csv",
    "surveys.json",
    "surveys.csv",
    "questions.csv",
    "invitations.json",
    "invitations.csv",
    "responses.json",
    "responses.csv",
    "answers.csv",
    "themes.csv",
    "answer_themes.csv",
    "pinned_answers.csv",
    "do_not_email.csv",
    "audit_trail.csv",
]


@pytest.fixture
def practice(workspace):
    """A persona with scored contacts, and a survey one of them answered."""
    persona = PersonaFactory(workspace=workspace, name="Maya", status="active")
    rubric = rubric_versions.applied_rubric(persona=persona)
    ContactFactory(workspace=workspace, name="Ann Archer", notes="=SUM(A1)")
    ContactFactory(workspace=workspace, name="Ben Brook")
    ContactFactory(workspace=workspace, name="Cleo Cruz")
    scores.rescore_contacts(rubric=rubric)
    invitation = InvitationFactory(
        survey__workspace=workspace,
        survey__title="Check-in",
        contact=Contact.objects.get(name="Ann Archer"),
    )
    response = Response.objects.create(
        survey=invitation.survey,
        invitation=invitation,
        contact=invitation.contact,
        submitted_at=invitation.created_at,
    )
    question = QuestionFactory(survey=invitation.survey, text="How was it?")
    answer = Answer.objects.create(
        response=response, question=question, text="Very good"
    )
    theme = Theme.objects.create(workspace=workspace, name="Evening sessions")
    AnswerTheme.objects.create(answer=answer, theme=theme)
    pain = persona.pains.create(text="No time after work")
    PinnedAnswer.objects.create(answer=answer, pain=pain)
    Suppression.objects.create(
        workspace=workspace, email="no@example.com", reason="asked"
    )
    return workspace


def unzip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def read_csv(archive, name) -> list[dict]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_export_is_a_zip_of_every_table_as_json_and_csv(
    owner_client, practice, monkeypatch, owner
):
    monkeypatch.setattr(leaving, "PAGE", 2)  # Several pages per table.
    response = owner_client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = unzip(response)
    assert archive.namelist() == FILES
    assert archive.testzip() is None
    contacts = json.loads(archive.read("contacts.json"))
    assert sorted(c["name"] for c in contacts) == [
        "Ann Archer",
        "Ben Brook",
        "Cleo Cruz",
    ]
    assert sorted(r["name"] for r in read_csv(archive, "contacts.csv")) == [
        "Ann Archer",
        "Ben Brook",
        "Cleo Cruz",
    ]
    ann = next(
        r for r in read_csv(archive, "contacts.csv") if r["name"] == "Ann Archer"
    )
    assert ann["notes"] == "'=SUM(A1)"  # No formula runs in a spreadsheet.
    assert len(json.loads(archive.read("fit_scores.json"))) == 3
    assert "lines" in json.loads(archive.read("fit_scores.json"))[0]["breakdown"]
    personas = json.loads(archive.read("personas.json"))
    assert personas[0]["format"] == "ideal-customer.persona"
    assert personas[0]["persona"]["name"] == "Maya"
    [response_row] = json.loads(archive.read("responses.json"))
    assert response_row["answers"][0]["text"] == "Very good"
    assert read_csv(archive, "answers.csv")[0]["text"] == "Very good"
    [theme] = read_csv(archive, "themes.csv")
    assert theme["name"] == "Evening sessions"
    [tagged] = read_csv(archive, "answer_themes.csv")
    assert tagged["theme_id"] == theme["id"]
    assert tagged["answer_id"] == read_csv(archive, "answers.csv")[0]["id"]
    [pin] = read_csv(archive, "pinned_answers.csv")
    assert (pin["persona"], pin["pinned_to"], pin["text"]) == (
        "Maya",
        "pain",
        "No time after work",
    )
    assert pin["answer_id"] == tagged["answer_id"]
    assert read_csv(archive, "do_not_email.csv")[0]["email"] == "no@example.com"
    assert AuditEvent.objects.filter(action=Action.EXPORTED_WORKSPACE).count() == 1
    assert "audit_trail.csv" in archive.namelist()


def test_the_export_is_for_owners(teammate_client, client, practice):
    assert teammate_client.get(EXPORT).status_code == 404
    assert client.get(EXPORT).status_code == 302
    assert teammate_client.get(DELETE).status_code == 404
    assert teammate_client.post(DELETE, {"name": "Harbour Lane"}).status_code == 404
    assert Workspace.objects.filter(pk=practice.pk).exists()


def test_the_export_is_read_only(owner_client, practice):
    assert owner_client.post(EXPORT).status_code == 405


def test_the_confirmation_names_what_will_go(owner_client, practice, teammate):
    page = owner_client.get(DELETE)
    assert page.status_code == 200
    text = " ".join(page.text.split())
    for words in [
        "1 persona with their rubrics",
        "3 contacts and 3 fit scores",
        "1 survey with 1 response",
        "the membership of its 2 members",
        "Type the workspace&#x27;s name",
    ]:
        assert words in text


def test_a_wrong_name_deletes_nothing_and_says_so_beside_the_field(
    owner_client, practice
):
    response = owner_client.post(DELETE, {"name": "Harbour"})
    assert response.status_code == 400
    assert "That is not the workspace&#x27;s name." in response.text
    assert Contact.objects.count() == 3


def test_typing_the_name_deletes_the_workspace_and_everything_in_it(
    owner_client,
    practice,
    owner,
    other_workspace,
    outsider,
    django_capture_on_commit_callbacks,
):
    kept = ContactFactory(workspace=other_workspace)
    with django_capture_on_commit_callbacks() as deletion:
        response = owner_client.post(DELETE, {"name": "Harbour Lane"}, follow=True)
    assert response.status_code == 200
    assert "Harbour Lane is no longer in your account" in response.text
    # Gone from everyone's account at once; the worker deletes the rest.
    assert not Membership.objects.filter(workspace=practice).exists()
    assert Workspace.objects.filter(pk=practice.pk).exists()
    [run_task] = deletion
    run_task()
    assert not Workspace.objects.filter(pk=practice.pk).exists()
    assert list(Contact.objects.all()) == [kept]
    assert not FitScore.objects.exists()
    assert not Persona.objects.filter(workspace_id=practice.pk).exists()
    assert not Response.objects.exists()
    assert not Membership.objects.filter(workspace_id=practice.pk).exists()
    assert Membership.objects.filter(user=outsider).exists()
    owner.refresh_from_db()  # The account stays.


def test_a_deletion_no_worker_finished_is_queued_again_and_done_once(
    practice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():  # The task is lost.
        leaving.request_deletion(workspace=practice)
    assert leaving.requeue_stuck_deletions() == 0  # Not yet overdue.
    later = timezone.now() + leaving.STUCK_AFTER + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert leaving.requeue_stuck_deletions(now=later) == 1
    assert not Workspace.objects.filter(pk=practice.pk).exists()
    assert leaving.delete_workspace(workspace_id=practice.pk) is False


def test_a_workspace_nobody_asked_to_delete_is_never_deleted_by_the_task(practice):
    assert leaving.delete_workspace(workspace_id=practice.pk) is False
    assert Workspace.objects.filter(pk=practice.pk).exists()
