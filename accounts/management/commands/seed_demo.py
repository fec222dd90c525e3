from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo


class Command(BaseCommand):
    help = (
        "Create or refresh the demo workspace, its logins and each app's demo data. "
        "Safe to run again: it never duplicates what is there."
    )

    def handle(self, *args, **options) -> None:
        context = demo.DemoContext(write=self.stdout.write, site_url=settings.SITE_URL)
        with transaction.atomic():
            for seed in demo.registry.discover():
                seed(context)
