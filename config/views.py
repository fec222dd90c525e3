"""Site-wide pages: the home page, the health check and the error pages."""

import sys

from django.db import DatabaseError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

RETRY_AFTER_SECONDS = 30


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    return render(request, "home.html")


# The one view outside the request transaction: opening it is the first thing to
# touch the database, so with the database down the check would fail before it
# runs and never give its own answer.
@transaction.non_atomic_requests
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """Answer 503 when the database is unreachable, 500 otherwise.

    Neither page touches the database or the request context: they render from
    static templates so they work when nothing else does.
    """
    exc_type = sys.exc_info()[0]
    if exc_type is not None and issubclass(exc_type, OperationalError):
        body = loader.get_template("503.html").render()
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
