"""Pinning answers to a persona's pains and dreams from a question's answers
(feedback/services/pinning.py, feedback/views/pins.py)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import Action, AuditEvent
from feedback import services
from feedback.models import PinnedAnswer
from tests.factories import DreamFactory, PainFactory, PersonaFactory
from tests.feedback.validation import (
    OPEN_QUESTION,
    client,
    pin,
    respond,
    text_answer,
    validation_survey,
)


@pytest.fixture
def amara(workspace):
    persona = PersonaFactory(workspace=workspace, name="Amara")
    PainFactory(persona=persona, text="Admin swallows her evenings")
    DreamFactory(persona=persona, text="Home by six")
    return persona


@pytest.fixture
def survey(amara):
    return validation_survey(amara)


@pytest.fixture
def question(survey):
    return survey.questions.get(text=OPEN_QUESTION)


@pytest.fixture
def answer(survey, workspace):
    return text_answer(respond(survey, client(workspace), text="Invoices at 11pm"))


def pin_url(question) -> str:
    return reverse("feedback:answer_pin", args=[question.survey_id, question.pk])


def answers_url(question) -> str:
    return reverse("feedback:question_answers", args=[question.survey_id, question.pk])


def post(answer, part, action="pin") -> dict:
    kind = "pain" if hasattr(part, "intensity") else "dream"
    return {"answer": answer.pk, "target": f"{kind}-{part.pk}", "action": action}


# The service and the database -------------------------------------------------------


def test_pinning_a_group_pins_every_identical_answer_once(
    survey, workspace, amara, owner
):
    first = text_answer(respond(survey, client(workspace), text="Invoices at 11pm"))
    same = text_answer(respond(survey, client(workspace), text="invoices  at 11PM"))
    pain = amara.pains.get()
    assert services.pin_answers(answer=first, part=pain, user=owner) == 2
    assert services.pin_answers(answer=same, part=pain, user=owner) == 2
    assert PinnedAnswer.objects.count() == 2
    assert services.unpin_answers(answer=same, part=pain, user=owner) == 2
    assert not PinnedAnswer.objects.exists()


def test_pin_and_unpin_are_in_the_audit_trail_by_client_id(answer, amara, owner):
    pain = amara.pains.get()
    services.pin_answers(answer=answer, part=pain, user=owner)
    services.unpin_answers(answer=answer, part=pain, user=owner)
    events = AuditEvent.objects.order_by("pk")
    assert [e.action for e in events] == [
        Action.PINNED_ANSWER,
        Action.UNPINNED_ANSWER,
    ]
    assert {e.contact_id for e in events} == {answer.response.contact_id}
    assert all("Invoices" not in e.detail for e in events)


def test_an_answer_is_never_pinned_to_another_workspaces_persona(
    answer, other_workspace, owner
):
    foreign = PainFactory(persona__workspace=other_workspace)
    with pytest.raises(services.OtherWorkspace):
        services.pin_answers(answer=answer, part=foreign, user=owner)
    assert not PinnedAnswer.objects.exists()


def test_the_database_holds_one_pin_per_answer_and_field(answer, amara):
    pain, dream = amara.pains.get(), amara.dreams.get()
    pin(answer, pain)
    pin(answer, dream)  # Another field is another pin.
    with pytest.raises(IntegrityError), transaction.atomic():
        pin(answer, pain)
    with pytest.raises(IntegrityError), transaction.atomic():
        PinnedAnswer.objects.create(answer=answer)  # Pinned to nothing.
    with pytest.raises(IntegrityError), transaction.atomic():
        PinnedAnswer.objects.create(answer=answer, pain=pain, dream=dream)


# The view ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, question):
    url = pin_url(question)
    response = client.post(url, {})
    assert response.url == f"{reverse('accounts:login')}?next={url}"


def test_outsiders_get_404(outsider_client, question, answer, amara):
    response = outsider_client.post(pin_url(question), post(answer, amara.pains.get()))
    assert response.status_code == 404
    assert not PinnedAnswer.objects.exists()


def test_only_post(owner_client, question):
    assert owner_client.get(pin_url(question)).status_code == 405


def test_the_answers_page_offers_the_surveys_persona_first(
    owner_client, question, answer, workspace
):
    PersonaFactory(workspace=workspace, name="Aaron").pains.create(text="Too busy")
    page = owner_client.get(answers_url(question)).text
    assert page.index('label="Amara · the persona this survey tests"') < page.index(
        'label="Aaron"'
    )
    assert "Pain: Admin swallows her evenings" in page
    assert "Dream: Home by six" in page


def test_pinning_shows_on_the_answers_page_and_can_be_undone(
    owner_client, question, answer, amara
):
    pain = amara.pains.get()
    response = owner_client.post(
        f"{pin_url(question)}?page=1", post(answer, pain), follow=True
    )
    assert response.redirect_chain == [(f"{answers_url(question)}?page=1", 302)]
    assert "now pinned to pain “Admin swallows her evenings”" in response.text
    assert "Pinned to Amara’s pain “Admin swallows her evenings”" in response.text
    assert PinnedAnswer.objects.get().pain == pain
    owner_client.post(pin_url(question), post(answer, pain, "unpin"))
    assert not PinnedAnswer.objects.exists()


def test_a_dream_can_be_pinned_too(owner_client, question, answer, amara):
    dream = amara.dreams.get()
    assert owner_client.post(pin_url(question), post(answer, dream)).status_code == 302
    assert PinnedAnswer.objects.get().dream == dream


@pytest.mark.parametrize("target", ["", "pain", "flag-3", "pain-x", "pain-1-2"])
def test_a_pin_without_a_pain_or_dream_is_refused_with_a_message(
    owner_client, question, answer, target
):
    data = {"answer": answer.pk, "target": target, "action": "pin"}
    response = owner_client.post(pin_url(question), data)
    assert response.status_code == 400
    assert "Choose a pain or a dream to pin it to." in response.text
    assert not PinnedAnswer.objects.exists()


def test_another_workspaces_pain_answers_404(
    owner_client, question, answer, other_workspace
):
    foreign = PainFactory(persona__workspace=other_workspace)
    response = owner_client.post(pin_url(question), post(answer, foreign))
    assert response.status_code == 404
    assert not PinnedAnswer.objects.exists()


def test_an_answer_of_another_question_answers_404(
    owner_client, question, survey, amara, workspace
):
    rating = respond(survey, client(workspace), ratings={amara.pains.get(): 5})
    other = rating.answers.get()
    response = owner_client.post(pin_url(question), post(other, amara.pains.get()))
    assert response.status_code == 404
