from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.models import Workspace


def workspaces(request: HttpRequest) -> dict:
    """The user's workspaces for the navigation's switcher, from the memberships
    the middleware already loads for the current workspace (no extra query)."""

    def load() -> list[Workspace]:
        memberships = getattr(request, "memberships", [])
        return sorted((m.workspace for m in memberships), key=lambda w: w.name)

    return {"user_workspaces": SimpleLazyObject(load)}
