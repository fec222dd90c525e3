"""Archiving, restoring and deleting a persona."""

import pytest
from django.urls import reverse

from personas.models import Dream, Pain, Persona, RedFlag
from personas.services import new_version

LIST = reverse("personas:list")


def url(name: str, persona: Persona) -> str:
    return reverse(f"personas:{name}", args=[persona.pk])


@pytest.mark.parametrize(
    ("name", "method"), [("archive", "post"), ("restore", "post"), ("delete", "get")]
)
def test_anonymous_visitors_are_sent_to_log_in(client, persona, name, method):
    response = getattr(client, method)(url(name, persona))
    assert response.url.startswith(reverse("accounts:login"))
    persona.refresh_from_db()
    assert persona.status == Persona.Status.DRAFT


def test_outsiders_cannot_delete_a_persona(outsider_client, persona):
    assert outsider_client.post(url("delete", persona)).status_code == 404
    assert Persona.objects.filter(pk=persona.pk).exists()


def test_archiving_hides_the_persona_from_the_list(owner_client, persona):
    response = owner_client.post(url("archive", persona), follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert "Sam Brightwater is archived. You can restore it any time." in response.text
    persona.refresh_from_db()
    assert persona.status == Persona.Status.ARCHIVED
    assert ">Sam Brightwater</a>" not in owner_client.get(LIST).text


def test_an_archived_profile_offers_restore_instead_of_archive(owner_client, persona):
    owner_client.post(url("archive", persona))
    page = owner_client.get(persona.get_absolute_url()).text
    assert f'action="{url("restore", persona)}"' in page
    assert f'action="{url("archive", persona)}"' not in page


def test_restoring_brings_it_back_as_a_draft(owner_client, workspace, maya):
    owner_client.post(url("archive", maya))
    response = owner_client.post(url("restore", maya), follow=True)
    assert response.redirect_chain == [(maya.get_absolute_url(), 302)]
    assert "Maya is back, as a draft." in response.text
    maya.refresh_from_db()
    assert maya.status == Persona.Status.DRAFT
    assert ">Maya</a>" in owner_client.get(LIST).text


@pytest.mark.parametrize("name", ["archive", "restore"])
def test_archive_and_restore_need_post(owner_client, persona, name):
    assert owner_client.get(url(name, persona)).status_code == 405
    persona.refresh_from_db()
    assert persona.status == Persona.Status.DRAFT


def test_delete_asks_for_confirmation_first(owner_client, maya):
    response = owner_client.get(url("delete", maya))
    assert response.status_code == 200
    assert "Delete Maya?" in response.text
    assert "archive it instead" in response.text
    assert Persona.objects.filter(pk=maya.pk).exists()


def test_delete_removes_the_persona_with_its_parts(owner_client, maya):
    response = owner_client.post(url("delete", maya), follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert "Maya was deleted." in response.text
    assert not Persona.objects.exists()
    assert not (Dream.objects.exists() or Pain.objects.exists())
    assert not RedFlag.objects.exists()


def test_deleting_a_version_keeps_the_others(owner_client, maya):
    copy = new_version(persona=maya)
    owner_client.post(url("delete", maya))
    copy.refresh_from_db()
    assert copy.based_on is None
    assert copy.dreams.count() == 2


def test_delete_refuses_other_methods(owner_client, persona):
    assert owner_client.put(url("delete", persona)).status_code == 405
    assert Persona.objects.filter(pk=persona.pk).exists()
