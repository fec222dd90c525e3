"""Importing a checked contact file, in the worker, a batch of rows at a time.

Confirming an import queues an ImportJob (`queue_import`); the import's page
shows its progress, then its outcome. The worker reads the file again and checks
each row on its own (contact_rows.py and contact_values.py): it becomes a contact
or is rejected with its row number and a reason. The valid rows are streamed into
the contacts table with COPY.

Each batch of ROWS_PER_BATCH rows is one transaction that also records, in the
job, how many rows of the file have been read and what they came to; the emails
taken so far are kept in the database (import_emails.py). So the worker's memory
does not grow with the file, the page can show the progress, and a job whose
worker died is resumed by `manage.py upkeep` after the last committed batch,
with no contact added twice. The runner (core/jobs.py) makes sure one worker
runs a job at a time.

An import that stops part way (the file can no longer be read, the database
refused a batch) keeps the batches before it and says so: importing the file
again then rejects their rows as contacts already there.
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from itertools import batched, islice
from typing import IO

from django.db import DatabaseError, connection, transaction
from django.db.models import Field
from django.utils import timezone
from psycopg import sql

from core import jobs
from core.tasks import enqueue_after_commit
from fitcheck import csvfiles
from fitcheck.contact_rows import mapping_problems
from fitcheck.contact_values import REMEMBERED_LENGTH, ValueMap
from fitcheck.models import (
    Contact,
    ContactImport,
    ErasedAddress,
    ImportJob,
    ValueChoice,
)
from fitcheck.services.import_emails import EXISTING, SeenEmails
from fitcheck.services.imports import (
    CheckedRow,
    RowNumbers,
    checked_rows,
    file_warnings,
)

logger = logging.getLogger(__name__)

REJECTED_KEPT = 1000
# Rows checked and copied in at a time, each batch its own transaction: the
# worker holds one batch, whatever the file's length, and renews its lease at
# least every few seconds.
ROWS_PER_BATCH = 5000
DATABASE_PROBLEM = (
    "the database refused part of the file. Please import the file again; if it "
    "fails again, tell us."
)
COPY_TYPES = {"timestamp with time zone": "timestamptz"}
UNEXPECTED_PROBLEM = (
    "something went wrong on our side. Please import the file again; if it fails "
    "again, tell us."
)
Status = ContactImport.Status


class AlreadyImported(Exception):
    """The file was imported before; importing it again would add every row twice."""


@dataclass
class ImportResult:
    """What the rows read so far came to."""

    imported: int = 0
    rejected: list[list] = field(default_factory=list)  # [row number, reason]
    rejected_total: int = 0
    without_email: RowNumbers = field(default_factory=RowNumbers)
    problem: str = ""

    def reject(self, row_number: int, reason: str) -> None:
        self.rejected_total += 1
        if len(self.rejected) < REJECTED_KEPT:
            self.rejected.append([row_number, reason])

    def as_json(self) -> dict:
        return {
            "imported": self.imported,
            "rejected": self.rejected,
            "rejected_total": self.rejected_total,
            "without_email": self.without_email.as_json(),
        }

    @classmethod
    def from_json(cls, data: dict) -> "ImportResult":
        without = data.get("without_email", {})
        return cls(
            imported=data.get("imported", 0),
            rejected=list(data.get("rejected", [])),
            rejected_total=data.get("rejected_total", 0),
            without_email=RowNumbers(without.get("count", 0), without.get("first", [])),
        )

    @property
    def message(self) -> str:
        if self.problem and self.imported:
            return (
                f"The import stopped part way: {self.problem} The "
                f"{self.imported:,} contact{_s(self.imported)} of the rows before "
                "it were imported, the rest were not."
            )
        if not self.imported:
            return f"Nothing was imported: {self.problem}"
        text = f"{self.imported:,} contact{_s(self.imported)} imported."
        if self.rejected_total:
            text += f" {self.rejected_total:,} row{_s(self.rejected_total)} rejected"
            text += " and left out."
        if self.rejected_total > len(self.rejected):
            text += f" The first {len(self.rejected):,} rejected rows are listed."
        return text


# Queueing --------------------------------------------------------------------------


@transaction.atomic
def queue_import(
    *, contact_import: ContactImport, values: dict[str, ValueMap] | None = None
) -> ImportJob:
    """Queue the import of the file with the columns chosen (`mapping`) and what
    the values of choice columns become (`values`). Raises AlreadyImported when
    the file was imported before. A second confirmation while the first is
    queued or running (a double click) gets the same job: the import's row is
    locked, so two cannot both queue one."""
    from fitcheck.tasks import import_contacts

    locked = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
    if locked.status == Status.IMPORTED:
        raise AlreadyImported
    if locked.status == Status.IMPORTING:
        return ImportJob.objects.latest_for(locked)
    if problems := mapping_problems(locked.mapping):
        raise ValueError(" ".join(problems))
    locked.status = Status.IMPORTING
    locked.values = {target: m.as_json() for target, m in (values or {}).items()}
    locked.save(update_fields=["status", "values"])
    job = ImportJob.objects.create(
        contact_import=locked, total=locked.checks.get("rows", 0)
    )
    enqueue_after_commit(import_contacts, job_id=job.pk)
    contact_import.status, contact_import.values = locked.status, locked.values
    return job


def requeue_stuck_imports() -> list[int]:
    """Queue again the imports a dead worker left unfinished; their ids."""
    from fitcheck.tasks import import_contacts

    return jobs.requeue_stuck(ImportJob, task=import_contacts)


# Running ----------------------------------------------------------------------------


def run_import_job(*, job_id: int) -> None:
    """Run an import job to the end; calling it again, or twice at once, is safe."""
    jobs.run_job(ImportJob, job_id=job_id, work=_import)


@dataclass
class Run:
    """One worker's run of an import job: where it is in the file, and what the
    rows read so far came to (committed with each batch)."""

    claim: jobs.Claim
    contact_import: ContactImport
    values: dict[str, ValueMap]
    read: int
    result: ImportResult
    started: datetime

    @property
    def workspace_id(self) -> int:
        return self.contact_import.workspace_id


def _import(claim: jobs.Claim) -> dict:
    job = claim.job
    contact_import = ContactImport.objects.get(pk=job.contact_import_id)
    values = {t: ValueMap.from_json(m) for t, m in contact_import.values.items()}
    result = ImportResult.from_json(job.result)
    run = Run(claim, contact_import, values, job.done, result, timezone.now())
    try:
        with contact_import.file.open("rb") as binary:
            _import_rows(run, binary)
    except csvfiles.BadFile as problem:
        raise jobs.JobStopped(_stop(run, str(problem))) from None
    except DatabaseError:
        logger.exception("Import %s failed at the database", contact_import.pk)
        raise jobs.JobStopped(_stop(run, DATABASE_PROBLEM)) from None
    except jobs.LeaseLost:
        raise
    except Exception:
        # A bug: the page says the import stopped, the runner logs the error.
        _stop(run, UNEXPECTED_PROBLEM)
        raise
    return _finish(run)


def _import_rows(run: Run, binary: IO[bytes]) -> None:
    reading = csvfiles.read_rows(binary)
    mapping = run.contact_import.mapping
    if len(reading.header) != len(mapping):
        raise ValueError("The mapping must have one entry per column.")
    # A resumed run goes on after the rows the last committed batch read.
    rows = islice(reading.rows, run.read, None)
    erased = ErasedAddress.objects.matcher(run.workspace_id)
    checked = checked_rows(rows, mapping, run.values, erased)
    seen = SeenEmails(run.claim.job, workspace_id=run.workspace_id)
    copy = ContactCopy(workspace_id=run.workspace_id, created_at=run.started)
    for number, batch in enumerate(batched(checked, ROWS_PER_BATCH), start=1):
        with transaction.atomic():
            new_rows, new_emails = _unique_rows(batch, seen, run.result)
            run.read += len(batch)
            # First, so that a worker which lost the job writes nothing.
            run.claim.heartbeat(done=run.read, result=run.result.as_json())
            copy.write(new_rows)
            seen.add(new_emails)
        seen.keep_statistics_fresh(number)


def _unique_rows(
    batch: tuple[CheckedRow, ...], seen: SeenEmails, result: ImportResult
) -> tuple[list[dict[str, object]], dict[str, int]]:
    """The batch's rows to insert, in file order, and the emails they take: a
    row whose email an existing contact or an earlier row has is rejected, and
    so are rows rejected on their own, so the reasons stay in row order."""
    taken = seen.taken(row.fields["email"] for row in batch if _email(row))
    rows, new = [], {}
    for row in batch:
        if row.fields is None:
            result.reject(row.number, row.rejection)
            continue
        if email := _email(row):
            first = taken.get(email, new.get(email))
            if first is not None:
                result.reject(row.number, _duplicate(email, first))
                continue
            new[email] = row.number
        else:
            result.without_email.add(row.number)
        rows.append(row.fields)
    result.imported += len(rows)
    return rows, new


def _email(row: CheckedRow) -> str:
    return row.fields.get("email", "") if row.fields else ""


class ContactCopy:
    """Streams rows into the contacts table with PostgreSQL's COPY. Measured on
    50,000 rows, it inserts about thirty times faster than bulk_create (which
    spends its time building SQL text)."""

    def __init__(self, *, workspace_id: int, created_at: datetime) -> None:
        self.fields = [
            f
            for f in Contact._meta.concrete_fields
            if not f.primary_key and not f.generated  # PostgreSQL fills search_text.
        ]
        self.defaults = {f.attname: f.get_default() for f in self.fields} | {
            "workspace_id": workspace_id,
            "source": Contact.Source.IMPORTED,
            "created_at": created_at,
            "updated_at": created_at,
        }
        columns = sql.SQL(", ").join(sql.Identifier(f.column) for f in self.fields)
        self.statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(Contact._meta.db_table), columns
        )
        # Told the columns' types, psycopg picks each value's conversion once
        # instead of inspecting every value (each row's six lists, mostly).
        self.types = [copy_type(f) for f in self.fields]

    def write(self, rows: list[dict[str, object]]) -> None:
        if not rows:
            return
        names = [f.attname for f in self.fields]
        defaults = self.defaults
        with (
            connection.cursor() as cursor,
            connection.wrap_database_errors,  # As Django's own errors, like any query.
            cursor.copy(self.statement) as copy,
        ):
            copy.set_types(self.types)
            for row in rows:
                copy.write_row([row.get(name, defaults[name]) for name in names])


def copy_type(field: Field) -> str:
    """The field's column type as psycopg names it: varchar(150)[] is varchar[]."""
    db_type = field.db_type(connection)
    return COPY_TYPES.get(db_type, re.sub(r"\(\d+\)", "", db_type))


