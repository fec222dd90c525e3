from django.utils.functional import SimpleLazyObject

from accounts.models import Membership

SESSION_KEY = "workspace_id"


class WorkspaceMiddleware:
    """Set `request.memberships` (all of the user's, with their workspaces, in
    the order joined), `request.membership` and `request.workspace` (the one
    chosen in the session, else the first joined). One query, made only when
    something looks, and at most once per request."""

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
    return list(
        Membership.objects.filter(user=request.user)
        .select_related("workspace")
        .order_by("joined_at", "pk")
    )


def current_membership(request) -> Membership | None:
    memberships = list(request.memberships)
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.workspace_id == chosen:
            return membership
    return memberships[0] if memberships else None
