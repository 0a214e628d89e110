"""Service functions for the vocabularies: an editor's mapping decision, and the review queue."""

from __future__ import annotations

from django.db.models import QuerySet

from tiltak.catalog.actor import Actor
from tiltak.catalog.changes import entry_change
from tiltak.catalog.models import SCHEME_FOR_LIST, AuditCode, ListItem
from tiltak.errors import InvalidInput
from tiltak.vocabulary.models import Concept, Variant


def map_item(item: ListItem, concept: Concept | None, *, actor: Actor, add_variant: bool = True) -> ListItem:
    """An editor decides what ``item`` means: ``concept``, or None for "no concept fits".

    The item gets match "editor"; with ``add_variant`` its wording becomes an editor variant of the
    concept, so the mapper maps the same wording by itself from the next import on. The entry gets a new
    version and an audit row (``vocabulary.item.mapped``, with the item's id and the concept codes, not its
    wording).
    """
    scheme = SCHEME_FOR_LIST.get(item.list_name)
    if concept is not None and concept.scheme.code != scheme:
        raise InvalidInput(
            f"Concept '{concept.code}' belongs to the '{concept.scheme.code}' vocabulary, but the item "
            f"'{item.text}' is in the {item.list_name} list, which uses '{scheme}'. "
            f"Choose a concept from '{scheme}' (see `tiltak vocab {scheme}`)."
        )
    with entry_change(
        item.entry_id, actor=actor, action=AuditCode.ITEM_MAPPED, reason=f"item mapped by {actor.label}"
    ) as change:
        # Lock the item only: PostgreSQL refuses to lock the nullable side of the concept join.
        item = ListItem.objects.select_for_update(of=("self",)).select_related("concept").get(pk=item.pk)
        before = item.concept.code if item.concept is not None else None
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
        change.details.update(
            {
                "item": item.pk,
                "list": item.list_name,
                "from": before,
                "to": concept.code if concept else None,
                "variant_added": variant_added,
            }
        )
    item.entry = change.entry
    return item


def unmapped_items() -> QuerySet[ListItem]:
    """Items that wait for an editor: no concept, and no editor has said that none fits."""
    return (
        ListItem.objects.filter(concept__isnull=True)
        .exclude(match=ListItem.Match.EDITOR)
        .select_related("entry")
        .order_by("list_name", "text", "entry_id", "position")
    )
