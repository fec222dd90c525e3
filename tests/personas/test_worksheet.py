"""The worksheet: each step shows, saves and moves on, then the review."""

import re
import threading
import time
from unittest.mock import patch

import pytest
from django.db import connection, connections
from django.urls import reverse

from personas import services, step_post, worksheet
from personas.models import Dream, Persona, RedFlag
from tests.factories import PersonaFactory
from tests.personas.builders import field_html, form_values, formset

STEPS = ["who", "personality", "be_them", "dreams_pains", "red_flags"]


def step_url(persona: Persona, step: str) -> str:
    return reverse("personas:step", args=[persona.pk, step])


VALID = {
    "who": {
        "age_min": "35",
        "age_max": "55",
        "genders": ["women", "non_binary"],
        "occupations": "Physiotherapist\n- Team leader",
        "locations": "Leeds",
    },
    "personality": {"name": "Maya", "tagline": "Physio", "tv_shows": "Grand Designs"},
    "be_them": {"buying_emotions": "Relief", "objections": "Price\nTime"},
    "dreams_pains": formset("dreams", [{"text": "A waiting list"}])
    | formset(
        "pains",
        [{"text": "Admin", "intensity": "5", "cause": "Untrained", "our_answer": "A"}],
    ),
    "red_flags": formset(
        "red_flags", [{"text": "Calls at weekends", "severity": "deal_breaker"}]
    )
    | {"invite_home": "yes", "spend_personal_time": "no", "travel_together": "no"},
}


def saved(persona: Persona, step: str):
    """What each step's valid data leaves in the database."""
    persona.refresh_from_db()
    return {
        "who": lambda: (
            persona.age_min,
            persona.age_max,
            persona.genders,
            persona.occupations,
        ),
        "personality": lambda: (persona.name, persona.tagline, persona.tv_shows),
        "be_them": lambda: (persona.buying_emotions, persona.objections),
        "dreams_pains": lambda: (
            list(persona.dreams.values_list("text", flat=True)),
            list(persona.pains.values_list("text", "intensity")),
        ),
        "red_flags": lambda: (
            list(persona.red_flags.values_list("text", "severity")),
            persona.invite_home,
        ),
    }[step]()


EXPECTED = {
    "who": (35, 55, ["women", "non_binary"], ["Physiotherapist", "Team leader"]),
    "personality": ("Maya", "Physio", ["Grand Designs"]),
    "be_them": ("Relief", ["Price", "Time"]),
    "dreams_pains": (["A waiting list"], [("Admin", 5)]),
    "red_flags": ([("Calls at weekends", "deal_breaker")], "yes"),
}

INVALID = {
    "who": (
        {"age_min": "60", "age_max": "30", "genders": ["men"], "hobbies": "Golf\nTea"},
        "age_max",
        "The largest age must not be below the smallest.",
    ),
    "personality": (
        {"name": "", "tagline": "Physio", "car": "An estate car"},
        "name",
        "This field is required.",
    ),
    "be_them": (
        {
            "buying_emotions": "Relief",
            "objections": "\n".join(f"Objection {n}" for n in range(31)),
        },
        "objections",
        "Keep it to 30 lines or fewer (this has 31).",
    ),
    "dreams_pains": (
        formset("dreams", [{"text": "A waiting list", "ORDER": "1"}])
        | formset("pains", [{"text": "Admin", "intensity": "9", "cause": "Untrained"}]),
        "pains-0-intensity",
        "Ensure this value is less than or equal to 5.",
    ),
    "red_flags": (
        formset("red_flags", [{"text": "", "severity": "deal_breaker"}])
        | {"invite_home": "yes", "travel_together": "no"},
        "red_flags-0-text",
        "This field is required.",
    ),
}


@pytest.mark.parametrize("step", [*STEPS, "review"])
def test_anonymous_visitors_are_sent_to_log_in(client, persona, step):
    response = client.get(step_url(persona, step))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_outsiders_get_404_on_a_step(outsider_client, persona):
    assert outsider_client.get(step_url(persona, "dreams_pains")).status_code == 404


