"""An import into empty tables loads them without their secondary indexes and foreign keys, and
restores both before it ends (db/bulk_load.defer_indexes_and_foreign_keys): afterwards the schema
is the one the migrations made, the foreign keys have checked every row, and the report summaries
the triggers kept are right."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest
from conftest import Invoke, _libpq, _with_database, drop_database, fresh_database, records_of_export
from test_report_summaries import assert_summaries_equal_a_rebuild

from claimtrack.config import choose_database
from claimtrack.db.bulk_load import TABLES, defer_indexes_and_foreign_keys
from claimtrack.db.engine import Database

CATALOG = """
    SELECT 'index', c.relname, pg_get_indexdef(c.oid), obj_description(c.oid, 'pg_class')
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('public', 'reporting_summary')
    UNION ALL
    SELECT 'constraint ' || k.contype::text, k.conrelid::regclass || '.' || k.conname,
           pg_get_constraintdef(k.oid) || CASE WHEN k.convalidated THEN '' ELSE ' NOT VALID' END,
           obj_description(k.oid, 'pg_constraint')
    FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
    WHERE n.nspname IN ('public', 'reporting_summary')
    UNION ALL
    SELECT 'trigger', t.tgrelid::regclass || '.' || t.tgname, pg_get_triggerdef(t.oid), t.tgenabled::text
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND NOT t.tgisinternal  -- a foreign key's own triggers are named by their oid
    ORDER BY 1, 2, 3"""


def _catalog(url: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(_libpq(url)) as connection:
        return connection.execute(CATALOG).fetchall()


@pytest.fixture
def target(server_url: str, template_database: str) -> Any:
    """A second fresh database at head, to import into."""
    name = fresh_database(server_url, template_database)
    yield Invoke(_with_database(server_url, name))
    drop_database(server_url, name)


def _export_of_the_seeds(invoke: Invoke, path: Path) -> Path:
    assert invoke("seed").exit_code == 0
    assert invoke("claim", "set-status", "2", "contested", "--reason", "A second look.").exit_code == 0
    assert invoke("export", "--format", "ndjson", "-o", str(path)).exit_code == 0
    return path


def test_an_import_into_an_empty_database_restores_every_index_foreign_key_and_trigger(invoke, target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _export_of_the_seeds(invoke, tmp_path / "seeds.ndjson")
    before = _catalog(target.url)
    assert any(kind == "index" and "USING gin" in definition for kind, _, definition, _ in before)
    assert any(kind == "constraint f" for kind, *_ in before)
    result = target("import", str(path))
    assert result.exit_code == 0, result.output
    assert _catalog(target.url) == before
    with psycopg.connect(_libpq(target.url), autocommit=True) as sql:
        assert sql.execute("SELECT count(*) FROM claim").fetchone() == (16,)
        assert_summaries_equal_a_rebuild(sql)


def test_a_dry_run_into_an_empty_database_leaves_the_schema_and_writes_nothing(invoke, target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _export_of_the_seeds(invoke, tmp_path / "seeds.ndjson")
    before = _catalog(target.url)
    result = target("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert _catalog(target.url) == before
    with psycopg.connect(_libpq(target.url)) as sql:
        assert sql.execute("SELECT (SELECT count(*) FROM claim), (SELECT count(*) FROM status_history)").fetchone() == (0, 0)


def test_a_foreign_key_put_off_by_a_bulk_load_refuses_a_row_that_breaks_it_when_it_is_restored(database_url: str) -> None:
    before = _catalog(database_url)
    database = Database(choose_database(database_url))
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="fk_claim_tag_tag_id_tag"):
        with database.transaction(actor="tester") as session:
            deferred = defer_indexes_and_foreign_keys(session, TABLES)
            assert set(deferred) == set(TABLES)  # every table is empty
            assert "ALTER TABLE public.claim_tag ADD CONSTRAINT fk_claim_tag_tag_id_tag" in " ".join(deferred["claim_tag"].foreign_keys)
            session.execute("INSERT INTO claim (id, statement, recorded_by) VALUES (1, 'A claim.', 'tester')")
            session.execute("INSERT INTO claim_tag (claim_id, tag_id) VALUES (1, 99)")  # no tag 99
            for table in TABLES:
                for statement in deferred[table].indexes + deferred[table].foreign_keys:
                    session.execute(statement)
    database.dispose()
    assert _catalog(database_url) == before


def test_tables_that_hold_rows_keep_their_indexes_and_foreign_keys(invoke, sql) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    database = Database(choose_database(invoke.url))
    with database.transaction(actor="tester") as session, session.transaction(force_rollback=True):
        deferred = defer_indexes_and_foreign_keys(session, TABLES)
    database.dispose()
    assert "claim" not in deferred and "actor" not in deferred


def test_records_copied_in_small_batches_arrive_whole(invoke, target, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from claimtrack.services import exchange

    monkeypatch.setattr(exchange, "BATCH", 3)  # 16 claims: six COPYs of claims, each followed by their links
    path = _export_of_the_seeds(invoke, tmp_path / "seeds.ndjson")
    result = target("import", str(path))
    assert result.exit_code == 0, result.output
    assert target("export", "--format", "ndjson", "-o", str(tmp_path / "again.ndjson")).exit_code == 0
    again = [json.loads(line) for line in (tmp_path / "again.ndjson").read_text().splitlines()[1:]]
    assert records_of_export(again) == [json.loads(line) for line in path.read_text().splitlines()[1:]]
    with psycopg.connect(_libpq(target.url), autocommit=True) as sql:
        assert_summaries_equal_a_rebuild(sql)


def test_stopping_the_writer_cancels_what_the_server_is_doing_and_reports_nothing_of_its_own(database_url: str) -> None:
    import time

    from claimtrack.db.copy import CopyPipeline

    database = Database(choose_database(database_url))
    with database.transaction(actor="tester") as session:
        with session.transaction(force_rollback=True):  # a savepoint, as import_file's
            pipeline = CopyPipeline(session)
            pipeline.execute("SELECT pg_sleep(60)")  # as an index build over a million rows would take
            time.sleep(0.5)
            started = time.monotonic()
            pipeline.abort()
            assert time.monotonic() - started < 10
            assert pipeline.error is None
        assert session.execute("SELECT 1").fetchone() == (1,)
    database.dispose()
