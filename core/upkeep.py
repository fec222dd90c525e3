"""Periodic upkeep (`manage.py upkeep`): what each app registers here, and core's own.

An app's `upkeep.py` decorates a function with `register`; the function does its
work and returns what it did as {description: count}.
"""

from datetime import timedelta

from django.utils import timezone

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
