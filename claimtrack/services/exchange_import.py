"""Import of an export (io.exchange): ids, times, authors and history kept.

Ids: an import keeps the file's ids where the table has none yet (an empty database receives
every id unchanged), and otherwise shifts them past the largest id already there: a claim's new
id is its id in the file plus that largest id. Actors already present (found by name, alias or
ISO code, as lookup.ActorResolver finds any actor) and sources already present (same URL; without
a URL, the same kind, title, publisher, author and publication date) are used instead of being
copied again. Afterwards the identity sequences are moved past the new ids.

History: the import sets claimtrack.importing for its transaction, so the history triggers stay
quiet, and copies the file's status changes with their original times, authors and evidence, and
its change records (record_change) as the database wrote them: the owner's import is the one
writer the database lets add to either besides its triggers. A change record's ids (the record it
belongs to, and the ids in its linked, old and new values) move as the records' ids do.
A record without its times takes the database's now(), as its column defaults do.

Identity (20261204_0011): a record whose uid the database holds already is that record, not a new
one: it keeps its id here, and services.sync.Matching decides, once the file is read, whether it is
unchanged, to be updated from the file, kept as it is here, or a conflict; its status history and
change records are merged (what the database lacks is appended). A new record keeps its uid (a
record from a file without uids gets a new one). With the exporting database named in the file, what
the two agree on is kept in sync_base.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import psycopg

from claimtrack.db.bulk_load import (
    TABLES,
    advance_sequences,
    defer_indexes_and_foreign_keys,
    largest_ids,
    last_generated_id,
    lock_for_import,
)
from claimtrack.db.copy import CopyPipeline, Progress, copy_str
from claimtrack.domain import PartialDate
from claimtrack.io.exchange import ExchangeReader
from claimtrack.io.exchange_format import KINDS, OPTIONAL_KINDS, PLURAL, Item
from claimtrack.io.exchange_identity import APPEND_ONLY_KINDS, canonical, fingerprint
from claimtrack.io.fields import InvalidRecord
from claimtrack.services.lookup import ActorResolver
from claimtrack.services.matched import MatchCount, Matched
from claimtrack.services.matching import Matching
from claimtrack.services.named_writer import KindCount, refused_row

_COLUMNS = {
    "actor": ("id", "name", "kind", "iso_code", "created_at", "uid"),
    "actor_alias": ("actor_id", "alias"),
    "source": ("id", "kind", "title", "url", "publisher", "author", "published_on", "published_precision",
               "reliability", "notes", "recorded_by", "created_at", "incomplete", "deleted_at", "merged_into_id", "uid"),
    "tag": ("id", "name"),
    "claim": ("id", "statement", "status", "credibility", "claimant_id", "occurred_on", "occurred_precision",
              "stated_on", "stated_precision", "recorded_by", "created_at", "updated_at", "notes", "deleted_at",
              "merged_into_id", "uid"),
    "claim_actor": ("claim_id", "actor_id", "role"),
    "claim_tag": ("claim_id", "tag_id"),
    "claim_source": ("claim_id", "source_id", "stance", "excerpt", "added_by", "added_at"),
    "prediction": ("id", "statement", "predictor_actor_id", "predictor_source_id", "made_on", "made_precision",
                   "resolve_by", "resolve_by_precision", "probability", "likelihood", "confidence", "criteria",
                   "status", "resolved_on", "resolution_note", "evidence_source_id", "claim_id", "recorded_by",
                   "created_at", "updated_at", "notes", "uid"),
    "prediction_actor": ("prediction_id", "actor_id", "role"),
    "prediction_tag": ("prediction_id", "tag_id"),
    "arms_transfer": ("prediction_id", "claim_id", "supplier_id", "recipient_id", "category", "item", "quantity",
                      "period_start", "period_end"),
    "forecast": ("id", "prediction_id", "actor_id", "source_id", "probability", "likelihood", "confidence", "made_on",
                 "made_precision", "note", "recorded_by", "created_at", "uid"),
    "forecast_evidence": ("forecast_id", "source_id", "claim_id"),
    "status_history": ("id", "claim_id", "prediction_id", "from_status", "to_status", "changed_at", "effective_on",
                       "changed_by", "reason", "evidence_source_id", "changed_login"),
    "record_change": ("id", "changed_at", "change_group", "record_table", "record_id", "table_name", "operation",
                      "linked", "old_values", "new_values", "changed_by", "changed_login", "reason"),
}  # fmt: skip


# The kinds whose rows are copied while the file is read (each kind's records are contiguous), and
# the tables filled beside them, copied when the kind's records end.
LIVE = {"actor": "actor", "source": "source", "claim": "claim", "prediction": "prediction", "forecast": "forecast",
        "history": "status_history", "change": "record_change"}  # fmt: skip
CHILDREN = {
    "actor": ("actor_alias",),
    "tag": ("tag",),
    "claim": ("tag", "claim_actor", "claim_tag", "claim_source", "arms_transfer"),
    "prediction": ("tag", "prediction_actor", "prediction_tag", "arms_transfer"),
    "forecast": ("forecast_evidence",),
}
# The last kind whose records add rows to each table: once the file is past it, the table's
# indexes and foreign keys can be restored (status_history's at the end, after the entries the
# import adds itself).
FILLED_BY = {
    "actor": "actor", "actor_alias": "actor", "source": "source", "claim": "claim", "claim_actor": "claim",
    "claim_tag": "claim", "claim_source": "claim", "tag": "prediction", "prediction": "prediction",
    "prediction_actor": "prediction", "prediction_tag": "prediction", "arms_transfer": "prediction",
    "forecast": "forecast", "forecast_evidence": "forecast", "record_change": "change",
}  # fmt: skip
_POSITION = {kind: position for position, (kind, _) in enumerate(KINDS)}
NULL = "\\N"  # COPY's null
# The columns of a changed row (record_change's old and new values) that name another record.
_REFERENCES = {
    "claim_id": "claim", "prediction_id": "prediction", "source_id": "source", "predictor_source_id": "source",
    "evidence_source_id": "source", "actor_id": "actor", "claimant_id": "actor", "predictor_actor_id": "actor",
    "supplier_id": "actor", "recipient_id": "actor", "tag_id": "tag",
}  # fmt: skip
_OWN_ID_TABLES = ("claim", "source", "actor", "tag", "prediction")  # whose id (and merged_into_id) is a record's id


def _id(value: int | str | None) -> str:
    """An id, or a checked value that needs no escaping (a status, a term), in COPY's text format."""
    return NULL if value is None else str(value)


