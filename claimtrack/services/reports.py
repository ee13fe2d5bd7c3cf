"""Reports and read-only SQL: the use cases behind `claimtrack report` and `claimtrack sql`."""

from __future__ import annotations

import math
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import psycopg

from claimtrack import domain, reports
from claimtrack.errors import InvalidValue, NotFound, Refused
from claimtrack.services.lookup import find_actor


@dataclass(frozen=True)
class ReportResult:
    report: reports.Report
    view: str  # the view read: the report's own, or the one a filter asks for
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool  # more rows matched than `limit`


def run_report(
    connection: psycopg.Connection[Any],
    *,
    name: str,
    actor: str | None = None,
    since: date | None = None,
    tag: str | None = None,
    by: str | None = None,
    limit: int | None = None,
) -> ReportResult:
    """The rows of report `name`, narrowed by the filters it takes. `limit` None means the report's
    default (most show every row); 0 means every row. A login that reads the reporting views only
    (a reader for BI tools) runs every report; a filter that looks a name up needs the tables."""
    try:
        with connection.transaction():  # a savepoint: a refused read leaves the transaction usable
            return _run_report(connection, name=name, actor=actor, since=since, tag=tag, by=by, limit=limit)
    except psycopg.errors.InsufficientPrivilege as denied:
        raise Refused(
            f"this login may not read what the report needs ({denied.diag.message_primary}): it reads the "
            "reporting views only, a role for BI tools and claimtrack sql. Leave out --actor and --tag, or run the "
            "report as a login that reads the tables (claimtrack db grant-reader NAME --tables)."
        ) from None


def _run_report(
    connection: psycopg.Connection[Any],
    *,
    name: str,
    actor: str | None,
    since: date | None,
    tag: str | None,
    by: str | None,
    limit: int | None,
) -> ReportResult:
    report = reports.find(name)
    if report is None:
        raise NotFound(f'no report "{name}"; see: claimtrack report list')
    given = [key for key, value in (("actor", actor), ("since", since), ("tag", tag), ("by", by)) if value is not None]
    problem = report.unsupported(given)
    if problem:
        raise InvalidValue(problem)
    filters = [f for key in given if (f := report.filter(key)) is not None]
    params: dict[str, Any] = {}
    if actor is not None:
        found = find_actor(connection, actor)
        params.update(actor=found.name, actor_id=found.id)
    if tag is not None:
        try:
            params["tag"] = domain.normalise_tag(tag)
        except ValueError as error:
            raise InvalidValue(str(error)) from None
    if since is not None:
        params["since"] = since
    if by is not None:
        params["by"] = by  # as recorded: a name nobody changed anything as matches nothing
    view = report.view_for(given)
    if view is None:
        raise InvalidValue(f"report {name} cannot combine {', '.join('--' + f.name for f in filters if f.view)}.")

    where = " AND ".join(f"({_condition(connection, f, params)})" for f in filters)
    query = f"SELECT * FROM reporting.{view} AS report" + (f" WHERE {where}" if where else "")
    shown = report.default_limit if limit is None else (limit or None)
    if shown is not None and report.keep_last:
        # The last rows in the report's order: read backwards (as the indexes allow), shown forwards.
        query = f"SELECT * FROM ({query} ORDER BY {report.reversed_order} LIMIT %(limit)s) AS last_rows"
    elif shown is not None and report.key and where:
        # The keys of the rows to show first, then those rows whole (see Report.key).
        keys = f"SELECT report.{report.key} FROM reporting.{view} AS report WHERE {where} ORDER BY {report.order_by} LIMIT %(limit)s"
        query = f"SELECT * FROM reporting.{view} AS report WHERE report.{report.key} = ANY(ARRAY({keys}))"
    if report.order_by:
        query += f" ORDER BY {report.order_by}"
    if shown is not None:
        query += "" if report.keep_last or (report.key and where) else " LIMIT %(limit)s"
        params["limit"] = shown + 1  # one more, to know whether there were more
    cursor = connection.execute(query, params)
    columns = [column.name for column in cursor.description or ()]
    rows: list[tuple[Any, ...]] = cursor.fetchall()  # tuples (the connection's row factory)
    truncated = shown is not None and len(rows) > shown
    if shown is not None and truncated:
        rows = rows[len(rows) - shown :] if report.keep_last else rows[:shown]
    return ReportResult(report, view, columns, rows, truncated)


