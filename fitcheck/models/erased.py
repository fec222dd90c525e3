"""Addresses of people erased on request, kept only as a keyed hash.

The list lets an import or a survey send recognise someone who asked to be
forgotten without the workspace keeping their address: the stored value is an
HMAC-SHA256 of the workspace and the normalised address, keyed with the site's
secret key, so the table reveals no address, the same person erased by two
practices gives two unrelated values, and a stolen copy of the database cannot be
checked against a list of guessed addresses without the key.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils.crypto import salted_hmac

from accounts.models import Workspace

KEY_SALT = "fitcheck.ErasedAddress"


def normalised_address(email: str) -> str:
    """An address as erasure compares it: without surrounding blanks, lower case."""
    return email.strip().lower()


def address_hash(workspace_id: int, email: str, *, secret: str | None = None) -> str:
    value = f"{workspace_id}:{normalised_address(email)}"
    return salted_hmac(KEY_SALT, value, secret=secret, algorithm="sha256").hexdigest()


def address_hashes(workspace_id: int, email: str) -> list[str]:
    """The address's hash under the current secret key, then under each older key
    still accepted (SECRET_KEY_FALLBACKS), so rotating the key forgets no one."""
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return [address_hash(workspace_id, email, secret=secret) for secret in secrets]


class ErasedAddressQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "ErasedAddressQuerySet":
        return self.filter(workspace=workspace)

    def erased_among(self, workspace_id: int, emails: Iterable[str]) -> set[str]:
        """The normalised addresses among `emails` that this workspace erased, in
        one query."""
        by_hash = {
            digest: normalised_address(email)
            for email in emails
            if email
            for digest in address_hashes(workspace_id, email)
        }
        if not by_hash:
            return set()
        found = self.filter(workspace_id=workspace_id, email_hash__in=list(by_hash))
        return {
            by_hash[digest] for digest in found.values_list("email_hash", flat=True)
        }

    def matcher(self, workspace_id: int) -> "ErasedMatcher":
        return ErasedMatcher(
            workspace_id,
            set(
                self.filter(workspace_id=workspace_id).values_list(
                    "email_hash", flat=True
                )
            ),
        )


class ErasedMatcher:
    """Every erased hash of a workspace, loaded once, to check many addresses
    (the rows of an import) without a query each."""

    def __init__(self, workspace_id: int, hashes: set[str]) -> None:
        self.workspace_id = workspace_id
        self.hashes = hashes

    def __contains__(self, email: str) -> bool:
        if not email or not self.hashes:
            return False
        return any(d in self.hashes for d in address_hashes(self.workspace_id, email))


class ErasedAddress(models.Model):
    """One address a workspace erased on request: part of its do-not-email list,
    kept as a hash (see the module's docstring)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    email_hash = models.CharField(max_length=64)
    erased_at = models.DateTimeField(auto_now_add=True)

    objects = ErasedAddressQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "erased addresses"
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "email_hash"], name="erased_address_once"
            ),
        ]

    def __str__(self) -> str:
        return f"An erased address of workspace {self.workspace_id}"
