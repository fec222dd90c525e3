"""Reads that PostgreSQL plans once per connection and that come back as models.

Every logged-in page reads its session, its user and the user's workspaces before
it does anything of its own. Through the ORM each of those reads costs about a
millisecond of compiling Python per request, more than running it does. A
`PreparedRead` is instead fixed text, built once per process from the models'
metadata (a new field is picked up), PREPAREd once per pooled connection, and
turned back into instances with `Model.from_db`, as the ORM would.

Only names from the models go into the text; every value is a parameter.
"""

import functools
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.db.models import Field, Model

type Joined = Sequence[tuple[type[Model], str]]
# Field types whose values come back from JSON as Python gives them from a row.
JSON_SAFE_TYPES = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField",
    "ForeignKey", "IntegerField", "PositiveIntegerField",
    "PositiveSmallIntegerField", "SmallIntegerField", "TextField",
}  # fmt: skip


@dataclass(frozen=True)
class Children:
    """The rows of `model` whose `parent` column holds the id of the row aliased
    `of`, read in the same statement as a list, ordered by `order`."""

    model: type[Model]
    parent: str
    of: str
    order: tuple[str, ...] = ("id",)


class PreparedRead:
    """A SELECT of the concrete fields of `joined` models, each under its alias.

    `sql` is the statement after "SELECT <columns>", and `prefix` a WITH clause
    before it, if any: in both, "{alias}" stands for the quoted table of the
    model with that alias in `joined` or `tables` (models read but not
    returned), "$1", "$2"... for the parameters, whose PostgreSQL types `types`
    lists. A model whose row a LEFT JOIN left empty comes back as None. Each
    of `children` comes after the joined models, as a list of instances: one
    round trip fewer for each, gathered as JSON, so only fields that JSON
    keeps as they are (numbers, text, booleans) may be read this way.
    """

    def __init__(
        self,
        name: str,
        joined: Joined,
        sql: str,
        types: Sequence[str],
        *,
        tables: Mapping[str, type[Model]] | None = None,
        prefix: str = "",
        children: Sequence[Children] = (),
    ):
        self.name = name
        self.joined = tuple(joined)
        self.sql = sql
        self.types = tuple(types)
        self.tables = {alias: model for model, alias in self.joined} | dict(
            tables or {}
        )
        self.prefix = prefix
        self.children = tuple(children)
        # The database connections (sessions) that have prepared it.
        self._prepared_on: weakref.WeakSet = weakref.WeakSet()

    def first(self, *params) -> tuple[Model | None, ...] | None:
        rows = self.all(*params)
        return rows[0] if rows else None

    def all(self, *params) -> list[tuple[Model | None, ...]]:
        placeholders = ", ".join(["%s"] * len(params))
        with connection.cursor() as cursor:
            self._prepare()
            cursor.execute(f"EXECUTE {self.name}({placeholders})", params)
            return [self._instances(row) for row in cursor.fetchall()]

    @cached_property
    def statement(self) -> str:
        quote = connection.ops.quote_name
        columns = ", ".join(
            f"{alias}.{quote(field.column)}"
            for model, alias in self.joined
            for field in model._meta.concrete_fields
        )
        lists = "".join(f", {_children_list(child)}" for child in self.children)
        tables = {alias: quote(m._meta.db_table) for alias, m in self.tables.items()}
        prefix, sql = (part.format(**tables) for part in (self.prefix, self.sql))
        return f"{prefix}SELECT {columns}{lists} {sql}"

    def _prepare(self) -> None:
        """PREPARE is not transactional: it outlasts a rolled-back request and
        lives as long as its connection, which the pool hands out again and
        again. It goes to the driver directly, so that a query count does not
        depend on which test or request happened to be first on a connection."""
        session = connection.connection
        if session in self._prepared_on:
            return
        types = ", ".join(self.types)
        session.execute(f"PREPARE {self.name}({types}) AS {self.statement}")
        self._prepared_on.add(session)

    def _instances(self, row: tuple) -> tuple[Model | None, ...]:
        instances, start = [], 0
        for model, _ in self.joined:
            end = start + len(model._meta.concrete_fields)
            instances.append(instance_from_row(model, row[start:end]))
            start = end
        for child, values in zip(self.children, row[start:], strict=True):
            instances.append([instance_from_row(child.model, v) for v in values])
        return tuple(instances)


def _json_safe(field: Field) -> bool:
    # A list of texts comes back from JSON as the same list of strings.
    base = getattr(field, "base_field", None)
    if field.get_internal_type() == "ArrayField" and base is not None:
        return _json_safe(base)
    return field.get_internal_type() in JSON_SAFE_TYPES


def _children_list(child: Children) -> str:
    """A JSON array of the children's rows, each an array of its columns."""
    fields = child.model._meta.concrete_fields
    unsafe = [f.name for f in fields if not _json_safe(f)]
    if unsafe:
        raise ValueError(f"JSON would change the values of {unsafe}.")
    quote = connection.ops.quote_name
    columns = ", ".join(f"c.{quote(f.column)}" for f in fields)
    order = ", ".join(
        f"c.{quote(child.model._meta.get_field(name).column)}" for name in child.order
    )
    table = quote(child.model._meta.db_table)
    parent = quote(child.model._meta.get_field(child.parent).column)
    return (
        f"(SELECT coalesce(json_agg(json_build_array({columns}) ORDER BY {order}),"  # noqa: S608
        f" '[]') FROM {table} c WHERE c.{parent} = {child.of}.id)"
    )


def instance_from_row(
    model: type[Model], values: Sequence, names: Sequence[str] | None = None
) -> Model | None:
    """The instance the ORM would make of these column values: those of the
    fields `names`, or of all `model`'s concrete fields, in their order. None
    for the empty side of an outer join (no primary key)."""
    shape = _row_shape(model, None if names is None else tuple(names))
    if shape.pk_at is not None and values[shape.pk_at] is None:
        return None
    converted = [
        value if convert is None else convert(value, None, connection)
        for convert, value in zip(shape.converters, values, strict=True)
    ]
    return model.from_db(connection.alias, shape.attnames, converted)


@dataclass(frozen=True)
class _RowShape:
    attnames: list[str]
    converters: list  # Each field's from_db_value, or None.
    pk_at: int | None  # Where the primary key is among the values.


@functools.cache
def _row_shape(model: type[Model], names: tuple[str, ...] | None) -> _RowShape:
    """How a row of `model`'s fields `names` (or all) turns into an instance:
    worked out once, as many rows are turned every request."""
    if names is None:
        fields = list(model._meta.concrete_fields)
    else:
        fields = [model._meta.get_field(name) for name in names]
    pk_at = fields.index(model._meta.pk) if model._meta.pk in fields else None
    return _RowShape(
        attnames=[field.attname for field in fields],
        converters=[getattr(field, "from_db_value", None) for field in fields],
        pk_at=pk_at,
    )


def set_prefetched(instance: Model, related_name: str, objects: list[Model]) -> None:
    """Hold `objects` as `instance`'s `related_name` rows (a reverse foreign
    key), the way `prefetch_related` does: `instance.<related_name>.all()`
    returns them without a query."""
    manager = getattr(instance, related_name)
    for obj in objects:
        setattr(obj, manager.field.name, instance)
    queryset = manager.get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[related_name] = queryset
