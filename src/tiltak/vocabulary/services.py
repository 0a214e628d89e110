"""Service functions for the vocabularies: an editor's mapping decision, and the review queue."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from tiltak.catalog.models import SCHEME_FOR_LIST, ListItem
from tiltak.catalog.services import record_change
from tiltak.errors import InvalidInput
from tiltak.vocabulary.models import Concept, Variant


def map_item(item: ListItem, concept: Concept | None, *, by: str, add_variant: bool = True) -> ListItem:
    """An editor decides what ``item`` means: ``concept``, or None for "no concept fits".

    The item gets match "editor"; with ``add_variant`` its wording becomes an editor variant of the
    concept, so the mapper maps the same wording by itself from the next import on. The entry gets a new
    version and an audit row.
    """
    if not by:
        raise InvalidInput("Say who decides the mapping (by=…).")
    scheme = SCHEME_FOR_LIST.get(item.list_name)
    if concept is not None and concept.scheme.code != scheme:
        raise InvalidInput(
            f"Concept '{concept.code}' belongs to the '{concept.scheme.code}' vocabulary, but the item "
            f"'{item.text}' is in the {item.list_name} list, which uses '{scheme}'. "
            f"Choose a concept from '{scheme}' (see `tiltak vocab {scheme}`)."
        )
    with transaction.atomic():
        # Lock the item and its entry (not the nullable concept join, which PostgreSQL refuses to lock).
        item = (
            ListItem.objects.select_for_update(of=("self", "entry")).select_related("entry").get(pk=item.pk)
        )
        before = item.concept.code if item.concept_id is not None and item.concept else None
        item.concept = concept
        item.match = ListItem.Match.EDITOR
        item.score = 1.0
        item.save(update_fields=["concept", "match", "score"])
        variant_added = False
        text = " ".join(item.text.split())[:500]
        if add_variant and concept is not None and text:
            _variant, variant_added = Variant.objects.get_or_create(
                concept=concept, text=text, defaults={"origin": Variant.Origin.EDITOR}
            )
        entry = item.entry
        entry.version += 1
        entry.save(update_fields=["version", "updated_at"])
        record_change(
            entry,
            by=by,
            action="item_mapped",
            reason=f"item mapped by {by}",
            details={
                "item": item.pk,
                "list": item.list_name,
                "text": item.text,
                "from": before,
                "to": concept.code if concept else None,
                "variant_added": variant_added,
            },
        )
    return item


def unmapped_items() -> QuerySet[ListItem]:
    """Items that wait for an editor: no concept, and no editor has said that none fits."""
    return (
        ListItem.objects.filter(concept__isnull=True)
        .exclude(match=ListItem.Match.EDITOR)
        .select_related("entry")
        .order_by("list_name", "text", "entry_id", "position")
    )
