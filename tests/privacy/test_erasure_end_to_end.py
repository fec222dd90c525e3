"""The issue's test: a prospect comes through the public intake and answers two
surveys; their data is exported, then erased, and no table still holds their
email or name."""

import json
import re
from datetime import time

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.timezone import localtime

from core.tasks import send_email
from feedback import services as feedback
from feedback.models import Answer, Question, Response, Suppression
from fitcheck.models import (
    ClientSnapshot,
    Contact,
    ContactImport,
    ErasedAddress,
    IntakePage,
)
from fitcheck.services import snapshots
from tests.factories import QuestionFactory, SurveyFactory
from tests.fitcheck.test_intake import IDEAL_ANSWERS
from tests.personas.builders import make_maya
from tests.privacy.scan import traces

NAME = "Zephyrine Quillfeather"
EMAIL = "Zephyrine.Q@Example.org"
MESSAGE = "Ask me about the marmalade incident."
WRITTEN = "Zephyrine here: evenings suit me better."

INTAKE = {**IDEAL_ANSWERS, "name": NAME, "email": EMAIL, "message": MESSAGE}


@pytest.fixture
def queued_tasks(settings):
    """Tasks are rows of the database queue, as in production, and no worker
    runs them: whatever they carry stays in the table until erased."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def survey_with_three_questions(workspace, title: str):
    survey = SurveyFactory(workspace=workspace, title=title)
    rating = QuestionFactory(survey=survey, kind=Question.Kind.RATING, text="How?")
    choice = QuestionFactory(
        survey=survey, kind=Question.Kind.SINGLE, text="When?", choices=["AM", "PM"]
    )
    text = QuestionFactory(survey=survey, kind=Question.Kind.LONG_TEXT, text="More?")
    return survey, {
        f"q{rating.pk}": "5",
        f"q{choice.pk}": "PM",
        f"q{text.pk}": WRITTEN,
    }


def came_through_intake_and_answered_two_surveys(
    client, workspace, owner, capture
) -> tuple[Contact, list]:
    IntakePage.objects.create(
        workspace=workspace, persona=make_maya(workspace), published=True
    )
    with capture(execute=True):  # The intake's email to the owners is queued.
        response = client.post(
            reverse("fitcheck:intake", args=[workspace.slug]), INTAKE
        )
    assert response.status_code == 302
    contact = Contact.objects.get(email__iexact=EMAIL)
    assert contact.source == Contact.Source.INTAKE
    surveys = []
    for title in ("Autumn check-in", "Persona check"):
        survey, answers = survey_with_three_questions(workspace, title)
        with capture(execute=True):
            feedback.invite(survey=survey, contacts=[contact])
        invitation = survey.invitations.get()
        token = feedback.new_link_token(invitation)
        answered = client.post(reverse("feedback:answer", args=[token]), answers)
        assert answered.status_code == 200
        surveys.append(survey)
    return contact, surveys


def leave_traces_elsewhere(workspace, owner, contact) -> None:
    """The other places a person's data ends up: the plain do-not-email list, an
    email waiting in the queue, the admin's history, an uploaded file and the
    reasons an import gave for leaving rows out."""
    Suppression.objects.create(workspace=workspace, email=EMAIL.lower(), reason="asked")
    send_email.enqueue(to=[EMAIL], subject="Your next session", body=f"Hi {NAME}")
    LogEntry.objects.log_actions(
        user_id=owner.pk, queryset=[contact], action_flag=CHANGE, change_message=NAME
    )
    upload = ContactImport(workspace=workspace, original_name="march.csv")
    upload.file.save("march.csv", ContentFile(f"name,email\n{NAME},{EMAIL}\n".encode()))
    upload.rejected = [[2, f"{EMAIL.lower()} is already a contact in your workspace"]]
    upload.save()


def became_a_client(owner_client, contact) -> None:
    """Through the contact form, which keeps the band they had then."""
    contact.stage = Contact.Stage.CLIENT
    contact.save(update_fields=["stage"])
    snapshots.keep_client_bands(contacts=Contact.objects.filter(pk=contact.pk))
    assert ClientSnapshot.objects.filter(contact=contact).exists()


@pytest.mark.usefixtures("queued_tasks")
def test_a_person_is_exported_then_erased_and_no_table_holds_their_email_or_name(
    client, owner_client, workspace, owner, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    contact, surveys = came_through_intake_and_answered_two_surveys(
        client, workspace, owner, capture
    )
    leave_traces_elsewhere(workspace, owner, contact)
    became_a_client(owner_client, contact)
    before = traces(EMAIL, NAME)
    assert "fitcheck.Contact.email" in before
    assert "django_tasks_database.DBTaskResult.args_kwargs" in before
    assert "admin.LogEntry.object_repr" in before
    assert "fitcheck.ContactImport.rejected" in before
    assert "feedback.Suppression.email" in before

    exported = owner_client.get(reverse("privacy:contact_export", args=[contact.pk]))
    assert exported.status_code == 200
    assert "attachment" in exported["Content-Disposition"]
    document = json.loads(
        re.search(
            r'<script id="person-data" type="application/json">(.*?)</script>',
            exported.text,
            re.S,
        ).group(1)
    )
    assert document["contact"]["email"] == contact.email
    assert document["contact"]["notes"].endswith(MESSAGE)
    assert document["where_it_came_from"]["source"] == "intake"
    assert document["fit_scores"][0]["breakdown"]["lines"]
    assert [s["persona"] for s in document["fit_when_they_became_a_client"]] == ["Maya"]
    assert [i["survey"] for i in document["survey_invitations"]] == [
        "Autumn check-in",
        "Persona check",
    ]
    assert [
        [a["answer"] for a in r["answers"]] for r in document["survey_responses"]
    ] == [[5, ["PM"], WRITTEN], [5, ["PM"], WRITTEN]]
    assert document["do_not_email"]["reason"] == "Asked not to be emailed"
    assert NAME in exported.text and WRITTEN in exported.text  # The readable page.

    with capture(execute=True):  # Files go once the erasure is committed.
        erased = owner_client.post(
            reverse("privacy:contact_erase", args=[contact.pk]),
            {"confirm": "on", "keep_answers": "on"},
        )
    assert erased.status_code == 302

    assert traces(EMAIL, NAME, MESSAGE, WRITTEN) == []
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert not ClientSnapshot.objects.exists()
    upload = ContactImport.objects.get()
    assert not upload.file
    # Kept as the practitioner chose: ratings and choices, nothing linking back.
    kept = Response.objects.filter(survey__in=surveys)
    assert kept.count() == 2
    assert not kept.filter(contact__isnull=False).exists()
    assert not kept.filter(invitation__isnull=False).exists()
    assert {localtime(r.submitted_at).time() for r in kept} == {time(0)}  # Day only.
    assert sorted(
        (number or 0, choices)
        for number, choices in Answer.objects.values_list("number", "choices")
    ) == [(0, ["PM"]), (0, ["PM"]), (5, []), (5, [])]
    assert not Answer.objects.exclude(text="").exists()
    # The address stays only as a keyed hash on the do-not-email list.
    assert ErasedAddress.objects.erased_among(workspace.pk, [EMAIL]) == {EMAIL.lower()}
