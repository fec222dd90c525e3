"""config/prepared_reads.py: fixed statements that come back as the ORM's models."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership, Workspace
from config.prepared_reads import Children, PreparedRead, set_prefetched
from personas.models import Dream, Persona
from tests.factories import (
    DreamFactory,
    MembershipFactory,
    PersonaFactory,
    WorkspaceFactory,
)

WORKSPACE_BY_SLUG = PreparedRead(
    "tests_workspace_by_slug",
    [(Workspace, "w")],
    "FROM {w} w WHERE w.slug = $1",
    ["text"],
)
WORKSPACE_WITH_FIRST_MEMBERSHIP = PreparedRead(
    "tests_workspace_with_membership",
    [(Workspace, "w"), (Membership, "m")],
    "FROM {w} w LEFT JOIN {m} m ON m.workspace_id = w.id WHERE w.id = $1",
    ["bigint"],
)


def test_a_row_comes_back_as_the_model_the_orm_gives(workspace):
    (found,) = WORKSPACE_BY_SLUG.first("harbour-lane")
    expected = Workspace.objects.get(pk=workspace.pk)
    for field in Workspace._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname)
    assert not found._state.adding  # A saved row, as the ORM marks it.


def test_no_row_gives_none_and_an_empty_list(db):
    assert WORKSPACE_BY_SLUG.first("nowhere") is None
    assert WORKSPACE_BY_SLUG.all("nowhere") == []


def test_the_empty_side_of_an_outer_join_is_none(db):
    workspace = WorkspaceFactory()
    assert WORKSPACE_WITH_FIRST_MEMBERSHIP.first(workspace.pk)[1] is None
    membership = MembershipFactory(workspace=workspace)
    assert WORKSPACE_WITH_FIRST_MEMBERSHIP.first(workspace.pk)[1] == membership


def test_each_read_counts_as_one_query_whether_or_not_it_was_prepared(workspace):
    # Preparing goes to the driver, so a count never depends on who came first.
    connection.ensure_connection()
    fresh = PreparedRead(
        "tests_fresh_read", [(Workspace, "w")], "FROM {w} w WHERE w.id = $1", ["bigint"]
    )
    with CaptureQueriesContext(connection) as first:
        fresh.first(workspace.pk)
    with CaptureQueriesContext(connection) as second:
        fresh.first(workspace.pk)
    assert len(first) == len(second) == 1
    assert first.captured_queries[0]["sql"].startswith("EXECUTE tests_fresh_read(")


def test_a_prepared_read_outlasts_a_rolled_back_transaction(workspace):
    # A request that fails after the read must not leave the connection without it.
    read = PreparedRead(
        "tests_after_rollback",
        [(Workspace, "w")],
        "FROM {w} w WHERE w.id = $1",
        ["bigint"],
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        read.first(workspace.pk)
        raise RuntimeError
    assert read.first(workspace.pk)[0] == workspace


def test_set_prefetched_rows_are_read_without_a_query(
    workspace, django_assert_num_queries
):
    persona = PersonaFactory(workspace=workspace)
    DreamFactory.create_batch(2, persona=persona)
    loaded = Persona.objects.get(pk=persona.pk)
    dreams = list(Dream.objects.filter(persona=persona).order_by("position"))
    set_prefetched(loaded, "dreams", dreams)
    with django_assert_num_queries(0):
        assert list(loaded.dreams.all()) == dreams
        assert all(dream.persona is loaded for dream in loaded.dreams.all())


def test_a_read_may_join_tables_it_does_not_return_and_start_with_a_with(workspace):
    owner = MembershipFactory(workspace=workspace, role="owner")
    read = PreparedRead(
        "tests_workspace_of_member",
        [(Workspace, "w")],
        "FROM {w} w JOIN chosen ON chosen.workspace_id = w.id",
        ["bigint"],
        tables={"m": Membership},
        prefix="WITH chosen AS (SELECT workspace_id FROM {m} WHERE user_id = $1) ",
    )
    assert read.all(owner.user_id) == [(workspace,)]


PERSONA_WITH_DREAMS = PreparedRead(
    "tests_persona_with_dreams",
    [(Persona, "p")],
    "FROM {p} p WHERE p.id = $1",
    ["bigint"],
    children=[Children(Dream, "persona", "p", order=("position", "id"))],
)


def test_children_come_in_the_same_statement_in_their_order(
    workspace, django_assert_num_queries
):
    persona = PersonaFactory(workspace=workspace)
    later, sooner = (DreamFactory(persona=persona, position=n) for n in (2, 1))
    DreamFactory()  # Another persona's.
    with django_assert_num_queries(1):
        found, dreams = PERSONA_WITH_DREAMS.first(persona.pk)
    assert found == persona
    assert dreams == [sooner, later]
    expected = Dream.objects.get(pk=later.pk)
    for field in Dream._meta.concrete_fields:
        assert getattr(dreams[1], field.attname) == getattr(expected, field.attname)


def test_no_children_is_an_empty_list(workspace):
    persona = PersonaFactory(workspace=workspace)
    assert PERSONA_WITH_DREAMS.first(persona.pk) == (persona, [])


def test_children_with_a_value_json_would_change_are_refused(db):
    # A date would come back as text.
    read = PreparedRead(
        "tests_workspace_with_personas",
        [(Workspace, "w")],
        "FROM {w} w WHERE w.id = $1",
        ["bigint"],
        children=[Children(Persona, "workspace", "w")],
    )
    with pytest.raises(ValueError, match="JSON would change the values"):
        read.first(1)
