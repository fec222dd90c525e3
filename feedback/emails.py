"""Emails of the feedback app: one function per email.

A survey email comes from the practice: its display name is the workspace's
name, its address the site's sending address (DEFAULT_FROM_EMAIL's, the one
the mail server may send from), and replies go to the workspace's owner. The
message after the greeting is the practitioner's own text for the survey, or
the wording below; it is escaped in the HTML part and left as typed in the text
part.
"""

from datetime import timedelta
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Membership, Workspace
from feedback import names
from feedback.lengths import SurveyLength, survey_length
from feedback.models import DEFAULT_EXPIRY_DAYS, Invitation, Survey
from fitcheck.models import Contact

DEFAULT_INVITATION_TEXT = "{practice} would love to hear how things are going for you."
DEFAULT_REMINDER_TEXT = (
    "A little while ago {practice} asked for your thoughts. If you have a moment, "
    "your answers would still help a lot."
)
# The preview renders the real email around a link that leads nowhere.
PREVIEW_TOKEN = "preview-link"  # noqa: S105 (not a secret)
PREVIEW_CONTACT = {"name": "Sam Sample", "email": "sam@example.com"}


def survey_links(raw_token: str) -> dict[str, str]:
    return {
        "answer_url": settings.SITE_URL + reverse("feedback:answer", args=[raw_token]),
        "unsubscribe_url": settings.SITE_URL
        + reverse("feedback:unsubscribe", args=[raw_token]),
    }


def default_text(workspace: Workspace, *, reminder: bool) -> str:
    text = DEFAULT_REMINDER_TEXT if reminder else DEFAULT_INVITATION_TEXT
    return text.format(practice=workspace.name)


def message_text(survey: Survey, *, reminder: bool) -> str:
    """The practitioner's message for this email, or the default wording."""
    written = survey.reminder_text if reminder else survey.invitation_text
    return written or default_text(survey.workspace, reminder=reminder)


def sender(workspace: Workspace) -> str:
    """The practice's name before the site's sending address."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    # One line: a name typed with a line break must not break the header. Quoted
    # here, encoded by Django when the message is built.
    return str(
        Address(display_name=" ".join(workspace.name.split()), addr_spec=address)
    )


def reply_to_addresses(workspace_ids: list[int]) -> dict[int, str]:
    """{workspace id: its first owner's address}, in one query."""
    owners = (
        Membership.objects.filter(
            workspace_id__in=workspace_ids,
            role=Membership.Role.OWNER,
            user__is_active=True,
        )
        .order_by("workspace_id", "pk")
        .values_list("workspace_id", "user__email")
    )
    addresses: dict[int, str] = {}
    for workspace_id, email in owners:
        addresses.setdefault(workspace_id, email)
    return addresses


def invitation_email(
    *,
    invitation: Invitation,
    raw_token: str,
    reminder: bool,
    length: SurveyLength,
    reply_to: str = "",
) -> EmailMultiAlternatives:
    """The survey invitation (or a reminder), with an unsubscribe link in the
    text and in the List-Unsubscribe headers (one-click, RFC 8058)."""
    links = survey_links(raw_token)
    survey, contact = invitation.survey, invitation.contact
    context = {
        "invitation": invitation,
        "survey": survey,
        "workspace": survey.workspace,
        "greeting": names.greeting(contact.name, contact.email),
        "message": message_text(survey, reminder=reminder),
        "length": length,
        "reminder": reminder,
        **links,
    }
    subject = render_to_string("emails/survey_invitation_subject.txt", context)
    message = EmailMultiAlternatives(
        " ".join(subject.split()),
        render_to_string("emails/survey_invitation_body.txt", context),
        from_email=sender(survey.workspace),
        to=[contact.email],
        reply_to=[reply_to] if reply_to else None,
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("emails/survey_invitation_body.html", context), "text/html"
    )
    return message


def preview(survey: Survey, *, reminder: bool = False) -> dict:
    """The email as a sample person would get it, for a page; nothing is saved.
    `survey` may carry unsaved text (the email settings page previews what
    was typed before it is saved)."""
    invitation = Invitation(
        survey=survey,
        contact=Contact(**PREVIEW_CONTACT),
        expires_at=timezone.now() + timedelta(days=DEFAULT_EXPIRY_DAYS),
    )
    reply_to = reply_to_addresses([survey.workspace_id]).get(survey.workspace_id, "")
    length = survey_length(survey.questions.values_list("kind", flat=True))
    message = invitation_email(
        invitation=invitation,
        raw_token=PREVIEW_TOKEN,
        reminder=reminder,
        length=length,
        reply_to=reply_to,
    )
    return {
        "subject": message.subject,
        "from": message.from_email,
        "reply_to": reply_to,
        # The plain-text part comes from an `autoescape off` template, so Django
        # marks it safe: shown in a page it must be escaped (escape() always does).
        "text": escape(message.body),
        # Rendered with autoescaping on: every text in it was escaped.
        "html": message.alternatives[0].content,
        "headers": message.extra_headers,
    }
