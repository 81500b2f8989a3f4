"""The search engine behind one small interface, chosen by the database in use (DESIGN.md principle 5)."""

from django.db import connection

from practica.search.backends.base import Candidates, Filters, Hit, SearchBackend, Snippet

__all__ = ["Candidates", "Filters", "Hit", "SearchBackend", "Snippet", "get_backend"]


def get_backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        from practica.search.backends.postgresql import PostgreSQLBackend

        return PostgreSQLBackend()
    from practica.search.backends.sqlite_fts5 import SQLiteFTS5Backend

    return SQLiteFTS5Backend()
