"""A step posted after the session ended is kept, unsaved, until the next login."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from tests.personas.builders import form_values, formset

LOGIN = reverse("accounts:login")
TYPED = {"age_min": "35", "genders": ["women"], "occupations": "Physio\nNurse"}


def step_url(persona, step: str = "who") -> str:
    return reverse("personas:step", args=[persona.pk, step])


def log_in(client, user, password) -> None:
    response = client.post(LOGIN, {"username": user.email, "password": password})
    assert response.status_code == 302


def test_a_post_without_a_session_goes_to_log_in_and_saves_nothing(
    client, owner, persona
):
    response = client.post(step_url(persona), TYPED)
    assert response.status_code == 302
    sent_to = urlsplit(response.url)
    assert sent_to.path == LOGIN
    assert parse_qs(sent_to.query) == {"next": [step_url(persona)]}
    login_page = client.get(response.url).text
    assert "Your session had ended, so nothing was saved yet." in login_page
    persona.refresh_from_db()
    assert (persona.age_min, persona.occupations, persona.last_step) == (
        None,
        [],
        "who",
    )


def test_after_logging_in_the_step_shows_what_was_typed_unsaved(
    client, owner, password, persona
):
    client.post(step_url(persona), TYPED)
    log_in(client, owner, password)
    response = client.get(step_url(persona))
    assert response.status_code == 200
    assert "We kept what you typed. Check it, then save." in response.text
    shown = form_values(response.text)
    assert (shown["age_min"], shown["genders"]) == (["35"], ["women"])
    assert shown["occupations"] == ["Physio\nNurse"]
    persona.refresh_from_db()
    assert persona.age_min is None


def test_what_was_kept_is_shown_once(client, owner, password, persona):
    client.post(step_url(persona), TYPED)
    log_in(client, owner, password)
    client.get(step_url(persona))
    again = client.get(step_url(persona))
    assert "We kept what you typed" not in again.text
    assert form_values(again.text)["age_min"] == [""]


def test_what_was_kept_belongs_to_its_own_step(client, owner, password, persona):
    client.post(step_url(persona), TYPED)
    log_in(client, owner, password)
    other_step = client.get(step_url(persona, "be_them"))
    assert "We kept what you typed" not in other_step.text
    assert "We kept what you typed" in client.get(step_url(persona)).text


def test_kept_rows_of_a_formset_come_back_too(client, owner, password, persona):
    typed = formset("dreams", [{"text": "Calm"}, {"text": "Weekends off"}])
    client.post(step_url(persona, "dreams_pains"), typed | formset("pains", []))
    log_in(client, owner, password)
    shown = form_values(client.get(step_url(persona, "dreams_pains")).text)
    assert (shown["dreams-0-text"], shown["dreams-1-text"]) == (
        ["Calm"],
        ["Weekends off"],
    )
    assert not persona.dreams.exists()


def test_saving_the_kept_values_after_login_writes_them(
    client, owner, password, persona
):
    client.post(step_url(persona), TYPED)
    log_in(client, owner, password)
    shown = form_values(client.get(step_url(persona)).text)
    resent = {
        name: values for name, values in shown.items() if name != "csrfmiddlewaretoken"
    }
    assert client.post(step_url(persona), resent).status_code == 302
    persona.refresh_from_db()
    assert (persona.age_min, persona.occupations) == (35, ["Physio", "Nurse"])


def test_a_change_saved_while_logged_out_is_still_caught_after_login(
    client, teammate_client, owner, password, persona
):
    log_in(client, owner, password)
    page = form_values(client.get(step_url(persona, "personality")).text)
    client.logout()
    client.post(step_url(persona, "personality"), page | {"car": ["A bike"]})
    theirs = form_values(teammate_client.get(step_url(persona, "personality")).text)
    teammate_client.post(
        step_url(persona, "personality"), theirs | {"tagline": ["Clinic owner"]}
    )
    log_in(client, owner, password)
    # The kept page keeps the fingerprint it was loaded with.
    kept = form_values(client.get(step_url(persona, "personality")).text)
    assert kept["loaded"] == page["loaded"]
    response = client.post(step_url(persona, "personality"), kept)
    assert response.status_code == 409
    assert form_values(response.text)["car"] == ["A bike"]
