"""The read-only share link: made and revoked by the workspace, opened by anyone
who has it, without an account."""

import hashlib
import re

import pytest
from django.urls import reverse

from personas.models import ShareLink
from tests.personas.builders import png_upload


def share_url(persona) -> str:
    return reverse("personas:share", args=[persona.pk])


def made_link(client, persona) -> str:
    """Make a link on the share page and return its path, as shown there."""
    response = client.post(share_url(persona), {"action": "create"})
    assert response.status_code == 200
    url = re.search(r'id="share-link" type="text" value="([^"]+)"', response.text)[1]
    return url.removeprefix("http://testserver")


def test_anonymous_visitors_are_sent_to_log_in(client, maya):
    response = client.get(share_url(maya))
    assert response.url.startswith(reverse("accounts:login"))
    client.post(share_url(maya), {"action": "create"})
    assert not ShareLink.objects.exists()


def test_outsiders_get_404(outsider_client, maya):
    assert outsider_client.get(share_url(maya)).status_code == 404
    assert (
        outsider_client.post(share_url(maya), {"action": "create"}).status_code == 404
    )
    assert not ShareLink.objects.exists()


def test_the_share_page_says_it_is_not_shared_yet(owner_client, maya):
    response = owner_client.get(share_url(maya))
    assert response.status_code == 200
    assert "Not shared: no link works." in response.text
    assert 'name="action" value="create">Make a share link</button>' in response.text


def test_making_a_link_shows_it_once_and_stores_only_its_hash(owner_client, maya):
    path = made_link(owner_client, maya)
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 43  # 32 random bytes, base64
    link = ShareLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ShareLink.objects.values_list().get())
    page = owner_client.get(share_url(maya)).text
    assert token not in page
    assert "A link is <strong>active</strong>. It was made on " in page
    assert "by Olivia Owner." in page


def test_an_invalid_action_is_refused_and_changes_nothing(owner_client, maya):
    response = owner_client.post(share_url(maya), {"action": "publish"})
    assert response.status_code == 400
    assert "Choose one of the buttons below." in response.text
    assert not ShareLink.objects.exists()


def test_the_share_page_refuses_other_methods(owner_client, maya):
    assert owner_client.put(share_url(maya)).status_code == 405


def test_the_link_works_logged_out_with_the_one_pager_and_no_edit_actions(
    owner_client, client, maya
):
    path = made_link(owner_client, maya)
    response = client.get(path)
    assert response.status_code == 200
    page = response.text
    assert '<h1 id="persona-name">Maya</h1>' in page
    assert "Evenings lost to admin" in page
    assert "Fill it in" not in page
    assert reverse("personas:step", args=[maya.pk, "who"]) not in page
    assert reverse("personas:resume", args=[maya.pk]) not in page
    assert "csrfmiddlewaretoken" not in page


def test_the_shared_page_is_not_indexed_referred_or_cached(owner_client, client, maya):
    response = client.get(made_link(owner_client, maya))
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.text


def test_an_incomplete_persona_shows_what_is_missing_without_links(
    owner_client, client, persona
):
    page = client.get(made_link(owner_client, persona)).text
    assert "Missing: At least one dream" in page
    assert "Fill it in" not in page
    assert "show here once the worksheet has them." in page
    assert "Start with who they are" not in page


def test_unknown_and_revoked_links_get_the_same_404(owner_client, client, maya):
    path = made_link(owner_client, maya)
    unknown = client.get(reverse("personas:shared", args=["x" * 43]))
    response = owner_client.post(share_url(maya), {"action": "stop"}, follow=True)
    assert "Sharing stopped: the link no longer works." in response.text
    revoked = client.get(path)
    assert unknown.status_code == revoked.status_code == 404
    assert unknown.content == revoked.content
    assert revoked["X-Robots-Tag"] == "noindex, nofollow"
    assert revoked["Referrer-Policy"] == "no-referrer"
    assert not ShareLink.objects.exists()


def test_a_new_link_replaces_the_old_one(owner_client, client, maya):
    first = made_link(owner_client, maya)
    second = made_link(owner_client, maya)
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert ShareLink.objects.count() == 1


def test_stopping_when_not_shared_says_so(owner_client, maya):
    response = owner_client.post(share_url(maya), {"action": "stop"}, follow=True)
    assert "Maya was not shared." in response.text


def test_the_shared_page_refuses_post(owner_client, client, maya):
    assert client.post(made_link(owner_client, maya)).status_code == 405


def test_deleting_the_persona_ends_the_link(owner_client, client, maya):
    path = made_link(owner_client, maya)
    maya.delete()
    assert client.get(path).status_code == 404


@pytest.fixture
def photographed(owner_client, maya, media_root):
    maya.photo.save("maya.png", png_upload(), save=True)
    return maya


def test_the_shared_photo_is_served_through_the_link(
    owner_client, client, photographed
):
    path = made_link(owner_client, photographed)
    page = client.get(path).text
    photo = f"{path}photo/"
    assert f'<img class="avatar" src="{photo}"' in page
    response = client.get(photo)
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    owner_client.post(share_url(photographed), {"action": "stop"})
    assert client.get(photo).status_code == 404


def test_a_shared_persona_without_a_photo_has_no_photo_to_serve(
    owner_client, client, maya
):
    assert client.get(made_link(owner_client, maya) + "photo/").status_code == 404
