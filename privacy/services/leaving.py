"""Leaving: a whole workspace as one zip (every table as JSON and CSV), and the
workspace deleted with everything in it.

The zip is streamed while it is read (core/zip_export.py) rather than built by
the worker into a file: a file would be one more full copy of every client's
data to protect and to delete, and the stream keeps memory flat at any size.
Each table is read in pages of `PAGE` rows ordered by id (each page a short
query of its own, so nothing holds a cursor or a transaction open across the
download, which PgBouncer's transaction pooling would break). A change made
while the download runs may show in one table's file and not in another's.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Workspace
from audit.models import AuditEvent
from core.csv_export import stream_rows
from core.tasks import enqueue_after_commit
from core.zip_export import Member, json_lines
from feedback.models import (
    Answer,
    AnswerTheme,
    Invitation,
    PinnedAnswer,
    Question,
    Response,
    Suppression,
    Survey,
    Theme,
)
from fitcheck.models import (
    ClientSnapshot,
    Contact,
    ContactImport,
    FitScore,
    IntakePage,
)
from fitcheck.views import contacts as contacts_csv
from personas import transfer
from personas.models import Persona
from privacy.models import PendingDeletion

PAGE = 2000
# A deletion not done by then is queued again (a deletion of 100,000 contacts
# takes about a minute).
STUCK_AFTER = timedelta(minutes=15)

# The contact list's CSV columns, and what it leaves out.
CONTACT_COLUMNS = [
    *contacts_csv.EXPORT_COLUMNS,
    "phase_out",
    "phase_out_note",
    "created_at",
    "updated_at",
]
SCORE_COLUMNS = [
    "id",
    "contact_id",
    "persona_id",
    "rubric_version",
    "score",
    "band",
    "band_override",
    "override_reason",
    "confidence",
    "knocked_out",
    "stage",
    "computed_at",
]
CLIENT_BAND_COLUMNS = [
    "id",
    "contact_id",
    "persona_id",
    "rubric_version",
    "band",
    "score",
    "score_low",
    "score_high",
    "confidence",
    "taken",
    "taken_at",
]
SURVEY_COLUMNS = ["id", "title", "status", "anonymous", "closes_on", "created_at"]
QUESTION_COLUMNS = ["id", "survey_id", "position", "kind", "text", "choices"]
INVITATION_COLUMNS = [
    "id",
    "survey_id",
    "contact_id",
    "status",
    "created_at",
    "sent_at",
    "opened_at",
    "answered_at",
    "reminders_sent",
]
RESPONSE_COLUMNS = ["id", "survey_id", "contact_id", "submitted_at"]
ANSWER_COLUMNS = ["id", "response_id", "question_id", "number", "choices", "text"]
PERSONA_COLUMNS = ["id", *transfer.PERSONA_FIELDS, "version", "updated_at"]
THEME_COLUMNS = ["id", "survey_id", "name", "created_at"]
ANSWER_THEME_COLUMNS = ["id", "answer_id", "theme_id", "created_at"]
PIN_COLUMNS = ["id", "answer_id", "persona", "pinned_to", "text", "created_at"]
SUPPRESSION_COLUMNS = ["email", "reason", "note", "created_at"]
AUDIT_COLUMNS = ["at", "actor_email", "action", "contact_id", "detail"]

README = """\
Everything {name} held in Ideal Customer, exported {when}.

Each table comes twice: as JSON (a list of objects) and as CSV (one row per
object, lists joined with "; ", cells that a spreadsheet would run as a formula
prefixed with a quote). Ids link the files: fit_scores.contact_id is an id in
contacts, answers.response_id an id in responses, and so on.

personas.json     each persona in the format the app imports again
personas.csv      the personas' main fields
contacts          prospects, clients and past clients with their facts and notes
fit_scores        each contact's score against each persona (JSON: with the
                  per-criterion breakdown)
client_bands      the band each client had against each persona when they
                  became a client, kept as it was then
