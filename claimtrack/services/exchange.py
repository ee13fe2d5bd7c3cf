"""Export the whole database, and import an export, keeping ids, times, authors and history.

Ids: an import keeps the file's ids where the table has none yet (an empty database receives
every id unchanged), and otherwise shifts them past the largest id already there: a claim's new
id is its id in the file plus that largest id. Actors already present (same name, alias or ISO
code) and sources already present (same URL; without a URL, the same kind, title, publisher, author
and publication date) are used instead of being copied again. Afterwards
the identity sequences are moved past the new ids.

History: the import sets claimtrack.importing for its transaction, so the history triggers stay
quiet, and copies the file's status changes with their original times, authors and evidence.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO, Any, TypeVar

import psycopg
from sqlalchemy import text
from sqlalchemy.orm import Session

from claimtrack.io.claimreview import Appearance, Verdict
from claimtrack.io.exchange import (
    KINDS,
    PLURAL,
    ExchangeReader,
    ExchangeWriter,
    JSON_ORIGIN_STEP,
    Item,
    deadline_text,
    read_items,
    partial_text,
    timestamp_text,
)
from claimtrack.domain import PartialDate
from claimtrack.errors import ClaimtrackError, InvalidValue
from claimtrack.io.fields import InvalidRecord, bounded_lines
from claimtrack.services.bulk import (
    TABLES,
    CopyPipeline,
    Progress,
    advance_sequences,
    copy_str,
    defer_indexes_and_foreign_keys,
    largest_ids,
    lock_for_import,
)
from claimtrack.services.transfer import ActorIndex, KindCount, refused_row

# --- export -------------------------------------------------------------------------------------

_UTC = """to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""

EXPORT_QUERIES = {
    "actor": """
        SELECT a.id, a.name, a.kind, a.iso_code, a.created_at,
               (SELECT json_agg(al.alias ORDER BY al.id) FROM actor_alias al WHERE al.actor_id = a.id)
        FROM actor a ORDER BY a.id""",
    "source": """
        SELECT id, kind, title, url, publisher, author, published_on, published_precision, reliability, notes,
               recorded_by, created_at
        FROM source ORDER BY id""",
    "tag": "SELECT name FROM tag ORDER BY name",
    "claim": f"""
        SELECT c.id, c.statement, c.status, c.credibility, c.claimant_id, c.occurred_on, c.occurred_precision,
               c.stated_on, c.stated_precision, c.recorded_by, c.created_at, c.updated_at,
               (SELECT json_agg(json_build_array(x.actor_id, x.role) ORDER BY x.actor_id, x.role)
                  FROM claim_actor x WHERE x.claim_id = c.id),
               (SELECT json_agg(t.name ORDER BY t.name) FROM claim_tag x JOIN tag t ON t.id = x.tag_id
                 WHERE x.claim_id = c.id),
               (SELECT json_agg(json_build_array(x.source_id, x.stance, x.excerpt, x.added_by,
                                                 {_UTC.format("x.added_at")}) ORDER BY x.source_id)
                  FROM claim_source x WHERE x.claim_id = c.id),
               (SELECT json_build_array(x.supplier_id, x.recipient_id, x.category, x.item, x.quantity,
                                        x.period_start, x.period_end)
                  FROM arms_transfer x WHERE x.claim_id = c.id)
        FROM claim c ORDER BY c.id""",
    "prediction": """
        SELECT p.id, p.statement, p.predictor_actor_id, p.predictor_source_id, p.made_on, p.made_precision,
               p.resolve_by, p.resolve_by_precision, p.probability, p.likelihood, p.confidence, p.criteria,
               p.status, p.resolved_on, p.resolution_note, p.evidence_source_id, p.claim_id, p.recorded_by,
               p.created_at, p.updated_at,
               (SELECT json_agg(json_build_array(x.actor_id, x.role) ORDER BY x.actor_id, x.role)
                  FROM prediction_actor x WHERE x.prediction_id = p.id),
               (SELECT json_agg(t.name ORDER BY t.name) FROM prediction_tag x JOIN tag t ON t.id = x.tag_id
                 WHERE x.prediction_id = p.id),
               (SELECT json_build_array(x.supplier_id, x.recipient_id, x.category, x.item, x.quantity,
                                        x.period_start, x.period_end)
                  FROM arms_transfer x WHERE x.prediction_id = p.id)
        FROM prediction p ORDER BY p.id""",
    "history": """
        SELECT id, claim_id, prediction_id, from_status, to_status, changed_at, effective_on, changed_by, reason,
               evidence_source_id
        FROM status_history ORDER BY id""",
}


