"""Store-specific full-text objects over ``search_searchdocument``.

SQLite: an external-content FTS5 table (one column per field, diacritics kept so "små" != "sma" exactly as
on PostgreSQL) and triggers that keep it in step with the documents table.
PostgreSQL: a generated tsvector column ('simple' configuration: the terms are already analysed) with
weights A-D per field, and a GIN index on it.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, lead, lists, body,
        content='search_searchdocument', content_rowid='entry_id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, lead, lists, body)
        VALUES (new.entry_id, new.title, new.lead, new.lists, new.body);
    END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, lead, lists, body)
        VALUES ('delete', old.entry_id, old.title, old.lead, old.lists, old.body);
    END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, lead, lists, body)
        VALUES ('delete', old.entry_id, old.title, old.lead, old.lists, old.body);
        INSERT INTO search_fts(rowid, title, lead, lists, body)
        VALUES (new.entry_id, new.title, new.lead, new.lists, new.body);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') ||
        setweight(to_tsvector('simple', lead), 'B') ||
        setweight(to_tsvector('simple', lists), 'C') ||
        setweight(to_tsvector('simple', body), 'D')
    ) STORED""",
    "CREATE INDEX search_document_vector_gin ON search_searchdocument USING GIN (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
