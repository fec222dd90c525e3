"""Survey pages for clients: no login, reached through an emailed or a public link.

Every page here (errors included) sends `Referrer-Policy: no-referrer`, so the
token in the address never leaves in a Referer header, and `Cache-Control:
no-store`, so no shared or back-button copy of a client's answers is kept.

The views are exempt from Django's CSRF check. Under `no-referrer` browsers send
`Origin: null` with a form post, which that check rejects; and it would protect
nothing: no login cookie is involved, the link itself is the credential. The
public link, which anyone may know, refuses cross-site posts (Sec-Fetch-Site)
and is rate limited per client address instead.
"""

import contextlib
import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache, wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts import tokens
from core import ratelimit
from feedback import services
from feedback.answer_form import (
    AnswerForm,
    PublicAnswerForm,
    answer_form_class,
    page_context,
)
from feedback.models import Invitation, Suppression, Survey

PUBLIC_ANSWERS_PER_WINDOW = 10
PUBLIC_WINDOW_SECONDS = 60 * 60
# How long a public form's random id is remembered (see _first_submission).
SUBMISSION_MEMORY_SECONDS = 24 * 60 * 60


def survey_page(view: Callable) -> Callable:
    """GET and POST only, no CSRF check (see above), and the privacy headers on
    every response, the 405 included."""
    allowed = require_http_methods(["GET", "POST"])(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = allowed(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        add_never_cache_headers(response)
        return response

    return wrapper


@survey_page
def answer(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        # Mail scanners open links too: opening is recorded, never spends it.
        invitation = services.open_link(token)
    else:
        invitation = services.invitation_for_token(token)
    if invitation is None:
        return _link_invalid(request)
    survey = invitation.survey
    if invitation.status == Invitation.Status.ANSWERED:
        return _thank_you(survey)
    if not _is_open(survey):
        return _closed(request, survey)
    if request.method == "GET":
        return _empty_form_page(survey)
    form = _answer_form(request, survey)
    if form.is_valid():
        # Another submit of this link (a double click, a second tab) got there
        # first: this one is thanked the same way.
        with contextlib.suppress(services.AlreadyAnswered):
            services.submit_response(
                survey=survey, answers=form.answers(), invitation=invitation
            )
        return _thank_you(survey)
    return _form_page(request, survey, form)


@survey_page
def public_answer(request: HttpRequest, token: str) -> HttpResponse:
    survey = _public_survey(token)
    if survey is None:
        return _link_invalid(request)
    if not _is_open(survey):
        return _closed(request, survey)
    if request.method == "POST":
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            return _link_invalid(request, status=403)
        if _over_public_limit(request):
            return _too_many(request, survey)
    form = _answer_form(request, survey, public=True)
    if form.is_valid():
        # A bot that filled in the honeypot is thanked too, but nothing is kept.
        if not form.is_from_a_bot() and _first_submission(form):
            services.submit_response(
                survey=survey, answers=form.answers(), invitation=None
            )
        return _thank_you(survey)
    return _form_page(request, survey, form)


@survey_page
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners open links); POST opts out, from the page's button
    or from a mail client's one-click request (RFC 8058)."""
    invitation = services.invitation_for_token(token, include_expired=True)
    if invitation is None:
        return _link_invalid(request)
    workspace = invitation.survey.workspace
    if request.method == "GET":
        return render(request, "feedback/unsubscribe.html", {"workspace": workspace})
    if invitation.contact.email:
        services.suppress(
            workspace=workspace,
            email=invitation.contact.email,
            reason=Suppression.Reason.UNSUBSCRIBED,
        )
    return render(request, "feedback/unsubscribed.html", {"workspace": workspace})


def _public_survey(token: str) -> Survey | None:
    return (
        Survey.objects.select_related("workspace")
        .filter(public_token_hash=tokens.hash_token(token))
        .first()
    )


def _is_open(survey: Survey) -> bool:
    """Taking answers: opened (drafts are not yet) and not closed, by hand or
    by its closing date, the same rule sending follows."""
    return survey.status == Survey.Status.OPEN and not services.is_closed(survey)


def _answer_form(
    request: HttpRequest, survey: Survey, *, public: bool = False
) -> AnswerForm:
    form_class = _form_class(survey, survey.updated_at, public)
    # Not `request.POST or None`: a post that answers no optional question is
    # empty, and must still be a bound form.
    return form_class(request.POST if request.method == "POST" else None)


@lru_cache(maxsize=256)
def _form_class(survey: Survey, version: datetime, public: bool) -> type[AnswerForm]:
    """The answer form of a survey version, built once per process: every link
    of a survey shares it. `version` is the survey's `updated_at`, which each
    change to its questions moves on (a Survey alone compares by its pk)."""
    return answer_form_class(services.survey_questions(survey), public=public)


def _over_public_limit(request: HttpRequest) -> bool:
    return ratelimit.is_limited(
        f"survey-public:{ratelimit.client_address(request)}",
        limit=PUBLIC_ANSWERS_PER_WINDOW,
        window_seconds=PUBLIC_WINDOW_SECONDS,
    )


def _first_submission(form: PublicAnswerForm) -> bool:
    """Whether this opened form is submitted for the first time. Its random id
    is counted in the shared rate-limit store, so a double click or a refreshed
    thank-you page stores one response, whichever process serves it."""
    key = f"survey-public-submission:{form.cleaned_data['submission']}"
    return ratelimit.hit(key, window_seconds=SUBMISSION_MEMORY_SECONDS) == 1


def _form_page(request: HttpRequest, survey: Survey, form: AnswerForm) -> HttpResponse:
    return render(request, "feedback/answer.html", page_context(survey, form))


def _empty_form_page(survey: Survey) -> HttpResponse:
    def page() -> str:
        context = page_context(survey, _form_class(survey, survey.updated_at, False)())
        return render_to_string("feedback/answer.html", context)

    return HttpResponse(_same_for_everyone(survey, "answer", page))


def _thank_you(survey: Survey) -> HttpResponse:
    def page() -> str:
        context = {"survey": survey, "workspace": survey.workspace}
        return render_to_string("feedback/thank_you.html", context)

    return HttpResponse(_same_for_everyone(survey, "thanks", page))


def _same_for_everyone(survey: Survey, name: str, render_page: Callable) -> str:
    """A page every client of a survey version sees alike (an emailed link's
    empty form, the thank-you), rendered once per process and version: most of
    what opening or answering a link costs otherwise.

    Rendered without the request, so nothing of one visitor (a message, a
    token) can ever reach another. The key holds all the page shows: the
    survey's last change, which every change to its questions moves on too
    (services.building), and the workspace's name."""
    workspace = hashlib.sha256(survey.workspace.name.encode()).hexdigest()[:16]
    stamp = survey.updated_at.timestamp()
    key = f"survey-page:{name}:{survey.pk}:{stamp}:{workspace}"
    html = cache.get(key)
    if html is None:
        html = render_page()
        cache.set(key, html, services.QUESTIONS_KEPT_SECONDS)
    return html


def _closed(request: HttpRequest, survey: Survey) -> HttpResponse:
    context = {"survey": survey, "workspace": survey.workspace}
    return render(request, "feedback/survey_closed.html", context)


def _too_many(request: HttpRequest, survey: Survey) -> HttpResponse:
    context = {"survey": survey, "workspace": survey.workspace}
    response = render(request, "feedback/public_429.html", context, status=429)
    response["Retry-After"] = str(PUBLIC_WINDOW_SECONDS)
    return response


def _link_invalid(request: HttpRequest, *, status: int = 404) -> HttpResponse:
    """One page for unknown, expired and mistyped links alike: nothing tells
    whether a token ever existed."""
    return render(request, "feedback/link_invalid.html", status=status)
