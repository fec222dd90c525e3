"""The emails an import has met, kept by PostgreSQL rather than in the worker.

Emails are unique in a workspace, so an import rejects a row whose email is
already a contact's, or an earlier row's ("Same email as row 12"). It used to
keep every email it met in a Python dict: at a million rows that dict alone was
over 150 MiB, and the worker's memory grew with the file. `SeenEmails` keeps
them in a temporary table instead, with the row that took each (0 for the
contacts there before), and the import asks it about a batch of rows at a time,
so the worker's memory stays the same whatever the file's length.

The table lives inside the import's transaction and is dropped at its end (or
with its rollback): nothing outlives the transaction, so this works through
PgBouncer in transaction pooling mode. The ORM has no way to say a temporary
table, hence the SQL.
"""

from collections.abc import Iterable, Mapping

from django.db import connection

TABLE = "fitcheck_import_seen_email"


class SeenEmails:
    """Lowercased emails and the file row that took each (0: an existing contact)."""

    def __init__(self, workspace_id: int) -> None:
        """Create the table with the workspace's existing emails. Call it inside
        the import's transaction, and `drop()` before that ends."""
        if not connection.in_atomic_block:
            raise RuntimeError("SeenEmails lives in the import's transaction.")
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {TABLE} "
                "(email text PRIMARY KEY, row_number integer NOT NULL) ON COMMIT DROP"
            )
            cursor.execute(
                f"INSERT INTO {TABLE} (email, row_number) "  # noqa: S608 (a constant)
                "SELECT DISTINCT lower(email), 0 FROM fitcheck_contact "
                "WHERE workspace_id = %s AND email <> ''",
                [workspace_id],
            )
            # A temporary table has no statistics until analysed: without them
            # the lookups below may read the whole table for each batch.
            cursor.execute(f"ANALYZE {TABLE}")

    def taken(self, emails: Iterable[str]) -> dict[str, int]:
        """{email: the row that took it} for those of `emails` already met."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT email, row_number FROM {TABLE} WHERE email = ANY(%s)",  # noqa: S608
                [list(emails)],
            )
            return dict(cursor.fetchall())

    def add(self, first_rows: Mapping[str, int]) -> None:
        """Record new emails with the row that took each."""
        if not first_rows:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} (email, row_number) "  # noqa: S608
                "SELECT * FROM unnest(%s::text[], %s::integer[])",
                [list(first_rows), list(first_rows.values())],
            )

    def drop(self) -> None:
        """Drop the table before the transaction ends, so a second import in the
        same transaction (a test) can make its own."""
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {TABLE}")
