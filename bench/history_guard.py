"""What the history's guard costs an import (not part of the test suite).

Since 20261204_0004 every row written into status_history passes a BEFORE INSERT trigger that
refuses rows no trigger wrote (the owner's import excepted). An import copies its history rows
with COPY, so each row pays the trigger. This times, on a fresh embedded PostgreSQL, a COPY of N
history rows into a database at head, with the guard as shipped and with it disabled (the floor),
alternating, and prints the median of each and their ratio.

    python bench/history_guard.py                 # 1,000,000 rows, 5 rounds
    python bench/history_guard.py --rows 100000 --rounds 3
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import psycopg

from claimtrack.config import DatabaseChoice
from claimtrack.db import embedded
from claimtrack.db.engine import Database


def copy_history(connection: psycopg.Connection, rows: int, *, guarded: bool) -> float:
    with connection.transaction(force_rollback=True):
        connection.execute("SET LOCAL claimtrack.importing = on")
        if not guarded:
            connection.execute("ALTER TABLE status_history DISABLE TRIGGER status_history_by_triggers_only")
        started = time.perf_counter()
        with connection.cursor().copy("COPY status_history (claim_id, to_status, changed_by) FROM STDIN") as copy:
            for _ in range(rows):
                copy.write_row((1, "unverified", "bench"))
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="claimtrack-bench-guard-"))
    try:
        database = Database(DatabaseChoice(url=None, origin="embedded", home=home))
        connection = database.connection  # creates the roles and the database, migrates to head, as the owner
        connection.execute("INSERT INTO claim (id, statement, recorded_by) OVERRIDING SYSTEM VALUE VALUES (1, 'A claim', 'bench')")
        copy_history(connection, 10_000, guarded=True)  # warm-up
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(arguments.rounds):
            for guarded in (True, False):
                times[guarded].append(copy_history(connection, arguments.rows, guarded=guarded))
        guarded, floor = statistics.median(times[True]), statistics.median(times[False])
        print(f"COPY of {arguments.rows:,} history rows, median of {arguments.rounds}:")
        print(f"  with the guard     {guarded:7.2f} s   (runs: {', '.join(f'{t:.2f}' for t in times[True])})")
        print(f"  guard disabled     {floor:7.2f} s   (runs: {', '.join(f'{t:.2f}' for t in times[False])})")
        print(f"  ratio              {guarded / floor:7.2f} x, {1e6 * (guarded - floor) / arguments.rows:.2f} µs a row")
        database.dispose()
    finally:
        embedded.stop(home)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
