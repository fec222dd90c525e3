"""A persona's profile: the one-pager with every worksheet answer, and the owner's
panels around it (completeness, sharing, versions)."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from personas.models import Persona
from tests.csrf import checked_client, token_in
from tests.factories import DreamFactory, PainFactory, PersonaFactory, RedFlagFactory
from tests.personas.builders import every_field_answers, png_upload, shown_texts


def step_url(persona, step: str) -> str:
    return reverse("personas:step", args=[persona.pk, step])


def one_pager(page: str) -> str:
    start = page.index('<article class="one-pager"')
    return page[start : page.index("</article>", start)]


def flat_text(markup: str) -> str:
    """The words of some markup, tags dropped and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_anonymous_visitors_are_sent_to_log_in(client, persona):
    url = persona.get_absolute_url()
    assert client.get(url).url == f"{reverse('accounts:login')}?next={url}"


def test_outsiders_get_404(outsider_client, maya):
    response = outsider_client.get(maya.get_absolute_url())
    assert response.status_code == 404
    assert "Maya" not in response.text


def test_the_header_shows_name_tagline_and_a_quote_in_their_words(owner_client, maya):
    page = owner_client.get(maya.get_absolute_url()).text
    assert '<h1 id="persona-name">Maya</h1>' in page
    assert '<p class="op-tagline">Physio opening her own practice</p>' in page
    assert '<p class="op-kind">Ideal customer</p>' in page
    assert '<blockquote class="op-quote"><p>“I&#x27;m drowning in admin”</p>' in page


def test_without_their_words_the_quote_is_their_favourite_one(owner_client, maya):
    maya.their_words = []
    maya.save()
    page = owner_client.get(maya.get_absolute_url()).text
    assert '<blockquote class="op-quote"><p>“Done is better than perfect.”</p>' in page


def test_demographics_read_at_a_glance_in_the_worksheets_words(owner_client, maya):
    page = one_pager(owner_client.get(maya.get_absolute_url()).text)
    assert '<dt>Age</dt>\n<dd><span class="pre-line">35–55</span></dd>' in page
    assert "<dt>Company size</dt>" in page
    assert "1–50 people" in page
    assert (
        '<dt>Genders</dt>\n<dd><ul class="chips"><li>Women</li>'
        "<li>Non-binary people</li></ul></dd>"
    ) in page
    assert "<li>30,000 to 60,000</li>" in page


def test_lists_are_lists_not_comma_joined(owner_client, maya):
    page = one_pager(owner_client.get(maya.get_absolute_url()).text)
    assert "<li>Physiotherapist</li><li>Team leader</li>" in page
    assert "Physiotherapist, Team leader" not in page
    assert "Leeds, Remote" not in page


def test_pains_show_intensity_drawn_and_in_words_with_every_detail(owner_client, maya):
    page = one_pager(owner_client.get(maya.get_absolute_url()).text)
    assert "<h3>Evenings lost to admin</h3>" in page
    assert '<span class="scale-text">5 of 5</span>' in page
    assert '<span class="scale-text">3 of 5</span>' in page
    assert page.count('class="scale-mark on"') == 5 + 3
    for detail, answer in [
        ("What they already tried", "Spreadsheets"),
        ("Why they have this pain", "Trained as a clinician, not a business owner"),
        ("How your offer removes it", "A weekly system set up in two sessions"),
    ]:
        assert f'<dt>{detail}</dt>\n<dd><span class="pre-line">{answer}</span>' in page


def test_pains_show_how_prospects_say_them(owner_client, maya):
    page = one_pager(owner_client.get(maya.get_absolute_url()).text)
    assert (
        '<dt>How prospects say it</dt>\n<dd><ul class="op-said">'
        "<li>Drowning in paperwork</li><li>Invoicing at midnight</li></ul></dd>"
    ) in page


def test_red_flags_say_their_severity_in_words(owner_client, maya):
    page = one_pager(owner_client.get(maya.get_absolute_url()).text)
    assert (
        'Haggles on price <span class="severity severity-deal_breaker">'
        "Deal-breaker</span>"
    ) in page
    assert 'Calls at weekends <span class="severity severity-warning">Warning' in page


def test_the_would_you_answers_are_shown(owner_client, maya):
    page = flat_text(one_pager(owner_client.get(maya.get_absolute_url()).text))
    assert "Would you invite them into your home? Yes" in page
    assert "Would you spend personal time with them? Not sure" in page
    assert "Would you go on a trip with them? No" in page


