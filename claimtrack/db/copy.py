"""Bulk writes through COPY: rows are spooled per table, then copied in one stream each.

Used by `claimtrack import` and `claimtrack seed`. Rows go to a temporary file (in memory while
small) in COPY's text format, so a million claims cost neither a million statements nor a
million Python objects held at once.

A large import runs its COPYs in a CopyPipeline: a writer thread sends the spooled rows (and the
index builds) on the import's connection in order, while the reader goes on parsing, so that
the server works on one core while Python reads on the other.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from array import array
from collections import deque
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import IO, Any, Protocol

import psycopg

_SPECIAL = re.compile(r"[\\\t\n\r]")
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


class _CopyEndIgnored(logging.Filter):
    """psycopg logs a warning when it cannot end a COPY that failed (its connection is gone: the
    server was stopped or the backend killed). The failure itself is what the command reports, in
    its one `Error:` line; the warning would print a second line before it, naming a Python object."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith("error ignored terminating"))


logging.getLogger("psycopg").addFilter(_CopyEndIgnored())


def copy_str(value: str) -> str:
    """Text in COPY's text format: backslash, tab and line breaks escaped."""
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group()], value) if _SPECIAL.search(value) else value


# By exact type: cheaper than a chain of isinstance for the millions of values of an import.
_FORMATS: dict[type, Callable[[Any], str]] = {
    str: copy_str, int: int.__repr__, type(None): lambda _: "\\N", float: float.__repr__,
    bool: lambda value: "t" if value else "f", date: date.isoformat, datetime: datetime.isoformat,
}  # fmt: skip


