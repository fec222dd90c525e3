from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.models import Device

from accounts.models import Workspace
from accounts.two_factor import codes, login_step, queries, services, throttling
from accounts.two_factor.forms import (
    CodeForm,
    ConfirmSetupForm,
    RequirementForm,
    TurnOffForm,
)
from accounts.two_factor.qr import svg_data_uri
from core.access import owner_required

NEW_CODES_KEY = "two_factor_new_codes"
TOO_MANY_CODES = (
    "Too many wrong codes. For your safety, codes aren't being checked for the "
    "next 15 minutes. Try again then."
)
WRONG_CODE = (
    "That code didn't work. Check the app shows the code for this account, and "
    "type the newest one."
)
WRONG_RECOVERY_CODE = (
    "That recovery code didn't work. Check it against your saved list: each one "
    "works only once."
)
WAIT = "Wait a few seconds, then try the newest code."


def verified_if_on(view: Callable) -> Callable:
    """Log in; a user with two-factor on must have passed it in this session
    before managing it (a session older than their setup must give a code)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_verified() and services.has_two_factor(request.user):
            come_back_to = login_step.next_url(request) or request.get_full_path()
            return redirect_to_login(come_back_to, "accounts:two_factor_code")
        return view(request, *args, **kwargs)

    return wrapper


@never_cache
@require_GET
@verified_if_on
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "is_on": services.has_two_factor(user),
        "codes_left": services.recovery_codes_left(user),
        "required_by": _requiring(request.workspace),
        "admin_needs_it": user.is_staff,
        "next": login_step.next_url(request),
    }
    return render(request, "accounts/two_factor_security.html", context)


@require_POST
@verified_if_on
def setup_start(request: HttpRequest) -> HttpResponse:
    if services.has_two_factor(request.user):
        return redirect("accounts:two_factor")
    services.start_setup(user=request.user)
    return _to("accounts:two_factor_setup", request)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    device = services.setup_in_progress(request.user)
    if device is None or services.has_two_factor(request.user):
        return _to("accounts:two_factor", request)
    form = ConfirmSetupForm(request.POST or None)
    if form.is_valid():
        check = services.confirm_setup(device=device, code=form.cleaned_data["code"])
        if check.device is not None:
            login_step.finish(request, user=request.user, device=check.device)
            new_codes = services.replace_recovery_codes(user=request.user)
            request.session[NEW_CODES_KEY] = new_codes
            messages.success(request, "Two-factor sign-in is on.")
            return _to("accounts:two_factor_codes", request)
        form.add_error("code", _refusal(check, form.cleaned_data["code"]))
    context = {
        "form": form,
        "qr": svg_data_uri(device.config_url),
        "secret": codes.secret_for_typing(device.key),
        "next": login_step.next_url(request),
    }
    return render(
        request, "accounts/two_factor_setup.html", context, status=_status(form)
    )


@never_cache
@require_GET
@verified_if_on
def recovery_codes(request: HttpRequest) -> HttpResponse:
    new_codes = request.session.get(NEW_CODES_KEY)
    if not new_codes:
        return redirect("accounts:two_factor")
    context = {
        "codes": [codes.grouped(code) for code in new_codes],
        "next": login_step.next_url(request),
    }
    return render(request, "accounts/two_factor_codes.html", context)


@never_cache
@require_GET
@verified_if_on
def recovery_codes_download(request: HttpRequest) -> HttpResponse:
    new_codes = request.session.get(NEW_CODES_KEY)
    if not new_codes:
        raise Http404("Recovery codes can be downloaded only when they are new.")
    text = codes.recovery_codes_text(
        new_codes, account=request.user.email, site=request.get_host()
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        'attachment; filename="ideal-customer-recovery-codes.txt"'
    )
    return response


@require_POST
@verified_if_on
def recovery_codes_saved(request: HttpRequest) -> HttpResponse:
    """The codes were saved: they are never shown again."""
    request.session.pop(NEW_CODES_KEY, None)
    return redirect(login_step.next_url(request) or "accounts:two_factor")


@require_POST
@verified_if_on
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    if not services.has_two_factor(request.user):
        return redirect("accounts:two_factor")
    request.session[NEW_CODES_KEY] = services.replace_recovery_codes(user=request.user)
    messages.success(
        request, "New recovery codes are ready. The old ones no longer work."
    )
    return redirect("accounts:two_factor_codes")


@never_cache
@require_http_methods(["GET", "POST"])
@verified_if_on
def turn_off(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not services.has_two_factor(user):
        return redirect("accounts:two_factor")
    form = TurnOffForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        device, status = _check_code_form(request, form, user=user)
        if device is not None:
            services.turn_off(user=user)
            messages.success(request, "Two-factor sign-in is off.")
            return redirect("accounts:two_factor")
    context = {
        "form": form,
        "required_by": _requiring(request.workspace),
    }
    return render(request, "accounts/two_factor_turn_off.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def code_step(request: HttpRequest) -> HttpResponse:
    """The code after the password, or to verify a session that hasn't had one."""
    user = login_step.user_for_code_step(request)
    if user is None:
        return redirect("accounts:login")
    if request.user.is_authenticated and (
        request.user.is_verified() or not services.has_two_factor(user)
    ):
        return redirect(login_step.next_url(request) or "accounts:two_factor")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        device, status = _check_code_form(request, form, user=user)
        if device is not None:
            login_step.finish(request, user=user, device=device)
            return redirect(login_step.next_url(request) or "home")
    context = {"form": form, "next": login_step.next_url(request)}
    return render(request, "accounts/two_factor_code.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@owner_required
def workspace_requirement(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    form = RequirementForm(
        # Unticked, the box sends nothing: a POST with no fields is still one.
        request.POST if request.method == "POST" else None,
        instance=workspace,
        owner_has_two_factor=services.has_two_factor(request.user),
    )
    if form.is_valid():
        required = form.cleaned_data["require_two_factor"]
        services.set_requirement(workspace=workspace, required=required)
        messages.success(
            request,
            "Everyone here now signs in with two-factor."
            if required
            else "Two-factor sign-in is now each person's choice.",
        )
        return redirect("accounts:team")
    context = {"form": form, "members": queries.members_with_two_factor(workspace)}
    return render(
        request, "accounts/two_factor_workspace.html", context, status=_status(form)
    )


def _check_code_form(request: HttpRequest, form, *, user) -> tuple[Device | None, int]:
    """Check a bound form's code for `user`, counting wrong ones: the device that
    accepted it, or None and the status to answer with, the reason put beside the
    code field."""
    if throttling.codes_blocked(user):
        form.is_valid()  # add_error needs the form cleaned first.
        form.add_error("code", TOO_MANY_CODES)
        return None, 429
    if not form.is_valid():
        if "password" in form.errors:
            throttling.record_code_failure(user)
        return None, 400
    check = services.check_code(user=user, code=form.cleaned_data["code"])
    if check.device is None:
        if not check.must_wait:
            throttling.record_code_failure(user)
        form.add_error("code", _refusal(check, form.cleaned_data["code"]))
        return None, 400
    throttling.clear_code_failures(user)
    if check.used_recovery_code:
        left = services.recovery_codes_left(user)
        messages.warning(
            request,
            f"You used a recovery code; {left} left. You can make new ones on the "
            "Two-factor sign-in page.",
        )
    return check.device, 200


def _refusal(check: services.CodeCheck, code: str) -> str:
    if check.must_wait:
        return WAIT
    return WRONG_CODE if codes.is_app_code(code) else WRONG_RECOVERY_CODE


def _requiring(workspace: Workspace | None) -> Workspace | None:
    """The current workspace if it requires two-factor sign-in."""
    return workspace if workspace and workspace.require_two_factor else None


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _to(name: str, request: HttpRequest) -> HttpResponse:
    """Redirect to `name`, carrying a safe `next` along."""
    url = reverse(name)
    if target := login_step.next_url(request):
        return redirect_to_login(target, url)
    return redirect(url)