def test_headings_go_down_one_level_at_a_time(owner_client, maya):
    page = owner_client.get(maya.get_absolute_url()).text
    levels = [int(level) for level in re.findall(r"<h([1-6])", page)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_the_profile_shows_every_field_the_worksheet_asks(
    owner_client, persona, media_root
):
    posts = every_field_answers()
    for step, data in posts.items():
        files = {"photo": png_upload()} if step == "personality" else {}
        response = owner_client.post(step_url(persona, step), data | files)
        assert response.status_code == 302, (step, response.context)
    page = owner_client.get(persona.get_absolute_url()).text
    sheet = one_pager(page)
    words = flat_text(sheet)
    for field, texts in shown_texts(posts).items():
        for text in texts:
            assert text in words, f"{field}: {text!r} is not on the profile"
            if "\n" in posts_value(posts, field):
                assert f"<li>{html.escape(text)}</li>" in sheet, field
    photo = reverse("personas:photo", args=[persona.pk])
    assert f'<img class="avatar" src="{photo}" alt="Photo of' in sheet


def posts_value(posts: dict, field: str) -> str:
    return next(str(data[field]) for data in posts.values() if field in data)


def test_a_persona_without_parts_says_none_yet(owner_client, persona):
    assert owner_client.get(persona.get_absolute_url()).text.count("None yet") == 3


def test_an_empty_side_column_says_what_goes_there(owner_client, persona, maya):
    who = step_url(persona, "who")
    page = owner_client.get(persona.get_absolute_url()).text
    assert "Who they are, their personality and whether you would enjoy" in page
    assert f'<a class="no-print" href="{who}">Start with who they are</a>' in page
    assert (
        "Start with who they are" not in owner_client.get(maya.get_absolute_url()).text
    )


def test_without_a_photo_the_profile_shows_initials(owner_client, persona):
    page = owner_client.get(persona.get_absolute_url()).text
    assert '<span class="avatar avatar-initials" aria-hidden="true">SB</span>' in page
    assert '<img class="avatar"' not in page


def test_initials_are_at_most_two_letters(workspace):
    assert PersonaFactory.build(name="maya jane smith").initials == "MJ"
    assert PersonaFactory.build(name="  ").initials == "?"


def test_a_complete_persona_answers_the_three_yeses(owner_client, maya):
    page = owner_client.get(maya.get_absolute_url()).text
    assert page.count('<span class="answer answer-yes">Yes</span>') == 3
    assert "Fill it in" not in page
    assert "Completeness: 100%" in page


def fill_it_in(persona, step: str) -> str:
    return f'<a class="no-print" href="{step_url(persona, step)}">Fill it in</a>'


def test_unanswered_yeses_link_to_the_step_that_answers_them(owner_client, persona):
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


def test_the_profile_says_whether_it_is_shared(owner_client, maya):
    share = reverse("personas:share", args=[maya.pk])
    page = owner_client.get(maya.get_absolute_url()).text
    assert "Not shared." in page
    assert f'<a href="{share}">Make a link</a>' in page
    owner_client.post(share, {"action": "create"})
    page = owner_client.get(maya.get_absolute_url()).text
    assert "A read-only link is active, made " in page
    assert f'<a href="{share}">Manage the link</a>' in page


def test_the_profile_refuses_post(owner_client, persona):
    assert owner_client.post(persona.get_absolute_url()).status_code == 405


def test_the_profile_shows_a_saved_step_at_once(owner_client, persona):
    url = reverse("personas:detail", args=[persona.pk])
    assert "New line" not in owner_client.get(url).text
    owner_client.post(
        step_url(persona, "personality"), {"name": persona.name, "tagline": "New line"}
    )
    assert "New line" in owner_client.get(url).text


def add_parts(persona: Persona, count: int) -> None:
    for number in range(count):
        DreamFactory(persona=persona, text=f"Dream {number}")
        PainFactory(persona=persona, text=f"Pain {number}")
        RedFlagFactory(persona=persona, text=f"Flag {number}")


def profile_queries(client, persona: Persona) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(persona.get_absolute_url()).status_code == 200
    return len(queries)


@pytest.mark.parametrize("more", [5, 25])
def test_the_profile_makes_as_many_queries_whatever_the_parts(
    owner_client, persona, more
):
    add_parts(persona, 1)
    few = profile_queries(owner_client, persona)
    add_parts(persona, more)
    PersonaFactory(workspace=persona.workspace, lineage=persona.lineage, version=2)
    assert profile_queries(owner_client, persona) == few


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
