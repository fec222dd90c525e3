"""Wrong codes counted per account: past the limit, the code step stops checking
codes for the rest of the window, wherever they come from."""

from django.conf import settings

from accounts.models import User
from core import ratelimit


def codes_blocked(user: User) -> bool:
    return (
        ratelimit.count(_key(user), window_seconds=_window())
        >= settings.TWO_FACTOR_FAILURES_PER_ACCOUNT
    )


def record_code_failure(user: User) -> None:
    ratelimit.hit(_key(user), window_seconds=_window())


def clear_code_failures(user: User) -> None:
    ratelimit.reset(_key(user))


def _key(user: User) -> str:
    return f"two_factor:account:{user.pk}"


def _window() -> int:
    return settings.TWO_FACTOR_FAILURE_WINDOW_SECONDS
