"""A fixed-window rate limiter shared by every process through PostgreSQL.

One upsert per hit counts it and returns the window's total, so limits hold across
gunicorn workers and machines without another service.
"""

from datetime import timedelta

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

_HIT_SQL = """
INSERT INTO core_ratelimitbucket AS b (key, window_start, hits)
VALUES (%(key)s, %(now)s, 1)
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN b.window_start <= %(expired_before)s THEN 1 ELSE b.hits + 1 END,
    window_start = CASE WHEN b.window_start <= %(expired_before)s
                        THEN %(now)s ELSE b.window_start END
RETURNING hits
"""

_COUNT_SQL = """
SELECT hits FROM core_ratelimitbucket
WHERE key = %(key)s AND window_start > %(expired_before)s
"""


def hit(key: str, *, window_seconds: int) -> int:
    """Count one hit for `key` and return the hits in the current window."""
    with connection.cursor() as cursor:
        cursor.execute(_HIT_SQL, _params(key, window_seconds))
        return cursor.fetchone()[0]


def count(key: str, *, window_seconds: int) -> int:
    """Hits for `key` in the current window, without counting one."""
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_SQL, _params(key, window_seconds))
        row = cursor.fetchone()
    return row[0] if row else 0


def reset(key: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_ratelimitbucket WHERE key = %s", [key])


def is_limited(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count a hit and say whether `key` went over `limit` in this window."""
    return hit(key, window_seconds=window_seconds) > limit


def _params(key: str, window_seconds: int) -> dict:
    now = timezone.now()
    return {
        "key": key,
        "now": now,
        "expired_before": now - timedelta(seconds=window_seconds),
    }


def client_address(request: HttpRequest | None) -> str:
    """The address a per-client limit counts by."""
    if request is None:
        return "unknown"
    return request.META.get("REMOTE_ADDR") or "unknown"
