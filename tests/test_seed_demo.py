from django.core.management import call_command
from django.urls import reverse

from accounts.models import Membership, User, Workspace
from accounts.two_factor import services as two_factor
from tests.two_factor import give_app


def run_seed(capsys) -> str:
    call_command("seed_demo")
    return capsys.readouterr().out


def test_seed_demo_prints_logins_that_work_and_is_idempotent(db, client, capsys):
    first = run_seed(capsys)
    second = run_seed(capsys)
    logins = [line for line in first.splitlines() if line.startswith("login: ")]
    assert logins == [
        "login: demo@example.com / demo-pass-2026",
        "login: admin@example.com / admin-pass-2026",
    ]
    assert [
        line for line in second.splitlines() if line.startswith("login: ")
    ] == logins
    assert User.objects.count() == 2
    assert Membership.objects.count() == 2
    assert User.objects.get(email="admin@example.com").is_superuser
    assert client.login(username="demo@example.com", password="demo-pass-2026")


def test_seed_demo_passwords_come_from_the_environment(db, capsys, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-one-2026")
    assert "login: demo@example.com / another-one-2026" in run_seed(capsys)


def test_seed_demo_gives_back_logins_without_two_factor(db, client, capsys):
    run_seed(capsys)
    demo = User.objects.get(email="demo@example.com")
    give_app(demo)
    Workspace.objects.update(require_two_factor=True)
    run_seed(capsys)
    assert not two_factor.has_two_factor(demo)
    assert not Workspace.objects.get().require_two_factor
    response = client.post(
        reverse("accounts:login"),
        {"username": "demo@example.com", "password": "demo-pass-2026"},
    )
    assert response.url == "/"
    assert client.get(reverse("accounts:dashboard")).status_code == 200
