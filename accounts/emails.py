"""Emails of the accounts app: one function per email, sent through a task."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

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


def site_url(path: str) -> str:
    """An absolute link for an email: always on SITE_URL, never on the Host a
    request named (which anyone can set)."""
    return settings.SITE_URL + path


def send_team_invite(*, invite: TeamInvite, raw_token: str) -> None:
    accept_url = site_url(reverse("accounts:invite_accept", args=[raw_token]))
    queue_email(
        to=invite.email,
        template="team_invite",
        context={"invite": invite, "accept_url": accept_url},
    )
