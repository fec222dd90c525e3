"""What every logged-in request reads, as prepared statements: the session
(accounts/sessions.py), the user (accounts/backends.py) and the user's workspaces
(accounts/middleware.py). Each must give what Django's ORM versions give."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.backends import ModelBackend
from accounts.middleware import user_memberships
from accounts.sessions import SessionStore
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory


def test_a_saved_session_is_read_back(db):
    store = SessionStore()
    store["colour"] = "teal"
    store.save()
    assert SessionStore(store.session_key)["colour"] == "teal"


def test_an_expired_session_reads_as_empty_and_gets_a_new_key(db):
    store = SessionStore()
    store["colour"] = "teal"
    store.save()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert "colour" not in expired
    expired["colour"] = "plum"
    expired.save()
    assert expired.session_key != store.session_key


def test_an_unknown_session_key_reads_as_empty(db):
    assert dict(SessionStore("k" * 32).items()) == {}


def test_the_backend_gives_the_user_with_every_field(owner):
    found = ModelBackend().get_user(owner.pk)
    assert found == owner
    for field in type(owner)._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(owner, field.attname)


def test_the_user_comes_with_their_workspaces_in_the_order_joined(owner, workspace):
    later = WorkspaceFactory(name="Later Practice")
    MembershipFactory(workspace=later, user=owner, role="member")
    found = ModelBackend().get_user(owner.pk)
    assert [m.workspace for m in found.loaded_memberships] == [workspace, later]
    assert all(m.user is found for m in found.loaded_memberships)


def test_a_user_without_a_workspace_comes_with_none(db):
    user = UserFactory()
    assert ModelBackend().get_user(user.pk).loaded_memberships == []


def test_a_user_logged_in_during_the_request_has_their_workspaces_read(
    owner, workspace, rf
):
    # login() sets the user authenticate() found, which has no memberships loaded.
    request = rf.get("/")
    request.user = owner
    assert [m.workspace for m in user_memberships(request)] == [workspace]


def test_the_backend_refuses_an_inactive_or_missing_user(owner):
    owner.is_active = False
    owner.save()
    assert ModelBackend().get_user(owner.pk) is None
    assert ModelBackend().get_user(owner.pk + 1000) is None


def test_a_deactivated_user_is_logged_out_on_the_next_request(owner, owner_client):
    owner.is_active = False
    owner.save()
    response = owner_client.get(reverse("personas:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_changed_password_logs_other_sessions_out(owner, owner_client):
    owner.set_password("a new and long passphrase")
    owner.save()
    response = owner_client.get(reverse("personas:list"))
    assert response.status_code == 302


def test_the_workspaces_are_the_users_own_in_the_order_joined(owner, workspace, client):
    later = WorkspaceFactory(name="Later Practice")
    MembershipFactory(workspace=later, user=owner, role="member")
    MembershipFactory(workspace=WorkspaceFactory(), user=UserFactory())
    client.force_login(owner)
    request = client.get(reverse("accounts:dashboard")).wsgi_request
    assert [m.workspace for m in request.memberships] == [workspace, later]
    assert request.workspace == workspace
    assert request.memberships[1].role == "member"
