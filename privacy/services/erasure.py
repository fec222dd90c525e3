"""Erasing people: everything a workspace holds about them, in one transaction.

What goes, for each erased contact:
- the contact row (its facts, notes and intake message), its fit scores with
  their breakdowns, the bands kept from when it became a client
  (fitcheck.models.ClientSnapshot), its survey invitations and their link tokens;
- its survey responses. When the practitioner chooses to keep them as anonymous
  figures, the ratings and choices stay, cut from the invitation and the
  contact and dated to the day only, as an anonymous survey stores them; every
  free-text answer goes all the same, since words can name or describe someone,
  and with them every pin of their words to a persona (feedback.PinnedAnswer:
  only text answers are pinned, and a pin goes with its answer);
- its address on the do-not-email list, replaced by a keyed hash
  (fitcheck.models.ErasedAddress), which imports and survey sends check;
- queued and finished background tasks that carry its id or address, the
  outbox's emails to it or about it (waiting, failed or sent), the admin's
  change history of its row, and
  the rows of uploaded contact files that name it (files still kept are
  deleted, rejected rows mentioning it are blanked).

What is kept: one audit event per person, naming the contact only by its former
id, and the counts of what went. A task that is running at that very moment
finishes; its row goes with the finished tasks a week later (privacy/upkeep.py).
"""

import operator
from dataclasses import dataclass
from functools import reduce

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast, Lower, TruncDay
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts.models import Workspace
from audit.models import Action
from audit.services import record_many
from core.models import OutboundEmail
from feedback.models import Answer, Invitation, PinnedAnswer, Suppression
from fitcheck.models import (
    ClientSnapshot,
    Contact,
    ContactImport,
    ErasedAddress,
    FitScore,
)
from fitcheck.models.erased import address_hash
from privacy.person_data import responses_of

