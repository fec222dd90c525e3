"""The persona reads every profile and worksheet page makes, as prepared
statements (Persona.objects.lineage_of and worksheet_of): what the ORM gives."""

from personas import services
from personas.models import Persona
from tests.factories import DreamFactory, PainFactory, PersonaFactory, RedFlagFactory


def fields_of(instance) -> dict:
    return {
        f.attname: getattr(instance, f.attname)
        for f in type(instance)._meta.concrete_fields
    }


def test_the_lineage_is_every_version_oldest_first(workspace):
    first = PersonaFactory(workspace=workspace)
    second = services.new_version(persona=first)
    third = services.new_version(persona=second)
    PersonaFactory(workspace=workspace)  # Another persona: not in the lineage.
    for asked in (first, second, third):
        found = Persona.objects.lineage_of(
            workspace_id=workspace.pk, persona_id=asked.pk
        )
        assert found == [first, second, third]
    expected = Persona.objects.filter(lineage=first.lineage).order_by("version")
    for got, wanted in zip(found, expected, strict=True):
        assert fields_of(got) == fields_of(wanted)


def test_no_lineage_for_another_workspaces_persona(workspace, other_workspace):
    theirs = PersonaFactory(workspace=other_workspace)
    assert (
        Persona.objects.lineage_of(workspace_id=workspace.pk, persona_id=theirs.pk)
        == []
    )


def test_the_worksheet_persona_has_its_parts_and_origin(
    workspace, django_assert_num_queries
):
    original = PersonaFactory(workspace=workspace)
    persona = services.new_version(persona=original)
    dreams = DreamFactory.create_batch(2, persona=persona)
    pains = PainFactory.create_batch(3, persona=persona)
    red_flag = RedFlagFactory(persona=persona)
    with django_assert_num_queries(1):
        found = Persona.objects.worksheet_of(
            workspace_id=workspace.pk, persona_id=persona.pk
        )
    expected = Persona.objects.with_parts().get(pk=persona.pk)
    with django_assert_num_queries(0):
        assert fields_of(found) == fields_of(expected)
        assert found.based_on == original
        assert list(found.dreams.all()) == list(expected.dreams.all()) == dreams
        assert list(found.pains.all()) == list(expected.pains.all()) == pains
        assert list(found.red_flags.all()) == [red_flag]
        assert fields_of(found.pains.all()[0]) == fields_of(expected.pains.all()[0])


def test_a_persona_of_its_own_has_no_origin(workspace):
    persona = PersonaFactory(workspace=workspace)
    found = Persona.objects.worksheet_of(
        workspace_id=workspace.pk, persona_id=persona.pk
    )
    assert found.based_on is None
    assert list(found.dreams.all()) == []


def test_no_worksheet_for_another_workspaces_persona(workspace, other_workspace):
    theirs = PersonaFactory(workspace=other_workspace)
    assert (
        Persona.objects.worksheet_of(workspace_id=workspace.pk, persona_id=theirs.pk)
        is None
    )
