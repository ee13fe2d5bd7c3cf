"""Real PostgreSQL for every test: an embedded server for the session (or the server that
CLAIMTRACK_TEST_DATABASE_URL names), one migrated template database, and a fresh copy of it
for each test, so tests may commit, race and fail without touching one another.

Hypothesis runs many examples in one test, and each starts from a clean state: on a module's own
database that its commands leave unchanged (RolledBackInvoke, or a transaction rolled back in the
example), or on a fresh copy made inside the example.
"""

from __future__ import annotations

import importlib
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session

from claimtrack.cli import cli
from claimtrack.cli.context import AppContext

_counter = itertools.count()


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def records_of_export(exported: Any) -> Any:
    """An export (a JSON document, or NDJSON lines as objects) without what each database keeps of
    itself: its agreements with other databases (which an import writes), and their count. What is
    left is the records, which an export -> import -> export round trip keeps identical."""
    if isinstance(exported, list):
        kept = [line for line in exported if line.get("type") != "agreement"]
        for line in kept:
            if line.get("type") == "end":
                line["counts"].pop("agreements", None)
        return kept
    exported.pop("agreements", None)
    exported.get("counts", {}).pop("agreements", None)
    return exported


def _with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A URL (SQLAlchemy form) to the maintenance database of a server the tests may use freely."""
    configured = os.environ.get("CLAIMTRACK_TEST_DATABASE_URL")
    if configured:
        from claimtrack.config import normalise_url

        yield normalise_url(configured)
        return
    from claimtrack.db import embedded

    home = Path(tempfile.mkdtemp(prefix="claimtrack-tests-"))
    server = embedded.ensure_running(home)
    try:
        yield server.url("postgres", user=embedded.SUPERUSER)
    finally:
        embedded.stop(home)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def template_database(server_url: str) -> Iterator[str]:
    """A database migrated to head; each test's database is copied from it."""
    from claimtrack.config import DatabaseChoice
    from claimtrack.db.engine import Database

    name = f"claimtrack_template_{os.getpid()}"
    with psycopg.connect(_libpq(server_url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    database = Database(DatabaseChoice(url=_with_database(server_url, name), origin="test"))
    database.engine  # migrates the empty database to head
    database.dispose()
    yield name
    with psycopg.connect(_libpq(server_url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_database(server_url: str, template: str | None) -> str:
    name = f"claimtrack_test_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(_libpq(server_url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(_libpq(server_url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database_url(server_url: str, template_database: str) -> Iterator[str]:
    """A fresh database at head, for this test alone (SQLAlchemy URL form)."""
    name = fresh_database(server_url, template_database)
    yield _with_database(server_url, name)
    drop_database(server_url, name)


@pytest.fixture(scope="module")
def module_database_url(server_url: str, template_database: str) -> Iterator[str]:
    """A fresh database at head shared by one module's tests: for those that leave it as they found it."""
    name = fresh_database(server_url, template_database)
    yield _with_database(server_url, name)
    drop_database(server_url, name)


@pytest.fixture
def empty_database_url(server_url: str) -> Iterator[str]:
    """A fresh database with no schema at all, for migration tests."""
    name = fresh_database(server_url, None)
    yield _with_database(server_url, name)
    drop_database(server_url, name)


@pytest.fixture
def sql(database_url: str) -> Iterator[psycopg.Connection]:
    """A raw psycopg connection (autocommit) to the test's database, as a psql user would have."""
    with psycopg.connect(_libpq(database_url), autocommit=True) as connection:
        yield connection


class Invoke:
    """Runs claimtrack commands in-process against the test's database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, user: str = "tester") -> Result:
        env = {"CLAIMTRACK_DATABASE_URL": self.url, "CLAIMTRACK_USER": user, "DATABASE_URL": None, "CLAIMTRACK_DEBUG": None}
        return self.runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture
def invoke(database_url: str) -> Invoke:
    return Invoke(database_url)


class _Undone(Exception):
    """Raised at the end of a command's transaction, so that it is rolled back."""


class RolledBack(AppContext):
    """A command's one transaction, rolled back where it would be committed: the command runs
    whole on the real database (triggers and constraints included), and leaves nothing behind."""

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection[Any]]:
        try:
            with super().transaction() as connection:
                yield connection
                raise _Undone
        except _Undone:
            pass


class RolledBackInvoke(Invoke):
    """Invoke, each command rolled back (RolledBack): every command finds the database as it was."""

    def __call__(self, *args: str, input: str | None = None, user: str = "tester") -> Result:
        from unittest import mock

        with mock.patch.object(importlib.import_module("claimtrack.cli"), "AppContext", RolledBack):
            return super().__call__(*args, input=input, user=user)
