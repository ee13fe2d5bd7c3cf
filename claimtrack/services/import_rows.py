"""The rows an import (services/exchange_import.py) writes for each kind of record: a record of
the file becomes rows of its table and of the tables that hang off it (aliases, links, evidence,
arms transfers), spooled for COPY; an actor, source or tag the database has already is used, and
a record whose uid it holds is left to matching (services/matching.py)."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

import psycopg

from claimtrack.db.bulk_load import largest_ids, last_generated_id
from claimtrack.db.copy import Spool, copy_str
from claimtrack.domain import PartialDate
from claimtrack.io.exchange import ExchangeReader
from claimtrack.io.exchange_format import KINDS, OPTIONAL_KINDS, PLURAL, Item
from claimtrack.io.exchange_identity import canonical, fingerprint
from claimtrack.io.fields import InvalidRecord
from claimtrack.services.import_ids import ImportIds
from claimtrack.services.lookup import ActorResolver
from claimtrack.services.matched import AgreementCount, MatchCount, Matched
from claimtrack.services.matching import Matching
from claimtrack.services.named_writer import KindCount

NULL = "\\N"  # COPY's null


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


class ImportRows:
    """The per-kind writers of an import, and what they keep: the records found here already,
    the tags, the counts, the id map (ImportIds) and the matching of records held by uid."""

    buffers: dict[str, Spool]  # a spool per table, given by the import's COPY pipeline

    def __init__(
        self, connection: psycopg.Connection[Any], *, dry_run: bool, header: dict[str, Any] | None, prefer: str | None,
        source_name: str,
    ) -> None:
        self.connection = connection
        self.reader = ExchangeReader()
        self.largest = largest_ids(connection)
        now = connection.execute("SELECT now()").fetchone()
        assert now is not None
        self.now: datetime = now[0]  # the database's clock, as its defaults
        self.ids = ImportIds(self.largest)
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
        self.new_tag_ids: set[int] = set()
        self.last_tag = self.largest["tag"]  # the largest tag id in use
        self.counts: dict[str, KindCount] = {plural: MatchCount() for kind, plural in KINDS if kind not in OPTIONAL_KINDS}
        self.header = header if header is not None else {}  # filled by the reader before the first record
        self.dry_run = dry_run
        self.matching = Matching(connection, self, prefer=prefer, source_name=source_name)
        # What the two databases agree on, once done:
        self.agreed: list[tuple[str, str, str]] = []  # (kind, uid, fingerprint) of the records created
        self.agree_later: list[tuple[str, str, dict[str, Any]]] = []  # those naming a record later in the file

    # What matching needs of the import (services.matched.Importer), besides their_uid.

    def local_id(self, kind: str, file_id: int | None) -> int | None:
        return self.ids.local_id(kind, file_id)

    def moved(self, table: str, file_id: int) -> int:
        return self.ids.moved(table, file_id)

    def moved_values(self, table_name: str, values: dict[str, Any] | None) -> dict[str, Any] | None:
        return self.ids.moved_values(table_name, values)

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
            self.ids.actors[r["id"]] = existing
            self.matched_aliases += [(existing, alias) for alias in r["aliases"]]
            self._count("actor", False)
            return
        actor_id = self.ids.actors[r["id"]] = r["id"] + self.largest["actor"]
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
        self.ids.file_uids[kind][r["id"]] = uid
        if not self.largest[kind]:
            return False
        found = self.matching.known(kind, uid)
        if found is None:
            return False
        self.ids.matched_ids[kind][r["id"]] = found
        if kind == "actor":
            self.ids.actors[r["id"]] = found
        elif kind == "source":
            self.ids.sources[r["id"]] = found
        self.matching.add(Matched(kind, r["id"], found, uid, r, item.data, item.where))
        return True

    def _new_uid(self, kind: str, r: dict[str, Any], item: Item) -> str:
        """A new record's uid: the file's, or (a file before 20261204_0011) a new one. With the
        exporting database named, the fingerprint of the record as both now hold it is kept."""
        uid = r["uid"]
        if uid is None:
            uid = self.ids.file_uids[kind][r["id"]] = str(uuid.uuid4())
        elif self.matching.peer is not None:
            merged = item.data.get("merged_into") if kind in ("source", "claim") else None
            if merged is not None and merged not in self.ids.file_uids[kind]:
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
            local = (self.ids.actors if kind == "actor" else self.ids.sources).get(file_id)
            if local is not None and local <= self.largest[kind]:
                return self.matching.our_uid(kind, local)
        else:
            local = self.ids.matched_ids[kind].get(file_id)
            if local is not None:
                return self.matching.our_uid(kind, local)
        return self.ids.file_uids[kind].get(file_id)

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
            self.ids.sources[r["id"]] = existing
            self._count("source", False)
            return
        source_id = self.ids.sources[r["id"]] = r["id"] + self.largest["source"]
        uid = self._new_uid("source", r, item)
        self.buffers["source"].add(
            (
                source_id, r["kind"], r["title"], r["url"], r["publisher"], r["author"],
                published and published.value, published and published.precision, r["reliability"], r["notes"],
                r["recorded_by"], r["created_at"] or self.now, r["incomplete"], r["deleted_at"],
                self.ids.merged_source(r["merged_into"]), uid,
            ),
            item.origin,
        )  # fmt: skip
        self._count("source", True)

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
            self.ids.tag_ids[r["id"]] = found

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
            f"{NULL if claimant is None else self.ids.actors[claimant]}\t{_partial(r['occurred'])}\t{_partial(r['stated'])}\t"
            f"{copy_str(r['recorded_by'])}\t{created.isoformat()}\t{(r['updated_at'] or created).isoformat()}\t"
            f"{_text(r['notes'])}\t{_moment(r['deleted_at'])}\t{_id(self.ids.shifted(r['merged_into'], 'claim'))}\t{uid}\n",
            origin,
        )
        actors, rows = self.ids.actors, self.buffers["claim_actor"]
        for actor, role in r["actors"]:
            rows.add_line(f"{claim_id}\t{actors[actor]}\t{role}\n", origin)
        rows = self.buffers["claim_tag"]
        for tag in r["tags"]:
            rows.add_line(f"{claim_id}\t{self._tag_id(tag, origin)}\n", origin)
        rows = self.buffers["claim_source"]
        for e in r["evidence"]:
            rows.add_line(
                f"{claim_id}\t{self.ids.sources[e['source']]}\t{e['stance']}\t{_text(e['excerpt'])}\t{copy_str(e['added_by'])}\t"
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
            f"{prediction_id}\t{copy_str(r['statement'])}\t{_id(self.ids.actor_id(r['predictor_actor']))}\t"
            f"{_id(self.ids.source_id(r['predictor_source']))}\t{_partial(made)}\t"
            f"{resolve_by.last_day.isoformat()}\t{resolve_by.precision}\t{NULL if probability is None else repr(probability)}\t"
            f"{_id(r['likelihood'])}\t{_id(r['confidence'])}\t{_text(r['criteria'])}\t{r['status']}\t"
            f"{_day(r['resolved_on'])}\t{_text(r['resolution_note'])}\t{_id(self.ids.source_id(r['evidence_source']))}\t"
            f"{_id(self.ids.shifted(r['claim'], 'claim'))}\t{copy_str(r['recorded_by'])}\t{created.isoformat()}\t"
            f"{(r['updated_at'] or created).isoformat()}\t{_text(r['notes'])}\t{uid}\t"
            f"{_id(self.ids.shifted(r['evidence_claim'], 'claim'))}\n",
            origin,
        )  # fmt: skip
        actors, rows = self.ids.actors, self.buffers["prediction_actor"]
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
            f"{forecast_id}\t{self.ids.shifted(r['prediction'], 'prediction')}\t{_id(self.ids.actor_id(r['forecaster_actor']))}\t"
            f"{_id(self.ids.source_id(r['forecaster_source']))}\t{r['probability']!r}\t{_id(r['likelihood'])}\t"
            f"{_id(r['confidence'])}\t{_partial(made)}\t{_text(r['note'])}\t{copy_str(r['recorded_by'])}\t"
            f"{(r['created_at'] or self.now).isoformat()}\t{uid or uuid.uuid4()}\n",
            origin,
        )  # fmt: skip
        for cited in r["evidence"]:
            self.buffers["forecast_evidence"].add_line(
                f"{forecast_id}\t{_id(self.ids.source_id(cited['source']))}\t{_id(self.ids.shifted(cited['claim'], 'claim'))}\n", origin
            )
        count.created += 1

    def _arms(self, arms: dict[str, Any] | None, origin: int, prediction_id: int | None, claim_id: int | None) -> None:
        if arms is not None:
            self.buffers["arms_transfer"].add(
                (
                    prediction_id, claim_id, self.ids.actors[arms["supplier"]], self.ids.actors[arms["recipient"]],
                    arms["category"], arms["item"], arms["quantity"], arms["period_start"], arms["period_end"],
                ),
                origin,
            )  # fmt: skip

    def _history(self, r: dict[str, Any], item: Item) -> None:
        if r["claim"] in self.ids.matched_ids["claim"] or r["prediction"] in self.ids.matched_ids["prediction"]:
            self.matching.history.append(r)  # a record the database holds: merged at the end
            return
        evidence = r["evidence_source"]
        self.buffers["status_history"].add_line(
            f"{r['id'] + self.largest['status_history']}\t{_id(self.ids.shifted(r['claim'], 'claim'))}\t"
            f"{_id(self.ids.shifted(r['prediction'], 'prediction'))}\t{_id(r['from_status'])}\t{r['to_status']}\t"
            f"{r['changed_at'].isoformat()}\t{r['effective_on'].isoformat()}\t{copy_str(r['changed_by'])}\t"
            f"{_text(r['reason'])}\t{NULL if evidence is None else self.ids.sources[evidence]}\t{_text(r['changed_login'])}\t"
            f"{_id(self.ids.shifted(r['evidence_claim'], 'claim'))}\n",
            item.origin,
        )
        self.counts["history"].created += 1

    def _agreement(self, r: dict[str, Any], item: Item) -> None:
        """What the file's database last agreed on with another: kept for matching when the other is this one."""
        count = self.counts["agreements"]
        assert isinstance(count, AgreementCount)
        count.read += 1
        if r["peer"] == self.matching.own_uid():
            self.matching.file_bases[(r["kind"], r["uid"])] = r["fingerprint"]
            count.about_here += 1

    def _change(self, r: dict[str, Any], item: Item) -> None:
        """A change record as the file has it, but for the ids of records that moved (see ImportIds.moved_values)."""
        record_table, table_name = r["record_table"], r["table_name"]
        if self.ids.moving and self.ids.held_before(record_table, r["record_id"]):
            self.matching.changes.append(r)  # of a record the database holds: merged at the end
            return
        linked, old_values, new_values = r["linked"], r["old_values"], r["new_values"]
        if self.ids.moving:
            linked, old_values, new_values = (self.ids.moved_values(table_name, values) for values in (linked, old_values, new_values))
        self.buffers["record_change"].add_line(
            f"{r['id'] + self.largest['record_change']}\t{r['changed_at'].isoformat()}\t{r['change_group']}\t{record_table}\t"
            f"{self.ids.moved(record_table, r['record_id'])}\t{table_name}\t{r['operation']}\t{_json(linked)}\t"
            f"{_json(old_values)}\t{_json(new_values)}\t{copy_str(r['changed_by'])}\t{copy_str(r['changed_login'])}\t"
            f"{_text(r['reason'])}\n",
            item.origin,
        )
        self.counts["changes"].created += 1

