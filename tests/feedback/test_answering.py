"""Survey links: opening one records the first opening of a sent link only;
answering claims the invitation once and stores the response with its answers."""

import pytest
from django.utils import timezone

from feedback import services
from feedback.models import Answer, Invitation, Response
from tests.factories import InvitationFactory, QuestionFactory

Status = Invitation.Status


@pytest.fixture
def invitation(db):
    return InvitationFactory(status=Status.SENT)


def test_opening_records_the_first_opening_of_a_sent_link_only(invitation):
    token = services.new_link_token(invitation)
    opened = services.open_link(token)
    assert opened == invitation
    assert opened.survey.workspace == invitation.survey.workspace
    invitation.refresh_from_db()
    first = invitation.opened_at
    assert invitation.status == Status.OPENED and first is not None
    assert services.open_link(token).status == Status.OPENED
    invitation.refresh_from_db()
    assert invitation.opened_at == first


@pytest.mark.parametrize("status", [Status.QUEUED, Status.ANSWERED, Status.FAILED])
def test_opening_changes_nothing_but_a_sent_link(invitation, status):
    Invitation.objects.filter(pk=invitation.pk).update(status=status)
    assert services.open_link(services.new_link_token(invitation)).status == status
    invitation.refresh_from_db()
    assert (invitation.status, invitation.opened_at) == (status, None)


def test_an_expired_or_unknown_link_opens_nothing(invitation):
    token = services.new_link_token(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    assert services.open_link(token) is None
    assert services.open_link("nope") is None
    invitation.refresh_from_db()
    assert (invitation.status, invitation.opened_at) == (Status.SENT, None)


@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
def test_an_invitation_is_answered_once_with_its_response_and_answers(
    invitation, anonymous
):
    survey = invitation.survey
    survey.anonymous = anonymous
    rating, choice, text = (
        QuestionFactory(survey=survey, kind=kind)
        for kind in ("rating", "multiple", "long_text")
    )
    answers = {
        rating: {"number": 4},
        choice: {"choices": ["Early", "Late"]},
        text: {"text": "All good, 100%"},
    }
    response = services.submit_response(
        survey=survey, answers=answers, invitation=invitation
    )
    with pytest.raises(services.AlreadyAnswered):
        services.submit_response(survey=survey, answers=answers, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == Status.ANSWERED
    assert Response.objects.get() == response
    linked = (None, None) if anonymous else (invitation.pk, invitation.contact_id)
    assert (response.invitation_id, response.contact_id) == linked
    stored = response.answers.order_by("question_id")
    assert [(a.question_id, a.number, a.choices, a.text) for a in stored] == [
        (rating.pk, 4, [], ""),
        (choice.pk, None, ["Early", "Late"], ""),
        (text.pk, None, [], "All good, 100%"),
    ]


def test_an_answer_with_no_answered_question_still_stores_its_response(invitation):
    services.submit_response(
        survey=invitation.survey, answers={}, invitation=invitation
    )
    assert Response.objects.get().invitation == invitation
    assert not Answer.objects.exists()


def test_a_link_set_back_to_sent_by_hand_keeps_its_one_response(invitation):
    survey = invitation.survey
    services.submit_response(survey=survey, answers={}, invitation=invitation)
    Invitation.objects.filter(pk=invitation.pk).update(status=Status.SENT)
    with pytest.raises(services.AlreadyAnswered):
        services.submit_response(survey=survey, answers={}, invitation=invitation)
    assert Response.objects.count() == 1
    # The refused answer spoiled nothing: the caller's transaction goes on.
    assert Invitation.objects.get(pk=invitation.pk).status == Status.SENT
