"""The narrow filters of `tiltak search --filter KEY=VALUE` (the web's query layer has its own, fuller set).

Keys: a template list (activities, selling_points, partners, target_groups, subject_areas) or its concept
scheme (partner_kinds) with a concept code; county (fylkesnummer, also matching earlier
counties of the same name), place (a place name), language and status. Values of one key are alternatives; keys
combine with AND.
"""

from __future__ import annotations

from tiltak.errors import InvalidInput

LIST_KEYS = {
    "activities": "activities",
    "selling_points": "selling_points",
    "partners": "partners",
    "partner_kinds": "partners",
    "target_groups": "target_groups",
    "subject_areas": "subject_areas",
}
OTHER_KEYS = ("county", "place", "language", "status")


def parse_filters(raw: list[str]) -> dict[str, list[str]]:
    filters: dict[str, list[str]] = {}
    for text in raw:
        key, sep, value = text.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise InvalidInput(f"Filter '{text}' is not KEY=VALUE (for example activities=host_scheme).")
        if key not in LIST_KEYS and key not in OTHER_KEYS:
            known = ", ".join([*LIST_KEYS, *OTHER_KEYS])
            raise InvalidInput(f"Unknown filter key '{key}' in '{text}': use one of {known}.")
        filters.setdefault(key, []).append(value)
    return filters


def filtered_ids(ids: list[int], filters: dict[str, list[str]], *, include_archived: bool) -> set[int]:
    """The ids among ``ids`` that pass every filter."""
    from django.db.models import Q

    from tiltak.catalog.models import Entry

    qs = Entry.objects.filter(pk__in=ids)
    if not include_archived:
        qs = qs.exclude(status=Entry.Status.ARCHIVED)
    for key, values in filters.items():
        if key in LIST_KEYS:
            qs = qs.filter(
                pk__in=Entry.objects.filter(
                    items__list_name=LIST_KEYS[key], items__concept__code__in=values
                ).values("pk")
            )
        elif key == "language":
            qs = qs.filter(language__in=values)
        elif key == "status":
            qs = qs.filter(status__in=values)
        elif key == "place":
            names = Q()
            for value in values:
                names |= Q(entry_places__place__name__iexact=value)
            qs = qs.filter(pk__in=Entry.objects.filter(names).values("pk"))
        elif key == "county":
            places = _county_places(values)
            qs = qs.filter(
                pk__in=Entry.objects.filter(
                    Q(entry_places__place__in=places) | Q(entry_places__place__parent__in=places)
                ).values("pk")
            )
    return set(qs.values_list("pk", flat=True))


def _county_places(codes: list[str]) -> list[int]:
    """The counties with these numbers, and earlier counties of the same name ("Telemark" 08 for 40).

    Deliberately narrow: a merged county (Vestfold og Telemark) is not split back into its parts here;
    the web query layer's place filter does the full history.
    """
    from tiltak.places.models import Place

    counties = Place.objects.filter(kind=Place.Kind.COUNTY, code__in=codes)
    names = set(counties.values_list("name", flat=True))
    same_name = Place.objects.filter(kind=Place.Kind.COUNTY, name__in=names)
    return sorted(set(counties.values_list("pk", flat=True)) | set(same_name.values_list("pk", flat=True)))