def _arms(row: list[Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return dict(zip(("supplier", "recipient", "category", "item", "quantity", "period_start", "period_end"), row))


def _roles(pairs: list[list[Any]] | None) -> list[dict[str, Any]]:
    return [{"actor": actor, "role": role} for actor, role in pairs or []]


def _iso(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _record(kind: str, r: Any) -> dict[str, Any]:
    if kind == "actor":
        return {"id": r[0], "name": r[1], "kind": r[2], "iso_code": r[3], "aliases": r[5] or [], "created_at": timestamp_text(r[4])}
    if kind == "source":
        return {
            "id": r[0], "kind": r[1], "title": r[2], "url": r[3], "publisher": r[4], "author": r[5],
            "published": partial_text(r[6], r[7]), "reliability": r[8], "notes": r[9], "recorded_by": r[10],
            "created_at": timestamp_text(r[11]),
        }  # fmt: skip
    if kind == "tag":
        return {"name": r[0]}
    if kind == "claim":
        evidence = [dict(zip(("source", "stance", "excerpt", "added_by", "added_at"), e)) for e in r[14] or []]
        return {
            "id": r[0], "statement": r[1], "status": r[2], "credibility": r[3], "claimant": r[4],
            "occurred": partial_text(r[5], r[6]), "stated": partial_text(r[7], r[8]), "recorded_by": r[9],
            "created_at": timestamp_text(r[10]), "updated_at": timestamp_text(r[11]), "actors": _roles(r[12]),
            "tags": r[13] or [], "evidence": evidence, "arms_transfer": _arms(r[15]),
        }  # fmt: skip
    if kind == "prediction":
        return {
            "id": r[0], "statement": r[1], "predictor_actor": r[2], "predictor_source": r[3],
            "made": partial_text(r[4], r[5]), "resolve_by": deadline_text(r[6], r[7]), "probability": r[8],
            "likelihood": r[9], "confidence": r[10], "criteria": r[11], "status": r[12], "resolved_on": _iso(r[13]),
            "resolution_note": r[14], "evidence_source": r[15], "claim": r[16], "recorded_by": r[17],
            "created_at": timestamp_text(r[18]), "updated_at": timestamp_text(r[19]), "actors": _roles(r[20]),
            "tags": r[21] or [], "arms_transfer": _arms(r[22]),
        }  # fmt: skip
    return {
        "id": r[0], "claim": r[1], "prediction": r[2], "from_status": r[3], "to_status": r[4],
        "changed_at": timestamp_text(r[5]), "effective_on": _iso(r[6]), "changed_by": r[7], "reason": r[8],
        "evidence_source": r[9],
    }  # fmt: skip


def export_exchange(session: Session, out: IO[str], *, ndjson: bool) -> dict[str, int]:
    """Write the whole database to `out` in the export format; returns the count of each kind.

    Writers wait while it runs (a SHARE lock), so the file is one consistent picture."""
    session.execute(text(f"LOCK TABLE {', '.join(TABLES)} IN SHARE MODE"))
    exported_at = session.execute(text("SELECT now()")).scalar_one()
    writer = ExchangeWriter(out, ndjson=ndjson, exported_at=exported_at)
    for kind, _ in KINDS:
        writer.begin(kind)
        for row in session.execute(text(EXPORT_QUERIES[kind]), execution_options={"yield_per": 2000}):
            writer.write(kind, _record(kind, row))
    writer.finish()
    return writer.counts


# --- import -------------------------------------------------------------------------------------

_COLUMNS = {
    "actor": ("id", "name", "kind", "iso_code", "created_at"),
    "actor_alias": ("actor_id", "alias"),
    "source": ("id", "kind", "title", "url", "publisher", "author", "published_on", "published_precision",
               "reliability", "notes", "recorded_by", "created_at"),
    "tag": ("id", "name"),
    "claim": ("id", "statement", "status", "credibility", "claimant_id", "occurred_on", "occurred_precision",
              "stated_on", "stated_precision", "recorded_by", "created_at", "updated_at"),
    "claim_actor": ("claim_id", "actor_id", "role"),
    "claim_tag": ("claim_id", "tag_id"),
    "claim_source": ("claim_id", "source_id", "stance", "excerpt", "added_by", "added_at"),
    "prediction": ("id", "statement", "predictor_actor_id", "predictor_source_id", "made_on", "made_precision",
                   "resolve_by", "resolve_by_precision", "probability", "likelihood", "confidence", "criteria",
                   "status", "resolved_on", "resolution_note", "evidence_source_id", "claim_id", "recorded_by",
                   "created_at", "updated_at"),
    "prediction_actor": ("prediction_id", "actor_id", "role"),
    "prediction_tag": ("prediction_id", "tag_id"),
    "arms_transfer": ("prediction_id", "claim_id", "supplier_id", "recipient_id", "category", "item", "quantity",
                      "period_start", "period_end"),
    "status_history": ("id", "claim_id", "prediction_id", "from_status", "to_status", "changed_at", "effective_on",
                       "changed_by", "reason", "evidence_source_id"),
}  # fmt: skip


# The kinds whose rows are copied while the file is read (each kind's records are contiguous), and
# the tables filled beside them, copied when the kind's records end.
LIVE = {"actor": "actor", "source": "source", "claim": "claim", "prediction": "prediction", "history": "status_history"}
CHILDREN = {
    "actor": ("actor_alias",),
    "tag": ("tag",),
    "claim": ("tag", "claim_actor", "claim_tag", "claim_source", "arms_transfer"),
    "prediction": ("tag", "prediction_actor", "prediction_tag", "arms_transfer"),
}
# Records of a kind with rows hanging off them (claims: their actors, tags, evidence) are copied in
# batches, each followed by those rows, so that the server works on them while the file is read.
BATCH = 50_000
# The last kind whose records add rows to each table: once the file is past it, the table's
# indexes and foreign keys can be restored (status_history's at the end, after the entries the
# import adds itself).
FILLED_BY = {
    "actor": "actor", "actor_alias": "actor", "source": "source", "claim": "claim", "claim_actor": "claim",
    "claim_tag": "claim", "claim_source": "claim", "tag": "prediction", "prediction": "prediction",
    "prediction_actor": "prediction", "prediction_tag": "prediction", "arms_transfer": "prediction",
}  # fmt: skip
_POSITION = {kind: position for position, (kind, _) in enumerate(KINDS)}
NULL = "\\N"  # COPY's null


def _id(value: int | str | None) -> str:
    """An id, or a checked value that needs no escaping (a status, a term), in COPY's text format."""
    return NULL if value is None else str(value)


def _text(value: str | None) -> str:
    return NULL if value is None else copy_str(value)


def _day(value: date | None) -> str:
    return NULL if value is None else value.isoformat()


def _partial(value: PartialDate | None) -> str:
    """The two columns of a date with its precision."""
    return f"{NULL}\t{NULL}" if value is None else f"{value.value.isoformat()}\t{value.precision}"


class ExchangeImport:
    """Writes checked export records: matched or new actors and sources, shifted ids, COPY.

    Rows are spooled per table and sent by a CopyPipeline while the file is still being read.
    Into an empty table, the rows go in without its secondary indexes and foreign keys (see
    bulk.defer_indexes_and_foreign_keys), restored once the table is complete, while the reading
    goes on."""

    def __init__(self, session: Session, *, describe: Callable[[int], str], dry_run: bool = False) -> None:
        lock_for_import(session)
        self.kind: str | None = None
        session.execute(text("SELECT set_config('claimtrack.importing', 'on', true)"))
        self.session = session
        self.describe = describe
        self.reader = ExchangeReader()
        self.largest = largest_ids(session)
        self.now = datetime.now(timezone.utc)
        self.actors: dict[int, int] = {}
        self.sources: dict[int, int] = {}
        self.existing_actors = ActorIndex(session) if self.largest["actor"] else None
        self.matched_aliases: list[tuple[int, str]] = []
        self.existing_urls: dict[str, int] = {}
        self.existing_unlinked: dict[tuple[Any, ...], int] = {}  # sources without a URL, by what describes them
        if self.largest["source"]:
            self.existing_urls = dict(session.execute(text("SELECT url, id FROM source WHERE url IS NOT NULL")).all())
            for id_, *described in session.execute(text(
                "SELECT min(id), kind, title, publisher, author, published_on, published_precision FROM source "
                "WHERE url IS NULL GROUP BY kind, title, publisher, author, published_on, published_precision"
            )):
                self.existing_unlinked[tuple(described)] = id_
        self.tags: dict[str, int] = dict(session.execute(text("SELECT name, id FROM tag")).all())
        self.counts = {plural: KindCount() for _, plural in KINDS}
        self.deferred = defer_indexes_and_foreign_keys(session, TABLES)
        self.dry_run = dry_run
        self.pipeline = CopyPipeline(session)
        self.write: Callable[[dict[str, Any], Item], None] = self._actor
        self.in_batch = 0
        self.buffers = {table: self.pipeline.spool(table, columns) for table, columns in _COLUMNS.items()}

    def add(self, item: Item) -> None:
        record = self.reader.read(item)
        if item.kind != self.kind:
            self._end_kind()
            self.kind = item.kind
            self._complete_tables_before(_POSITION[item.kind])
            if item.kind in LIVE:
                self.pipeline.copy(self.buffers[LIVE[item.kind]])
            self.write = getattr(self, f"_{item.kind}")
            self.in_batch = 0
        self.write(record, item)
        self.in_batch += 1
        if self.in_batch == BATCH and item.kind in CHILDREN:
            self._end_kind(more=True)
            self.in_batch = 0

    def _end_kind(self, *, more: bool = False) -> None:
        """End the kind's live COPY, then copy the rows that hang off its records (aliases, actors,
        tags…); with `more` records of the kind to come, in a new COPY after those."""
        if self.kind is None:
            return
        if self.kind in LIVE:
            self._renew(LIVE[self.kind])
        for table in CHILDREN.get(self.kind, ()):
            if self.buffers[table].rows:
                self.pipeline.copy(self.buffers[table])
                self._renew(table)
        if more and self.kind in LIVE:
            self.pipeline.copy(self.buffers[LIVE[self.kind]])

    def _renew(self, table: str) -> None:
        """The table's spool is complete; later rows go to a new one."""
        self.buffers[table].finish()
        self.buffers[table] = self.pipeline.spool(table, _COLUMNS[table])

    def _complete_tables_before(self, position: int) -> None:
        """Restore the indexes and foreign keys of the tables no kind from `position` on adds rows to."""
        for table, kind in FILLED_BY.items():
            if _POSITION[kind] < position:
                for statement in self._restoring(table):
                    self.pipeline.execute(statement)

    def _restoring(self, table: str) -> list[str]:
        """The statements that restore what the table's load put off, once. A dry run is rolled
        back, which restores the indexes anyway: it only checks the foreign keys."""
        deferred = self.deferred.pop(table, None)
        if deferred is None:
            return []
        return deferred.foreign_keys if self.dry_run else deferred.indexes + deferred.foreign_keys

    def _count(self, kind: str, created: bool) -> None:
        count = self.counts[PLURAL[kind]]
        if created:
            count.created += 1
        else:
            count.unchanged += 1

    def _actor(self, r: dict[str, Any], item: Item) -> None:
        existing = self._existing_actor(r, item.where)
        if existing is not None:
            self.actors[r["id"]] = existing
            self.matched_aliases += [(existing, alias) for alias in r["aliases"]]
            self._count("actor", False)
            return
        actor_id = self.actors[r["id"]] = r["id"] + self.largest["actor"]
        self.buffers["actor"].add((actor_id, r["name"], r["kind"], r["iso_code"], r["created_at"] or self.now), item.origin)
        for alias in r["aliases"]:
            self.buffers["actor_alias"].add((actor_id, alias), item.origin)
        self._count("actor", True)

    def _existing_actor(self, r: dict[str, Any], where: str) -> int | None:
        if self.existing_actors is None:
            return None
        by_name = self.existing_actors.keys.get(r["name"].lower())
        by_code = self.existing_actors.keys.get(r["iso_code"].lower()) if r["iso_code"] else None
        if by_name is not None and by_code is not None and by_name != by_code:
            raise InvalidRecord(
                f'{where}: iso_code: {r["iso_code"]} belongs to another actor than "{r["name"]}" in the database; '
                "make the two agree before importing."
            )
        return by_name if by_name is not None else by_code

    def _source(self, r: dict[str, Any], item: Item) -> None:
        published = r["published"]
        if r["url"]:
            existing = self.existing_urls.get(r["url"])
        else:  # the same source when everything that describes it is the same
            described = (r["kind"], r["title"], r["publisher"], r["author"], published and published.value, published and published.precision)
            existing = self.existing_unlinked.get(described)
        if existing is not None:
            self.sources[r["id"]] = existing
            self._count("source", False)
            return
        source_id = self.sources[r["id"]] = r["id"] + self.largest["source"]
        self.buffers["source"].add(
            (
                source_id, r["kind"], r["title"], r["url"], r["publisher"], r["author"],
                published and published.value, published and published.precision, r["reliability"], r["notes"],
                r["recorded_by"], r["created_at"] or self.now,
            ),
            item.origin,
        )  # fmt: skip
        self._count("source", True)

    def _tag_id(self, name: str, origin: int) -> int:
        found = self.tags.get(name)
        if found is None:
            self.largest["tag"] += 1
            found = self.tags[name] = self.largest["tag"]
            self.buffers["tag"].add((found, name), origin)
            self.counts["tags"].created += 1
        return found

    def _tag(self, r: dict[str, Any], item: Item) -> None:
        if r["name"] in self.tags:
            self.counts["tags"].unchanged += 1
        else:
            self._tag_id(r["name"], item.origin)

    # The rows of the millions of claims, predictions and history entries are written straight in
    # COPY's text format: ids and checked values (statuses, roles, stances, dates) need no escaping.

    def _claim(self, r: dict[str, Any], item: Item) -> None:
        claim_id, origin = r["id"] + self.largest["claim"], item.origin
        created = r["created_at"] or self.now
        claimant = r["claimant"]
        self.buffers["claim"].add_line(
            f"{claim_id}\t{copy_str(r['statement'])}\t{r['status']}\t{r['credibility']}\t"
            f"{NULL if claimant is None else self.actors[claimant]}\t{_partial(r['occurred'])}\t{_partial(r['stated'])}\t"
            f"{copy_str(r['recorded_by'])}\t{created.isoformat()}\t{(r['updated_at'] or created).isoformat()}\n",
            origin,
        )
        actors, rows = self.actors, self.buffers["claim_actor"]
        for actor, role in r["actors"]:
            rows.add_line(f"{claim_id}\t{actors[actor]}\t{role}\n", origin)
        rows = self.buffers["claim_tag"]
        for tag in r["tags"]:
            rows.add_line(f"{claim_id}\t{self._tag_id(tag, origin)}\n", origin)
        rows = self.buffers["claim_source"]
        for e in r["evidence"]:
            rows.add_line(
                f"{claim_id}\t{self.sources[e['source']]}\t{e['stance']}\t{_text(e['excerpt'])}\t{copy_str(e['added_by'])}\t"
                f"{(e['added_at'] or created).isoformat()}\n",
                origin,
            )
        self._arms(r["arms_transfer"], origin, None, claim_id)
        self.counts["claims"].created += 1

    def _prediction(self, r: dict[str, Any], item: Item) -> None:
        prediction_id, origin = r["id"] + self.largest["prediction"], item.origin
        created = r["created_at"] or self.now
        made, resolve_by, probability = r["made"], r["resolve_by"], r["probability"]
        self.buffers["prediction"].add_line(
            f"{prediction_id}\t{copy_str(r['statement'])}\t{_id(self._actor_id(r['predictor_actor']))}\t"
            f"{_id(self._source_id(r['predictor_source']))}\t{_partial(made)}\t"
            f"{resolve_by.last_day.isoformat()}\t{resolve_by.precision}\t{NULL if probability is None else repr(probability)}\t"
            f"{_id(r['likelihood'])}\t{_id(r['confidence'])}\t{_text(r['criteria'])}\t{r['status']}\t"
            f"{_day(r['resolved_on'])}\t{_text(r['resolution_note'])}\t{_id(self._source_id(r['evidence_source']))}\t"
            f"{_id(self._shifted(r['claim'], 'claim'))}\t{copy_str(r['recorded_by'])}\t{created.isoformat()}\t"
            f"{(r['updated_at'] or created).isoformat()}\n",
            origin,
        )  # fmt: skip
        actors, rows = self.actors, self.buffers["prediction_actor"]
        for actor, role in r["actors"]:
            rows.add_line(f"{prediction_id}\t{actors[actor]}\t{role}\n", origin)
        rows = self.buffers["prediction_tag"]
        for tag in r["tags"]:
            rows.add_line(f"{prediction_id}\t{self._tag_id(tag, origin)}\n", origin)
        self._arms(r["arms_transfer"], origin, prediction_id, None)
        self.counts["predictions"].created += 1

    def _arms(self, arms: dict[str, Any] | None, origin: int, prediction_id: int | None, claim_id: int | None) -> None:
        if arms is not None:
            self.buffers["arms_transfer"].add(
                (
                    prediction_id, claim_id, self.actors[arms["supplier"]], self.actors[arms["recipient"]],
                    arms["category"], arms["item"], arms["quantity"], arms["period_start"], arms["period_end"],
                ),
                origin,
            )  # fmt: skip

    def _history(self, r: dict[str, Any], item: Item) -> None:
        evidence = r["evidence_source"]
        self.buffers["status_history"].add_line(
            f"{r['id'] + self.largest['status_history']}\t{_id(self._shifted(r['claim'], 'claim'))}\t"
            f"{_id(self._shifted(r['prediction'], 'prediction'))}\t{_id(r['from_status'])}\t{r['to_status']}\t"
            f"{r['changed_at'].isoformat()}\t{r['effective_on'].isoformat()}\t{copy_str(r['changed_by'])}\t"
            f"{_text(r['reason'])}\t{NULL if evidence is None else self.sources[evidence]}\n",
            item.origin,
        )
        self.counts["history"].created += 1

    def _actor_id(self, file_id: int | None) -> int | None:
        return None if file_id is None else self.actors[file_id]

    def _source_id(self, file_id: int | None) -> int | None:
        return None if file_id is None else self.sources[file_id]

    def _shifted(self, file_id: int | None, table: str) -> int | None:
        return None if file_id is None else file_id + self.largest[table]

    def finish(self, name: str, *, progress: Progress | None = None) -> None:
        self._end_kind()
        self.kind = None
        self._complete_tables_before(len(KINDS))
        self.pipeline.close(progress)
        if self.matched_aliases:
            self.session.execute(
                text("INSERT INTO actor_alias (actor_id, alias) VALUES (:actor, :alias) ON CONFLICT DO NOTHING"),
                [{"actor": actor, "alias": alias} for actor, alias in self.matched_aliases],
            )
        self._complete_history()
        self._check_history(name)
        for statement in self._restoring("status_history"):
            self.session.execute(text(statement))
        if not self.dry_run:  # setval is not undone by a rollback
            advance_sequences(self.session)

    def stop(self, error: BaseException) -> BaseException:
        """After `error`: the writer is stopped, and the error to report is returned — the
        database's refusal of a row, named by the record it came from, if there was one."""
        pipeline = self.pipeline
        pipeline.abort()
        refused = pipeline.error or error
        if pipeline.failed is not None and isinstance(refused, psycopg.Error):
            found = refused_row(refused, {pipeline.failed.table: pipeline.failed}, self.describe)  # type: ignore[dict-item]
            if found is not None:
                return found
        return refused

    def _complete_history(self) -> None:
        """A claim or prediction the file gives no history gets its first entry, as if just recorded.
        (Explicit ids: the identity sequence is moved past the copied ids only at the end.)"""
        self.session.execute(
            text(
                "INSERT INTO status_history (id, claim_id, to_status, changed_at, effective_on, changed_by)"
                " SELECT (SELECT coalesce(max(id), 0) FROM status_history) + row_number() OVER (ORDER BY c.id), c.id, c.status, c.created_at, c.created_at::date, c.recorded_by FROM claim c"
                " WHERE c.id > :largest AND NOT EXISTS (SELECT FROM status_history h WHERE h.claim_id = c.id)"
            ),
            {"largest": self.largest["claim"]},
        )
        self.session.execute(
            text(
                "INSERT INTO status_history (id, prediction_id, to_status, changed_at, effective_on, changed_by, reason,"
                " evidence_source_id)"
                " SELECT (SELECT coalesce(max(id), 0) FROM status_history) + row_number() OVER (ORDER BY p.id), p.id, p.status, p.created_at, coalesce(p.resolved_on, p.made_on), p.recorded_by,"
                " p.resolution_note, p.evidence_source_id FROM prediction p"
                " WHERE p.id > :largest AND NOT EXISTS (SELECT FROM status_history h WHERE h.prediction_id = p.id)"
            ),
            {"largest": self.largest["prediction"]},
        )

    def _check_history(self, name: str) -> None:
        """Each record's status is the one its latest history entry moved it to."""
        for table in ("claim", "prediction"):
            found = self.session.execute(
                text(  # one pass over the history: its indexes may not be built yet
                    f"SELECT r.id, r.status, h.to_status FROM {table} r JOIN ("
                    f" SELECT DISTINCT ON (h.{table}_id) h.{table}_id AS record_id, h.to_status FROM status_history h"
                    f" WHERE h.{table}_id > :largest ORDER BY h.{table}_id, h.changed_at DESC, h.id DESC"
                    f") h ON h.record_id = r.id"
                    f" WHERE r.id > :largest AND h.to_status <> r.status ORDER BY r.id LIMIT 1"
                ),
                {"largest": self.largest[table]},
            ).first()
            if found is not None:
                record_id, status, latest = found
                raise InvalidRecord(
                    f'{name}: {table} {record_id - self.largest[table]}: status: "{status}" is not the status its latest '
                    f'history entry gives ("{latest}"); make the two agree.'
                )


def import_items(
    session: Session,
    items: Iterable[Item],
    *,
    name: str,
    describe: Callable[[int], str],
    progress: Progress | None = None,
    dry_run: bool = False,
) -> dict[str, KindCount]:
    """Import export records (already located by io.exchange.read_items) in this transaction."""
    importer = ExchangeImport(session, describe=describe, dry_run=dry_run)
    try:
        for item in items:
            importer.add(item)
        importer.finish(name, progress=progress)
    except BaseException as error:
        reported = importer.stop(error)
        if reported is error:
            raise
        raise reported from None
    return importer.counts


# --- ClaimReview --------------------------------------------------------------------------------

_VERDICTS = """
    SELECT c.id, c.statement, c.status, a.name, a.kind, c.stated_on, c.stated_precision,
           (SELECT json_agg(json_build_array(s.url, s.title, s.publisher, s.author, s.published_on,
                                             s.published_precision) ORDER BY x.added_at, s.id)
              FROM claim_source x JOIN source s ON s.id = x.source_id
             WHERE x.claim_id = c.id AND x.stance IN ('supports', 'reports')),
           h.changed_at, h.changed_by, e.url, e.title
    FROM claim c
    LEFT JOIN actor a ON a.id = c.claimant_id
    LEFT JOIN LATERAL (SELECT changed_at, changed_by, evidence_source_id FROM status_history h
                       WHERE h.claim_id = c.id AND h.to_status = c.status
                       ORDER BY h.changed_at DESC, h.id DESC LIMIT 1) h ON true
    LEFT JOIN source e ON e.id = h.evidence_source_id
    WHERE c.status IN ('confirmed', 'refuted')
    ORDER BY c.id"""


def claim_verdicts(session: Session) -> list[Verdict]:
    """Every confirmed or refuted claim, with where it appeared and when and how it was decided."""
    from datetime import date as date_type

    verdicts = []
    for r in session.execute(text(_VERDICTS)):
        appearances = [
            Appearance(url, title, publisher, author, partial_text(date_type.fromisoformat(on) if on else None, precision))
            for url, title, publisher, author, on, precision in r[7] or []
        ]
        decided_at = r[8]
        verdicts.append(
            Verdict(
                claim_id=r[0], statement=r[1], status=r[2], claimant=r[3], claimant_kind=r[4],
                stated=partial_text(r[5], r[6]), appearances=appearances,
                decided_on=decided_at.astimezone(timezone.utc).date() if decided_at else datetime.now(timezone.utc).date(),
                decided_by=r[9] or "unknown", evidence_url=r[10], evidence_title=r[11],
            )  # fmt: skip
        )
    return verdicts


# --- one file in ---------------------------------------------------------------------------------

IMPORT_FORMATS = ("json", "ndjson", "csv")


@dataclass
class ImportResult:
    format: str
    counts: dict[str, KindCount]
    dry_run: bool


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
    session: Session,
    *,
    path: Path,
    recorded_by: str,
    fmt: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one file in the caller's transaction: all of it, or (on any error) nothing.

    With `dry_run`, everything is checked and written inside a savepoint that is then undone."""
    from datetime import date

    from claimtrack.io.csv_rows import read_csv
    from claimtrack.services.transfer import import_named

    kind_of_file = _kind_of_file(path)
    fmt = fmt or detect_format(path)
    name = path.name
    total = path.stat().st_size
    savepoint = session.begin_nested()
    try:
        with path.open("rb") as raw:
            stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="" if fmt == "csv" else None)
            if progress:
                progress.phase(f"reading {name}", total)
            if fmt == "csv":
                _, rows = read_csv(bounded_lines(stream, name), name, today=date.today())
                counts = import_named(
                    session, _reporting(rows, raw, progress), name=name, recorded_by=recorded_by,
                    on_chunk=_writing(progress), dry_run=dry_run,
                )  # fmt: skip
            else:
                json_limit = JSON_FROM_PIPE_MAX if kind_of_file == "pipe" else None
                items = read_items(stream, name, ndjson=fmt == "ndjson", json_limit=json_limit)
                describe = (lambda line: f"{name} line {line}") if fmt == "ndjson" else _json_place(name)
                counts = import_items(
                    session, _reporting(items, raw, progress), name=name, describe=describe,
                    progress=progress, dry_run=dry_run,
                )  # fmt: skip
    except UnicodeDecodeError as error:
        savepoint.rollback()
        raise InvalidRecord(f"{name}: byte {error.start} is not UTF-8 text; save the file as UTF-8. Nothing was imported.") from None
    except ClaimtrackError as error:
        savepoint.rollback()
        raise type(error)(f"{error} Nothing was imported.") from None
    except BaseException:
        savepoint.rollback()
        raise
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return ImportResult(fmt, counts, dry_run)


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
    """Where a JSON export's record is, from its origin (see io.exchange.read_items)."""
    return lambda origin: f"{name}: {KINDS[origin // JSON_ORIGIN_STEP][1]}[{origin % JSON_ORIGIN_STEP}]"
