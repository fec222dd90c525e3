from django.utils.module_loading import import_string

from core.models import OutboundEmail
from core.tasks import send_email


def test_emails_queued_before_the_task_moved_to_core_still_find_it():
    # The database queue keeps each task's import path; rows queued by an
    # earlier release name accounts.tasks.send_email.
    assert import_string("accounts.tasks.send_email") is send_email


def test_an_email_queued_before_the_outbox_goes_through_it_with_its_html_part(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_email.call(
            to=["ana@example.com"], subject="Hello", body="Plain", html="<p>Rich</p>"
        )
    (message,) = mailoutbox
    assert (message.to, message.subject, message.body) == (
        ["ana@example.com"],
        "Hello",
        "Plain",
    )
    assert message.alternatives[0].content == "<p>Rich</p>"
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
