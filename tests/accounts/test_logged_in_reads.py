"""What every logged-in request reads, as prepared statements: the session with
its user and their workspaces (accounts/sessions.py), else the user
(accounts/backends.py) or their workspaces (accounts/middleware.py). Each must
give what Django's ORM versions give."""

from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.backends import ModelBackend
from accounts.middleware import user_memberships
from accounts.models import Session
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


def test_logging_in_names_the_user_on_the_session_row(owner, client):
    client.force_login(owner)
    session = Session.objects.get(pk=client.session.session_key)
    assert session.user == owner


def test_an_anonymous_session_names_no_user(db):
    store = SessionStore()
    store["colour"] = "teal"
    store.save()
    assert Session.objects.get(pk=store.session_key).user is None
    assert SessionStore(store.session_key).user_read_with_it is None


def test_a_logged_in_request_reads_session_user_and_workspaces_at_once(
    owner, workspace, owner_client
):
    with CaptureQueriesContext(connection) as queries:
        response = owner_client.get(reverse("accounts:dashboard"))
    assert response.wsgi_request.user == owner
    assert response.wsgi_request.workspace == workspace
    statements = [query["sql"] for query in queries]
    assert any("accounts_session_with_user" in sql for sql in statements)
    assert not any("accounts_user_with_memberships" in sql for sql in statements)
    assert not any("accounts_memberships_of_user" in sql for sql in statements)


def test_the_user_is_the_one_the_session_data_names(owner, owner_client):
    # Should the column ever disagree with the data Django signs and checks,
    # the data wins: the user is read again by the id it holds.
    someone_else = UserFactory()
    key = owner_client.session.session_key
    Session.objects.filter(pk=key).update(user=someone_else)
    response = owner_client.get(reverse("accounts:dashboard"))
    assert response.wsgi_request.user == owner


def test_logging_out_deletes_the_session_row(owner, owner_client):
    key = owner_client.session.session_key
    owner_client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(pk=key).exists()


def test_deleting_a_user_deletes_their_sessions(owner, owner_client):
    owner.delete()
    assert not Session.objects.exists()


def test_clearsessions_purges_expired_sessions(db):
    store = SessionStore()
    store["colour"] = "teal"
    store.save()
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    call_command("clearsessions")
    assert not Session.objects.exists()
