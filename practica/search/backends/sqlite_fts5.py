"""SQLite FTS5: an external-content table `search_fts` (title, body, tags) over search_searchdocument, kept
in step by triggers (migration 0002), tokenised with `porter unicode61 remove_diacritics 2` for English
stemming; bm25() with column weights from ranking.RANKING; snippet() and highlight() for the excerpts."""

from django.db import connection

from practica.search.backends.base import MARK_END, MARK_START, SearchBackend, Snippet
from practica.search.parsing import ParsedQuery
from practica.search.ranking import RANKING


def _quoted(words: list[str]) -> str:
    # Words are \w+ only (parsing.py), so they hold no double quote; quoting turns NEAR, AND, OR into words.
    return '"' + " ".join(words) + '"'


def fts_query(parsed: ParsedQuery) -> str:
    parts = [_quoted([term]) for term in parsed.terms] + [_quoted(phrase) for phrase in parsed.phrases]
    query = "(" + " AND ".join(parts) + ")"
    for word in parsed.excluded:
        query += " NOT " + _quoted([word])
    return query


class SQLiteFTS5Backend(SearchBackend):
    name = "sqlite-fts5"

    def match_sql(self, parsed: ParsedQuery) -> tuple[str, str, list]:
        source = "search_fts JOIN search_searchdocument AS d ON d.id = search_fts.rowid"
        return source, "search_fts MATCH %s", [fts_query(parsed)]

    def id_column(self) -> str:
        # The FTS5 table's own rowid (the document's id): FTS5 walks its matches in this order and skips to a
        # bound, where the same test on d.id would make it read every match first.
        return "search_fts.rowid"

    def text_score_sql(self) -> str:
        # bm25() is negative, lower is better; columns in table order: title, body, tags.
        return f"-bm25(search_fts, {RANKING['TITLE']}, {RANKING['BODY']}, {RANKING['TAGS']})"

    def age_days_sql(self) -> str:
        return "MAX(julianday('now') - julianday(d.created_at), 0)"

    def snippets(self, parsed: ParsedQuery, document_ids: list[int]) -> dict[int, Snippet]:
        if not document_ids:
            return {}
        placeholders = ", ".join(["%s"] * len(document_ids))
        sql = (
            "SELECT rowid, highlight(search_fts, 0, %s, %s), snippet(search_fts, 1, %s, %s, '…', 24)"  # noqa: S608
            f" FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({placeholders})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [MARK_START, MARK_END, MARK_START, MARK_END, fts_query(parsed), *document_ids])
            return {
                row[0]: Snippet(title_matched=MARK_START in (row[1] or ""), text=row[2] or "")
                for row in cursor.fetchall()
            }
