"""A prospect's submission of the public intake: the contact it creates or
updates, its score, and what the prospect is told (the form: intake_form.py)."""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core import outbox
from core.models import OutboundEmail
from core.tasks import enqueue_after_commit
from fitcheck import emails, tasks
from fitcheck.intake_form import Answers, IntakeForm
from fitcheck.intake_text import unique_items
from fitcheck.models import Band, Contact, FitScore, FollowUp, IntakePage
from fitcheck.services import scores


class Outcome(StrEnum):
    """What the prospect is shown; never the score itself."""

    GOOD = "good"
    WEAK = "weak"
    UNSURE = "unsure"
    POOR = "poor"


# What the practitioner's follow-up says, for the outcomes that promise a reply.
FOLLOW_UP_REASONS = {
    Outcome.UNSURE: "Answered the intake: too little known to say. We told them "
    "we would be in touch.",
    Outcome.WEAK: "Answered the intake: a weak fit. We told them you would reply "
    "personally.",
}


def outcome_for(*, band: str, knocked_out: bool) -> Outcome:
    """A good fit gets the next step, a poor fit kind referrals. A weak fit is
    left to the practitioner's own reading, and a prospect whose answers leave
    the band open ("Needs information") hears that someone will be in touch:
    both promise a reply, which the practitioner gets a follow-up for."""
    if knocked_out or band == Band.NOT_A_FIT:
        return Outcome.POOR
    if band in (Band.IDEAL, Band.GOOD):
        return Outcome.GOOD
    if band == Band.NEEDS_INFORMATION:
        return Outcome.UNSURE
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
    """
    contact = _new_contact(page, cleaned_data)
    if _inserted(contact):
        fit = _score(form_class, contact)
        fit.save()
    else:
        contact = _update_known_contact(page, cleaned_data, contact)
        fit = _save_score(_score(form_class, contact))
    outcome = outcome_for(band=fit.effective_band, knocked_out=fit.knocked_out)
    if outcome in FOLLOW_UP_REASONS:
        _follow_up(contact, outcome, fit.ask_about)
    enqueue_after_commit(
        tasks.intake_received,
        page_id=page.pk,
        persona_id=page.persona_id,
        contact_id=contact.pk,
        outcome=outcome,
        message=cleaned_data.get("message", ""),
    )
    return contact, fit


def _follow_up(contact: Contact, outcome: Outcome, ask_about: list[str]) -> None:
    """The practitioner's reminder to reply, with what to ask; a prospect who
    answers again updates their open one (followup_one_open_per_contact)."""
    values = {"reason": FOLLOW_UP_REASONS[outcome], "ask_about": list(ask_about)}
    updated = FollowUp.objects.open().filter(contact=contact).update(**values)
    if not updated:
        FollowUp.objects.create(
            workspace_id=contact.workspace_id, contact=contact, **values
        )


def _inserted(contact: Contact) -> bool:
    """Insert the new `contact`, unless its workspace has a contact with this
    email whatever the case. Answers with one email at once queue on the entry
    of the unique index (contact_email_unique_per_workspace), and all but the
    first then find the email taken."""
    try:
        # A savepoint: the refused insert must not spoil the request's transaction.
        with transaction.atomic():
            contact.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def _update_known_contact(
    page: IntakePage, data: Mapping[str, Any], new: Contact
) -> Contact:
    """The answers merged into the workspace's contact with `new`'s email,
    locked, so that answers at once each add theirs. The contact keeps its name,
    stage, source and red flags (answers that count against add to them). Made
    anew if it was deleted meanwhile."""
    known = (
        Contact.objects.select_for_update()
        .filter(workspace_id=page.workspace_id)
        .with_email(new.email)
        .first()
    )
    if known is None:
        new.save(force_insert=True)
        return new
    _apply_answers(known, data)
    known.save(update_fields=[*Contact.FACTS, "notes", "updated_at"])
    return known


def _save_score(fit: FitScore) -> FitScore:
    """Store `fit` over the contact's score against its persona, if it has one.
    That one may carry an admin's band override, which comes back with it."""
    attnames = [FitScore._meta.get_field(n).attname for n in scores.SCORE_FIELDS]
    scored = {name: getattr(fit, name) for name in attnames}
    stored, _ = FitScore.objects.update_or_create(
        contact_id=fit.contact_id, persona_id=fit.persona_id, defaults=scored
    )
    return stored


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
    Answers that count against join the red flags; the answers to the
    practitioner's own questions and the message are added to the notes."""
    answers: Answers = data["answers"]
    for fact, value in answers.facts.items():
        if value is not None and value != "" and value != []:
            setattr(contact, fact, value)
    if answers.red_flags:
        contact.red_flags = unique_items([*contact.red_flags, *answers.red_flags])
    lines = [f"{question}\n{answer}" for question, answer in answers.asked]
    message = (data.get("message") or "").strip()
    if message:
        lines.append(f"Message:\n{message}")
    if lines:
        date = timezone.localdate()
        note = f"From the fit intake ({date:%d %b %Y}):\n\n" + "\n\n".join(lines)
        contact.notes = f"{contact.notes}\n\n{note}" if contact.notes else note


def latest_notice(contact: Contact) -> OutboundEmail | None:
    """The latest email that told the owners about this contact's intake."""
    notices = OutboundEmail.objects.about(contact).filter(kind=emails.INTAKE_RECEIVED)
    return notices.defer("body", "html").first()


def resend_notice(*, contact: Contact) -> bool:
    """Queue the failed emails about the contact's intake again; False when
    none has failed."""
    notices = OutboundEmail.objects.about(contact).filter(kind=emails.INTAKE_RECEIVED)
    return outbox.send_again(notices) > 0


def mark_follow_up_done(*, follow_up: FollowUp, user: User) -> bool:
    """Mark the follow-up done; False when it already was (another tab, a
    teammate)."""
    return bool(
        FollowUp.objects.open()
        .filter(pk=follow_up.pk)
        .update(done_at=timezone.now(), done_by=user)
    )
