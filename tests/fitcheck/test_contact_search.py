"""The contacts list's search ignores case and accents both ways, and reads the
trigram index instead of every contact."""

import pytest
from django.db import connection
from django.urls import reverse

from fitcheck.models import Contact
from tests.factories import ContactFactory

LIST = reverse("fitcheck:contact_list")


@pytest.fixture
def people(workspace, other_workspace):
    ContactFactory(workspace=workspace, name="Zoë Saldaña", email="zoe@example.com")
    ContactFactory(workspace=workspace, name="Zoe Plain", company="Crème Brûlée Ltd")
    ContactFactory(workspace=workspace, name="Renée Côté-Lefèvre", email="")
    ContactFactory(workspace=workspace, name="Ångström Ærø", company="Straße GmbH")
    ContactFactory(workspace=other_workspace, name="Zoë Elsewhere")


def found(workspace, text: str) -> list[str]:
    contacts = Contact.objects.for_workspace(workspace).search(text)
    return sorted(contacts.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Zoe", ["Zoe Plain", "Zoë Saldaña"]),
        ("Zoë", ["Zoe Plain", "Zoë Saldaña"]),
        ("ZOË", ["Zoe Plain", "Zoë Saldaña"]),
        ("saldana", ["Zoë Saldaña"]),
        ("creme brulee", ["Zoe Plain"]),  # The company.
        ("renee cote", ["Renée Côté-Lefèvre"]),
        ("lefevre", ["Renée Côté-Lefèvre"]),
        ("angstrom aero", ["Ångström Ærø"]),
        ("strasse", ["Ångström Ærø"]),
        ("zoe@", ["Zoë Saldaña"]),  # The email.
        ("nobody", []),
    ],
)
def test_search_ignores_accents_and_case_both_ways(workspace, people, text, names):
    assert found(workspace, text) == names


@pytest.mark.parametrize("text", ["%", "_", "\\", "Zo_"])
def test_search_treats_like_wildcards_as_plain_characters(workspace, people, text):
    assert found(workspace, text) == []


def test_the_list_page_finds_zoe_from_zoe_without_accent(owner_client, people):
    response = owner_client.get(LIST, {"q": "Zoe"})
    assert response.status_code == 200
    assert "Zoë Saldaña" in response.text
    assert "Zoe Plain" in response.text
    assert "Zoë Elsewhere" not in response.text  # Another workspace's.


def test_a_search_reads_the_trigram_index(workspace):
    """The search must compare the indexed column itself, or the planner reads
    every contact. With sequential scans off, a plan that could not use the index
    would still show a Seq Scan."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Contact.objects.search("zoe").explain()
    assert "Bitmap Index Scan on contact_search_text" in plan
    assert "Seq Scan" not in plan


def test_the_searched_text_follows_every_change(workspace):
    contact = ContactFactory(workspace=workspace, name="Ann", company="")
    Contact.objects.filter(pk=contact.pk).update(company="Café Zoë")
    assert found(workspace, "cafe zoe") == ["Ann"]


def test_a_search_does_not_match_across_two_fields(workspace):
    ContactFactory(workspace=workspace, name="Ann Lee", email="ann@example.com")
    assert found(workspace, "lee ann") == []
