"""config/template_builtins.py: `{% url %}` gives what Django's gives, remembered."""

from dataclasses import dataclass, field

import pytest
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import NoReverseMatch, path, reverse, set_script_prefix

# A URLconf of this module's own, for the tests that swap it in.
urlpatterns = [path("things/<str:name>/", HttpResponse, name="thing")]


@dataclass
class Thing:
    """Equal to another with its id, as model instances are, but its text may
    change: like a model instance whose name was edited."""

    id: int
    name: str = field(compare=False)

    def __hash__(self) -> int:
        return hash(self.id)

    def __str__(self) -> str:
        return self.name


def render(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_an_address_is_what_reverse_gives(db):
    assert render("{% url 'personas:list' %}") == reverse("personas:list")
    assert render("{% url 'personas:detail' 7 %}") == reverse(
        "personas:detail", args=[7]
    )
    assert render("{% url 'personas:detail' persona_id=7 %}") == reverse(
        "personas:detail", args=[7]
    )


def test_an_argument_that_is_not_text_or_a_number_is_not_remembered(settings):
    settings.ROOT_URLCONF = __name__
    thing = Thing(1, "first")
    assert render("{% url 'thing' thing %}", thing=thing) == "/things/first/"
    thing.name = "second"
    assert render("{% url 'thing' thing %}", thing=thing) == "/things/second/"


def test_an_unknown_name_fails_as_with_django_unless_kept_in_a_variable(db):
    with pytest.raises(NoReverseMatch):
        render("{% url 'personas:nowhere' %}")
    assert render("{% url 'personas:nowhere' as there %}[{{ there }}]") == "[]"
    assert render("{% url 'personas:list' as there %}[{{ there }}]") == (
        f"[{reverse('personas:list')}]"
    )


def test_the_script_prefix_is_part_of_the_address(db):
    before = render("{% url 'personas:list' %}")
    set_script_prefix("/under/")
    try:
        assert render("{% url 'personas:list' %}") == "/under" + before
    finally:
        set_script_prefix("/")
    assert render("{% url 'personas:list' %}") == before


def test_another_urlconf_in_the_settings_is_not_answered_from_memory(settings):
    assert render("{% url 'personas:list' %}") == reverse("personas:list")
    settings.ROOT_URLCONF = __name__  # It has no personas:list.
    assert render("{% url 'personas:list' as there %}[{{ there }}]") == "[]"
    assert render("{% url 'thing' 'x' %}") == "/things/x/"


def test_a_request_in_the_context_gives_its_addresses(rf: RequestFactory, db):
    request = rf.get("/")
    html = Template("{% url 'personas:list' %} {% url 'personas:detail' 3 %}").render(
        Context({"request": request})
    )
    assert html == f"{reverse('personas:list')} {reverse('personas:detail', args=[3])}"
