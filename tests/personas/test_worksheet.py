"""The worksheet: each step shows, saves and moves on, then the review."""

import threading
from unittest.mock import patch

import pytest
from django.db import connections
from django.urls import reverse

from personas import worksheet
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
def test_a_step_of_a_persona_deleted_meanwhile_is_404_and_brings_nothing_back(
    owner_client, persona, step
):
    build_forms = worksheet.build_forms

    def delete_elsewhere_then_build(*args, **kwargs):
        elsewhere = threading.Thread(target=delete_persona, args=[persona.pk])
        elsewhere.start()
        elsewhere.join()
        return build_forms(*args, **kwargs)

    with patch.object(worksheet, "build_forms", delete_elsewhere_then_build):
        response = owner_client.post(step_url(persona, step), VALID[step])
    assert response.status_code == 404
    assert not Persona.objects.filter(pk=persona.pk).exists()
    assert not Dream.objects.exists() and not RedFlag.objects.exists()


def delete_persona(pk: int) -> None:
    try:
        Persona.objects.filter(pk=pk).delete()
    finally:
        connections.close_all()


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
