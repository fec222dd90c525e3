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
# Raw SQL: the ORM spells `lower(email) IN (%s, %s, ...)` with one parameter per
# email, and its bulk_create builds the text of every row; an array parameter
# and COPY took a third of the import's time off at 100,000 rows.
TAKEN = f"""
    SELECT lower(email), {EXISTING} FROM {Contact._meta.db_table}
    WHERE workspace_id = %s AND email <> '' AND lower(email) = ANY(%s)
    UNION ALL
    SELECT email, row_number FROM {ImportedEmail._meta.db_table}
    WHERE job_id = %s AND email = ANY(%s)
"""  # noqa: S608 (table names)
ADD = f"COPY {ImportedEmail._meta.db_table} (job_id, email, row_number) FROM STDIN"


class SeenEmails:
    """Lowercased emails, and the file row that took each (EXISTING: a contact
    had it before the import)."""

    def __init__(self, job: ImportJob, *, workspace_id: int) -> None:
        self.job = job
        self.workspace_id = workspace_id

    def taken(self, emails: Iterable[str]) -> dict[str, int]:
        """{email: the row that took it} for those of `emails` already met. The
        first query reads the workspace's unique index on lower(email)."""
        emails = list(emails)
        with connection.cursor() as cursor:
            cursor.execute(TAKEN, [self.workspace_id, emails, self.job.pk, emails])
            # A row of this import wins over the contact it became.
            return dict(sorted(cursor.fetchall(), key=lambda pair: pair[1]))

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
