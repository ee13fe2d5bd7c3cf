"""The export file's container: one JSON document, or NDJSON lines, written as records come and
read back as located records (Item), with the header and the counts checked. What each record
holds is checked by io.exchange.ExchangeReader; the format's vocabulary is io.exchange_format.

Two containers hold the same records (docs/formats.md):
- JSON: one object {"format": "claimtrack", "format_version": 1, "exported_at": …, "actors": [...],
  "sources": [...], "tags": [...], "claims": [...], "predictions": [...], "forecasts": [...],
  "history": [...], "changes": [...]} ("forecasts" and "changes" only when the database has any;
  older files have none). The export ends the object with "counts": {"actors": 8, …}, the number
  of records of each kind.
- NDJSON: a header line {"type": "header", "format": "claimtrack", …}, then one record per line
  with its "type" (actor, source, tag, claim, prediction, forecast, history, change) in that order,
  then {"type": "end", "counts": {...}} so that a truncated file is recognised.

The counts are checked against the records the file holds: a file that lost a line (or gained
one) is refused. They are required in NDJSON (the end line); a JSON document without them
(written by hand, or by an older claimtrack) is read without that check. A kind the counts leave
out is not checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timezone
from typing import IO, Any

from claimtrack import domain
from claimtrack.io.exchange_format import (
    FORMAT,
    FORMAT_VERSION,
    HEADER_FIELDS,
    JSON_ORIGIN_STEP,
    KINDS,
    PLURAL,
    Item,
)
from claimtrack.io.exchange_identity import checked_uid
from claimtrack.io.fields import Fields, InvalidRecord, bounded_lines

# --- writing ------------------------------------------------------------------------------------


def timestamp_text(value: datetime) -> str:
    """UTC, to the microsecond, always in the same form: 2024-06-19T08:30:00.000000Z."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def partial_text(value: date | None, precision: str | None) -> str | None:
    stored = domain.stored_partial_date(value, precision)
    return None if stored is None else str(stored)


def deadline_text(last_day: date, precision: str) -> str:
    """A deadline as entered: "2024" means by the end of 2024 (stored as its last day)."""
    return str(domain.stored_deadline(last_day, precision))


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


class ExchangeWriter:
    """Writes records as they come, in KINDS order, as one JSON document or as NDJSON lines."""

    def __init__(
        self, out: IO[str], *, ndjson: bool, exported_at: datetime, kinds: Sequence[str] | None = None, database: str | None = None
    ) -> None:
        """`kinds`: those the file holds (every kind by default; an optional kind may be left out);
        `database`: the exporting database's uuid."""
        self.out = out
        self.ndjson = ndjson
        self.counts = {plural: 0 for kind, plural in KINDS if kinds is None or kind in kinds}
        self.current: str | None = None
        header = {"format": FORMAT, "format_version": FORMAT_VERSION, "exported_at": timestamp_text(exported_at)}
        if database is not None:
            header["database"] = database
        if ndjson:
            out.write(dumps({"type": "header", **header}) + "\n")
        else:
            out.write(dumps(header)[:-1])

    def begin(self, kind: str) -> None:
        """Start the records of one kind; kinds begin in KINDS order, each once."""
        if not self.ndjson:
            self._close_array()
            self.out.write(f', "{PLURAL[kind]}": [')
        self.current = PLURAL[kind]

    def write(self, kind: str, record: dict[str, Any]) -> None:
        plural = PLURAL[kind]
        assert plural == self.current, f"begin({kind!r}) first"
        if self.ndjson:
            self.out.write(dumps({"type": kind, **record}) + "\n")
        else:
            self.out.write(("\n" if not self.counts[plural] else ",\n") + dumps(record))
        self.counts[plural] += 1

    def _close_array(self) -> None:
        if self.current is not None:
            self.out.write("\n]" if self.counts[self.current] else "]")

    def finish(self) -> None:
        if self.ndjson:
            self.out.write(dumps({"type": "end", "counts": self.counts}) + "\n")
            return
        self._close_array()
        self.out.write(f', "counts": {dumps(self.counts)}}}\n')


# --- reading ------------------------------------------------------------------------------------


def read_items(
    stream: IO[str], name: str, *, ndjson: bool, json_limit: int | None = None, header: dict[str, Any] | None = None
) -> Iterator[Item]:
    """The records of an export file, each with where it is; refuses a foreign, truncated or
    edited file. A JSON document is read whole: `json_limit` caps the characters read (for a pipe,
    whose size nobody knows). `header`, if given, receives the header's fields before the first
    record comes (the exporting database's uuid among them, checked)."""
    if ndjson:
        yield from _ndjson_items(stream, name, header)
        return
    text = stream.read() if json_limit is None else stream.read(json_limit + 1)
    if json_limit is not None and len(text) > json_limit:
        raise InvalidRecord(
            f"{name}: more than {json_limit:,} characters of JSON; a JSON export is read whole, so save it to a file "
            "or export NDJSON, which is read line by line (claimtrack export --format ndjson)."
        )
    document = _parse_json(text, name, document=True)
    del text
    if not isinstance(document, dict):
        raise InvalidRecord(f"{name}: not a claimtrack export (expected a JSON object with \"format\": \"claimtrack\").")
    _check_header(document, name, allowed=(*HEADER_FIELDS, *PLURAL.values(), "counts"))
    if header is not None:
        header.update({key: document[key] for key in HEADER_FIELDS if key in document})
    held: dict[str, int] = {}
    for plural in PLURAL.values():
        records = document.get(plural) or []
        if not isinstance(records, list):
            raise InvalidRecord(f"{name}: {plural}: expected a list of records.")
        held[plural] = len(records)
    if "counts" in document:  # checked before any record is read: nothing of an edited file is written
        _check_counts(document["counts"], held, name)
    for position, (kind, plural) in enumerate(KINDS):
        for index, record in enumerate(document.get(plural) or []):
            yield Item(kind, record, f"{name}: {plural}[{index}]", position * JSON_ORIGIN_STEP + index)


