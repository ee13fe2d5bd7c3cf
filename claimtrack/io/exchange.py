"""The export format: every actor, source, tag, claim, prediction, status change and change
record, losslessly.

Two containers hold the same records (docs/formats.md):
- JSON: one object {"format": "claimtrack", "format_version": 1, "exported_at": …, "actors": [...],
  "sources": [...], "tags": [...], "claims": [...], "predictions": [...], "history": [...],
  "changes": [...]} ("changes" only when the database has any; older files have none).
  The export ends the object with "counts": {"actors": 8, …}, the number of records of each kind.
- NDJSON: a header line {"type": "header", "format": "claimtrack", …}, then one record per line
  with its "type" (actor, source, tag, claim, prediction, history, change) in that order, then
  {"type": "end", "counts": {...}} so that a truncated file is recognised.

Records refer to each other by the ids in the file. Reading checks every record and every
reference (to a record earlier in the file) before anything is written, and the counts against
the records the file holds: a file that lost a line (or gained one) is refused. The counts are
required in NDJSON (the end line); a JSON document without them (written by hand, or by an older
claimtrack) is read without that check. A kind the counts leave out is not checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timezone
from typing import IO, Any

from claimtrack import domain
from claimtrack.domain.arms import parties_problem, period_problem
from claimtrack.io.exchange_fast import CanonicalRecords
from claimtrack.io.exchange_format import (
    ACTOR_ROLE_FIELDS,
    ARMS_FIELDS,
    CHANGE_OPERATIONS,
    CHANGE_RECORD_TABLES,
    CHANGE_TABLES,
    EVIDENCE_FIELDS,
    FIELDS,
    FORECAST_EVIDENCE_FIELDS,
    FORMAT,
    FORMAT_VERSION,
    HEADER_FIELDS,
    JSON_ORIGIN_STEP,
    KINDS,
    PLURAL,
    json_value_problem,
)
from claimtrack.io.exchange_format import Item as Item
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


_POSITIONS = {kind: position for position, (kind, _) in enumerate(KINDS)}


class ExchangeReader:
    """Checks records one by one, and their references to records earlier in the file.

    A record in the form claimtrack's export writes (exact types, stored forms) is checked by a
    fast path (io.exchange_fast); any other record, and every record with a problem, is read
    field by field by the methods below, which name the problem. Both give the same record."""

    def __init__(self) -> None:
        self.ids: dict[str, set[int]] = {kind: set() for kind in PLURAL}
        self.actor_keys: dict[str, str] = {}
        self.urls: dict[str, str] = {}
        self.tags: set[str] = set()
        self.order = 0  # the index in KINDS of the last kind read
        self.canonical = CanonicalRecords(self)

    def read(self, item: Item) -> dict[str, Any]:
        position = _POSITIONS[item.kind]
        if position < self.order:
            raise InvalidRecord(
                f"{item.where}: a {item.kind} after the {KINDS[self.order][1]}; records come in this order: "
                f"{', '.join(p for _, p in KINDS)}."
            )
        self.order = position
        record = self.canonical.read(item)
        if record is None:
            record = getattr(self, f"_{item.kind}")(Fields(item.data, item.where, FIELDS[item.kind]))
        return record

    def _new_id(self, fields: Fields, kind: str) -> int:
        record_id = fields.identifier("id")
        if record_id in self.ids[kind]:
            fields.fail("id", f"{kind} {record_id} appears twice; ids are unique within a file.")
        self.ids[kind].add(record_id)
        return record_id

    def _ref(self, fields: Fields, name: str, kind: str, *, required: bool = False) -> int | None:
        value = fields.integer(name, required=required)
        if value is not None and value not in self.ids[kind]:
            fields.fail(name, f"no {kind} {value} earlier in the file; every {kind} a record names must come before it.")
        return value

    def _unique_key(self, fields: Fields, name: str, key: str, shown: str) -> None:
        earlier = self.actor_keys.get(key)
        if earlier is not None:
            fields.fail(name, f'"{shown}" already names an actor ({earlier}); names, codes and aliases are unique.')
        self.actor_keys[key] = fields.where

    def _actor(self, fields: Fields) -> dict[str, Any]:
        record_id = self._new_id(fields, "actor")
        name = fields.required_text("name", limit="name")
        code = fields.text("iso_code", limit="name")
        if code is not None and not domain.is_iso_code(code):
            fields.fail("iso_code", f'"{code}" is not an ISO 3166-1 alpha-3 code such as PRK.')
        self._unique_key(fields, "name", name.lower(), name)
        if code:
            self._unique_key(fields, "iso_code", "code:" + code, code)
        aliases = fields.strings("aliases", limit="alias")
        for index, alias in enumerate(aliases):
            self._unique_key(fields, f"aliases[{index}]", "alias:" + alias.lower(), alias)
        return {
            "id": record_id, "name": name, "kind": self._actor_kind(fields, code),
            "iso_code": code, "aliases": aliases, "created_at": fields.timestamp("created_at"), "uid": _uid(fields),
        }  # fmt: skip

    def _actor_kind(self, fields: Fields, code: str | None) -> str:
        kind: str = fields.choice("kind", domain.ACTOR_KINDS, required=True)
        if code is not None and not domain.may_hold_iso_code(kind):
            fields.fail("iso_code", f"an ISO code is for states, and this actor is a {kind}; leave iso_code out or use kind: state.")
        return kind

    def _source(self, fields: Fields) -> dict[str, Any]:
        record_id = self._new_id(fields, "source")
        url = fields.url("url")
        if url is not None:
            if url in self.urls:
                fields.fail("url", f"{url} is also the URL of {self.urls[url]}; a URL names one source.")
            self.urls[url] = fields.where
        return {
            "id": record_id, "kind": fields.choice("kind", domain.SOURCE_KINDS, default="other"),
            "title": fields.required_text("title", limit="title"), "url": url,
            "publisher": fields.text("publisher", limit="publisher", strip=False),
            "author": fields.text("author", limit="author", strip=False),
            "published": fields.partial_date("published"),
            "reliability": fields.choice("reliability", domain.RELIABILITY_GRADES, default="F"),
            "notes": fields.text("notes", limit="notes", strip=False), "recorded_by": fields.required_text("recorded_by", limit="user"),
            "created_at": fields.timestamp("created_at"), "incomplete": _flag(fields, "incomplete"),
            **_retired(fields, record_id), "uid": _uid(fields),
        }  # fmt: skip

    def _tag(self, fields: Fields) -> dict[str, Any]:
        """A tag, with its id (which change records name it by) or, in files before 2026-12, without."""
        record_id = None if fields.raw("id") is None else self._new_id(fields, "tag")
        name = fields.required_text("name", limit="tag")
        try:
            tag = domain.normalise_tag(name)
        except ValueError as error:
            fields.fail("name", str(error))
        if tag != name or tag in self.tags:
            fields.fail("name", f'"{name}" is not a new tag in its stored form ("{tag}").')
        self.tags.add(tag)
        return {"id": record_id, "name": tag}

    def _roles(self, fields: Fields) -> list[tuple[int, str]]:
        pairs: list[tuple[int, str]] = []
        for index, entry in enumerate(fields.items("actors")):
            nested = fields.nested(entry, f"actors[{index}]", ACTOR_ROLE_FIELDS)
            pair = (self._ref(nested, "actor", "actor", required=True), nested.choice("role", domain.ACTOR_ROLES, default=domain.DEFAULT_ROLE))
            if pair in pairs:
                nested.fail("actor", "this actor and role appear twice.")
            pairs.append(pair)  # type: ignore[arg-type]
        return pairs

    def _tag_names(self, fields: Fields) -> list[str]:
        names = fields.tag_names("tags")
        for name in names:
            if name not in self.tags:
                self.tags.add(name)  # a tag may be named without its own record
        return names

    def _arms(self, fields: Fields) -> dict[str, Any] | None:
        data = fields.data.get("arms_transfer")
        if data is None:
            return None
        arms = fields.nested(data, "arms_transfer", ARMS_FIELDS)
        found = {
            "supplier": self._ref(arms, "supplier", "actor", required=True),
            "recipient": self._ref(arms, "recipient", "actor", required=True),
            "category": arms.choice("category", domain.ARMS_CATEGORIES, required=True),
            "item": arms.text("item", limit="item", strip=False),
            "quantity": arms.integer("quantity", maximum=domain.QUANTITY_MAX),
            "period_start": arms.day("period_start"), "period_end": arms.day("period_end"),
        }  # fmt: skip
        for field, problem in (("recipient", parties_problem(found["supplier"], found["recipient"])),
                               ("period_end", period_problem(found["period_start"], found["period_end"]))):
            if problem:
                arms.fail(field, problem)
        return found

    def _claim(self, fields: Fields) -> dict[str, Any]:
        record_id = self._new_id(fields, "claim")
        evidence: list[dict[str, Any]] = []
        for index, entry in enumerate(fields.items("evidence")):
            nested = fields.nested(entry, f"evidence[{index}]", EVIDENCE_FIELDS)
            source = self._ref(nested, "source", "source", required=True)
            if any(e["source"] == source for e in evidence):
                nested.fail("source", f"source {source} is cited twice; cite a source once per claim.")
            evidence.append({
                "source": source, "stance": nested.choice("stance", domain.STANCES, default="reports"),
                "excerpt": nested.text("excerpt", limit="excerpt", strip=False),
                "added_by": nested.required_text("added_by", limit="user"), "added_at": nested.timestamp("added_at"),
            })  # fmt: skip
        status = fields.choice("status", domain.CLAIM_STATUSES, default="unverified")
        return {
            "id": record_id, "statement": fields.required_text("statement", limit="statement", strip=False),
            "status": status, "credibility": fields.choice("credibility", domain.CREDIBILITY_GRADES, default=6),
            "claimant": self._ref(fields, "claimant", "actor"), "occurred": fields.partial_date("occurred"),
            "stated": fields.partial_date("stated"), "recorded_by": fields.required_text("recorded_by", limit="user"),
            "created_at": fields.timestamp("created_at"), "updated_at": fields.timestamp("updated_at"),
            "actors": self._roles(fields), "tags": self._tag_names(fields), "evidence": evidence,
            "arms_transfer": self._arms(fields), "notes": fields.text("notes", limit="notes", strip=False),
            **_retired(fields, record_id), "uid": _uid(fields),
        }  # fmt: skip

    def _prediction(self, fields: Fields) -> dict[str, Any]:
        record_id = self._new_id(fields, "prediction")
        made = fields.partial_date("made", required=True)
        resolve_by = fields.partial_date("resolve_by", required=True)
        assert made is not None and resolve_by is not None
        problem = domain.deadline_problem(resolve_by, made=made)
        if problem is not None:
            fields.fail("resolve_by", problem)
        probability = fields.probability("probability")
        likelihood = fields.choice("likelihood", domain.LIKELIHOOD_TERMS)
        if probability is not None and likelihood is not None and not domain.probability_fits_term(probability, likelihood):
            fields.fail("probability", f'{probability} lies outside the range of "{likelihood}".')
        status = fields.choice("status", domain.PREDICTION_STATUSES, default="open")
        resolved_on = fields.day("resolved_on")
        note = fields.text("resolution_note", limit="note", strip=False)
        evidence = self._ref(fields, "evidence_source", "source")
        if status == "open":
            for name, value in (("resolved_on", resolved_on), ("resolution_note", note), ("evidence_source", evidence)):
                if value is not None:
                    fields.fail(name, "is set but the prediction is open; an open prediction has no resolution.")
        else:
            if resolved_on is None:
                fields.fail("resolved_on", f"is missing; a {status} prediction has the date it was resolved.")
            problem = domain.resolved_on_problem(resolved_on, made=made)
            if problem is not None:
                fields.fail("resolved_on", problem)
            lacking = domain.resolution_lacks(status, evidence=evidence, note=note)
            if lacking == "evidence":
                fields.fail("evidence_source", f"is missing; a {status} prediction carries its evidence source.")
            if lacking == "note":
                fields.fail("resolution_note", f"is missing; an {status} prediction carries a note saying why.")
        return {
            "id": record_id, "statement": fields.required_text("statement", limit="statement", strip=False),
            "predictor_actor": self._ref(fields, "predictor_actor", "actor"),
            "predictor_source": self._ref(fields, "predictor_source", "source"),
            "made": made, "resolve_by": resolve_by, "probability": probability, "likelihood": likelihood,
            "confidence": fields.choice("confidence", domain.CONFIDENCE_LEVELS),
            "criteria": fields.text("criteria", limit="criteria", strip=False), "status": status,
            "resolved_on": resolved_on, "resolution_note": note, "evidence_source": evidence,
            "claim": self._ref(fields, "claim", "claim"), "recorded_by": fields.required_text("recorded_by", limit="user"),
            "created_at": fields.timestamp("created_at"), "updated_at": fields.timestamp("updated_at"),
            "actors": self._roles(fields), "tags": self._tag_names(fields), "arms_transfer": self._arms(fields),
            "notes": fields.text("notes", limit="notes", strip=False), "uid": _uid(fields),
        }  # fmt: skip

    def _forecast(self, fields: Fields) -> dict[str, Any]:
        """A forecast, checked as `prediction forecast` checks one (domain.estimate); when it was
        made (not before its prediction, nor its forecaster's previous forecast) is the database's
        to check, which it leaves to the owner's import, as it does for every forecast it brings."""
        prediction = self._ref(fields, "prediction", "prediction", required=True)
        actor = self._ref(fields, "forecaster_actor", "actor")
        source = self._ref(fields, "forecaster_source", "source")
        if (actor is None) == (source is None):
            fields.fail("forecaster_actor", "a forecast is one forecaster's: give forecaster_actor or forecaster_source, one of the two.")
        probability = fields.probability("probability")
        likelihood = fields.choice("likelihood", domain.LIKELIHOOD_TERMS)
        if probability is None and likelihood is None:
            fields.fail("probability", "is missing; a forecast gives a probability, a likelihood, or both.")
        try:
            probability, likelihood = domain.estimate(probability, likelihood)
        except ValueError as problem:
            fields.fail("probability", str(problem))
        evidence: list[dict[str, Any]] = []
        for index, entry in enumerate(fields.items("evidence")):
            nested = fields.nested(entry, f"evidence[{index}]", FORECAST_EVIDENCE_FIELDS)
            cited = {"source": self._ref(nested, "source", "source"), "claim": self._ref(nested, "claim", "claim")}
            if (cited["source"] is None) == (cited["claim"] is None):
                nested.fail("source", "a forecast's evidence cites one source or one claim; give source or claim.")
            evidence.append(cited)
        return {
            "prediction": prediction, "forecaster_actor": actor, "forecaster_source": source,
            "probability": probability, "likelihood": likelihood,
            "confidence": fields.choice("confidence", domain.CONFIDENCE_LEVELS),
            "made": fields.partial_date("made", required=True), "note": fields.text("note", limit="note", strip=False),
            "recorded_by": fields.required_text("recorded_by", limit="user"), "created_at": fields.timestamp("created_at"),
            "evidence": evidence, "uid": _uid(fields),
        }  # fmt: skip

    def _history(self, fields: Fields) -> dict[str, Any]:
        record_id = self._new_id(fields, "history")
        claim = self._ref(fields, "claim", "claim")
        prediction = self._ref(fields, "prediction", "prediction")
        if (claim is None) == (prediction is None):
            fields.fail("claim", "a history entry belongs to exactly one claim or one prediction; give claim or prediction.")
        statuses = domain.CLAIM_STATUSES if claim is not None else domain.PREDICTION_STATUSES
        return {
            "id": record_id, "claim": claim, "prediction": prediction,
            "from_status": fields.choice("from_status", statuses), "to_status": fields.choice("to_status", statuses, required=True),
            "changed_at": fields.timestamp("changed_at", required=True), "effective_on": fields.day("effective_on", required=True),
            "changed_by": fields.required_text("changed_by", limit="user"), "reason": fields.text("reason", limit="reason", strip=False),
            "evidence_source": self._ref(fields, "evidence_source", "source"),
            "changed_login": fields.text("changed_login", limit="user", strip=False),
        }  # fmt: skip

    def _change(self, fields: Fields) -> dict[str, Any]:
        """A change record, as the database's triggers wrote it: its values are kept exactly as they are."""
        record_id = self._new_id(fields, "change")
        record_table = fields.choice("record_table", CHANGE_RECORD_TABLES, required=True)
        table_name = fields.choice("table_name", CHANGE_TABLES, required=True)
        if record_table not in CHANGE_TABLES[table_name]:
            owners = " or ".join(CHANGE_TABLES[table_name])
            fields.fail("record_table", f'"{record_table}": a change to {table_name} belongs to a {owners}.')
        changed_at = fields.timestamp("changed_at", required=True)
        return {
            "id": record_id, "changed_at": changed_at,
            "change_group": fields.integer("change_group", minimum=0, required=True),
            "record_table": record_table, "record_id": fields.integer("record_id", required=True), "table_name": table_name,
            "operation": fields.choice("operation", CHANGE_OPERATIONS, required=True),
            "linked": _json_object(fields, "linked"), "old_values": _json_object(fields, "old_values"),
            "new_values": _json_object(fields, "new_values"),
            "changed_by": fields.required_text("changed_by", limit="user", strip=False),
            "changed_login": fields.required_text("changed_login", limit="user", strip=False),
            "reason": fields.text("reason", limit="reason", strip=False),
        }  # fmt: skip


def _json_object(fields: Fields, name: str) -> dict[str, Any] | None:
    """A JSON object (the fields of a row, as the change record keeps them), or none."""
    value = fields.data.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        fields.fail(name, f"expected an object of fields such as {{\"title\": \"…\"}}, or null; found {json.dumps(value)[:40]}.")
    problem = json_value_problem(value)
    if problem:
        fields.fail(name, problem + ".")
    return value


def _uid(fields: Fields) -> str | None:
    """The record's uid (its identity across databases), or none (a file before 20261204_0011)."""
    value = fields.raw("uid")
    if value is None:
        return None
    uid = checked_uid(value)
    if uid is None:
        fields.fail("uid", f"{json.dumps(value)[:60]} is not a uuid such as 0f8e6a52-4b1e-4c0a-9d7e-3c2b1a0f9e8d; leave it out for a new record.")
    return uid


def _flag(fields: Fields, name: str) -> bool:
    value = fields.raw(name)
    if value is None:
        return False
    if type(value) is not bool:
        fields.fail(name, f"{json.dumps(value)} is not true or false; write true, false, or leave it out.")
    return value


def _retired(fields: Fields, record_id: int) -> dict[str, Any]:
    """deleted_at and merged_into: a record deleted, or merged into another of its kind (which may
    come later in the file; the database checks that it exists), is kept with when and where."""
    deleted_at = fields.timestamp("deleted_at")
    merged_into = fields.integer("merged_into")
    if merged_into is not None and (deleted_at is None or merged_into == record_id):
        fields.fail("merged_into", "a record merged into another is deleted (deleted_at) and merged into another record than itself.")
    return {"deleted_at": deleted_at, "merged_into": merged_into}

