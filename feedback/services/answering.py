"""Answering: the links emailed to contacts, opening them, and storing a response."""

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts import tokens
from feedback import queries
from feedback.models import (
    Answer,
    Invitation,
    InvitationToken,
    Question,
    Response,
    Survey,
)

# How long a process keeps a survey version's questions and pages (see
# views/public.py); a change moves the survey's stamp on, so this only bounds the
# memory kept for surveys nobody answers any more.
QUESTIONS_KEPT_SECONDS = 24 * 60 * 60


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
    invitation = queries.invitation_by_token_hash(tokens.hash_token(raw))
    return _unexpired(invitation) if not include_expired else invitation


def open_link(raw: str) -> Invitation | None:
    """`invitation_for_token` for a client opening the link, recording the first
    opening of a sent link. Opening never spends the link (mail scanners open
    links too). The invitation comes back as it was read."""
    now = timezone.now()
    invitation = _unexpired(
        queries.invitation_by_token_hash(tokens.hash_token(raw)), now
    )
    if invitation is not None and invitation.status == Invitation.Status.SENT:
        # Conditional, so that of two first openings at once one is recorded.
        Invitation.objects.filter(
            pk=invitation.pk, status=Invitation.Status.SENT
        ).update(status=Invitation.Status.OPENED, opened_at=now)
    return invitation


def _unexpired(invitation: Invitation | None, now=None) -> Invitation | None:
    if invitation is None or invitation.expires_at <= (now or timezone.now()):
        return None
    return invitation


def survey_questions(survey: Survey) -> list[Question]:
    """The survey's questions in order, kept in memory under the survey's
    `updated_at`, which every change to them moves on (see `building`): a
    survey being answered has its questions fixed, and each link opened or
    answered would otherwise read them again."""
    key = f"survey-questions:{survey.pk}:{survey.updated_at.timestamp()}"
    questions = cache.get(key)
    if questions is None:
        questions = list(survey.questions.all())
        cache.set(key, questions, QUESTIONS_KEPT_SECONDS)
    return questions


def submit_response(
    *, survey: Survey, answers: dict[Question, dict], invitation: Invitation | None
) -> Response:
    """Store a response and all its answers. An invitation is claimed first, by
    a conditional update: concurrent submits of one link queue on its row lock,
    and all but the first then find it answered and raise AlreadyAnswered, so
    double clicks and racing tabs store exactly one response. The claim also
    refuses an invitation that already has its response (say one set back by
    hand to "sent" while its response is kept), so the insert never meets the
    one-response-per-invitation constraint and needs no savepoint: two round
    trips fewer on every answer. An anonymous survey's response keeps the day
    only, so its time cannot be matched to an invitation, and no link to the
    invitation or the contact."""
    now = timezone.now()
    anonymous = survey.anonymous or invitation is None
    day = now.replace(hour=12, minute=0, second=0, microsecond=0)
    submitted_at = day if anonymous else now
    if invitation is None:
        return _store_response(survey, answers, submitted_at=submitted_at)
    answered = Response.objects.filter(invitation=OuterRef("pk"))
    claimed = (
        Invitation.objects.filter(pk=invitation.pk)
        .exclude(status=Invitation.Status.ANSWERED)
        .exclude(Exists(answered))
        .update(status=Invitation.Status.ANSWERED, answered_at=now)
    )
    if not claimed:
        raise AlreadyAnswered
    link = (
        {}
        if anonymous
        else {"invitation": invitation, "contact_id": invitation.contact_id}
    )
    return _store_response(survey, answers, submitted_at=submitted_at, **link)


def _store_response(
    survey: Survey, answers: dict[Question, dict], **fields
) -> Response:
    response = Response.objects.create(survey=survey, **fields)
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=question, **values)
            for question, values in answers.items()
        ]
    )
    return response
