"""Logged-in requests: Django's sessions and authentication, and the user's
workspaces read once per request."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory

PAGE = reverse("personas:list")


def test_a_deactivated_user_is_logged_out_on_the_next_request(owner, owner_client):
    owner.is_active = False
    owner.save()
    response = owner_client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_changed_password_logs_other_sessions_out(owner, owner_client):
    owner.set_password("a new and long passphrase")
    owner.save()
    assert owner_client.get(PAGE).status_code == 302


def test_a_deleted_user_is_logged_out(owner, owner_client):
    owner.delete()
    assert owner_client.get(PAGE).status_code == 302


def test_an_expired_session_is_logged_out(owner, owner_client):
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert owner_client.get(PAGE).status_code == 302


def test_logging_out_deletes_the_session(owner, owner_client):
    key = owner_client.session.session_key
    owner_client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(pk=key).exists()
    assert owner_client.get(PAGE).status_code == 302


def test_clearsessions_purges_expired_sessions(owner, owner_client):
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    call_command("clearsessions")
    assert not Session.objects.exists()


def test_the_workspaces_are_the_users_own_in_the_order_joined(owner, workspace, client):
    later = WorkspaceFactory(name="Later Practice")
    MembershipFactory(workspace=later, user=owner, role="member")
    MembershipFactory(workspace=WorkspaceFactory(), user=UserFactory())
    client.force_login(owner)
    request = client.get(reverse("accounts:dashboard")).wsgi_request
    assert [m.workspace for m in request.memberships] == [workspace, later]
    assert request.workspace == workspace
    assert request.memberships[1].role == "member"


def test_the_workspaces_are_read_once_however_many_there_are(owner, owner_client):
    def membership_reads() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert owner_client.get(PAGE).status_code == 200
        return sum('FROM "accounts_membership"' in q["sql"] for q in queries)

    assert membership_reads() == 1
    for number in range(5):
        MembershipFactory(workspace=WorkspaceFactory(name=f"Site {number}"), user=owner)
    assert membership_reads() == 1
