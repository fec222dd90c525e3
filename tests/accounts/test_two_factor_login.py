"""Logging in with two-factor sign-in: the password, then a code."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from accounts.two_factor import login_step, services
from accounts.two_factor.views import TOO_MANY_CODES
from core.models import RateLimitBucket
from tests.two_factor import code_for, give_app

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:two_factor_code")
DASHBOARD = reverse("accounts:dashboard")


def give_password(client, user, password, next_url=None):
    data = {"username": user.email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def give_code(client, code, next_url="/"):
    return client.post(CODE, {"code": code, "next": next_url})


@pytest.fixture
def app(owner):
    return give_app(owner)


def test_without_two_factor_the_password_logs_in(client, owner, password):
    response = give_password(client, owner, password)
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get(DASHBOARD).status_code == 200


def test_with_two_factor_the_password_alone_does_not_log_in(
    client, owner, password, app
):
    response = give_password(client, owner, password, next_url=DASHBOARD)
    assert response.status_code == 302
    assert response.url == f"{CODE}?next={DASHBOARD}"
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(DASHBOARD).status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.text


def test_the_right_code_logs_in_verified_and_goes_on(client, owner, password, app):
    give_password(client, owner, password)
    response = give_code(client, code_for(app), next_url=DASHBOARD)
    assert response.status_code == 302
    assert response.url == DASHBOARD
    page = client.get(DASHBOARD)
    assert page.wsgi_request.user == owner
    assert page.wsgi_request.user.is_verified()


def test_a_wrong_code_is_refused_beside_the_field(client, owner, password, app):
    give_password(client, owner, password)
    right = code_for(app)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = give_code(client, wrong)
    assert response.status_code == 400
    assert "That code didn&#x27;t work" in response.text
    assert client.get(DASHBOARD).status_code == 302


def test_a_code_that_is_neither_shape_is_refused_without_counting(
    client, owner, password, app
):
    give_password(client, owner, password)
    response = give_code(client, "12345")
    assert response.status_code == 400
    assert "Enter the 6 digits" in response.text
    app.refresh_from_db()
    assert app.throttling_failure_count == 0


def test_a_code_is_refused_a_second_time(client, owner, password, app):
    code = code_for(app)
    give_password(client, owner, password)
    assert give_code(client, code).status_code == 302
    client.post(reverse("accounts:logout"))
    give_password(client, owner, password)
    response = give_code(client, code)
    assert response.status_code == 400
    assert client.get(DASHBOARD).status_code == 302


def test_an_older_code_is_refused_after_a_newer_one(client, owner, password, app):
    older, newer = code_for(app, steps_from_now=-1), code_for(app)
    give_password(client, owner, password)
    assert give_code(client, newer).status_code == 302
    client.post(reverse("accounts:logout"))
    give_password(client, owner, password)
    assert give_code(client, older).status_code == 400


def test_a_recovery_code_works_once(client, owner, password, app, settings):
    # Straight after a wrong code django-otp asks to wait a second; not here.
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    recovery = services.replace_recovery_codes(user=owner)
    give_password(client, owner, password)
    response = give_code(client, f" {recovery[0].upper()[:4]}-{recovery[0][4:]} ")
    assert response.status_code == 302
    assert client.get(DASHBOARD).status_code == 200
    assert StaticToken.objects.filter(device__user=owner).count() == 9
    client.post(reverse("accounts:logout"))
    give_password(client, owner, password)
    refused = give_code(client, recovery[0])
    assert refused.status_code == 400
    assert "each one works only once" in refused.text
    assert give_code(client, recovery[1]).status_code == 302


def test_using_a_recovery_code_says_how_many_are_left(client, owner, password, app):
    recovery = services.replace_recovery_codes(user=owner)
    give_password(client, owner, password)
    response = client.post(CODE, {"code": recovery[0], "next": DASHBOARD}, follow=True)
    assert "You used a recovery code; 9 left" in response.text


def test_codes_stop_being_checked_after_too_many_wrong_ones(
    client, owner, password, app, settings
):
    settings.TWO_FACTOR_FAILURES_PER_ACCOUNT = 3
    # django-otp also slows down guesses per device; only the account count here.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    give_password(client, owner, password)
    right = code_for(app)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(3):
        assert give_code(client, wrong).status_code == 400
    response = give_code(client, right)
    assert response.status_code == 429
    assert TOO_MANY_CODES.split(".")[0] in response.text
    assert client.get(DASHBOARD).status_code == 302


def test_the_count_of_wrong_codes_ends_with_its_window(
    client, owner, password, app, settings
):
    settings.TWO_FACTOR_FAILURES_PER_ACCOUNT = 1
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    give_password(client, owner, password)
    give_code(client, "000000" if code_for(app) != "000000" else "111111")
    assert give_code(client, code_for(app)).status_code == 429
    RateLimitBucket.objects.filter(key__startswith="two_factor:").update(
        window_start=timezone.now() - timedelta(minutes=16)
    )
    assert give_code(client, code_for(app)).status_code == 302


def test_wrong_codes_in_a_row_make_django_otp_ask_to_wait(client, owner, password, app):
    give_password(client, owner, password)
    right = code_for(app)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    give_code(client, wrong)
    response = give_code(client, right)
    assert response.status_code == 400
    assert "Wait a few seconds" in response.text


def test_the_code_step_waits_only_a_few_minutes_after_the_password(
    client, owner, password, app
):
    give_password(client, owner, password)
    session = client.session
    session[login_step.PENDING_KEY]["started"] -= 6 * 60
    session.save()
    response = give_code(client, code_for(app))
    assert response.status_code == 302
    assert response.url == LOGIN


def test_the_code_step_without_a_password_first_goes_to_login(client, db):
    assert client.get(CODE).url == LOGIN
    assert client.post(CODE, {"code": "123456"}).url == LOGIN


def test_a_session_from_before_two_factor_verifies_with_a_code(owner_client, owner):
    app = give_app(owner)
    page = owner_client.get(reverse("accounts:two_factor"))
    assert page.url.startswith(CODE)
    response = owner_client.post(CODE, {"code": code_for(app), "next": "/x/"})
    assert response.url == "/x/"
    assert owner_client.get(DASHBOARD).wsgi_request.user.is_verified()


def test_the_code_step_refuses_a_next_on_another_site(client, owner, password, app):
    give_password(client, owner, password)
    response = give_code(client, code_for(app), next_url="https://evil.example/")
    assert response.url == "/"
