"""The dashboard over a database seeded with the demo (and a claim that is a script), read as a
`db grant-reader --tables` login: what `claimtrack web` runs as against a server or a standby."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql as pgsql
from sqlalchemy.engine import make_url

from click.testing import CliRunner, Result

pytest.importorskip("flask", reason="the web extra (flask, waitress) is not installed: pip install -e '.[web]'")

SCRIPT_CLAIM = '<script>window.__claimtrack_pwned = 1; alert("pwned")</script> & <b>bold</b>'
_roles = itertools.count()


class Invoke:
    """claimtrack's commands in-process on one database, as tests/conftest.py's fixture runs them
    (a module's database here, which that fixture does not serve)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, *args: str) -> Result:
        from claimtrack.cli import cli

        env = {"CLAIMTRACK_DATABASE_URL": self.url, "CLAIMTRACK_USER": "tester", "DATABASE_URL": None, "CLAIMTRACK_DEBUG": None}
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def seeded(module_database_url: str) -> Iterator[dict[str, Any]]:
    """The demo's records, a claim whose statement is a script, and a reader login for the app."""
    owner = Invoke(module_database_url)
    assert owner("demo").exit_code == 0
    added = owner("claim", "add", SCRIPT_CLAIM, "--actor", "PRK", "--allow-duplicate")
    assert added.exit_code == 0, added.output
    role = f"web_reader_{os.getpid()}_{next(_roles)}"
    assert owner("db", "grant-reader", role, "--tables").exit_code == 0
    reader_url = make_url(module_database_url).set(username=role, password=None).render_as_string(hide_password=False)
    yield {"owner": owner, "reader_url": reader_url, "script_claim": int(added.stdout), "script_text": SCRIPT_CLAIM, "owner_url": module_database_url}
    with psycopg.connect(module_database_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as admin:
        admin.execute(pgsql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(pgsql.Identifier(role)))


@pytest.fixture(scope="module")
def app(seeded: dict[str, Any]) -> Iterator[Any]:
    from claimtrack.config import DatabaseChoice
    from claimtrack.db.engine import Database
    from claimtrack.web import create_app

    database = Database(DatabaseChoice(url=seeded["reader_url"], origin="test"), auto_migrate=False)
    yield create_app(database)
    database.dispose()


@pytest.fixture(scope="module")
def owner_sql(seeded: dict[str, Any]) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(seeded["owner_url"].replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as connection:
        yield connection
