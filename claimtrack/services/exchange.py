"""One file in: an export (JSON, NDJSON) or a CSV of claims or predictions, all or nothing.

The file's format comes from its name or its first line (detect_format); an export is read by
io.exchange_file and io.exchange, and written by services.exchange_import, a CSV by io.csv_rows and services.csv_import.
Export itself is services.export.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

import psycopg

from claimtrack.db.copy import Progress
from claimtrack.errors import ClaimtrackError, InvalidValue
from claimtrack.io.exchange_file import read_items
from claimtrack.io.exchange_format import JSON_ORIGIN_STEP, KINDS, Item
from claimtrack.io.fields import InvalidRecord, bounded_lines
from claimtrack.services.clock import database_today
from claimtrack.services.exchange_import import ExchangeImport
from claimtrack.services.matching import ImportConflict
from claimtrack.services.named_writer import KindCount

# Records of a kind with rows hanging off them (claims: their actors, tags, evidence) are copied in
# batches, each followed by those rows, so that the server works on them while the file is read.
BATCH = 50_000


def import_items(
    connection: psycopg.Connection[Any],
    items: Iterable[Item],
    *,
    name: str,
    describe: Callable[[int], str],
    progress: Progress | None = None,
    dry_run: bool = False,
    header: dict[str, Any] | None = None,
    prefer: str | None = None,
    conflicts: list[str] | None = None,
    agreed: list[tuple[str, str, str]] | None = None,
) -> dict[str, KindCount]:
    """Import export records (already located by io.exchange_file.read_items, which fills `header`)
    in this transaction. Records the database holds already (by uid) are matched (services.sync);
    `conflicts` receives the report of those changed on both sides, which a dry run only counts."""
    importer = ExchangeImport(
        connection, describe=describe, batch=BATCH, dry_run=dry_run, header=header, prefer=prefer, source_name=name
    )
    try:
        for item in items:
            importer.add(item)
        importer.finish(name, progress=progress)
    except BaseException as error:
        reported = importer.stop(error)
        if reported is error:
            raise
        raise reported from None
    if conflicts is not None and importer.matching.conflicts:
        from claimtrack.services.matching import conflict_report

        conflicts += conflict_report(importer.matching.conflicts)
    if agreed is not None:
        agreed += importer.matching.agreed
    return importer.counts


# --- one file in ---------------------------------------------------------------------------------

@dataclass
class ImportResult:
    format: str
    counts: dict[str, KindCount]
    dry_run: bool
    conflicts: list[str] = field(default_factory=list)  # a dry run's report of records changed on both sides


# A JSON document is read whole; from a pipe, whose size nobody knows, at most this much.
JSON_FROM_PIPE_MAX = 1 << 30  # characters


def _kind_of_file(path: Path) -> str:
    """"file" or "pipe"; anything else (a directory, a device such as /dev/zero) is refused."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise InvalidValue(f"cannot read {path}: {error.strerror}.") from None
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode):
        return "pipe"
    raise InvalidValue(f"{path} is not a file (a device, or a directory); give an export or a CSV file.")


def detect_format(path: Path) -> str:
    """By the name's ending (.json, .ndjson or .jsonl, .csv), else by the first line."""
    suffix = path.suffix.lower()
    if suffix in (".ndjson", ".jsonl"):
        return "ndjson"
    if suffix in (".json", ".csv"):
        return suffix[1:]
    if _kind_of_file(path) == "pipe":  # its first line, once read, is gone
        raise InvalidValue(f"{path} is a pipe and its name does not say what it holds; give --format json, ndjson or csv.")
    with path.open("rb") as stream:
        first = stream.readline(1 << 20).strip()
    if not first.startswith(b"{"):
        return "csv"
    try:
        header = json.loads(first)
    except ValueError:
        return "json"
    return "ndjson" if isinstance(header, dict) and header.get("type") == "header" else "json"


def import_file(
    connection: psycopg.Connection[Any],
    *,
    path: Path,
    recorded_by: str,
    fmt: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    prefer: str | None = None,
) -> ImportResult:
    """Import one file in the caller's transaction: all of it, or (on any error) nothing.

    With `dry_run`, everything is checked and written inside a savepoint that is then undone.
    What a CSV row leaves to today (a made or resolved day, a +90d deadline) is the database's
    today (services.clock)."""
    from claimtrack.io.csv_rows import read_csv
    from claimtrack.services.csv_import import import_named

    kind_of_file = _kind_of_file(path)
    fmt = fmt or detect_format(path)
    name = path.name
    total = path.stat().st_size
    counts: dict[str, KindCount] = {}
    conflicts: list[str] = []
    try:
        with connection.transaction(), path.open("rb") as raw:  # a savepoint in the caller's transaction
            stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="" if fmt == "csv" else None)
            if progress:
                progress.phase(f"reading {name}", total)
            if fmt == "csv":
                today = database_today(connection)
                _, rows = read_csv(bounded_lines(stream, name), name, today=today)
                counts = import_named(
                    connection, _reporting(rows, raw, progress), name=name, recorded_by=recorded_by,
                    on_chunk=_writing(progress), dry_run=dry_run,
                )  # fmt: skip
            else:
                json_limit = JSON_FROM_PIPE_MAX if kind_of_file == "pipe" else None
                header: dict[str, Any] = {}
                items = read_items(stream, name, ndjson=fmt == "ndjson", json_limit=json_limit, header=header)
                describe = (lambda line: f"{name} line {line}") if fmt == "ndjson" else _json_place(name)
                counts = import_items(
                    connection, _reporting(items, raw, progress), name=name, describe=describe,
                    progress=progress, dry_run=dry_run, header=header, prefer=prefer, conflicts=conflicts,
                )  # fmt: skip
            if dry_run:
                raise psycopg.Rollback  # everything was checked; the savepoint is undone, the counts kept
    except UnicodeDecodeError as error:
        raise InvalidRecord(f"{name}: byte {error.start} is not UTF-8 text; save the file as UTF-8. Nothing was imported.") from None
    except ImportConflict:
        raise  # it says so already, and carries its report
    except ClaimtrackError as error:
        raise type(error)(f"{error} Nothing was imported.") from None
    return ImportResult(fmt, counts, dry_run, conflicts)


T = TypeVar("T")


def _reporting(items: Iterable[T], raw: IO[bytes], progress: Progress | None) -> Iterator[T]:
    for number, item in enumerate(items):
        if progress is not None and number % 5000 == 0:
            progress.update(raw.tell())
        yield item
    if progress is not None:
        progress.update(raw.tell())


def _writing(progress: Progress | None) -> Callable[[int], None] | None:
    if progress is None:
        return None
    written = 0

    def on_chunk(size: int) -> None:
        nonlocal written
        if not written:
            progress.phase("writing", 0)
        written += size
        progress.update(written)

    return on_chunk


def _json_place(name: str) -> Callable[[int], str]:
    """Where a JSON export's record is, from its origin (see io.exchange_file.read_items)."""
    return lambda origin: f"{name}: {KINDS[origin // JSON_ORIGIN_STEP][1]}[{origin % JSON_ORIGIN_STEP}]"
