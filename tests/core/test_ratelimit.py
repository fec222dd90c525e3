from core import ratelimit


def test_hits_count_up_within_a_window(db):
    assert [ratelimit.hit("k", window_seconds=60) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.count("k", window_seconds=60) == 3


def test_an_expired_window_starts_again(db):
    ratelimit.hit("k", window_seconds=60)
    ratelimit.hit("k", window_seconds=60)
    assert ratelimit.hit("k", window_seconds=0) == 1


def test_keys_are_counted_apart_and_can_be_reset(db):
    ratelimit.hit("a", window_seconds=60)
    ratelimit.hit("b", window_seconds=60)
    ratelimit.reset("a")
    assert ratelimit.count("a", window_seconds=60) == 0
    assert ratelimit.count("b", window_seconds=60) == 1


def test_is_limited_says_yes_past_the_limit(db):
    results = [ratelimit.is_limited("k", limit=2, window_seconds=60) for _ in range(3)]
    assert results == [False, False, True]


def test_upkeep_deletes_counters_older_than_a_day(db):
    from datetime import timedelta

    from django.utils import timezone

    from core import upkeep
    from core.models import RateLimitBucket

    ratelimit.hit("fresh", window_seconds=60)
    ratelimit.hit("old", window_seconds=60)
    RateLimitBucket.objects.filter(key="old").update(
        window_start=timezone.now() - timedelta(days=2)
    )
    assert upkeep.prune_rate_limit_counters() == {"old rate-limit counters deleted": 1}
    assert list(RateLimitBucket.objects.values_list("key", flat=True)) == ["fresh"]
