"""Emails of the accounts app: one function per email, sent through the outbox
(core/outbox.py), which retries them and records a failure where it is shown."""

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import TeamInvite, User
from core import outbox

TEAM_INVITE = "team_invite"
SIGNUP_CONFIRM = "signup_confirm"
SIGNUP_EXISTING = "signup_existing"
PASSWORD_RESET = "password_reset"  # noqa: S105 (a kind of email)


def queue_email(
    *,
    kind: str,
    to: str,
    template: str,
    context: dict,
    about: models.Model | None = None,
    html: bool = True,
) -> None:
    """Render `emails/<template>_subject.txt`, `_body.txt` (and `_body.html`)
    now; the worker sends them once the transaction commits."""
    subject = render_to_string(f"emails/{template}_subject.txt", context)
    outbox.queue_email(
        kind=kind,
        to=[to],
        subject=" ".join(subject.split()),
        body=render_to_string(f"emails/{template}_body.txt", context),
        html=render_to_string(f"emails/{template}_body.html", context) if html else "",
        about=about,
    )


def site_url(path: str) -> str:
    """An absolute link for an email: always on SITE_URL, never on the Host a
    request named (which anyone can set)."""
    return settings.SITE_URL + path


def send_team_invite(*, invite: TeamInvite, raw_token: str) -> None:
    accept_url = site_url(reverse("accounts:invite_accept", args=[raw_token]))
    queue_email(
        kind=TEAM_INVITE,
        to=invite.email,
        template="team_invite",
        context={"invite": invite, "accept_url": accept_url},
        about=invite,
    )


def send_password_reset(*, user: User, context: dict) -> None:
    """Django's reset email, with its link on SITE_URL (Django's context builds
    it from the request's Host)."""
    reset_url = site_url(
        reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
    )
    queue_email(
        kind=PASSWORD_RESET,
        to=user.email,
        template="password_reset",
        context={**context, "reset_url": reset_url},
        about=user,
        html=False,
    )


def send_signup_confirm(*, user: User, link_token: str) -> None:
    confirm_url = site_url(reverse("accounts:signup_confirm", args=[link_token]))
    queue_email(
        kind=SIGNUP_CONFIRM,
        to=user.email,
        template="signup_confirm",
        context={"user": user, "confirm_url": confirm_url},
        about=user,
    )


def send_signup_existing(*, user: User) -> None:
    """Someone signed up with an address that has an account: tell its owner,
    who may have forgotten (the signup page says nothing either way)."""
    queue_email(
        kind=SIGNUP_EXISTING,
        to=user.email,
        template="signup_existing",
        context={
            "user": user,
            "login_url": site_url(reverse("accounts:login")),
            "reset_url": site_url(reverse("accounts:password_reset")),
        },
        about=user,
    )
