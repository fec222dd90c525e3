"""Letting chosen sites show a page in a frame; every other page refuses all framing.

The site-wide defaults refuse framing twice: `X-Frame-Options: DENY`
(XFrameOptionsMiddleware) and CSP `frame-ancestors 'none'` (SECURE_CSP).
`allow_framing` lifts both for one response only, through Django's own view
decorators: `xframe_options_exempt` (X-Frame-Options cannot name sites) and
`csp_override` with the same policy but `frame-ancestors` set to the sites.
Browsers that know CSP (all current ones) obey `frame-ancestors`.
"""

import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.csp import CSP
from django.views.decorators.clickjacking import (
    xframe_options_exempt,
    xframe_options_sameorigin,
)
from django.views.decorators.csp import csp_override

# An origin a practitioner may list: https, a host name, maybe a port. No path,
# no wildcard, no user name: a frame-ancestors source should say one site.
ORIGIN = re.compile(
    r"https://(?P<host>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}|localhost)"
    r"(?::(?P<port>[0-9]{1,5}))?"
)


def normalise_origin(text: str) -> str:
    """`text` as an origin ("https://host[:port]", lower case, no trailing
    slash). Raises ValueError, with a sentence for the person who typed it."""
    origin = text.strip().rstrip("/").lower()
    match = ORIGIN.fullmatch(origin)
    if not origin.startswith("https://"):
        raise ValueError(f"“{text.strip()}” must start with https://")
    if match is None:
        raise ValueError(
            f"“{text.strip()}” is not a site address: use https:// and the site's "
            "name only, like https://www.example.com (no page, no *)."
        )
    port = match.group("port")
    if port is not None and not 0 < int(port) < 65536:
        raise ValueError(f"“{text.strip()}” has a port out of range.")
    if port == "443":
        origin = origin.removesuffix(":443")
    return origin


def allow_framing(
    request: HttpRequest, response: HttpResponse, origins: Iterable[str]
) -> HttpResponse:
    """`response`, which `origins` may show in a frame (no change without any)."""
    origins = list(origins)
    if not origins:
        return response
    policy = {**settings.SECURE_CSP, "frame-ancestors": origins}
    allowed = xframe_options_exempt(csp_override(policy)(lambda request: response))
    return allowed(request)


def framed_by_self(view: Callable) -> Callable:
    """A view whose pages only this site may frame (a preview on our own page)."""
    policy = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
    return xframe_options_sameorigin(csp_override(policy)(view))
