"""A new practitioner's first minutes: from the home page into a first persona,
with the kinds of persona explained and an example to look at."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from personas import worksheet
from personas.models import Persona


@pytest.fixture
def sign_up(client, db, django_capture_on_commit_callbacks, mailoutbox):
    """Sign up (with `next`, as a link may ask), then use the emailed link."""

    def run(next_url: str = ""):
        data = {
            "name": "Priya Patel",
            "email": "priya@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "workspace_name": "Priya Physio",
            "next": next_url,
        }
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("accounts:signup"), data)
        link = re.search(
            r"https?://[^/]+(/accounts/signup/confirm/\S+/)", mailoutbox[-1].body
        )[1]
        return client.post(link, {"password": data["password1"]})

    return run


def test_start_your_first_persona_signs_up_then_opens_a_new_persona(client, sign_up):
    home = client.get(reverse("home")).text
    signup = f"{reverse('accounts:signup')}?next={reverse('personas:create')}"
    assert f'href="{signup}">Start your first persona</a>' in home
    assert (
        f'name="next" value="{reverse("personas:create")}"' in client.get(signup).text
    )

    assert sign_up(reverse("personas:create")).url == reverse("personas:create")
    response = client.post(
        reverse("personas:create"), {"name": "Maya", "kind": "ideal"}, follow=True
    )
    persona = Persona.objects.get()
    first = reverse("personas:step", args=[persona.pk, worksheet.STEPS[0].slug])
    assert response.redirect_chain == [(first, 302)]


def test_the_start_page_lists_the_steps_the_worksheet_has(owner_client):
    page = owner_client.get(reverse("personas:create")).text
    assert f"The worksheet has {len(worksheet.TITLES)} short steps." in page
    listed = re.findall(r"<li>([^<]+)</li>", page.split('class="start-steps"')[1])
    assert listed[: len(worksheet.TITLES)] == worksheet.TITLES


def test_the_start_page_says_what_each_kind_of_persona_is(owner_client):
    page = owner_client.get(reverse("personas:create")).text
    for kind in Persona.Kind:
        assert f"<dt>{kind.label}</dt>" in page
    assert f'href="{reverse("personas:example")}"' in page


def test_a_new_account_is_welcomed_and_pointed_at_a_first_persona(client, sign_up):
    assert sign_up().url == reverse("accounts:dashboard")
    page = client.get(reverse("accounts:dashboard")).text
    assert '<h1 class="h3">Welcome, Priya</h1>' in page
    assert "Welcome back" not in page
    assert (
        f'href="{reverse("personas:create")}" class="btn btn-primary">'
        "Start your first persona</a>"
    ) in page


def test_a_returning_practitioner_is_welcomed_back(owner_client):
    page = owner_client.get(reverse("accounts:dashboard")).text
    assert '<h1 class="h3">Welcome back, Olivia</h1>' in page
    assert "Start your first persona" not in page


def test_the_example_persona_needs_a_login(client, db):
    response = client.get(reverse("personas:example"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_example_persona_shows_every_step_read_only(owner_client):
    response = owner_client.get(reverse("personas:example"))
    assert response.status_code == 200
    page = response.text
    assert "Example persona: Amara" in page
    for number, title in enumerate(worksheet.TITLES[:-1], start=1):
        assert f"{number}. {title}</h2>" in page
    # Answers under the worksheet's own labels, choices by their names.
    assert "<dt>Occupation or role</dt>" in page
    assert "Parent of young children" in page
    assert "How much it hurts (1 to 5): 5" in page
    assert "Severity: Deal-breaker" in page
    assert "<form" not in page.split("<main")[1].split("</main>")[0]


def test_the_example_persona_refuses_post(owner_client):
    assert owner_client.post(reverse("personas:example")).status_code == 405


def test_the_example_persona_reads_no_persona_from_the_database(owner_client):
    with CaptureQueriesContext(connection) as queries:
        owner_client.get(reverse("personas:example"))
    assert not [query for query in queries if "personas_" in query["sql"]]
