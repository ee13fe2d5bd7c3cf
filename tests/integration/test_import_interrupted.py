"""An import whose server connection dies under it says so in one `Error:` line, and nothing else:
no warning from the driver about the COPY it could not end (db/copy.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from conftest import _libpq


def _big_export(path: Path, claims: int) -> Path:
    header = {"type": "header", "format": "claimtrack", "format_version": 1, "exported_at": "2026-01-01T00:00:00.000000Z"}
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header) + "\n")
        for number in range(1, claims + 1):
            out.write(json.dumps({"type": "claim", "id": number, "statement": f"Claim number {number} of many.", "recorded_by": "t"}) + "\n")
        out.write(json.dumps({"type": "end", "counts": {"claims": claims}}) + "\n")
    return path


def _terminate_the_copy(server_url: str, database: str, stop: threading.Event, killed: list[str]) -> None:
    """Wait for the import's COPY into claim, then end its backend, as a server crash would."""
    with psycopg.connect(_libpq(server_url), autocommit=True) as admin:
        while not stop.is_set():
            found = admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND query LIKE 'COPY claim %%' AND state = 'active'",
                (database,),
            ).fetchone()
            if found is not None:
                admin.execute("SELECT pg_terminate_backend(%s)", found)
                killed.append("yes")
                return
            time.sleep(0.01)


@pytest.mark.slow
def test_an_import_whose_server_backend_is_killed_prints_only_its_error_line(
    database_url: str, sql: psycopg.Connection, server_url: str, tmp_path: Path
) -> None:
    """In a subprocess: what a user's terminal shows, where a warning the driver logs would go
    (pytest would capture it)."""
    path = _big_export(tmp_path / "big.ndjson", 300_000)
    stop, killed = threading.Event(), list[str]()
    killer = threading.Thread(target=_terminate_the_copy, args=(server_url, sql.info.dbname, stop, killed), daemon=True)
    killer.start()
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": database_url, "CLAIMTRACK_USER": "tester"}
    env.pop("CLAIMTRACK_DEBUG", None)
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from claimtrack.cli import main; main()", "import", str(path)],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        stop.set()
        killer.join()
    assert killed, "the import ended before its COPY could be interrupted"
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: the database is unreachable or failed:"), done.stderr
    assert sql.execute("SELECT count(*) FROM claim").fetchone() == (0,)
