"""What a scenario works with: `Bench`, its measurements, and the printed lines.

A scenario runs in the `make bench` process, where Django is set up with the bench
settings against the bench database, so it prepares users, sessions and rows with
the ORM directly, then measures the gunicorn server that shares that database.
"""

import http.client
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils.crypto import get_random_string
from django_otp import DEVICE_ID_SESSION_KEY

from bench import wrk
from bench.wrk import Request

if TYPE_CHECKING:
    # A model class: importing it at run time would need Django set up first.
    from django.contrib.auth.base_user import AbstractBaseUser
    from django_otp.plugins.otp_totp.models import TOTPDevice

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
# The CSRF middleware accepts its unmasked 32-character secret as the form token
# when the same secret is the cookie (CSRF_USE_SESSIONS is off).
CSRF_SECRET_LENGTH = 32


class MeasurementError(Exception):
    """A measurement that would give a misleading number: errors, wrong status."""


@dataclass(frozen=True)
class Measurement:
    rate: float
    unit: str = "req/s"
    # The app's 95th-percentile latency under the bench's concurrency (HTTP only).
    p95_ms: float | None = None
    # What else the line must say about the app (a peak of memory, say).
    note: str = ""


def format_line(name: str, app: Measurement, baseline: Measurement) -> str:
    if baseline.rate <= 0:
        return format_error(name, "the baseline measured 0")
    line = (
        f"{name}: ratio {app.rate / baseline.rate:.2f} "
        f"(app {app.rate:.0f} {app.unit}, baseline {baseline.rate:.0f} {baseline.unit})"
    )
    if app.p95_ms is not None:
        line += f" p95 {app.p95_ms:.0f} ms"
    if app.note:
        line += f"; {app.note}"
    return line


def format_error(name: str, message: str) -> str:
    return f"{name}: ERROR {message}"


