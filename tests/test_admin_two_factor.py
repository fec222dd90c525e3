"""The admin needs two-factor sign-in from staff, through the site's own login."""

from django.urls import reverse

from accounts.forms import TOO_MANY_ATTEMPTS
from tests.factories import UserFactory
from tests.two_factor import code_for, force_verified_login, give_app

ADMIN = reverse("admin:index")
ADMIN_LOGIN = reverse("admin:login")
LOGIN = reverse("accounts:login")
CODE = reverse("accounts:two_factor_code")
SECURITY = reverse("accounts:two_factor")


def staff(**kwargs):
    return UserFactory(is_staff=True, is_superuser=True, **kwargs)


def test_anonymous_visitors_log_in_on_the_site_login(client, db):
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0] == f"{LOGIN}?next={ADMIN}"


def test_the_admin_login_is_the_throttled_site_login(client, db, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    user = staff()
    assert client.get(ADMIN_LOGIN).url == f"{LOGIN}?next={ADMIN}"
    # Django's admin login form is never used: a POST goes the same way.
    assert client.post(ADMIN_LOGIN, {"username": user.email}).url.startswith(LOGIN)
    for _ in range(3):
        response = client.post(LOGIN, {"username": user.email, "password": "wrong"})
    assert TOO_MANY_ATTEMPTS.split(".")[0] in response.text


def test_staff_without_two_factor_are_sent_to_set_it_up(client, db):
    client.force_login(staff())
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0] == f"{SECURITY}?next={ADMIN}"
    assert "The admin asks staff to use two-factor sign-in" in response.text
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302


def test_staff_with_an_app_whose_session_has_no_code_give_one(client, db):
    user = staff()
    app = give_app(user)
    client.force_login(user)
    assert client.get(ADMIN, follow=True).redirect_chain[-1][0] == (
        f"{CODE}?next={ADMIN}"
    )
    response = client.post(CODE, {"code": code_for(app), "next": ADMIN})
    assert response.url == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_staff_log_in_with_password_and_code_then_use_the_admin(client, db, password):
    user = staff()
    app = give_app(user)
    login = client.post(
        LOGIN, {"username": user.email, "password": password, "next": ADMIN}
    )
    assert login.url == f"{CODE}?next={ADMIN}"
    assert client.post(CODE, {"code": code_for(app), "next": ADMIN}).url == ADMIN
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_verified_staff_use_the_admin(client, db):
    force_verified_login(client, staff())
    assert client.get(ADMIN).status_code == 200
    assert client.get(ADMIN_LOGIN).url == ADMIN


def test_people_who_are_not_staff_get_403_not_a_loop(client, owner):
    force_verified_login(client, owner)
    assert client.get(ADMIN).url == f"{ADMIN_LOGIN}?next={ADMIN}"
    assert client.get(ADMIN_LOGIN).status_code == 403


def test_the_admin_login_ignores_a_next_on_another_site(client, db):
    force_verified_login(client, staff())
    response = client.get(ADMIN_LOGIN, {"next": "https://evil.example/"})
    assert response.url == ADMIN


def test_device_pages_in_the_admin_hide_secrets(client, db):
    user = staff()
    force_verified_login(client, user)
    device = user.totpdevice_set.get()
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.text
