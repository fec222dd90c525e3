"""The intake on the practitioner's own website: the sites allowed to frame it, the
snippet to paste, answers sent from the frame; every other page refuses framing."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.framing import normalise_origin
from fitcheck.models import Contact, IntakePage
from tests.personas.builders import make_maya

SETTINGS = reverse("fitcheck:intake_settings")
FORM = reverse("fitcheck:intake", args=["harbour-lane"])
RESULT = reverse("fitcheck:intake_result", args=["harbour-lane"])
SITE = "https://www.harbourlane.example"
REPLY = {"name": "Ana Prospect", "email": "ana@example.com"}


@pytest.fixture
def intake_page(workspace, owner):
    return IntakePage.objects.create(
        workspace=workspace,
        persona=make_maya(workspace),
        published=True,
        booking_url="https://cal.example.com/olivia",
        frame_origins=[SITE, "https://blog.example.org:8443"],
    )


def frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return re.search(r"frame-ancestors ([^;]*)", policy)[1]


def refuses_framing(response) -> bool:
    return response["X-Frame-Options"] == "DENY" and (
        frame_ancestors(response) == "'none'"
    )


# Which pages may be framed -----------------------------------------------------------


def test_the_intake_and_its_result_may_be_framed_by_the_listed_sites(
    client, intake_page
):
    form = client.get(FORM)
    assert frame_ancestors(form) == f"{SITE} https://blog.example.org:8443"
    assert "X-Frame-Options" not in form
    # The rest of the policy is the site's own.
    assert "script-src 'self'" in form["Content-Security-Policy"]
    client.post(FORM, {**REPLY, "age": "40"})
    result = client.get(RESULT)
    assert frame_ancestors(result) == f"{SITE} https://blog.example.org:8443"
    assert "X-Frame-Options" not in result


def test_without_listed_sites_the_intake_refuses_framing(client, intake_page):
    intake_page.frame_origins = []
    intake_page.save()
    assert refuses_framing(client.get(FORM))


def test_every_other_page_still_refuses_framing(client, owner_client, intake_page):
    for response in (
        owner_client.get(SETTINGS),
        owner_client.get(reverse("fitcheck:contact_list")),
        owner_client.get(reverse("fitcheck:intake_questions")),
        client.get(reverse("accounts:login")),
        client.get(reverse("privacy:notice", args=["harbour-lane"])),
    ):
        assert response.status_code == 200
        assert refuses_framing(response)


# Answers sent from the frame ---------------------------------------------------------


def test_the_intake_takes_answers_without_a_csrf_cookie(intake_page):
    # In another site's frame the browser withholds our cookies (see the view).
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{FORM}?embed=1", {**REPLY, "age": "40"})
    assert response.status_code == 200
    assert Contact.objects.filter(email="ana@example.com").exists()


def test_an_embedded_answer_shows_its_result_at_once(client, intake_page):
    response = client.post(
        f"{FORM}?embed=1",
        {**REPLY, "reported_pains": ["Evenings lost to admin"], "age": "40"},
        headers={"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "iframe"},
    )
    assert response.status_code == 200
    assert "Thank you, Ana" in response.text
    assert "intake_result" not in response.cookies  # Would be refused in a frame.
    assert frame_ancestors(response).startswith(SITE)
    # Links leave the frame.
    assert 'target="_blank"' in response.text
    assert "intake-header" not in response.text


def test_the_embedded_form_posts_back_to_its_own_address(client, intake_page):
    html = client.get(f"{FORM}?embed=1").text
    assert re.search(r'<form method="post" class="intake-form"', html)
    assert " action=" not in re.search(r"<form[^>]*intake-form[^>]*>", html)[0]
    assert "csrfmiddlewaretoken" not in html


def test_answers_posted_from_another_sites_page_are_refused(client, intake_page):
    response = client.post(
        FORM, {**REPLY, "age": "40"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert "Please answer on the page itself" in response.text
    assert not Contact.objects.exists()


# The settings ------------------------------------------------------------------------


def settings_data(intake_page, **changes) -> dict:
    return {
        "persona": intake_page.persona_id,
        "published": "on",
        "title": 'Are we a "good" fit?',
        "intro": "",
        "good_fit_message": "Let's talk.",
        "poor_fit_message": "Not for now.",
        "frame_origins": SITE,
        **changes,
    }


def test_the_listed_sites_are_saved_as_origins(owner_client, intake_page):
    data = settings_data(
        intake_page,
        frame_origins="HTTPS://Www.HarbourLane.example/\nhttps://shop.example:443\n"
        f"{SITE}",
    )
    assert owner_client.post(SETTINGS, data).status_code == 302
    intake_page.refresh_from_db()
    assert intake_page.frame_origins == [SITE, "https://shop.example"]


def test_the_settings_show_the_snippet_to_paste(owner_client, intake_page):
    owner_client.post(SETTINGS, settings_data(intake_page))
    html = owner_client.get(SETTINGS).text
    snippet = re.search(
        r'<textarea[^>]*id="embed-snippet"[^>]*>(.*?)</textarea>', html
    )[1]
    # Escaped twice: the textarea shows the code, whose title is escaped once.
    assert snippet == (
        "&lt;iframe src=&quot;http://testserver/fit/harbour-lane/?embed=1&quot; "
        "title=&quot;Are we a &amp;quot;good&amp;quot; fit?&quot; "
        "width=&quot;100%&quot; height=&quot;1400&quot; loading=&quot;lazy&quot;&gt;"
        "&lt;/iframe&gt;"
    )


def test_without_listed_sites_the_settings_say_how_to_get_the_snippet(
    owner_client, intake_page
):
    owner_client.post(SETTINGS, settings_data(intake_page, frame_origins=""))
    html = owner_client.get(SETTINGS).text
    assert "embed-snippet" not in html
    assert "the code to paste appears here" in html


def test_an_address_that_is_no_origin_is_refused_beside_the_field(
    owner_client, intake_page
):
    data = settings_data(
        intake_page,
        frame_origins="http://plain.example\nhttps://*.example.com\nhttps://a.example/page",
    )
    response = owner_client.post(SETTINGS, data)
    assert response.status_code == 400
    assert "“http://plain.example” must start with https://" in response.text
    assert "“https://*.example.com” is not a site address" in response.text
    assert "“https://a.example/page” is not a site address" in response.text
    assert "https://a.example/page" in response.text  # What was typed stays.
    intake_page.refresh_from_db()
    assert intake_page.frame_origins == [SITE, "https://blog.example.org:8443"]


@pytest.mark.parametrize(
    ("typed", "origin"),
    [
        ("https://example.com", "https://example.com"),
        (" https://WWW.Example.com/ ", "https://www.example.com"),
        ("https://example.com:443", "https://example.com"),
        ("https://example.com:8443", "https://example.com:8443"),
        ("https://localhost:8000", "https://localhost:8000"),
        ("https://xn--bcher-kva.example", "https://xn--bcher-kva.example"),
    ],
)
def test_an_origin_is_normalised(typed, origin):
    assert normalise_origin(typed) == origin


@pytest.mark.parametrize(
    "typed",
    [
        "example.com",
        "http://example.com",
        "https://",
        "https://example.com/path",
        "https://*.example.com",
        "https://user@example.com",
        "https://example.com:99999",
        "https://exa mple.com",
        "https://example.com\x00",
        "'self'",
        "https://example.com; script-src *",
    ],
)
def test_what_is_no_origin_is_refused(typed):
    with pytest.raises(ValueError):
        normalise_origin(typed)
