"""Labels in the active language for the values a search or a count shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tiltak import stamp
from tiltak.search.facets import FACET_BY_KEY, FacetIndex, facet_index


@dataclass
class _Labels:
    label_nb: str
    label_nn: str
    label_en: str


def _concept_rows(wanted: dict[str, set[str]]) -> list[tuple[str, str, str, str, str]]:
    """(scheme, code, label_nb, label_nn, label_en) of the wanted concepts; a page that labels the same
    values twice (the statistics page's tables and cross-table) asks once per request."""
    from tiltak.vocabulary.models import Concept

    key = (
        "concept_labels",
        tuple(sorted((scheme, tuple(sorted(codes))) for scheme, codes in wanted.items())),
    )
    memo = stamp.request_memo()
    if memo is not None and key in memo:
        return memo[key]
    condition = Q()
    for scheme, codes in wanted.items():
        condition |= Q(scheme__code=scheme, code__in=codes)
    rows = list(
        Concept.objects.filter(condition).values_list(
            "scheme__code", "code", "label_nb", "label_nn", "label_en"
        )
    )
    if memo is not None:
        memo[key] = rows
    return rows


def value_labels(values: dict[str, list[str]], index: FacetIndex | None = None) -> dict[tuple[str, str], str]:
    """Labels for facet values: concept labels, today's place names, decades, written forms, statuses.

    ``values`` maps a facet key to the values wanted; the result maps (key, value) to its label. A value
    with no label (an unknown code) is left out, so a caller can tell it is unknown."""
    from tiltak.vocabulary.models import localized_label

    labels: dict[tuple[str, str], str] = {}
    wanted: dict[str, set[str]] = {}
    scheme_key: dict[str, str] = {}
    for key, vals in values.items():
        spec = FACET_BY_KEY[key]
        if spec.kind == "list" and vals:
            wanted.setdefault(spec.scheme, set()).update(vals)
            scheme_key[spec.scheme] = key
    if wanted:
        for scheme, code, label_nb, label_nn, label_en in _concept_rows(wanted):
            labels[(scheme_key[scheme], code)] = localized_label(_Labels(label_nb, label_nn, label_en))
    if any(values.get(key) for key in ("county", "municipality", "region", "like")):
        place_names = (index or facet_index()).place_names
        for key, kind in (
            ("county", "county"),
            ("municipality", "municipality"),
            ("region", "region"),
            ("like", "municipality"),
        ):
            for code in values.get(key, []):
                if (kind, code) in place_names:
                    labels[(key, code)] = place_names[(kind, code)]
    for value in values.get("decade", []):
        labels[("decade", value)] = pgettext("decade", "%(decade)ss") % {"decade": value}
    names = {
        "nb": _("bokmål"),
        "nn": _("nynorsk"),
        "published": _("published"),
        "archived": _("archived"),
        "draft": _("draft"),
    }
    for key in ("language", "status"):
        for value in values.get(key, []):
            if value in names:
                labels[(key, value)] = names[value]
    return labels
