"""The list and the profile run a fixed number of queries, whatever the rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import DreamFactory, PainFactory, PersonaFactory, RedFlagFactory

LIST = reverse("personas:list")


def queries_for(client, url: str) -> int:
    client.get(url)  # Warm up, so both sizes are measured alike.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def persona_with_parts(workspace, parts: int):
    persona = PersonaFactory(workspace=workspace)
    DreamFactory.create_batch(parts, persona=persona)
    PainFactory.create_batch(parts, persona=persona)
    RedFlagFactory.create_batch(parts, persona=persona)
    return persona


def test_the_list_does_not_grow_with_personas(owner_client, workspace):
    PersonaFactory(workspace=workspace)
    one = queries_for(owner_client, LIST)
    PersonaFactory.create_batch(29, workspace=workspace)
    thirty = queries_for(owner_client, LIST)
    assert one == thirty, (one, thirty)


def test_the_list_does_not_grow_with_parts(owner_client, workspace):
    persona_with_parts(workspace, 1)
    one = queries_for(owner_client, LIST)
    persona_with_parts(workspace, 50)
    assert queries_for(owner_client, LIST) == one


def test_the_profile_does_not_grow_with_dreams_pains_and_red_flags(
    owner_client, workspace
):
    small = persona_with_parts(workspace, 1)
    big = persona_with_parts(workspace, 50)
    one = queries_for(owner_client, small.get_absolute_url())
    fifty = queries_for(owner_client, big.get_absolute_url())
    assert one == fifty, (one, fifty)


def test_the_profile_does_not_grow_with_versions(owner_client, workspace):
    persona = persona_with_parts(workspace, 1)
    one = queries_for(owner_client, persona.get_absolute_url())
    for version in range(2, 12):
        PersonaFactory(workspace=workspace, lineage=persona.lineage, version=version)
    assert queries_for(owner_client, persona.get_absolute_url()) == one


def test_a_worksheet_step_does_not_grow_with_rows(owner_client, workspace):
    small = persona_with_parts(workspace, 1)
    big = persona_with_parts(workspace, 30)
    url = "personas:step"
    one = queries_for(owner_client, reverse(url, args=[small.pk, "dreams_pains"]))
    thirty = queries_for(owner_client, reverse(url, args=[big.pk, "dreams_pains"]))
    assert one == thirty, (one, thirty)
