"""Emails of the fit check: one function per email, sent through a task."""

from django.conf import settings
from django.template.loader import render_to_string

from accounts.models import Membership, User
from core import outbox
from fitcheck.models import FitScore, IntakePage

INTAKE_RECEIVED = "intake_received"

# What the prospect saw, in the practitioner's terms (keys are intake outcomes).
OUTCOME_SHOWN = {
    "good": "your good-fit message and booking link",
    "weak": "a note that you will read their answers and reply personally",
    "unsure": "a note that you will be in touch, since their answers leave too "
    "much open (it is on your follow-up list, with what to ask)",
    "poor": "your poor-fit message and your referrals",
}


def send_intake_received(
    *, page_id: int, contact_id: int, outcome: str, message: str
) -> None:
    """Tell the workspace's owners, in one email, that a prospect answered the
    intake; replying goes straight to the prospect. Queued in the outbox, which
    retries it; the contact's page shows when it failed. Runs in the worker (see
    `tasks.intake_received`), so the prospect's request neither looks the
    owners up nor renders the email. The score is read as it stands now, an
    admin's band override included."""
    page = IntakePage.objects.select_related("persona").get(pk=page_id)
    fit = (
        FitScore.objects.select_related("contact", "persona")
        .filter(contact_id=contact_id, persona_id=page.persona_id)
        .first()
    )
    owners = list(
        User.objects.filter(
            is_active=True,
            memberships__workspace_id=page.workspace_id,
            memberships__role=Membership.Role.OWNER,
        )
        .order_by("pk")
        .values_list("email", flat=True)
    )
    if fit is None or not owners:  # Deleted meanwhile, or nobody to tell.
        return
    contact = fit.contact
    context = {
        "page": page,
        "contact": contact,
        "fit": fit,
        "outcome": outcome,
        "shown": OUTCOME_SHOWN[outcome],
        "message": message,
        "contact_url": f"{settings.SITE_URL}{contact.get_absolute_url()}",
    }
    subject = render_to_string("emails/intake_received_subject.txt", context)
    outbox.queue_email(
        kind=INTAKE_RECEIVED,
        to=owners,
        subject=" ".join(subject.split()),
        body=render_to_string("emails/intake_received_body.txt", context),
        html=render_to_string("emails/intake_received_body.html", context),
        reply_to=[contact.email],
        about=contact,
    )
