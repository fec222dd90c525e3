"""The one way views reach a practitioner's objects.

Every model a workspace owns has a queryset method `for_workspace(workspace)`.
`get_for_workspace` scopes through it, so an object of another workspace answers 404
exactly like one that does not exist: no 403, no data.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect


def workspace_required(view: Callable) -> Callable:
    """Log in, and belong to a workspace, before the view runs; in a workspace
    that requires two-factor sign-in, pass it in this session first too.

    Every practitioner's page goes through here, so a member who hasn't set up
    two-factor is sent to (and only to) the pages that set it up, whichever page
    they open. `is_verified()` is django-otp's OTPMiddleware's: the session's
    login passed a code from one of the user's devices.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.membership:
            return redirect("accounts:workspace_create")
        if request.workspace.require_two_factor and not request.user.is_verified():
            if request.method != "GET":
                return redirect("accounts:two_factor")  # A POST can't be replayed.
            return redirect_to_login(request.get_full_path(), "accounts:two_factor")
        return view(request, *args, **kwargs)

    return wrapper


def owner_required(view: Callable) -> Callable:
    """Only the workspace's owners may run the view; members get 404."""

    @workspace_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.membership.is_owner:
            raise Http404("Only the workspace's owners can do this.")
        return view(request, *args, **kwargs)

    return wrapper


def for_workspace(request: HttpRequest, queryset: QuerySet | type[Model]) -> QuerySet:
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    return queryset.for_workspace(request.workspace)


def get_for_workspace(
    request: HttpRequest, queryset: QuerySet | type[Model], **lookup
) -> Model:
    return get_object_or_404(for_workspace(request, queryset), **lookup)
