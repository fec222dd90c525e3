"""Deployment checks of core's settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_trusted_proxies(app_configs=None, **kwargs) -> list[Warning]:
    """Behind a TLS proxy with no proxy trusted for client addresses, every
    visitor has the proxy's address: one client's failed logins or survey
    posts would limit everyone."""
    if settings.SECURE_PROXY_SSL_HEADER and settings.TRUSTED_PROXY_COUNT == 0:
        return [
            Warning(
                "The site is behind a proxy (DJANGO_BEHIND_PROXY) but "
                "DJANGO_TRUSTED_PROXY_COUNT is 0, so rate limits and login "
                "throttles count every client as the proxy.",
                hint="Set DJANGO_TRUSTED_PROXY_COUNT to the number of proxies that "
                "append to X-Forwarded-For (1 for a single nginx).",
                id="core.W001",
            )
        ]
    return []
