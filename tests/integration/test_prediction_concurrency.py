"""Many analysts resolving the same prediction at once: exactly one wins, the rest write nothing.

Each racer is a thread with its own database connection and transaction, running the same service
the CLI runs, as the CLI runs it. The racers connect first, then a barrier lets them all go at once.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import psycopg
import pytest

from claimtrack.config import DatabaseChoice
from claimtrack.db.engine import Database
from claimtrack.domain import PartialDate
from claimtrack.errors import Conflict, RefusedTransition
from claimtrack.services.predictions import add_prediction, reopen_prediction, resolve_prediction

RACERS = 20
RACES = 30
OUTCOMES = ("confirmed", "refuted", "ambiguous", "withdrawn")
LOST_RACE = re.compile(
    r"prediction (\d+) was (confirmed|refuted|marked ambiguous|withdrawn|reopened) by (analyst-\d+) "
    r"at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC while you were working; nothing was written\."
)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    database = Database(DatabaseChoice(url=database_url, origin="test"))
    with database.transaction(actor="setup") as connection:
        connection.execute("INSERT INTO source (title, url, recorded_by) VALUES ('Evidence', 'https://example.org/e', 'setup')")
    yield database
    database.dispose()


def race(database: Database, attempt, racers: int = RACERS) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Run attempt(connection, racer) in `racers` transactions at once; (outcome, detail) for each."""
    barrier = threading.Barrier(racers, timeout=30)

    def one(racer: int) -> tuple[str, str]:
        own = Database(database.choice)  # a command of its own: its own connection
        try:
            with own.transaction(actor=f"analyst-{racer}") as connection:
                barrier.wait()  # everyone is connected and inside a transaction
                attempt(connection, racer)
            return "won", f"analyst-{racer}"
        except Conflict as lost:
            return "conflict", str(lost)
        except RefusedTransition as refused:  # read the status after the winner committed
            return "refused", str(refused)
        finally:
            own.dispose()

    with ThreadPoolExecutor(racers) as pool:
        return list(pool.map(one, range(racers)))


def history(sql: psycopg.Connection, prediction_id: int) -> list[tuple[str | None, str, str]]:
    return sql.execute(
        "SELECT from_status, to_status, changed_by FROM status_history WHERE prediction_id = %s ORDER BY id", (prediction_id,)
    ).fetchall()


@pytest.mark.slow
def test_exactly_one_of_many_simultaneous_resolvers_wins_every_race(database: Database, sql: psycopg.Connection) -> None:
    started = time.monotonic()
    tally: Counter[str] = Counter()
    for _ in range(RACES):
        with database.transaction(actor="setup") as connection:
            prediction_id = add_prediction(
                connection, statement="Contested", resolve_by=PartialDate(date(2030, 1, 1)), recorded_by="setup", allow_duplicate=True
            )  # one per race, the same question each time

        # Round 1: everyone tries to resolve the open prediction, each in their own way.
        def resolve(connection, racer: int) -> None:  # type: ignore[no-untyped-def]
            outcome = OUTCOMES[racer % len(OUTCOMES)]
            verdict = outcome in ("confirmed", "refuted")
            resolve_prediction(
                connection, prediction_id=prediction_id, outcome=outcome, recorded_by=f"analyst-{racer}",
                evidence=1 if verdict else None, note=None if verdict else f"note {racer}",
            )

        resolved = race(database, resolve)
        # Round 2: everyone tries to reopen the resolved prediction.
        reopened = race(database, lambda connection, racer: reopen_prediction(connection, prediction_id=prediction_id, reason=f"reason {racer}"))

        for results, expected_to in ((resolved, None), (reopened, "open")):
            outcomes = Counter(outcome for outcome, _ in results)
            tally.update(outcomes)
            assert outcomes["won"] == 1, results
            assert outcomes["won"] + outcomes["conflict"] + outcomes["refused"] == RACERS
            [winner] = [detail for outcome, detail in results if outcome == "won"]
            for outcome, detail in results:
                if outcome == "conflict":  # the loser is told who won, and with what
                    match = LOST_RACE.fullmatch(detail)
                    assert match, detail
                    assert (int(match[1]), match[3]) == (prediction_id, winner)
        rows = history(sql, prediction_id)
        assert len(rows) == 3  # recorded, resolved once, reopened once: one row per success
        assert rows[1][0] == "open" and rows[1][1] in OUTCOMES and rows[2][:2] == (rows[1][1], "open")
        assert sql.execute("SELECT status FROM prediction WHERE id = %s", (prediction_id,)).fetchone() == ("open",)

    elapsed = time.monotonic() - started
    print(f"\n{RACES} races x 2 rounds x {RACERS} racers in {elapsed:.1f} s: {dict(tally)}")
    assert tally["won"] == 2 * RACES
    assert tally["conflict"] > 0, "no racer ever lost at the UPDATE; the races were not simultaneous"
