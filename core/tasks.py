"""Background email: every message leaves through this task, never in a request."""

from functools import partial

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task


@task
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    headers: dict[str, str] | None = None,
) -> None:
    message = EmailMultiAlternatives(subject, body, to=to, headers=headers or {})
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def enqueue_after_commit(task_obj, **kwargs) -> None:
    """Enqueue when the surrounding transaction commits, never for one that rolls
    back. With the database backend the enqueue is itself a row in that
    transaction; deferring it also keeps the immediate backend (tests) honest."""
    transaction.on_commit(partial(task_obj.enqueue, **kwargs))
