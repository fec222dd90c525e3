"""The writes of an intake submission, written as SQL.

A new prospect is one statement: the contact and its score against the page's
persona, inserted together (so both land or neither, with no transaction around
them), unless the workspace's unique index of lower-cased emails already holds
the address (ON CONFLICT ... DO NOTHING): then nothing is written and the caller
updates the known contact instead. That update is one statement too, an INSERT
falling back on the same index (ON CONFLICT ... DO UPDATE), so a contact deleted
meanwhile is made again. Two submissions with one address at once queue on the
index entry, and the later one updates what the first created: no duplicate, no
error, and no row lock or savepoint around a read. The known contact's score is
upserted the same way, and hands back the admin's band override the stored row
may carry.

The ORM cannot aim at an index on an expression, and compiling its statements
cost more than the rest of the request; the text here is built once per process
from the models' metadata (a new field is picked up). Every value is a parameter.

The page itself is read the same way, with its workspace and the pk of its
persona's applied rubric, by which the intake's questions are cached.
"""

import functools

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import Field, Model

from accounts.models import Workspace
from config.prepared_reads import instance_from_row
from fitcheck.models import Contact, FitScore, IntakePage, Rubric

type Fields = tuple[str, ...]
# What scoring reads of the contact, and what the score row copies from it.
RETURNED = ("id", "workspace", "stage", *Contact.FACTS)


def published_page(workspace_slug: str) -> IntakePage | None:
    """The workspace's published intake page, its workspace loaded, and as
    `applied_rubric_id` the pk of its persona's applied rubric (None until one
    is generated)."""
    with connection.cursor() as cursor:
        cursor.execute(_page_statement(), [workspace_slug])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(IntakePage._meta.concrete_fields)
    page = instance_from_row(IntakePage, row[:split])
    page.workspace = instance_from_row(Workspace, row[split:-1])
    page.applied_rubric_id = row[-1]
    return page


def add_new_contact(contact: Contact, fit: FitScore) -> bool:
    """Insert the unsaved `contact` and its unsaved score `fit` in one statement,
    setting their pks; or, when the workspace has a contact with this email
    whatever the case, write nothing and return False."""
    contact_values = _values(contact)
    score_values = [
        value
        for field, value in zip(_written(FitScore), _values(fit), strict=True)
        if field.name != "contact"
    ]
    with connection.cursor() as cursor:
        cursor.execute(_new_contact_statement(), contact_values + score_values)
        row = cursor.fetchone()
    if row is None:
        return False
    contact.pk, fit.pk = row
    fit.contact_id = contact.pk
    return True


def save_contact(contact: Contact, *, merged: Fields) -> Contact:
    """Insert the unsaved `contact`, or, when its workspace has a contact with the
    same email whatever the case, merge `merged` facts and the notes into that
    one: a fact `contact` leaves blank keeps what was known, and its notes are
    appended to the known ones. Either way the stored contact comes back with
    the fields scoring reads (`RETURNED`)."""
    with connection.cursor() as cursor:
        cursor.execute(_contact_statement(merged), _values(contact))
        row = cursor.fetchone()
    return instance_from_row(Contact, row, RETURNED)


def save_score(fit: FitScore, *, replaced: Fields) -> None:
    """Insert the unsaved `fit`, or replace the `replaced` fields of the stored
    score of its contact and persona. Like `save()`, sets the pk; and the band
    override, which an admin may have set on the stored row."""
    with connection.cursor() as cursor:
        cursor.execute(_score_statement(replaced), _values(fit))
        fit.pk, fit.band_override = cursor.fetchone()


@functools.cache
def _page_statement() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(
        f"{alias}.{quote(field.column)}"
        for model, alias in [(IntakePage, "p"), (Workspace, "w")]
        for field in model._meta.concrete_fields
    )
    pages, workspaces, rubrics = (
        quote(model._meta.db_table) for model in (IntakePage, Workspace, Rubric)
    )
    applied = (
        f"SELECT r.id FROM {rubrics} r WHERE r.persona_id = p.persona_id"  # noqa: S608
        f" AND r.status = '{Rubric.Status.APPLIED}'"
    )
    # At most one applied rubric per persona (rubric_one_applied_per_persona).
    # Only quoted names and a status code from the models go into the text; the
    # slug is a parameter.
    return (
        f"SELECT {columns}, ({applied}) FROM {pages} p"  # noqa: S608
        f" JOIN {workspaces} w ON w.id = p.workspace_id"
        " WHERE w.slug = %s AND p.published"
    )


