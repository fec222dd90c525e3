"""Searching the whole database for a person's traces.

Every concrete field of every installed model that can hold text (char, text,
email, slug, URL, JSON and array columns, whatever the app) is cast to text and
searched, so a table added later is searched without changing the tests. The
task queue's table (django-tasks-db, an installed app) is one of them: its
arguments are JSON.
"""

from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, ArrayField)


def text_columns() -> list[tuple[type[models.Model], str]]:
    """(model, field name) for every text-like column of every installed model;
    CharField covers EmailField, SlugField and URLField, its subclasses."""
    return [
        (model, field.name)
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed
        for field in model._meta.concrete_fields
        if isinstance(field, TEXT_FIELDS)
    ]


def traces(*needles: str) -> list[str]:
    """ "app.Model.field" for each column where a row still holds one of the
    needles, compared without regard to case."""
    found = []
    for model, name in text_columns():
        condition = Q()
        for needle in needles:
            condition |= Q(scanned__icontains=needle)
        rows = model._default_manager.annotate(
            scanned=Cast(name, output_field=TextField())
        ).filter(condition)
        if rows.exists():
            found.append(f"{model._meta.label}.{name}")
    return found
