"""Template tags every template gets without `{% load %}` (TEMPLATES' builtins).

`{% url %}` here is Django's, remembering what it worked out: reversing a name
costs a tenth of a millisecond or so, and the layout alone has a dozen links, on
every page. An address depends only on what the cache key holds.
"""

import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

# Arguments whose text cannot change while they stay equal. A model instance is
# equal to another with its primary key, but its text may differ.
KEYABLE_TYPES = (int, str)


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        if not all(type(v) in KEYABLE_TYPES for v in (*args, *kwargs.values())):
            return super().render(context)
        key = (
            self.view_name.resolve(context),
            tuple(args),
            tuple(sorted(kwargs.items())),
            *_surroundings(context),
        )
        try:
            url = _reverse(*key)
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def _surroundings(context) -> tuple:
    """What else an address depends on: the app, URLconf, prefix and language
    of the request, the same for all its links (worked out once per request)."""
    request = getattr(context, "request", None)
    if request is None:
        return _current_surroundings(None)
    if not hasattr(request, "_url_surroundings"):
        request._url_surroundings = _current_surroundings(request)
    return request._url_surroundings


def _current_surroundings(request) -> tuple:
    try:
        current_app = request.current_app
    except AttributeError:
        try:
            current_app = request.resolver_match.namespace
        except AttributeError:
            current_app = None
    return current_app, get_urlconf(), get_script_prefix(), get_language()


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


@functools.lru_cache(maxsize=4096)
def _reverse(view_name, args, kwargs, current_app, urlconf, prefix, language) -> str:
    return reverse(
        view_name,
        urlconf=urlconf,
        args=args,
        kwargs=dict(kwargs),
        current_app=current_app,
    )


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
