"""Emails of the accounts app: one function per email, sent through a task."""

from django.template.loader import render_to_string

from accounts.models import TeamInvite
from core.tasks import enqueue_after_commit, send_email


def queue_email(*, to: str, template: str, context: dict) -> None:
    """Render `emails/<template>_subject.txt`, `_body.txt` and `_body.html` now,
    send them from the task worker once the transaction commits."""
    subject = render_to_string(f"emails/{template}_subject.txt", context)
    enqueue_after_commit(
        send_email,
        to=[to],
        subject=" ".join(subject.split()),
        body=render_to_string(f"emails/{template}_body.txt", context),
        html=render_to_string(f"emails/{template}_body.html", context),
    )


def send_team_invite(*, invite: TeamInvite, accept_url: str) -> None:
    queue_email(
        to=invite.email,
        template="team_invite",
        context={"invite": invite, "accept_url": accept_url},
    )
