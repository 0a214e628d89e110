"""PostgreSQL: tsvectors of the title and the lead alone, each with a GIN index.

Asking the weighted ``vector`` for a word in one field ('word':A) makes PostgreSQL recheck every row
holding the word anywhere; a column per field answers from its own index. The search asks for title and
lead matches to order large result sets (``tiltak.search.retrieval``). SQLite's FTS5 filters by column
in its index already, so it needs nothing here.
"""

from django.db import migrations

FORWARD = [
    """ALTER TABLE search_searchdocument
        ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', title)) STORED,
        ADD COLUMN lead_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', lead)) STORED""",
    "CREATE INDEX search_document_title_gin ON search_searchdocument USING GIN (title_vector)",
    "CREATE INDEX search_document_lead_gin ON search_searchdocument USING GIN (lead_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_document_lead_gin",
    "DROP INDEX IF EXISTS search_document_title_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS lead_vector, DROP COLUMN IF EXISTS title_vector",
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
