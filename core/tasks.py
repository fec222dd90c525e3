"""Background email: every message leaves through a task, never in a request."""

from functools import partial

from django.db import transaction
from django.tasks import task


@task
def deliver_email(*, email_id: int) -> None:
    """Send one email of the outbox (core/outbox.py)."""
    # Imported here: the outbox imports this module to queue the task.
    from core import outbox

    outbox.deliver(email_id)


@task
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    headers: dict[str, str] | None = None,
) -> None:
    """Kept for the tasks queued before the outbox: the message goes through it
    now, so it is retried like the rest."""
    from core import outbox

    outbox.queue_email(
        kind="email", to=to, subject=subject, body=body, html=html, headers=headers
    )


def enqueue_after_commit(task_obj, **kwargs) -> None:
    """Enqueue when the surrounding transaction commits, never for one that rolls
    back. With the database backend the enqueue is itself a row in that
    transaction; deferring it also keeps the immediate backend (tests) honest."""
    transaction.on_commit(partial(task_obj.enqueue, **kwargs))
