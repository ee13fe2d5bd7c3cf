"""Search quality and shape, on the real full-text machinery: services.claim_search.search_claims."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from psycopg import Connection

from claimtrack.config import DatabaseChoice
from claimtrack.db.engine import Database
from claimtrack.errors import InvalidValue
from claimtrack.services import claim_search, claims
from claimtrack.services.claims import Evidence


@pytest.fixture
def connection(database_url: str) -> Iterator[Connection[Any]]:
    database = Database(DatabaseChoice(url=database_url, origin="test"))
    with database.transaction(actor="tester") as connection:
        yield connection
    database.dispose()


def add(connection: Connection[Any], statement: str, excerpt: str | None = None) -> int:
    evidence = Evidence("https://example.org/source", "reports", excerpt) if excerpt else None
    return claims.add_claim(connection, statement=statement, recorded_by="tester", evidence=evidence, allow_duplicate=True)


def hits(connection: Connection[Any], query: str, limit: int = 20) -> list[tuple[int, str]]:
    return [(hit.id, hit.matched_in) for hit in claim_search.search_claims(connection, query=query, limit=limit).hits]


def test_a_word_finds_claims_by_its_stem(connection: Connection[Any]) -> None:
    exports = add(connection, "North Korea exports artillery shells to Russia")
    exported = add(connection, "Ammunition was exported by rail through Tumangang")
    add(connection, "Russia imports fuel")
    assert sorted(hits(connection, "exporting")) == [(exports, "statement"), (exported, "statement")]


def test_a_statement_match_ranks_above_an_excerpt_match_even_a_denser_one(connection: Connection[Any]) -> None:
    in_excerpt = add(connection, "Trade across the Tumen grew", excerpt="Sanctions, sanctions and more sanctions on sanctions")
    in_statement = add(connection, "A long statement about the many ways in which trade avoided one of the sanctions regimes")
    found = claim_search.search_claims(connection, query="sanctions").hits
    assert [(hit.id, hit.matched_in) for hit in found] == [(in_statement, "statement"), (in_excerpt, "excerpt")]
    assert found[1].rank > found[0].rank  # the excerpt is the better match, and still comes second
    assert found[1].excerpt == "**Sanctions**, **sanctions** and more **sanctions** on **sanctions**"
    assert found[1].excerpt_source_id == 1


def test_a_claim_matching_in_both_places_is_listed_once_with_its_excerpt(connection: Connection[Any]) -> None:
    both = add(connection, "Russia forgave North Korea's debt", excerpt="The debt was written off")
    assert [(h.id, h.matched_in, h.statement, h.excerpt) for h in claim_search.search_claims(connection, query="debt").hits] == [
        (both, "statement", "Russia forgave North Korea's **debt**", "The **debt** was written off")
    ]


def test_web_search_syntax_phrases_or_and_minus(connection: Connection[Any]) -> None:
    materials = add(connection, "North Korea will export war materials to Russia")
    war = add(connection, "The war in Ukraine needs materials from abroad for war")
    oil = add(connection, "Russia ships oil to North Korea")
    assert hits(connection, '"war materials"') == [(materials, "statement")]
    assert sorted(hits(connection, "oil or materials")) == sorted([(materials, "statement"), (war, "statement"), (oil, "statement")])
    assert hits(connection, "russia -oil") == [(materials, "statement")]


def test_the_limit_cuts_the_ranked_list(connection: Connection[Any]) -> None:
    ids = [add(connection, f"Shipment number {n} of shells reached Russia") for n in range(5)]
    excerpt_only = add(connection, "A claim about something else", excerpt="shells")
    assert len(hits(connection, "shells", limit=3)) == 3
    found = hits(connection, "shells", limit=10)
    assert sorted(found[:5]) == [(i, "statement") for i in ids] and found[5] == (excerpt_only, "excerpt")


def test_when_more_claims_match_than_are_ranked_the_newest_are_ranked_and_that_is_said(connection: Connection[Any]) -> None:
    ids = [add(connection, f"Shipment number {n} of shells reached Russia") for n in range(5)]
    capped = claim_search.search_claims(connection, query="shells", limit=3, candidates=3)
    assert ([hit.id for hit in capped.hits], capped.capped) == (ids[:1:-1], True)
    complete = claim_search.search_claims(connection, query="shells", candidates=5)
    assert (len(complete.hits), complete.capped) == (5, False)


def test_a_query_of_common_words_only_is_refused(connection: Connection[Any]) -> None:
    add(connection, "The war")
    with pytest.raises(InvalidValue, match="has no words to search for"):
        claim_search.search_claims(connection, query="the and of")


def test_search_can_use_the_gin_indexes_of_statements_and_excerpts(connection: Connection[Any]) -> None:
    """The query keeps both tsvector columns bare, so each side is a GIN index lookup."""
    connection.execute("SET LOCAL enable_seqscan = off")
    plan = "\n".join(
        row[0]
        for row in connection.execute(
            "EXPLAIN " + claim_search._SEARCH,
            {"query": "exports", "limit": 20, "candidates": 2000, "headline": claim_search._HEADLINE},
        )
    )
    assert "ix_claim_search" in plan
    assert "ix_claim_source_search" in plan
