"""A derived lookup the search facets join against: which of today's counties and municipalities a place
of any era lies in.

Places are a graph (parents, successors after reforms, region members); walking it per entry per request
is too slow for facet counts. ``PlaceArea`` flattens it into rows (place, area kind, area code) so one SQL
``GROUP BY`` counts entries per county or municipality. It is rebuilt from the places tables whenever they
change (``tiltak.search.facets.ensure_place_areas``); nothing else writes it.
"""

from __future__ import annotations

from django.db import models


class PlaceArea(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", "county"
        MUNICIPALITY = "municipality", "municipality"

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="areas")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # fylkesnummer or kommunenummer of today's county or municipality.
    code = models.CharField(max_length=4)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "kind", "code"], name="place_area_unique")]
        indexes = [models.Index(fields=["kind", "code"])]


class PlaceAreaState(models.Model):
    """The fingerprint of the places tables the current ``PlaceArea`` rows were built from (one row)."""

    fingerprint = models.CharField(max_length=200)
