"""Keep a form posted after the login session expired, and give it back after login.

A practitioner may spend an hour on a worksheet step; if their session ends in the
meantime, the POST arrives anonymous. Instead of losing it, `keep_post_when_logged_out`
stores the posted fields in the (new, anonymous) session and sends them to log in.
Logging in keeps the session's data, so when they land back on the page,
`pop_kept_post` hands the fields back to be shown again, unsaved, for a check and a
save. Uploaded files cannot be kept this way; the page says so.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict

SESSION_KEY = "kept_posts"
# Field names that must never be stored or replayed.
DROPPED = {"csrfmiddlewaretoken"}


def keep_post_when_logged_out(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST" and not request.user.is_authenticated:
            kept = request.session.get(SESSION_KEY, {})
            kept[request.path] = {
                key: request.POST.getlist(key)
                for key in request.POST
                if key not in DROPPED
            }
            request.session[SESSION_KEY] = kept
            messages.info(
                request,
                "Your session had ended, so nothing was saved yet. Log in again and "
                "what you typed will be back on the page.",
            )
            return redirect_to_login(request.path)
        return view(request, *args, **kwargs)

    return wrapper


def pop_kept_post(request: HttpRequest) -> QueryDict | None:
    kept = request.session.get(SESSION_KEY) or {}
    fields = kept.pop(request.path, None)
    if fields is None:
        return None
    request.session[SESSION_KEY] = kept
    data = QueryDict(mutable=True)
    for key, values in fields.items():
        data.setlist(key, values)
    return data
