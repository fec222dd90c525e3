"""Turning two-factor sign-in on and off, and recovery codes, from the account."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import services
from tests.two_factor import code_for, code_from_secret, force_verified_login

SECURITY = reverse("accounts:two_factor")
START = reverse("accounts:two_factor_start")
SETUP = reverse("accounts:two_factor_setup")
CODES = reverse("accounts:two_factor_codes")
DOWNLOAD = reverse("accounts:two_factor_codes_download")
SAVED = reverse("accounts:two_factor_codes_saved")
REGENERATE = reverse("accounts:two_factor_codes_regenerate")
TURN_OFF = reverse("accounts:two_factor_turn_off")
LOGIN = reverse("accounts:login")


def shown_secret(page) -> str:
    return re.search(r'id="secret-key">([A-Z2-7 ]+)<', page.text)[1]


def turn_on(client) -> list[str]:
    """Start, scan (read the key shown) and confirm; the codes shown once."""
    client.post(START)
    page = client.get(SETUP)
    client.post(SETUP, {"code": code_from_secret(shown_secret(page))})
    codes_page = client.get(CODES)
    return re.findall(r"<li><code>([a-z2-7 ]+)</code></li>", codes_page.text)


@pytest.fixture
def verified_client(client, owner):
    """Olivia, with two-factor on and a session that passed a code."""
    force_verified_login(client, owner)
    services.replace_recovery_codes(user=owner)
    return client


@pytest.mark.parametrize(
    "url", [SECURITY, START, SETUP, CODES, DOWNLOAD, SAVED, REGENERATE, TURN_OFF]
)
def test_every_page_needs_login(client, db, url):
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in (302, 405), (method, url)
        if response.status_code == 302:
            assert response.url.startswith(LOGIN)


def test_the_page_says_it_is_off_and_offers_to_turn_it_on(owner_client):
    page = owner_client.get(SECURITY)
    assert page.status_code == 200
    assert "Off" in page.text
    assert "Turn on two-factor sign-in" in page.text
    assert "asks everyone" not in page.text


def test_turning_on_shows_a_qr_code_and_the_key_as_text(owner_client, owner):
    assert owner_client.post(START).url == SETUP
    page = owner_client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=owner)
    assert not device.confirmed
    assert 'src="data:image/svg+xml;base64,' in page.text
    assert 'alt="QR code for your authenticator app' in page.text
    assert shown_secret(page).replace(" ", "")
    assert page["Cache-Control"].startswith("max-age=0")
    # Until confirmed, logging in does not ask for a code.
    assert not services.has_two_factor(owner)


def test_a_right_code_turns_it_on_and_shows_ten_codes_once(owner_client, owner):
    codes = turn_on(owner_client)
    assert TOTPDevice.objects.get(user=owner).confirmed
    assert len(codes) == 10
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert {code.replace(" ", "") for code in codes} == stored
    assert owner_client.get(SECURITY).wsgi_request.user.is_verified()
    assert owner_client.post(SAVED).url == SECURITY
    assert owner_client.get(CODES).url == SECURITY
    assert owner_client.get(DOWNLOAD).status_code == 404


def test_the_codes_download_as_a_text_file(owner_client, owner):
    codes = turn_on(owner_client)
    response = owner_client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert owner.email in text
    assert all(code in text for code in codes)


def test_a_wrong_code_keeps_it_off_with_a_message(owner_client, owner):
    owner_client.post(START)
    device = TOTPDevice.objects.get(user=owner)
    right = code_for(device)
    response = owner_client.post(SETUP, {"code": f"{(int(right) + 1) % 1_000_000:06d}"})
    assert response.status_code == 400
    assert "That code didn&#x27;t work" in response.text
    assert not services.has_two_factor(owner)


def test_a_recovery_code_cannot_confirm_the_app(owner_client, owner):
    owner_client.post(START)
    response = owner_client.post(SETUP, {"code": "abcdefgh"})
    assert response.status_code == 400
    assert "Enter the 6 digits" in response.text


def test_starting_again_gives_a_new_key(owner_client, owner):
    owner_client.post(START)
    first = TOTPDevice.objects.get(user=owner).key
    owner_client.post(START)
    assert TOTPDevice.objects.get(user=owner).key != first


def test_the_setup_page_without_a_setup_goes_back(owner_client):
    assert owner_client.get(SETUP).url == SECURITY


def test_the_code_used_to_turn_it_on_cannot_log_in(owner_client, owner, password):
    owner_client.post(START)
    device = TOTPDevice.objects.get(user=owner)
    code = code_for(device)
    owner_client.post(SETUP, {"code": code})
    owner_client.post(reverse("accounts:logout"))
    owner_client.post(LOGIN, {"username": owner.email, "password": password})
    response = owner_client.post(reverse("accounts:two_factor_code"), {"code": code})
    assert response.status_code == 400


def test_when_on_the_page_counts_the_codes_left(verified_client, owner):
    page = verified_client.get(SECURITY)
    assert "<strong>10</strong> unused" in page.text
    assert "Make new recovery codes" in page.text
    assert verified_client.post(START).url == SECURITY


def test_new_codes_replace_the_old_ones(verified_client, owner):
    old = set(StaticToken.objects.values_list("token", flat=True))
    assert verified_client.post(REGENERATE).url == CODES
    new = set(StaticToken.objects.values_list("token", flat=True))
    assert len(new) == 10
    assert not old & new
    page = verified_client.get(CODES)
    assert all(code[:4] in page.text for code in new)


def test_turning_off_needs_the_password_and_a_code(verified_client, owner, password):
    device = TOTPDevice.objects.get(user=owner)
    assert verified_client.get(TURN_OFF).status_code == 200
    wrong_password = verified_client.post(
        TURN_OFF, {"password": "nope", "code": code_for(device)}
    )
    assert wrong_password.status_code == 400
    assert "That isn&#x27;t your password." in wrong_password.text
    no_code = verified_client.post(TURN_OFF, {"password": password, "code": ""})
    assert no_code.status_code == 400
    assert services.has_two_factor(owner)
    response = verified_client.post(
        TURN_OFF, {"password": password, "code": code_for(device)}
    )
    assert response.url == SECURITY
    assert not TOTPDevice.objects.filter(user=owner).exists()
    assert not StaticDevice.objects.filter(user=owner).exists()
    assert "Off" in verified_client.get(SECURITY).text


def test_turning_off_with_a_recovery_code(verified_client, owner, password):
    code = StaticToken.objects.filter(device__user=owner).first().token
    response = verified_client.post(TURN_OFF, {"password": password, "code": code})
    assert response.url == SECURITY
    assert not services.has_two_factor(owner)


def test_wrong_passwords_count_towards_the_limit(verified_client, owner, settings):
    settings.TWO_FACTOR_FAILURES_PER_ACCOUNT = 2
    device = TOTPDevice.objects.get(user=owner)
    for _ in range(2):
        verified_client.post(TURN_OFF, {"password": "no", "code": code_for(device)})
    response = verified_client.post(
        TURN_OFF, {"password": "no", "code": code_for(device)}
    )
    assert response.status_code == 429
    assert services.has_two_factor(owner)


def test_an_unverified_session_must_give_a_code_before_managing_it(owner_client, owner):
    services.start_setup(user=owner)
    TOTPDevice.objects.update(confirmed=True)
    for url in (SECURITY, TURN_OFF, CODES, DOWNLOAD):
        assert owner_client.get(url).url.startswith(reverse("accounts:two_factor_code"))
    for url in (REGENERATE, TURN_OFF, START):
        assert owner_client.post(url).url.startswith(
            reverse("accounts:two_factor_code")
        )
    assert services.has_two_factor(owner)


def test_wrong_methods_are_refused(owner_client):
    assert owner_client.get(START).status_code == 405
    assert owner_client.get(REGENERATE).status_code == 405
    assert owner_client.get(SAVED).status_code == 405
    assert owner_client.post(SECURITY).status_code == 405
    assert owner_client.post(DOWNLOAD).status_code == 405


def test_codes_with_a_nul_are_refused_beside_the_field(verified_client, password):
    response = verified_client.post(
        TURN_OFF, {"password": password, "code": "12\x0034"}
    )
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.text
