"""A prospect's submission of the public intake: the contact it creates or
updates, its score, and what the prospect is told (the form: intake_form.py)."""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone

from core import outbox
from core.models import OutboundEmail
from core.tasks import enqueue_after_commit
from fitcheck import emails, intake_queries, tasks
from fitcheck.intake_form import FACTS, IntakeForm
from fitcheck.models import Band, Contact, FitScore, IntakePage
from fitcheck.services import scores


class Outcome(StrEnum):
    """What the prospect is shown; never the score itself."""

    GOOD = "good"
    WEAK = "weak"
    POOR = "poor"


def outcome_for(*, band: str, knocked_out: bool) -> Outcome:
    """A good fit gets the next step, a poor fit kind referrals; a weak fit (or
    too little known to say) is left to the practitioner's own reading."""
    if knocked_out or band == Band.NOT_A_FIT:
        return Outcome.POOR
    if band in (Band.IDEAL, Band.GOOD):
        return Outcome.GOOD
    return Outcome.WEAK


def submit_intake(
    *,
    page: IntakePage,
    cleaned_data: Mapping[str, Any],
    form_class: type[IntakeForm],
) -> tuple[Contact, FitScore]:
    """Create or update the contact (matched on email within the workspace), score
    it against the page's persona, and once that is stored have the worker score
    it against the workspace's other personas and email the owners.

    `form_class` is the page's form (see intake_form_for): it carries the
    applied rubric its questions come from, which the answers are scored by.
    A new prospect (the usual case) is stored by one statement; a known one in a
    transaction of two.
    """
    contact = _new_contact(page, cleaned_data)
    fit = _score(form_class, contact)
    if not intake_queries.add_new_contact(contact, fit):
        contact, fit = _update_known_contact(page, cleaned_data, form_class)
    enqueue_after_commit(
        tasks.intake_received,
        page_id=page.pk,
        persona_id=page.persona_id,
        contact_id=contact.pk,
        outcome=outcome_for(band=fit.effective_band, knocked_out=fit.knocked_out),
        message=cleaned_data.get("message", ""),
    )
    return contact, fit


@transaction.atomic
def _update_known_contact(
    page: IntakePage, data: Mapping[str, Any], form_class: type[IntakeForm]
) -> tuple[Contact, FitScore]:
    """The answers merged into the known contact (see
    intake_queries.save_contact), which is then scored as it now stands: with
    the facts it kept, its red flags among them. Its stored score may carry an
    admin's band override, which comes back with it."""
    contact = intake_queries.save_contact(_new_contact(page, data), merged=FACTS)
    fit = _score(form_class, contact)
    intake_queries.save_score(fit, replaced=tuple(scores.SCORE_FIELDS))
    return contact, fit


def _score(form_class: type[IntakeForm], contact: Contact) -> FitScore:
    """The contact's score against the form's rubric, not stored yet."""
    return scores.fit_score_row(form_class.rubric, form_class.scoring_rubric, contact)


def _new_contact(page: IntakePage, data: Mapping[str, Any]) -> Contact:
    """Unsaved: the answers as a new prospect's contact would hold them."""
    contact = Contact(
        workspace_id=page.workspace_id,
        name=data["name"],
        email=data["email"],
        stage=Contact.Stage.PROSPECT,
        source=Contact.Source.INTAKE,
    )
    _apply_answers(contact, data)
    return contact


def _apply_answers(contact: Contact, data: Mapping[str, Any]) -> None:
    """Answered facts replace what was known; unanswered ones leave it as it was.
    The message is added to the notes. A known contact merges these into its row
    and keeps its name, stage, source and red flags (intake_queries)."""
    for fact in FACTS:
        value = data.get(fact)
        if value is not None and value != "" and value != []:
            setattr(contact, fact, value)
    message = (data.get("message") or "").strip()
    if message:
        date = timezone.localdate()
        contact.notes = f"Message from the fit intake ({date:%d %b %Y}):\n{message}"


def latest_notice(contact: Contact) -> OutboundEmail | None:
    """The latest email that told the owners about this contact's intake."""
    notices = OutboundEmail.objects.about(contact).filter(kind=emails.INTAKE_RECEIVED)
    return notices.defer("body", "html").first()


def resend_notice(*, contact: Contact) -> bool:
    """Queue the failed emails about the contact's intake again; False when
    none has failed."""
    notices = OutboundEmail.objects.about(contact).filter(kind=emails.INTAKE_RECEIVED)
    return outbox.send_again(notices) > 0
