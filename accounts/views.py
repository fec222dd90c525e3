from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import (
    LoginForm,
    QueuedPasswordResetForm,
    SignUpForm,
    TeamInviteForm,
    WorkspaceForm,
)
from accounts.middleware import SESSION_KEY
from accounts.models import Membership, TeamInvite
from accounts.two_factor import login_step, queries
from accounts.two_factor.services import has_two_factor
from core.access import owner_required, workspace_required


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if form.is_valid():
        user = services.sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            name=form.cleaned_data["name"],
            workspace_name=form.cleaned_data["workspace_name"],
        )
        login(request, user)
        messages.success(request, "Welcome! Your workspace is ready.")
        return redirect(_safe_next(request) or "accounts:dashboard")
    return render(request, "accounts/signup.html", {"form": form})


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        # With two-factor on, the password opens the code step, not the account.
        user = form.get_user()
        if has_two_factor(user):
            login_step.begin(self.request, user=user)
            return redirect_to_login(self.get_success_url(), "accounts:two_factor_code")
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "emails/password_reset_body.txt"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


@workspace_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/dashboard.html")


@login_required
@require_http_methods(["GET", "POST"])
def workspace_create(request: HttpRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST or None)
    if form.is_valid():
        workspace = services.create_workspace(
            owner=request.user, name=form.cleaned_data["name"]
        )
        request.session[SESSION_KEY] = workspace.pk
        messages.success(request, f"{workspace.name} is ready.")
        return redirect("accounts:dashboard")
    return render(request, "accounts/workspace_create.html", {"form": form})


# Not workspace_required: moving out of a workspace that requires two-factor
# sign-in must stay possible without it.
@login_required
@require_POST
def workspace_switch(request: HttpRequest, workspace_id: int) -> HttpResponse:
    membership = Membership.objects.filter(
        user=request.user, workspace_id=workspace_id
    ).first()
    if membership is None:
        raise Http404
    request.session[SESSION_KEY] = membership.workspace_id
    messages.success(request, f"Now working in {membership.workspace.name}.")
    return redirect("accounts:dashboard")


@workspace_required
def team(request: HttpRequest) -> HttpResponse:
    return _team_page(request, TeamInviteForm(workspace=request.workspace))


@owner_required
@require_POST
def team_invite(request: HttpRequest) -> HttpResponse:
    form = TeamInviteForm(request.POST, workspace=request.workspace)
    if not form.is_valid():
        return _team_page(request, form, status=400)
    services.invite_teammate(
        workspace=request.workspace,
        email=form.cleaned_data["email"],
        invited_by=request.user,
        accept_url=lambda raw: request.build_absolute_uri(
            reverse("accounts:invite_accept", args=[raw])
        ),
    )
    messages.success(request, f"Invite sent to {form.cleaned_data['email']}.")
    return redirect("accounts:team")


def _team_page(request: HttpRequest, form: TeamInviteForm, status: int = 200):
    workspace = request.workspace
    context = {
        "members": queries.members_with_two_factor(workspace),
        "invites": TeamInvite.objects.for_workspace(workspace).pending(),
        "form": form,
    }
    return render(request, "accounts/team.html", context, status=status)


@require_http_methods(["GET", "POST"])
def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Show the invite (GET never spends it); a logged-in user accepts with POST.

    Unknown, expired and used links get the same page.
    """
    try:
        invite = services.find_usable_invite(token)
    except services.InviteUnusable:
        return render(request, "accounts/invite_unusable.html", status=404)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = services.accept_invite(raw_token=token, user=request.user)
        except services.InviteUnusable:
            return render(request, "accounts/invite_unusable.html", status=404)
        request.session[SESSION_KEY] = membership.workspace_id
        messages.success(request, f"You have joined {membership.workspace.name}.")
        return redirect("accounts:dashboard")
    return render(request, "accounts/invite_accept.html", {"invite": invite})
