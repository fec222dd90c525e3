"""The statements every survey link runs, written as SQL.

Opening a link reads its invitation with the survey and the workspace and
records the opening, in one statement; answering reads it, then stores the answer
in one statement (the invitation claimed, the response and each of its answers
added). The
ORM compiles each of these afresh on every request, which costs more than the
rest of the page (the page itself is kept rendered, see feedback/views/public.py).
The statements here are fixed text, the read built once per process from the
models' own metadata (a new field is picked up) and prepared once per database
connection. The read returns model instances as
`select_related("survey__workspace")` would.
"""

import functools
import weakref
from datetime import datetime

from django.db import connection
from django.db.models import Model

from accounts.models import Workspace
from feedback.models import Answer, Invitation, InvitationToken, Response, Survey

Status = Invitation.Status
LOOKUP = "feedback_invitation_by_token_hash"
OPEN = "feedback_open_link"
# The database connections (sessions) that have prepared the lookups.
_prepared_sessions: weakref.WeakSet = weakref.WeakSet()
# Each model with its alias in the statement, in the order of its columns.
JOINED: list[tuple[type[Model], str]] = [
    (Invitation, "i"),
    (Survey, "s"),
    (Workspace, "w"),
]


def invitation_by_token_hash(token_hash: str) -> Invitation | None:
    """The invitation whose link has this hash, its survey and workspace loaded."""
    return _linked(f"EXECUTE {LOOKUP}(%s)", [token_hash])


def open_link(token_hash: str, when: datetime) -> Invitation | None:
    """`invitation_by_token_hash`, recording in the same statement the first
    opening of a sent, unexpired link (later ones change nothing). The
    invitation comes back as it was before: "sent" on a first opening."""
    return _linked(f"EXECUTE {OPEN}(%s, %s)", [token_hash, when])


def _linked(execute: str, params: list) -> Invitation | None:
    with connection.cursor() as cursor:
        _prepare(cursor)
        cursor.execute(execute, params)
        row = cursor.fetchone()
    if row is None:
        return None
    invitation, survey, workspace = _instances(row)
    survey.workspace = workspace
    invitation.survey = survey
    return invitation


# An answer as the statement stores it: question id, number, choices, text.
type AnswerRow = tuple[int, int | None, list[str], str]


def answer_invitation(
    *,
    invitation_id: int,
    survey_id: int,
    answered_at: datetime,
    submitted_at: datetime,
    keep_link: bool,
    answers: list[AnswerRow],
) -> int | None:
    """Mark the invitation answered and store its response with every answer, in
    one statement, so all of it lands or none without a transaction around it.
    The new response's id, or None when the invitation was answered already:
    the update's row lock makes concurrent answers queue, and each later one
    then finds it answered and stores nothing. Without `keep_link` (an anonymous
    survey) the response keeps neither the invitation nor the contact."""
    params = [
        Status.ANSWERED, answered_at, invitation_id, Status.ANSWERED,
        survey_id, keep_link, keep_link, submitted_at,
        *(value for answer in answers for value in answer),
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_answer_statement(len(answers)), params)
        row = cursor.fetchone()
    return row[0] if row else None


def _prepare(cursor) -> None:
    """Have PostgreSQL plan the lookups once per connection: planning their
    three joins costs more than running them. Pooled connections serve request
    after request, so each prepares them once; a prepared statement lasts as
    long as its connection, whatever the transactions around it do."""
    session = connection.connection
    if session in _prepared_sessions:
        return
    lookup = _statement() % "$1"
    invitations, tokens = _table(Invitation), _table(InvitationToken)
    # Names and the two status codes from the models; values come as $1 and $2.
    opening = (
        f"WITH opened AS (UPDATE {invitations} SET status = '{Status.OPENED}',"  # noqa: S608
        " opened_at = $2 WHERE id = (SELECT invitation_id FROM"
        f" {tokens} WHERE token_hash = $1) AND status = '{Status.SENT}'"
        " AND expires_at > $2) "
    )
    cursor.execute(f"PREPARE {LOOKUP}(text) AS {lookup}")
    cursor.execute(f"PREPARE {OPEN}(text, timestamptz) AS {opening}{lookup}")
    _prepared_sessions.add(session)


@functools.cache
def _answer_statement(answer_count: int) -> str:
    # Only quoted names and types from the models go into the text; every value
    # is a parameter.
    invitations, responses, answers = (
        _table(model) for model in (Invitation, Response, Answer)
    )
    choices = Answer._meta.get_field("choices").db_type(connection)
    row = f"(%s::bigint, %s::smallint, %s::{choices}, %s::text)"
    store_answers = (
        f", stored AS (INSERT INTO {answers}"  # noqa: S608
        " (response_id, question_id, number, choices, text)"
        " SELECT response.id, a.question_id, a.number, a.choices, a.text"
        f" FROM response, (VALUES {', '.join([row] * answer_count)})"
        " AS a (question_id, number, choices, text))"
        if answer_count
        else ""
    )
    return (
        f"WITH claimed AS (UPDATE {invitations} SET status = %s, answered_at = %s"  # noqa: S608
        " WHERE id = %s AND status <> %s RETURNING id, contact_id),"
        f" response AS (INSERT INTO {responses}"
        " (survey_id, invitation_id, contact_id, submitted_at)"
        " SELECT %s, CASE WHEN %s THEN id END, CASE WHEN %s THEN contact_id END, %s"
        f" FROM claimed RETURNING id){store_answers}"
        " SELECT id FROM response"
    )


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
