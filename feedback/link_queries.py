"""The statements every survey link runs, written as SQL.

Opening a link reads its invitation with the survey and the workspace and
records the opening, in one statement; answering reads it, then stores the answer
in one statement (the invitation claimed, the response and each of its answers
added). The ORM compiles each of these afresh on every request, which costs more
than the rest of the page (the page itself is kept rendered, see
feedback/views/public.py). The statements here are fixed text; the reads are
`PreparedRead`s (config/prepared_reads.py), which return model instances as
`select_related("survey__workspace")` would.
"""

import functools
from datetime import datetime

from django.db import connection
from django.db.models import Model

from accounts.models import Workspace
from config.prepared_reads import PreparedRead
from feedback.models import Answer, Invitation, InvitationToken, Response, Survey

Status = Invitation.Status
# Each model with its alias in the statement, in the order of its columns.
JOINED = [(Invitation, "i"), (Survey, "s"), (Workspace, "w")]
BY_LINK = (
    "FROM {t} t JOIN {i} i ON i.id = t.invitation_id"
    " JOIN {s} s ON s.id = i.survey_id JOIN {w} w ON w.id = s.workspace_id"
    " WHERE t.token_hash = $1"
)
LOOKUP = PreparedRead(
    "feedback_invitation_by_token_hash",
    JOINED,
    BY_LINK,
    ["text"],
    tables={"t": InvitationToken},
)
# The two status codes come from the model; the values are $1 and $2.
OPEN = PreparedRead(
    "feedback_open_link",
    JOINED,
    BY_LINK,
    ["text", "timestamptz"],
    tables={"t": InvitationToken},
    prefix=(
        f"WITH opened AS (UPDATE {{i}} SET status = '{Status.OPENED}',"  # noqa: S608
        " opened_at = $2 WHERE id = (SELECT invitation_id FROM {t}"
        f" WHERE token_hash = $1) AND status = '{Status.SENT}' AND expires_at > $2) "
    ),
)


def invitation_by_token_hash(token_hash: str) -> Invitation | None:
    """The invitation whose link has this hash, its survey and workspace loaded."""
    return _linked(LOOKUP.first(token_hash))


def open_link(token_hash: str, when: datetime) -> Invitation | None:
    """`invitation_by_token_hash`, recording in the same statement the first
    opening of a sent, unexpired link (later ones change nothing). The
    invitation comes back as it was before: "sent" on a first opening."""
    return _linked(OPEN.first(token_hash, when))


def _linked(found: tuple | None) -> Invitation | None:
    if found is None:
        return None
    invitation, survey, workspace = found
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
