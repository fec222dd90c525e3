"""Duplicating a persona, within the workspace or into another one of the user's."""

from django.urls import reverse

from accounts.middleware import SESSION_KEY
from personas import services
from personas.models import Persona
from tests.factories import MembershipFactory, PersonaFactory
from tests.personas.builders import data_of, png_upload


def duplicate_url(persona: Persona) -> str:
    return reverse("personas:duplicate", args=[persona.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, maya):
    assert client.get(duplicate_url(maya)).url.startswith(reverse("accounts:login"))
    client.post(duplicate_url(maya), {"workspace": maya.workspace_id})
    assert Persona.objects.count() == 1


def test_outsiders_get_404(outsider_client, maya, other_workspace):
    assert outsider_client.get(duplicate_url(maya)).status_code == 404
    response = outsider_client.post(
        duplicate_url(maya), {"workspace": other_workspace.pk}
    )
    assert response.status_code == 404
    assert Persona.objects.count() == 1


def test_the_page_offers_the_users_workspaces(owner_client, owner, maya):
    elsewhere = MembershipFactory(user=owner, workspace__name="Second Practice")
    response = owner_client.get(duplicate_url(maya))
    assert response.status_code == 200
    assert list(response.context["form"].fields["workspace"].queryset) == [
        maya.workspace,
        elsewhere.workspace,
    ]
    assert "Oscar" not in response.text


def test_a_copy_in_the_same_workspace_is_a_new_draft_lineage(owner_client, maya):
    response = owner_client.post(
        duplicate_url(maya), {"workspace": maya.workspace_id}, follow=True
    )
    copy = Persona.objects.exclude(pk=maya.pk).get()
    assert response.redirect_chain == [(copy.get_absolute_url(), 302)]
    assert "Copy of Maya is a new draft." in response.text
    assert (copy.name, copy.status, copy.version) == ("Copy of Maya", "draft", 1)
    assert copy.lineage != maya.lineage
    assert copy.based_on is None
    assert data_of(copy) == data_of(maya) | {"name": "Copy of Maya", "status": "draft"}


def test_the_copys_parts_are_its_own(owner_client, maya):
    owner_client.post(duplicate_url(maya), {"workspace": maya.workspace_id})
    copy = Persona.objects.exclude(pk=maya.pk).get()
    copy.pains.all().delete()
    assert maya.pains.count() == 2


def test_a_copy_into_another_workspace_goes_there_and_so_does_the_user(
    owner_client, owner, maya
):
    elsewhere = MembershipFactory(user=owner, workspace__name="Second Practice")
    response = owner_client.post(
        duplicate_url(maya), {"workspace": elsewhere.workspace_id}, follow=True
    )
    copy = Persona.objects.get(workspace=elsewhere.workspace)
    assert response.redirect_chain == [(copy.get_absolute_url(), 302)]
    assert (
        "Copy of Maya is a new draft in Second Practice; you are now working in "
        "Second Practice."
    ) in response.text
    assert owner_client.session[SESSION_KEY] == elsewhere.workspace_id
    assert copy.pains.count() == 2


def test_a_workspace_the_user_is_not_in_is_refused(owner_client, maya, other_workspace):
    response = owner_client.post(duplicate_url(maya), {"workspace": other_workspace.pk})
    assert response.status_code == 400
    assert "Select a valid choice." in response.text
    assert not Persona.objects.filter(workspace=other_workspace).exists()


def test_duplicate_refuses_other_methods(owner_client, maya):
    assert owner_client.put(duplicate_url(maya)).status_code == 405


def test_the_photo_is_copied_into_a_file_of_its_own(maya, media_root):
    maya.photo.save("maya.png", png_upload(), save=True)
    copy = services.duplicate_persona(persona=maya, workspace=maya.workspace)
    assert copy.photo.name != maya.photo.name
    assert copy.photo.read() == maya.photo.read()


def test_a_missing_photo_file_is_left_behind(maya, media_root):
    maya.photo.save("maya.png", png_upload(), save=True)
    maya.photo.storage.delete(maya.photo.name)
    copy = services.duplicate_persona(persona=maya, workspace=maya.workspace)
    assert not copy.photo


def test_a_long_name_is_cut_to_fit(workspace):
    persona = PersonaFactory(workspace=workspace, name="M" * 80)
    copy = services.duplicate_persona(persona=persona, workspace=workspace)
    assert len(copy.name) == 80
    assert copy.name.startswith("Copy of MMM")
    assert copy.name.endswith("…")
