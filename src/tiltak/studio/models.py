"""Submissions: what contributors send for review, a new initiative or a change to an existing entry. The
content waits here, in the export format's content shape (``serialize.entry_content``), until an editor
publishes it (through the catalog services), returns it with a comment, or rejects it with a reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    class Kind(models.TextChoices):
        NEW = "new", _("new initiative")
        CHANGE = "change", _("proposed change")

    class State(models.TextChoices):
        SENT = "sent", _("sent")
        RETURNED = "returned", _("returned with a comment")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SENT)
    # The entry a change is for; for a new initiative, the entry it became once published.
    entry = models.ForeignKey(
        "catalog.Entry", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    # The version a proposed change started from: publishing it is refused if the entry moved on.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    content = models.JSONField()
    title = models.CharField(max_length=500)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    # The editor's comment when returning, or reason when rejecting.
    comment = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["state", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
