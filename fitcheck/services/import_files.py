"""Uploaded contact files are personal data: they are deleted once they have served.

An import keeps its outcome (counts, rejected rows, the columns chosen) for the
record; the file itself goes `IMPORT_FILES_KEPT` after its upload, whether it was
imported, failed or never confirmed. `manage.py upkeep` runs this.
"""

from datetime import timedelta

from django.utils import timezone

from fitcheck.models import ContactImport

IMPORT_FILES_KEPT = timedelta(days=7)


def delete_old_import_files(*, older_than: timedelta = IMPORT_FILES_KEPT) -> int:
    """Delete the files uploaded before `older_than` ago; return how many.

    The file goes first, then the row forgets it: a run stopped in between
    leaves a row naming a missing file, which the next run clears (deleting a
    missing file is a no-op); until then its import page answers 404, as for
    any unreadable file.
    """
    old = ContactImport.objects.with_file_uploaded_before(timezone.now() - older_than)
    deleted = 0
    # A list, not .iterator(): outside a transaction Django would read through a
    # cursor declared WITH HOLD, which PgBouncer's transaction pooling loses
    # between the updates below. A week's uploads are few.
    for contact_import in list(old.only("pk", "file")):
        contact_import.file.delete(save=False)
        ContactImport.objects.filter(pk=contact_import.pk).update(file="")
        deleted += 1
    return deleted