@functools.cache
def _new_contact_statement() -> str:
    # Typed, since a value in a SELECT list is not typed by its target column.
    values = ", ".join(
        "c.id" if field.name == "contact" else f"%s::{field.cast_db_type(connection)}"
        for field in _written(FitScore)
    )
    contact = (
        f"{_insert(Contact)} ({_columns(Contact)}) VALUES ({_placeholders(Contact)})"
        f" {_known_email()} DO NOTHING RETURNING id"
    )
    score = f"{_insert(FitScore)} ({_columns(FitScore)}) SELECT {values} FROM c"  # noqa: S608
    return (
        f"WITH c AS ({contact}), s AS ({score} RETURNING id)"  # noqa: S608
        " SELECT c.id, s.id FROM c, s"
    )


def _known_email() -> str:
    """The conflict target and its WHERE name the partial unique index
    contact_email_unique_per_workspace (see fitcheck/models/contacts.py)."""
    quote = connection.ops.quote_name
    workspace, email = (quote(_column(Contact, n)) for n in ("workspace", "email"))
    return f"ON CONFLICT ({workspace}, lower({email})) WHERE {email} <> ''"


@functools.cache
def _contact_statement(merged: Fields) -> str:
    quote = connection.ops.quote_name
    notes, updated_at = (quote(_column(Contact, n)) for n in ("notes", "updated_at"))
    sets = [
        *(f"{quote(_column(Contact, name))} = {_merge(name)}" for name in merged),
        f"{notes} = CASE WHEN excluded.{notes} = '' THEN c.{notes}"
        f" WHEN c.{notes} = '' THEN excluded.{notes}"
        f" ELSE c.{notes} || E'\\n\\n' || excluded.{notes} END",
        f"{updated_at} = excluded.{updated_at}",
    ]
    returned = ", ".join(f"c.{quote(_column(Contact, name))}" for name in RETURNED)
    return (
        f"{_insert(Contact)} AS c ({_columns(Contact)})"
        f" VALUES ({_placeholders(Contact)}) {_known_email()}"
        f" DO UPDATE SET {', '.join(sets)} RETURNING {returned}"
    )


def _merge(name: str) -> str:
    """The SQL value of a merged fact: the new one unless it is blank."""
    field = Contact._meta.get_field(name)
    name = connection.ops.quote_name(field.column)
    if isinstance(field, ArrayField):
        new_is_known = f"cardinality(excluded.{name}) > 0"
    elif field.null:
        new_is_known = f"excluded.{name} IS NOT NULL"
    else:
        new_is_known = f"excluded.{name} <> ''"
    return f"CASE WHEN {new_is_known} THEN excluded.{name} ELSE c.{name} END"


@functools.cache
def _score_statement(replaced: Fields) -> str:
    quote = connection.ops.quote_name
    unique = ", ".join(
        quote(_column(FitScore, name)) for name in ("contact", "persona")
    )
    sets = ", ".join(
        f"{column} = excluded.{column}"
        for column in (quote(_column(FitScore, name)) for name in replaced)
    )
    override = quote(_column(FitScore, "band_override"))
    return (
        f"{_insert(FitScore)} AS s ({_columns(FitScore)})"
        f" VALUES ({_placeholders(FitScore)})"
        f" ON CONFLICT ({unique}) DO UPDATE SET {sets} RETURNING s.id, s.{override}"
    )


def _insert(model: type[Model]) -> str:
    return f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)}"


def _written(model: type[Model]) -> list[Field]:
    # The database computes generated columns (FitScore.band_rank) itself.
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated
    ]


def _columns(model: type[Model]) -> str:
    return ", ".join(connection.ops.quote_name(f.column) for f in _written(model))


def _placeholders(model: type[Model]) -> str:
    return ", ".join(["%s"] * len(_written(model)))


def _column(model: type[Model], name: str) -> str:
    return model._meta.get_field(name).column


def _values(instance: Model) -> list:
    """The instance's values as an INSERT by the ORM sends them (`auto_now`
    dates set)."""
    return [
        field.get_db_prep_save(field.pre_save(instance, True), connection)
        for field in _written(type(instance))
    ]
