"""Writes that span models in the accounts app."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from accounts import emails, tokens
from accounts.models import Membership, TeamInvite, User, Workspace
from core import outbox, ratelimit
from core.models import OutboundEmail

SIGNUP_SALT = "accounts.signup"
# Emails telling an address's owner that someone tried to sign up with it.
NOTICES_PER_ADDRESS = 3


class InviteUnusable(Exception):
    """The invite link is unknown, expired or already used (all look the same)."""


class InviteForAnotherAddress(Exception):
    """The invite was sent to an address other than the account's: a forwarded or
    leaked link must not let someone else into the workspace."""


class SignupLinkUnusable(Exception):
    """The signup link is garbled, expired, used, or replaced by a later signup."""


@dataclass(frozen=True)
class Signup:
    """What a signup link carries besides the account: the practice's name and
    where to go afterwards."""

    user: User
    workspace_name: str
    next_url: str


def request_signup(
    *, email: str, password: str, name: str, workspace_name: str, next_url: str = ""
) -> None:
    """Email a link that finishes the signup, or, when the address already has
    an account, tell its owner how to log in. The caller's page says the same
    either way.

    The account waits inactive until the link is used with its password. A
    later signup of the same unconfirmed address replaces the earlier one (the
    earlier link stops working), so nobody can hold an address they cannot
    read; needing the password at the link means that whoever signed up last
    cannot take over an account the address's owner confirms.
    """
    email = email.lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and (user.is_active or user.last_login is not None):
        make_password(password)  # The same work as a new signup, for timing.
        if not ratelimit.is_limited(
            f"signup:notice:{tokens.hash_token(email)}",
            limit=NOTICES_PER_ADDRESS,
            window_seconds=3600,
        ):
            emails.send_signup_existing(user=user)
        return
    user = user or User(email=email)
    user.name, user.is_active = name, False
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        return  # A signup of the same address at the same moment won; it emails.
    link = signing.dumps(
        {
            "user": user.pk,
            "token": default_token_generator.make_token(user),
            "workspace": workspace_name,
            "next": next_url,
        },
        salt=SIGNUP_SALT,
        compress=True,
    )
    emails.send_signup_confirm(user=user, link_token=link)


def find_signup(link_token: str) -> Signup:
    try:
        data = signing.loads(
            link_token, salt=SIGNUP_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT
        )
    except signing.BadSignature as error:
        raise SignupLinkUnusable from error
    user = User.objects.filter(pk=data["user"], is_active=False).first()
    # The token covers the password hash and last login: a later signup or the
    # first login makes it stale.
    if user is None or not default_token_generator.check_token(user, data["token"]):
        raise SignupLinkUnusable
    return Signup(user=user, workspace_name=data["workspace"], next_url=data["next"])


def confirm_signup(*, signup: Signup) -> User:
    """Activate the account and give it its workspace, once (the row lock makes
    a double submit activate once). In the request's transaction."""
    user = User.objects.select_for_update().get(pk=signup.user.pk)
    if user.is_active:
        raise SignupLinkUnusable
    user.is_active = True
    user.save(update_fields=["is_active"])
    create_workspace(owner=user, name=signup.workspace_name)
    return user


def create_workspace(*, owner: User, name: str) -> Workspace:
    workspace = Workspace.objects.create(name=name, slug=unique_slug(name))
    Membership.objects.create(
        workspace=workspace, user=owner, role=Membership.Role.OWNER
    )
    return workspace


def unique_slug(name: str) -> str:
    base = slugify(name)[:48] or "practice"
    slug = base
    while Workspace.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(6, 'abcdefghijkmnpqrstuvwxyz23456789')}"
    return slug


def invite_teammate(
    *,
    workspace: Workspace,
    email: str,
    invited_by: User,
) -> TeamInvite:
    """Create an invite and email its single-use link (the raw token is never
    stored)."""
    raw, token_hash = tokens.new_token()
    invite = TeamInvite.objects.create(
        workspace=workspace,
        email=email.lower(),
        token_hash=token_hash,
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.TEAM_INVITE_DAYS),
    )
    emails.send_team_invite(invite=invite, raw_token=raw)
    return invite


def invite_emails(invites: list[TeamInvite]) -> dict[int, OutboundEmail]:
    """{invite id: its latest email}, to show whether it was delivered."""
    return OutboundEmail.objects.latest_about(
        TeamInvite, [invite.pk for invite in invites], kind=emails.TEAM_INVITE
    )


def resend_invite(*, invite: TeamInvite) -> bool:
    """Queue the invite's failed email again; False when it has not failed."""
    failed = OutboundEmail.objects.about(invite).filter(kind=emails.TEAM_INVITE)
    return outbox.send_again(failed) > 0


def find_usable_invite(raw_token: str) -> TeamInvite:
    invite = (
        TeamInvite.objects.pending()
        .select_related("workspace")
        .filter(token_hash=tokens.hash_token(raw_token))
        .first()
    )
    if invite is None:
        raise InviteUnusable
    return invite


def is_invited(invite: TeamInvite, user: User) -> bool:
    return user.email.lower() == invite.email.lower()


def accept_invite(*, raw_token: str, user: User) -> Membership:
    """Spend the invite and add the user to its workspace, once.

    The row lock makes two simultaneous accepts of one link join only once. Only
    the account of the invited address may accept.
    """
    invite = find_usable_invite(raw_token)
    if not is_invited(invite, user):
        raise InviteForAnotherAddress
    invite = TeamInvite.objects.select_for_update().get(pk=invite.pk)
    if not invite.is_usable:
        raise InviteUnusable
    invite.accepted_at = timezone.now()
    invite.save(update_fields=["accepted_at"])
    membership, _ = Membership.objects.get_or_create(
        workspace=invite.workspace, user=user, defaults={"role": invite.role}
    )
    return membership
