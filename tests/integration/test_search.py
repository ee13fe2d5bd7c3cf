"""Search quality and shape, on the real full-text machinery: services.claims.search_claims."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from claimtrack.config import DatabaseChoice
from claimtrack.db.engine import Database
from claimtrack.errors import InvalidValue
from claimtrack.services import claims
from claimtrack.services.claims import Evidence


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    database = Database(DatabaseChoice(url=database_url, origin="test"))
    with database.session(actor="tester") as session:
        yield session
    database.dispose()


def add(session: Session, statement: str, excerpt: str | None = None) -> int:
    evidence = Evidence("https://example.org/source", "reports", excerpt) if excerpt else None
    return claims.add_claim(session, statement=statement, recorded_by="tester", evidence=evidence, allow_duplicate=True)


def hits(session: Session, query: str, limit: int = 20) -> list[tuple[int, str]]:
    return [(hit.id, hit.matched_in) for hit in claims.search_claims(session, query=query, limit=limit).hits]


def test_a_word_finds_claims_by_its_stem(session: Session) -> None:
    exports = add(session, "North Korea exports artillery shells to Russia")
    exported = add(session, "Ammunition was exported by rail through Tumangang")
    add(session, "Russia imports fuel")
    assert sorted(hits(session, "exporting")) == [(exports, "statement"), (exported, "statement")]


def test_a_statement_match_ranks_above_an_excerpt_match_even_a_denser_one(session: Session) -> None:
    in_excerpt = add(session, "Trade across the Tumen grew", excerpt="Sanctions, sanctions and more sanctions on sanctions")
    in_statement = add(session, "A long statement about the many ways in which trade avoided one of the sanctions regimes")
    found = claims.search_claims(session, query="sanctions").hits
    assert [(hit.id, hit.matched_in) for hit in found] == [(in_statement, "statement"), (in_excerpt, "excerpt")]
    assert found[1].rank > found[0].rank  # the excerpt is the better match, and still comes second
    assert found[1].excerpt == "**Sanctions**, **sanctions** and more **sanctions** on **sanctions**"
    assert found[1].excerpt_source_id == 1


def test_a_claim_matching_in_both_places_is_listed_once_with_its_excerpt(session: Session) -> None:
    both = add(session, "Russia forgave North Korea's debt", excerpt="The debt was written off")
    assert [(h.id, h.matched_in, h.statement, h.excerpt) for h in claims.search_claims(session, query="debt").hits] == [
        (both, "statement", "Russia forgave North Korea's **debt**", "The **debt** was written off")
    ]


def test_web_search_syntax_phrases_or_and_minus(session: Session) -> None:
    materials = add(session, "North Korea will export war materials to Russia")
    war = add(session, "The war in Ukraine needs materials from abroad for war")
    oil = add(session, "Russia ships oil to North Korea")
    assert hits(session, '"war materials"') == [(materials, "statement")]
    assert sorted(hits(session, "oil or materials")) == sorted([(materials, "statement"), (war, "statement"), (oil, "statement")])
    assert hits(session, "russia -oil") == [(materials, "statement")]


def test_the_limit_cuts_the_ranked_list(session: Session) -> None:
    ids = [add(session, f"Shipment number {n} of shells reached Russia") for n in range(5)]
    excerpt_only = add(session, "A claim about something else", excerpt="shells")
    assert len(hits(session, "shells", limit=3)) == 3
    found = hits(session, "shells", limit=10)
    assert sorted(found[:5]) == [(i, "statement") for i in ids] and found[5] == (excerpt_only, "excerpt")


def test_when_more_claims_match_than_are_ranked_the_newest_are_ranked_and_that_is_said(session: Session) -> None:
    ids = [add(session, f"Shipment number {n} of shells reached Russia") for n in range(5)]
    capped = claims.search_claims(session, query="shells", limit=3, candidates=3)
    assert ([hit.id for hit in capped.hits], capped.capped) == (ids[:1:-1], True)
    complete = claims.search_claims(session, query="shells", candidates=5)
    assert (len(complete.hits), complete.capped) == (5, False)


def test_a_query_of_common_words_only_is_refused(session: Session) -> None:
    add(session, "The war")
    with pytest.raises(InvalidValue, match="has no words to search for"):
        claims.search_claims(session, query="the and of")


def test_search_can_use_the_gin_indexes_of_statements_and_excerpts(session: Session) -> None:
    """The query keeps both tsvector columns bare, so each side is a GIN index lookup."""
    session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(
        row[0]
        for row in session.execute(
            text("EXPLAIN " + claims._SEARCH.text),
            {"query": "exports", "limit": 20, "candidates": 2000, "headline": claims._HEADLINE},
        )
    )
    assert "ix_claim_search" in plan
    assert "ix_claim_source_search" in plan
