"""Catalog entries: one initiative each, with every part of the catalog template.

Nothing a document says is dropped. The four template lists and the subject areas are ``ListItem`` rows
that keep the wording as written beside the concept it was mapped to; any other headed section is a
``Section``; provenance is a ``Source`` row per imported file; every saved state is an ``EntryVersion``;
every change is an ``AuditEvent``. Change these only through ``tiltak.catalog.services`` (whose verbs all
end in the write funnel, ``tiltak.catalog.changes``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tiltak.catalog.template import LIST_NAMES, SCHEME_FOR_LIST  # noqa: F401 - re-exported for callers


class Entry(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    class Language(models.TextChoices):
        NB = "nb", _("bokmål")
        NN = "nn", _("nynorsk")

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=500)
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)
    main_goal = models.TextField(blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.NB)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    archive_notice = models.TextField(blank=True)
    # The standard "presented without assessment" paragraph, kept verbatim but shown apart from the body.
    footer = models.TextField(blank=True)
    period_start = models.PositiveSmallIntegerField(null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(null=True, blank=True)
    web_addresses = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = "entries"
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["language"]),
            # The search's catalog fingerprint asks for the latest change on every request.
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class ListName(models.TextChoices):
    """The template lists (declared in ``tiltak.catalog.template``), as model choices."""

    SUBJECT_AREAS = "subject_areas", _("subject areas")
    ACTIVITIES = "activities", _("activities")
    SELLING_POINTS = "selling_points", _("selling points")
    PARTNERS = "partners", _("partners")
    TARGET_GROUPS = "target_groups", _("target groups")


class ListItem(models.Model):
    """One item of a template list, as written, and the concept it means (or none, for review)."""

    class Match(models.TextChoices):
        EXACT = "exact", "exact label or variant"
        NORMALIZED = "normalized", "same words after nb/nn folding and stemming"
        FUZZY = "fuzzy", "close spelling (typo)"
        ORGANISATION = "organisation", "named organisation given its kind"
        EDITOR = "editor", "decided by an editor"
        UNMAPPED = "unmapped", "no concept: awaiting review"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="items")
    list_name = models.CharField(max_length=20, choices=ListName.choices)
    position = models.PositiveIntegerField()
    # The item as written (for a bullet that held two items, this item's part of it).
    text = models.TextField()
    # The whole bullet when it was split into several items; blank otherwise.
    bullet = models.TextField(blank=True)
    concept = models.ForeignKey(
        "vocabulary.Concept", null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    match = models.CharField(max_length=20, choices=Match.choices, default=Match.UNMAPPED)
    score = models.FloatField(default=0.0)
    # For a partner item naming an organisation ("Telemark fylkeskommune"), the name; concept is its kind.
    organisation = models.CharField(max_length=300, blank=True)
    # An editorial note in parentheses, set aside before mapping ("(nede pr 2013, red.)").
    note = models.CharField(max_length=500, blank=True)
    # The same item stood earlier in the same list; kept so nothing is lost, left out of counts.
    repeat = models.BooleanField(default=False)

    class Meta:
        ordering = ["entry", "list_name", "position"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "list_name", "position"], name="item_position_unique")
        ]
        indexes = [models.Index(fields=["list_name", "concept"])]

    def __str__(self) -> str:
        return self.text


class Section(models.Model):
    """Any other headed part of a page (Arbeidsområder, Organisering, Periode, Eierskap …)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=300)
    # Normalized heading ("arbeidsomrader"), to group the same section across written forms.
    key = models.SlugField(max_length=100)
    text = models.TextField(blank=True)
    items = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["entry", "position"]

    def __str__(self) -> str:
        return self.heading


class EntryPlace(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="entry_places")
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="entry_places")
    # The words in the text that named it ("Vest-Telemark", "Tokke kommune").
    mention = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "place"], name="entry_place_unique")]


class Source(models.Model):
    """Where an entry's content came from: one row per imported file (newest is the entry's current)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="sources")
    file_name = models.CharField(max_length=500)
    source_url = models.URLField(max_length=1000, blank=True)
    # The key that recognises the same document on re-import: the source address if known, else the name.
    identity = models.CharField(max_length=1000, db_index=True)
    checksum = models.CharField(max_length=64)
    format = models.CharField(max_length=10)
    encoding = models.CharField(max_length=40, blank=True)
    size = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["entry", "-imported_at", "-id"]


class Via(models.TextChoices):
    """How a change reached the catalog (an ``Actor``'s channel)."""

    CLI = "cli", _("command line")
    WEB = "web", _("web")
    API = "api", _("API")
    IMPORT = "import", _("import")


class AuditCode(models.TextChoices):
    """Every action code an audit row can carry, namespaced by app, declared here once."""

    ENTRY_CREATED = "catalog.entry.created", _("entry created")
    ENTRY_UPDATED = "catalog.entry.updated", _("entry updated")
    ENTRY_RESTORED = "catalog.entry.restored", _("old version restored")
    ENTRY_PUBLISHED = "catalog.entry.published", _("entry published")
    ENTRY_ARCHIVED = "catalog.entry.archived", _("entry archived")
    ENTRY_UNARCHIVED = "catalog.entry.unarchived", _("entry restored from the archive")
    ENTRY_DELETED = "catalog.entry.deleted", _("entry deleted")
    ITEM_MAPPED = "vocabulary.item.mapped", _("list item mapped")
    FIGURE_CORRECTED = "evidence.figure.corrected", _("figure corrected")


class EntryVersion(models.Model):
    """An entry's content after each change (the history editors browse and restore from).

    ``data`` is content only, what an editor can change (``tiltak.catalog.versions.entry_content``): no ids,
    version numbers, addresses or import times, so two versions differ only where the content does. Who,
    when, why and from which file are columns beside it.
    """

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=200)
    actor = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entry_versions",
    )
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.CLI)
    # The imported file this version came from (none for an editor's change).
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="versions"
    )

    class Meta:
        ordering = ["entry", "number"]
        constraints = [models.UniqueConstraint(fields=["entry", "number"], name="version_unique")]


class AuditEvent(models.Model):
    """Who did what, when, and how. ``actor`` is the acting user's name, or for the command line and the
    import the login name given; ``user`` points at the account when there is one. ``details`` hold ids and
    version numbers only, never an entry's text (personal data must not be copied into the log)."""

    at = models.DateTimeField(auto_now_add=True)
    actor = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.CLI)
    action = models.CharField(max_length=50, choices=AuditCode.choices)
    entry = models.ForeignKey(Entry, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit")
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
