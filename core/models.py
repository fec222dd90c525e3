from django.db import models


class RateLimitBucket(models.Model):
    """One counter per key and fixed window, shared by every process through the
    database (see core/ratelimit.py)."""

    key = models.CharField(max_length=200, primary_key=True)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
