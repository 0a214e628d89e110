"""PostgreSQL: a tsvector per field (title, lead, lists, body), each with a GIN index.

Asking the weighted ``vector`` for a word in one field ('word':A) makes PostgreSQL recheck every row
holding the word anywhere; a column per field answers from its own index. The search asks for title and
lead matches to order large result sets, and for compound parts together in one field
(``tiltak.search.retrieval``). SQLite's FTS5 filters by column in its index already.
"""

from django.db import migrations

FIELDS = ("title", "lead", "lists", "body")

FORWARD = [
    "ALTER TABLE search_searchdocument "
    + ", ".join(
        f"ADD COLUMN {name}_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', {name})) STORED"
        for name in FIELDS
    ),
    *(f"CREATE INDEX search_document_{name}_gin ON search_searchdocument USING GIN ({name}_vector)" for name in FIELDS),
]
BACKWARD = [
    *(f"DROP INDEX IF EXISTS search_document_{name}_gin" for name in FIELDS),
    "ALTER TABLE search_searchdocument " + ", ".join(f"DROP COLUMN IF EXISTS {name}_vector" for name in FIELDS),
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_place_areas")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
