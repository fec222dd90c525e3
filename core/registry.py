"""Functions each app contributes to a project-wide command (`upkeep`, `seed_demo`).

An app registers a function from a module of an agreed name (`fitcheck/upkeep.py`
holds `@upkeep.register def run() ...`); the command finds those modules with
Django's `autodiscover_modules`, as the admin finds each app's `admin.py`. So a
lower app runs the work of the apps above it without importing them, and the
dependencies keep pointing one way.
"""

from collections.abc import Callable

from django.apps import apps
from django.utils.module_loading import autodiscover_modules


class AppRegistry:
    """The functions registered from each installed app's `<module_name>.py`."""

    def __init__(self, module_name: str) -> None:
        self.module_name = module_name
        self._registry: dict[str, Callable] = {}

    def register(self, function: Callable) -> Callable:
        self._registry[f"{function.__module__}.{function.__qualname__}"] = function
        return function

    def discover(self) -> list[Callable]:
        """Every app's functions, in the order of INSTALLED_APPS (which is not
        always the order their modules were first imported in): a later app may
        build on what an earlier one did, as demo data does."""
        autodiscover_modules(self.module_name)
        order = [app_config.name for app_config in apps.get_app_configs()]
        return sorted(
            self._registry.values(),
            key=lambda function: order.index(
                apps.get_containing_app_config(function.__module__).name
            ),
        )
