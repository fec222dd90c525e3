from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers every app shares; imports no app (see core/__init__.py)."""

    name = "core"
    verbose_name = "Shared helpers"
