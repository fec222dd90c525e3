import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, TeamInvite
from tests.factories import TeamInviteFactory, UserFactory

TEAM = reverse("accounts:team")
INVITE = reverse("accounts:team_invite")


def invite_url(raw: str) -> str:
    return reverse("accounts:invite_accept", args=[raw])


def test_team_page_lists_members(owner_client, teammate):
    response = owner_client.get(TEAM)
    assert response.status_code == 200
    assert "tom@example.com" in response.text
    assert "Invite a teammate" in response.text


def test_team_page_needs_login(client, db):
    assert client.get(TEAM).status_code == 302


def test_owner_invites_by_email_and_only_a_hash_is_stored(
    owner_client, workspace, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(INVITE, {"email": "New.Person@example.com"})
    assert response.status_code == 302
    invite = TeamInvite.objects.get()
    assert invite.email == "new.person@example.com"
    assert invite.workspace == workspace
    assert len(mailoutbox) == 1
    raw = re.search(r"/accounts/invite/([\w-]+)/", mailoutbox[0].body)[1]
    assert len(raw) >= 43
    assert raw not in invite.token_hash
    assert mailoutbox[0].alternatives  # an HTML part too


def test_invite_email_is_not_sent_when_the_transaction_rolls_back(
    workspace, owner, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from accounts import services

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.invite_teammate(
                    workspace=workspace,
                    email="x@example.com",
                    invited_by=owner,
                )
                raise RuntimeError("something later failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mailoutbox == []
    assert not TeamInvite.objects.exists()


def test_invite_with_a_bad_email_shows_the_error(owner_client):
    response = owner_client.post(INVITE, {"email": "not-an-email"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.text


def test_inviting_a_current_member_is_refused(owner_client, teammate):
    response = owner_client.post(INVITE, {"email": teammate.email})
    assert response.status_code == 400
    assert "already in your workspace" in response.text


def test_members_who_are_not_owners_cannot_invite(teammate_client):
    assert teammate_client.post(INVITE, {"email": "a@example.com"}).status_code == 404


def test_invite_refuses_get(owner_client):
    assert owner_client.get(INVITE).status_code == 405


def test_opening_an_invite_does_not_spend_it(client, workspace):
    invite = TeamInviteFactory(workspace=workspace, raw_token="t" * 43)
    response = client.get(invite_url("t" * 43))
    assert response.status_code == 200
    assert "Join Harbour Lane" in response.text
    invite.refresh_from_db()
    assert invite.accepted_at is None


def test_a_logged_in_user_accepts_and_joins(client, workspace):
    TeamInviteFactory(workspace=workspace, raw_token="a" * 43, email="new@example.com")
    newcomer = UserFactory(email="new@example.com")
    client.force_login(newcomer)
    response = client.post(invite_url("a" * 43))
    assert response.status_code == 302
    assert Membership.objects.filter(
        workspace=workspace, user=newcomer, role="member"
    ).exists()
    assert client.session["workspace_id"] == workspace.pk


def test_an_invite_link_works_only_once(client, workspace):
    TeamInviteFactory(workspace=workspace, raw_token="b" * 43, email="b@example.com")
    client.force_login(UserFactory(email="b@example.com"))
    client.post(invite_url("b" * 43))
    response = client.post(invite_url("b" * 43))
    assert response.status_code == 404
    assert "doesn't work" in response.text
    assert Membership.objects.filter(workspace=workspace).count() == 1


def test_an_expired_invite_looks_like_an_unknown_one(client, workspace):
    TeamInviteFactory(
        workspace=workspace,
        raw_token="c" * 43,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    expired = client.get(invite_url("c" * 43))
    unknown = client.get(invite_url("z" * 43))
    assert expired.status_code == unknown.status_code == 404
    assert expired.text == unknown.text


def test_anonymous_visitor_is_offered_signup_with_a_way_back(client, workspace):
    TeamInviteFactory(workspace=workspace, raw_token="d" * 43)
    response = client.get(invite_url("d" * 43))
    assert "Create an account" in response.text
    assert "next=/accounts/invite/" in response.text
    # Posting without logging in changes nothing.
    client.post(invite_url("d" * 43))
    assert TeamInvite.objects.get().accepted_at is None


@pytest.mark.parametrize("method", ["put", "delete"])
def test_invite_accept_refuses_other_methods(client, workspace, method):
    TeamInviteFactory(workspace=workspace, raw_token="e" * 43)
    assert getattr(client, method)(invite_url("e" * 43)).status_code == 405


def test_the_invite_s_plain_text_and_subject_show_names_as_typed(
    owner_client, workspace, mailoutbox, django_capture_on_commit_callbacks
):
    workspace.name = "Smith & O'Neil <Physio>"
    workspace.save()
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(INVITE, {"email": "new.person@example.com"})
    message = mailoutbox[0]
    assert "Smith & O'Neil <Physio>" in message.subject
    assert "Smith & O'Neil <Physio>" in message.body
    assert "&amp;" not in message.body
    assert "Smith &amp; O&#x27;Neil &lt;Physio&gt;" in message.alternatives[0].content


def test_invite_to_an_email_longer_than_its_column_is_refused(owner_client):
    email = f"{'a' * 60}@{'b' * 60}.{'c' * 60}.{'d' * 60}.example.com"
    response = owner_client.post(INVITE, {"email": email})
    assert response.status_code == 400
    assert "at most 254 characters" in response.text
    assert not TeamInvite.objects.exists()
