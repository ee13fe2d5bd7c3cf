"""Analysts adding the same claim at the same moment: the near-duplicate check still holds.

Each racer is a thread with its own connection and transaction, running add_claim as `claimtrack
claim add` runs it; a barrier lets them all go once every one is inside its transaction.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg

from claimtrack.config import DatabaseChoice
from claimtrack.db.engine import Database
from claimtrack.errors import Conflict
from claimtrack.services.claims import add_claim

RACERS = 8


def add_at_once(database_url: str, statements: list[str], allow_duplicate: bool = False) -> list[str]:
    """Each statement added by its own racer, all at once; 'added' or 'refused' for each."""
    barrier = threading.Barrier(len(statements), timeout=30)

    def one(racer: int) -> str:
        database = Database(DatabaseChoice(url=database_url, origin="test"))
        try:
            with database.transaction(actor=f"analyst-{racer}") as connection:
                barrier.wait()
                add_claim(connection, statement=statements[racer], recorded_by=f"analyst-{racer}", allow_duplicate=allow_duplicate)
            return "added"
        except Conflict as refused:
            assert "already says nearly the same" in str(refused)
            return "refused"
        finally:
            database.dispose()

    with ThreadPoolExecutor(len(statements)) as pool:
        return list(pool.map(one, range(len(statements))))


def test_of_simultaneous_adds_of_one_statement_exactly_one_lands(database_url: str, sql: psycopg.Connection) -> None:
    for round_ in range(5):
        statement = f"North Korea shipped artillery shells to Russia by rail, batch {round_}"
        outcomes = add_at_once(database_url, [statement] * RACERS)
        assert sorted(outcomes) == ["added"] + ["refused"] * (RACERS - 1)
        assert sql.execute("SELECT count(*) FROM claim WHERE statement = %s", (statement,)).fetchone() == (1,)


def test_simultaneous_adds_of_different_statements_all_land(database_url: str, sql: psycopg.Connection) -> None:
    statements = [f"Claim {n}: {word} crossed the border at Khasan" for n, word in enumerate(
        ["Shells", "Missiles", "Engineers", "Workers", "Tanks", "Drones", "Fuel", "Grain"])]
    assert add_at_once(database_url, statements) == ["added"] * RACERS
    assert sql.execute("SELECT count(*) FROM claim").fetchone() == (RACERS,)


def test_with_allow_duplicate_simultaneous_adds_all_land(database_url: str, sql: psycopg.Connection) -> None:
    statement = "Russia delivered air-defence systems to North Korea"
    assert add_at_once(database_url, [statement] * RACERS, allow_duplicate=True) == ["added"] * RACERS
    assert sql.execute("SELECT count(*) FROM claim WHERE statement = %s", (statement,)).fetchone() == (RACERS,)


NEAR = [
    "North Korea shipped artillery shells to Russia by rail through Khasan",
    "North Korea shipped artillery shells to Russia by rail through Khasan.",
    "north korea shipped artillery shells to russia by rail through Khasan",
    "North Korea has shipped artillery shells to Russia by rail through Khasan",
    "North Korea shipped the artillery shells to Russia by rail through Khasan",
    "North Korea shipped artillery shells to Russia, by rail, through Khasan",
    "North Korea shipped artilery shells to Russia by rail through Khasan",
    "North Korea shipped artillery shells into Russia by rail through Khasan",
]


def test_of_simultaneous_adds_of_near_duplicates_exactly_one_lands(database_url: str, sql: psycopg.Connection) -> None:
    # Every pair is at least 0.8 alike as pg_trgm measures it, so each pair shares a lock.
    sql.execute("SELECT set_config('pg_trgm.similarity_threshold', '0.8', false)")
    for a in NEAR:
        for b in NEAR:
            assert sql.execute("SELECT %s %% %s", (a, b)).fetchone() == (True,), (a, b)
    outcomes = add_at_once(database_url, NEAR)
    assert sorted(outcomes) == ["added"] + ["refused"] * (len(NEAR) - 1)
    assert sql.execute("SELECT count(*) FROM claim").fetchone() == (1,)