def _text(value: str | None) -> str:
    return NULL if value is None else copy_str(value)


def _moment(value: datetime | None) -> str:
    return NULL if value is None else value.isoformat()


def _day(value: date | None) -> str:
    return NULL if value is None else value.isoformat()


def _json(value: dict[str, Any] | None) -> str:
    return NULL if value is None else copy_str(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _partial(value: PartialDate | None) -> str:
    """The two columns of a date with its precision."""
    return f"{NULL}\t{NULL}" if value is None else f"{value.value.isoformat()}\t{value.precision}"


class ExchangeImport:
    """Writes checked export records: matched or new actors and sources, shifted ids, COPY.

    Rows are spooled per table and sent by a CopyPipeline while the file is still being read.
    Into an empty table, the rows go in without its secondary indexes and foreign keys (see
    db.bulk_load.defer_indexes_and_foreign_keys), restored once the table is complete, while the reading
    goes on."""

    def __init__(
        self, connection: psycopg.Connection[Any], *, describe: Callable[[int], str], batch: int, dry_run: bool = False,
        header: dict[str, Any] | None = None, prefer: str | None = None, source_name: str = "the file",
    ) -> None:
        lock_for_import(connection)
        self.kind: str | None = None
        connection.execute("SELECT set_config('claimtrack.importing', 'on', true)")
        self.connection = connection
        self.describe = describe
        self.reader = ExchangeReader()
        self.largest = largest_ids(connection)
        now = connection.execute("SELECT now()").fetchone()
        assert now is not None
        self.now: datetime = now[0]  # the database's clock, as its defaults
        self.actors: dict[int, int] = {}
        self.sources: dict[int, int] = {}
        self.existing_actors = ActorResolver(connection) if self.largest["actor"] else None
        self.matched_aliases: list[tuple[int, str]] = []
        self.existing_urls: dict[str, int] = {}
        self.existing_unlinked: dict[tuple[Any, ...], int] = {}  # sources without a URL, by what describes them
        if self.largest["source"]:
            self.existing_urls = dict(connection.execute("SELECT url, id FROM source WHERE url IS NOT NULL").fetchall())
            for id_, *described in connection.execute(
                "SELECT min(id), kind, title, publisher, author, published_on, published_precision FROM source "
                "WHERE url IS NULL GROUP BY kind, title, publisher, author, published_on, published_precision"
            ):
                self.existing_unlinked[tuple(described)] = id_
        # A forecast's id: after every id the sequence gave, and after one for each prediction of the
        # file, whose insert may write its first forecast from the sequence (see _forecast).
        self.forecast_ids = last_generated_id(connection, "forecast")
        self.tags: dict[str, int] = dict(connection.execute("SELECT name, id FROM tag").fetchall())
        self.tag_ids: dict[int, int] = {}  # a tag's id in the file: its id now
        self.new_tag_ids: set[int] = set()
        self.last_tag = self.largest["tag"]  # the largest tag id in use
        self.counts: dict[str, KindCount] = {plural: MatchCount() for kind, plural in KINDS if kind not in OPTIONAL_KINDS}
        self.header = header if header is not None else {}  # filled by the reader before the first record
        # Identity: each record's uid in the file (file id -> uid), the records the database holds
        # already by uid (file id -> id here), and what the two databases agree on once done.
        self.file_uids: dict[str, dict[int, str]] = {kind: {} for kind in ("actor", "source", "claim", "prediction")}
        self.matched_ids: dict[str, dict[int, int]] = {kind: {} for kind in ("actor", "source", "claim", "prediction")}
        self.matching = Matching(connection, self, prefer=prefer, source_name=source_name)
        self.agreed: list[tuple[str, str, str]] = []  # (kind, uid, fingerprint) of the records created
        self.agree_later: list[tuple[str, str, dict[str, Any]]] = []  # those naming a record later in the file
        self.deferred = defer_indexes_and_foreign_keys(connection, TABLES)
        self.dry_run = dry_run
        self.pipeline = CopyPipeline(connection)
        self.write: Callable[[dict[str, Any], Item], None] = self._actor
        # Into a database that holds records already, the ids a change record names move with them.
        self.ids_move = any(self.largest[table] for table in ("actor", "source", "tag", "claim", "prediction"))
        self.in_batch = 0
        self.batch = batch  # records of a kind copied before the rows that hang off them
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
            self.counts.setdefault(PLURAL[item.kind], MatchCount() if item.kind in APPEND_ONLY_KINDS else KindCount())
            self.in_batch = 0
        self.write(record, item)
        self.in_batch += 1
        if self.in_batch == self.batch and item.kind in CHILDREN:
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
        if self._matched("actor", r, item):
            return
        existing = self._existing_actor(r, item.where)
        if existing is not None:
            self.actors[r["id"]] = existing
            self.matched_aliases += [(existing, alias) for alias in r["aliases"]]
            self._count("actor", False)
            return
        actor_id = self.actors[r["id"]] = r["id"] + self.largest["actor"]
        uid = self._new_uid("actor", r, item)
        self.buffers["actor"].add((actor_id, r["name"], r["kind"], r["iso_code"], r["created_at"] or self.now, uid), item.origin)
        for alias in r["aliases"]:
            self.buffers["actor_alias"].add((actor_id, alias), item.origin)
        self._count("actor", True)

    def _matched(self, kind: str, r: dict[str, Any], item: Item) -> bool:
        """Whether the database holds this record already (the same uid): then it is left to
        Matching, under its id here."""
        uid = r["uid"]
        if uid is None:
            return False
        self.file_uids[kind][r["id"]] = uid
        if not self.largest[kind]:
            return False
        found = self.matching.known(kind, uid)
        if found is None:
            return False
        self.matched_ids[kind][r["id"]] = found
        if kind == "actor":
            self.actors[r["id"]] = found
        elif kind == "source":
            self.sources[r["id"]] = found
        self.matching.add(Matched(kind, r["id"], found, uid, r, item.data, item.where))
        return True

    def _new_uid(self, kind: str, r: dict[str, Any], item: Item) -> str:
        """A new record's uid: the file's, or (a file before 20261204_0011) a new one. With the
        exporting database named, the fingerprint of the record as both now hold it is kept."""
        uid = r["uid"]
        if uid is None:
            uid = self.file_uids[kind][r["id"]] = str(uuid.uuid4())
        elif self.matching.peer is not None:
            merged = item.data.get("merged_into") if kind in ("source", "claim") else None
            if merged is not None and merged not in self.file_uids[kind]:
                self.agree_later.append((kind, uid, item.data))  # names a record further on
            else:
                self.agreed.append((kind, uid, fingerprint(canonical(kind, item.data, self.their_uid))))
        return str(uid)

    def their_uid(self, kind: str, file_id: Any) -> str | None:
        """The uid of the record the file names by `file_id`, as it is here: a record found here
        (by uid, name or URL) by its uid here, a new one by the file's."""
        if file_id is None:
            return None
        if kind in ("actor", "source"):
            local = (self.actors if kind == "actor" else self.sources).get(file_id)
            if local is not None and local <= self.largest[kind]:
                return self.matching.our_uid(kind, local)
        else:
            local = self.matched_ids[kind].get(file_id)
            if local is not None:
                return self.matching.our_uid(kind, local)
        return self.file_uids[kind].get(file_id)

    def local_id(self, kind: str, file_id: int | None) -> int | None:
        """Where the record the file names by `file_id` is here."""
        if file_id is None:
            return None
        if kind == "actor":
            return self.actors[file_id]
        if kind == "source":
            return self.sources[file_id]
        return self._shifted(file_id, kind)

    def _existing_actor(self, r: dict[str, Any], where: str) -> int | None:
        if self.existing_actors is None:
            return None
        by_name = self._existing_id(r["name"])
        by_code = self._existing_id(r["iso_code"]) if r["iso_code"] else None
        if by_name is not None and by_code is not None and by_name != by_code:
            raise InvalidRecord(
                f'{where}: iso_code: {r["iso_code"]} belongs to another actor than "{r["name"]}" in the database; '
                "make the two agree before importing."
            )
        return by_name if by_name is not None else by_code

    def _existing_id(self, reference: str) -> int | None:
        assert self.existing_actors is not None
        found = self.existing_actors.match(reference)
        return None if found is None else found.actor.id

    def _source(self, r: dict[str, Any], item: Item) -> None:
        if self._matched("source", r, item):
            return
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
        uid = self._new_uid("source", r, item)
        self.buffers["source"].add(
            (
                source_id, r["kind"], r["title"], r["url"], r["publisher"], r["author"],
                published and published.value, published and published.precision, r["reliability"], r["notes"],
                r["recorded_by"], r["created_at"] or self.now, r["incomplete"], r["deleted_at"],
                self._merged_source(r["merged_into"]), uid,
            ),
            item.origin,
        )  # fmt: skip
        self._count("source", True)

    def _merged_source(self, file_id: int | None) -> int | None:
        """The source a merged one went to: found already, or (later in the file) new, so shifted."""
        if file_id is None:
            return None
        return self.sources.get(file_id, file_id + self.largest["source"])

    def _tag_id(self, name: str, origin: int) -> int:
        """The tag of that name: found, or new (after every id in use)."""
        found = self.tags.get(name)
        if found is None:
            found = self._new_tag(name, self.last_tag + 1, origin)
        return found

    def _new_tag(self, name: str, tag_id: int, origin: int) -> int:
        self.tags[name] = tag_id
        self.new_tag_ids.add(tag_id)
        self.last_tag = max(self.last_tag, tag_id)
        self.buffers["tag"].add((tag_id, name), origin)
        self.counts["tags"].created += 1
        return tag_id

    def _tag(self, r: dict[str, Any], item: Item) -> None:
        """A tag the database has (by name) is used; a new one keeps its id in the file, shifted as
        the others are, so that the change records naming it still do."""
        found = self.tags.get(r["name"])
        if found is not None:
            self.counts["tags"].unchanged += 1
        elif r["id"] is None:
            found = self._tag_id(r["name"], item.origin)
        else:
            tag_id = r["id"] + self.largest["tag"]
            if tag_id in self.new_tag_ids:
                raise InvalidRecord(f"{item.where}: id: {r['id']} is taken by a tag given before it without an id; give every tag its id, or none.")
            found = self._new_tag(r["name"], tag_id, item.origin)
        if r["id"] is not None:
            self.tag_ids[r["id"]] = found

    # The rows of the millions of claims, predictions and history entries are written straight in
    # COPY's text format: ids and checked values (statuses, roles, stances, dates) need no escaping.

    def _claim(self, r: dict[str, Any], item: Item) -> None:
        if self._matched("claim", r, item):
            return
        claim_id, origin = r["id"] + self.largest["claim"], item.origin
        uid = self._new_uid("claim", r, item)
        created = r["created_at"] or self.now
        claimant = r["claimant"]
        self.buffers["claim"].add_line(
            f"{claim_id}\t{copy_str(r['statement'])}\t{r['status']}\t{r['credibility']}\t"
            f"{NULL if claimant is None else self.actors[claimant]}\t{_partial(r['occurred'])}\t{_partial(r['stated'])}\t"
            f"{copy_str(r['recorded_by'])}\t{created.isoformat()}\t{(r['updated_at'] or created).isoformat()}\t"
            f"{_text(r['notes'])}\t{_moment(r['deleted_at'])}\t{_id(self._shifted(r['merged_into'], 'claim'))}\t{uid}\n",
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
        if self._matched("prediction", r, item):
            return
        prediction_id, origin = r["id"] + self.largest["prediction"], item.origin
        uid = self._new_uid("prediction", r, item)
        created = r["created_at"] or self.now
        made, resolve_by, probability = r["made"], r["resolve_by"], r["probability"]
        self.buffers["prediction"].add_line(
            f"{prediction_id}\t{copy_str(r['statement'])}\t{_id(self._actor_id(r['predictor_actor']))}\t"
            f"{_id(self._source_id(r['predictor_source']))}\t{_partial(made)}\t"
            f"{resolve_by.last_day.isoformat()}\t{resolve_by.precision}\t{NULL if probability is None else repr(probability)}\t"
            f"{_id(r['likelihood'])}\t{_id(r['confidence'])}\t{_text(r['criteria'])}\t{r['status']}\t"
            f"{_day(r['resolved_on'])}\t{_text(r['resolution_note'])}\t{_id(self._source_id(r['evidence_source']))}\t"
            f"{_id(self._shifted(r['claim'], 'claim'))}\t{copy_str(r['recorded_by'])}\t{created.isoformat()}\t"
            f"{(r['updated_at'] or created).isoformat()}\t{_text(r['notes'])}\t{uid}\n",
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

    def _forecast(self, r: dict[str, Any], item: Item) -> None:
        """A forecast the database holds (its uid) is that forecast, unchanged: forecasts are
        append-only, so there is nothing to update and no conflict. Any other is new, with an id
        past those its predictions' first forecasts (written by the database as each prediction
        went in, from the identity sequence) can have taken."""
        count = self.counts["forecasts"]
        uid = r["uid"]
        if uid is not None and self.largest["forecast"] and self.matching.known("forecast", uid) is not None:
            count.unchanged += 1
            return
        if count.created == 0:
            self.forecast_ids += len(self.reader.ids["prediction"])
        self.forecast_ids += 1
        forecast_id, origin, made = self.forecast_ids, item.origin, r["made"]
        self.buffers["forecast"].add_line(
            f"{forecast_id}\t{self._shifted(r['prediction'], 'prediction')}\t{_id(self._actor_id(r['forecaster_actor']))}\t"
            f"{_id(self._source_id(r['forecaster_source']))}\t{r['probability']!r}\t{_id(r['likelihood'])}\t"
            f"{_id(r['confidence'])}\t{_partial(made)}\t{_text(r['note'])}\t{copy_str(r['recorded_by'])}\t"
            f"{(r['created_at'] or self.now).isoformat()}\t{uid or uuid.uuid4()}\n",
            origin,
        )  # fmt: skip
        for cited in r["evidence"]:
            self.buffers["forecast_evidence"].add_line(
                f"{forecast_id}\t{_id(self._source_id(cited['source']))}\t{_id(self._shifted(cited['claim'], 'claim'))}\n", origin
            )
        count.created += 1

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
        if r["claim"] in self.matched_ids["claim"] or r["prediction"] in self.matched_ids["prediction"]:
            self.matching.history.append(r)  # a record the database holds: merged at the end
            return
        evidence = r["evidence_source"]
        self.buffers["status_history"].add_line(
            f"{r['id'] + self.largest['status_history']}\t{_id(self._shifted(r['claim'], 'claim'))}\t"
            f"{_id(self._shifted(r['prediction'], 'prediction'))}\t{_id(r['from_status'])}\t{r['to_status']}\t"
            f"{r['changed_at'].isoformat()}\t{r['effective_on'].isoformat()}\t{copy_str(r['changed_by'])}\t"
            f"{_text(r['reason'])}\t{NULL if evidence is None else self.sources[evidence]}\t{_text(r['changed_login'])}\n",
            item.origin,
        )
        self.counts["history"].created += 1

    def _change(self, r: dict[str, Any], item: Item) -> None:
        """A change record as the file has it, but for the ids of records that moved (see _moved_values)."""
        record_table, table_name = r["record_table"], r["table_name"]
        if self.ids_move and self._held_before(record_table, r["record_id"]):
            self.matching.changes.append(r)  # of a record the database holds: merged at the end
            return
        linked, old_values, new_values = r["linked"], r["old_values"], r["new_values"]
        if self.ids_move:
            linked, old_values, new_values = (self._moved_values(table_name, values) for values in (linked, old_values, new_values))
        self.buffers["record_change"].add_line(
            f"{r['id'] + self.largest['record_change']}\t{r['changed_at'].isoformat()}\t{r['change_group']}\t{record_table}\t"
            f"{self._moved(record_table, r['record_id'])}\t{table_name}\t{r['operation']}\t{_json(linked)}\t"
            f"{_json(old_values)}\t{_json(new_values)}\t{copy_str(r['changed_by'])}\t{copy_str(r['changed_login'])}\t"
            f"{_text(r['reason'])}\n",
            item.origin,
        )
        self.counts["changes"].created += 1

    def _held_before(self, table: str, file_id: int) -> bool:
        """Whether the record a change record belongs to was here before this import."""
        moved = self._moved(table, file_id)
        return moved <= self.largest[table] if table in self.largest else False

    def moved_values(self, table_name: str, values: dict[str, Any] | None) -> dict[str, Any] | None:
        return self._moved_values(table_name, values) if self.ids_move else values

    def moved(self, table: str, file_id: int) -> int:
        return self._moved(table, file_id)

    def _moved(self, table: str, file_id: int) -> int:
        """Where a record the file names by id is now: a claim, prediction or new actor or source
        shifted with the ids, an actor, source or tag found in the database at the one found."""
        if table == "actor":
            return self.actors.get(file_id, file_id + self.largest["actor"])
        if table == "source":
            return self.sources.get(file_id, file_id + self.largest["source"])
        if table == "tag":  # a tag gone since (renamed into another): shifted as new ones are
            return self.tag_ids.get(file_id, file_id + self.largest["tag"])
        if table in ("claim", "prediction"):
            return self._shifted(file_id, table)  # type: ignore[return-value]
        return file_id

    def _moved_values(self, table_name: str, values: dict[str, Any] | None) -> dict[str, Any] | None:
        """The fields of a changed row with the ids of records (its own, and those it names) moved."""
        if values is None:
            return None
        moved = dict(values)
        for column, value in values.items():
            table = table_name if column in ("id", "merged_into_id") and table_name in _OWN_ID_TABLES else _REFERENCES.get(column)
            if table is not None and type(value) is int:
                moved[column] = self._moved(table, value)
        return moved

    def _actor_id(self, file_id: int | None) -> int | None:
        return None if file_id is None else self.actors[file_id]

    def _source_id(self, file_id: int | None) -> int | None:
        return None if file_id is None else self.sources[file_id]

    def _shifted(self, file_id: int | None, table: str) -> int | None:
        if file_id is None:
            return None
        matched = self.matched_ids[table]
        return matched.get(file_id, file_id + self.largest[table]) if matched else file_id + self.largest[table]

    def finish(self, name: str, *, progress: Progress | None = None) -> None:
        self._end_kind()
        self.kind = None
        self._complete_tables_before(len(KINDS))
        self.pipeline.close(progress)
        if self.matched_aliases:
            self.connection.cursor().executemany(
                "INSERT INTO actor_alias (actor_id, alias) VALUES (%s, %s) ON CONFLICT DO NOTHING", self.matched_aliases
            )
        self._complete_history()
        self._check_history(name)
        for statement in self._restoring("status_history"):
            self.connection.execute(statement)
        if not self.dry_run:  # setval is not undone by a rollback
            advance_sequences(self.connection)
        for kind, uid, data in self.agree_later:
            self.agreed.append((kind, uid, fingerprint(canonical(kind, data, self.their_uid))))
        self.matching.finish()
        if not self.dry_run:
            advance_sequences(self.connection)

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
        self.connection.execute(
            (
                "INSERT INTO status_history (id, claim_id, to_status, changed_at, effective_on, changed_by)"
                " SELECT (SELECT coalesce(max(id), 0) FROM status_history) + row_number() OVER (ORDER BY c.id), c.id, c.status, c.created_at, c.created_at::date, c.recorded_by FROM claim c"
                " WHERE c.id > %(largest)s AND NOT EXISTS (SELECT FROM status_history h WHERE h.claim_id = c.id)"
            ),
            {"largest": self.largest["claim"]},
        )
        self.connection.execute(
            (
                "INSERT INTO status_history (id, prediction_id, to_status, changed_at, effective_on, changed_by, reason,"
                " evidence_source_id)"
                " SELECT (SELECT coalesce(max(id), 0) FROM status_history) + row_number() OVER (ORDER BY p.id), p.id, p.status, p.created_at, coalesce(p.resolved_on, p.made_on), p.recorded_by,"
                " p.resolution_note, p.evidence_source_id FROM prediction p"
                " WHERE p.id > %(largest)s AND NOT EXISTS (SELECT FROM status_history h WHERE h.prediction_id = p.id)"
            ),
            {"largest": self.largest["prediction"]},
        )

    def _check_history(self, name: str) -> None:
        """Each record's status is the one its latest history entry moved it to."""
        for table in ("claim", "prediction"):
            found = self.connection.execute(
                (  # one pass over the history: its indexes may not be built yet
                    f"SELECT r.id, r.status, h.to_status FROM {table} r JOIN ("
                    f" SELECT DISTINCT ON (h.{table}_id) h.{table}_id AS record_id, h.to_status FROM status_history h"
                    f" WHERE h.{table}_id > %(largest)s ORDER BY h.{table}_id, h.changed_at DESC, h.id DESC"
                    f") h ON h.record_id = r.id"
                    f" WHERE r.id > %(largest)s AND h.to_status <> r.status ORDER BY r.id LIMIT 1"
                ),
                {"largest": self.largest[table]},
            ).fetchone()
            if found is not None:
                record_id, status, latest = found
                raise InvalidRecord(
                    f'{name}: {table} {record_id - self.largest[table]}: status: "{status}" is not the status its latest '
                    f'history entry gives ("{latest}"); make the two agree.'
                )
