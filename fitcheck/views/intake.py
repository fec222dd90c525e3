"""The public "are we a good fit?" page at /fit/<workspace slug>/, and its settings.

The page is exempt from Django's CSRF check. It can sit in a frame on the
practitioner's own website, and there browsers withhold our SameSite cookies
(Safari and Chrome's third-party cookie blocking refuse them outright), so the
check would refuse every answer sent from the frame. It would protect nothing
either: no login is involved, and anyone may post answers from the page itself.
What guards the page instead: posts another site's page sends
(`Sec-Fetch-Site: cross-site`; the frame's own post is same-origin) are
refused, a hidden honeypot field catches form-filling robots, and each client
address may send SUBMISSIONS_PER_WINDOW answers per window, counted across
processes.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from core import ratelimit
from core.access import for_workspace, workspace_required
from core.framing import allow_framing
from fitcheck import queries
from fitcheck.forms import IntakePageForm
from fitcheck.intake_form import HONEYPOT, IntakeForm, intake_form_for, is_bot
from fitcheck.intake_text import referral_lines
from fitcheck.models import IntakePage
from fitcheck.services import intake_questions, rubric_versions
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
# form's own POST. "same-origin" tells other sites nothing either, and the form
# page links nowhere else.
@csrf_exempt
@public_page(referrer_policy="same-origin")
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    page = _published_page(workspace_slug)
    return allow_framing(request, _answer(request, page), page.frame_origins)


def _answer(request: HttpRequest, page: IntakePage) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, page)
    if refused := _refused(request, page):
        return refused
    response = _answered(request, page)
    if _counted_over_limit(request, page.workspace.slug):
        # Answers at once from one address passed the check above together:
        # the one past the limit keeps nothing of what it did.
        transaction.set_rollback(True)
        return _too_many(request, page)
    return response


def _answered(request: HttpRequest, page: IntakePage) -> HttpResponse:
    form_class = intake_form_for(page)
    form = form_class(request.POST)
    if is_bot(request.POST):
        # The same answer a person gets, so a robot learns nothing; nothing kept.
        return _show(request, page, Outcome.WEAK, request.POST.get("name", ""))
    if form.is_valid():
        _, fit = submit_intake(
            page=page, cleaned_data=form.cleaned_data, form_class=form_class
        )
        outcome = outcome_for(band=fit.effective_band, knocked_out=fit.knocked_out)
        return _show(request, page, outcome, form.cleaned_data["name"])
    return _form_page(request, page, form)


def _form_page(
    request: HttpRequest, page: IntakePage, form: IntakeForm | None = None
) -> HttpResponse:
    context = {
        "page": page,
        "form": form if form is not None else intake_form_for(page)(),
        "honeypot": HONEYPOT,
        "embedded": _embedded(request),
    }
    status = 400 if form is not None else 200
    return render(request, "fitcheck/intake_form.html", context, status=status)


def _refused(request: HttpRequest, page: IntakePage) -> HttpResponse | None:
    """A post from another site's page, or one from an address already at its
    limit. Only read here: the answer is counted last (_counted_over_limit)."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        context = {"page": page, "embedded": _embedded(request)}
        return render(request, "fitcheck/intake_403.html", context, status=403)
    key = _limit_key(request, page.workspace.slug)
    if ratelimit.count(key, window_seconds=WINDOW_SECONDS) >= SUBMISSIONS_PER_WINDOW:
        return _too_many(request, page)
    return None


def _too_many(request: HttpRequest, page: IntakePage) -> HttpResponse:
    context = {"page": page, "embedded": _embedded(request)}
    response = render(request, "fitcheck/intake_429.html", context, status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


# The result links to the booking page and to referrals: they learn nothing of
# where the visitor came from.
@public_page(referrer_policy="no-referrer")
@require_GET
def intake_result(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    page = _published_page(workspace_slug)
    shown = _shown_result(request, workspace_slug)
    if shown.get("outcome") not in Outcome:
        response = redirect("fitcheck:intake", workspace_slug)
    else:
        response = _result_page(
            request, page, shown["outcome"], shown.get("first_name", "")
        )
    return allow_framing(request, response, page.frame_origins)


def _result_page(
    request: HttpRequest, page: IntakePage, outcome: str, first_name: str
) -> HttpResponse:
    context = {
        "page": page,
        "outcome": outcome,
        "first_name": first_name,
        "referrals": referral_lines(page.referrals),
        "embedded": _embedded(request),
    }
    return render(request, "fitcheck/intake_result.html", context)


def _embedded(request: HttpRequest) -> bool:
    """Shown in a frame on the practitioner's site (the snippet's address says so)."""
    return request.GET.get("embed") == "1"


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
        rubric = rubric_versions.applied_rubric(persona=page.persona)
        intake_questions.redraft(
            page=page, rubric=rubric, new_persona="persona" in form.changed_data
        )
        messages.success(request, "Your intake page is saved.")
        return redirect("fitcheck:intake_settings")
    public_url = request.build_absolute_uri(page.get_absolute_url())
    context = {
        "form": form,
        "page": page,
        "public_url": public_url,
        "embed_snippet": _embed_snippet(f"{public_url}?embed=1", page.title),
        "has_personas": form.fields["persona"].queryset.exists(),
        "questions": _questions(page),
    }
    status = 400 if form.is_bound else 200
    return render(request, "fitcheck/intake_settings.html", context, status=status)


def _embed_snippet(url: str, title: str) -> str:
    """The code a practitioner pastes into their site, as text (the template
    escapes it once more to show it)."""
    return (
        f'<iframe src="{escape(url)}" title="{escape(title)}" width="100%" '
        'height="1400" loading="lazy"></iframe>'
    )


def _questions(page: IntakePage) -> list:
    """The questions prospects see, for the practitioner to check."""
    if page.pk is None:
        return []
    return [asked.question for asked in intake_form_for(page).asked]


def _published_page(workspace_slug: str) -> IntakePage:
    page = queries.published_page(workspace_slug)
    if page is None:
        raise Http404("No published intake page.")
    return page


def _limit_key(request: HttpRequest, workspace_slug: str) -> str:
    return f"intake:{workspace_slug}:{ratelimit.client_address(request)}"


def _counted_over_limit(request: HttpRequest, workspace_slug: str) -> bool:
    """Count the answer, last: the counter's row stays locked until the request
    commits, and answers from one address (an office behind one address, or a
    flood) queue on it, so it is taken when nothing but the commit is left.
    Refused answers (400) count too."""
    return ratelimit.is_limited(
        _limit_key(request, workspace_slug),
        limit=SUBMISSIONS_PER_WINDOW,
        window_seconds=WINDOW_SECONDS,
    )


def _show(
    request: HttpRequest, page: IntakePage, outcome: Outcome, name: str
) -> HttpResponse:
    """Post/redirect/get: the outcome travels to the result page in a signed,
    short-lived cookie that only this intake page's addresses receive. Never in
    the URL (addresses end up in histories and logs), and not in a session: a
    prospect's answer should not leave a session row behind.

    In a frame on another site the browser may refuse that cookie (see the
    module docstring), so there the answer to the post is the result page
    itself; reloading it would send the answers again, which only updates the
    same contact."""
    slug = page.workspace.slug
    first_name = (name.strip().split() or [""])[0][:60]
    if _embedded(request):
        return _result_page(request, page, outcome.value, first_name)
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