def _parse_json(text: str, where: str, *, document: bool = False) -> Any:
    """One JSON value (a whole `document`, or one line), or InvalidRecord saying why not."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        if document:
            raise InvalidRecord(
                f"{where} line {error.lineno}, column {error.colno}: not valid JSON ({error.msg}); the file is damaged or truncated."
            ) from None
        raise InvalidRecord(f"{where}: not valid JSON ({error.msg}, column {error.colno}); the line is damaged or the file truncated.") from None
    except RecursionError:
        raise InvalidRecord(f"{where}: not a claimtrack record: its JSON is nested too deeply to read.") from None
    except ValueError as error:  # an integer of thousands of digits, which Python will not convert
        raise InvalidRecord(f"{where}: not valid JSON ({error}).") from None


def _check_counts(counts: Any, held: dict[str, int], where: str) -> None:
    """The counts a file gives (the export writes them last) against the records it holds."""
    if not isinstance(counts, dict):
        raise InvalidRecord(f"{where}: counts: expected the number of records of each kind, such as {{\"claims\": 16}}.")
    for plural, said in counts.items():
        if plural not in held:
            raise InvalidRecord(f"{where}: counts: \"{plural}\" is not a kind of record; the kinds are: {', '.join(held)}.")
        if isinstance(said, bool) or not isinstance(said, int) or said < 0:
            raise InvalidRecord(f"{where}: counts: {plural}: {said!r} is not a number of records.")
        if said != held[plural]:
            raise InvalidRecord(
                f"{where}: the file says {_records(said, plural)} but holds {held[plural]:,}: it was cut or edited. "
                "Export it again."
            )


_SINGULAR = {plural: kind for kind, plural in KINDS}


def _records(count: int, plural: str) -> str:
    noun = (_SINGULAR[plural] if count == 1 else plural).replace("history", "history entry" if count == 1 else "history entries")
    return f"{count:,} {noun}"


def _ndjson_items(stream: IO[str], name: str, header: dict[str, Any] | None) -> Iterator[Item]:
    header_seen = False
    counts: Any = None
    ended = 0  # the end line's number
    held = {plural: 0 for plural in PLURAL.values()}
    number = 0
    for number, line in enumerate(bounded_lines(stream, name), start=1):
        if line.isspace():
            continue
        record = _parse_json(line, f"{name} line {number}")
        if not isinstance(record, dict) or not isinstance(record.get("type"), str):
            raise InvalidRecord(f"{name} line {number}: type: each line needs a \"type\" (header, {', '.join(PLURAL)}, end).")
        kind = record.pop("type")
        if ended:
            raise InvalidRecord(f"{name} line {number}: a record after the end line; the end line comes last.")
        if kind == "header":
            _check_header(record, name + f" line {number}", allowed=HEADER_FIELDS)
            if header is not None:
                header.update(record)
            header_seen = True
            continue
        if not header_seen:
            raise InvalidRecord(f"{name} line {number}: the first line must be the header ({{\"type\": \"header\", \"format\": \"claimtrack\", …}}).")
        if kind == "end":
            end = Fields(record, f"{name} line {number}", ("counts",))
            counts = record.get("counts")
            if counts is None:
                end.fail("counts", "is missing; the end line gives the number of records of each kind, which the file must hold.")
            ended = number
            continue
        if kind not in PLURAL:
            raise InvalidRecord(f"{name} line {number}: type: \"{kind}\" is not one of: header, {', '.join(PLURAL)}, end.")
        held[PLURAL[kind]] += 1
        yield Item(kind, record, f"{name} line {number}", number)
    if not header_seen:
        raise InvalidRecord(f"{name}: the file is empty; an NDJSON export starts with its header line.")
    if not ended:
        raise InvalidRecord(f"{name} line {number}: the file ends without its end line; it is truncated. Export it again.")
    _check_counts(counts, held, f"{name} line {ended}")


def _check_header(header: dict[str, Any], where: str, *, allowed: tuple[str, ...]) -> None:
    fields = Fields(header, where, allowed)
    if header.get("format") != FORMAT:
        fields.fail("format", f"{header.get('format')!r} is not \"{FORMAT}\"; this is not a claimtrack export.")
    version = header.get("format_version")
    if version != FORMAT_VERSION:
        fields.fail("format_version", f"{version!r} is not a version this claimtrack reads ({FORMAT_VERSION}); use a matching claimtrack.")
    if header.get("database") is not None and checked_uid(header["database"]) is None:
        fields.fail("database", f"{header['database']!r} is not a database's uuid (such as 0f8e6a52-4b1e-4c0a-9d7e-3c2b1a0f9e8d).")
