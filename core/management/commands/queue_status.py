"""`manage.py queue_status`: the task queue's depth, for monitoring (see
core/queue_status.py)."""

from django.core.management.base import BaseCommand

from core.queue_status import queue_status


class Command(BaseCommand):
    help = "Print the task queue's depth: ready, oldest wait, running, failed."

    def handle(self, *args, **options) -> None:
        for line in queue_status().lines():
            self.stdout.write(line)
