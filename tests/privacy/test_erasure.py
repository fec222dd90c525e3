"""Erasing people (privacy/services/erasure.py): what goes, what stays, and what
it costs."""

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from audit.models import Action, AuditEvent
from core.tasks import send_email
from feedback.models import Answer, AnswerTheme, Invitation, Response, Suppression
from fitcheck.models import ClientSnapshot, Contact, ErasedAddress, FitScore
from fitcheck.models.erased import address_hash
from fitcheck.services import snapshots
from privacy.services.erasure import erase_contacts, plan
from tests.factories import (
    ContactFactory,
    InvitationFactory,
    PersonaFactory,
    QuestionFactory,
    ThemeFactory,
)


@pytest.fixture
def queued_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def answered(invitation, *, rating=4, text="Lovely sessions") -> Response:
    survey = invitation.survey
    response = Response.objects.create(
        survey=survey,
        invitation=invitation,
        contact=invitation.contact,
        submitted_at=invitation.created_at,
    )
    rating_q = QuestionFactory(survey=survey, kind="rating")
    text_q = QuestionFactory(survey=survey, kind="long_text")
    Answer.objects.create(response=response, question=rating_q, number=rating)
    Answer.objects.create(response=response, question=text_q, text=text)
    return response


def scored(contact) -> FitScore:
    return FitScore.objects.create(
        workspace=contact.workspace,
        contact=contact,
        persona=PersonaFactory(workspace=contact.workspace),
        rubric_version=1,
        score=70,
        band="good",
        confidence=0.8,
        breakdown={"lines": [{"label": "Age", "text": f"{contact.name} is 41"}]},
        computed_at=contact.created_at,
        stage=contact.stage,
    )


def erase(workspace, *contacts, **options):
    return erase_contacts(
        workspace=workspace,
        contacts=Contact.objects.filter(pk__in=[c.pk for c in contacts]),
        **options,
    )


def test_without_keeping_answers_the_responses_go_with_their_answers_and_tags(
    workspace, owner
):
    invitation = InvitationFactory(survey__workspace=workspace)
    response = answered(invitation)
    theme = ThemeFactory(workspace=workspace)
    AnswerTheme.objects.create(answer=response.answers.get(text__gt=""), theme=theme)
    scored(invitation.contact)

    result = erase(workspace, invitation.contact, actor=owner)

    assert (result.contacts, result.responses_deleted, result.responses_kept) == (
        1,
        1,
        0,
    )
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert not AnswerTheme.objects.exists()
    assert not Invitation.objects.exists()
    assert not FitScore.objects.exists()
    theme.refresh_from_db()  # The practitioner's own themes stay.


def test_erasure_is_recorded_without_the_person_s_data(workspace, owner):
    contact = ContactFactory(workspace=workspace, name="Wilhelmina Vane")
    erase(workspace, contact, actor=owner)
    event = AuditEvent.objects.get()
    assert (event.action, event.contact_id, event.actor, event.actor_email) == (
        Action.ERASED_PERSON,
        contact.pk,
        owner,
        owner.email,
    )
    assert "Wilhelmina" not in event.detail
    assert contact.email not in event.detail


def test_other_people_and_other_workspaces_are_left_alone(workspace, other_workspace):
    erased = ContactFactory(workspace=workspace, email="same@example.com")
    neighbour = ContactFactory(workspace=workspace)
    elsewhere = ContactFactory(workspace=other_workspace, email="same@example.com")
    neighbour_response = answered(
        InvitationFactory(survey__workspace=workspace, contact=neighbour)
    )
    Suppression.objects.create(
        workspace=other_workspace, email="same@example.com", reason="asked"
    )

    erase(workspace, erased)

    assert set(Contact.objects.all()) == {neighbour, elsewhere}
    assert Response.objects.get() == neighbour_response
    assert Suppression.objects.get().workspace == other_workspace
    assert (
        ErasedAddress.objects.erased_among(other_workspace.pk, ["same@example.com"])
        == set()
    )


def test_a_contact_of_another_workspace_is_never_erased(workspace, other_workspace):
    elsewhere = ContactFactory(workspace=other_workspace)
    assert erase(workspace, elsewhere).contacts == 0
    assert Contact.objects.filter(pk=elsewhere.pk).exists()


def test_the_address_is_kept_only_as_a_keyed_hash(workspace, settings):
    contact = ContactFactory(workspace=workspace, email="Nell@Example.com")
    erase(workspace, contact)
    stored = ErasedAddress.objects.get()
    assert stored.email_hash == address_hash(workspace.pk, "nell@example.com")
    assert "nell" not in stored.email_hash
    assert ErasedAddress.objects.erased_among(workspace.pk, [" NELL@example.COM "]) == {
        "nell@example.com"
    }
    # After the secret key is rotated, the old key still recognises the address.
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert ErasedAddress.objects.erased_among(workspace.pk, ["nell@example.com"]) == {
        "nell@example.com"
    }


def test_a_contact_without_an_address_is_erased_too(workspace):
    contact = ContactFactory(workspace=workspace, email="")
    assert erase(workspace, contact).contacts == 1
    assert not ErasedAddress.objects.exists()


@pytest.mark.usefixtures("queued_tasks")
def test_waiting_and_finished_emails_go_but_a_running_task_is_left_to_finish(
    workspace,
):
    contact = ContactFactory(workspace=workspace, email="ivy@example.com")
    waiting = send_email.enqueue(to=["IVY@example.com"], subject="Hi", body="Hello")
    running = send_email.enqueue(to=["ivy@example.com"], subject="Hi", body="Again")
    DBTaskResult.objects.filter(pk=running.id).update(status=TaskResultStatus.RUNNING)
    someone_else = send_email.enqueue(to=["rex@example.com"], subject="Hi", body="Yo")

    assert erase(workspace, contact).tasks_cancelled == 1

    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert {str(pk) for pk in left} == {running.id, someone_else.id}
    assert waiting.id not in {str(pk) for pk in left}


def test_the_plan_counts_what_would_go(workspace):
    invitation = InvitationFactory(survey__workspace=workspace)
    answered(invitation)
    scored(invitation.contact)
    counted = plan(workspace=workspace, contact_ids=[invitation.contact.pk])
    assert (
        counted.contacts,
        counted.fit_scores,
        counted.invitations,
        counted.responses,
        counted.text_answers,
        counted.other_answers,
    ) == (1, 1, 1, 1, 1, 1)


def test_the_band_kept_from_becoming_a_client_goes_and_is_counted(workspace):
    contact = ContactFactory(workspace=workspace, stage=Contact.Stage.CLIENT)
    scored(contact)
    snapshots.keep_client_bands(contacts=Contact.objects.filter(pk=contact.pk))
    assert plan(workspace=workspace, contact_ids=[contact.pk]).client_bands == 1
    erase(workspace, contact)
    assert not ClientSnapshot.objects.exists()


def statements_to_erase(workspace, contacts) -> int:
    with CaptureQueriesContext(connection) as queries:
        erase(workspace, *contacts)
    return len(queries)


def test_the_statements_do_not_grow_with_the_workspace_or_the_people_erased(
    workspace,
):
    def person():
        invitation = InvitationFactory(survey__workspace=workspace)
        answered(invitation)
        scored(invitation.contact)
        return invitation.contact

    ContactFactory.create_batch(3, workspace=workspace)
    one = statements_to_erase(workspace, [person()])
    ContactFactory.create_batch(30, workspace=workspace)
    five = statements_to_erase(workspace, [person() for _ in range(5)])
    assert one == five
    assert one < 40
