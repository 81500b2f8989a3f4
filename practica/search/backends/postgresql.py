"""PostgreSQL full-text search: a stored, generated `search_vector` tsvector column on search_searchdocument
(title weighted A, tags B, body C, with a separator between them so a phrase never spans two fields; English
configuration) with a GIN index (migration 0002);
websearch_to_tsquery() for the query, ts_rank_cd() with the label weights of ranking.RANKING, ts_headline()
for the excerpts.

Which documents are ranked is decided here, not by the planner (docs/search.md, "Finding the candidates"). A
query reaches its matches one of two ways: walking the documents newest first and testing each (about a
microsecond a document, however common the words), or reading the GIN index (in proportion to how many
documents hold the words, then a visit to each match). PostgreSQL chooses between them from its estimate of how
many documents match, and for words that go together — a phrase, "notes -clinical" — that estimate is out by
tens of times (measured at a million posts: 97,000 expected where 2,712 match, a walk of the whole table). So
the backend walks a bounded stretch of the newest documents first, counts what it found there, and only then
decides how to find the rest; the plans are fixed by the shape of each statement.
"""

from django.db import connection, transaction

from practica.search.backends.base import MARK_END, MARK_START, Candidates, Filters, SearchBackend, Snippet
from practica.search.parsing import ParsedQuery
from practica.search.ranking import RANKING


def websearch_text(parsed: ParsedQuery) -> str:
    # Words are \w+ only (parsing.py): nothing here can be read as an operator except what we write.
    parts = list(parsed.terms) + ['"' + " ".join(phrase) + '"' for phrase in parsed.phrases]
    parts += ["-" + word for word in parsed.excluded]
    return " ".join(parts)


# The newest documents walked before anything else (~15 ms at a million posts): enough for a word in one
# document of ten to find its 2,000 candidates here. Also the least any later step reads.
WALK_IDS = 20_000
# How far a later walk may go when the density measured so far says the rest is near; further, the GIN index,
# whose cost is the word's matches (reading the index) and the matches in the stretch (visiting them).
WALK_FURTHER_IDS = 40_000
# Room for the matches thinning out beyond what was measured.
WALK_MARGIN = 1.25
QUERY = "websearch_to_tsquery('english', %s) AS q"
# What scoring and ordering a candidate needs, read once as it is found.
COLUMNS = (
    "d.id, d.object_id, d.community_id, d.search_vector, d.like_count, d.answered, d.is_accepted_answer, d.created_at"
)


def _label_weights() -> str:
    # ts_rank_cd takes weights for the labels {D, C, B, A}: unused, body, tags, title; scaled to at most 1.
    top = max(RANKING["TITLE"], RANKING["TAGS"], RANKING["BODY"])
    return "{{0, {}, {}, {}}}".format(RANKING["BODY"] / top, RANKING["TAGS"] / top, RANKING["TITLE"] / top)


