from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers every app shares; imports no app (see core/__init__.py)."""

    name = "core"
    verbose_name = "Shared helpers"

    def ready(self) -> None:
        from core import checks  # noqa: F401 (registers the checks)
