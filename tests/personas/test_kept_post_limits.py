"""What a logged-out post may leave in the session: a capped amount, for a real
worksheet step only, for at most an hour; expired sessions are cleared by upkeep."""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from core import kept_posts

LOGIN = reverse("accounts:login")
TYPED = {"age_min": "35", "genders": ["women"], "occupations": "Physio\nNurse"}


def step_url(persona_id: int, step: str = "who") -> str:
    return reverse("personas:step", args=[persona_id, step])


def kept(client) -> dict:
    return client.session.get(kept_posts.SESSION_KEY, {})


def log_in(client, user, password) -> None:
    response = client.post(LOGIN, {"username": user.email, "password": password})
    assert response.status_code == 302


def test_a_post_too_large_to_keep_is_not_kept_and_the_page_says_so(client, persona):
    response = client.post(step_url(persona.pk), {"occupations": "x" * 1_700_000})
    assert response.status_code == 302
    assert kept(client) == {}
    assert "too long to keep" in client.get(response.url).text


def test_what_all_forms_keep_together_is_capped(client, persona):
    chunk = "y" * (kept_posts.MAX_FORM_BYTES - 1000)
    for step in ["who", "personality", "be_them", "dreams_pains", "red_flags"]:
        client.post(step_url(persona.pk, step), {"notes": chunk})
    size = sum(kept_posts.size_of(entry["fields"]) for entry in kept(client).values())
    assert 0 < size <= kept_posts.MAX_TOTAL_BYTES
    # The latest post is the one kept when something has to go.
    assert step_url(persona.pk, "red_flags") in kept(client)


def test_a_post_to_a_step_that_does_not_exist_is_not_kept(client, persona):
    client.post(step_url(persona.pk + 1000), TYPED)
    client.post(step_url(persona.pk, "no-such-step"), TYPED)
    assert kept(client) == {}


def test_the_anonymous_session_that_keeps_a_post_expires_within_the_hour(
    client, persona
):
    client.post(step_url(persona.pk), TYPED)
    assert kept(client)
    assert client.session.get_expiry_age() <= 3600


def test_a_kept_post_older_than_an_hour_is_not_given_back(
    client, owner, password, persona
):
    client.post(step_url(persona.pk), TYPED)
    session = client.session
    entries = session[kept_posts.SESSION_KEY]
    entries[step_url(persona.pk)]["at"] = time.time() - 3601
    session[kept_posts.SESSION_KEY] = entries
    session.save()
    log_in(client, owner, password)
    assert "We kept what you typed" not in client.get(step_url(persona.pk)).text


def test_logging_in_gives_the_session_its_usual_lifetime_back(
    client, owner, password, persona
):
    client.post(step_url(persona.pk), TYPED)
    log_in(client, owner, password)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert "We kept what you typed" in client.get(step_url(persona.pk)).text


def test_upkeep_clears_expired_sessions(db):
    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    model = store_class.get_model_class()
    old, fresh = store_class(), store_class()
    for store in (old, fresh):
        store["x"] = 1
        store.create()
    model.objects.filter(session_key=old.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    call_command("upkeep")
    assert list(model.objects.values_list("session_key", flat=True)) == [
        fresh.session_key
    ]
    assert issubclass(store_class, SessionBase)
