"""Periodic upkeep of core (see `manage.py upkeep`)."""

from datetime import timedelta

from django.utils import timezone

from core.models import RateLimitBucket

# Every limiter window is far shorter than this.
KEEP_BUCKETS_FOR = timedelta(days=1)


def run() -> dict[str, int]:
    cutoff = timezone.now() - KEEP_BUCKETS_FOR
    deleted, _ = RateLimitBucket.objects.filter(window_start__lt=cutoff).delete()
    return {"old rate-limit counters deleted": deleted}
