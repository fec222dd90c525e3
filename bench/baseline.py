"""The bare Django views every scenario is compared against.

They run through the same middleware, settings and ATOMIC_REQUESTS as the app, so a
ratio measures what the app's own code costs on top of Django and the database.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

TABLE_SQL = """
CREATE TABLE IF NOT EXISTS bench_baseline_row (
    id bigserial PRIMARY KEY,
    created_at timestamptz NOT NULL,
    note text NOT NULL
)
"""


def prepare_table() -> None:
    """Create the insert view's table (raw SQL: the bench has no migrations) and
    empty it, so every run inserts into a table of the same size."""
    with connection.cursor() as cursor:
        cursor.execute(TABLE_SQL)
        cursor.execute("TRUNCATE bench_baseline_row")


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello")


@csrf_exempt
@require_POST
def insert(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_baseline_row (created_at, note) VALUES (now(), %s)",
            [request.POST.get("note", "")],
        )
    return HttpResponse(status=201)


@login_required
def layout(request: HttpRequest) -> HttpResponse:
    """The least a practitioner's page does: load the session, the user and the
    workspace, and render the site's layout (navigation included) with nothing in
    it. Not a baseline: the floor under every logged-in page (see bench/README.md).
    """
    assert request.workspace is not None
    return render(request, "base.html")