def _duplicate(email: str, first: int) -> str:
    """Why a row is rejected whose email is taken: by a contact there before the
    import, or by an earlier row of the file."""
    if first == EXISTING:
        return f"{email} is already a contact in your workspace; it was left unchanged."
    return f"Same email as row {first:,}."


# The end ---------------------------------------------------------------------------


def _finish(run: Run) -> dict:
    """Keep the outcome with the import, remember the values chosen, and queue
    the scoring of the contacts added: in one transaction with the job's last
    heartbeat, so a worker that lost the job changes nothing."""
    result = run.result
    if not result.imported:
        result.problem = "none of the rows could be used (see the reasons below)."
    with transaction.atomic():
        run.claim.heartbeat(done=run.read)
        _keep_outcome(run)
        _remember(run.workspace_id, run.values)
    return {"done": run.read, "total": run.read, "result": result.as_json()}


def _stop(run: Run, problem: str) -> str:
    """Keep the outcome of an import that could not go on; the message. The
    batches before the problem stay imported (their result is the job's)."""
    run.result = ImportResult.from_json(
        ImportJob.objects.values_list("result", flat=True).get(pk=run.claim.job.pk)
    )
    run.result.problem = problem
    with transaction.atomic():
        run.claim.heartbeat()
        _keep_outcome(run)
    return run.result.message


