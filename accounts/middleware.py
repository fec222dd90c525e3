from django.utils.functional import SimpleLazyObject

from accounts.models import Membership

SESSION_KEY = "workspace_id"


class WorkspaceMiddleware:
    """Set `request.membership` and `request.workspace` to the user's current
    workspace (the one chosen in the session, else their first), lazily, so pages
    that never look at it cost no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: current_membership(request))
        request.workspace = SimpleLazyObject(
            lambda: request.membership.workspace if request.membership else None
        )
        return self.get_response(request)


def current_membership(request) -> Membership | None:
    if not request.user.is_authenticated:
        return None
    memberships = Membership.objects.filter(user=request.user).select_related(
        "workspace"
    )
    chosen = request.session.get(SESSION_KEY)
    membership = (
        memberships.filter(workspace_id=chosen).first() if chosen else None
    ) or memberships.order_by("joined_at", "pk").first()
    return membership
