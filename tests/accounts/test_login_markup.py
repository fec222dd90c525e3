"""The login page writes its fields out (templates/accounts/_login_fields.html)
instead of `{{ form|crispy }}`, for speed: the markup must stay crispy's."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.test.html import parse_html

from accounts.forms import LoginForm

CRISPY = "{% load crispy_forms_tags %}{{ form|crispy }}"
OURS = '{% include "accounts/_login_fields.html" %}'


def rendered(source: str, form: LoginForm) -> object:
    return parse_html(engines["django"].from_string(source).render({"form": form}))


def bound(data: dict) -> LoginForm:
    request = RequestFactory().post("/", data)
    request.session = {}
    form = LoginForm(request, data=data)
    form.is_valid()
    return form


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"username": "", "password": ""},
        {"username": "olivia@example.com", "password": ""},
        {"username": "olivia@example.com", "password": "wrong"},
    ],
    ids=["empty", "both missing", "password missing", "wrong password"],
)
def test_the_login_fields_are_crispys_markup(db, data):
    form = LoginForm(RequestFactory().get("/")) if data is None else bound(data)
    assert rendered(OURS, form) == rendered(CRISPY, form)


def test_a_wrong_password_is_an_error_above_the_fields(db):
    html = str(rendered(OURS, bound({"username": "a@example.com", "password": "x"})))
    assert "alert-danger" in html
    assert "correct email address and password" in html
