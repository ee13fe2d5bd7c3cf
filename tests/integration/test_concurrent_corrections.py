"""Two corrections of one record at once (issue 12): a merge or delete that another transaction also
touches. One wins; the other, run as a user runs it (the CLI in a process of its own), waits for
the first, is told what happened in one `Error:` line (exit 1), and writes nothing.

The first correction is made here through the service, in a transaction left open, so that the
second surely meets it; the test commits it once the second is seen waiting.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest

from claimtrack.services import claim_editing, source_editing

ROWS = """
INSERT INTO actor (id, name, kind) VALUES (1, 'North Korea', 'state'), (2, 'Russia', 'state');
INSERT INTO source (id, title, publisher, reliability, recorded_by) VALUES
    (1, 'KCNA', 'KCNA', 'E', 't'), (2, 'Reuters one', 'Reuters', 'A', 't'), (3, 'Reuters two', 'Reuters', 'B', 't');
INSERT INTO claim (id, statement, recorded_by) VALUES
    (1, 'Shells crossed the border', 't'), (2, 'Shells crossed the border at Tumangang', 't'), (3, 'A bridge opened', 't');
INSERT INTO claim_source (claim_id, source_id, stance, added_by) VALUES
    (1, 2, 'supports', 't'), (2, 3, 'supports', 't'), (2, 1, 'disputes', 't'), (3, 3, 'reports', 't');
INSERT INTO claim_actor (claim_id, actor_id, role) VALUES (2, 1, 'subject'), (2, 2, 'target');
SELECT setval(pg_get_serial_sequence('claim', 'id'), 100), setval(pg_get_serial_sequence('source', 'id'), 100);
"""


@pytest.fixture
def recorded(sql: psycopg.Connection) -> psycopg.Connection:
    sql.execute(ROWS)
    return sql


@pytest.fixture
def first(database_url: str) -> Iterator[psycopg.Connection]:
    """The connection of the correction that gets there first (not autocommit: its transaction stays open)."""
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        yield connection


def _second(database_url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": database_url, "CLAIMTRACK_USER": "bob"}
    env.pop("CLAIMTRACK_DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-c", "from claimtrack.cli import main; main()", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _waiting(sql: psycopg.Connection, process: subprocess.Popen[str]) -> bool:
    """Whether the second command is blocked on a lock the first holds (polled for up to 20 s)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        found = sql.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()
        if found and found[0] > 0:
            return True
        time.sleep(0.05)
    return False


def _race(
    sql: psycopg.Connection, first: psycopg.Connection, database_url: str, correction: Callable[[psycopg.Connection], Any],
    *second: str,
) -> subprocess.CompletedProcess[str]:
    """The first correction in an open transaction, the second command started against it; the first
    commits once the second waits. Returns how the second ended."""
    correction(first)
    process = _second(database_url, *second)
    try:
        assert _waiting(sql, process), process.communicate()
        first.commit()
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _changes(sql: psycopg.Connection) -> list[tuple[Any, ...]]:
    return sql.execute("SELECT record_table, record_id, table_name, operation, reason FROM record_change ORDER BY id").fetchall()


def test_two_merges_of_one_duplicate_into_two_claims_at_once_the_second_is_told_where_it_went(
    recorded: psycopg.Connection, first: psycopg.Connection, database_url: str
) -> None:
    done = _race(
        recorded, first, database_url,
        lambda c: claim_editing.merge_claim(c, duplicate=2, into=1, reason="the same report", changed_by="alice"),
        "claim", "merge", "2", "--into", "3", "--reason", "entered twice",
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "Error: claim 2 was merged into claim 1 already; merge into that one instead.\n"
    # Everything of claim 2 is at claim 1, nothing at claim 3, and only the first merge is in the history.
    assert recorded.execute("SELECT id, merged_into_id FROM claim WHERE deleted_at IS NOT NULL").fetchall() == [(2, 1)]
    assert recorded.execute("SELECT claim_id, source_id, stance FROM claim_source ORDER BY 1, 2").fetchall() == [
        (1, 1, "disputes"), (1, 2, "supports"), (1, 3, "supports"), (3, 3, "reports"),
    ]
    assert recorded.execute("SELECT DISTINCT claim_id FROM claim_actor").fetchall() == [(1,)]
    assert {reason for *_, reason in _changes(recorded)} == {"the same report"}
    assert recorded.execute(
        "SELECT claims_supported, claims_disputed FROM reporting.source_track_record WHERE source_id IN (1, 3) ORDER BY source_id"
    ).fetchall() == [(0, 1), (1, 0)]


def test_a_merge_into_a_claim_being_deleted_is_refused_once_the_delete_commits(
    recorded: psycopg.Connection, first: psycopg.Connection, database_url: str
) -> None:
    done = _race(
        recorded, first, database_url,
        lambda c: claim_editing.delete_claim(c, claim_id=1, reason="entered by mistake", changed_by="alice"),
        "claim", "merge", "2", "--into", "1", "--reason", "entered twice",
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "Error: claim 1 is deleted; restore it first: claimtrack claim restore 1\n"
    assert recorded.execute("SELECT id, deleted_at IS NOT NULL, merged_into_id FROM claim ORDER BY id").fetchall() == [
        (1, True, None), (2, False, None), (3, False, None),
    ]
    assert recorded.execute("SELECT count(*) FROM claim_source WHERE claim_id = 2").fetchone() == (2,)
    assert {reason for *_, reason in _changes(recorded)} == {"entered by mistake"}


def test_a_delete_of_a_claim_being_merged_away_is_refused_naming_the_survivor(
    recorded: psycopg.Connection, first: psycopg.Connection, database_url: str
) -> None:
    done = _race(
        recorded, first, database_url,
        lambda c: claim_editing.merge_claim(c, duplicate=2, into=1, reason="the same report", changed_by="alice"),
        "claim", "delete", "2", "--reason", "entered by mistake",
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "Error: claim 2 was merged into claim 1; correct that one instead.\n"
    assert {reason for *_, reason in _changes(recorded)} == {"the same report"}


def test_two_merges_of_one_source_into_two_sources_at_once_the_second_is_refused(
    recorded: psycopg.Connection, first: psycopg.Connection, database_url: str
) -> None:
    done = _race(
        recorded, first, database_url,
        lambda c: source_editing.merge_source(c, duplicate=3, into=2, reason="syndicated", changed_by="alice"),
        "source", "merge", "3", "--into", "1", "--reason", "the same wire",
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith("Error: source 3 was merged into source 2"), done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert recorded.execute("SELECT claim_id, source_id FROM claim_source ORDER BY 1, 2").fetchall() == [
        (1, 2), (2, 1), (2, 2), (3, 2),
    ]
    assert {reason for *_, reason in _changes(recorded)} == {"syndicated"}
    assert recorded.execute(
        "SELECT publisher, sources, claims_supported FROM reporting.publisher_track_record ORDER BY publisher"
    ).fetchall() == [("KCNA", 1, 0), ("Reuters", 1, 2)]