def copy_text(value: Any) -> str:
    """One value in COPY's text format."""
    format_value = _FORMATS.get(type(value))
    if format_value is not None:
        return format_value(value)
    if isinstance(value, str):
        return copy_str(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def origin_of_line(origins: array[int], line: int) -> int | None:
    """The input record of the `line`-th copied row (1-based), as COPY's errors count."""
    return origins[line - 1] if 0 < line <= len(origins) else None


def copy_row(values: Sequence[Any]) -> str:
    """One row in COPY's text format, with its newline."""
    return "\t".join([copy_text(value) for value in values]) + "\n"


def copy_line(values: Sequence[Any]) -> bytes:
    return copy_row(values).encode()


def _copy_statement(connection: psycopg.Connection[Any], table: str, columns: Sequence[str]) -> Any:
    return connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN")


class CopyBuffer:
    """Rows for one table, kept until `copy` sends them; `origins` names each row's input record."""

    def __init__(self, table: str, columns: Sequence[str]) -> None:
        self.table = table
        self.columns = tuple(columns)
        self._reset()

    def _reset(self) -> None:
        self.file = tempfile.SpooledTemporaryFile(max_size=16 << 20, mode="w+b")
        self.rows = 0
        self.size = 0
        self.origins = array("q")

    def add(self, values: Sequence[Any], origin: int = 0) -> None:
        line = copy_line(values)
        self.file.write(line)
        self.size += len(line)
        self.origins.append(origin)
        self.rows += 1

    def copy(self, connection: psycopg.Connection[Any], on_chunk: Callable[[int], None] | None = None) -> None:
        """Send the rows kept so far; the buffer is then empty, ready for more."""
        if not self.rows:
            return
        self.file.seek(0)
        with _copy_statement(connection, self.table, self.columns) as copy:
            while chunk := self.file.read(1 << 20):
                copy.write(chunk)
                if on_chunk:
                    on_chunk(len(chunk))
        self.file.close()
        self._reset()  # a refusal is raised above, while the origins still match its lines

    def origin_of_line(self, line: int) -> int | None:
        return origin_of_line(self.origins, line)


class Spool:
    """Rows for one table in COPY's text format, in a temporary file that a CopyPipeline's writer
    reads while it grows; `origins` names each row's input record, for the database's refusals."""

    FLUSH_AT = 1 << 18  # characters kept in memory before they go to the file

    def __init__(self, table: str, columns: Sequence[str], changed: threading.Condition) -> None:
        self.table = table
        self.columns = tuple(columns)
        self.origins = array("q")
        self.rows = 0
        self.size = 0  # bytes in the file, which the writer may read
        self.complete = False
        self.file: IO[bytes] | None = None
        self._pending: list[str] = []
        self._pending_size = 0  # characters
        self._changed = changed

    def add(self, values: Sequence[Any], origin: int = 0) -> None:
        self.add_line(copy_row(values), origin)

    def add_line(self, line: str, origin: int) -> None:
        """One row already in COPY's text format (see copy_str), with its newline."""
        self._pending.append(line)
        self._pending_size += len(line)
        self.origins.append(origin)
        self.rows += 1
        if self._pending_size >= self.FLUSH_AT:
            self._flush()

    def _flush(self) -> None:
        if self.file is None:
            self.file = tempfile.TemporaryFile()
        data = "".join(self._pending).encode()
        self.file.write(data)
        self.file.flush()
        with self._changed:
            self.size += len(data)
            self._changed.notify_all()
        self._pending, self._pending_size = [], 0

    def finish(self) -> None:
        """No more rows: the writer ends the COPY once it has sent what is in the file."""
        if self._pending:
            self._flush()
        with self._changed:
            self.complete = True
            self._changed.notify_all()

    def read(self, offset: int, limit: int) -> bytes:
        assert self.file is not None
        return os.pread(self.file.fileno(), limit, offset)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None

    def origin_of_line(self, line: int) -> int | None:
        return origin_of_line(self.origins, line)


class Progress(Protocol):
    """Told how far a long operation has come; the CLI shows it as a progress bar."""

    def phase(self, description: str, total: int) -> None: ...

    def update(self, completed: int) -> None: ...


class _Aborted(Exception):
    """The reader failed: the writer ends the COPY it is in with an error and stops."""


class CopyPipeline:
    """COPYs and statements run in order by a writer thread on the caller's connection, while
    the caller goes on reading and spooling rows (the server works on one core while Python reads
    on the other). One transaction: the caller must not use the connection until `close` returns.

    A refusal by the database stops the writer; the reader learns of it at its next `check`, and
    `failed` is the spool whose row was refused. `abort` stops the writer on the reader's error."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection
        self._changed = threading.Condition()
        self._jobs: deque[Spool | str] = deque()
        self._closing = self._aborting = False
        self._busy = False  # a COPY or statement is under way
        self.error: BaseException | None = None
        self.failed: Spool | None = None
        self._copied: list[Spool] = []  # every spool queued, for the progress bar's total
        self.sent = 0  # bytes sent to the server
        self.doing = "writing"
        self._thread = threading.Thread(target=self._run, name="claimtrack-copy", daemon=True)
        self._thread.start()

    def spool(self, table: str, columns: Sequence[str]) -> Spool:
        """A new spool for `table`; its rows are sent once it is passed to `copy`."""
        return Spool(table, columns, self._changed)

    def copy(self, spool: Spool) -> None:
        """COPY the spool's rows after the jobs queued before it; they may still be coming."""
        self._queue(spool)

    def execute(self, statement: str) -> None:
        """Run a statement (no result) after the jobs queued before it."""
        self._queue(statement)

    def _queue(self, job: Spool | str) -> None:
        self.check()
        if isinstance(job, Spool):
            self._copied.append(job)
        with self._changed:
            self._jobs.append(job)
            self._changed.notify_all()

    def check(self) -> None:
        """Raise the database's refusal, if the writer met one."""
        if self.error is not None:
            raise self.error

    def close(self, progress: Progress | None = None) -> None:
        """Wait until every job is done (showing how far the writer has come), then raise its error if any."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        shown = None
        total = sum(spool.size for spool in self._copied)
        while self._thread.is_alive():
            if progress is not None:
                if self.doing != shown:
                    shown = self.doing
                    progress.phase(shown, total)
                progress.update(self.sent)
            self._thread.join(0.25)
        self.check()

    def abort(self) -> None:
        """Stop the writer: the COPY or statement under way is cancelled (an index build can take
        a minute), what is queued is dropped. What the database then says is not an error of its own."""
        with self._changed:
            self._aborting = True
            busy = self._busy
            self._changed.notify_all()
        if busy:
            try:
                self._connection.cancel_safe()
            except Exception:  # the job may have ended meanwhile; the rollback follows anyway
                pass
        self._thread.join()

    def _next_job(self) -> Spool | str | None:
        with self._changed:
            self._busy = False
            while not self._jobs and not self._closing and not self._aborting:
                self._changed.wait()
            if self._aborting or not self._jobs:
                return None
            self._busy = True
            return self._jobs.popleft()

    def _run(self) -> None:
        try:
            while (job := self._next_job()) is not None:
                if isinstance(job, Spool):
                    self._copy(job)
                else:
                    self.doing = _describe(job)
                    self._connection.execute(job)
        except BaseException as error:
            if not self._aborting:  # handed to the reader, which raises it
                self.error = error
        finally:
            with self._changed:
                self._busy = False
            for job in self._jobs:
                if isinstance(job, Spool):
                    job.close()

    def _wait_for_rows(self, spool: Spool, offset: int) -> tuple[int, bool]:
        """(bytes in the file, whether the spool is complete), once there is more to send or it ended."""
        with self._changed:
            while spool.size == offset and not spool.complete and not self._aborting:
                self._changed.wait()
            if self._aborting:
                raise _Aborted
            return spool.size, spool.complete

    def _copy(self, spool: Spool) -> None:
        offset = 0
        try:
            size, complete = self._wait_for_rows(spool, offset)
            if complete and not size:
                return
            self.doing = "writing"
            columns = ", ".join(spool.columns)
            try:
                with self._connection.cursor().copy(f"COPY {spool.table} ({columns}) FROM STDIN") as copy:
                    while True:
                        while offset < size:
                            if self._aborting:
                                raise _Aborted
                            chunk = spool.read(offset, min(size - offset, 1 << 20))
                            copy.write(chunk)
                            offset += len(chunk)
                            self.sent += len(chunk)
                        if complete:
                            break
                        size, complete = self._wait_for_rows(spool, offset)
            except BaseException:
                if not self._aborting:
                    self.failed = spool
                raise
            spool.origins = array("q")  # copied: no refusal will need them
        finally:
            spool.close()


def _describe(statement: str) -> str:
    """What the progress bar says while the writer runs `statement`."""
    if match := re.match(r"CREATE (?:UNIQUE )?INDEX (\S+)", statement):
        return f"building index {match.group(1)}"
    if match := re.match(r"ALTER TABLE \S+ ADD CONSTRAINT (\S+)", statement):
        return f"checking {match.group(1)}"
    return "writing"


def copy_error_line(error: BaseException) -> tuple[str, int] | None:
    """(table, line) from a COPY error's context ("COPY claim, line 57: …"), if it has one."""
    diag = getattr(getattr(error, "orig", error), "diag", None)
    context = getattr(diag, "context", None) or ""
    match = re.search(r"COPY (\w+), line (\d+)", context)
    return (match.group(1), int(match.group(2))) if match else None
