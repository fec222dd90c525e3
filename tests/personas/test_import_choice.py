"""Importing a file of a persona the workspace already has asks: a new version
of it, or a persona of its own?"""

import html
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from personas.models import Persona

IMPORT = reverse("personas:import")
CHOICE = reverse("personas:import_choice")


def exported(client, persona: Persona) -> bytes:
    return client.get(reverse("personas:export", args=[persona.pk])).content


def upload(content: bytes) -> dict:
    return {"file": SimpleUploadedFile("persona.json", content)}


def hidden_document(page: str) -> str:
    return html.unescape(re.search(r'name="document" value="([^"]*)"', page)[1])


@pytest.fixture
def asked(owner_client, maya):
    """The page that asks, after uploading Maya's own export."""
    response = owner_client.post(IMPORT, upload(exported(owner_client, maya)))
    assert response.status_code == 200
    return response


def test_the_export_names_the_lineage_in_its_envelope(owner_client, maya):
    document = json.loads(exported(owner_client, maya))
    assert document["lineage"] == str(maya.lineage)
    assert document["persona_version"] == 1
    assert "lineage" not in document["persona"]


def test_a_file_of_a_persona_already_here_asks_before_importing(asked, maya):
    page = asked.text
    assert "This persona is already here" in page
    assert f'<a href="{maya.get_absolute_url()}">Maya</a>' in page
    assert "newest: version 1, active" in page
    assert "As a new version of the persona that is already here" in page
    assert "As a separate persona" in page
    assert f'action="{CHOICE}"' in page
    assert Persona.objects.count() == 1


def test_choosing_a_new_version_adds_the_next_version_as_a_draft(
    owner_client, maya, asked
):
    response = owner_client.post(
        CHOICE,
        {"choice": "version", "document": hidden_document(asked.text)},
        follow=True,
    )
    new = Persona.objects.get(version=2)
    assert response.redirect_chain == [(new.get_absolute_url(), 302)]
    assert "Maya was imported as version 2, a draft." in response.text
    assert (new.lineage, new.based_on, new.status) == (maya.lineage, maya, "draft")
    assert new.pains.count() == 2


def test_choosing_a_separate_persona_starts_a_new_lineage(owner_client, maya, asked):
    response = owner_client.post(
        CHOICE,
        {"choice": "persona", "document": hidden_document(asked.text)},
        follow=True,
    )
    new = Persona.objects.exclude(pk=maya.pk).get()
    assert "Maya was imported as a draft." in response.text
    assert (new.version, new.based_on) == (1, None)
    assert new.lineage != maya.lineage


def test_no_choice_asks_again_beside_the_question(owner_client, maya, asked):
    document = hidden_document(asked.text)
    response = owner_client.post(CHOICE, {"document": document})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert f'<a href="{maya.get_absolute_url()}">Maya</a>' in response.text
    assert hidden_document(response.text) == document
    assert Persona.objects.count() == 1


def test_a_mangled_document_says_to_upload_again(owner_client, maya):
    response = owner_client.post(CHOICE, {"choice": "persona", "document": "{oops"})
    assert response.status_code == 400
    assert "upload the file again" in response.text
    assert Persona.objects.count() == 1


def test_a_document_that_no_longer_passes_the_checks_is_refused(owner_client, maya):
    document = json.loads(exported(owner_client, maya))
    document["persona"]["kind"] = "villain"
    response = owner_client.post(
        CHOICE, {"choice": "version", "document": json.dumps(document)}
    )
    assert response.status_code == 400
    assert "persona, kind: Value &#x27;villain&#x27; is not a valid choice." in (
        response.text
    )
    assert Persona.objects.count() == 1


def test_a_new_version_of_a_persona_deleted_meanwhile_is_refused(
    owner_client, maya, asked
):
    document = hidden_document(asked.text)
    maya.delete()
    response = owner_client.post(CHOICE, {"choice": "version", "document": document})
    assert response.status_code == 400
    assert "That persona is no longer here" in response.text
    assert not Persona.objects.exists()


def test_a_file_from_another_workspace_imports_at_once(
    owner_client, outsider_client, other_workspace
):
    theirs = Persona.objects.create(workspace=other_workspace, name="Bruno")
    response = owner_client.post(IMPORT, upload(exported(outsider_client, theirs)))
    assert response.status_code == 302
    mine = Persona.objects.exclude(pk=theirs.pk).get()
    assert mine.lineage != theirs.lineage


def test_nobody_can_add_a_version_to_another_workspaces_persona(
    owner_client, outsider_client, maya
):
    document = exported(owner_client, maya).decode()
    response = outsider_client.post(CHOICE, {"choice": "version", "document": document})
    assert response.status_code == 400
    assert "That persona is no longer here" in response.text
    assert "Maya</a>" not in response.text
    assert Persona.objects.count() == 1


def test_the_choice_needs_login_and_post(client, owner_client, maya):
    response = client.post(CHOICE, {"choice": "persona", "document": "{}"})
    assert response.url.startswith(reverse("accounts:login"))
    assert owner_client.get(CHOICE).status_code == 405


def test_a_file_too_large_is_refused_beside_the_field(owner_client):
    content = b" " * (1024 * 1024 + 1)
    response = owner_client.post(IMPORT, upload(content))
    assert response.status_code == 400
    assert "The file is larger than 1 MB" in response.text
