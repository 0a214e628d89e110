"""Existing rows in the new shapes.

- Audit rows get namespaced action codes; their details lose the entry text they used to copy (a deleted
  entry's title, a mapped item's wording); ``via`` is "import" for what came from a file, else "cli"
  (before this migration only the import and the command line could change the catalog).
- Version snapshots keep content only: the id, slug, version number and source move out of ``data``; the
  source becomes the version's ``source`` column (the source row with the snapshot's checksum), and the
  actor is taken from the audit row of the same version.
"""

from django.db import migrations

CODES = {
    "created": "catalog.entry.created",
    "updated": "catalog.entry.updated",
    "published": "catalog.entry.published",
    "archived": "catalog.entry.archived",
    "deleted": "catalog.entry.deleted",
    "item_mapped": "vocabulary.item.mapped",
}
OLD_NAMES = {code: name for name, code in CODES.items()}
BOOKKEEPING = ("id", "slug", "version", "source")
ENTRY_TEXT = ("title", "text")


def forwards(apps, schema_editor):
    AuditEvent = apps.get_model("catalog", "AuditEvent")
    EntryVersion = apps.get_model("catalog", "EntryVersion")
    Source = apps.get_model("catalog", "Source")

    actors: dict[tuple[int, int], str] = {}
    for event in AuditEvent.objects.all().iterator():
        old = event.action
        event.action = CODES.get(old, old)
        details = dict(event.details or {})
        if old == "deleted" and "id" in details:
            details["entry"] = details.pop("id")
        for key in ENTRY_TEXT:
            details.pop(key, None)
        event.details = details
        event.via = "import" if old in ("created", "updated") and event.entry_id else "cli"
        if event.entry_id is not None and isinstance(details.get("version"), int):
            actors.setdefault((event.entry_id, details["version"]), event.actor)
        event.save(update_fields=["action", "details", "via"])

    for version in EntryVersion.objects.all().iterator():
        data = dict(version.data or {})
        source = data.get("source") or {}
        if source.get("checksum"):
            version.source = (
                Source.objects.filter(entry_id=version.entry_id, checksum=source["checksum"])
                .order_by("imported_at", "id")
                .first()
            )
        version.via = "import" if version.source is not None else "cli"
        version.actor = actors.get((version.entry_id, version.number), "")
        version.data = {key: value for key, value in data.items() if key not in BOOKKEEPING}
        version.save(update_fields=["data", "source", "via", "actor"])


def backwards(apps, schema_editor):
    AuditEvent = apps.get_model("catalog", "AuditEvent")
    EntryVersion = apps.get_model("catalog", "EntryVersion")

    for event in AuditEvent.objects.all().iterator():
        event.action = OLD_NAMES.get(event.action, event.action)
        event.save(update_fields=["action"])
    for version in EntryVersion.objects.select_related("entry", "source").iterator():
        source = version.source
        version.data = {
            "id": version.entry_id,
            "slug": version.entry.slug,
            **version.data,
            "version": version.number,
            "source": {
                "file": source.file_name if source else None,
                "url": (source.source_url or None) if source else None,
                "checksum": source.checksum if source else None,
                "format": source.format if source else None,
                "imported_at": source.imported_at.isoformat() if source else None,
            },
        }
        version.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_actor_and_content_snapshots")]

    operations = [migrations.RunPython(forwards, backwards)]
