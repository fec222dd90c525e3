"""Periodic upkeep (`manage.py upkeep`): what each app registers here, and core's own.

An app's `upkeep.py` decorates a function with `register`; the function does its
work and returns what it did as {description: count}.
"""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from core import outbox
from core.models import RateLimitBucket
from core.registry import AppRegistry

registry = AppRegistry("upkeep")
register = registry.register

# Every limiter window is far shorter than this.
KEEP_BUCKETS_FOR = timedelta(days=1)


@register
def prune_rate_limit_counters() -> dict[str, int]:
    cutoff = timezone.now() - KEEP_BUCKETS_FOR
    deleted, _ = RateLimitBucket.objects.filter(window_start__lt=cutoff).delete()
    return {"old rate-limit counters deleted": deleted}


@register
def clear_expired_sessions() -> dict[str, int]:
    # Anonymous sessions that kept a logged-out post expire within the hour
    # (core/kept_posts.py); Django's command deletes the expired rows. It does
    # not say how many.
    call_command("clearsessions")
    return {}


@register
def retry_emails() -> dict[str, int]:
    return outbox.sweep() | outbox.prune()
