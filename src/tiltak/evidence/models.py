"""Figures read from an entry's text (``tiltak.evidence.reader``), one set per entry version.

The write funnel (``tiltak.catalog.changes.record_version``) calls ``tiltak.evidence.store.record_figures``
for every new version, so the figures always belong to a version and old versions keep theirs. A figure an
editor corrected (``edited``) is carried to each new version as it is, and the reader's figure at the same
place is left out, so a re-import never overwrites an editor's correction.
"""

from __future__ import annotations

from django.db import models

from tiltak.evidence.reader import HEDGES, KINDS, UNITS


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value, value.replace("_", " ")) for value in values]


class EntryFigure(models.Model):
    entry = models.ForeignKey("catalog.Entry", on_delete=models.CASCADE, related_name="figures")
    # The entry version these figures were read at (or carried to, for an edited figure).
    version = models.PositiveIntegerField()
    position = models.PositiveIntegerField()
    value = models.FloatField()
    value_max = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=20, choices=_choices(UNITS))
    kind = models.CharField(max_length=20, choices=_choices(KINDS))
    hedge = models.CharField(max_length=10, choices=_choices(HEDGES), default="none")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    # The words as written, and where: the entry field ("body", "lead", "main_goal", "section:<key>") and
    # the character offsets in it.
    text = models.TextField()
    field = models.CharField(max_length=120)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    edited = models.BooleanField(default=False)

    class Meta:
        ordering = ["entry", "version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "version", "position"], name="entry_figure_position_unique"
            )
        ]
        indexes = [models.Index(fields=["entry", "version"], name="entry_figure_version")]

    def __str__(self) -> str:
        return self.text

    def as_dict(self) -> dict:
        def number(value: float | None) -> float | int | None:
            return int(value) if value is not None and float(value).is_integer() else value

        return {
            "value": number(self.value),
            "value_max": number(self.value_max),
            "unit": self.unit,
            "kind": self.kind,
            "hedge": self.hedge,
            "year": self.year,
            "text": self.text,
            "field": self.field,
            "edited": self.edited,
        }
