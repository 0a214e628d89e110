"""What a search address asks for that the page cannot do, said on the page instead of silently dropped:
unknown parameters, malformed or unknown filter values, an unknown sort, a page that does not exist."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from tiltak.presenter.labels import value_labels
from tiltak.search.facets import FACET_BY_KEY, FACETS, valid_value
from tiltak.search.query import MAX_PAGE, SORTS, SearchQuery

KNOWN = {"q", "sort", "page", "show", "format", *FACET_BY_KEY}


def query_warnings(params: QueryDict, query: SearchQuery, pages: int | None = None) -> list[str]:
    out = []
    for name in params:
        if name not in KNOWN:
            out.append(
                _("The address has a parameter '%(name)s' that the catalog does not know; it was ignored.")
                % {"name": name}
            )
    shaped: dict[str, list[str]] = {}
    for spec in FACETS:
        for raw in params.getlist(spec.key):
            value = raw.strip()
            if not value:
                continue
            if valid_value(spec, value):
                shaped.setdefault(spec.key, []).append(value)
            else:
                out.append(
                    _("'%(value)s' is not a valid value for %(facet)s; it was ignored.")
                    % {"value": value, "facet": spec.label}
                )
    labelled = {k: v for k, v in shaped.items() if FACET_BY_KEY[k].kind in ("list", "county", "municipality")}
    labels = value_labels(labelled) if labelled else {}
    for key, values in labelled.items():
        for value in values:
            if (key, value) not in labels:
                out.append(
                    _("No %(facet)s has the code '%(value)s', so no entry can match it.")
                    % {"facet": str(FACET_BY_KEY[key].label).lower(), "value": value}
                )
    sort = params.get("sort", "")
    if sort and sort not in SORTS:
        out.append(_("Unknown sort '%(sort)s'; the default order is used.") % {"sort": sort})
    page = params.get("page", "")
    if page:
        try:
            number = int(page)
        except ValueError:
            out.append(_("Page '%(page)s' is not a number; the first page is shown.") % {"page": page})
        else:
            if not 1 <= number <= MAX_PAGE or (pages is not None and number > pages):
                out.append(
                    _("There is no page %(page)s of this search; page %(shown)s is shown.")
                    % {"page": number, "shown": min(max(number, 1), pages or 1)}
                )
    return out
