from django.urls import reverse

from accounts.forms import TOO_MANY_ATTEMPTS

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")


def login(client, email, password, address="10.0.0.1"):
    return client.post(
        LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_login_page_renders(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "Email address" in response.text


def test_login_with_email_in_any_case(client, owner, password):
    response = login(client, "Olivia@Example.com", password)
    assert response.status_code == 302
    assert response.wsgi_request.user == owner


def test_wrong_password_shows_an_error_and_keeps_the_email(client, owner):
    response = login(client, "olivia@example.com", "wrong")
    assert response.status_code == 200
    assert "correct email address and password" in response.text
    assert 'value="olivia@example.com"' in response.text


def test_logout_needs_post_and_ends_the_session(owner_client):
    assert owner_client.get(LOGOUT).status_code == 405
    response = owner_client.post(LOGOUT)
    assert response.status_code == 302
    assert owner_client.get(reverse("accounts:dashboard")).status_code == 302


def test_failed_logins_are_throttled_per_account_and_address(
    client, owner, password, settings
):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(3):
        login(client, owner.email, "wrong", address="10.0.0.1")
    response = login(client, owner.email, password, address="10.0.0.1")
    assert response.status_code == 429
    assert TOO_MANY_ATTEMPTS.split(".")[0] in response.text
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_throttled_per_address(client, owner, password, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for attempt in range(3):
        login(client, f"nobody{attempt}@example.com", "wrong", address="10.1.1.1")
    blocked = login(client, owner.email, password, address="10.1.1.1")
    assert TOO_MANY_ATTEMPTS.split(".")[0] in blocked.text
    allowed = login(client, owner.email, password, address="10.2.2.2")
    assert allowed.status_code == 302


def test_a_successful_login_clears_the_account_failures(
    client, owner, password, settings
):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    login(client, owner.email, "wrong")
    login(client, owner.email, "wrong")
    assert login(client, owner.email, password).status_code == 302
    client.logout()
    login(client, owner.email, "wrong")
    login(client, owner.email, "wrong")
    assert login(client, owner.email, password).status_code == 302
