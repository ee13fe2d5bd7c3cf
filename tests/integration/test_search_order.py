"""The search means the same whatever the order of its terms, on a small fixed corpus of claims and
the real full-text machinery: a query and any reordering of its groups and terms find the same
claims; an exclusion removes what it matches wherever it stands; and what a query finds is what its
terms find alone, combined as the grammar says ((a or b) and c, less what -x finds)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import reduce
from random import Random
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from psycopg import Connection

from claimtrack.config import DatabaseChoice
from claimtrack.db.engine import Database
from claimtrack.services import claim_search, claims

pytestmark = pytest.mark.slow

# Statements only (no excerpts): a claim's one document is its statement, so the claims a query
# finds can be worked out from the claims each of its terms finds alone.
CORPUS = [
    "Shahed drones are assembled at Alabuga in Tatarstan",
    "Iran sent Fath-360 missiles to Russia",
    "A drone and a missile struck Odesa overnight",
    "North Korea's shells reached Russia by rail",
    "North Korea will export war materials to Russia",
    "The war in Ukraine needs materials from abroad",
    "Alabuga workers include students from Africa",
    "Iran denies sending any drone or missile",
    "Russia ships oil to North Korea",
    "KN-23 missiles from North Korea hit Kharkiv",
]
WORDS = ["drone", "missile", "Alabuga", "Iran", "Russia", "Korea's", "Fath-360", "KN-23", "oil", "war", "shells"]
PHRASES = ['"war materials"', '"North Korea"', '"drone and a missile"', '"Fath-360 missiles"']


@pytest.fixture(scope="module")
def database(module_database_url: str) -> Iterator[Database]:
    """The corpus, written once; every example reads it in a transaction of its own, rolled back."""
    database = Database(DatabaseChoice(url=module_database_url, origin="test"))
    with database.transaction(actor="tester") as connection:
        for statement in CORPUS:
            claims.add_claim(connection, statement=statement, recorded_by="tester", allow_duplicate=True)
    yield database
    database.dispose()


@contextmanager
def reading(database: Database) -> Iterator[Connection[Any]]:
    """A read-only transaction: an example can change nothing that the next one would see."""
    with database.transaction(actor="tester") as connection:
        connection.execute("SET TRANSACTION READ ONLY")
        yield connection


def found(connection: Connection[Any], query: str) -> frozenset[int]:
    return frozenset(hit.id for hit in claim_search.search_claims(connection, query=query, limit=1000).hits)


TERMS = st.sampled_from(WORDS + PHRASES)
GROUPS = st.lists(TERMS, min_size=1, max_size=3, unique=True)
EXCLUSIONS = st.lists(TERMS.map(lambda term: "-" + term), max_size=2, unique=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(GROUPS, min_size=1, max_size=3), EXCLUSIONS, st.randoms(use_true_random=False))
def test_a_query_and_any_reordering_of_it_find_the_same_claims(
    database: Database, groups: list[list[str]], exclusions: list[str], random: Random
) -> None:
    units = [" OR ".join(group) for group in groups] + exclusions
    reordered = [" OR ".join(random.sample(group, len(group))) for group in groups] + exclusions
    random.shuffle(reordered)
    with reading(database) as connection:
        assert found(connection, " ".join(reordered)) == found(connection, " ".join(units))


@settings(max_examples=60, deadline=None)
@given(st.lists(GROUPS, min_size=1, max_size=3), EXCLUSIONS, st.data())
def test_a_query_finds_what_its_terms_find_combined_with_exclusions_wherever_they_stand(
    database: Database, groups: list[list[str]], exclusions: list[str], data: st.DataObject
) -> None:
    tokens = [token for group in groups for term in group for token in (["OR", term] if term != group[0] else [term])]
    for exclusion in exclusions:  # anywhere: before, between or after the groups, or beside an OR
        at = data.draw(st.integers(0, len(tokens)))
        tokens.insert(at, exclusion)
    query = " ".join(tokens)
    with reading(database) as connection:
        alone = {term: found(connection, term) for group in groups for term in group}
        excluded = [found(connection, exclusion[1:]) for exclusion in exclusions]
        wanted = reduce(frozenset.intersection, (frozenset().union(*(alone[t] for t in group)) for group in groups))
        expected = wanted.difference(*excluded)
        event("finds some claims" if expected else "finds none")
        assert found(connection, query) == expected, query
