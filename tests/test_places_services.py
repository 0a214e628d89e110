"""What search and the catalog ask of places (``tiltak.places.services``): where an entry counts, which place
a draft names, and the move of the place areas from the search app to the places app in existing databases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.cast import ALICE
from tiltak.catalog.draft import DraftPlace, EntryDraft
from tiltak.catalog.models import Entry
from tiltak.catalog.services import create_entry
from tiltak.errors import InvalidInput
from tiltak.places import services
from tiltak.places.models import Place, PlaceArea


def an_entry(*places: DraftPlace):
    draft = EntryDraft(title="Tilflyttarkontor", lead="Eit kontor for nye innbyggjarar.", language="nn")
    draft.places = list(places)
    return create_entry(draft, actor=ALICE.cli())


def entries_in(kind: str, *codes: str) -> set[int]:
    services.ensure_place_areas()
    return set(Entry.objects.filter(services.entry_condition(kind, codes)).values_list("pk", flat=True))


@pytest.mark.django_db
def test_an_entry_naming_a_former_county_counts_in_todays_county():
    entry = an_entry(DraftPlace(name="Telemark", kind="county", code="08"))
    assert entry.pk in entries_in("county", "40")
    assert entry.pk not in entries_in("county", "39")
    assert (entry.pk, "county", "40") in set(services.entry_areas())


@pytest.mark.django_db
def test_a_place_added_later_is_counted_without_a_rebuild_by_hand():
    vinje = Place.objects.get(kind="municipality", code="4036", valid_until=None)
    services.ensure_place_areas()
    Place.objects.create(kind="village", name="Rauland sentrum", parent=vinje)
    entry = an_entry(DraftPlace(name="Rauland sentrum", kind="village"))
    assert entry.pk in entries_in("municipality", "4036")
    assert entry.pk in entries_in("county", "40")


@pytest.mark.django_db
def test_saving_a_draft_finds_known_places_and_keeps_unknown_ones():
    entry = an_entry(
        DraftPlace(name="Vinje", kind="municipality", code="4036"),
        DraftPlace(name="Ein ukjend grend", kind="village"),
    )
    linked = {(link.place.name, link.place.kind) for link in entry.entry_places.select_related("place")}
    assert linked == {("Vinje", "municipality"), ("Ein ukjend grend", "village")}
    assert Place.objects.filter(name="Vinje", kind="municipality").count() == 1


@pytest.mark.django_db
def test_a_draft_place_of_unknown_kind_is_refused_naming_the_place_and_nothing_is_saved():
    with pytest.raises(InvalidInput, match="Place 'Vinje' has unknown kind 'parish'"):
        an_entry(DraftPlace(name="Vinje", kind="parish"))
    assert not Entry.objects.exists()
    assert not Place.objects.filter(kind="parish").exists()


@pytest.mark.django_db
def test_todays_names_and_numbers():
    names = services.area_names()
    assert names[("county", "40")] == "Telemark"
    assert names[("municipality", "4036")] == "Vinje"
    assert ("county", "08") not in names  # Telemark before 2020 is not today's
    assert names[("region", "40005")] == "Vest-Telemark"


@pytest.mark.django_db(transaction=True)
def test_an_existing_database_keeps_its_place_areas_through_the_move_to_the_places_app():
    """A database migrated before the move (areas in the search app's tables) migrates with its rows."""
    executor = MigrationExecutor(connection)
    before = [("places", "0002_place_members"), ("search", "0004_field_vectors")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldArea = old_apps.get_model("search", "PlaceArea")
    OldPlace = old_apps.get_model("places", "Place")
    vinje = OldPlace.objects.get(kind="municipality", code="4036", valid_until=None)
    OldArea.objects.all().delete()
    OldArea.objects.create(place_id=vinje.pk, kind="municipality", code="4036")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert list(PlaceArea.objects.values_list("place_id", "kind", "code")) == [
        (vinje.pk, "municipality", "4036")
    ]
    tables = connection.introspection.table_names()
    assert "places_placearea" in tables and "search_placearea" not in tables
