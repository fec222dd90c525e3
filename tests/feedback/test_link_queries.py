"""The SQL statements of the survey link pages (feedback/link_queries.py) against
what the ORM would give."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import tokens
from feedback import link_queries, services
from feedback.models import Answer, Invitation, Response
from tests.factories import InvitationFactory, QuestionFactory

Status = Invitation.Status


@pytest.fixture
def invitation(db):
    return InvitationFactory(status=Status.SENT)


def test_the_read_gives_what_select_related_gives(invitation):
    token = services.new_link_token(invitation)
    found = link_queries.invitation_by_token_hash(tokens.hash_token(token))
    expected = Invitation.objects.select_related("survey__workspace").get(
        pk=invitation.pk
    )
    pairs = [
        (found, expected),
        (found.survey, expected.survey),
        (found.survey.workspace, expected.survey.workspace),
    ]
    for got, wanted in pairs:
        for field in type(wanted)._meta.concrete_fields:
            assert getattr(got, field.attname) == getattr(wanted, field.attname)
        assert not got._state.adding  # Saved rows, as the ORM would mark them.


def test_an_unknown_hash_reads_nothing(invitation):
    services.new_link_token(invitation)
    assert link_queries.invitation_by_token_hash(tokens.hash_token("nope")) is None


def test_opening_records_the_first_opening_of_a_sent_link_only(invitation):
    token_hash = tokens.hash_token(services.new_link_token(invitation))
    first, later = timezone.now(), timezone.now() + timedelta(minutes=1)
    opened = link_queries.open_link(token_hash, first)
    assert opened.status == Status.SENT  # As it was before this opening.
    assert link_queries.open_link(token_hash, later).status == Status.OPENED
    invitation.refresh_from_db()
    assert (invitation.status, invitation.opened_at) == (Status.OPENED, first)


@pytest.mark.parametrize("status", [Status.QUEUED, Status.ANSWERED, Status.FAILED])
def test_opening_changes_nothing_but_a_sent_link(invitation, status):
    Invitation.objects.filter(pk=invitation.pk).update(status=status)
    token_hash = tokens.hash_token(services.new_link_token(invitation))
    assert link_queries.open_link(token_hash, timezone.now()).status == status
    invitation.refresh_from_db()
    assert (invitation.status, invitation.opened_at) == (status, None)


def test_opening_an_expired_link_records_nothing(invitation):
    token_hash = tokens.hash_token(services.new_link_token(invitation))
    after_expiry = invitation.expires_at + timedelta(seconds=1)
    assert link_queries.open_link(token_hash, after_expiry) is not None
    invitation.refresh_from_db()
    assert (invitation.status, invitation.opened_at) == (Status.SENT, None)


def test_opening_an_unknown_link_finds_nothing(invitation):
    assert link_queries.open_link(tokens.hash_token("nope"), timezone.now()) is None


@pytest.mark.parametrize("keep_link", [True, False], ids=["named", "anonymous"])
def test_an_invitation_is_answered_once_with_its_response_and_answers(
    invitation, keep_link
):
    rating, choice, text = (
        QuestionFactory(survey=invitation.survey, kind=kind)
        for kind in ("rating", "multiple", "long_text")
    )
    now = timezone.now()
    day = now.replace(hour=12, minute=0, second=0, microsecond=0)
    answer = {
        "invitation_id": invitation.pk,
        "survey_id": invitation.survey_id,
        "answered_at": now,
        "submitted_at": day,
        "keep_link": keep_link,
        "answers": [
            (rating.pk, 4, [], ""),
            (choice.pk, None, ["Early", "Late"], ""),
            (text.pk, None, [], "All good, 100%"),
        ],
    }
    response_id = link_queries.answer_invitation(**answer)
    assert link_queries.answer_invitation(**answer) is None
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_at) == (Status.ANSWERED, now)
    response = Response.objects.get()
    assert response.pk == response_id
    assert (response.survey_id, response.submitted_at) == (invitation.survey_id, day)
    linked = (invitation.pk, invitation.contact_id) if keep_link else (None, None)
    assert (response.invitation_id, response.contact_id) == linked
    stored = response.answers.order_by("question_id")
    assert [(a.question_id, a.number, a.choices, a.text) for a in stored] == [
        (rating.pk, 4, [], ""),
        (choice.pk, None, ["Early", "Late"], ""),
        (text.pk, None, [], "All good, 100%"),
    ]


def test_an_answer_with_no_answered_question_still_stores_its_response(invitation):
    response_id = link_queries.answer_invitation(
        invitation_id=invitation.pk,
        survey_id=invitation.survey_id,
        answered_at=timezone.now(),
        submitted_at=timezone.now(),
        keep_link=True,
        answers=[],
    )
    assert Response.objects.get().pk == response_id
    assert not Answer.objects.exists()
