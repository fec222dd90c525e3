"""The public "are we a good fit?" page at /fit/<workspace slug>/, and its settings."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from core import ratelimit
from core.access import for_workspace, workspace_required
from fitcheck import queries
from fitcheck.forms import IntakePageForm
from fitcheck.intake_form import HONEYPOT, intake_form_for, is_bot
from fitcheck.intake_text import referral_lines
from fitcheck.models import IntakePage
from fitcheck.services import rubric_versions
from fitcheck.services.intake import Outcome, outcome_for, submit_intake

SUBMISSIONS_PER_WINDOW = 5
WINDOW_SECONDS = 10 * 60
RESULT_COOKIE = "intake_result"
RESULT_SECONDS = 60 * 60


def public_page(*, referrer_policy: str) -> Callable:
    """Answers can be personal: no cache may keep these pages."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            response["Referrer-Policy"] = referrer_policy
            return response

        return wrapper

    return decorator


# Not "no-referrer" on the form: under it browsers send "Origin: null" with the
# form's own POST, which the CSRF check rightly refuses. "same-origin" tells other
# sites nothing either, and the form page links nowhere else.
@public_page(referrer_policy="same-origin")
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    page = _published_page(workspace_slug)
    if request.method == "POST" and _over_limit(request, workspace_slug):
        context = {"page": page}
        response = render(request, "fitcheck/intake_429.html", context, status=429)
        response["Retry-After"] = str(WINDOW_SECONDS)
        return response
    form_class = intake_form_for(page)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and is_bot(request.POST):
        # The same answer a person gets, so a robot learns nothing; nothing kept.
        return _show(page, Outcome.WEAK, request.POST.get("name", ""))
    if form.is_valid():
        _, fit = submit_intake(
            page=page, cleaned_data=form.cleaned_data, form_class=form_class
        )
        outcome = outcome_for(band=fit.effective_band, knocked_out=fit.knocked_out)
        return _show(page, outcome, form.cleaned_data["name"])
    status = 400 if form.is_bound else 200
    context = {"page": page, "form": form, "honeypot": HONEYPOT}
    return render(request, "fitcheck/intake_form.html", context, status=status)


# The result links to the booking page and to referrals: they learn nothing of
# where the visitor came from.
@public_page(referrer_policy="no-referrer")
@require_GET
def intake_result(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    page = _published_page(workspace_slug)
    shown = _shown_result(request, workspace_slug)
    if shown.get("outcome") not in Outcome:
        return redirect("fitcheck:intake", workspace_slug)
    context = {
        "page": page,
        "outcome": shown["outcome"],
        "first_name": shown.get("first_name", ""),
        "referrals": referral_lines(page.referrals),
    }
    return render(request, "fitcheck/intake_result.html", context)


@workspace_required
@require_http_methods(["GET", "POST"])
def intake_settings(request: HttpRequest) -> HttpResponse:
    page = for_workspace(request, IntakePage).first() or IntakePage(
        workspace=request.workspace
    )
    form = IntakePageForm(
        request.POST or None, instance=page, workspace=request.workspace
    )
    if form.is_valid():
        page = form.save()
        # Ready the questions now, so the first prospect does not wait for them.
        rubric_versions.applied_rubric(persona=page.persona)
        messages.success(request, "Your intake page is saved.")
        return redirect("fitcheck:intake_settings")
    context = {
        "form": form,
        "page": page,
        "public_url": request.build_absolute_uri(page.get_absolute_url()),
        "has_personas": form.fields["persona"].queryset.exists(),
        "questions": _questions(page),
    }
    status = 400 if form.is_bound else 200
    return render(request, "fitcheck/intake_settings.html", context, status=status)


def _questions(page: IntakePage) -> list:
    """What prospects are asked, for the practitioner to check."""
    if page.pk is None:
        return []
    return intake_form_for(page)().sections()


def _published_page(workspace_slug: str) -> IntakePage:
    page = queries.published_page(workspace_slug)
    if page is None:
        raise Http404("No published intake page.")
    return page


def _over_limit(request: HttpRequest, workspace_slug: str) -> bool:
    key = f"intake:{workspace_slug}:{ratelimit.client_address(request)}"
    return ratelimit.is_limited(
        key, limit=SUBMISSIONS_PER_WINDOW, window_seconds=WINDOW_SECONDS
    )


def _show(page: IntakePage, outcome: Outcome, name: str) -> HttpResponse:
    """Post/redirect/get: the outcome travels to the result page in a signed,
    short-lived cookie that only this intake page's addresses receive. Never in
    the URL (addresses end up in histories and logs), and not in a session: a
    prospect's answer should not leave a session row behind."""
    slug = page.workspace.slug
    first_name = (name.strip().split() or [""])[0][:60]
    shown = {"outcome": outcome.value, "first_name": first_name}
    response = redirect("fitcheck:intake_result", slug)
    response.set_cookie(
        RESULT_COOKIE,
        signing.dumps(shown, salt=_result_salt(slug)),
        max_age=RESULT_SECONDS,
        path=reverse("fitcheck:intake", args=[slug]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _shown_result(request: HttpRequest, workspace_slug: str) -> dict:
    """What `_show` sent, or {} when the cookie is missing, stale or forged."""
    try:
        return signing.loads(
            request.COOKIES.get(RESULT_COOKIE, ""),
            salt=_result_salt(workspace_slug),
            max_age=RESULT_SECONDS,
        )
    except signing.BadSignature:
        return {}


def _result_salt(workspace_slug: str) -> str:
    return f"fitcheck.intake-result:{workspace_slug}"
