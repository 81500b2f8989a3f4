"""The interface every search backend implements, and the SQL they share.

A backend answers three questions about the index, for one reader's scope (the communities they may read):
which documents match (ranked and paginated), how many match (capped), and what the matched words look like
in each document of a page (highlighted snippets). Visibility is not the backend's job alone: callers pass
the reader's readable communities, and re-check every hit through the owning app's rules afterwards.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection

from practica.search.parsing import ParsedQuery
from practica.search.ranking import RANKING

# Private-use characters around matched words in snippets: never in indexed text (indexing strips them),
# so the escaped snippet can be given <mark> tags safely.
MARK_START = "\ue000"
MARK_END = "\ue001"


@dataclass
class Filters:
    kind: str
    # Communities whose documents the reader may see; None means every community (staff).
    community_ids: list[int] | None
    # Site-wide documents (community null), which every current member reads: library items only.
    include_site_wide: bool = False
    author_ids: list[int] | None = None
    subtype: str = ""
    tag: str = ""
    since: datetime.datetime | None = None
    until: datetime.datetime | None = None
    answered_only: bool = False


@dataclass(slots=True)
class Hit:
    document_id: int
    object_id: int
    community_id: int | None
    score: float = 0.0


@dataclass
class Candidates:
    """The matches a query ranks: how many match in the reader's scope (counted up to a cap), and which of them
    are scored. Unlimited (both None): every match. Otherwise the matches from `floor` up (an id); or `scored`,
    every candidate as the backend scored it on finding it: (document id, object id, community id, score,
    likes, created as a timestamp), plain tuples because there are thousands and only a page becomes a Hit."""

    count: int
    floor: int | None = None
    scored: list[tuple] | None = None


# The orders of Candidates.scored, as the SQL orders of SearchBackend.search.
_ORDERS = {
    "newest": lambda row: (-row[5], -row[0]),
    "liked": lambda row: (-row[4], -row[3], -row[0]),
}


def _by_relevance(row: tuple) -> tuple:
    return (-row[3], -row[0])


@dataclass
class Snippet:
    title_matched: bool = False
    text: str = ""
    extra: dict = field(default_factory=dict)


def _datetime(value: datetime.datetime):
    return connection.ops.adapt_datetimefield_value(value)


class SearchBackend:
    """Subclasses give the match condition, the text score and the snippets in their engine's syntax."""

    name = "base"

    # The engine's own pieces.
    def match_sql(self, parsed: ParsedQuery) -> tuple[str, str, list]:
        """(FROM clause joining the document table as `d`, WHERE condition, params)."""
        raise NotImplementedError

    def text_score_sql(self) -> str:
        raise NotImplementedError

    def age_days_sql(self) -> str:
        raise NotImplementedError

    def snippets(self, parsed: ParsedQuery, document_ids: list[int]) -> dict[int, Snippet]:
        raise NotImplementedError

    def id_column(self) -> str:
        """The document's id as the engine can walk its matches by, newest first, and bound them."""
        return "d.id"

    # Shared SQL.
    def filter_sql(self, filters: Filters) -> tuple[str, list]:
        clauses, params = ["d.kind = %s"], [filters.kind]
        if filters.community_ids is not None:
            scope = []
            if filters.community_ids:
                scope.append("d.community_id IN ({})".format(", ".join(["%s"] * len(filters.community_ids))))
                params.extend(filters.community_ids)
            if filters.include_site_wide:
                scope.append("d.community_id IS NULL")
            clauses.append("(" + (" OR ".join(scope) or "1 = 0") + ")")
        elif not filters.include_site_wide:
            clauses.append("d.community_id IS NOT NULL")
        if filters.author_ids is not None:
            if not filters.author_ids:
                clauses.append("1 = 0")
            else:
                clauses.append("d.author_id IN ({})".format(", ".join(["%s"] * len(filters.author_ids))))
                params.extend(filters.author_ids)
        if filters.subtype:
            clauses.append("d.subtype = %s")
            params.append(filters.subtype)
        if filters.tag:
            clauses.append("d.tag_list LIKE %s")
            params.append("%|" + filters.tag.replace("%", "").replace("_", "").lower() + "|%")
        if filters.since is not None:
            clauses.append("d.created_at >= %s")
            params.append(_datetime(filters.since))
        if filters.until is not None:
            clauses.append("d.created_at < %s")
            params.append(_datetime(filters.until))
        if filters.answered_only:
            clauses.append("(d.answered OR d.is_accepted_answer)")
        return " AND ".join(clauses), params

    def constant(self, value: float) -> str:
        """A constant of the score, written so the engine computes the score in floating point."""
        return repr(float(value))

    def score_sql(self) -> str:
        r, c = RANKING, self.constant
        return (
            f"({self.text_score_sql()})"
            f" * (1 + {c(r['LIKES'])} * ln(1 + d.like_count))"
            f" * (1 + CASE WHEN d.answered THEN {c(r['ANSWERED'])} ELSE {c(0)} END"
            f" + CASE WHEN d.is_accepted_answer THEN {c(r['ACCEPTED_ANSWER'])} ELSE {c(0)} END)"
            f" * (1 + {c(r['RECENCY'])} / (1 + ({self.age_days_sql()}) / {c(r['RECENCY_HALF_LIFE_DAYS'])}))"
        )

    def candidates(self, parsed: ParsedQuery, filters: Filters, *, cap: int, limit: int) -> Candidates:
        """How many documents match (up to `cap`) and, past the cap, the `limit` newest of them (ranking.py)."""
        count = self.count(parsed, filters, cap=cap)
        if count < cap:
            return Candidates(count=count)
        return Candidates(count=count, floor=self.candidate_floor(parsed, filters, candidates=limit))

    def candidate_floor(self, parsed: ParsedQuery, filters: Filters, *, candidates: int) -> int | None:
        """The id of the `candidates`-th newest match in scope, or None when fewer match.

        Walking the matches newest first and stopping there costs the same however common the words are."""
        source, match, params = self.match_sql(parsed)
        where, filter_params = self.filter_sql(filters)
        column = self.id_column()
        # Only placeholders and fixed SQL are interpolated here; every value the reader typed is a parameter.
        sql = (
            f"SELECT {column} FROM {source} WHERE {match} AND {where}"  # noqa: S608
            f" ORDER BY {column} DESC LIMIT 1 OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *filter_params, candidates - 1])
            row = cursor.fetchone()
        return row[0] if row else None

    def search(
        self,
        parsed: ParsedQuery,
        filters: Filters,
        *,
        sort: str,
        limit: int,
        offset: int,
        candidates: Candidates | None = None,
    ) -> list[Hit]:
        """One page of matches in order, among the `candidates` when they are limited."""
        if candidates is not None and candidates.scored is not None:
            ordered = sorted(candidates.scored, key=_ORDERS.get(sort, _by_relevance))
            return [Hit(*row[:4]) for row in ordered[offset : offset + limit]]
        source, match, params = self.match_sql(parsed)
        where, filter_params = self.filter_sql(filters)
        if candidates is not None and candidates.floor is not None:
            where += f" AND {self.id_column()} >= %s"
            filter_params.append(candidates.floor)
        order = {
            "newest": "d.created_at DESC, d.id DESC",
            "liked": "d.like_count DESC, score DESC, d.id DESC",
        }.get(sort, "score DESC, d.id DESC")
        # Only placeholders and fixed SQL are interpolated here; every value the reader typed is a parameter.
        sql = (
            f"SELECT d.id, d.object_id, d.community_id, {self.score_sql()} AS score"  # noqa: S608
            f" FROM {source} WHERE {match} AND {where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *filter_params, limit, offset])
            return [Hit(document_id=r[0], object_id=r[1], community_id=r[2], score=r[3]) for r in cursor.fetchall()]

    def count(self, parsed: ParsedQuery, filters: Filters, *, cap: int) -> int:
        """How many documents match, counting no further than `cap` (deep result pages are never read)."""
        source, match, params = self.match_sql(parsed)
        where, filter_params = self.filter_sql(filters)
        # Only placeholders and fixed SQL are interpolated here; every value the reader typed is a parameter.
        sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} WHERE {match} AND {where} LIMIT %s) AS capped"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *filter_params, cap])
            return cursor.fetchone()[0]
