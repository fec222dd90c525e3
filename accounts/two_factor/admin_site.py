from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.admin import OTPAdminSite

from accounts.two_factor import services


class TwoFactorAdminSite(OTPAdminSite):
    """django-otp's admin site: only active staff whose session passed a code
    from their device may use it. Its login is the site's own, so staff go
    through the same throttled password step and code step as everyone else;
    staff without two-factor are sent to turn it on first."""

    site_header = "Ideal Customer admin"
    site_title = "Ideal Customer admin"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        target = self._next(request)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(target)
        if not (user.is_active and user.is_staff):
            raise PermissionDenied("This account can't use the admin.")
        if user.is_verified():
            return redirect(target)
        if services.has_two_factor(user):
            return redirect_to_login(target, "accounts:two_factor_code")
        messages.info(
            request,
            "The admin asks staff to use two-factor sign-in. Turn it on to continue.",
        )
        return redirect_to_login(target, "accounts:two_factor")

    def _next(self, request: HttpRequest) -> str:
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            return target
        return reverse("admin:index", current_app=self.name)