def _keep_outcome(run: Run) -> None:
    result = run.result
    locked = ContactImport.objects.select_for_update().get(pk=run.contact_import.pk)
    locked.status = Status.IMPORTED if result.imported else Status.FAILED
    if result.problem and result.imported:
        locked.status = Status.FAILED
    locked.imported_count = result.imported
    locked.rejected = result.rejected
    locked.message = result.message
    found = {
        "swallowed": locked.checks.get("swallowed", {}),
        "without_email": result.without_email.as_json(),
    }
    locked.warnings = file_warnings(found, imported=True) if result.imported else []
    locked.save()
    SeenEmails(run.claim.job, workspace_id=run.workspace_id).forget()
    if result.imported:
        from fitcheck.tasks import score_imported

        enqueue_after_commit(score_imported, import_id=locked.pk)


def _remember(workspace_id: int, values: dict[str, ValueMap]) -> None:
    """Keep what each listed value became, for the workspace's next import."""
    now = timezone.now()
    choices = [
        ValueChoice(
            workspace_id=workspace_id,
            field=target,
            value=key,
            target=chosen,
            updated_at=now,
        )
        for target, value_map in values.items()
        for key, chosen in value_map.chosen.items()
        if len(key) <= REMEMBERED_LENGTH
    ]
    ValueChoice.objects.bulk_create(
        choices,
        update_conflicts=True,
        unique_fields=["workspace", "field", "value"],
        update_fields=["target", "updated_at"],
    )


def _s(count: int) -> str:
    return "" if count == 1 else "s"
