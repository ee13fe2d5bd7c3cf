"""Migrations: one head, round trips that keep data, and models that agree with the migrations."""

from __future__ import annotations

import psycopg
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from claimtrack.db import HEAD_REVISION
from claimtrack.db import engine as db_engine
from claimtrack.db.models import Base

ROWS_OF_EVERY_TABLE = """
INSERT INTO actor (id, name, kind, iso_code) VALUES (1, 'North Korea', 'state', 'PRK'), (2, 'Russia', 'state', 'RUS');
INSERT INTO actor_alias (actor_id, alias) VALUES (1, 'DPRK');
INSERT INTO source (id, title, url, recorded_by, reliability) VALUES (1, 'An article', 'https://example.org/a', 'seed', 'B');
INSERT INTO tag (id, name) VALUES (1, 'arms');
INSERT INTO claim (id, statement, recorded_by, occurred_on, occurred_precision)
    VALUES (1, 'Russia forgave most of North Korea''s debt', 'seed', '2012-01-01', 'year');
INSERT INTO claim_actor (claim_id, actor_id, role) VALUES (1, 2, 'subject'), (1, 1, 'target');
INSERT INTO claim_tag (claim_id, tag_id) VALUES (1, 1);
INSERT INTO claim_source (claim_id, source_id, stance, excerpt, added_by) VALUES (1, 1, 'supports', 'forgiving', 'seed');
INSERT INTO prediction (id, statement, resolve_by, made_on, recorded_by, probability, claim_id, predictor_actor_id)
    VALUES (1, 'North Korea will export shells to Russia', '2025-12-31', '2024-06-18', 'seed', 0.7, 1, 1);
INSERT INTO prediction_actor (prediction_id, actor_id) VALUES (1, 1);
INSERT INTO prediction_tag (prediction_id, tag_id) VALUES (1, 1);
INSERT INTO arms_transfer (prediction_id, supplier_id, recipient_id, category, item)
    VALUES (1, 1, 2, 'ammunition', '152 mm shells');
SELECT set_config('claimtrack.reason', 'regraded on reading it', true);  -- a regrade needs a reason (20261204_0014)
UPDATE source SET reliability = 'A' WHERE id = 1;
"""
# At head: a second forecaster's forecast, citing the article (the first is the prediction's own).
FORECAST_ROWS = """
INSERT INTO forecast (id, prediction_id, actor_id, probability, made_on, recorded_by) VALUES (100, 1, 2, 0.8, '2024-07-01', 'seed');
INSERT INTO forecast_evidence (forecast_id, source_id) VALUES (100, 1);
INSERT INTO sync_base (peer, kind, uid, fingerprint) SELECT gen_random_uuid(), 'claim', uid, 'agreed' FROM claim WHERE id = 1;
"""
NEWER_THAN_THE_FIRST_REVISION = {"record_change", "forecast", "forecast_evidence", "database_identity", "sync_base"}  # tables that the downgrades below take away


def _tables(connection: psycopg.Connection) -> dict[str, int]:
    return {
        table.name: connection.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]  # type: ignore[index]
        for table in Base.metadata.sorted_tables
        if connection.execute("SELECT to_regclass(%s) IS NOT NULL", (table.name,)).fetchone()[0]  # type: ignore[index]
    }


def test_there_is_exactly_one_head_and_the_code_knows_it() -> None:
    script = ScriptDirectory.from_config(db_engine.alembic_config())
    assert script.get_heads() == [HEAD_REVISION]


def test_every_migration_has_a_human_title_and_a_downgrade() -> None:
    script = ScriptDirectory.from_config(db_engine.alembic_config())
    for revision in script.walk_revisions():
        title = (revision.module.__doc__ or "").strip().splitlines()[0]
        assert title and not title.lower().startswith("revision"), revision.revision
        assert "pass" not in revision.module.downgrade.__code__.co_names


