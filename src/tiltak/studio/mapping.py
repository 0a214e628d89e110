"""Mapping list items no concept fits yet (today's `tiltak review`, for editors on the web). Items are
grouped by wording (after the mapper's folding), so the page shows how many items in how many entries a
decision reaches before it is made; "learn this wording" maps every one of them and keeps the wording as a
variant for future imports. Each item's mapping is ``vocabulary.services.map_item``: a new version of its
entry and an audit row, undoable by restoring the version."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiltak.accounts.permissions import Action
from tiltak.catalog.actor import Actor
from tiltak.catalog.models import SCHEME_FOR_LIST, ListItem, ListName
from tiltak.errors import TiltakError
from tiltak.studio.access import staff_view
from tiltak.vocabulary.mapper import folded_key
from tiltak.vocabulary.models import Concept
from tiltak.vocabulary.services import map_item, unmapped_items


@dataclass
class Wording:
    list_name: str
    key: str
    text: str
    item_ids: list[int] = field(default_factory=list)
    entry_ids: set[int] = field(default_factory=set)

    @property
    def list_label(self) -> str:
        return str(dict(ListName.choices).get(self.list_name, self.list_name))


def wordings(list_name: str = "") -> list[Wording]:
    groups: dict[tuple[str, str], Wording] = {}
    rows = unmapped_items().filter(repeat=False)
    if list_name:
        rows = rows.filter(list_name=list_name)
    for pk, name, text, entry_id in rows.values_list("pk", "list_name", "text", "entry_id"):
        key = folded_key(text) or " ".join(text.lower().split())
        group = groups.setdefault((name, key), Wording(name, key, text))
        group.item_ids.append(pk)
        group.entry_ids.add(entry_id)
    return sorted(groups.values(), key=lambda g: (-len(g.entry_ids), g.list_name, g.text))


@staff_view(Action.MAP)
def unmapped(request: HttpRequest) -> HttpResponse:
    list_name = request.GET.get("list", "")
    if list_name not in ListName.values:
        list_name = ""
    page = Paginator(wordings(list_name), 30).get_page(request.GET.get("side"))
    concepts: dict[str, list[Concept]] = {}
    for concept in Concept.objects.select_related("scheme").order_by("position", "code"):
        concepts.setdefault(concept.scheme.code, []).append(concept)
    rows = [(w, concepts.get(SCHEME_FOR_LIST.get(w.list_name, ""), [])) for w in page]
    return render(
        request,
        "studio/mapping.html",
        {"page": page, "rows": rows, "list_name": list_name, "lists": ListName.choices},
    )


@staff_view(Action.MAP)
@require_POST
def map_wording(request: HttpRequest) -> HttpResponse:
    """Map one item, or with ``learn`` every unmapped item of the same wording in the same list."""
    item = ListItem.objects.select_related("concept").filter(pk=_int(request.POST.get("item"))).first()
    back = HttpResponseRedirect(reverse("studio:mapping"))
    if item is None:
        messages.error(
            request, _("That list item no longer exists (its entry may have changed): nothing was mapped.")
        )
        return back
    scheme = SCHEME_FOR_LIST.get(item.list_name, "")
    code = request.POST.get("concept", "")
    concept = Concept.objects.filter(scheme__code=scheme, code=code).select_related("scheme").first()
    if code and concept is None:
        messages.error(
            request,
            _("No concept '%(code)s' in this list's vocabulary: nothing was mapped.") % {"code": code},
        )
        return back
    learn = request.POST.get("learn") == "1"
    targets = [item]
    if learn:
        key = folded_key(item.text) or " ".join(item.text.lower().split())
        targets += [
            other
            for other in unmapped_items().filter(list_name=item.list_name).exclude(pk=item.pk)
            if (folded_key(other.text) or " ".join(other.text.lower().split())) == key
        ]
    actor = Actor.web(request.user)
    done = 0
    try:
        for target in targets:
            map_item(target, concept, actor=actor, add_variant=learn)
            done += 1
    except TiltakError as error:
        messages.error(request, str(error))
    if done:
        messages.success(
            request,
            _("Mapped %(count)s item(s) to %(concept)s.")
            % {"count": done, "concept": concept.label_nb if concept else _("no concept fits")},
        )
    return back


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0
