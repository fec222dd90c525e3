"""Signup answers the same whether or not the address has an account (no
enumeration): a new address gets a link to finish signing up, an existing one
an email telling its owner how to log in."""

import re

import pytest
from django.urls import reverse

from accounts.models import Membership, User
from tests.accounts.test_signup import signup_data

URL = reverse("accounts:signup")
SITE = "https://app.example.com"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def sign_up(client, db, django_capture_on_commit_callbacks):
    def post(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, signup_data(**overrides), follow=True)

    return post


def confirm_link(message) -> str:
    match = re.search(
        re.escape(SITE) + r"(/accounts/signup/confirm/\S+/)", message.body
    )
    assert match, message.body
    return match[1]


def test_an_existing_address_gets_the_same_answer_as_a_new_one(
    sign_up, owner, mailoutbox
):
    new = sign_up(email="nina@example.com")
    existing = sign_up(email="OLIVIA@example.com")
    assert new.status_code == existing.status_code == 200
    assert new.redirect_chain == existing.redirect_chain
    assert new.text.replace("nina@example.com", "") == existing.text.replace(
        "olivia@example.com", ""
    )
    assert "already exists" not in existing.text
    assert User.objects.filter(email__iexact="olivia@example.com").count() == 1


def test_the_owner_of_an_existing_address_is_told_by_email(sign_up, owner, mailoutbox):
    sign_up(
        email="OLIVIA@example.com",
        password1="x-other-passphrase-9",
        password2="x-other-passphrase-9",
    )
    (message,) = mailoutbox
    assert message.to == ["olivia@example.com"]
    assert "already have an account" in message.body
    assert f"{SITE}{reverse('accounts:login')}" in message.body
    assert f"{SITE}{reverse('accounts:password_reset')}" in message.body
    owner.refresh_from_db()
    assert owner.check_password("x-other-passphrase-9") is False


def test_a_new_address_joins_only_once_the_emailed_link_is_used(
    client, sign_up, mailoutbox
):
    sign_up()
    user = User.objects.get(email="nina@example.com")
    assert not user.is_active
    assert not Membership.objects.exists()
    link = confirm_link(mailoutbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "Finish signing up" in page.text
    response = client.post(link, {"password": "a-long-unusual-passphrase"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:dashboard")
    user.refresh_from_db()
    assert user.is_active
    membership = Membership.objects.select_related("workspace").get(user=user)
    assert (membership.role, membership.workspace.name) == ("owner", "Nina's Clinic")
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_the_link_needs_the_password_chosen_at_signup(client, sign_up, mailoutbox):
    sign_up()
    link = confirm_link(mailoutbox[0])
    response = client.post(link, {"password": "someone-else-s-password"})
    assert response.status_code == 200
    assert "not the password chosen" in response.text
    assert not User.objects.get(email="nina@example.com").is_active


def test_the_link_works_once(client, sign_up, mailoutbox):
    sign_up()
    link = confirm_link(mailoutbox[0])
    client.post(link, {"password": "a-long-unusual-passphrase"})
    client.post(reverse("accounts:logout"))
    again = client.get(link)
    assert again.status_code == 404
    assert Membership.objects.count() == 1


def test_a_later_signup_of_an_unconfirmed_address_replaces_the_earlier_one(
    client, sign_up, mailoutbox
):
    sign_up()
    sign_up(password1="another-long-passphrase", password2="another-long-passphrase")
    first, second = (confirm_link(m) for m in mailoutbox)
    assert client.get(first).status_code == 404
    assert (
        client.post(second, {"password": "another-long-passphrase"}).status_code == 302
    )
    assert User.objects.filter(email__iexact="nina@example.com").count() == 1


def test_the_next_link_is_followed_after_the_confirmation(client, sign_up, mailoutbox):
    sign_up(next="/accounts/team/")
    link = confirm_link(mailoutbox[0])
    response = client.post(link, {"password": "a-long-unusual-passphrase"})
    assert response.url == "/accounts/team/"


def test_a_garbled_link_gets_the_unusable_page(client, db):
    response = client.get(reverse("accounts:signup_confirm", args=["not-a-token"]))
    assert response.status_code == 404
    assert "doesn't work" in response.text


def test_signups_from_one_address_are_limited(client, db, settings):
    settings.SIGNUPS_PER_ADDRESS = 2
    for n in range(2):
        client.post(URL, signup_data(email=f"n{n}@example.com"))
    response = client.post(URL, signup_data(email="n9@example.com"))
    assert response.status_code == 429
    assert not User.objects.filter(email="n9@example.com").exists()