class PostgreSQLBackend(SearchBackend):
    name = "postgresql"

    def match_sql(self, parsed: ParsedQuery) -> tuple[str, str, list]:
        source = "search_searchdocument AS d, websearch_to_tsquery('english', %s) AS q"
        return source, "d.search_vector @@ q", [websearch_text(parsed)]

    def candidates(self, parsed: ParsedQuery, filters: Filters, *, cap: int, limit: int) -> Candidates:
        """The `limit` newest matches in scope (all of them when fewer match), found by measuring, not guessing,
        and scored on the way (the page is then their slice, with no second visit to each)."""
        text = websearch_text(parsed)
        where, filter_params = self.filter_sql(filters)
        with connection.cursor() as cursor:
            cursor.execute("SELECT MAX(id) FROM search_searchdocument")
            newest = cursor.fetchone()[0]
            if newest is None:
                return Candidates(count=0, scored=[])
            upto = newest - WALK_IDS
            found = self._walk(cursor, text, where, filter_params, above=upto, upto=newest, limit=limit)
            while len(found) < limit and upto > 0:
                # The density measured so far says how far back the rest lies; with no match yet, it is sparse
                # enough that all that is left comes from the index.
                walked, need = newest - upto, limit - len(found)
                span = min(max(round(need * walked / len(found) * WALK_MARGIN), WALK_IDS), upto) if found else upto
                if span <= WALK_FURTHER_IDS:
                    found += self._walk(cursor, text, where, filter_params, above=upto - span, upto=upto, limit=need)
                else:
                    above = upto - span if span < upto else None
                    found += self._from_index(cursor, text, where, filter_params, above=above, upto=upto, limit=need)
                upto -= span
        return Candidates(count=min(len(found), cap), scored=found)

    def _scored(self, inner: str) -> str:
        """The hits of `inner` (a subquery of documents as d), each with what every order sorts by."""
        # float8, not numeric: thousands of Python Decimals cost more than the query's own work. Only fixed SQL
        # is interpolated here.
        return (
            f"SELECT d.id, d.object_id, d.community_id, ({self.score_sql()})::float8, d.like_count,"  # noqa: S608
            f" EXTRACT(EPOCH FROM d.created_at)::float8 FROM ({inner} OFFSET 0) AS d, {QUERY}"
        )

    def _walk(self, cursor, text, where, filter_params, *, above: int, upto: int, limit: int) -> list[tuple]:
        """Matches among the documents with ids in (above, upto], newest first, stopping at `limit`.

        OFFSET 0 keeps the match test out of the inner query, so it can only be read by id: at most upto - above
        documents, fewer when the matches are dense."""
        # Only placeholders and fixed SQL are interpolated here; every value the reader typed is a parameter.
        inner = (
            f"SELECT {COLUMNS} FROM search_searchdocument AS d"  # noqa: S608
            f" WHERE {where} AND d.id > %s AND d.id <= %s ORDER BY d.id DESC"
        )
        sql = self._scored(inner) + " WHERE d.search_vector @@ q ORDER BY d.id DESC LIMIT %s"
        cursor.execute(sql, [*filter_params, above, upto, text, limit])
        return cursor.fetchall()

    def _from_index(self, cursor, text, where, filter_params, *, above: int | None, upto: int, limit: int):
        """The newest `limit` matches with ids in (above, upto], where they are sparse, through the GIN index.

        Only bitmap scans are allowed for this statement: the GIN index's matches, intersected with the id range
        (a bitmap of the primary key) and with any other index the filters can use, then a visit to each match
        left. The planner would otherwise walk the range and test every document, on its wrong estimate."""
        bounds, bound_params = " AND d.id <= %s", [upto]
        if above is not None:
            bounds, bound_params = bounds + " AND d.id > %s", [upto, above]
        # Only placeholders and fixed SQL are interpolated here; every value the reader typed is a parameter.
        inner = (
            f"SELECT {COLUMNS} FROM search_searchdocument AS d, {QUERY}"  # noqa: S608
            f" WHERE d.search_vector @@ q AND {where}{bounds}"
        )
        sql = self._scored(inner) + " ORDER BY d.id DESC LIMIT %s"
        with transaction.atomic(using=cursor.db.alias):
            # SET LOCAL ends with the transaction; set back at once in case this is a savepoint in a longer one.
            cursor.execute("SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off")
            cursor.execute(sql, [text, *filter_params, *bound_params, text, limit])
            rows = cursor.fetchall()
            cursor.execute("SET LOCAL enable_indexscan TO DEFAULT; SET LOCAL enable_seqscan TO DEFAULT")
        return rows

    def text_score_sql(self) -> str:
        return f"ts_rank_cd('{_label_weights()}'::float4[], d.search_vector, q)"

    def constant(self, value: float) -> str:
        # A bare 0.3 is numeric, and numeric arithmetic on thousands of candidates costs as much as the text
        # match's own ts_rank_cd (measured: 4,000 scores in 9.5 ms, 4.8 ms in float8).
        return f"{float(value)!r}::float8"

    def age_days_sql(self) -> str:
        return "GREATEST(EXTRACT(EPOCH FROM (now() - d.created_at))::float8 / 86400.0::float8, 0)"

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