def create_session(user: "AbstractBaseUser", *, two_factor: bool = False) -> str:
    """Log `user` in the way `django.contrib.auth.login` does; return the key.

    With `two_factor`, the session is also verified with an authenticator app, as
    django-otp's `login` leaves it after a code: the admin requires it of staff."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if two_factor:
        session[DEVICE_ID_SESSION_KEY] = authenticator_app(user).persistent_id
    session.save()
    return session.session_key


def authenticator_app(user: "AbstractBaseUser") -> "TOTPDevice":
    # Imported here: a model, and run.py imports this module before Django is set up.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"name": "Bench authenticator app"}
    )
    return device


@dataclass
class Bench:
    """The running server and the ways to measure it; every scenario gets one."""

    base_url: str
    folder: Path  # Scratch space for wrk's scripts.
    seconds: int = 5
    warmup_seconds: int = 1
    threads: int = 2
    connections: int = 8
    csrf_token: str = field(
        default_factory=lambda: get_random_string(CSRF_SECRET_LENGTH)
    )

    def measure_http(
        self,
        method: str,
        path: str,
        body: str | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        expect: int = 200,
    ) -> Measurement:
        """Requests per second for one request sent over and over."""
        return self._measure([Request(method, path, body)], headers, expect, step=1)

    def measure_paths(
        self,
        requests: Sequence[tuple[str, str, str | None]],
        headers: Mapping[str, str] | None = None,
        *,
        expect: int = 200,
    ) -> Measurement:
        """Requests per second when no request is sent twice (one-time tokens).

        Supply more requests than the run can send: about rate x 7 seconds, say
        10,000 for a page that may answer 1,400 a second. A run that runs out is an
        error, not a number.
        """
        listed = [Request(*request) for request in requests]
        return self._measure(listed, headers, expect, step=self.threads)

    def measure_callable(self, job: Callable[[], object], items: int) -> Measurement:
        """Items per second for one call of `job`, which handles `items` items."""
        started = time.perf_counter()
        job()
        return Measurement(items / (time.perf_counter() - started), "items/s")

    def csrf_headers(self) -> dict[str, str]:
        """Headers that let a form carrying `csrf_token` pass the CSRF checks."""
        return {
            "Cookie": f"{settings.CSRF_COOKIE_NAME}={self.csrf_token}",
            "Origin": self.base_url,
            "Referer": self.base_url + "/",
        }

    def logged_in_headers(
        self, user: "AbstractBaseUser", *, two_factor: bool = False
    ) -> dict[str, str]:
        """`csrf_headers()` plus the cookie of a real session for `user`."""
        headers = self.csrf_headers()
        key = create_session(user, two_factor=two_factor)
        session_cookie = f"{settings.SESSION_COOKIE_NAME}={key}"
        headers["Cookie"] += f"; {session_cookie}"
        return headers

    def form_body(self, fields: Mapping[str, str] | Sequence[tuple[str, str]]) -> str:
        """A urlencoded form body with the CSRF token; pairs allow repeated names."""
        pairs = list(fields.items()) if isinstance(fields, Mapping) else list(fields)
        return urlencode([*pairs, ("csrfmiddlewaretoken", self.csrf_token)])

    def _measure(
        self,
        requests: list[Request],
        headers: Mapping[str, str] | None,
        expect: int,
        step: int,
    ) -> Measurement:
        headers = _with_content_type(requests, headers or {})
        self._probe(requests[0], headers, expect)
        script = wrk.write_script(self.folder, requests, headers, step)
        # The probe used request 0; one-time requests go on from the next one.
        start = 1 if step > 1 else 0
        warm = self._run_wrk(script, start, self.warmup_seconds)
        result = self._run_wrk(script, warm.next_index if step > 1 else 0, self.seconds)
        _check(result, _label(requests), distinct=step > 1)
        return Measurement(result.rate, p95_ms=result.p95_ms)

    def _probe(self, request: Request, headers: dict[str, str], expect: int) -> None:
        """Send one request first: wrk counts a redirect to the login page, or a
        form re-rendered with errors, as a success."""
        address = urlsplit(self.base_url)
        connection = http.client.HTTPConnection(address.hostname, address.port)
        body = None if request.body is None else request.body.encode()
        try:
            connection.request(request.method, request.path, body, headers)
            status = connection.getresponse().status
        finally:
            connection.close()
        if status != expect:
            raise MeasurementError(
                f"{request.method} {request.path} answered {status}, expected {expect}"
            )

    def _run_wrk(self, script: Path, start: int, seconds: int) -> wrk.WrkResult:
        argv = wrk.command(
            self.base_url,
            script,
            start,
            seconds=seconds,
            threads=self.threads,
            connections=self.connections,
        )
        # The arguments are ours: the base URL and a script path this run wrote.
        done = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            raise MeasurementError(f"wrk failed: {done.stderr.strip()}")
        return wrk.parse_output(done.stdout)


def _with_content_type(
    requests: list[Request], headers: Mapping[str, str]
) -> dict[str, str]:
    has_body = any(request.body is not None for request in requests)
    if has_body and "Content-Type" not in headers:
        return {**headers, "Content-Type": FORM_CONTENT_TYPE}
    return dict(headers)


def _label(requests: list[Request]) -> str:
    first = f"{requests[0].method} {requests[0].path}"
    return first if len(requests) == 1 else f"{first} and {len(requests) - 1} more"


def _check(result: wrk.WrkResult, label: str, *, distinct: bool) -> None:
    if result.bad_status:
        raise MeasurementError(
            f"{label}: {result.bad_status} of {result.requests} responses were 4xx/5xx"
        )
    if result.socket_errors:
        raise MeasurementError(f"{label}: {result.socket_errors} socket errors")
    if distinct and result.wrapped:
        raise MeasurementError(f"{label}: ran out of distinct requests; supply more")
    if result.rate <= 0:
        raise MeasurementError(f"{label}: no request completed")
