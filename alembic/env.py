"""Alembic environment: takes a Connection from claimtrack, or the URL by claimtrack's own rules."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from claimtrack.db.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # The reporting schema's views and pg_trgm's objects are managed by hand in the migrations.
    return not (type_ == "table" and reflected and compare_to is None and name == "alembic_version")


def run_with(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        compare_type=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    from claimtrack.config import choose_database
    from claimtrack.db.engine import Database

    database = Database(choose_database(), auto_migrate=False)
    with database.engine.connect() as connection:
        run_with(connection)
        connection.commit()
    database.dispose()


if context.is_offline_mode():
    raise SystemExit("claimtrack's migrations run online only: they need PostgreSQL's catalogue.")
run_migrations_online()