surveys           surveys (JSON: with their questions); questions.csv
invitations       who was asked to answer which survey, and what became of it
responses         submitted surveys (JSON: with their answers); answers.csv
themes.csv        the themes answers were tagged with (no survey_id: every
                  survey's); answer_themes.csv says which answer has which
pinned_answers.csv answers quoted under a persona's pain or dream, with the
                  persona's name and the pain's or dream's words
do_not_email.csv  addresses that asked not to be emailed (people erased on
                  request are not listed: only a one-way code of theirs is kept)
audit_trail.csv   who viewed, exported, imported, changed or erased what
"""


@dataclass(frozen=True)
class WorkspaceCounts:
    """What deleting the workspace removes, as its confirmation names it."""

    members: int
    personas: int
    contacts: int
    fit_scores: int
    surveys: int
    responses: int
    imports: int


def counts(workspace: Workspace) -> WorkspaceCounts:
    return WorkspaceCounts(
        members=workspace.memberships.count(),
        personas=Persona.objects.for_workspace(workspace).count(),
        contacts=Contact.objects.for_workspace(workspace).count(),
        fit_scores=FitScore.objects.for_workspace(workspace).count(),
        surveys=Survey.objects.for_workspace(workspace).count(),
        responses=Response.objects.for_workspace(workspace).count(),
        imports=ContactImport.objects.for_workspace(workspace).count(),
    )


@transaction.atomic
def request_deletion(*, workspace: Workspace) -> None:
    """Take the workspace away from everyone at once (its memberships go, its
    intake page stops taking answers) and have the worker delete the rest:
    deleting 100,000 contacts with their scores takes most of a minute, too
    long for a request."""
    PendingDeletion.objects.get_or_create(workspace=workspace)
    workspace.memberships.all().delete()
    IntakePage.objects.filter(workspace=workspace).update(published=False)
    _queue_deletion(workspace.pk)


def _queue_deletion(workspace_id: int) -> None:
    from privacy.tasks import delete_workspace as task

    enqueue_after_commit(task, workspace_id=workspace_id)


@transaction.atomic
def delete_workspace(*, workspace_id: int) -> bool:
    """Delete a workspace whose deletion was requested and, through its foreign
    keys, every row it owns; False when there is none (done already). The fit
    scores, its largest table, go first in one statement: Django's cascade would
    otherwise delete them a batch of contacts at a time."""
    workspace = (
        Workspace.objects.filter(pk=workspace_id, pending_deletion__isnull=False)
        .select_for_update(of=("self",))
        .first()
    )
    if workspace is None:
        return False
    FitScore.objects.for_workspace(workspace).delete()
    workspace.delete()
    return True


def requeue_stuck_deletions(*, now=None) -> int:
    """Queue again the deletions no worker finished (the task was lost, or its
    worker stopped); how many."""
    stale = (now or timezone.now()) - STUCK_AFTER
    stuck = list(
        PendingDeletion.objects.filter(queued_at__lt=stale).values_list(
            "workspace_id", flat=True
        )
    )
    PendingDeletion.objects.filter(workspace_id__in=stuck).update(
        queued_at=timezone.now()
    )
    for workspace_id in stuck:
        _queue_deletion(workspace_id)
    return len(stuck)


def export_members(workspace: Workspace) -> Iterator[Member]:
    """The zip's files, in the order README lists them."""
    now = timezone.now()
    yield "README.txt", [README.format(name=workspace.name, when=now.isoformat())]
    personas = Persona.objects.for_workspace(workspace).with_parts().order_by("pk")
    yield "personas.json", json_lines(transfer.export_document(p) for p in personas)
    yield _csv("personas", Persona.objects.for_workspace(workspace), PERSONA_COLUMNS)
    yield from _both(
        "contacts", Contact.objects.for_workspace(workspace), CONTACT_COLUMNS
    )
    scores = FitScore.objects.for_workspace(workspace)
    yield "fit_scores.json", json_lines(_pages(scores, _score_json))
    yield _csv("fit_scores", scores, SCORE_COLUMNS)
    yield from _both(
        "client_bands",
        ClientSnapshot.objects.for_workspace(workspace),
        CLIENT_BAND_COLUMNS,
    )
    surveys = Survey.objects.for_workspace(workspace)
    yield (
        "surveys.json",
        json_lines(_pages(surveys.prefetch_related("questions"), _survey_json)),
    )
    yield _csv("surveys", surveys, SURVEY_COLUMNS)
    yield _csv("questions", Question.objects.for_workspace(workspace), QUESTION_COLUMNS)
    yield from _both(
        "invitations", Invitation.objects.for_workspace(workspace), INVITATION_COLUMNS
    )
    responses = Response.objects.for_workspace(workspace).prefetch_related("answers")
    yield "responses.json", json_lines(_pages(responses, _response_json))
    yield _csv("responses", Response.objects.for_workspace(workspace), RESPONSE_COLUMNS)
    yield _csv("answers", Answer.objects.for_workspace(workspace), ANSWER_COLUMNS)
    themes = Theme.objects.filter(workspace=workspace)
    yield _csv("themes", themes, THEME_COLUMNS)
    tagged = AnswerTheme.objects.for_workspace(workspace)
    yield _csv("answer_themes", tagged, ANSWER_THEME_COLUMNS)
    yield _csv("pinned_answers", _pins(workspace), PIN_COLUMNS)
    suppressions = Suppression.objects.for_workspace(workspace)
    yield _csv("do_not_email", suppressions, SUPPRESSION_COLUMNS, key="created_at")
    events = AuditEvent.objects.for_workspace(workspace)
    yield _csv("audit_trail", events, AUDIT_COLUMNS, key="at")


def _pins(workspace: Workspace) -> QuerySet:
    """Pins name their pain or dream by its words and persona: the persona file
    is the import format, which carries no ids of its parts."""
    return PinnedAnswer.objects.for_workspace(workspace).annotate(
        persona=Coalesce(F("pain__persona__name"), F("dream__persona__name")),
        pinned_to=Case(
            When(pain__isnull=False, then=Value("pain")), default=Value("dream")
        ),
        text=Coalesce(F("pain__text"), F("dream__text")),
    )


def _both(name: str, queryset: QuerySet, columns: list[str]) -> Iterator[Member]:
    def as_dict(row: object) -> dict:
        return _fields(row, columns)

    yield f"{name}.json", json_lines(_pages(queryset.only(*columns), as_dict))
    yield _csv(name, queryset, columns)


def _csv(
    name: str, queryset: QuerySet, columns: list[str], *, key: str = "pk"
) -> Member:
    rows = _pages(queryset.values_list(*columns), lambda row: row, key=key)
    return f"{name}.csv", stream_rows(columns, rows)


def _pages(
    queryset: QuerySet, convert: Callable[[object], object], *, key: str = "pk"
) -> Iterator[object]:
    """Every row of `queryset`, read `PAGE` at a time in the order of `key`
    (unique per row: the id, or a time where rows have no natural order)."""
    if key != "pk":
        # Tables without a useful id order are small: read them whole.
        yield from (convert(row) for row in queryset.order_by(key))
        return
    last = 0
    while True:
        page = list(queryset.filter(pk__gt=last).order_by("pk")[:PAGE])
        if not page:
            return
        for row in page:
            yield convert(row)
        last = row[0] if isinstance(row, tuple) else row.pk


def _fields(row: object, columns: list[str]) -> dict:
    return {column: getattr(row, column) for column in columns}


def _score_json(score: FitScore) -> dict:
    return _fields(score, [*SCORE_COLUMNS, "breakdown"])


def _survey_json(survey: Survey) -> dict:
    data = _fields(survey, [*SURVEY_COLUMNS, "introduction"])
    # Without the ids that say whose they are: they are inside their survey.
    data["questions"] = [
        _fields(q, QUESTION_COLUMNS[2:]) for q in survey.questions.all()
    ]
    return data


def _response_json(response: Response) -> dict:
    data = _fields(response, [*RESPONSE_COLUMNS, "invitation_id"])
    data["answers"] = [_fields(a, ANSWER_COLUMNS[2:]) for a in response.answers.all()]
    return data


def export_filename(workspace: Workspace) -> str:
    return f"{workspace.slug}-{timezone.localdate():%Y-%m-%d}.zip"
