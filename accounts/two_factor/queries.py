from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Membership, Workspace


def members_with_two_factor(workspace: Workspace) -> QuerySet[Membership]:
    """The workspace's memberships with their users, in the order joined, each
    with `has_two_factor`: whether the user has a confirmed authenticator app."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)
    return (
        workspace.memberships.select_related("user")
        .annotate(has_two_factor=Exists(confirmed))
        .order_by("joined_at", "id")
    )
