"""`manage.py upkeep [--every SECONDS]`: every app's periodic upkeep.

Each installed app may have an `upkeep.py` that registers functions returning
`dict[str, int]` (what was done, how many) with `core.upkeep.register`: the fit
check re-queues background jobs a killed worker left, the feedback app re-queues
deliveries a stopped worker held and sends due reminders, core prunes old
rate-limit counters. Run it from cron every few minutes in production (`make run`
runs it every minute). Running it more often is harmless.
"""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from core import upkeep


class Command(BaseCommand):
    help = "Run every app's periodic upkeep once, or every SECONDS with --every."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, metavar="SECONDS")

    def handle(self, *args, every: int | None = None, **options) -> None:
        verbose = options["verbosity"] > 1
        if every is not None and every < 1:
            raise CommandError("--every needs a number of seconds of at least 1.")
        try:
            while True:
                self._run_once(verbose=verbose)
                if every is None:
                    return
                time.sleep(every)
                # A long-running process must not keep a connection the
                # database has since dropped.
                close_old_connections()
        except KeyboardInterrupt:
            return

    def _run_once(self, *, verbose: bool) -> None:
        for run in upkeep.registry.discover():
            for what, count in run().items():
                if count or verbose:
                    self.stdout.write(f"{what}: {count}")
