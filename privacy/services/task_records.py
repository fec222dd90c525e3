"""Finished background tasks keep their arguments (an email's recipient and
text among them) in the task queue's table: they go a week after they finished,
as uploaded contact files do. Nothing reads a finished task: the state that
matters lives on the business rows (invitations, jobs)."""

from datetime import timedelta

from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

FINISHED_TASKS_KEPT = timedelta(days=7)


def delete_finished_tasks(*, older_than: timedelta = FINISHED_TASKS_KEPT) -> int:
    finished = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=timezone.now() - older_than,
    )
    deleted, _ = finished.delete()
    return deleted