# Shorter names would match inside unrelated words.
MIN_NEEDLE = 3
ERASED_REJECTION = "(Removed: the person in this row was erased on request.)"


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing some contacts removes, counted before anything is written."""

    contacts: int
    fit_scores: int
    client_bands: int
    invitations: int
    responses: int
    text_answers: int
    other_answers: int
    pinned_quotes: int = 0

    @property
    def kept_if_chosen(self) -> int:
        return self.other_answers


def plan(*, workspace: Workspace, contact_ids: list[int]) -> ErasurePlan:
    contacts = Contact.objects.for_workspace(workspace).filter(pk__in=contact_ids)
    ids = list(contacts.values_list("pk", flat=True))
    answers = Answer.objects.filter(response__in=responses_of(ids))
    return ErasurePlan(
        contacts=len(ids),
        fit_scores=FitScore.objects.filter(contact_id__in=ids).count(),
        client_bands=ClientSnapshot.objects.filter(contact_id__in=ids).count(),
        invitations=Invitation.objects.filter(contact_id__in=ids).count(),
        responses=responses_of(ids).count(),
        text_answers=answers.exclude(text="").count(),
        other_answers=answers.filter(text="").count(),
        pinned_quotes=PinnedAnswer.objects.filter(answer__in=answers).count(),
    )


@dataclass(frozen=True)
class Erased:
    contacts: int
    responses_deleted: int
    responses_kept: int
    tasks_cancelled: int


@transaction.atomic
def erase_contacts(
    *,
    workspace: Workspace,
    contacts: QuerySet[Contact],
    actor=None,
    keep_answers: bool = False,
    action: Action = Action.ERASED_PERSON,
    note: str = "",
) -> Erased:
    """Erase the contacts of `workspace` among `contacts` (a queryset, checked
    again under a row lock, so a contact that became active since it was chosen
    is left alone) in a fixed number of statements, however many they are."""
    people = list(
        contacts.filter(workspace=workspace)
        .select_for_update(of=("self",))
        .values_list("pk", "email", "name")
    )
    if not people:
        return Erased(0, 0, 0, 0)
    ids = [pk for pk, _, _ in people]
    emails = sorted({email.lower() for _, email, _ in people if email})
    kept, deleted = _erase_responses(ids, keep_answers=keep_answers)
    Invitation.objects.filter(contact_id__in=ids).delete()
    FitScore.objects.filter(contact_id__in=ids).delete()
    ClientSnapshot.objects.filter(contact_id__in=ids).delete()
    _forget_addresses(workspace, emails)
    cancelled = _delete_tasks(ids, emails) + _delete_emails(ids, emails)
    _delete_admin_history(ids)
    _scrub_imports(workspace, emails, [name for _, _, name in people])
    Contact.objects.filter(pk__in=ids).delete()
    detail = _detail(kept=kept, deleted=deleted, keep_answers=keep_answers)
    record_many(
        workspace=workspace,
        actor=actor,
        action=action,
        contact_ids=ids,
        detail="; ".join(part for part in (note, detail) if part),
    )
    return Erased(len(ids), deleted, kept, cancelled)


def _erase_responses(ids: list[int], *, keep_answers: bool) -> tuple[int, int]:
    responses = responses_of(ids)
    if not keep_answers:
        count = responses.count()
        responses.delete()  # Their answers and the answers' theme tags with them.
        return 0, count
    Answer.objects.filter(response__in=responses).exclude(text="").delete()
    kept = responses.update(
        contact=None, invitation=None, submitted_at=TruncDay("submitted_at")
    )
    return kept, 0


def _forget_addresses(workspace: Workspace, emails: list[str]) -> None:
    """The plain addresses leave the do-not-email list; their hashes join it."""
    if not emails:
        return
    Suppression.objects.filter(workspace=workspace).annotate(
        email_lower=Lower("email")
    ).filter(email_lower__in=emails).delete()
    ErasedAddress.objects.bulk_create(
        [
            ErasedAddress(workspace=workspace, email_hash=address_hash(workspace.pk, e))
            for e in emails
        ],
        ignore_conflicts=True,
    )


def _delete_tasks(ids: list[int], emails: list[str]) -> int:
    """Background tasks holding the contacts' ids or addresses, waiting or done;
    a running one is left to finish (its worker saves its outcome to the row)."""
    mentions = Q(args_kwargs__kwargs__contact_id__in=ids)
    for email in emails:
        mentions |= Q(args_text__icontains=email) | Q(traceback__icontains=email)
    tasks = (
        DBTaskResult.objects.exclude(status=TaskResultStatus.RUNNING)
        .annotate(args_text=Cast("args_kwargs", TextField()))
        .filter(mentions)
    )
    deleted, _ = tasks.delete()
    return deleted


def _delete_emails(ids: list[int], emails: list[str]) -> int:
    """Emails in the outbox, queued, failed or sent (a sent one keeps its
    recipients and subject for a month), that go to the people or are about
    them (the owners' notice of an intake names the prospect)."""
    about_them = Q(
        about_type=ContentType.objects.get_for_model(Contact), about_id__in=ids
    )
    deleted, _ = OutboundEmail.objects.filter(
        about_them | Q(to__overlap=emails)
    ).delete()
    return deleted


def _delete_admin_history(ids: list[int]) -> None:
    """The admin's history names a changed row by its text (a contact's name)."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contact),
        object_id__in=[str(pk) for pk in ids],
    ).delete()


def _scrub_imports(workspace: Workspace, emails: list[str], names: list[str]) -> None:
    """Rejected rows that mention the people are blanked now; uploaded files that
    still hold them are deleted once the erasure is committed (a file cannot be
    put back if the transaction rolls back)."""
    imports = ContactImport.objects.for_workspace(workspace)
    if emails:
        _blank_rejected_rows(imports, emails)
    # A file is matched on names too (a row may have no address): deleting a
    # file that named someone else of the same name only ends its week early.
    needles = [text.lower() for text in (*emails, *names) if len(text) >= MIN_NEEDLE]
    files = list(imports.exclude(file="").only("pk", "file"))
    if files and needles:
        transaction.on_commit(lambda: _delete_files_mentioning(files, needles))


def _blank_rejected_rows(imports, emails: list[str]) -> None:
    """Rejection reasons quote an invalid or duplicate address, never a name."""
    mentioning = imports.annotate(rejected_text=Cast("rejected", TextField())).filter(
        reduce(operator.or_, [Q(rejected_text__icontains=e) for e in emails])
    )
    for contact_import in mentioning.only("pk", "rejected"):
        contact_import.rejected = [
            [row, ERASED_REJECTION if _mentions(reason, emails) else reason]
            for row, reason in contact_import.rejected
        ]
        contact_import.save(update_fields=["rejected"])


def _mentions(text: str, emails: list[str]) -> bool:
    lowered = str(text).lower()
    return any(email in lowered for email in emails)


def _delete_files_mentioning(imports: list[ContactImport], texts: list[str]) -> None:
    needles = [text.encode() for text in texts]
    for contact_import in imports:
        try:
            with contact_import.file.open("rb") as binary:
                content = binary.read().lower()
        except OSError:
            continue  # Already gone.
        if any(needle in content for needle in needles):
            contact_import.file.delete(save=False)
            ContactImport.objects.filter(pk=contact_import.pk).update(file="")


def _detail(*, kept: int, deleted: int, keep_answers: bool) -> str:
    if keep_answers and kept:
        return f"{kept} survey response(s) kept as anonymous figures, free text removed"
    if deleted:
        return f"{deleted} survey response(s) deleted"
    return ""
