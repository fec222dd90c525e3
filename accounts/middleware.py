from django.contrib import auth
from django.contrib.auth import middleware
from django.utils.functional import SimpleLazyObject

from accounts.backends import SESSION_BEING_AUTHENTICATED
from accounts.models import Membership, Workspace
from config.prepared_reads import PreparedRead

SESSION_KEY = "workspace_id"
# For a user who logged in during this request; on later requests the user comes
# with their memberships (accounts/backends.py).
MEMBERSHIPS_OF_USER = PreparedRead(
    "accounts_memberships_of_user",
    [(Membership, "m"), (Workspace, "w")],
    "FROM {m} m JOIN {w} w ON w.id = m.workspace_id"
    " WHERE m.user_id = $1 ORDER BY m.joined_at, m.id",
    ["bigint"],
)


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    """Django's, with the session at hand while the user is looked up, so that
    the backend can take the user the session engine read with the session
    instead of reading them again (accounts/backends.py)."""

    def process_request(self, request) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))


def get_user(request):
    # The attribute Django's own middleware caches the user in.
    if not hasattr(request, "_cached_user"):
        token = SESSION_BEING_AUTHENTICATED.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            SESSION_BEING_AUTHENTICATED.reset(token)
    return request._cached_user


class WorkspaceMiddleware:
    """Set `request.memberships` (all of the user's, with their workspaces),
    `request.membership` and `request.workspace` (the one chosen in the session,
    else the first joined). Loaded with the user (accounts/backends.py), else by
    one query, made only when something looks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = SimpleLazyObject(lambda: user_memberships(request))
        request.membership = SimpleLazyObject(lambda: current_membership(request))
        request.workspace = SimpleLazyObject(
            lambda: request.membership.workspace if request.membership else None
        )
        return self.get_response(request)


def user_memberships(request) -> list[Membership]:
    if not request.user.is_authenticated:
        return []
    loaded = getattr(request.user, "loaded_memberships", None)
    if loaded is not None:
        return loaded
    memberships = []
    for membership, workspace in MEMBERSHIPS_OF_USER.all(request.user.pk):
        membership.workspace = workspace
        memberships.append(membership)
    return memberships


def current_membership(request) -> Membership | None:
    memberships = list(request.memberships)
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.workspace_id == chosen:
            return membership
    return memberships[0] if memberships else None
