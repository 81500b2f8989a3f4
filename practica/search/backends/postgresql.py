"""PostgreSQL full-text search: a stored, generated `search_vector` tsvector column on search_searchdocument
(title weighted A, tags B, body C, with a separator between them so a phrase never spans two fields; English
configuration) with a GIN index (migration 0002);
websearch_to_tsquery() for the query, ts_rank_cd() with the label weights of ranking.RANKING, ts_headline()
for the excerpts."""

from django.db import connection

from practica.search.backends.base import MARK_END, MARK_START, SearchBackend, Snippet
from practica.search.parsing import ParsedQuery
from practica.search.ranking import RANKING


def websearch_text(parsed: ParsedQuery) -> str:
    # Words are \w+ only (parsing.py): nothing here can be read as an operator except what we write.
    parts = list(parsed.terms) + ['"' + " ".join(phrase) + '"' for phrase in parsed.phrases]
    parts += ["-" + word for word in parsed.excluded]
    return " ".join(parts)


def _label_weights() -> str:
    # ts_rank_cd takes weights for the labels {D, C, B, A}: unused, body, tags, title; scaled to at most 1.
    top = max(RANKING["TITLE"], RANKING["TAGS"], RANKING["BODY"])
    return "{{0, {}, {}, {}}}".format(RANKING["BODY"] / top, RANKING["TAGS"] / top, RANKING["TITLE"] / top)


class PostgreSQLBackend(SearchBackend):
    name = "postgresql"

    def match_sql(self, parsed: ParsedQuery) -> tuple[str, str, list]:
        source = "search_searchdocument AS d, websearch_to_tsquery('english', %s) AS q"
        return source, "d.search_vector @@ q", [websearch_text(parsed)]

    def text_score_sql(self) -> str:
        return f"ts_rank_cd('{_label_weights()}'::float4[], d.search_vector, q)"

    def age_days_sql(self) -> str:
        return "GREATEST(EXTRACT(EPOCH FROM (now() - d.created_at)) / 86400.0, 0)"

    def snippets(self, parsed: ParsedQuery, document_ids: list[int]) -> dict[int, Snippet]:
        if not document_ids:
            return {}
        options = ", ".join(
            [
                f"StartSel={MARK_START}",
                f"StopSel={MARK_END}",
                "MaxWords=30",
                "MinWords=12",
                "MaxFragments=2",
                'FragmentDelimiter=" … "',
            ]
        )
        sql = (
            "SELECT d.id, to_tsvector('english', d.title) @@ q,"
            " ts_headline('english', d.body, q, %s)"
            " FROM search_searchdocument AS d, websearch_to_tsquery('english', %s) AS q WHERE d.id = ANY(%s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [options, websearch_text(parsed), list(document_ids)])
            return {row[0]: Snippet(title_matched=bool(row[1]), text=row[2] or "") for row in cursor.fetchall()}
