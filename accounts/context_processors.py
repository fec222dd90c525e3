from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import get_script_prefix
from django.utils.functional import SimpleLazyObject

from accounts.models import Workspace


def workspaces(request: HttpRequest) -> dict:
    """The user's workspaces for the navigation's switcher, from the memberships
    the middleware already loads for the current workspace (no extra query), and
    what the navigation shows of them and of the user, as its cache key."""

    def load() -> list[Workspace]:
        memberships = getattr(request, "memberships", [])
        return sorted((m.workspace for m in memberships), key=lambda w: w.name)

    user_workspaces = SimpleLazyObject(load)
    return {
        "user_workspaces": user_workspaces,
        "forms_cache_key": SimpleLazyObject(lambda: csrf_secret(request)),
        "nav_cache_key": SimpleLazyObject(lambda: _nav_key(request, user_workspaces)),
    }


def csrf_secret(request: HttpRequest) -> str:
    """Part of the cache key of a page fragment with forms: their CSRF tokens
    are good for as long as the secret they are masked from. Keeping them also
    spares each request masking a new token (32 random draws)."""
    if "CSRF_COOKIE" not in request.META:
        get_token(request)  # Makes the secret.
    return request.META["CSRF_COOKIE"]


def _nav_key(request: HttpRequest, user_workspaces) -> str:
    """Everything templates/includes/nav.html shows that can change, and the
    CSRF secret of its forms."""
    user = request.user
    if not user.is_authenticated:
        return repr([get_script_prefix()])  # The links' start.
    shown = [
        get_script_prefix(),
        user.pk,
        user.get_short_name(),
        user.is_staff,
        getattr(request.workspace, "pk", None),
        [(w.pk, w.name) for w in user_workspaces],
        csrf_secret(request),
    ]
    return repr(shown)
