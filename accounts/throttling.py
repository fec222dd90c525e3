"""Failed-login throttling by account AND client address, so that nobody can
lock an account out from elsewhere.

- From a device that has logged in to the account before (a signed cookie set
  at login, `remember_device`), failures count per account on known devices
  only: an attacker without the cookie cannot block the owner's own browser,
  even from the same address.
- From anywhere else, failures count per account and address together, and per
  address across accounts (one address trying many accounts). The right
  password from another address is never blocked.
- A successful login clears its own count; a completed password reset clears
  every count of the account (`lift_account_block`).

The counters are core.ratelimit's (PostgreSQL, shared by every process). Keys
name the account by a digest of its address, which fits the key column
whatever the address's length. django-axes does the account-and-address part
too, but needs its backend and middleware in the request path, resolves client
addresses its own way (we have one, core.ratelimit.client_address), and has no
notion of a known device; this module is a few counters on the store the
public rate limits already use.
"""

import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from core import ratelimit

DEVICE_COOKIE = "known_device"
DEVICE_SALT = "accounts.known_device"
DEVICE_COOKIE_AGE = 365 * 24 * 60 * 60
# A browser shared by a few people remembers each of their accounts.
ACCOUNTS_PER_DEVICE = 5


def login_blocked(*, email: str, address: str, known_device: bool) -> bool:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    if known_device:
        return (
            ratelimit.count(_known_device_key(email), window_seconds=window)
            >= settings.LOGIN_FAILURES_PER_ACCOUNT
        )
    return (
        ratelimit.count(_pair_key(email, address), window_seconds=window)
        >= settings.LOGIN_FAILURES_PER_ACCOUNT
        or ratelimit.count(_address_key(address), window_seconds=window)
        >= settings.LOGIN_FAILURES_PER_ADDRESS
    )


def record_login_failure(*, email: str, address: str, known_device: bool) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    if known_device:
        ratelimit.hit(_known_device_key(email), window_seconds=window)
        return
    ratelimit.hit(_pair_key(email, address), window_seconds=window)
    ratelimit.hit(_address_key(address), window_seconds=window)


def clear_login_failures(*, email: str, address: str, known_device: bool) -> None:
    key = _known_device_key(email) if known_device else _pair_key(email, address)
    ratelimit.reset(key)


def lift_account_block(*, email: str) -> None:
    """After a completed password reset: whoever guessed before is facing a new
    password, and the owner must be able to log in from anywhere."""
    ratelimit.reset_prefix(_account_prefix(email))


def is_known_device(request: HttpRequest, email: str) -> bool:
    return _account_mark(email) in _device_accounts(request)


def remember_device(request: HttpRequest, response: HttpResponse, email: str) -> None:
    """Mark this browser as one the account has logged in from."""
    marks = [m for m in _device_accounts(request) if m != _account_mark(email)]
    marks = [_account_mark(email), *marks][:ACCOUNTS_PER_DEVICE]
    response.set_signed_cookie(
        DEVICE_COOKIE,
        " ".join(marks),
        salt=DEVICE_SALT,
        max_age=DEVICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _device_accounts(request: HttpRequest) -> list[str]:
    value = request.get_signed_cookie(
        DEVICE_COOKIE, default="", salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE
    )
    return value.split()


def _account_mark(email: str) -> str:
    """The account as the cookie names it: keyed, so the cookie does not show
    the address and cannot be made up for another account."""
    return salted_hmac(DEVICE_SALT, _normal(email), algorithm="sha256").hexdigest()[:24]


def _normal(email: str) -> str:
    return email.strip().lower()


def _account_prefix(email: str) -> str:
    digest = hashlib.sha256(_normal(email).encode()).hexdigest()[:32]
    return f"login:account:{digest}:"


def _pair_key(email: str, address: str) -> str:
    return f"{_account_prefix(email)}from:{address}"


def _known_device_key(email: str) -> str:
    return f"{_account_prefix(email)}known-device"


def _address_key(address: str) -> str:
    return f"login:address:{address}"
