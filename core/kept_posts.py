"""Keep a form posted after the login session expired, and give it back after login.

A practitioner may spend an hour on a worksheet step; if their session ends in the
meantime, the POST arrives anonymous. Instead of losing it, `keep_post_when_logged_out`
stores the posted fields in the (new, anonymous) session and sends them to log in.
Logging in keeps the session's data, so when they land back on the page,
`pop_kept_post` hands the fields back to be shown again, unsaved, for a check and a
save. Uploaded files cannot be kept this way; the page says so.

Anyone can post to these URLs without logging in, so what is kept is bounded: only
for a page that exists (the view's `exists` says so), at most MAX_FORM_BYTES per
form and MAX_TOTAL_BYTES in all (the oldest forms go first), and for KEEP_FOR: the
anonymous session itself expires then (`manage.py upkeep` clears expired sessions),
and a form kept longer is not given back. Logging in gives the session its usual
lifetime again (`restore_session_lifetime`).
"""

import time
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict

SESSION_KEY = "kept_posts"
# Field names that must never be stored or replayed.
DROPPED = {"csrfmiddlewaretoken"}
# A worksheet step with every list full is a few kilobytes.
MAX_FORM_BYTES = 64 * 1024
MAX_TOTAL_BYTES = 128 * 1024
KEEP_FOR = 60 * 60  # seconds

KEPT = (
    "Your session had ended, so nothing was saved yet. Log in again and what you "
    "typed will be back on the page."
)
TOO_LONG = (
    "Your session had ended, so nothing was saved, and what you typed was too long "
    "to keep until you log in again. Log in, then type it again."
)

Fields = dict[str, list[str]]


def keep_post_when_logged_out(
    exists: Callable[..., bool],
) -> Callable[[Callable], Callable]:
    """Decorate a view whose form is worth keeping; `exists(request, **kwargs)`
    says whether the URL's page exists (a persona with that id, a real step)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST" and not request.user.is_authenticated:
                if exists(request, *args, **kwargs):
                    _keep(request)
                return redirect_to_login(request.path)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _keep(request: HttpRequest) -> None:
    fields = {
        key: request.POST.getlist(key) for key in request.POST if key not in DROPPED
    }
    if size_of(fields) > MAX_FORM_BYTES:
        messages.warning(request, TOO_LONG)
        return
    kept = _unexpired(request.session.get(SESSION_KEY) or {})
    kept.pop(request.path, None)
    kept[request.path] = {"at": time.time(), "fields": fields}
    while sum(size_of(entry["fields"]) for entry in kept.values()) > MAX_TOTAL_BYTES:
        del kept[next(iter(kept))]  # The oldest (dicts keep insertion order).
    request.session[SESSION_KEY] = kept
    request.session.set_expiry(KEEP_FOR)
    messages.info(request, KEPT)


def size_of(fields: Fields) -> int:
    """The bytes a form's fields take as UTF-8 (about what the session stores)."""
    return sum(
        len(key.encode()) + sum(len(value.encode()) for value in values)
        for key, values in fields.items()
    )


def _unexpired(kept: dict) -> dict:
    now = time.time()
    return {
        path: entry
        for path, entry in kept.items()
        if isinstance(entry, dict) and now - entry.get("at", 0) < KEEP_FOR
    }


def pop_kept_post(request: HttpRequest) -> QueryDict | None:
    if SESSION_KEY not in request.session:
        return None
    kept = _unexpired(request.session[SESSION_KEY])
    entry = kept.pop(request.path, None)
    if kept:
        request.session[SESSION_KEY] = kept
    else:
        del request.session[SESSION_KEY]
    if entry is None:
        return None
    data = QueryDict(mutable=True)
    for key, values in entry["fields"].items():
        data.setlist(key, values)
    return data


def restore_session_lifetime(request: HttpRequest) -> None:
    """After logging in: the hour an anonymous session was given to keep a post
    must not cut the logged-in session short (Django's login keeps the data,
    the expiry among it)."""
    request.session.set_expiry(None)
