"""The dashboard's Flask application: one read-only transaction per request, errors as pages.

Every request that reads opens one READ ONLY transaction (Database.read_transaction: on the embedded
server its reader role, on a server the configured login, which may be a `db grant-reader` login or
a standby) with a statement timeout, and rolls it back when the request ends: nothing a URL says can
write. Every route is GET (Flask answers 405 to anything else); templates are autoescaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import psycopg
from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from claimtrack import errors
from claimtrack.services.reports import timeout_milliseconds
from claimtrack.web.request import BadQuery, end_transaction, sentence

if TYPE_CHECKING:
    from claimtrack.db.engine import Database

HERE = Path(__file__).resolve().parent
DEFAULT_TIMEOUT_SECONDS = 5.0  # a page that needs longer is a page to fix, not to wait for


def create_app(database: Database, *, statement_timeout: float = DEFAULT_TIMEOUT_SECONDS) -> Flask:
    """The dashboard over `database`; each request reads in its own transaction, which PostgreSQL
    cancels after `statement_timeout` seconds."""
    app = Flask("claimtrack.web", root_path=str(HERE), template_folder="templates", static_folder="static")
    app.config["CLAIMTRACK_DATABASE"] = database
    app.config["CLAIMTRACK_TIMEOUT_MS"] = timeout_milliseconds(statement_timeout)
    app.config["CLAIMTRACK_TIMEOUT_SECONDS"] = statement_timeout
    app.jinja_env.autoescape = True  # every template, whatever its name ends in
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True

    from claimtrack.web.pages import register

    register(app)
    app.teardown_request(end_transaction)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(BadQuery, lambda error: _page(400, "Bad request", str(error)))
    app.register_error_handler(errors.NotFound, lambda error: _page(404, "Not found", sentence(error)))
    app.register_error_handler(errors.InvalidValue, lambda error: _page(400, "Bad request", sentence(error)))
    app.register_error_handler(errors.BadSetting, lambda error: _page(400, "Bad request", sentence(error)))
    app.register_error_handler(errors.Refused, lambda error: _page(403, "Not allowed", sentence(error)))
    app.register_error_handler(errors.DatabaseUnavailable, lambda error: _page(503, "Database unavailable", sentence(error)))
    app.register_error_handler(psycopg.errors.QueryCanceled, _timed_out)
    return app


def _page(status: int, heading: str, message: str) -> tuple[str, int]:
    return render_template("error.html", status=status, heading=heading, message=message), status


def _http_error(error: HTTPException) -> tuple[str, int]:
    status = error.code or 500
    if status == 404:
        return _page(404, "Not found", f"There is no page at {request.path}; start from the home page.")
    if status == 405:
        return _page(405, "Read-only", f"{request.method} is not allowed: this dashboard only reads; change records with the claimtrack CLI.")
    return _page(status, error.name, error.description or error.name)


def _timed_out(_: Exception) -> tuple[str, int]:
    from flask import current_app

    seconds = current_app.config["CLAIMTRACK_TIMEOUT_SECONDS"]
    return _page(503, "Took too long", f"Reading this page ran past the {seconds:g} s statement timeout and was cancelled; narrow it with a filter.")
