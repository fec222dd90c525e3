"""Failed-login throttling, per account and per client address."""

from django.conf import settings

from core import ratelimit


def login_blocked(*, email: str, address: str) -> bool:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    return (
        ratelimit.count(_account_key(email), window_seconds=window)
        >= settings.LOGIN_FAILURES_PER_ACCOUNT
        or ratelimit.count(_address_key(address), window_seconds=window)
        >= settings.LOGIN_FAILURES_PER_ADDRESS
    )


def record_login_failure(*, email: str, address: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    ratelimit.hit(_account_key(email), window_seconds=window)
    ratelimit.hit(_address_key(address), window_seconds=window)


def clear_login_failures(*, email: str) -> None:
    ratelimit.reset(_account_key(email))


def _account_key(email: str) -> str:
    return f"login:account:{email.strip().lower()}"


def _address_key(address: str) -> str:
    return f"login:address:{address}"
