"""The export download and the import page (bad files: see test_transfer.py)."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from personas.models import Persona
from tests.factories import PersonaFactory

IMPORT = reverse("personas:import")


def export_url(persona: Persona) -> str:
    return reverse("personas:export", args=[persona.pk])


def test_export_needs_login(client, maya):
    response = client.get(export_url(maya))
    assert response.url.startswith(reverse("accounts:login"))


def test_outsiders_cannot_export(outsider_client, maya):
    response = outsider_client.get(export_url(maya))
    assert response.status_code == 404
    assert "Maya" not in response.text


def test_export_is_a_json_attachment_named_after_the_persona(owner_client, maya):
    response = owner_client.get(export_url(maya))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        'attachment; filename="persona-maya-v1.json"'
    )
    document = json.loads(response.content)
    assert document["format"] == "ideal-customer.persona"
    assert document["persona"]["genders"] == ["women", "non_binary"]
    assert len(document["persona"]["pains"]) == 2


def test_a_name_without_letters_falls_back_to_the_id(owner_client, workspace):
    persona = PersonaFactory(workspace=workspace, name="???", version=1)
    response = owner_client.get(export_url(persona))
    assert response["Content-Disposition"] == (
        f'attachment; filename="persona-{persona.pk}-v1.json"'
    )


def test_export_refuses_post(owner_client, maya):
    assert owner_client.post(export_url(maya)).status_code == 405


def test_import_needs_login(client, db):
    assert client.get(IMPORT).url.startswith(reverse("accounts:login"))


def test_the_import_page_asks_for_a_file(owner_client):
    response = owner_client.get(IMPORT)
    assert response.status_code == 200
    assert "Persona file (.json)" in response.text
    assert 'enctype="multipart/form-data"' in response.text


def test_importing_without_a_file_shows_the_error(owner_client):
    # A browser always posts something (the CSRF token); an empty field does here.
    response = owner_client.post(IMPORT, {"file": ""})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not Persona.objects.exists()


def test_a_file_without_a_lineage_imports_at_once_as_a_new_draft(owner_client, maya):
    # Files made before lineages were exported, or by another program.
    document = json.loads(owner_client.get(export_url(maya)).content)
    del document["lineage"]
    upload = SimpleUploadedFile("persona-maya-v1.json", json.dumps(document).encode())
    response = owner_client.post(IMPORT, {"file": upload})
    copy = Persona.objects.exclude(pk=maya.pk).get()
    assert response.url == copy.get_absolute_url()
    assert (copy.workspace, copy.status, copy.name) == (maya.workspace, "draft", "Maya")


def test_import_refuses_other_methods(owner_client):
    assert owner_client.put(IMPORT).status_code == 405


def test_the_format_documentation_is_linked_from_the_import_page(owner_client):
    from django.urls import reverse

    page = owner_client.get(reverse("personas:import"))
    assert reverse("personas:format") in page.text
    doc = owner_client.get(reverse("personas:format"))
    assert doc.status_code == 200
    assert "ideal-customer.persona" in doc.text


def test_the_format_documentation_needs_login(client, db):
    from django.urls import reverse

    assert client.get(reverse("personas:format")).status_code == 302
