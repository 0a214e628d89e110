"""The catalog's template, declared once: the entry's text fields and the five lists.

Every page of the original catalog fills in the same template. The draft, the serialisation, the export
columns, the search facets, the search document and the API schema read these declarations instead of
naming the fields themselves, so adding a field or a list is a change here (and a migration).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class TextField:
    name: str
    label: StrOrPromise
    max_length: int | None = None  # None: unlimited text
    search_field: str = "body"  # which part of the search document holds it (title | lead | body)
    exported: bool = True  # a column of the CSV/XLSX export


TEXT_FIELDS: tuple[TextField, ...] = (
    TextField("title", _("Title"), max_length=500, search_field="title"),
    TextField("lead", _("Lead"), search_field="lead"),
    TextField("body", _("Text")),
    TextField("main_goal", _("Main goal")),
    TextField("archive_notice", _("Archive notice"), exported=False),
    # The standard "presented without assessment" paragraph: kept verbatim, never searched or exported.
    TextField("footer", _("Footer"), search_field="", exported=False),
)
TEXT_FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in TEXT_FIELDS)


@dataclass(frozen=True)
class TemplateList:
    name: str  # the list (``ListItem.list_name``), the search facet and the API filter of the same name
    scheme: str  # the concept scheme its items map onto
    heading: StrOrPromise  # the list's heading on the entry and compare pages and in downloads
    facet_label: StrOrPromise  # one value of it, as a facet heading
    counted: bool = True  # counted on the statistics page
    facet_position: int = 0  # where its facet stands among the search's filters


TEMPLATE_LISTS: tuple[TemplateList, ...] = (
    TemplateList("subject_areas", "subject_areas", _("Subject area"), _("Subject area"), False, 0),
    TemplateList("activities", "activities", _("Activities"), _("Activity"), True, 1),
    TemplateList(
        "selling_points", "selling_points", _("Most important selling points"), _("Selling point"), True, 3
    ),
    TemplateList("partners", "partner_kinds", _("Partners"), _("Partner kind"), True, 4),
    TemplateList("target_groups", "target_groups", _("Target groups"), _("Target group"), True, 2),
)
LIST_NAMES: tuple[str, ...] = tuple(lst.name for lst in TEMPLATE_LISTS)
SCHEME_FOR_LIST: dict[str, str] = {lst.name: lst.scheme for lst in TEMPLATE_LISTS}
LIST_BY_NAME: dict[str, TemplateList] = {lst.name: lst for lst in TEMPLATE_LISTS}
# A concept code as URLs, the API and the data files write it.
CONCEPT_CODE_PATTERN = r"[A-Za-z0-9_-]{1,80}"
# The four survey lists, without the subject areas (which head the page rather than sit in its lists).
SURVEY_LISTS: tuple[str, ...] = LIST_NAMES[1:]
