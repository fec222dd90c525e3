from django.urls import reverse

from accounts.models import Membership, Workspace
from tests.factories import MembershipFactory, UserFactory


def test_a_user_without_workspace_is_asked_to_create_one(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:dashboard"))
    assert response.url == reverse("accounts:workspace_create")


def test_creating_a_workspace_makes_the_user_its_owner(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:workspace_create"), {"name": "Side Project"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=user)
    assert membership.is_owner
    assert membership.workspace.name == "Side Project"


def test_creating_a_workspace_without_a_name_shows_an_error(owner_client):
    response = owner_client.post(reverse("accounts:workspace_create"), {"name": ""})
    assert response.status_code == 200
    assert "This field is required" in response.text


def test_switching_to_a_workspace_of_ones_own(owner_client, owner, other_workspace):
    MembershipFactory(workspace=other_workspace, user=owner, role="member")
    response = owner_client.post(
        reverse("accounts:workspace_switch", args=[other_workspace.pk])
    )
    assert response.status_code == 302
    dashboard = owner_client.get(reverse("accounts:dashboard"))
    assert "Elsewhere Studio" in dashboard.text


def test_switching_to_someone_elses_workspace_is_404(owner_client, other_workspace):
    response = owner_client.post(
        reverse("accounts:workspace_switch", args=[other_workspace.pk])
    )
    assert response.status_code == 404


def test_switch_refuses_get(owner_client, workspace):
    url = reverse("accounts:workspace_switch", args=[workspace.pk])
    assert owner_client.get(url).status_code == 405


def test_workspace_slug_is_unique(db):
    Workspace.objects.create(name="A", slug="same")
    import pytest
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Workspace.objects.create(name="B", slug="same")
