from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.models import Workspace


def workspaces(request: HttpRequest) -> dict:
    """The user's workspaces for the navigation's switcher, queried only when a
    template looks at them."""

    def load() -> list[Workspace]:
        if not request.user.is_authenticated:
            return []
        return list(Workspace.objects.for_user(request.user))

    return {"user_workspaces": SimpleLazyObject(load)}