def test_upgrade_downgrade_to_base_and_upgrade_again_keeps_every_row(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    libpq = empty_database_url.replace("postgresql+psycopg://", "postgresql://")
    with engine.begin() as connection:
        db_engine.upgrade(connection)
    with psycopg.connect(libpq, autocommit=True) as sql:
        sql.execute(ROWS_OF_EVERY_TABLE)
        sql.execute(FORECAST_ROWS)
        before = _tables(sql)
    assert all(count > 0 for count in before.values()), before

    # Up and down one step at a time, from head to base: every downgrade must work.
    script = ScriptDirectory.from_config(db_engine.alembic_config())
    revisions = [r.revision for r in script.walk_revisions()]  # newest first
    with engine.begin() as connection:
        for revision in revisions[1:]:
            db_engine.downgrade(connection, revision)
            db_engine.upgrade(connection)
            db_engine.downgrade(connection, revision)
    with psycopg.connect(libpq, autocommit=True) as sql:
        if len(revisions) > 1:
            kept = {table: count for table, count in before.items() if table not in NEWER_THAN_THE_FIRST_REVISION}
            assert _tables(sql) == kept  # data kept below the newest revisions
    with engine.begin() as connection:
        db_engine.upgrade(connection)
        db_engine.downgrade(connection, "base")
        assert db_engine.current_revision(connection) is None
    with psycopg.connect(libpq, autocommit=True) as sql:
        left = sql.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname IN ('public', 'reporting') AND c.relkind IN ('r', 'v') AND c.relname <> 'alembic_version'"
        ).fetchone()
        assert left == (0,)
    with engine.begin() as connection:
        db_engine.upgrade(connection)
        assert db_engine.current_revision(connection) == HEAD_REVISION
    engine.dispose()


def test_the_models_and_the_migrations_agree(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = create_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_rows_survive_an_upgrade_from_the_first_revision(empty_database_url: str) -> None:
    script = ScriptDirectory.from_config(db_engine.alembic_config())
    first = list(script.walk_revisions())[-1].revision
    engine = create_engine(empty_database_url)
    with engine.begin() as connection:
        db_engine.upgrade(connection, first)
    libpq = empty_database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(libpq, autocommit=True) as sql:
        sql.execute(ROWS_OF_EVERY_TABLE)
        before = _tables(sql)
    with engine.begin() as connection:
        db_engine.upgrade(connection)
    with psycopg.connect(libpq, autocommit=True) as sql:
        assert _tables(sql) == before | {"record_change": 0, "forecast": 1, "forecast_evidence": 0, "database_identity": 1, "sync_base": 0}  # the prediction's first forecast; no record changed; the database named
    engine.dispose()


@pytest.mark.parametrize("form", ["postgres://", "postgresql://"])
def test_alembic_upgrade_head_from_the_repository_root_uses_claimtrack_urls(
    empty_database_url: str, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pathlib
    import subprocess
    import sys

    root = pathlib.Path(__file__).resolve().parents[2]
    url = empty_database_url.replace("postgresql+psycopg://", form)
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("DATABASE_URL",)}
    env["CLAIMTRACK_DATABASE_URL"] = url
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    engine = create_engine(empty_database_url)
    with engine.connect() as connection:
        assert db_engine.current_revision(connection) == HEAD_REVISION
    engine.dispose()


def test_constraint_definitions_in_the_models_equal_those_the_migrations_create(
    database_url: str, empty_database_url: str
) -> None:
    """alembic's comparison skips CHECK bodies; this compares every constraint's definition (but
    constraint triggers, which are the migrations' alone, as every trigger is)."""
    query = (
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' AND conrelid::regclass::text <> 'alembic_version' AND c.contype <> 't' ORDER BY 1, 2"
    )
    indexes = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
    from_models = create_engine(empty_database_url)
    with from_models.begin() as connection:
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        Base.metadata.create_all(connection)
        expected = connection.exec_driver_sql(query).all(), connection.exec_driver_sql(indexes).all()
    from_migrations = create_engine(database_url)
    with from_migrations.connect() as connection:
        actual = connection.exec_driver_sql(query).all(), connection.exec_driver_sql(indexes).all()
    from_models.dispose()
    from_migrations.dispose()
    assert actual[0] == expected[0]
    assert [i for i in actual[1] if i[0] != "alembic_version_pkc"] == expected[1]
    assert len(actual[0]) > 50  # the comparison saw the schema
