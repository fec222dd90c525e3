"""Writes that span models in the accounts app."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from accounts import emails, tokens
from accounts.models import Membership, TeamInvite, User, Workspace


class InviteUnusable(Exception):
    """The invite link is unknown, expired or already used (all look the same)."""


def sign_up(*, email: str, password: str, name: str, workspace_name: str) -> User:
    user = User.objects.create_user(email=email, password=password, name=name)
    create_workspace(owner=user, name=workspace_name)
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
    accept_url: Callable[[str], str],
) -> TeamInvite:
    """Create an invite and email its single-use link; `accept_url` turns the raw
    token into an absolute URL (the raw token is never stored)."""
    raw, token_hash = tokens.new_token()
    invite = TeamInvite.objects.create(
        workspace=workspace,
        email=email.lower(),
        token_hash=token_hash,
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.TEAM_INVITE_DAYS),
    )
    emails.send_team_invite(invite=invite, accept_url=accept_url(raw))
    return invite


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


def accept_invite(*, raw_token: str, user: User) -> Membership:
    """Spend the invite and add the user to its workspace, once.

    The row lock makes two simultaneous accepts of one link join only once.
    """
    invite = find_usable_invite(raw_token)
    invite = TeamInvite.objects.select_for_update().get(pk=invite.pk)
    if not invite.is_usable:
        raise InviteUnusable
    invite.accepted_at = timezone.now()
    invite.save(update_fields=["accepted_at"])
    membership, _ = Membership.objects.get_or_create(
        workspace=invite.workspace, user=user, defaults={"role": invite.role}
    )
    return membership
