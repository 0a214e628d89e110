"""Places an entry names: municipalities, counties, informal regions and villages.

One row per place name with its kind, official number where one exists, and the years it was valid,
loaded from ``data/places.yaml`` (``tiltak.places.loader``). Counties before and after the 2018, 2020 and
2024 reforms are separate rows linked by ``successors``, so an entry that says "Telemark" (2009) is found
by a filter on today's county. Official numbers of any era, economic regions, borders and population are
read from ``data/official.json`` without the database (``tiltak.places.official``). Entries only hold
``EntryPlace`` links and search and catalog ask ``tiltak.places.services``, so a fuller model replaces
these rows without touching either.
"""

from __future__ import annotations

from django.db import models


class Place(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", "municipality"
        COUNTY = "county", "county"
        REGION = "region", "region"
        VILLAGE = "village", "village"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    # kommunenummer (4 digits) or fylkesnummer (2 digits); blank for regions and villages.
    code = models.CharField(max_length=4, blank=True)
    valid_from = models.PositiveSmallIntegerField(null=True, blank=True)
    valid_until = models.PositiveSmallIntegerField(null=True, blank=True)
    # A municipality's county (today's), a village's municipality, a region's county.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    # County reforms: Telemark (-2019) -> Vestfold og Telemark (2020-2023) -> Telemark (2024-).
    successors = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="predecessors")
    # A region's member municipalities (current or former); a region can span counties (Fjellregionen).
    members = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="regions")
    # Other names the place is written as ("Fjellregionen" for "Nord-Østerdalen"), for recognition.
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["kind", "name", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name", "code", "valid_from"], name="place_unique_identity"
            )
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind}{' ' + self.code if self.code else ''})"

    @property
    def is_current(self) -> bool:
        return self.valid_until is None


# --- where places lie today (for the county and municipality facets and filters) --------------------
# Places are a graph (parents, successors after reforms, region members); walking it per entry per request
# is too slow for facet counts. ``PlaceArea`` flattens it into rows (place, area kind, area code) so one SQL
# join finds the entries in a county or municipality. Rebuilt from the places tables whenever they change
# (``tiltak.places.services.ensure_place_areas``); nothing else writes it. (Moved here from the search
# app: migrations search 0005 and places 0003 move it by state and rename the tables.)


class PlaceArea(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", "county"
        MUNICIPALITY = "municipality", "municipality"

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="areas")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # fylkesnummer or kommunenummer of today's county or municipality.
    code = models.CharField(max_length=4)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "kind", "code"], name="place_area_unique")]
        indexes = [models.Index(fields=["kind", "code"], name="place_area_kind_code")]


class PlaceAreaState(models.Model):
    """The fingerprint of the places tables the current ``PlaceArea`` rows were built from (one row)."""

    fingerprint = models.CharField(max_length=200)


class EntryArea(models.Model):
    """Where an entry lies, in today's numbers: its location, by the one counting rule
    (``tiltak.places.services.counted_areas``) applied to its places' ``PlaceArea`` rows. The facet counts,
    the county and municipality filters of pages and exports, and the export's ``location`` all read these
    rows, so they cannot disagree. Written by the catalog's write funnel for the entries it changes and for
    every entry when ``PlaceArea`` is rebuilt (``tiltak.places.services``); nothing else writes it."""

    class Kind(models.TextChoices):
        COUNTY = "county", "county"
        MUNICIPALITY = "municipality", "municipality"
        REGION = "region", "economic region"

    entry = models.ForeignKey("catalog.Entry", on_delete=models.CASCADE, related_name="areas")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # fylkesnummer, kommunenummer or SSB economic region code, of today.
    code = models.CharField(max_length=5)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "kind", "code"], name="entry_area_unique")]
        indexes = [models.Index(fields=["kind", "code"], name="entry_area_kind_code")]
