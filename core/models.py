from django.db import models
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
