import pytest
from django.core.management import call_command

from accounts.demo import DEMO_WORKSPACE_SLUG, DemoContext
from personas import demo
from personas.models import Dream, Pain, Persona, RedFlag


def seed_personas(workspace) -> None:
    """Only this app's part of the demo: faster than the whole `seed_demo`."""
    demo.seed(DemoContext(write=lambda line: None, site_url="", workspace=workspace))


def test_seed_demo_twice_leaves_two_complete_ideal_customers_and_one_anti_persona(
    db, capsys
):
    call_command("seed_demo")
    call_command("seed_demo")
    assert "personas: Amara, Marcus, Victor" in capsys.readouterr().out
    personas = Persona.objects.filter(workspace__slug=DEMO_WORKSPACE_SLUG)
    by_kind = {
        kind: [p.completeness for p in personas.filter(kind=kind)]
        for kind in ["ideal", "anti"]
    }
    assert by_kind == {"ideal": [100, 100], "anti": [100]}
    for persona in personas.with_parts():
        assert persona.status == "active", persona.name
        assert persona.dreams.all(), persona.name
        assert persona.pains.all(), persona.name
        flags = persona.red_flags.all()
        assert any(flag.severity == "deal_breaker" for flag in flags), persona.name


def test_seeding_again_replaces_the_parts_instead_of_adding_copies(workspace):
    seed_personas(workspace)
    counts = [model.objects.count() for model in (Dream, Pain, RedFlag)]
    seed_personas(workspace)
    assert [model.objects.count() for model in (Dream, Pain, RedFlag)] == counts
    assert Persona.objects.count() == 3


def test_a_renamed_demo_persona_is_updated_not_duplicated(workspace):
    seed_personas(workspace)
    Persona.objects.filter(name="Amara").update(name="Amara (my copy)")
    seed_personas(workspace)
    assert Persona.objects.count() == 3
    assert Persona.objects.filter(name="Amara").exists()


def test_every_pain_is_described_in_full(workspace):
    seed_personas(workspace)
    for pain in Pain.objects.all():
        assert pain.already_tried, pain.text
        assert pain.cause, pain.text
        assert pain.our_answer, pain.text


@pytest.mark.parametrize("name", ["Amara", "Marcus", "Victor"])
def test_demo_personas_pass_the_models_validation(workspace, name):
    seed_personas(workspace)
    persona = Persona.objects.with_parts().get(name=name)
    persona.full_clean()
    parts = [*persona.dreams.all(), *persona.pains.all(), *persona.red_flags.all()]
    for part in parts:
        part.full_clean()
