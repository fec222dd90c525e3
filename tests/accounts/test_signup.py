import re

import pytest
from django.urls import reverse

from accounts.models import Membership, User

URL = reverse("accounts:signup")


def signup_data(**overrides) -> dict:
    return {
        "name": "Nina Newcomer",
        "email": "Nina@Example.com",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
        "workspace_name": "Nina's Clinic",
    } | overrides


def test_signup_page_shows_labelled_fields(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    for label in ["Your name", "Email address", "Name of your practice"]:
        assert label in response.text


@pytest.fixture
def sign_up_and_confirm(client, db, django_capture_on_commit_callbacks, mailoutbox):
    """Sign up, then use the emailed link with the password; the response."""

    def run(**overrides):
        data = signup_data(**overrides)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(URL, data).url == reverse("accounts:signup_sent")
        link = re.search(
            r"https?://[^/]+(/accounts/signup/confirm/\S+/)", mailoutbox[-1].body
        )[1]
        return client.post(link, {"password": data["password1"]})

    return run


def test_signup_creates_user_workspace_and_owner_membership(
    client, sign_up_and_confirm
):
    response = sign_up_and_confirm()
    assert response.status_code == 302
    assert response.url == reverse("accounts:dashboard")
    user = User.objects.get(email="nina@example.com")
    membership = Membership.objects.select_related("workspace").get(user=user)
    assert membership.role == Membership.Role.OWNER
    assert membership.workspace.name == "Nina's Clinic"
    assert membership.workspace.slug == "ninas-clinic"
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_signup_follows_a_safe_next_link(sign_up_and_confirm):
    response = sign_up_and_confirm(next="/accounts/team/")
    assert response.url == "/accounts/team/"


def test_signup_ignores_a_next_link_to_another_site(sign_up_and_confirm):
    response = sign_up_and_confirm(next="https://evil.example/")
    assert response.url == reverse("accounts:dashboard")


def test_signup_with_mismatched_passwords_keeps_what_was_typed(client, db):
    response = client.post(URL, signup_data(password2="something-else-entirely"))
    assert response.status_code == 200
    assert "didn’t match" in response.text or "didn't match" in response.text
    assert 'value="Nina Newcomer"' in response.text
    assert "Nina&#x27;s Clinic" in response.text
    assert not User.objects.exists()


def test_signup_of_an_email_already_used_makes_no_second_account(client, owner):
    response = client.post(URL, signup_data(email="OLIVIA@example.com"))
    assert response.url == reverse("accounts:signup_sent")
    assert User.objects.count() == 1


def test_two_practices_with_the_same_name_get_distinct_slugs(
    client, sign_up_and_confirm
):
    sign_up_and_confirm()
    client.post(reverse("accounts:logout"))
    sign_up_and_confirm(email="other@example.com")
    slugs = set(Membership.objects.values_list("workspace__slug", flat=True))
    assert len(slugs) == 2


def test_logged_in_user_is_sent_home_from_signup(owner_client):
    assert owner_client.get(URL).status_code == 302


@pytest.mark.parametrize("method", ["put", "delete"])
def test_signup_refuses_other_methods(client, db, method):
    assert getattr(client, method)(URL).status_code == 405
