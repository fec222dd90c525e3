"""`manage.py queue_status`: the task queue's depth (core/queue_status.py)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.tasks import deliver_email


@pytest.fixture
def queue_in_database(settings, db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued(minutes_ago: int, status: str = TaskResultStatus.READY) -> None:
    result = deliver_email.enqueue(email_id=1)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=status,
        enqueued_at=timezone.now() - timedelta(minutes=minutes_ago),
        finished_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_an_empty_queue_reports_zeros(db, capsys):
    call_command("queue_status")
    assert capsys.readouterr().out.split("\n")[:-1] == [
        "tasks_ready 0",
        "oldest_ready_seconds 0",
        "tasks_running 0",
        "tasks_failed_last_day 0",
    ]


def test_the_queue_reports_its_depth_its_oldest_wait_and_recent_failures(
    queue_in_database, capsys
):
    queued(minutes_ago=3)
    queued(minutes_ago=1)
    queued(minutes_ago=0, status=TaskResultStatus.RUNNING)
    queued(minutes_ago=60, status=TaskResultStatus.FAILED)
    queued(minutes_ago=2 * 24 * 60, status=TaskResultStatus.FAILED)  # Long ago.
    queued(minutes_ago=5, status=TaskResultStatus.SUCCESSFUL)
    call_command("queue_status")
    lines = dict(line.split() for line in capsys.readouterr().out.splitlines())
    assert lines["tasks_ready"] == "2"
    assert 179 <= int(lines["oldest_ready_seconds"]) <= 185
    assert lines["tasks_running"] == "1"
    assert lines["tasks_failed_last_day"] == "1"
