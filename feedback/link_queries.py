"""The statements every survey link runs, written as SQL.

Opening or answering a link reads its invitation with the survey and the
workspace, then records the opening or claims the invitation for an answer. The
ORM compiles each of these afresh on every request, which costs more than the
rest of the page (the page itself is kept rendered, see feedback/views/public.py).
The statements here are fixed text, the read built once per process from the
models' own metadata (a new field is picked up). The read returns model instances
as `select_related("survey__workspace")` would.
"""

import functools
from datetime import datetime

from django.db import connection
from django.db.models import Model

from accounts.models import Workspace
from feedback.models import Invitation, InvitationToken, Survey

Status = Invitation.Status
# Each model with its alias in the statement, in the order of its columns.
JOINED: list[tuple[type[Model], str]] = [
    (Invitation, "i"),
    (Survey, "s"),
    (Workspace, "w"),
]


def invitation_by_token_hash(token_hash: str) -> Invitation | None:
    """The invitation whose link has this hash, its survey and workspace loaded."""
    with connection.cursor() as cursor:
        cursor.execute(_statement(), [token_hash])
        row = cursor.fetchone()
    if row is None:
        return None
    invitation, survey, workspace = _instances(row)
    survey.workspace = workspace
    invitation.survey = survey
    return invitation


def mark_opened(invitation_id: int, when: datetime) -> None:
    """Record the first opening of a sent link; later ones change nothing."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(Invitation)} SET status = %s, opened_at = %s"  # noqa: S608
            " WHERE id = %s AND status = %s",
            [Status.OPENED, when, invitation_id, Status.SENT],
        )


def claim_for_answer(invitation_id: int, when: datetime) -> bool:
    """Mark the invitation answered unless it already is; whether this call did.
    The row lock makes concurrent claims queue, and each later one then finds
    the invitation answered."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(Invitation)} SET status = %s, answered_at = %s"  # noqa: S608
            " WHERE id = %s AND status <> %s",
            [Status.ANSWERED, when, invitation_id, Status.ANSWERED],
        )
        return cursor.rowcount == 1


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@functools.cache
def _statement() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(
        f"{alias}.{quote(field.column)}"
        for model, alias in JOINED
        for field in model._meta.concrete_fields
    )
    tokens, invitations, surveys, workspaces = (
        _table(model) for model in (InvitationToken, Invitation, Survey, Workspace)
    )
    # Only quoted names from the models go into the text; the hash is a parameter.
    return (
        f"SELECT {columns} FROM {tokens} t"  # noqa: S608
        f" JOIN {invitations} i ON i.id = t.invitation_id"
        f" JOIN {surveys} s ON s.id = i.survey_id"
        f" JOIN {workspaces} w ON w.id = s.workspace_id"
        " WHERE t.token_hash = %s"
    )


def _instances(row: tuple) -> list[Model]:
    instances, start = [], 0
    for model, _ in JOINED:
        fields = model._meta.concrete_fields
        values = [
            _from_db(field, value)
            for field, value in zip(
                fields, row[start : start + len(fields)], strict=True
            )
        ]
        names = [field.attname for field in fields]
        instances.append(model.from_db(connection.alias, names, values))
        start += len(fields)
    return instances


def _from_db(field, value):
    convert = getattr(field, "from_db_value", None)
    return value if convert is None else convert(value, None, connection)
