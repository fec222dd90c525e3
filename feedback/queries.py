"""Reads of the feedback app that span several models."""

from feedback.models import Invitation

# Survey links ------------------------------------------------------------------------


def invitation_by_token_hash(token_hash: str) -> Invitation | None:
    """The invitation whose emailed link has this hash, with its survey and the
    survey's workspace."""
    try:
        return Invitation.objects.select_related("survey__workspace").get(
            tokens__token_hash=token_hash
        )
    except Invitation.DoesNotExist:
        return None
