"""Emails of the feedback app: one function per email."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from feedback.models import Invitation


def survey_links(raw_token: str) -> dict[str, str]:
    return {
        "answer_url": settings.SITE_URL + reverse("feedback:answer", args=[raw_token]),
        "unsubscribe_url": settings.SITE_URL
        + reverse("feedback:unsubscribe", args=[raw_token]),
    }


def invitation_email(
    *, invitation: Invitation, raw_token: str, reminder: bool
) -> EmailMultiAlternatives:
    """The survey invitation (or a reminder), with an unsubscribe link in the
    text and in the List-Unsubscribe headers (one-click, RFC 8058)."""
    links = survey_links(raw_token)
    context = {
        "invitation": invitation,
        "survey": invitation.survey,
        "contact": invitation.contact,
        "workspace": invitation.survey.workspace,
        "reminder": reminder,
        **links,
    }
    subject = render_to_string("emails/survey_invitation_subject.txt", context)
    message = EmailMultiAlternatives(
        " ".join(subject.split()),
        render_to_string("emails/survey_invitation_body.txt", context),
        to=[invitation.contact.email],
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("emails/survey_invitation_body.html", context), "text/html"
    )
    return message
