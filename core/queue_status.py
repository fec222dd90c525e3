"""How the task queue is doing, for monitoring: `manage.py queue_status`.

The database queue (django-tasks-db) is a table, so its depth is a count: tasks
ready to run, how long the oldest of them has waited, tasks running now, and
tasks that failed lately. A ready count that keeps growing, or an oldest wait
of minutes, means the workers do not keep up: add a worker (see the README's
"Running at scale"). A failed task's error is in the admin's task results until
`manage.py upkeep` deletes it with the other finished tasks, a week on.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

FAILED_WINDOW = timedelta(days=1)


@dataclass(frozen=True)
class QueueStatus:
    ready: int
    oldest_ready_seconds: float
    running: int
    failed_last_day: int

    def lines(self) -> list[str]:
        """One `name value` line each, easy for a monitoring agent to read."""
        return [
            f"tasks_ready {self.ready}",
            f"oldest_ready_seconds {self.oldest_ready_seconds:.0f}",
            f"tasks_running {self.running}",
            f"tasks_failed_last_day {self.failed_last_day}",
        ]


def queue_status(now: datetime | None = None) -> QueueStatus:
    """The queue's figures, in two queries."""
    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    counts = ready.aggregate(ready=Count("pk"), oldest=Min("enqueued_at"))
    others = DBTaskResult.objects.aggregate(
        running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
        failed=Count(
            "pk",
            filter=Q(
                status=TaskResultStatus.FAILED, finished_at__gte=now - FAILED_WINDOW
            ),
        ),
    )
    oldest = counts["oldest"]
    return QueueStatus(
        ready=counts["ready"],
        oldest_ready_seconds=(now - oldest).total_seconds() if oldest else 0.0,
        running=others["running"],
        failed_last_day=others["failed"],
    )
