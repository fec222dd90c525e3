from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import services, throttling
from accounts.forms import (
    LoginForm,
    QueuedPasswordResetForm,
    SignupConfirmForm,
    SignUpForm,
    TeamInviteForm,
    WorkspaceForm,
)
from accounts.middleware import SESSION_KEY
from accounts.models import Membership, TeamInvite
from accounts.two_factor import login_step, queries
from accounts.two_factor.services import has_two_factor
from core import kept_posts, ratelimit
from core.access import get_for_workspace, owner_required, workspace_required


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Ask for the account's details, then email a link that finishes the
    signup. The answer is the same whether or not the address has an account
    (services.request_signup tells its owner by email)."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if form.is_valid():
        if ratelimit.is_limited(
            f"signup:address:{ratelimit.client_address(request)}",
            limit=settings.SIGNUPS_PER_ADDRESS,
            window_seconds=60 * 60,
        ):
            form.add_error(None, TOO_MANY_SIGNUPS)
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        services.request_signup(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            name=form.cleaned_data["name"],
            workspace_name=form.cleaned_data["workspace_name"],
            next_url=_safe_next(request) or "",
        )
        # For the next page only: the anonymous session lasts an hour.
        request.session[SIGNUP_EMAIL_KEY] = form.cleaned_data["email"]
        request.session.set_expiry(kept_posts.KEEP_FOR)
        return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form})


@require_GET
def signup_sent(request: HttpRequest) -> HttpResponse:
    email = request.session.get(SIGNUP_EMAIL_KEY, "")
    return render(request, "accounts/signup_sent.html", {"email": email})


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: GET shows the form (mail scanners fetch links), a POST
    with the signup's password activates the account and logs in."""
    try:
        signup = services.find_signup(token)
    except services.SignupLinkUnusable:
        return render(request, "accounts/signup_unusable.html", status=404)
    form = SignupConfirmForm(request.POST or None, user=signup.user)
    if form.is_valid():
        try:
            user = services.confirm_signup(signup=signup)
        except services.SignupLinkUnusable:
            return render(request, "accounts/signup_unusable.html", status=404)
        login(request, user)
        kept_posts.restore_session_lifetime(request)
        messages.success(request, "Welcome! Your workspace is ready.")
        return redirect(_safe_next(request, signup.next_url) or "accounts:dashboard")
    context = {"form": form, "email": signup.user.email}
    return render(request, "accounts/signup_confirm.html", context)


def _safe_next(request: HttpRequest, target: str = "") -> str | None:
    target = target or request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        user = form.get_user()
        # With two-factor on, the password opens the code step, not the account.
        if has_two_factor(user):
            login_step.begin(self.request, user=user)
            response = redirect_to_login(
                self.get_success_url(), "accounts:two_factor_code"
            )
        else:
            response = super().form_valid(form)
            kept_posts.restore_session_lifetime(self.request)
        # The right password from this browser: failed logins on it count apart
        # from anyone else's (accounts/throttling.py).
        throttling.remember_device(self.request, response, user.email)
        return response

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        status = 429 if form.throttled else 200
        return self.render_to_response(self.get_context_data(form=form), status=status)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        throttling.lift_account_block(email=form.user.email)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "emails/password_reset_body.txt"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


SIGNUP_EMAIL_KEY = "signup_email"
TOO_MANY_SIGNUPS = (
    "Too many signups from here in the last hour. Please try again in an hour."
)


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
    )
    messages.success(
        request,
        f"The invite to {form.cleaned_data['email']} is on its way. If it cannot "
        "be delivered, this page will say so.",
    )
    return redirect("accounts:team")


@owner_required
@require_POST
def team_invite_resend(request: HttpRequest, invite_id: int) -> HttpResponse:
    invite = get_for_workspace(request, TeamInvite.objects.pending(), pk=invite_id)
    if services.resend_invite(invite=invite):
        messages.success(request, f"The invite to {invite.email} will be sent again.")
    else:
        messages.info(request, f"The invite to {invite.email} is not failed.")
    return redirect("accounts:team")


def _team_page(request: HttpRequest, form: TeamInviteForm, status: int = 200):
    workspace = request.workspace
    invites = list(TeamInvite.objects.for_workspace(workspace).pending())
    delivery = services.invite_emails(invites)
    context = {
        "members": queries.members_with_two_factor(workspace),
        "invites": [(invite, delivery.get(invite.pk)) for invite in invites],
        "form": form,
    }
    return render(request, "accounts/team.html", context, status=status)


@require_http_methods(["GET", "POST"])
def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Show the invite (GET never spends it); the invited address's account
    accepts with POST. Another account is told whom the invite is for.

    Unknown, expired and used links get the same page.
    """
    try:
        invite = services.find_usable_invite(token)
    except services.InviteUnusable:
        return render(request, "accounts/invite_unusable.html", status=404)
    user = request.user
    context = {
        "invite": invite,
        "wrong_account": user.is_authenticated
        and not services.is_invited(invite, user),
    }
    if request.method == "POST" and user.is_authenticated:
        try:
            membership = services.accept_invite(raw_token=token, user=user)
        except services.InviteUnusable:
            return render(request, "accounts/invite_unusable.html", status=404)
        except services.InviteForAnotherAddress:
            return render(request, "accounts/invite_accept.html", context, status=403)
        request.session[SESSION_KEY] = membership.workspace_id
        messages.success(request, f"You have joined {membership.workspace.name}.")
        return redirect("accounts:dashboard")
    return render(request, "accounts/invite_accept.html", context)
