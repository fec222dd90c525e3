"""Failed logins are throttled per account AND address: an attacker elsewhere
cannot lock the owner out, the owner's own device is never blocked, a completed
password reset lifts the block, and a blocked login answers 429."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.forms import TOO_MANY_ATTEMPTS

LOGIN = reverse("accounts:login")
ATTACKER = "203.0.113.66"
OWNER_HOME = "198.51.100.5"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    settings.LOGIN_FAILURES_PER_ADDRESS = 20


def login(client, email, password, address):
    return client.post(
        LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address
    )


def fail(client, email, address, times=5):
    for _ in range(times):
        assert login(client, email, "wrong", address).status_code == 200


def test_the_attempt_after_too_many_failures_answers_429_and_logs_nobody_in(
    owner, password
):
    attacker = Client()
    fail(attacker, owner.email, ATTACKER)
    response = login(attacker, owner.email, password, ATTACKER)
    assert response.status_code == 429
    assert TOO_MANY_ATTEMPTS in response.text
    assert "_auth_user_id" not in attacker.session


def test_the_right_password_from_another_address_is_not_blocked(owner, password):
    fail(Client(), owner.email, ATTACKER)
    response = login(Client(), owner.email, password, OWNER_HOME)
    assert response.status_code == 302


def test_a_device_that_logged_in_before_is_not_blocked_at_the_same_address(
    owner, password
):
    # The owner and the attacker share an address (a café's, an office's).
    device = Client()
    assert login(device, owner.email, password, ATTACKER).status_code == 302
    device.post(reverse("accounts:logout"))
    fail(Client(), owner.email, ATTACKER)
    assert login(device, owner.email, password, ATTACKER).status_code == 302


def test_a_known_device_is_known_for_its_own_account_only(owner, teammate, password):
    device = Client()
    assert login(device, teammate.email, password, ATTACKER).status_code == 302
    device.post(reverse("accounts:logout"))
    fail(device, owner.email, ATTACKER)
    assert login(device, owner.email, password, ATTACKER).status_code == 429


def test_a_forged_device_cookie_counts_as_no_cookie(owner, password):
    attacker = Client()
    attacker.cookies["known_device"] = "anything"
    fail(attacker, owner.email, ATTACKER)
    assert login(attacker, owner.email, password, ATTACKER).status_code == 429


def test_many_accounts_tried_from_one_address_block_that_address(
    owner, password, settings
):
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    attacker = Client()
    for n in range(6):
        login(attacker, f"guess{n}@example.com", "wrong", ATTACKER)
    assert login(attacker, owner.email, password, ATTACKER).status_code == 429
    assert login(Client(), owner.email, password, OWNER_HOME).status_code == 302


def test_a_completed_password_reset_lifts_the_block(
    client, owner, mailoutbox, django_capture_on_commit_callbacks
):
    fail(Client(), owner.email, ATTACKER)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": owner.email})
    link = re.search(
        r"https?://[^/]+(/accounts/password/reset/\S+)", mailoutbox[0].body
    )[1]
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "brand-new-passphrase"
    client.post(set_url, {"new_password1": new, "new_password2": new})
    assert login(Client(), owner.email, new, ATTACKER).status_code == 302
