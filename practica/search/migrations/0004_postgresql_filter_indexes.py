"""Indexes PostgreSQL's search reads when the matches are sparse (practica/search/backends/postgresql.py): the
GIN index's matches are intersected with these before any document is visited, so "answered only" and an
author filter cost what they find, not what the words match (measured at a million posts: "endings", answered
only, 206 ms → see bench/README.md). Members' names get a trigram index for the author filter and for
suggestions, which look for what was typed anywhere in a name (`display_name__icontains`, 50,000 members: 30
ms a lookup). SQLite reads its full-text index first and needs none of them."""

from django.db import migrations

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_document_answered ON search_searchdocument (id)"
    " WHERE answered OR is_accepted_answer",
    "CREATE INDEX IF NOT EXISTS search_document_author ON search_searchdocument (author_id)",
    # The expression is the one Django writes for `icontains`, so the planner can use the index.
    "CREATE INDEX IF NOT EXISTS accounts_user_display_name_trigrams ON accounts_user"
    " USING GIN (UPPER(display_name::text) gin_trgm_ops)",
    # Statistics of the indexed expression, without which the planner ignores a trigram index.
    "ANALYZE accounts_user",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS accounts_user_display_name_trigrams",
    "DROP INDEX IF EXISTS search_document_author",
    "DROP INDEX IF EXISTS search_document_answered",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_topic_title_trigrams"), ("accounts", "0004_user_silenced_until")]

    operations = [migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_REVERSE))]
