"""Suggestions as members type look for what they typed anywhere in topic titles (`title__icontains`): on
PostgreSQL a trigram index answers that without reading every topic (at 270,000 topics, 265 ms → 38 ms).
SQLite has no such index and needs none at that size (bench/README.md)."""

from django.db import migrations

# The expression is the one Django writes for `icontains` on PostgreSQL, so the planner can use the index.
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_topic_title_trigrams ON discussions_topic"
    " USING GIN (UPPER(title::text) gin_trgm_ops)",
    # Statistics of the indexed expression, without which the planner ignores the index (measured: 536 ms).
    "ANALYZE discussions_topic",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS search_topic_title_trigrams"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_index"), ("discussions", "0005_postattachment")]

    operations = [migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_REVERSE))]