def _condition(connection: psycopg.Connection[Any], report_filter: reports.Filter, params: dict[str, Any]) -> str:
    """The filter's condition; for an actor with many links, its dense form (see reports.Dense)."""
    dense = report_filter.dense
    if dense is None:
        return report_filter.where
    found = connection.execute(
        f"SELECT count(*) FROM ({dense.links} LIMIT %(at_least)s) AS links", {**params, "at_least": dense.at_least}
    ).fetchone()
    links = found[0] if found else 0
    return dense.where if links >= dense.at_least else report_filter.where


def unscored_notes(scoreboard: list[dict[str, Any]], *, most: int = 5) -> list[str]:
    """Why a predictor's Brier score is empty, for the scoreboard's rows (as dicts): nothing of
    theirs is decided yet, or what is decided carries no probability. One line per predictor, up
    to `most`; beyond that, one line for them all."""
    unscored = [row for row in scoreboard if row["brier_score"] is None]
    if len(unscored) > most:
        return [
            f"No Brier or log score for {len(unscored)} predictors: none of their predictions is confirmed or refuted "
            "yet, or no probability was recorded for those that are."
        ]
    notes = []
    for row in unscored:
        if not row["decided"]:
            why = "none of its predictions is confirmed or refuted yet"
        elif row["decided"] == 1:
            why = "no probability recorded for its one decided prediction"
        else:
            why = f"no probability recorded for any of its {row['decided']} decided predictions"
        notes.append(f"No Brier or log score for {row['predictor']}: {why}.")
    return notes


# --- claimtrack sql ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: Generator[tuple[Any, ...], None, None]  # read as consumed, inside the transaction; close() cancels the rest
    has_result_set: bool  # False for a statement that returns no rows at all (SET, SHOW is a result)


# Rows asked of the server at a time: memory stays a few batches deep whatever the query returns.
STREAM_BATCH = 500


def run_read_only(connection: psycopg.Connection[Any], *, query: str, timeout_seconds: float) -> QueryResult:
    """Run one statement in the connection's READ ONLY transaction (see Database.read_transaction), which
    PostgreSQL cancels after `timeout_seconds`; its rows are streamed, never held all at once.

    The statement is prepared first (the extended protocol), which PostgreSQL refuses to hold more
    than one command: "COMMIT; DELETE …" cannot end the read-only transaction and write in a new
    one. Its description gives the columns even of a query that returns no rows; then it runs, by
    the extended protocol again, its rows read in batches. It is sent as written: no placeholders
    are parsed, so % and : are literal. The prepared statement is the unnamed one, which the next
    statement replaces: a named one would outlive the transaction in the server's session, which
    a pooler in transaction mode hands to the next client.
    """
    connection.execute("SET TRANSACTION READ ONLY")
    connection.execute("SELECT set_config('statement_timeout', %s, true)", (str(timeout_milliseconds(timeout_seconds)),))
    encoding = connection.info.encoding
    prepared = connection.pgconn.prepare(b"", query.encode(encoding))
    if prepared.status != psycopg.pq.ExecStatus.COMMAND_OK:
        error = psycopg.errors.error_from_result(prepared, encoding=encoding)
        raise InvalidValue(query_error_message(error, query, timeout_seconds))
    described = connection.pgconn.describe_prepared(b"")
    columns = [(described.fname(i) or b"?column?").decode(encoding) for i in range(described.nfields)]
    cursor = connection.cursor()
    if not columns:  # SET, a DO block, …: nothing to stream
        list(_guarded(connection, _execute(cursor, query), query, timeout_seconds))
        return QueryResult([], _rows(iter(())), False)
    rows = _fetched(connection, query)
    if rows is None:  # not a query a cursor can hold (SHOW, EXPLAIN, …): their results are small
        rows = cursor.stream(query, size=STREAM_BATCH)  # by the extended protocol: one statement
    return QueryResult(columns, _rows(_guarded(connection, rows, query, timeout_seconds)), True)


def _fetched(connection: psycopg.Connection[Any], query: str) -> Iterator[tuple[Any, ...]] | None:
    """The query's rows through a server-side cursor, STREAM_BATCH at a time: the server waits
    between batches, so a reader slower than the server holds one batch, never the result (libpq's
    streaming modes read ahead as fast as the server sends). None when the statement cannot be a
    cursor's (DECLARE takes SELECT, VALUES, TABLE and WITH … SELECT only). The cursor is WITHOUT
    HOLD, closed when its rows are read or given up: it ends with the transaction."""
    connection.execute("SAVEPOINT claimtrack_sql")
    cursor = connection.cursor(name="claimtrack_rows")
    cursor.itersize = STREAM_BATCH
    try:
        cursor.execute(query)  # DECLARE, by the extended protocol: one statement, checked above
    except psycopg.Error:
        connection.execute("ROLLBACK TO SAVEPOINT claimtrack_sql")
        return None
    return _closing(cursor)


