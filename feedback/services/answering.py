"""Answering: the links emailed to contacts, opening them, and storing a response."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import tokens
from feedback.models import (
    Answer,
    Invitation,
    InvitationToken,
    Question,
    Response,
    Survey,
)


class AlreadyAnswered(Exception):
    pass


def new_link_token(invitation: Invitation) -> str:
    raw, token_hash = tokens.new_token()
    InvitationToken.objects.create(invitation=invitation, token_hash=token_hash)
    return raw


def new_link_tokens(invitations: list[Invitation]) -> dict[int, str]:
    """A new link for each invitation, stored in one statement: the raw tokens,
    by invitation id, exist only in memory (for the emails)."""
    raw_by_invitation, stored = {}, []
    for invitation in invitations:
        raw, token_hash = tokens.new_token()
        raw_by_invitation[invitation.pk] = raw
        stored.append(InvitationToken(invitation=invitation, token_hash=token_hash))
    InvitationToken.objects.bulk_create(stored)
    return raw_by_invitation


def invitation_for_token(
    raw: str, *, include_expired: bool = False
) -> Invitation | None:
    """The invitation a link belongs to, or None. Unknown and expired links look
    the same to the caller. Unsubscribing passes `include_expired`: an opt-out
    link must keep working after the survey link has expired."""
    token = (
        # The answer pages need the survey and its workspace, never the contact
        # (only unsubscribing reads it, rarely): one join fewer on a hot path.
        InvitationToken.objects.select_related("invitation__survey__workspace")
        .filter(token_hash=tokens.hash_token(raw))
        .first()
    )
    if token is None:
        return None
    if not include_expired and token.invitation.expires_at <= timezone.now():
        return None
    return token.invitation


def mark_opened(invitation: Invitation) -> None:
    """Opening never spends the link (mail scanners open links too)."""
    Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.SENT).update(
        status=Invitation.Status.OPENED, opened_at=timezone.now()
    )


@transaction.atomic
def submit_response(
    *, survey: Survey, answers: dict[Question, dict], invitation: Invitation | None
) -> Response:
    """Store a response and all its answers at once. For an invitation, the row
    lock plus the one-response-per-invitation constraint mean double clicks and
    concurrent submits store exactly one response; the others raise
    AlreadyAnswered."""
    now = timezone.now()
    if invitation is not None:
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status == Invitation.Status.ANSWERED:
            raise AlreadyAnswered
        Invitation.objects.filter(pk=locked.pk).update(
            status=Invitation.Status.ANSWERED, answered_at=now
        )
    response = _new_response(survey, invitation, now)
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=question, **values)
            for question, values in answers.items()
        ]
    )
    return response


def _new_response(survey: Survey, invitation: Invitation | None, now) -> Response:
    if survey.anonymous or invitation is None:
        # Keep the day only, so the time cannot be matched to an invitation.
        day = now.replace(hour=12, minute=0, second=0, microsecond=0)
        return Response.objects.create(survey=survey, submitted_at=day)
    try:
        with transaction.atomic():
            return Response.objects.create(
                survey=survey,
                invitation=invitation,
                contact_id=invitation.contact_id,
                submitted_at=now,
            )
    except IntegrityError as error:
        raise AlreadyAnswered from error
