"""claimtrack/reports/sql/<view>.sql: every view of `reporting` as the database holds it at head."""

from __future__ import annotations

import psycopg

from claimtrack.reports import VIEW_SQL

PROBE = "claimtrack_view_probe"


def _views(sql: psycopg.Connection) -> set[str]:
    rows = sql.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'reporting' AND c.relkind IN ('v', 'm')"
    ).fetchall()
    return {name for (name,) in rows}


def test_there_is_a_file_for_every_view_of_reporting_and_no_other(sql: psycopg.Connection) -> None:
    assert {path.stem for path in VIEW_SQL.glob("*.sql")} == _views(sql)


def test_each_file_creates_the_view_the_database_holds_at_head(sql: psycopg.Connection) -> None:
    # Each file's view is made beside the real one, in a schema of its own, and the two compared as
    # PostgreSQL prints them back (pg_get_viewdef): the same query, whatever the layout and comments.
    differences = {}
    with sql.transaction(force_rollback=True):
        sql.execute(f"CREATE SCHEMA {PROBE}")
        for path in sorted(VIEW_SQL.glob("*.sql")):
            view = path.stem
            statement = f"CREATE OR REPLACE VIEW reporting.{view} AS"
            text = path.read_text()
            assert text.count(statement) == 1, f"{path.name} does not hold one `{statement} …`"
            sql.execute(text.replace(statement, f"CREATE VIEW {PROBE}.{view} AS"))
            held, written = sql.execute(
                "SELECT pg_get_viewdef(%s::regclass, true), pg_get_viewdef(%s::regclass, true)",
                (f"reporting.{view}", f"{PROBE}.{view}"),
            ).fetchone()  # type: ignore[misc]
            if held != written:
                differences[view] = {"database": held, "file": written}
    assert differences == {}
