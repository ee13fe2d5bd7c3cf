"""What one request reads through: its read-only transaction (begun on first use, rolled back when
the request ends) and the exception for a query-string value it cannot use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

import psycopg
from flask import g

from claimtrack import errors

if TYPE_CHECKING:
    from claimtrack.db.engine import Database


class BadQuery(Exception):
    """A query-string value the page cannot use: a 400 page naming the value and what is allowed."""


class _Done(Exception):
    """Thrown into the request's transaction when the request ends, so that it is rolled back."""


def connection() -> psycopg.Connection[Any]:
    """The request's read-only connection, its transaction begun on first use."""
    if "claimtrack_connection" not in g:
        from flask import current_app

        stack = ExitStack()
        g.claimtrack_transaction = stack
        database: Database = current_app.config["CLAIMTRACK_DATABASE"]
        reading = stack.enter_context(database.read_transaction())
        # SET LOCAL, as set_config(…, true) is: it ends with the transaction.
        reading.execute("SELECT set_config('statement_timeout', %s, true)", (str(current_app.config["CLAIMTRACK_TIMEOUT_MS"]),))
        g.claimtrack_connection = reading
    found: psycopg.Connection[Any] = g.claimtrack_connection
    return found


def end_transaction(_: BaseException | None) -> None:
    stack: ExitStack | None = g.pop("claimtrack_transaction", None)
    g.pop("claimtrack_connection", None)
    if stack is None:
        return
    try:
        stack.__exit__(_Done, _Done(), None)  # rolled back: the request only read
    except _Done:
        pass
    except psycopg.Error:
        pass  # the connection is closed either way (read_transaction's `with connection`)


@contextmanager
def as_bad_filter() -> Iterator[None]:
    """A name a filter looks up and does not find (?actor=Nowhere) is a bad filter value (400),
    not a missing page."""
    try:
        yield
    except errors.NotFound as error:
        raise BadQuery(sentence(error)) from None


def sentence(error: BaseException) -> str:
    text = str(error)
    return text[:1].upper() + text[1:]
