"""Search quality and shape, on the real full-text machinery: services.claim_search.search_claims."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from psycopg import Connection

from claimtrack.config import DatabaseChoice
from claimtrack.db.engine import Database
from claimtrack.errors import BadSetting
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


def test_phrases_or_and_minus(connection: Connection[Any]) -> None:
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
    with pytest.raises(BadSetting, match="has no words to search for"):
        claim_search.search_claims(connection, query="the and of")


def test_search_can_use_the_gin_indexes_of_statements_and_excerpts(connection: Connection[Any]) -> None:
    """The query keeps both tsvector columns bare, so each side is a GIN index lookup."""
    connection.execute("SET LOCAL enable_seqscan = off")
    plan = "\n".join(
        row[0]
        for row in connection.execute(
            "EXPLAIN " + claim_search._SEARCH,
            {"query": "'exports'", "limit": 20, "candidates": 2000, "headline": claim_search._HEADLINE, "unmarked": ""},
        )
    )
    assert "ix_claim_search" in plan
    assert "ix_claim_source_search" in plan


def test_an_exclusion_applies_to_the_whole_query_wherever_it_stands(connection: Connection[Any]) -> None:
    alabuga = add(connection, "Shahed drones are assembled at Alabuga")
    missile = add(connection, "Iran sent a missile to Russia")
    drone = add(connection, "A drone crossed the border")
    for query in ("drone OR missile -Alabuga", "missile OR drone -Alabuga", "-Alabuga drone OR missile", "missile -Alabuga OR drone"):
        assert sorted(hits(connection, query)) == sorted([(missile, "statement"), (drone, "statement")]), query
    assert alabuga not in [found for found, _ in hits(connection, 'drone -"at Alabuga"')]


def test_or_binds_the_terms_beside_it(connection: Connection[Any]) -> None:
    drone_iran = add(connection, "Iran builds the drone")
    missile_iran = add(connection, "Iran tests a missile")
    add(connection, "A drone over Kursk")
    assert sorted(hits(connection, "drone OR missile Iran")) == sorted([(drone_iran, "statement"), (missile_iran, "statement")])
    assert sorted(hits(connection, "Iran drone OR missile")) == sorted([(drone_iran, "statement"), (missile_iran, "statement")])


def test_tsquery_operators_in_a_query_are_words_to_look_for(connection: Connection[Any]) -> None:
    found = add(connection, "North Korea's KN-23 (a missile) & more")
    for query in ("KN-23 & !:* (missile)", "'korea''s' <-> \\", "korea's | missile"):
        assert hits(connection, query) == [(found, "statement")], query


def test_a_hyphenated_word_is_highlighted_whole(connection: Connection[Any]) -> None:
    add(connection, "Iran sent Fath-360 missiles", excerpt="The Fath-360 is a short-range missile")
    for query in ("Fath-360", "fath", '"Fath-360 missiles"'):
        [hit] = claim_search.search_claims(connection, query=query).hits
        assert hit.statement.startswith("Iran sent **Fath-360**"), (query, hit.statement)
        assert hit.excerpt == "The **Fath-360** is a short-range missile" or query == '"Fath-360 missiles"', (query, hit.excerpt)


def test_the_marks_of_a_headline_are_taken_out_of_the_text_first(connection: Connection[Any]) -> None:
    add(connection, "Drone \x02parts\x03 from Iran")
    [hit] = claim_search.search_claims(connection, query="drone").hits
    assert hit.statement == "**Drone** parts from Iran"
