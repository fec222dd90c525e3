"""One active version per persona lineage: activating one retires the other, and
the database holds it however a row is written."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from personas.models import Persona
from tests.factories import PersonaFactory, UserFactory, WorkspaceFactory
from tests.two_factor import force_verified_login


def activate_url(persona: Persona) -> str:
    return reverse("personas:activate", args=[persona.pk])


@pytest.fixture
def second(maya) -> Persona:
    """Version 2 of Maya (who is active), a draft."""
    return PersonaFactory(
        workspace=maya.workspace, lineage=maya.lineage, version=2, name="Maya"
    )


def statuses(persona: Persona) -> list[tuple[int, str]]:
    return list(Persona.objects.lineage_of(persona).values_list("version", "status"))


def test_activating_a_version_retires_the_active_one_and_says_so(
    owner_client, maya, second
):
    response = owner_client.post(activate_url(second), follow=True)
    assert response.redirect_chain == [(second.get_absolute_url(), 302)]
    assert "Version 2 is now active; version 1 was retired (archived)." in (
        response.text
    )
    assert statuses(maya) == [(1, "archived"), (2, "active")]


def test_activating_the_only_version_just_activates_it(owner_client, persona):
    response = owner_client.post(activate_url(persona), follow=True)
    assert "Sam Brightwater is saved as active." in response.text
    assert statuses(persona) == [(1, "active")]


def test_activating_the_active_version_changes_nothing(owner_client, maya, second):
    response = owner_client.post(activate_url(maya), follow=True)
    assert "Version 1 is already the active one." in response.text
    assert statuses(maya) == [(1, "active"), (2, "draft")]


def test_activating_needs_login(client, maya, second):
    response = client.post(activate_url(second))
    assert response.url.startswith(reverse("accounts:login"))
    assert statuses(maya) == [(1, "active"), (2, "draft")]


def test_outsiders_cannot_activate_a_version(outsider_client, maya, second):
    assert outsider_client.post(activate_url(second)).status_code == 404
    assert statuses(maya) == [(1, "active"), (2, "draft")]


def test_activating_needs_post(owner_client, second):
    assert owner_client.get(activate_url(second)).status_code == 405


def test_the_review_step_retires_the_active_version_too(owner_client, maya, second):
    review = reverse("personas:step", args=[second.pk, "review"])
    response = owner_client.post(review, {"status": "active"}, follow=True)
    assert "Version 2 is now active; version 1 was retired (archived)." in (
        response.text
    )
    assert statuses(maya) == [(1, "archived"), (2, "active")]


def test_the_profile_offers_to_activate_each_inactive_version(
    owner_client, maya, second
):
    page = owner_client.get(second.get_absolute_url()).text
    assert f'action="{activate_url(second)}"' in page
    assert "Make version 2 active" in page
    assert f'action="{activate_url(maya)}"' not in page


def test_the_database_refuses_a_second_active_version(maya, second):
    second.status = Persona.Status.ACTIVE
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_other_lineages_may_each_have_an_active_version(workspace, maya):
    other = PersonaFactory(workspace=workspace, status="active")
    assert other.status == maya.status == "active"


@pytest.fixture
def admin_client(client, db):
    force_verified_login(client, UserFactory(is_staff=True, is_superuser=True))
    return client


def test_activating_in_the_admin_retires_the_active_version(admin_client, maya, second):
    data = {
        "workspace": second.workspace_id,
        "kind": second.kind,
        "status": "active",
        "name": second.name,
    }
    for prefix in ["dreams", "pains", "red_flags"]:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    url = reverse("admin:personas_persona_change", args=[second.pk])
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "Version 1 of Maya was retired." in response.text
    assert statuses(maya) == [(1, "archived"), (2, "active")]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_newest_active_version_of_each_lineage():
    migrate([("personas", "0003_how_prospects_say_it")])
    try:
        apps = (
            MigrationExecutor(connection)
            .loader.project_state(("personas", "0003_how_prospects_say_it"))
            .apps
        )
        OldPersona = apps.get_model("personas", "Persona")
        # The workspace as accounts has it now: only personas went back.
        workspace_id = WorkspaceFactory(name="Old", slug="old").pk
        crowded, alone = "0" * 31 + "1", "0" * 31 + "2"
        for lineage, version, status in [
            (crowded, 1, "active"),
            (crowded, 2, "active"),
            (crowded, 3, "active"),
            (crowded, 4, "draft"),
            (alone, 1, "active"),
        ]:
            OldPersona.objects.create(
                workspace_id=workspace_id,
                name=f"v{version}",
                lineage=lineage,
                version=version,
                status=status,
            )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    rows = Persona.objects.order_by("lineage", "version")
    assert list(rows.values_list("version", "status")) == [
        (1, "archived"),
        (2, "archived"),
        (3, "active"),
        (4, "draft"),
        (1, "active"),
    ]
