"""Searching claims: the statements and evidence excerpts that match a query, best first, each
with its matching words marked.

Written on psycopg, as services.claims is: `claim search` is an everyday command."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.errors import BadSetting
from claimtrack.services.lookup import stored_text

if TYPE_CHECKING:
    from psycopg import Connection


@dataclass(frozen=True)
class ClaimHit:
    id: int
    status: str
    matched_in: str  # "statement" or "excerpt"
    rank: float
    statement: str  # ts_headline: the matching words between ** **
    excerpt: str | None  # the best-matching excerpt's headline, if an excerpt matches
    excerpt_source_id: int | None


# The headline of a match: the matching words between two control characters, which
# domain.whole_word_marks widens to whole words and shows between ** **; the text loses any of
# those two characters first (they are invisible), so that they mark nothing else.
_HEADLINE = f"StartSel={domain.HEADLINE_START}, StopSel={domain.HEADLINE_STOP}, MaxWords=35, MinWords=20"
_UNMARKED = domain.HEADLINE_START + domain.HEADLINE_STOP

# How many of the newest matches a tier ranks. Ranking reads every candidate's tsvector, so an
# uncapped common word (a fifth of a million claims) costs most of a second; the newest 2,000 are
# found by walking the primary key backwards (or, for rarer words, from the GIN bitmap), so a search
# stays within tens of milliseconds at 1M claims. The CLI says when the cap was reached.
SEARCH_CANDIDATES = 2000

# Two tiers: every statement match ranks above every excerpt-only match; within a tier, ts_rank
# (normalised by document length). Each tier ranks only the GIN index's matches, at most
# SEARCH_CANDIDATES of them, the newest; the excerpt tier is not even scanned when statements fill
# the page; ts_headline runs on the returned rows alone. The scans repeat to_tsquery
# rather than read the `query` CTE so that the planner sees the words and, from the column's
# statistics, how common they are: it walks the primary key backwards for a common word and reads
# the GIN index for a rare one.
_SEARCH = """
    WITH query AS MATERIALIZED (SELECT to_tsquery('english', %(query)s) AS q),
    statement_candidates AS MATERIALIZED (
        SELECT c.id
        FROM claim c
        WHERE c.search @@ to_tsquery('english', %(query)s)
        ORDER BY c.id DESC
        LIMIT %(candidates)s
    ),
    statement_hits AS MATERIALIZED (
        SELECT c.id, ts_rank(c.search, query.q, 1) AS rank
        FROM statement_candidates JOIN claim c USING (id), query
        ORDER BY rank DESC, c.id DESC
        LIMIT %(limit)s
    ),
    excerpt_candidates AS MATERIALIZED (
        -- Runs only when statements leave room on the page, and then statement_hits holds every
        -- statement match, so excluding its ids leaves the excerpt-only matches.
        SELECT cs.claim_id, cs.search
        FROM claim_source cs
        WHERE (SELECT count(*) FROM statement_hits) < %(limit)s
          AND cs.search @@ to_tsquery('english', %(query)s)
          AND cs.claim_id NOT IN (SELECT id FROM statement_hits)
        ORDER BY cs.claim_id DESC
        LIMIT %(candidates)s
    ),
    excerpt_hits AS (
        SELECT claim_id AS id, max(ts_rank(search, query.q, 1)) AS rank
        FROM excerpt_candidates, query
        GROUP BY claim_id
        ORDER BY rank DESC, id DESC
        LIMIT %(limit)s
    ),
    page AS (
        SELECT id, rank, 'statement' AS matched_in, 0 AS tier FROM statement_hits
        UNION ALL
        SELECT id, rank, 'excerpt', 1 FROM excerpt_hits
        ORDER BY tier, rank DESC, id DESC
        LIMIT %(limit)s
    )
    SELECT page.id, c.status, page.matched_in, page.rank,
           ts_headline('english', translate(c.statement, %(unmarked)s, ''), query.q, %(headline)s) AS statement,
           best.excerpt, best.source_id,
           (SELECT count(*) FROM statement_candidates) >= %(candidates)s
               OR (SELECT count(*) FROM excerpt_candidates) >= %(candidates)s AS capped
    FROM page
    JOIN claim c ON c.id = page.id
    CROSS JOIN query
    LEFT JOIN LATERAL (
        SELECT ts_headline('english', translate(cs.excerpt, %(unmarked)s, ''), query.q, %(headline)s) AS excerpt, cs.source_id
        FROM claim_source cs
        WHERE cs.claim_id = page.id AND cs.search @@ query.q
        ORDER BY ts_rank(cs.search, query.q, 1) DESC, cs.source_id
        LIMIT 1
    ) best ON true
    ORDER BY page.tier, page.rank DESC, page.id DESC
"""


@dataclass(frozen=True)
class SearchResult:
    hits: list[ClaimHit]
    capped: bool  # more than SEARCH_CANDIDATES claims matched: the newest of them were ranked


def search_claims(
    connection: Connection[Any], *, query: str, limit: int = 20, candidates: int = SEARCH_CANDIDATES
) -> SearchResult:
    """Claims whose statement or an excerpt matches `query` (domain.search's grammar: words,
    "phrases", OR, -excluded), best first; words match by their stem ("exporting" finds
    "exports"). When more than `candidates` claims match, the newest `candidates` of them are
    ranked."""
    stored_text("query", query)
    try:
        parsed = domain.parse_search(query)
    except ValueError as error:
        raise BadSetting(str(error)) from None
    searchable = connection.execute("SELECT numnode(to_tsquery('english', %s)) > 0", (parsed.wanted(),)).fetchone()
    if not (searchable and searchable[0]):
        raise BadSetting(
            f'"{query}" has no words to search for (only very common ones such as "the"); use more specific words.'
        )
    parameters = {
        "query": parsed.tsquery(),
        "limit": limit,
        "candidates": max(candidates, limit),
        "headline": _HEADLINE,
        "unmarked": _UNMARKED,
    }
    rows = connection.execute(_SEARCH, parameters).fetchall()
    hits = [
        ClaimHit(
            id, status, matched_in, rank, domain.whole_word_marks(statement),
            None if excerpt is None else domain.whole_word_marks(excerpt), source_id,
        )
        for id, status, matched_in, rank, statement, excerpt, source_id, _ in rows
    ]  # fmt: skip
    return SearchResult(hits, capped=bool(rows and rows[0][-1]))
