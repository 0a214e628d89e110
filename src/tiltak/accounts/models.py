"""Accounts are Django's own users (the e-mail address is the user name); what a user may do comes from
their ``Membership`` rows: a role, and for a contributor the places (municipalities or regions) they speak
for. ``tiltak.accounts.permissions`` reads these and is the only place that decides.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Ordered from least to most: a higher role may do everything a lower one may."""

    CONTRIBUTOR = "contributor", _("contributor")
    EDITOR = "editor", _("editor")
    ADMIN = "admin", _("admin")


ROLE_RANK = {Role.CONTRIBUTOR: 1, Role.EDITOR: 2, Role.ADMIN: 3}


class Membership(models.Model):
    """A user's role, bound to a place for a contributor (one row per place), catalog-wide (no place)
    for an editor or an admin."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "role", "place"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "place"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(place=None), name="membership_unique_global"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role}{' ' + self.place.name if self.place else ''}"


class ApiToken(models.Model):
    """A user's API token, stored as its SHA-256 digest (the token is random, 32 bytes: a slow hash adds
    nothing). One per user: a new token replaces the old one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token of {self.user}"
