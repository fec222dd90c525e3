"""Emails of the fit check: one function per email, sent through a task."""

from django.conf import settings
from django.template.loader import render_to_string

from accounts.models import Membership, User
from accounts.tasks import enqueue_after_commit, send_email
from fitcheck.models import Contact, FitScore, IntakePage

# What the prospect saw, in the practitioner's terms (keys are intake outcomes).
OUTCOME_SHOWN = {
    "good": "your good-fit message and booking link",
    "weak": "a note that you will read their answers and reply personally",
    "poor": "your poor-fit message and your referrals",
}


def send_intake_received(
    *,
    page: IntakePage,
    contact: Contact,
    fit: FitScore,
    outcome: str,
    message: str,
) -> None:
    """Tell the workspace's owners, in one email, that a prospect answered the
    intake; replying goes straight to the prospect."""
    owners = list(
        User.objects.filter(
            is_active=True,
            memberships__workspace_id=page.workspace_id,
            memberships__role=Membership.Role.OWNER,
        )
        .order_by("pk")
        .values_list("email", flat=True)
    )
    if not owners:
        return
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
    enqueue_after_commit(
        send_email,
        to=owners,
        subject=" ".join(subject.split()),
        body=render_to_string("emails/intake_received_body.txt", context),
        html=render_to_string("emails/intake_received_body.html", context),
        headers={"Reply-To": contact.email},
    )
