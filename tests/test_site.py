import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent


def test_home_explains_the_product_to_a_visitor(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Sign up" in response.text
    assert "Three questions" in response.text


def test_home_sends_a_practitioner_to_their_work(owner_client):
    response = owner_client.get("/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:dashboard")


def test_home_refuses_post(client, db):
    assert client.post("/").status_code == 405


def test_healthz_reports_a_healthy_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_503_when_the_database_is_down(client, db):
    with mock.patch(
        "config.views.connection.cursor", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@override_settings(DEBUG=False)
def test_unknown_pages_get_the_friendly_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "couldn't find that page" in response.text


def test_an_unreachable_database_gets_a_503_page_with_retry_after(db):
    client = Client(raise_request_exception=False)
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load",
        side_effect=OperationalError("connection refused"),
    ):
        client.cookies["sessionid"] = "x" * 32
        response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "right back" in response.text
    assert "Traceback" not in response.text
    # It recovers by itself once the database answers again.
    assert client.get("/healthz").status_code == 200


def test_other_errors_get_the_500_page(db):
    client = Client(raise_request_exception=False)
    with mock.patch("config.views.render", side_effect=ValueError("bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert "went wrong on our side" in response.text


def test_security_headers(client, db):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return (
        env
        | {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "s3cr3t-" + "k" * 60,
            "DJANGO_ALLOWED_HOSTS": "practice.example.com",
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/unused",
        }
        | extra
    )


def run_manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_is_clean_in_production():
    # Django 6.1 asks the server's version to check a GeneratedField
    # (Contact.search_text), so this check needs a database that answers.
    env = production_env(DATABASE_URL=settings.DATABASE_URL)
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_real_secret_key():
    result = run_manage("check", env=production_env(DJANGO_SECRET_KEY=""))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_secure_cookies_and_hsts():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS > 0)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, env=production_env())
    assert result.stdout.strip() == "True True True", result.stderr