def _closing(cursor: psycopg.ServerCursor[Any]) -> Iterator[tuple[Any, ...]]:
    try:
        yield from cursor
    finally:
        if cursor.connection.pgconn.transaction_status == psycopg.pq.TransactionStatus.INTRANS:
            cursor.close()


def _execute(cursor: psycopg.Cursor[Any], query: str) -> Iterator[tuple[Any, ...]]:
    # Binary results make psycopg use the extended protocol (a statement without parameters goes
    # by the simple one, which runs several); a statement without columns has no values to format.
    cursor.execute(query, binary=True)
    yield from ()


def _rows(rest: Iterator[tuple[Any, ...]]) -> Generator[tuple[Any, ...], None, None]:
    try:
        yield from rest
    finally:
        if isinstance(rest, Generator):
            rest.close()  # a stream stopped early is cancelled on the server (psycopg's Cursor.stream)


def _guarded(
    connection: psycopg.Connection[Any], rows: Iterator[tuple[Any, ...]], query: str, timeout_seconds: float
) -> Iterator[tuple[Any, ...]]:
    """`rows`, with PostgreSQL's refusals (at the start or mid-stream) told as InvalidValue."""
    try:
        yield from rows
    except psycopg.Error as error:
        if connection.pgconn.transaction_status == psycopg.pq.TransactionStatus.ACTIVE:
            # The server is still sending (COPY … TO STDOUT): this connection cannot be reused.
            connection.close()
        raise InvalidValue(query_error_message(error, query, timeout_seconds)) from error


# PostgreSQL's statement_timeout is an int of milliseconds: at most 2,147,483,647 (24.8 days).
MAX_TIMEOUT_SECONDS = 2_147_483.0


def timeout_milliseconds(seconds: float) -> int:
    if not math.isfinite(seconds) or not 0 < seconds <= MAX_TIMEOUT_SECONDS:
        raise InvalidValue(f"a timeout of {seconds!r} s is outside 0 to {MAX_TIMEOUT_SECONDS:.0f} s; give a number of seconds in that range.")
    return max(1, round(seconds * 1000))


def query_error_message(error: psycopg.Error, query: str, timeout_seconds: float) -> str:
    """PostgreSQL's refusal as claimtrack tells it: the read-only and timeout cases with their fix,
    anything else with PostgreSQL's own message and, under the query's line, a caret at the place."""
    primary = error.diag.message_primary or str(error).strip().splitlines()[0]
    if error.sqlstate == "25006":  # read_only_sql_transaction
        return (
            f"claimtrack sql is read-only: {primary}; nothing was written. Change data with the claimtrack "
            "commands (actor, source, claim, prediction), or psql."
        )
    if error.sqlstate == "42501":  # insufficient_privilege: the reader login may read, nothing more
        return (
            f"claimtrack sql runs as a login that only reads claimtrack's data: {primary}; nothing was written or run."
        )
    if error.sqlstate == "57014":  # query_canceled, by the statement timeout
        return (
            f"the query ran past the {timeout_seconds:g} s statement timeout and was cancelled; "
            "narrow it (WHERE, LIMIT) or allow longer with --timeout SECONDS."
        )
    if error.sqlstate is None and "COPY" in primary:  # psycopg's own refusal, before any row
        return "claimtrack sql does not run COPY; run the SELECT with --format csv instead."
    if error.sqlstate == "42601" and "multiple commands" in primary:
        return "claimtrack sql runs one statement at a time; run each statement separately."
    hint = error.diag.message_hint
    position = error.diag.statement_position
    if not position:
        return primary + (f" ({hint})" if hint else "")
    return _with_caret(primary, query, int(position) - 1, hint)


_ERROR_PREFIX = len("Error: ")  # the CLI prints the message after this; the caret line aligns with it


def _with_caret(primary: str, query: str, index: int, hint: str | None) -> str:
    """Two lines: the message and the query's line holding `index`; below it a caret at `index`."""
    index = min(max(index, 0), len(query))
    start = query.rfind("\n", 0, index) + 1
    end = query.find("\n", index)
    line = query[start : end if end >= 0 else len(query)].replace("\t", " ")
    column = index - start
    if len(line) > 100:  # a window around the place, so the caret stays on the screen
        left = max(0, column - 50)
        line, column = ("…" if left else "") + line[left : left + 100] + "…", column - left + (1 if left else 0)
    where = f" (line {query.count(chr(10), 0, start) + 1})" if "\n" in query.strip() else ""
    head = f"{primary}{where}: "
    caret = " " * (_ERROR_PREFIX + len(head) + column) + "^" + (f" {hint}" if hint else "")
    return f"{head}{line}\n{caret}"
