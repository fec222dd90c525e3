"""The SQL statements of the survey link pages (feedback/link_queries.py) against
what the ORM would give."""

import pytest
from django.utils import timezone

from accounts import tokens
from feedback import link_queries, services
from feedback.models import Invitation
from tests.factories import InvitationFactory

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


def test_only_a_sent_invitation_is_marked_opened(invitation):
    first, later = timezone.now(), timezone.now()
    link_queries.mark_opened(invitation.pk, first)
    link_queries.mark_opened(invitation.pk, later)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.opened_at) == (Status.OPENED, first)


def test_an_invitation_is_claimed_for_an_answer_once(invitation):
    now = timezone.now()
    assert link_queries.claim_for_answer(invitation.pk, now)
    assert not link_queries.claim_for_answer(invitation.pk, now)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_at) == (Status.ANSWERED, now)
