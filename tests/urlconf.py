"""The URL configuration as a flat list, for tests that must cover every URL
(the workspace isolation test, the accessibility test): a pattern added later
is in the list with no further work."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    """One URL pattern: its name as `reverse` takes it (None when the pattern
    has no name), the route as written, the keywords it takes at every level."""

    name: str | None
    route: str
    keywords: tuple[str, ...]
    namespaces: tuple[str, ...]


def every_route(resolver: URLResolver | None = None) -> Iterator[Route]:
    """Every pattern of the URLconf, includes walked recursively."""
    yield from _walk(resolver or get_resolver(), (), "", ())


def _walk(
    resolver: URLResolver,
    namespaces: tuple[str, ...],
    prefix: str,
    keywords: tuple[str, ...],
) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        found = keywords + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry, inner, route, found)
        elif isinstance(entry, URLPattern):
            name = ":".join([*namespaces, entry.name]) if entry.name else None
            yield Route(name, route, found, namespaces)
