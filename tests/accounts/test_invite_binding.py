"""A team invite can be accepted only by the account of the address it was sent to."""

from django.urls import reverse

from accounts.models import Membership, TeamInvite
from tests.factories import TeamInviteFactory, UserFactory

RAW = "k" * 43
URL = reverse("accounts:invite_accept", args=[RAW])


def test_another_account_cannot_accept_and_nothing_joins(client, workspace):
    TeamInviteFactory(workspace=workspace, raw_token=RAW, email="ines@example.com")
    client.force_login(UserFactory(email="mallory@example.com"))
    response = client.post(URL)
    assert response.status_code == 403
    assert "sent to ines@example.com" in response.text
    assert "mallory@example.com" in response.text
    assert not Membership.objects.filter(workspace=workspace).exists()
    assert TeamInvite.objects.get().accepted_at is None


def test_another_account_is_told_before_it_tries(client, workspace):
    TeamInviteFactory(workspace=workspace, raw_token=RAW, email="ines@example.com")
    client.force_login(UserFactory(email="mallory@example.com"))
    response = client.get(URL)
    assert response.status_code == 200
    assert "sent to ines@example.com" in response.text
    assert "Join as" not in response.text


def test_the_invited_address_accepts_in_any_case(client, workspace):
    TeamInviteFactory(workspace=workspace, raw_token=RAW, email="ines@example.com")
    ines = UserFactory(email="Ines@Example.com")
    client.force_login(ines)
    assert "Join as" in client.get(URL).text
    response = client.post(URL)
    assert response.status_code == 302
    assert Membership.objects.filter(workspace=workspace, user=ines).exists()
