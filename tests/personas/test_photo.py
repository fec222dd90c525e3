"""A persona's photo: uploaded in the personality step, served to members only."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.personas.builders import field_html, form_values, png_bytes, png_upload


def photo_url(persona) -> str:
    return reverse("personas:photo", args=[persona.pk])


@pytest.fixture
def with_photo(persona, media_root):
    persona.photo.save("sam.png", ContentFile(png_bytes()))
    return persona


def test_a_photo_uploaded_in_the_personality_step_shows_on_the_profile(
    owner_client, persona, media_root
):
    step = reverse("personas:step", args=[persona.pk, "personality"])
    data = {"name": "Sam", "photo": png_upload()}
    assert owner_client.post(step, data).status_code == 302
    persona.refresh_from_db()
    assert persona.photo.path.startswith(str(media_root))
    page = owner_client.get(persona.get_absolute_url()).text
    assert f'<img class="avatar" src="{photo_url(persona)}"' in page
    assert "avatar-initials" not in page


def test_a_bad_photo_is_refused_and_the_rest_is_kept(owner_client, persona, media_root):
    step = reverse("personas:step", args=[persona.pk, "personality"])
    fake = SimpleUploadedFile("sam.png", b"not a picture", content_type="image/png")
    response = owner_client.post(step, {"name": "Sam", "car": "A van", "photo": fake})
    assert response.status_code == 400
    assert "Upload a valid image" in field_html(response.text, "photo")
    assert form_values(response.text)["car"] == ["A van"]
    persona.refresh_from_db()
    assert not persona.photo


def test_members_get_the_photo(owner_client, teammate_client, with_photo):
    for client in (owner_client, teammate_client):
        response = client.get(photo_url(with_photo))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content) == png_bytes()


def test_outsiders_get_404_for_the_photo(outsider_client, with_photo):
    assert outsider_client.get(photo_url(with_photo)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, with_photo):
    response = client.get(photo_url(with_photo))
    assert response.url.startswith(reverse("accounts:login"))


def test_a_persona_without_a_photo_has_none_to_serve(owner_client, persona):
    assert owner_client.get(photo_url(persona)).status_code == 404


def test_the_photo_refuses_post(owner_client, with_photo):
    assert owner_client.post(photo_url(with_photo)).status_code == 405
