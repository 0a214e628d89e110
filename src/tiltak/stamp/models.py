from __future__ import annotations

from django.db import models


class ChangeStamp(models.Model):
    """One row (pk 1): the state of the catalog that caches were built from. See ``tiltak.stamp``."""

    token = models.CharField(max_length=32)
    counter = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.counter} ({self.token})"
