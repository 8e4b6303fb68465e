from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """One rate limit's count in its current fixed window (common.ratelimit), kept in the
    database when no Redis is configured. The row is locked while it is counted."""

    key = models.CharField(max_length=255, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.count} since {self.window_start:%Y-%m-%d %H:%M:%S}"
