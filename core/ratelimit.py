"""A fixed-window rate limiter shared by every process through PostgreSQL.

One upsert per hit counts it and returns the window's total, so limits hold across
gunicorn workers and machines without another service.
"""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from core.models import RateLimitBucket

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


def reset_prefix(prefix: str) -> None:
    """Forget every key that starts with `prefix`."""
    RateLimitBucket.objects.filter(key__startswith=prefix).delete()


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
    """The address a per-client limit counts by.

    With no trusted proxy (settings.TRUSTED_PROXY_COUNT = 0) it is the
    connection's address: X-Forwarded-For is anyone's to write. Behind N
    trusted proxies, each appends the address it was connected from, so the
    client is the Nth entry from the right; whatever stands left of it came
    from the client and is ignored. A missing or garbled entry falls back to
    the connection's address, which never lets a client pick its own.
    """
    if request is None:
        return "unknown"
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry.strip() for entry in forwarded.split(",")]
    # Fewer entries than proxies: the request skipped an outer proxy, and every
    # entry was written by one of ours; the farthest is the client.
    candidate = entries[-proxies] if len(entries) >= proxies else entries[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
