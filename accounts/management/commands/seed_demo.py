from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DemoContext


class Command(BaseCommand):
    help = (
        "Create or refresh the demo workspace, its logins and each app's demo data. "
        "Safe to run again: it never duplicates what is there."
    )

    def handle(self, *args, **options) -> None:
        context = DemoContext(write=self.stdout.write, site_url=settings.SITE_URL)
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module = _demo_module(app_config.name)
                if module is not None:
                    module.seed(context)


def _demo_module(app_name: str):
    try:
        return import_module(f"{app_name}.demo")
    except ModuleNotFoundError as error:
        if error.name != f"{app_name}.demo":
            raise
        return None
