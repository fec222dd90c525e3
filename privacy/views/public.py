"""The privacy page people reach from a practice's public intake and surveys."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.models import Membership, Workspace
from privacy.views.settings import settings_of


@require_GET
def notice(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    workspace = get_object_or_404(Workspace, slug=workspace_slug)
    settings = settings_of(workspace)
    context = {
        "workspace": workspace,
        "retention_months": settings.retention_months,
        "contact_email": settings.contact_email or _first_owner_email(workspace),
    }
    return render(request, "privacy/notice.html", context)


def _first_owner_email(workspace: Workspace) -> str:
    owner = (
        Membership.objects.filter(workspace=workspace, role=Membership.Role.OWNER)
        .order_by("joined_at", "pk")
        .values_list("user__email", flat=True)
        .first()
    )
    return owner or ""
