"""The step after the password, for users with two-factor sign-in on.

The password step does not log such a user in: it notes in the session who they
are (and which backend checked the password), for a few minutes. The code step
then logs them in and marks the session as verified by the device that accepted
the code (django-otp's `login`). A user who is logged in already but whose
session has not passed a code (it began before two-factor was turned on) takes
the same code step to verify it.
"""

import time

from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.models import Device

from accounts.models import User
from core import kept_posts

PENDING_KEY = "two_factor_pending_login"


def begin(request: HttpRequest, *, user: User) -> None:
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        "started": int(time.time()),
    }


def user_for_code_step(request: HttpRequest) -> User | None:
    """Whom the code step is for: the logged-in user, else the one who just
    gave their password (for a few minutes)."""
    if request.user.is_authenticated:
        return request.user
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    if time.time() - pending["started"] > settings.TWO_FACTOR_LOGIN_STEP_SECONDS:
        del request.session[PENDING_KEY]
        return None
    return User.objects.filter(pk=pending["user_id"], is_active=True).first()


def finish(request: HttpRequest, *, user: User, device: Device) -> None:
    """Log `user` in if the password step was this session's, and mark the
    session as verified by `device`."""
    pending = request.session.pop(PENDING_KEY, None)
    if not request.user.is_authenticated:
        auth.login(request, user, backend=pending["backend"])
        kept_posts.restore_session_lifetime(request)
    otp_login(request, device)


def next_url(request: HttpRequest) -> str:
    """Where to go once the step is done: a `next` on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""
