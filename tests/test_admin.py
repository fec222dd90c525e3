from django.urls import reverse

from accounts.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.two_factor import force_verified_login


def test_superuser_sees_users_workspaces_and_memberships(client, owner, outsider):
    admin = UserFactory(is_staff=True, is_superuser=True)
    force_verified_login(client, admin)
    for model in ["user", "workspace", "membership"]:
        response = client.get(reverse(f"admin:accounts_{model}_changelist"))
        assert response.status_code == 200, model
    memberships = client.get(reverse("admin:accounts_membership_changelist"))
    assert "olivia@example.com" in memberships.text
    assert "oscar@example.com" in memberships.text


def test_staff_who_are_not_superusers_see_only_their_workspace(
    client, workspace, owner, outsider
):
    staff = UserFactory(is_staff=True)
    MembershipFactory(workspace=workspace, user=staff, role="member")
    staff.user_permissions.add(
        *__import__(
            "django.contrib.auth.models", fromlist=["Permission"]
        ).Permission.objects.filter(codename__in=["view_membership", "view_workspace"])
    )
    force_verified_login(client, staff)
    memberships = client.get(reverse("admin:accounts_membership_changelist"))
    assert memberships.status_code == 200
    assert "olivia@example.com" in memberships.text
    assert "oscar@example.com" not in memberships.text
    workspaces = client.get(reverse("admin:accounts_workspace_changelist"))
    assert "Harbour Lane" in workspaces.text
    assert "Elsewhere Studio" not in workspaces.text
    assert Membership.objects.count() == 3


def test_a_membership_naming_a_user_by_something_not_an_id_is_refused_beside_it(
    superuser_client, workspace
):
    # Django's autocomplete widget looked the value up as an id to show it again.
    for value, error in [
        ("abc", "Select a valid choice"),
        ("9" * 40, "Select a valid choice"),
        ("1\x00", "Null characters are not allowed"),
    ]:
        response = superuser_client.post(
            reverse("admin:accounts_membership_add"),
            {"user": value, "workspace": workspace.pk, "role": "member"},
        )
        assert response.status_code == 200, value
        assert error in response.text
    assert not Membership.objects.exists()