@pytest.mark.parametrize(
    ("step", "title", "percent"),
    [
        ("who", "Who they are", 0),
        ("personality", "Give them a personality", 29),  # A name and a tagline.
        ("be_them", "Be your customer", 0),
        ("dreams_pains", "Dreams and pains", 0),
        ("red_flags", "Red flags", 0),
    ],
)
def test_each_step_shows_its_form_and_progress(
    owner_client, persona, step, title, percent
):
    response = owner_client.get(step_url(persona, step))
    assert response.status_code == 200
    assert f'<h1 class="h3">{title}</h1>' in response.text
    assert f'href="{step_url(persona, step)}" aria-current="step"' in response.text
    assert f"This step: {percent}% done" in response.text
    assert 'name="save_and_leave"' in response.text


def test_a_teammate_can_work_on_the_worksheet(teammate_client, persona):
    response = teammate_client.post(step_url(persona, "who"), VALID["who"])
    assert response.status_code == 302


def test_an_unknown_step_is_404(owner_client, persona):
    assert owner_client.get(step_url(persona, "nonsense")).status_code == 404


@pytest.mark.parametrize(
    ("step", "next_step"), list(zip(STEPS, [*STEPS[1:], "review"], strict=True))
)
def test_each_step_saves_and_moves_on_to_the_next(
    owner_client, persona, step, next_step
):
    response = owner_client.post(step_url(persona, step), VALID[step], follow=True)
    assert response.redirect_chain == [(step_url(persona, next_step), 302)]
    assert "Saved." in response.text
    assert saved(persona, step) == EXPECTED[step]
    assert persona.last_step == step


# The persona is deleted by another connection (another tab, say) while the step
# is being posted, so the test runs outside a transaction of its own.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("step", STEPS)
def test_a_delete_while_a_step_saves_waits_for_it_and_brings_nothing_back(
    owner_client, persona, step
):
    build_forms = step_post.build_forms
    elsewhere = threading.Thread(target=delete_persona, args=[persona.pk])

    def delete_elsewhere_then_build(*args, **kwargs):
        elsewhere.start()
        wait_for_a_blocked_session()
        return build_forms(*args, **kwargs)

    with patch.object(step_post, "build_forms", delete_elsewhere_then_build):
        response = owner_client.post(step_url(persona, step), VALID[step])
    elsewhere.join()
    # The step held the persona's row, so the delete came after it, whole.
    assert response.status_code == 302
    assert not Persona.objects.filter(pk=persona.pk).exists()
    assert not Dream.objects.exists() and not RedFlag.objects.exists()


def wait_for_a_blocked_session() -> None:
    with connection.cursor() as cursor:
        for _ in range(200):
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("The other session never waited for the step's lock.")


def delete_persona(pk: int) -> None:
    try:
        services.delete_persona(persona=Persona.objects.get(pk=pk))
    finally:
        connections.close_all()


@pytest.mark.parametrize("step", STEPS)
def test_a_step_of_a_persona_deleted_before_it_is_posted_is_404(
    owner_client, persona, step
):
    Persona.objects.filter(pk=persona.pk).delete()
    assert owner_client.post(step_url(persona, step), VALID[step]).status_code == 404
    assert not Dream.objects.exists() and not RedFlag.objects.exists()


@pytest.mark.parametrize("step", STEPS)
def test_an_invalid_step_shows_the_error_by_its_field_and_keeps_what_was_typed(
    owner_client, persona, step
):
    data, field, error = INVALID[step]
    response = owner_client.post(step_url(persona, step), data)
    assert response.status_code == 400
    assert error in field_html(response.text, field)
    shown = form_values(response.text)
    for name, value in data.items():
        assert shown.get(name) == (value if isinstance(value, list) else [value]), name


@pytest.mark.parametrize("step", STEPS)
def test_an_invalid_step_saves_nothing(owner_client, persona, step):
    before = Persona.objects.get(pk=persona.pk)
    owner_client.post(step_url(persona, step), INVALID[step][0])
    persona.refresh_from_db()
    assert (persona.last_step, persona.updated_at) == ("who", before.updated_at)
    assert not persona.dreams.exists()
    assert not persona.red_flags.exists()


def test_save_draft_and_leave_saves_and_goes_to_the_profile(owner_client, persona):
    data = VALID["be_them"] | {"save_and_leave": "1"}
    response = owner_client.post(step_url(persona, "be_them"), data, follow=True)
    assert response.redirect_chain == [(persona.get_absolute_url(), 302)]
    assert "Draft saved. Pick up where you left off anytime." in response.text
    assert saved(persona, "be_them") == EXPECTED["be_them"]


