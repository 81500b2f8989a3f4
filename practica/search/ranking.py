"""How results are ordered by relevance: the one place the weights live (docs/search.md explains them).

    score = text match × likes boost × answer boost × recency boost

- text match: SQLite's bm25() with a weight per column, PostgreSQL's ts_rank_cd() with a weight per label;
  a word in the title counts for more than the same word in the tags, and the tags for more than the body;
- likes boost: 1 + LIKES × ln(1 + likes), so the first likes lift a post the most and a hundred likes
  cannot bury a better match (the seeds: a like "can lift the post to be more searchable");
- answer boost: 1 + ANSWERED for a question with an accepted answer (its opening post), 1 + ACCEPTED_ANSWER
  for the accepted answer itself;
- recency boost: 1 + RECENCY / (1 + age in days / RECENCY_HALF_LIFE_DAYS): new posts a little higher, old
  ones never penalised below 1.

A word that half the site uses matches hundreds of thousands of documents, and scoring every one of them costs
more than a page may take. So when a query matches more documents in the reader's scope than CANDIDATES, only
the newest CANDIDATES of them are scored and ordered (by relevance, likes or date); below that every match is.
CANDIDATES is twice the deepest result anyone can page to (queries.MAX_RESULTS), so newest first shows what
ranking every match would show, and relevance and likes order the most recent two thousand matches: for such
common words, what members want is nearly always recent. bench/search.py measures the difference: at a million
posts, 54 % of such a query's first page is what ranking every match shows (60 % with 4,000 candidates, which
cost PostgreSQL its 100 ms target: p95 74 ms with 2,000, 105–119 ms with 4,000; docs/search.md).
"""

RANKING = {
    # Column weights of the text match (title, body, tags).
    "TITLE": 10.0,
    "BODY": 1.0,
    "TAGS": 4.0,
    # Boosts on top of the text match.
    "LIKES": 0.25,
    "ANSWERED": 0.3,
    "ACCEPTED_ANSWER": 0.5,
    "RECENCY": 0.2,
    "RECENCY_HALF_LIFE_DAYS": 180.0,
    # How many of the newest matches are scored when a query matches more than that (see above); never fewer
    # than queries.MAX_RESULTS, whatever is set here.
    "CANDIDATES": 2000,
}
