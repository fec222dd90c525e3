"""Persona scenarios: the profile page and saving a worksheet step with formsets."""

from bench import data
from bench.bodies import formset_fields
from bench.harness import Bench
from bench.scenarios import Pair, hello, insert, scenario
from personas.models import Persona


@scenario("persona_profile_get")
def persona_profile_get(bench: Bench) -> Pair:
    practice = data.new_workspace("persona_profile_get")
    persona = data.full_persona(practice.workspace, pains=4, dreams=3, red_flags=3)
    headers = bench.logged_in_headers(practice.owner)
    app = bench.measure_http("GET", persona.get_absolute_url(), headers=headers)
    return app, hello(bench)


@scenario("persona_step_post")
def persona_step_post(bench: Bench) -> Pair:
    """Save the "dreams and pains" step: two dreams and two pains posted back as
    the existing rows they are, so every request updates the same four rows."""
    practice = data.new_workspace("persona_step_post")
    persona = data.full_persona(practice.workspace, pains=2, dreams=2, red_flags=2)
    headers = bench.logged_in_headers(practice.owner)
    body = bench.form_body(dreams_pains_fields(persona))
    path = f"/personas/{persona.pk}/step/dreams_pains/"
    baseline = insert(bench, headers)  # First: see insert() in bench/scenarios.py.
    app = bench.measure_http("POST", path, body, headers, expect=302)
    return app, baseline


def dreams_pains_fields(persona: Persona) -> list[tuple[str, str]]:
    """The step's two formsets as the page posts them, rows in their order."""
    dreams = [
        {"id": d.pk, "persona": persona.pk, "text": d.text, "ORDER": number}
        for number, d in enumerate(persona.dreams.all(), start=1)
    ]
    pains = [
        {
            "id": p.pk,
            "persona": persona.pk,
            "text": p.text,
            "intensity": p.intensity,
            "already_tried": p.already_tried,
            "cause": p.cause,
            "our_answer": p.our_answer,
            "ORDER": number,
        }
        for number, p in enumerate(persona.pains.all(), start=1)
    ]
    return [
        *formset_fields("dreams", dreams, initial=len(dreams)),
        *formset_fields("pains", pains, initial=len(pains)),
    ]
