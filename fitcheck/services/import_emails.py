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

from django.db.models.functions import Lower

from fitcheck.models import Contact, ImportedEmail, ImportJob

EXISTING = 0  # The "row" of an email that was a contact's before the import.


class SeenEmails:
    """Lowercased emails, and the file row that took each (EXISTING: a contact
    had it before the import)."""

    def __init__(self, job: ImportJob, *, workspace_id: int) -> None:
        self.job = job
        self.contacts = Contact.objects.filter(workspace_id=workspace_id).exclude(
            email=""
        )

    def taken(self, emails: Iterable[str]) -> dict[str, int]:
        """{email: the row that took it} for those of `emails` already met."""
        emails = list(emails)
        # Lower("email") is what the workspace's unique index holds, so this
        # reads that index.
        taken = dict.fromkeys(
            self.contacts.annotate(lowered=Lower("email"))
            .filter(lowered__in=emails)
            .values_list("lowered", flat=True),
            EXISTING,
        )
        taken |= dict(
            ImportedEmail.objects.filter(job=self.job, email__in=emails).values_list(
                "email", "row_number"
            )
        )
        return taken

    def add(self, first_rows: Mapping[str, int]) -> None:
        """Record new emails with the row that took each."""
        ImportedEmail.objects.bulk_create(
            ImportedEmail(job=self.job, email=email, row_number=row)
            for email, row in first_rows.items()
        )

    def forget(self) -> None:
        """Once the job is over: the emails are the contacts' business again."""
        ImportedEmail.objects.filter(job=self.job).delete()
