"""New versions of a persona, and comparing two of them."""

import pytest
from django.urls import reverse

from personas.models import Persona
from tests.factories import DreamFactory, PersonaFactory
from tests.personas.builders import data_of


def new_version_url(persona: Persona) -> str:
    return reverse("personas:new_version", args=[persona.pk])


def compare_url(before: Persona, after: Persona) -> str:
    return reverse("personas:compare", args=[before.pk, after.pk])


def test_a_new_version_is_a_draft_copy_that_remembers_its_source(owner_client, maya):
    response = owner_client.post(new_version_url(maya), follow=True)
    copy = Persona.objects.exclude(pk=maya.pk).get()
    expected_url = reverse("personas:step", args=[copy.pk, "who"])
    assert response.redirect_chain == [(expected_url, 302)]
    assert "Version 2 is a new draft based on version 1." in response.text
    assert (copy.version, copy.based_on, copy.lineage) == (2, maya, maya.lineage)
    assert (copy.workspace, copy.status) == (maya.workspace, Persona.Status.DRAFT)


def test_a_new_version_copies_every_field_and_part(owner_client, maya):
    owner_client.post(new_version_url(maya))
    copy = Persona.objects.get(version=2)
    assert data_of(copy) == data_of(maya) | {"status": "draft"}
    assert copy.dreams.count() == 2
    assert not set(copy.dreams.values_list("pk", flat=True)) & set(
        maya.dreams.values_list("pk", flat=True)
    )


def test_making_a_new_version_leaves_the_original_untouched(owner_client, maya):
    before = data_of(maya)
    parts = list(maya.pains.values_list("pk", "persona_id"))
    owner_client.post(new_version_url(maya))
    maya.refresh_from_db()
    assert data_of(maya) == before
    assert (maya.version, maya.based_on) == (1, None)
    assert list(maya.pains.values_list("pk", "persona_id")) == parts


def test_versions_count_up_along_the_lineage_whichever_one_is_copied(
    owner_client, maya
):
    owner_client.post(new_version_url(maya))
    owner_client.post(new_version_url(maya))
    second = Persona.objects.get(version=2)
    owner_client.post(new_version_url(second))
    versions = Persona.objects.lineage_of(maya)
    assert [(p.version, p.based_on_id) for p in versions] == [
        (1, None),
        (2, maya.pk),
        (3, maya.pk),
        (4, second.pk),
    ]


def test_new_version_needs_post(owner_client, maya):
    assert owner_client.get(new_version_url(maya)).status_code == 405
    assert Persona.objects.count() == 1


def test_new_version_needs_login(client, maya):
    response = client.post(new_version_url(maya))
    assert response.url.startswith(reverse("accounts:login"))
    assert Persona.objects.count() == 1


def test_outsiders_cannot_copy_a_persona(outsider_client, maya):
    assert outsider_client.post(new_version_url(maya)).status_code == 404
    assert Persona.objects.count() == 1


def test_the_profile_lists_the_versions_with_compare_links(owner_client, maya):
    owner_client.post(new_version_url(maya))
    copy = Persona.objects.get(version=2)
    page = owner_client.get(copy.get_absolute_url()).text
    assert "Version 2 (this one)" in page
    assert f'href="{compare_url(maya, copy)}"' in page


@pytest.fixture
def edited(owner_client, maya):
    """Version 2 of Maya with a new tagline, one more dream and an older age."""
    owner_client.post(new_version_url(maya))
    copy = Persona.objects.get(version=2)
    copy.tagline = "Physio with a growing practice"
    copy.age_max = 60
    copy.save()
    DreamFactory(persona=copy, text="A second clinic")
    return copy


def test_compare_shows_only_what_changed_by_default(owner_client, maya, edited):
    response = owner_client.get(compare_url(maya, edited))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.field for row in rows] == ["status", "age_max", "tagline", "dreams"]
    page = response.text
    assert "4 fields changed." in page
    assert '<a href="?all=1">Show everything</a>' in page
    before = "Physio <del>opening her own</del> practice"
    after = "Physio <ins>with a growing</ins> practice"
    assert f'<td class="pre-line">{before}</td>' in page
    assert f'<td class="pre-line">{after}</td>' in page
    assert "Youngest age" not in page


def test_compare_diffs_a_list_item_by_item(owner_client, maya, edited):
    page = owner_client.get(compare_url(maya, edited)).text
    assert (
        '<li class="diff-added">\n      <span class="change change-added">Added</span>'
        "\n      <ins>A second clinic</ins>"
    ) in page
    assert "A waiting list of the right patients" not in page
    assert "<del>A waiting list" not in page


def test_show_everything_lists_every_field_and_unchanged_items(
    owner_client, maya, edited
):
    response = owner_client.get(compare_url(maya, edited) + "?all=1")
    labels = [row.label for row in response.context["rows"]]
    assert labels[:4] == ["Kind of persona", "Status", "Youngest age", "Oldest age"]
    assert labels[-3:] == ["Dreams", "Pains", "Red flags"]
    page = response.text
    assert '<td class="pre-line">Maya</td>' in page
    assert "<del>Maya</del>" not in page
    assert '<li class="diff-same">' in page
    assert '<a href="?">Show only what changed</a>' in page


def test_compare_uses_the_worksheets_words(owner_client, maya):
    owner_client.post(new_version_url(maya))
    copy = Persona.objects.get(version=2)
    flag = copy.red_flags.get(text="Calls at weekends")
    flag.severity = "deal_breaker"
    flag.save()
    pain = copy.pains.get(text="Unpredictable income")
    pain.already_tried = "Discounts and a newsletter"
    pain.said_as = ["Feast or famine"]
    pain.save()
    page = owner_client.get(compare_url(maya, copy)).text
    assert "<dt>Severity</dt>" in page
    assert "<del>Warning</del> → <ins>Deal-breaker</ins>" in page
    assert "<dt>What they already tried</dt>" in page
    assert "<del>Discounts</del> → <ins>Discounts and a newsletter</ins>" in page
    assert "<dt>How prospects say it</dt>" in page
    assert "<ins>Feast or famine</ins>" in page
    internal_names = (
        "deal_breaker<",
        "already_tried",
        "said_as",
        "severity:",
        "Age min",
    )
    for internal in internal_names:
        assert internal not in page


def test_two_identical_versions_say_nothing_changed(owner_client, maya):
    owner_client.post(new_version_url(maya))
    copy = Persona.objects.get(version=2)
    maya.status = copy.status
    maya.save()
    response = owner_client.get(compare_url(maya, copy))
    assert "Nothing changed between these versions." in response.text
    assert response.context["rows"] == []


def test_compare_needs_login_and_refuses_post(client, owner_client, maya, edited):
    url = compare_url(maya, edited)
    assert client.get(url).url.startswith(reverse("accounts:login"))
    assert owner_client.post(url).status_code == 405


def test_compare_with_a_persona_of_another_workspace_is_404(
    owner_client, maya, other_workspace
):
    theirs = PersonaFactory(workspace=other_workspace, name="Theirs")
    response = owner_client.get(compare_url(maya, theirs))
    assert response.status_code == 404
    assert "Theirs" not in response.text