def test_resume_opens_the_last_saved_step(owner_client, persona):
    resume = reverse("personas:resume", args=[persona.pk])
    assert owner_client.get(resume).url == step_url(persona, "who")
    owner_client.post(step_url(persona, "be_them"), VALID["be_them"])
    persona.refresh_from_db()
    assert persona.last_step == "be_them"
    assert owner_client.get(resume).url == step_url(persona, "be_them")


def test_resume_needs_login_and_refuses_post(client, owner_client, persona):
    resume = reverse("personas:resume", args=[persona.pk])
    assert client.get(resume).url.startswith(reverse("accounts:login"))
    assert owner_client.post(resume).status_code == 405


def test_saving_a_step_updates_the_completeness(owner_client, workspace):
    persona = PersonaFactory(workspace=workspace, name="Maya", tagline="")
    owner_client.post(step_url(persona, "who"), VALID["who"])
    persona.refresh_from_db()
    # The name, plus age, gender, occupation and location: 5 of 33 checks.
    assert persona.completeness == 15
    response = owner_client.get(step_url(persona, "who"))
    assert "This step: 36% done" in response.text


def test_steps_refuse_other_methods(owner_client, persona):
    assert owner_client.put(step_url(persona, "who")).status_code == 405
    assert owner_client.delete(step_url(persona, "review")).status_code == 405


def test_the_review_shows_the_three_questions_and_the_status(owner_client, persona):
    response = owner_client.get(step_url(persona, "review"))
    assert response.status_code == 200
    assert "Do you know who they are?" in response.text
    assert form_values(response.text)["status"] == ["draft"]


def test_the_review_marks_the_persona_active_and_opens_the_profile(
    owner_client, persona
):
    response = owner_client.post(
        step_url(persona, "review"), {"status": "active"}, follow=True
    )
    assert response.redirect_chain == [(persona.get_absolute_url(), 302)]
    assert "Sam Brightwater is saved as active." in response.text
    persona.refresh_from_db()
    assert persona.status == Persona.Status.ACTIVE


def test_an_invalid_review_shows_the_error_and_changes_nothing(owner_client, persona):
    response = owner_client.post(step_url(persona, "review"), {"status": "done"})
    assert "Select a valid choice." in field_html(response.text, "status")
    persona.refresh_from_db()
    assert persona.status == Persona.Status.DRAFT


@pytest.mark.parametrize("step", STEPS)
def test_a_step_page_carries_its_fingerprint_a_status_line_and_the_script(
    owner_client, persona, step
):
    page = owner_client.get(step_url(persona, step)).text
    assert form_values(page)["loaded"][0].startswith('{"f":')
    assert 'id="autosave-status" role="status" aria-live="polite"' in page
    assert '<script src="/static/js/worksheet.js"></script>' in page
    assert f'data-autosave="{step_url(persona, step)}"' in page


def test_the_step_navigation_numbers_the_review_after_the_steps(owner_client, persona):
    page = owner_client.get(step_url(persona, "who")).text
    assert f"{len(worksheet.STEPS) + 1}. Review" in page
    assert worksheet.TITLES[-1] == "Review"


@pytest.mark.parametrize("step", STEPS)
def test_every_example_in_an_empty_box_reads_as_an_example(owner_client, persona, step):
    page = owner_client.get(step_url(persona, step)).text
    placeholders = re.findall(r'placeholder="([^"]*)"', page)
    assert placeholders
    assert all(text.startswith("e.g. ") for text in placeholders), placeholders


def test_dreams_and_pains_are_text_boxes_that_grow(owner_client, persona):
    page = owner_client.get(step_url(persona, "dreams_pains")).text
    for name in ["dreams-0-text", "pains-0-text", "pains-0-cause"]:
        assert re.search(rf'<textarea name="{name}"[^>]* class="auto-grow', page), name


@pytest.mark.parametrize(
    ("step", "data", "field"),
    [
        ("who", {"values": "Honesty\nCra\x00ft"}, "values"),
        ("personality", {"name": "Maya", "tv_shows": "Grand\x00Designs"}, "tv_shows"),
        (
            "dreams_pains",
            formset("dreams", [{"text": "A list", "said_as": "a\x00b"}])
            | formset("pains", []),
            "dreams-0-said_as",
        ),
    ],
)
def test_a_nul_in_a_one_per_line_list_is_refused_beside_the_field(
    owner_client, persona, step, data, field
):
    response = owner_client.post(step_url(persona, step), data)
    assert response.status_code == 400
    assert "NUL" in field_html(response.text, field)
