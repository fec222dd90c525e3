import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from personas.models import Persona
from tests.factories import (
    DreamFactory,
    MembershipFactory,
    PainFactory,
    PersonaFactory,
    RedFlagFactory,
    UserFactory,
)
from tests.two_factor import force_verified_login

CHANGELIST = reverse("admin:personas_persona_changelist")


def change_url(persona: Persona) -> str:
    return reverse("admin:personas_persona_change", args=[persona.pk])


@pytest.fixture
def staff_client(client, workspace):
    """Sam, staff but not a superuser, a member of Harbour Lane only."""
    staff = UserFactory(email="sam@example.com", is_staff=True)
    MembershipFactory(workspace=workspace, user=staff, role="member")
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="personas",
            codename__regex=r"^(view|change|add|delete)_(persona|dream|pain|redflag)$",
        )
    )
    force_verified_login(client, staff)
    return client


@pytest.fixture
def ours(workspace):
    return PersonaFactory(workspace=workspace, name="Maya", tagline="Physio")


@pytest.fixture
def theirs(other_workspace):
    return PersonaFactory(workspace=other_workspace, name="Bruno", tagline="Bakery")


def change_data(persona: Persona, **overrides) -> dict:
    """The smallest valid post of the change form, with empty inlines."""
    data = {
        "workspace": persona.workspace_id,
        "kind": persona.kind,
        "status": persona.status,
        "name": persona.name,
    }
    for prefix in ["dreams", "pains", "red_flags"]:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | overrides


def test_superusers_see_the_personas_of_every_workspace(superuser_client, ours, theirs):
    response = superuser_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "Maya" in response.text
    assert "Bruno" in response.text
    assert "By workspace" in response.text


def test_staff_see_only_their_workspaces_personas(staff_client, ours, theirs):
    response = staff_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "Maya" in response.text
    assert "Bruno" not in response.text
    assert "By workspace" not in response.text


def test_staff_cannot_open_another_workspaces_persona(staff_client, theirs):
    response = staff_client.get(change_url(theirs))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_staff_are_offered_only_their_own_workspaces(staff_client, ours, theirs):
    response = staff_client.get(change_url(ours))
    choices = response.context["adminform"].form.fields["workspace"].queryset
    assert list(choices) == [ours.workspace]


def test_staff_cannot_move_a_persona_to_another_workspace(staff_client, ours, theirs):
    data = change_data(ours, workspace=theirs.workspace_id)
    response = staff_client.post(change_url(ours), data)
    assert response.status_code == 200
    assert "workspace" in response.context["adminform"].form.errors
    ours.refresh_from_db()
    assert ours.workspace_id != theirs.workspace_id


def test_saving_in_the_admin_refreshes_completeness(staff_client, ours):
    data = change_data(ours, tagline="Physio opening her own practice")
    data |= {
        "dreams-TOTAL_FORMS": 1,
        "dreams-0-position": 0,
        "dreams-0-text": "A waiting list",
    }
    response = staff_client.post(change_url(ours), data)
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.dreams.get().text == "A waiting list"
    assert ours.completeness > 0


def test_the_change_page_shows_dreams_pains_and_red_flags(superuser_client, ours):
    DreamFactory(persona=ours, text="A full diary of the right patients")
    PainFactory(persona=ours, text="Evenings lost to billing", cause="No system")
    RedFlagFactory(persona=ours, text="Haggles over every invoice")
    response = superuser_client.get(change_url(ours))
    assert response.status_code == 200
    for text in [
        "A full diary of the right patients",
        "Evenings lost to billing",
        "No system",
        "Haggles over every invoice",
    ]:
        assert text in response.text
    inlines = response.context["inline_admin_formsets"]
    prefixes = [inline.formset.prefix for inline in inlines]
    assert prefixes == ["dreams", "pains", "red_flags"]


def test_search_finds_personas_by_name_and_tagline(superuser_client, ours, theirs):
    by_name = superuser_client.get(CHANGELIST, {"q": "bruno"})
    assert list(by_name.context["cl"].result_list) == [theirs]
    by_tagline = superuser_client.get(CHANGELIST, {"q": "physio"})
    assert list(by_tagline.context["cl"].result_list) == [ours]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind__exact": "anti"}, ["Victor"]),
        ({"status__exact": "active"}, ["Maya"]),
        ({"kind__exact": "ideal", "status__exact": "draft"}, ["Bruno"]),
    ],
)
def test_filters_narrow_the_list(superuser_client, ours, theirs, query, expected):
    PersonaFactory(workspace=ours.workspace, name="Victor", kind="anti")
    Persona.objects.filter(pk=ours.pk).update(status="active")
    response = superuser_client.get(CHANGELIST, query)
    assert [p.name for p in response.context["cl"].result_list] == expected


def test_filtering_by_workspace(superuser_client, ours, theirs):
    response = superuser_client.get(
        CHANGELIST, {"workspace__id__exact": theirs.workspace_id}
    )
    assert list(response.context["cl"].result_list) == [theirs]


def changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("client_name", ["superuser_client", "staff_client"])
def test_the_changelist_query_count_does_not_grow_with_rows(
    request, client_name, workspace
):
    client = request.getfixturevalue(client_name)
    PersonaFactory(workspace=workspace)
    one = changelist_queries(client)
    PersonaFactory.create_batch(29, workspace=workspace)
    assert changelist_queries(client) == one
