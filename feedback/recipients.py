"""Who a send would reach, counted before anything is written: the send page shows
it next to the email preview. The counts follow `services.invite`'s order: no
email address first, then opted out, then already invited. And the contacts a
practitioner picks by name there."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from feedback.models import Invitation, Suppression, Survey
from fitcheck.models import Contact, ErasedAddress

MATCHES_SHOWN = 20
PICKER_FIELDS = ("id", "name", "email", "company", "stage")


def contacts_by_id(workspace, ids: list[int]) -> QuerySet:
    """The workspace's contacts among `ids` (others are silently left out)."""
    contacts = Contact.objects.for_workspace(workspace).filter(pk__in=ids)
    return contacts.only(*PICKER_FIELDS).order_by("name", "pk")


def matching_contacts(workspace, text: str, *, exclude: list[int]) -> QuerySet:
    """The workspace's contacts whose name, email or company contains `text`,
    one more than are shown (to tell that there are more)."""
    matches = Contact.objects.for_workspace(workspace).search(text)
    matches = matches.exclude(pk__in=exclude).only(*PICKER_FIELDS)
    return matches.order_by("name", "pk")[: MATCHES_SHOWN + 1]


@dataclass(frozen=True)
class Reach:
    to_email: int
    new_contacts: int
    already_invited: int
    opted_out: int
    without_email: int

    @property
    def skipped(self) -> int:
        return self.already_invited + self.opted_out + self.without_email


def reach(*, survey: Survey, contacts: QuerySet, emails: list[str]) -> Reach:
    """`contacts`: the workspace's contacts chosen by the filters; `emails`: the
    pasted addresses (lowercased), some of them already contacts."""
    in_workspace = Contact.objects.for_workspace(survey.workspace).annotate(
        email_lower=Lower("email")
    )
    chosen = in_workspace.filter(
        Q(pk__in=contacts.values("pk")) | Q(email_lower__in=emails)
    )
    opted_out = Suppression.objects.filter(workspace_id=survey.workspace_id).annotate(
        email_lower=Lower("email")
    )
    no_email = Q(email="")
    suppressed = Q(email_lower__in=opted_out.values("email_lower")) & ~no_email
    invited = Exists(
        Invitation.objects.filter(survey=survey, contact_id=OuterRef("pk"))
    )
    counts = chosen.annotate(invited=invited).aggregate(
        total=Count("pk"),
        without_email=Count("pk", filter=no_email),
        opted_out=Count("pk", filter=suppressed),
        already_invited=Count("pk", filter=Q(invited=True) & ~no_email & ~suppressed),
    )
    known = set(
        in_workspace.filter(email_lower__in=emails).values_list(
            "email_lower", flat=True
        )
    )
    new = [email for email in emails if email not in known]
    new_opted_out = opted_out.filter(email_lower__in=new).count() if new else 0
    new_opted_out += len(ErasedAddress.objects.erased_among(survey.workspace_id, new))
    skipped = counts["without_email"] + counts["opted_out"] + counts["already_invited"]
    return Reach(
        to_email=counts["total"] - skipped + len(new) - new_opted_out,
        new_contacts=len(new),
        already_invited=counts["already_invited"],
        opted_out=counts["opted_out"] + new_opted_out,
        without_email=counts["without_email"],
    )
