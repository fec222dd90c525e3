"""Follow-ups: the prospects the intake promised a reply, on the contacts page and
the contact's page, with what to ask; marked done."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fitcheck.models import FollowUp
from tests.factories import ContactFactory

CONTACTS = reverse("fitcheck:contact_list")


@pytest.fixture
def follow_up(workspace):
    contact = ContactFactory(workspace=workspace, name="Wren Waiting")
    return FollowUp.objects.create(
        workspace=workspace,
        contact=contact,
        reason="Answered the intake: too little known to say.",
        ask_about=["their work", "their pains"],
    )


def done_url(follow_up: FollowUp) -> str:
    return reverse("fitcheck:follow_up_done", args=[follow_up.pk])


def test_the_contacts_page_lists_what_to_follow_up_and_what_to_ask(
    owner_client, follow_up
):
    html = owner_client.get(CONTACTS).text
    assert "To follow up" in html
    assert "Wren Waiting" in html
    assert "To decide, ask about: their work, their pains" in html
    assert done_url(follow_up) in html


def test_the_contacts_page_shows_no_list_when_nothing_is_open(owner_client, follow_up):
    follow_up.delete()
    assert "To follow up" not in owner_client.get(CONTACTS).text


def test_the_contacts_page_reads_the_same_queries_however_many_follow_ups(
    owner_client, workspace, follow_up
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert owner_client.get(CONTACTS).status_code == 200
        return len(queries)

    before = count()
    for _ in range(12):
        FollowUp.objects.create(
            workspace=workspace, contact=ContactFactory(workspace=workspace), reason="x"
        )
    html = owner_client.get(CONTACTS).text
    assert count() == before
    assert "The oldest 10 of 13" in html


def test_the_contact_page_shows_its_open_follow_up(owner_client, follow_up):
    html = owner_client.get(follow_up.contact.get_absolute_url()).text
    assert "To follow up." in html
    assert "To decide, ask about: their work, their pains" in html


def test_marking_done_takes_it_off_the_list(owner_client, owner, follow_up):
    response = owner_client.post(done_url(follow_up))
    assert response.status_code == 302
    assert response.url == CONTACTS
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert follow_up.done_by == owner
    html = owner_client.get(CONTACTS).text
    assert "Wren Waiting is off your follow-up list." in html
    assert "To follow up" not in html


def test_marking_done_from_the_contact_page_goes_back_there(owner_client, follow_up):
    response = owner_client.post(done_url(follow_up), {"back": "contact"})
    assert response.url == follow_up.contact.get_absolute_url()


def test_marking_done_twice_changes_nothing_and_says_so(
    owner_client, teammate_client, owner, follow_up
):
    owner_client.post(done_url(follow_up))
    response = teammate_client.post(done_url(follow_up), follow=True)
    assert "Wren Waiting was already followed up." in response.text
    follow_up.refresh_from_db()
    assert follow_up.done_by == owner


def test_another_workspaces_follow_up_is_not_found(outsider_client, follow_up):
    assert outsider_client.post(done_url(follow_up)).status_code == 404
    assert "Wren Waiting" not in outsider_client.get(CONTACTS).text
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_marking_done_needs_a_post_and_a_login(client, owner_client, follow_up):
    assert owner_client.get(done_url(follow_up)).status_code == 405
    response = client.post(done_url(follow_up))
    assert "/accounts/login/" in response.url
    follow_up.refresh_from_db()
    assert follow_up.done_at is None
