"""The emails an import job has met, kept by PostgreSQL rather than in the worker.

Emails are unique in a workspace, so an import rejects a row whose email is
already a contact's, or an earlier row's ("Same email as row 12"). Keeping every
email met in a Python dict took over 150 MiB at a million rows, and the worker's
memory grew with the file. The import asks instead, a batch of rows at a time,
the contacts table (the emails there before the import, and those of the rows it
has already imported) and ImportedEmail (which row of the file took each email
it imported). Both are committed with each batch, so a run of the job resumed
after its worker died still finds the duplicates of the rows imported before.
"""

from collections.abc import Iterable, Mapping

from django.db import connection

from fitcheck.models import Contact, ImportedEmail, ImportJob

EXISTING = 0  # The "row" of an email that was a contact's before the import.
# Raw SQL: the ORM cannot say a lateral subquery. Each email is looked up on
# its own, in one statement for the batch: a unique index probe per email, the
# import's own rows first (their row number wins). A join or `= ANY` lets the
# planner choose a scan of the workspace's contacts instead, which it does while
# their statistics say they are few, as they are when an import starts: each
# batch then read every row imported so far (measured: 0.4 s a batch at 300,000
# rows, growing with the file).
TAKEN = f"""
    SELECT e.email, taken.row_number FROM unnest(%s::text[]) AS e(email)
    CROSS JOIN LATERAL (
        (SELECT row_number FROM {ImportedEmail._meta.db_table}
         WHERE job_id = %s AND email = e.email)
        UNION ALL
        (SELECT {EXISTING} FROM {Contact._meta.db_table}
         WHERE workspace_id = %s AND email <> '' AND lower(email) = e.email)
        LIMIT 1
    ) AS taken
"""  # noqa: S608 (table names)
ADD = f"COPY {ImportedEmail._meta.db_table} (job_id, email, row_number) FROM STDIN"
# Even so, the planner reached the contacts through the plain workspace index,
# filtering each of the workspace's contacts, when the statistics still said the
# workspace had none: a batch of a 100,000-row import then took over a minute
# (each probe read every contact imported so far). As PostgreSQL's advice on
# bulk loading says, the import runs ANALYZE on the tables it fills, after its
# batches 1, 2, 4, 8 ... (so the statistics never lag more than twice behind:
# eleven times in a million rows, each well under a second).
# Only the column the plan turns on: the whole table's (its search text
# sampled for trigrams) took four seconds at a million contacts.
ANALYZE = (
    f"ANALYZE {Contact._meta.db_table} (workspace_id), {ImportedEmail._meta.db_table}"
)


class SeenEmails:
    """Lowercased emails, and the file row that took each (EXISTING: a contact
    had it before the import)."""

    def __init__(self, job: ImportJob, *, workspace_id: int) -> None:
        self.job = job
        self.workspace_id = workspace_id

    def taken(self, emails: Iterable[str]) -> dict[str, int]:
        """{email: the row that took it} for those of `emails` already met."""
        with connection.cursor() as cursor:
            cursor.execute(TAKEN, [list(emails), self.job.pk, self.workspace_id])
            return dict(cursor.fetchall())

    def keep_statistics_fresh(self, batches_done: int) -> None:
        """After batches 1, 2, 4, 8 ..., tell the planner how many rows the
        tables it probes now hold (see ANALYZE above)."""
        if batches_done & (batches_done - 1) == 0:
            with connection.cursor() as cursor:
                cursor.execute(ANALYZE)

    def add(self, first_rows: Mapping[str, int]) -> None:
        """Record new emails with the row that took each."""
        if not first_rows:
            return
        job_id = self.job.pk
        with (
            connection.cursor() as cursor,
            connection.wrap_database_errors,  # As Django's own errors, like any query.
            cursor.copy(ADD) as copy,
        ):
            for email, row in first_rows.items():
                copy.write_row((job_id, email, row))

    def forget(self) -> None:
        """Once the job is over: the emails are the contacts' business again."""
        ImportedEmail.objects.filter(job=self.job).delete()
