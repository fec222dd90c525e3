"""A person's data on request, from their contact page: export and erase."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import Action, AuditEvent
from feedback.models import Answer, Response
from fitcheck.models import Contact
from tests.factories import ContactFactory, InvitationFactory, QuestionFactory


@pytest.fixture
def contact(workspace):
    return ContactFactory(
        workspace=workspace, name="Opal Ruiz", email="opal@example.com", age=38
    )


def export_url(contact) -> str:
    return reverse("privacy:contact_export", args=[contact.pk])


def erase_url(contact) -> str:
    return reverse("privacy:contact_erase", args=[contact.pk])


def embedded_json(html: str) -> dict:
    found = re.search(
        r'<script id="person-data" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(found.group(1))


# The contact page offers both ------------------------------------------------------


def test_the_contact_page_offers_export_to_members_and_erase_to_owners(
    contact, owner_client, teammate_client
):
    url = contact.get_absolute_url()
    as_owner = owner_client.get(url).text
    as_member = teammate_client.get(url).text
    assert export_url(contact) in as_owner and erase_url(contact) in as_owner
    assert export_url(contact) in as_member and erase_url(contact) not in as_member


# Export -----------------------------------------------------------------------------


def test_export_asks_to_log_in(client, contact):
    response = client.get(export_url(contact))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_export_of_another_workspace_s_contact_is_404(outsider_client, contact):
    assert outsider_client.get(export_url(contact)).status_code == 404


def test_export_is_one_html_file_with_the_data_as_json_inside(
    teammate_client, contact, teammate
):
    response = teammate_client.get(export_url(contact))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="contact-{contact.pk}-data.html"'
    )
    document = embedded_json(response.text)
    assert document["format"] == "ideal-customer-person"
    assert document["contact"]["name"] == "Opal Ruiz"
    assert document["contact"]["age"] == 38
    assert "Opal Ruiz" in response.text
    event = AuditEvent.objects.get()
    assert (event.action, event.contact_id, event.actor) == (
        Action.EXPORTED_PERSON,
        contact.pk,
        teammate,
    )


def test_text_in_the_export_cannot_break_out_of_its_json(owner_client, workspace):
    contact = ContactFactory(workspace=workspace, notes="</script><b>hi</b>")
    response = owner_client.get(export_url(contact))
    assert "</script><b>" not in response.text
    assert embedded_json(response.text)["contact"]["notes"] == "</script><b>hi</b>"


def test_export_is_read_only(owner_client, contact):
    assert owner_client.post(export_url(contact)).status_code == 405


def statements_to_export(client, contact) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(export_url(contact)).status_code == 200
    return len(queries)


def test_export_statements_do_not_grow_with_the_person_s_answers(
    owner_client, workspace, contact
):
    def answer_a_survey():
        invitation = InvitationFactory(survey__workspace=workspace, contact=contact)
        response = Response.objects.create(
            survey=invitation.survey,
            invitation=invitation,
            contact=contact,
            submitted_at=invitation.created_at,
        )
        question = QuestionFactory(survey=invitation.survey)
        Answer.objects.create(response=response, question=question, number=3)

    answer_a_survey()
    one = statements_to_export(owner_client, contact)
    for _ in range(4):
        answer_a_survey()
    ContactFactory.create_batch(20, workspace=workspace)
    assert statements_to_export(owner_client, contact) == one


# Erase ------------------------------------------------------------------------------


def test_erase_asks_to_log_in(client, contact):
    response = client.get(erase_url(contact))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_erase_of_another_workspace_s_contact_is_404(outsider_client, contact):
    assert outsider_client.get(erase_url(contact)).status_code == 404
    assert (
        outsider_client.post(erase_url(contact), {"confirm": "on"}).status_code == 404
    )
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_only_owners_erase(teammate_client, contact):
    assert teammate_client.get(erase_url(contact)).status_code == 404
    assert (
        teammate_client.post(erase_url(contact), {"confirm": "on"}).status_code == 404
    )
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_the_confirmation_names_what_goes(owner_client, workspace, contact):
    invitation = InvitationFactory(survey__workspace=workspace, contact=contact)
    response = Response.objects.create(
        survey=invitation.survey,
        invitation=invitation,
        contact=contact,
        submitted_at=invitation.created_at,
    )
    Answer.objects.create(
        response=response, question=QuestionFactory(survey=invitation.survey), number=4
    )
    page = owner_client.get(erase_url(contact))
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "Erase Opal Ruiz?" in text
    assert "opal@example.com" in text
    assert "0 fit scores" in text
    assert "1 survey invitation and 1 survey response" in text
    assert "Keep their ratings and choices as anonymous figures" in text


def test_erasing_without_confirming_keeps_the_person_and_says_why(
    owner_client, contact
):
    response = owner_client.post(erase_url(contact), {"keep_answers": "on"})
    assert response.status_code == 400
    assert "Tick this box to erase the person." in response.text
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_a_confirmed_erasure_removes_the_person_and_says_so_without_the_name(
    owner_client, contact
):
    response = owner_client.post(erase_url(contact), {"confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("fitcheck:contact_list")
    assert "Erased. Nothing about that person is left here." in response.text
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert AuditEvent.objects.filter(action=Action.ERASED_PERSON).count() == 1


def test_erase_accepts_only_get_and_post(owner_client, contact):
    assert owner_client.put(erase_url(contact)).status_code == 405
