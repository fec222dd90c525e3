"""A persona's profile page: who they are, their parts and the three questions."""

from django.urls import reverse

from tests.csrf import checked_client, token_in
from tests.factories import PersonaFactory


def step_url(persona, step: str) -> str:
    return reverse("personas:step", args=[persona.pk, step])


def test_anonymous_visitors_are_sent_to_log_in(client, persona):
    url = persona.get_absolute_url()
    assert client.get(url).url == f"{reverse('accounts:login')}?next={url}"


def test_outsiders_get_404(outsider_client, maya):
    response = outsider_client.get(maya.get_absolute_url())
    assert response.status_code == 404
    assert "Maya" not in response.text


def test_the_profile_shows_who_they_are(owner_client, maya):
    response = owner_client.get(maya.get_absolute_url())
    assert response.status_code == 200
    page = response.text
    assert '<h1 class="h2 mb-0" id="persona-name">Maya</h1>' in page
    assert "Physio opening her own practice" in page
    assert "Ideal customer · Active · version 1" in page
    assert "“Done is better than perfect.”" in page
    assert "<dt>Age</dt><dd>35–55</dd>" in page
    assert "<dt>Work</dt><dd>Physiotherapist, Team leader</dd>" in page
    assert "<dt>Gender</dt><dd>Women, Non-binary people</dd>" in page
    assert "<dt>Income</dt><dd>30,000 to 60,000</dd>" in page
    assert "<dt>Company size</dt><dd>1–50 people</dd>" in page


def test_the_profile_lists_dreams_pains_and_red_flags(owner_client, maya):
    page = owner_client.get(maya.get_absolute_url()).text
    assert "<li>A waiting list of the right patients</li>" in page
    assert "<li>Weekends off</li>" in page
    assert "<strong>Evenings lost to admin</strong>" in page
    assert "(5/5)" in page
    assert "A weekly system set up in two sessions" in page
    assert "Calls at weekends</li>" in page
    assert 'Haggles on price <span class="badge text-bg-danger">deal-breaker' in page
    assert "None yet" not in page


def test_a_persona_without_parts_says_none_yet(owner_client, persona):
    assert owner_client.get(persona.get_absolute_url()).text.count("None yet") == 3


def test_without_a_photo_the_profile_shows_initials(owner_client, persona):
    page = owner_client.get(persona.get_absolute_url()).text
    assert '<span class="avatar avatar-initials" aria-hidden="true">SB</span>' in page
    assert '<img class="avatar"' not in page


def test_initials_are_at_most_two_letters(workspace):
    assert PersonaFactory.build(name="maya jane smith").initials == "MJ"
    assert PersonaFactory.build(name="  ").initials == "?"


def test_a_complete_persona_answers_the_three_questions(owner_client, maya):
    page = owner_client.get(maya.get_absolute_url()).text
    assert page.count('<span class="answer answer-yes">Yes</span>') == 3
    assert "Fill it in" not in page
    assert "Completeness: 100%" in page


def fill_it_in(persona, step: str) -> str:
    return f'<a class="no-print" href="{step_url(persona, step)}">Fill it in</a>'


def test_unanswered_questions_link_to_the_step_that_answers_them(owner_client, persona):
    page = owner_client.get(persona.get_absolute_url()).text
    assert page.count('<span class="answer answer-no">Not yet</span>') == 3
    dreams_and_pains = "At least one dream; At least one pain; Why they have each pain"
    assert f"Missing: {dreams_and_pains}." in page
    assert "Missing: Add the pains your offer removes." in page
    assert page.count(fill_it_in(persona, "who")) == 1
    assert page.count(fill_it_in(persona, "dreams_pains")) == 2


def test_the_profile_links_each_step_with_its_percent(owner_client, persona):
    page = owner_client.get(persona.get_absolute_url()).text
    assert f'<a href="{step_url(persona, "personality")}">Personality</a>: 29%' in page
    assert "Continue the worksheet" in page


def test_the_profile_refuses_post(owner_client, persona):
    assert owner_client.post(persona.get_absolute_url()).status_code == 405


def test_the_profile_shows_a_saved_step_at_once(owner_client, persona):
    url = reverse("personas:detail", args=[persona.pk])
    assert "New line" not in owner_client.get(url).text
    owner_client.post(
        step_url(persona, "personality"), {"name": persona.name, "tagline": "New line"}
    )
    assert "New line" in owner_client.get(url).text


def test_the_actions_follow_the_persona(owner_client, persona):
    archive = reverse("personas:archive", args=[persona.pk])
    restore = reverse("personas:restore", args=[persona.pk])
    assert f'action="{archive}"' in owner_client.get(persona.get_absolute_url()).text
    owner_client.post(archive)
    page = owner_client.get(persona.get_absolute_url()).text
    assert f'action="{restore}"' in page
    assert f'action="{archive}"' not in page


def test_the_actions_forms_carry_good_tokens(owner, password, persona):
    # The same user in two browsers: two CSRF secrets, and a token for each.
    checked_client(owner, password).get(persona.get_absolute_url())
    client = checked_client(owner, password)
    page = client.get(persona.get_absolute_url()).text
    archive = reverse("personas:archive", args=[persona.pk])
    token = token_in(page, archive)
    assert client.post(archive, {"csrfmiddlewaretoken": token}).status_code == 302
    persona.refresh_from_db()
    assert persona.status == persona.Status.ARCHIVED


def test_each_view_masks_the_actions_tokens_anew(owner, password, persona):
    # Django masks the CSRF token afresh for every response (against BREACH):
    # a token kept in a rendered fragment would be sent again and again.
    client = checked_client(owner, password)
    archive = reverse("personas:archive", args=[persona.pk])
    tokens = {
        token_in(client.get(persona.get_absolute_url()).text, archive) for _ in range(2)
    }
    assert len(tokens) == 2
