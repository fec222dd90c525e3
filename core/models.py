from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone


class RateLimitBucket(models.Model):
    """One counter per key and fixed window, shared by every process through the
    database (see core/ratelimit.py)."""

    key = models.CharField(max_length=200, primary_key=True)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"


class BackgroundJob(models.Model):
    """A piece of work the worker does while a page shows its progress (see
    core/jobs.py for how a worker claims, runs and gives it up)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When its task was last put in the queue: upkeep queues it again when no
    # worker has claimed it for a while.
    queued_at = models.DateTimeField(default=timezone.now)
    # The worker running it, until when (a lease it renews batch by batch).
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class OutboundEmailQuerySet(models.QuerySet):
    def about(self, obj: models.Model) -> "OutboundEmailQuerySet":
        return self.filter(
            about_type=ContentType.objects.get_for_model(obj), about_id=obj.pk
        )

    def latest_about(
        self, model: type[models.Model], ids: list[int], *, kind: str
    ) -> dict[int, "OutboundEmail"]:
        """{object id: its latest email of `kind`}, in one query."""
        rows = (
            self.filter(
                about_type=ContentType.objects.get_for_model(model),
                about_id__in=ids,
                kind=kind,
            )
            .order_by("about_id", "-created_at", "-pk")
            .distinct("about_id")
            .defer("body", "html")
        )
        return {email.about_id: email for email in rows}


class OutboundEmail(models.Model):
    """One email the app sends (besides survey invitations, which keep their
    own delivery state on the invitation), from the moment it is queued until
    the mail server takes it or the last try fails (see core/outbox.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=40)
    to = ArrayField(models.EmailField())
    reply_to = ArrayField(models.EmailField(), default=list, blank=True)
    from_email = models.CharField(
        max_length=320, blank=True, help_text="Empty: DEFAULT_FROM_EMAIL."
    )
    headers = models.JSONField(default=dict, blank=True)
    subject = models.TextField()
    # Emptied once sent: bodies may hold single-use links and people's details.
    body = models.TextField(blank=True)
    html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    # Queued: not to be tried before this. Sending: when the worker's claim
    # runs out (it is taken for dead after that).
    next_try_at = models.DateTimeField(db_default=Now())
    # When a task to send it was last put in the queue.
    handed_at = models.DateTimeField(db_default=Now())
    created_at = models.DateTimeField(db_default=Now())
    sent_at = models.DateTimeField(null=True, blank=True)
    # What the email is about (a team invite, a contact), for the page that
    # shows whether it failed.
    about_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_try_at"]),
            models.Index(fields=["about_type", "about_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {', '.join(self.to)}"

    def get_kind_display(self) -> str:
        return self.kind.replace("_", " ").capitalize()
