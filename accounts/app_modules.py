"""Find a module of the same name in every installed app (`demo`, `upkeep`).

Apps to the right of accounts add demo data and upkeep without accounts importing
them: dependencies keep pointing one way.
"""

from importlib import import_module
from types import ModuleType

from django.apps import apps


def modules_named(name: str) -> list[ModuleType]:
    """`<app>.<name>` for each installed app that has one, in INSTALLED_APPS order."""
    found = []
    for app_config in apps.get_app_configs():
        try:
            found.append(import_module(f"{app_config.name}.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.{name}":
                raise
    return found
