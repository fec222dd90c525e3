"""Every ModelForm of the project holds each text field to its column: a form
that lets through more than the column holds answers a 500 (value too long)
instead of a message beside the field. Forms are found, not listed, so a new
one is checked with no change here."""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import FieldDoesNotExist
from django.db import models

PROJECT_APPS = (
    "accounts",
    "audit",
    "core",
    "feedback",
    "fitcheck",
    "personas",
    "privacy",
)


def _import_every_module() -> None:
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)


def _model_forms() -> list[type[forms.ModelForm]]:
    _import_every_module()
    found, pending = [], [forms.ModelForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            model = getattr(getattr(subclass, "_meta", None), "model", None)
            if model is not None and subclass.__module__.split(".")[0] in PROJECT_APPS:
                found.append(subclass)
    return found


def _column_length(model_field: models.Field) -> int | None:
    if isinstance(model_field, ArrayField):
        model_field = model_field.base_field
    if isinstance(model_field, models.CharField) and not model_field.choices:
        return model_field.max_length
    return None


# Fields a form replaces when it is made, with where the limit is kept then.
REPLACED_WHEN_MADE = {
    ("ContactForm", "reported_pains"): "ticked persona texts; typed ones: other_…",
    ("ContactForm", "goals"): "ticked persona texts; typed ones: other_…",
    ("ContactForm", "red_flags"): "ticked persona texts; typed ones: other_…",
    ("CriterionForm", "expected"): "fitcheck.forms._expected_field (300 a line)",
}


def _too_long(form_class: type[forms.ModelForm]) -> list[str]:
    model = form_class._meta.model
    problems = []
    for name, form_field in form_class.base_fields.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:  # A form field of its own (not a column).
            continue
        if (form_class.__name__, name) in REPLACED_WHEN_MADE:
            continue
        column = _column_length(model_field)
        allowed = getattr(form_field, "max_length", None)
        if column is not None and (allowed is None or allowed > column):
            problems.append(
                f"{form_class.__module__}.{form_class.__name__}.{name}: "
                f"form allows {allowed}, column holds {column}"
            )
    return problems


def test_the_project_has_model_forms_to_check():
    assert len(_model_forms()) > 10
    assert apps.ready


@pytest.mark.parametrize("form_class", _model_forms(), ids=lambda f: f.__name__)
def test_no_model_form_allows_a_text_longer_than_its_column(form_class):
    assert not _too_long(form_class)
