"""Bulk writes through COPY: rows are spooled per table, then copied in one stream each.

Used by `claimtrack import` and `claimtrack seed`. Rows go to a temporary file (in memory while
small) in COPY's text format, so a million claims cost neither a million statements nor a
million Python objects held at once.
"""

from __future__ import annotations

import re
import tempfile
from array import array
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

# Every table an import writes, parents before children: the order rows are copied in.
TABLES = (
    "actor", "actor_alias", "source", "tag", "claim", "claim_actor", "claim_tag", "claim_source",
    "prediction", "prediction_actor", "prediction_tag", "arms_transfer", "status_history",
)  # fmt: skip
# Tables whose ids an import may choose (then the identity sequence is moved past them).
IDENTITY_TABLES = ("actor", "source", "tag", "claim", "prediction", "status_history")

_SPECIAL = re.compile(r"[\\\t\n\r]")
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def copy_text(value: Any) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return _SPECIAL.sub(lambda m: _ESCAPES[m.group()], value) if _SPECIAL.search(value) else value
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


def copy_line(values: Sequence[Any]) -> bytes:
    return ("\t".join(map(copy_text, values)) + "\n").encode()


def _copy_statement(session: Session, table: str, columns: Sequence[str]) -> Any:
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    return cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN")


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

    def copy(self, session: Session, on_chunk: Callable[[int], None] | None = None) -> None:
        """Send the rows kept so far; the buffer is then empty, ready for more."""
        if not self.rows:
            return
        self.file.seek(0)
        with _copy_statement(session, self.table, self.columns) as copy:
            while chunk := self.file.read(1 << 20):
                copy.write(chunk)
                if on_chunk:
                    on_chunk(len(chunk))
        self.file.close()
        self._reset()  # a refusal is raised above, while the origins still match its lines

    def origin_of_line(self, line: int) -> int | None:
        return origin_of_line(self.origins, line)


class LiveCopy:
    """Rows for one table sent while they are produced: the server works while the reader reads."""

    def __init__(self, session: Session, table: str, columns: Sequence[str], on_chunk: Callable[[int], None] | None = None) -> None:
        self.table = table
        self.on_chunk = on_chunk
        self.origins = array("q")
        self.rows = 0
        self._statement = _copy_statement(session, table, columns)
        self._copy = self._statement.__enter__()
        self._pending: list[bytes] = []
        self._size = 0

    def add(self, values: Sequence[Any], origin: int = 0) -> None:
        line = copy_line(values)
        self._pending.append(line)
        self._size += len(line)
        self.origins.append(origin)
        self.rows += 1
        if self._size >= 1 << 18:
            self._send()

    def _send(self) -> None:
        if self._pending:
            self._copy.write(b"".join(self._pending))
            if self.on_chunk:
                self.on_chunk(self._size)
            self._pending, self._size = [], 0

    def close(self) -> None:
        self._send()
        self._statement.__exit__(None, None, None)

    def abort(self, error: BaseException) -> None:
        """End the COPY with an error, so that the connection can roll back."""
        try:
            self._statement.__exit__(type(error), error, None)
        except Exception:  # the server's answer to the abandoned COPY; the rollback follows
            pass

    def origin_of_line(self, line: int) -> int | None:
        return origin_of_line(self.origins, line)


def lock_for_import(session: Session) -> None:
    """Writers wait while an import runs, so the ids it picks stay free; readers carry on."""
    session.execute(text(f"LOCK TABLE {', '.join(TABLES)} IN SHARE ROW EXCLUSIVE MODE"))


def largest_ids(session: Session) -> dict[str, int]:
    """The largest id in each identity table (0 when empty): new ids start above it."""
    selects = " UNION ALL ".join(f"SELECT '{t}', coalesce(max(id), 0) FROM {t}" for t in IDENTITY_TABLES)
    return {table: int(largest) for table, largest in session.execute(text(selects))}


def advance_sequences(session: Session) -> None:
    """After rows were written with chosen ids, the next generated id must come after them."""
    for table in IDENTITY_TABLES:
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), m) FROM (SELECT max(id) AS m FROM {table}) t "
                f"WHERE m > coalesce((SELECT last_value FROM pg_sequences "
                f"WHERE format('%I.%I', schemaname, sequencename) = pg_get_serial_sequence('{table}', 'id')), 0)"
            )
        )


def copy_error_line(error: BaseException) -> tuple[str, int] | None:
    """(table, line) from a COPY error's context ("COPY claim, line 57: …"), if it has one."""
    diag = getattr(getattr(error, "orig", error), "diag", None)
    context = getattr(diag, "context", None) or ""
    match = re.search(r"COPY (\w+), line (\d+)", context)
    return (match.group(1), int(match.group(2))) if match else None
