"""The team page shows whether each pending invite's email went out, and an
owner can send a failed one again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from core.models import OutboundEmail
from tests.factories import TeamInviteFactory

TEAM = reverse("accounts:team")


@pytest.fixture
def invite(workspace, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.invite_teammate(
            workspace=workspace, email="tim@example.com", invited_by=owner
        )


@pytest.fixture
def failed(invite):
    OutboundEmail.objects.update(
        status="failed", attempts=5, last_error="The mail server could not be reached"
    )
    return invite


def resend_url(invite) -> str:
    return reverse("accounts:team_invite_resend", args=[invite.pk])


def test_a_delivered_invite_says_so(owner_client, invite):
    page = owner_client.get(TEAM)
    assert "The invite was delivered to the mail server" in page.text
    assert resend_url(invite) not in page.text


def test_a_failed_invite_shows_why_and_a_send_again_button(owner_client, failed):
    page = owner_client.get(TEAM)
    assert "could not be delivered after 5 tries" in page.text
    assert resend_url(failed) in page.text


def test_a_member_sees_the_failure_but_no_button(teammate_client, failed):
    page = teammate_client.get(TEAM)
    assert "could not be delivered" in page.text
    assert resend_url(failed) not in page.text


def test_send_again_queues_and_sends_the_failed_email_once(
    owner_client, failed, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(resend_url(failed))
    assert response.status_code == 302
    assert OutboundEmail.objects.get().status == "sent"
    assert [m.to for m in mailoutbox] == [["tim@example.com"]]


def test_send_again_of_an_invite_that_did_not_fail_sends_nothing(
    owner_client, invite, mailoutbox
):
    mailoutbox.clear()
    response = owner_client.post(resend_url(invite), follow=True)
    assert "is not failed" in response.text
    assert mailoutbox == []


def test_send_again_needs_login(client, failed):
    response = client.post(resend_url(failed))
    assert response.status_code == 302
    assert OutboundEmail.objects.get().status == "failed"


def test_send_again_is_for_owners_only(teammate_client, failed):
    assert teammate_client.post(resend_url(failed)).status_code == 404


def test_another_workspace_s_invite_is_not_found(outsider_client, failed):
    assert outsider_client.post(resend_url(failed)).status_code == 404
    assert OutboundEmail.objects.get().status == "failed"


def test_an_accepted_invite_is_not_found(owner_client, workspace):
    invite = TeamInviteFactory(workspace=workspace, accepted_at="2026-01-01T00:00Z")
    assert owner_client.post(resend_url(invite)).status_code == 404


def test_send_again_refuses_get(owner_client, failed):
    assert owner_client.get(resend_url(failed)).status_code == 405


def test_the_team_page_reads_the_same_queries_for_more_invites(
    owner_client,
    workspace,
    owner,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    def invite(n):
        with django_capture_on_commit_callbacks(execute=True):
            services.invite_teammate(
                workspace=workspace, email=f"p{n}@example.com", invited_by=owner
            )

    invite(0)
    owner_client.get(TEAM)
    with CaptureQueriesContext(connection) as one:
        owner_client.get(TEAM)
    for n in range(1, 6):
        invite(n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = owner_client.get(TEAM)
    assert page.text.count("was delivered to the mail server") == 6
