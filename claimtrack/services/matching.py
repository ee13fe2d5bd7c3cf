"""Records matched by identity across databases: what an import does with a record the database
holds already (the same uid). `claimtrack import` and `claimtrack sync` (services/sync.py) use it.

For each such record, three fingerprints (io.exchange_identity) are compared: the file's version
(theirs), the one here (ours), and the one the two databases last agreed on (sync_base, kept per
peer database):
- theirs = ours: unchanged;
- ours = the agreed one: changed over there only: updated from the file;
- theirs = the agreed one: changed here only: kept;
- otherwise (changed on both sides, or never agreed and different): a conflict. The import is
  refused, with both versions reported, unless `prefer` says which side wins.
A forecast (append-only) is matched by its uid alone: held here, it is unchanged; else it is new.
A record's status history and change records are merged either way: the entries the database
lacks are appended (an entry is known by its time, kind and author), nothing is dropped. When
the merged history ends on another status than the record's, an entry saying so is added.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Protocol

import psycopg

from claimtrack.errors import Conflict, InvalidValue
from claimtrack.io.exchange_identity import (
    APPEND_ONLY_KINDS,
    CANONICAL_FIELDS,
    IDENTIFIED_KINDS,
    canonical,
    fingerprint,
)
from claimtrack.services.named_writer import KindCount

if TYPE_CHECKING:
    from datetime import datetime


class Importer(Protocol):
    """What matching needs of the import it serves (services/exchange_import.ExchangeImport)."""

    now: datetime
    counts: dict[str, KindCount]
    header: dict[str, Any]
    agreed: list[tuple[str, str, str]]
    dry_run: bool

    def their_uid(self, kind: str, file_id: Any) -> str | None: ...
    def local_id(self, kind: str, file_id: int | None) -> int | None: ...
    def moved(self, table: str, file_id: int) -> int: ...
    def moved_values(self, table_name: str, values: dict[str, Any] | None) -> dict[str, Any] | None: ...

PREFER = ("theirs", "ours")
SHOWN_CONFLICTS = 10  # a report names at most this many; the count says the rest


@dataclass
class MatchCount(KindCount):
    """Records of one kind: created, updated from the other side, unchanged (or kept as they are
    here), conflicting."""

    updated: int = 0
    conflicting: int = 0
    matching: bool = False  # the file carried uids, so records were matched

    def __str__(self) -> str:
        if not self.matching:
            return super().__str__()
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, {self.conflicting} conflicting"


@dataclass
class Matched:
    """A record of the file that the database holds already (the same uid)."""

    kind: str
    file_id: int
    ours: int  # its id here
    uid: str
    record: dict[str, Any]  # as read (checked, typed)
    data: dict[str, Any]  # as the file has it (the export's form, fingerprinted)
    where: str


@dataclass
class Differing:
    """A record changed on both sides: its fields as they are here and in the file."""

    kind: str
    ours: int
    uid: str
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)  # (name, ours, theirs)


class ImportConflict(Conflict):
    """Records changed on both sides; `report` shows both versions of each."""

    def __init__(self, message: str, report: list[str]) -> None:
        super().__init__(message)
        self.report = report


def conflict_report(conflicts: list[Differing]) -> list[str]:
    """A few lines per conflict: the record, then each field that differs, ours | theirs."""
    lines = [f"{len(conflicts)} record{'s' if len(conflicts) != 1 else ''} changed on both sides since the databases last agreed (here | there):"]
    for conflict in conflicts[:SHOWN_CONFLICTS]:
        lines.append(f"  {conflict.kind} {conflict.ours} (uid {conflict.uid}):")
        for name, ours, theirs in conflict.fields:
            lines.append(f"    {name}: {_shown(ours)} | {_shown(theirs)}")
    if len(conflicts) > SHOWN_CONFLICTS:
        lines.append(f"  … and {len(conflicts) - SHOWN_CONFLICTS} more.")
    return lines


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 70 else text[:69] + "…"


class Matching:
    """The records of one import that the database holds already, decided once the file is read."""

    def __init__(self, connection: psycopg.Connection[Any], importer: Importer, *, prefer: str | None, source_name: str) -> None:
        self.connection = connection
        self.importer = importer
        self.prefer = prefer
        self.source_name = source_name
        self.pending: list[Matched] = []
        self.history: list[dict[str, Any]] = []  # the file's entries of matched claims and predictions
        self.changes: list[dict[str, Any]] = []  # the file's change records of records held before
        self.conflicts: list[Differing] = []
        self.agreed: list[tuple[str, str, str]] = []  # what the two databases agree on, once written
        self._uids: dict[str, dict[str, int]] = {}
        self._our_uids: dict[tuple[str, int], str | None] = {}
        self._own: str | None = None
        self.touched: dict[str, dict[int, str]] = {kind: {} for kind in ("claim", "prediction")}  # id -> how

    @property
    def peer(self) -> str | None:
        """The exporting database's uuid, when the file names it and it is not this one."""
        peer = self.importer.header.get("database")
        if peer is None:
            return None
        if self._own is None:
            from claimtrack.services.export import database_uid

            self._own = database_uid(self.connection)
        return None if peer == self._own else str(peer)

    def known(self, kind: str, uid: str) -> int | None:
        """The id here of the record with that uid, if there is one (of a kind in APPEND_ONLY_KINDS,
        that it is the same record, unchanged)."""
        if kind not in self._uids:
            self._uids[kind] = dict(self.connection.execute(f"SELECT uid::text, id FROM {kind}").fetchall())
        return self._uids[kind].get(uid)

    def our_uid(self, kind: str, record_id: Any) -> str | None:
        if record_id is None:
            return None
        key = (kind, record_id)
        if key not in self._our_uids:
            found = self.connection.execute(f"SELECT uid::text FROM {kind} WHERE id = %s", (record_id,)).fetchone()
            self._our_uids[key] = None if found is None else str(found[0])
        return self._our_uids[key]

    def add(self, matched: Matched) -> None:
        self.pending.append(matched)

    # --- deciding -------------------------------------------------------------------------------

    def finish(self) -> None:
        """Decide every matched record; then (unless a dry run) update, merge and agree."""
        if not self.pending and not self.history and not self.changes and not self.importer.agreed:
            return
        peer = self.peer
        updates: list[tuple[Matched, dict[str, Any]]] = []
        agreed = list(self.importer.agreed)
        for kind in IDENTIFIED_KINDS:
            pending = [m for m in self.pending if m.kind == kind]
            if not pending:
                continue
            count = self.importer.counts[kind + "s"]
            assert isinstance(count, MatchCount)
            from claimtrack.services.export import exported_records

            ours = {r["id"]: r for r in exported_records(self.connection, kind, [m.ours for m in pending])}
            bases = self._bases(peer, kind, [m.uid for m in pending])
            for m in pending:
                theirs_fields = canonical(kind, m.data, self.importer.their_uid)
                ours_fields = canonical(kind, ours[m.ours], self.our_uid)
                theirs, here, base = fingerprint(theirs_fields), fingerprint(ours_fields), bases.get(m.uid)
                agreed.append((kind, m.uid, theirs))
                if theirs == here:
                    count.unchanged += 1
                elif here == base or (base != theirs and self.prefer == "theirs"):
                    updates.append((m, ours[m.ours]))
                    count.updated += 1
                elif theirs == base or self.prefer == "ours":
                    count.unchanged += 1
                    if kind in self.touched:
                        self.touched[kind][m.ours] = "kept"
                else:
                    count.conflicting += 1
                    self.conflicts.append(Differing(kind, m.ours, m.uid, [
                        (name, o, t) for name, o, t in zip(CANONICAL_FIELDS[kind], ours_fields, theirs_fields) if o != t
                    ]))  # fmt: skip
        for kind in (*IDENTIFIED_KINDS, *APPEND_ONLY_KINDS):
            counted = self.importer.counts.get(kind + "s")
            if isinstance(counted, MatchCount) and (self.pending or peer is not None):
                counted.matching = True
        if self.conflicts and not self.importer.dry_run:
            raise ImportConflict(
                f"{len(self.conflicts)} record{'s' if len(self.conflicts) != 1 else ''} changed both here and in "
                f"{self.source_name} since the two last agreed; nothing was imported. Keep one side with "
                "--prefer theirs or --prefer ours, or make them agree first.",
                conflict_report(self.conflicts),
            )
        if self.importer.dry_run:
            return
        if updates:
            self.connection.execute(
                "SELECT set_config('claimtrack.reason', %s, true)", (f"taken from {self.source_name} (a change made there)",)
            )
        for m, ours_record in updates:
            getattr(self, f"_update_{m.kind}")(m, ours_record)
            if m.kind in self.touched:
                self.touched[m.kind][m.ours] = "updated"
        self._merge_history()
        self._merge_changes()
        self._status_follows_history()
        if peer is not None:
            self.agreed = agreed
            write_agreements(self.connection, peer, agreed)

    def _bases(self, peer: str | None, kind: str, uids: list[str]) -> dict[str, str]:
        if peer is None:
            return {}
        rows = self.connection.execute(
            "SELECT uid::text, fingerprint FROM sync_base WHERE peer = %s AND kind = %s AND uid = ANY(%s::uuid[])",
            (peer, kind, uids),
        ).fetchall()
        return {str(uid): str(found) for uid, found in rows}

    # --- updating a record from the file --------------------------------------------------------

    def _update_actor(self, m: Matched, ours: dict[str, Any]) -> None:
        r = m.record
        self.connection.execute("UPDATE actor SET name = %s, kind = %s, iso_code = %s WHERE id = %s", (r["name"], r["kind"], r["iso_code"], m.ours))
        gone = sorted(set(ours["aliases"]) - set(r["aliases"]))
        if gone:
            self.connection.execute("DELETE FROM actor_alias WHERE actor_id = %s AND alias = ANY(%s)", (m.ours, gone))
        for alias in r["aliases"]:
            if alias not in ours["aliases"]:
                self.connection.execute("INSERT INTO actor_alias (actor_id, alias) VALUES (%s, %s)", (m.ours, alias))

    def _update_source(self, m: Matched, ours: dict[str, Any]) -> None:
        r, published = m.record, m.record["published"]
        self.connection.execute(
            "UPDATE source SET kind = %s, title = %s, url = %s, publisher = %s, author = %s, published_on = %s,"
            " published_precision = %s, reliability = %s, notes = %s, incomplete = %s, deleted_at = %s, merged_into_id = %s"
            " WHERE id = %s",
            (r["kind"], r["title"], r["url"], r["publisher"], r["author"], published and published.value,
             published and published.precision, r["reliability"], r["notes"], r["incomplete"], r["deleted_at"],
             self.importer.local_id("source", r["merged_into"]), m.ours),
        )  # fmt: skip

    def _update_claim(self, m: Matched, ours: dict[str, Any]) -> None:
        r, local = m.record, self.importer.local_id
        occurred, stated = r["occurred"], r["stated"]
        evidence = None
        if r["status"] != ours["status"]:
            evidence = self._verdict_evidence("claim", m)
        self.connection.execute("SELECT set_config('claimtrack.evidence_source_id', %s, true)", ("" if evidence is None else str(evidence),))
        self.connection.execute(
            "UPDATE claim SET statement = %s, status = %s, credibility = %s, claimant_id = %s, occurred_on = %s,"
            " occurred_precision = %s, stated_on = %s, stated_precision = %s, notes = %s, deleted_at = %s, merged_into_id = %s"
            " WHERE id = %s",
            (r["statement"], r["status"], r["credibility"], local("actor", r["claimant"]), occurred and occurred.value,
             occurred and occurred.precision, stated and stated.value, stated and stated.precision, r["notes"],
             r["deleted_at"], local("claim", r["merged_into"]), m.ours),
        )  # fmt: skip
        self._links("claim", m, ours)
        evidence_here = {e["source"]: e for e in ours["evidence"]}
        theirs = {local("source", e["source"]): e for e in r["evidence"]}
        for source in evidence_here.keys() - theirs.keys():
            self.connection.execute("DELETE FROM claim_source WHERE claim_id = %s AND source_id = %s", (m.ours, source))
        for source, e in theirs.items():
            here = evidence_here.get(source)
            values = (e["stance"], e["excerpt"], e["added_by"], e["added_at"] or self.importer.now)
            if here is None:
                self.connection.execute(
                    "INSERT INTO claim_source (claim_id, source_id, stance, excerpt, added_by, added_at) VALUES (%s, %s, %s, %s, %s, %s)",
                    (m.ours, source, *values),
                )
            elif (here["stance"], here["excerpt"], here["added_by"]) != values[:3] or here["added_at"] != _text_time(values[3]):
                self.connection.execute(
                    "UPDATE claim_source SET stance = %s, excerpt = %s, added_by = %s, added_at = %s WHERE claim_id = %s AND source_id = %s",
                    (*values, m.ours, source),
                )

    def _update_prediction(self, m: Matched, ours: dict[str, Any]) -> None:
        r, local = m.record, self.importer.local_id
        evidence = local("source", r["evidence_source"])
        resolution = (r["status"], r["resolved_on"] and r["resolved_on"].isoformat(), r["resolution_note"])
        if ours["status"] != "open" and (resolution != (ours["status"], ours["resolved_on"], ours["resolution_note"])
                                         or r["evidence_source"] is None or evidence != ours["evidence_source"]):  # fmt: skip
            # A resolution changes only by reopening: the other side reopened it (and may have resolved it again).
            self.connection.execute(
                "UPDATE prediction SET status = 'open', resolved_on = NULL, resolution_note = NULL, evidence_source_id = NULL WHERE id = %s",
                (m.ours,),
            )
        made, resolve_by = r["made"], r["resolve_by"]
        self.connection.execute(
            "UPDATE prediction SET statement = %s, predictor_actor_id = %s, predictor_source_id = %s, made_on = %s,"
            " made_precision = %s, resolve_by = %s, resolve_by_precision = %s, probability = %s, likelihood = %s,"
            " confidence = %s, criteria = %s, status = %s, resolved_on = %s, resolution_note = %s, evidence_source_id = %s,"
            " claim_id = %s, notes = %s WHERE id = %s",
            (r["statement"], local("actor", r["predictor_actor"]), local("source", r["predictor_source"]), made.value,
             made.precision, resolve_by.last_day, resolve_by.precision, r["probability"], r["likelihood"], r["confidence"],
             r["criteria"], r["status"], r["resolved_on"], r["resolution_note"], evidence, local("claim", r["claim"]),
             r["notes"], m.ours),
        )  # fmt: skip
        self._links("prediction", m, ours)

    def _links(self, kind: str, m: Matched, ours: dict[str, Any]) -> None:
        """A claim's or prediction's actors, tags and arms transfer as the file has them."""
        r, local = m.record, self.importer.local_id
        here = {(a["actor"], a["role"]) for a in ours["actors"]}
        theirs = {(local("actor", actor), role) for actor, role in r["actors"]}
        for actor, role in sorted(here - theirs):
            self.connection.execute(f"DELETE FROM {kind}_actor WHERE {kind}_id = %s AND actor_id = %s AND role = %s", (m.ours, actor, role))
        for actor, role in sorted(theirs - here):
            self.connection.execute(f"INSERT INTO {kind}_actor ({kind}_id, actor_id, role) VALUES (%s, %s, %s)", (m.ours, actor, role))
        gone = sorted(set(ours["tags"]) - set(r["tags"]))
        if gone:
            self.connection.execute(
                f"DELETE FROM {kind}_tag WHERE {kind}_id = %s AND tag_id IN (SELECT id FROM tag WHERE name = ANY(%s))", (m.ours, gone)
            )
        for name in r["tags"]:
            if name not in ours["tags"]:
                self.connection.execute(f"INSERT INTO {kind}_tag ({kind}_id, tag_id) VALUES (%s, %s)", (m.ours, self._tag(name)))
        arms = r["arms_transfer"]
        theirs_arms = None if arms is None else [
            local("actor", arms["supplier"]), local("actor", arms["recipient"]), arms["category"], arms["item"], arms["quantity"],
            arms["period_start"] and arms["period_start"].isoformat(), arms["period_end"] and arms["period_end"].isoformat(),
        ]  # fmt: skip
        here_arms = ours["arms_transfer"]
        if (None if here_arms is None else list(here_arms.values())) != theirs_arms:
            self.connection.execute(f"DELETE FROM arms_transfer WHERE {kind}_id = %s", (m.ours,))
            if theirs_arms is not None:
                self.connection.execute(
                    f"INSERT INTO arms_transfer ({kind}_id, supplier_id, recipient_id, category, item, quantity, period_start, period_end)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    (m.ours, *theirs_arms),
                )

    def _tag(self, name: str) -> int:
        """The tag of that name, made if there is none (after every id in use)."""
        found = self.connection.execute("SELECT id FROM tag WHERE name = %s", (name,)).fetchone()
        if found is not None:
            return int(found[0])
        made = self.connection.execute(
            "INSERT INTO tag (id, name) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM tag), %s) RETURNING id", (name,)
        ).fetchone()
        assert made is not None
        return int(made[0])

    def _verdict_evidence(self, table: str, m: Matched) -> int | None:
        """The source the file's latest history entry into the record's new status cites."""
        entries = [h for h in self.history if h[table] == m.file_id and h["to_status"] == m.record["status"] and h["evidence_source"] is not None]
        if entries:
            latest = max(entries, key=lambda h: (h["changed_at"], h["id"]))
            return self.importer.local_id("source", latest["evidence_source"])
        cited = m.record.get("evidence") or []
        return self.importer.local_id("source", cited[0]["source"]) if cited else None

    # --- merging history and change records -----------------------------------------------------

    def _merge_history(self) -> None:
        """Append the file's history entries of matched records that the database lacks."""
        if not self.history:
            return
        local = self.importer.local_id
        claims = sorted({local("claim", h["claim"]) for h in self.history if h["claim"] is not None})  # type: ignore[type-var]
        predictions = sorted({local("prediction", h["prediction"]) for h in self.history if h["prediction"] is not None})  # type: ignore[type-var]
        held = Counter(
            tuple(row)
            for row in self.connection.execute(
                "SELECT claim_id, prediction_id, changed_at, from_status, to_status, changed_by FROM status_history"
                " WHERE claim_id = ANY(%s) OR prediction_id = ANY(%s)",
                (claims, predictions),
            )
        )
        rows: list[tuple[Any, ...]] = []
        for h in self.history:
            key = (local("claim", h["claim"]), local("prediction", h["prediction"]), h["changed_at"], h["from_status"], h["to_status"], h["changed_by"])
            if held[key]:
                held[key] -= 1
                continue
            rows.append((key[0], key[1], h["from_status"], h["to_status"], h["changed_at"], h["effective_on"], h["changed_by"],
                         h["reason"], local("source", h["evidence_source"]), h["changed_login"]))  # fmt: skip
        count = self.importer.counts["history"]
        count.unchanged += len(self.history) - len(rows)
        count.created += len(rows)
        if rows:
            self.connection.cursor().executemany(
                "INSERT INTO status_history (id, claim_id, prediction_id, from_status, to_status, changed_at, effective_on,"
                " changed_by, reason, evidence_source_id, changed_login)"
                " VALUES ((SELECT coalesce(max(id), 0) + 1 FROM status_history), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                sorted(rows, key=itemgetter(4)),
            )

    def _merge_changes(self) -> None:
        """Append the file's change records of records held before that the database lacks."""
        if not self.changes:
            return
        moved = self.importer.moved
        owners: dict[str, set[int]] = {}
        for c in self.changes:
            owners.setdefault(c["record_table"], set()).add(moved(c["record_table"], c["record_id"]))
        held: Counter[tuple[Any, ...]] = Counter()
        for table, ids in owners.items():
            held.update(
                tuple(row)
                for row in self.connection.execute(
                    "SELECT record_table, record_id, changed_at, table_name, operation, changed_by FROM record_change"
                    " WHERE record_table = %s AND record_id = ANY(%s)",
                    (table, sorted(ids)),
                )
            )
        rows: list[tuple[Any, ...]] = []
        for c in self.changes:
            key = (c["record_table"], moved(c["record_table"], c["record_id"]), c["changed_at"], c["table_name"], c["operation"], c["changed_by"])
            if held[key]:
                held[key] -= 1
                continue
            values = [self.importer.moved_values(c["table_name"], c[name]) for name in ("linked", "old_values", "new_values")]
            rows.append((c["changed_at"], c["change_group"], key[0], key[1], c["table_name"], c["operation"],
                         *(None if v is None else json.dumps(v, ensure_ascii=False) for v in values),
                         c["changed_by"], c["changed_login"], c["reason"]))  # fmt: skip
        count = self.importer.counts.setdefault("changes", KindCount())
        count.unchanged += len(self.changes) - len(rows)
        count.created += len(rows)
        if rows:
            self.connection.cursor().executemany(
                "INSERT INTO record_change (id, changed_at, change_group, record_table, record_id, table_name, operation, linked,"
                " old_values, new_values, changed_by, changed_login, reason)"
                " VALUES ((SELECT coalesce(max(id), 0) + 1 FROM record_change), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                sorted(rows, key=itemgetter(0)),
            )

    def _status_follows_history(self) -> None:
        """A record updated or kept whose merged history ends on another status gets an entry,
        now, from that status to its own: its status is always its latest entry's."""
        for table, touched in self.touched.items():
            if not touched:
                continue
            self.connection.execute(
                f"INSERT INTO status_history (id, {table}_id, from_status, to_status, changed_by, changed_login, reason, effective_on)"
                f" SELECT (SELECT coalesce(max(id), 0) FROM status_history) + row_number() OVER (ORDER BY r.id), r.id, h.to_status,"
                f" r.status, coalesce(claimtrack_setting('actor'), session_user), session_user, %s, current_date"
                f" FROM {table} r JOIN LATERAL (SELECT to_status FROM status_history x WHERE x.{table}_id = r.id"
                f" ORDER BY x.changed_at DESC, x.id DESC LIMIT 1) h ON true"
                f" WHERE r.id = ANY(%s) AND h.to_status <> r.status",
                (f"the status here, after {self.source_name} was merged", sorted(touched)),
            )


def _text_time(value: Any) -> str:
    from claimtrack.io.exchange_file import timestamp_text

    return timestamp_text(value)


def write_agreements(connection: psycopg.Connection[Any], peer: str, agreed: list[tuple[str, str, str]]) -> None:
    """What this database and `peer` now agree on, per record (sync_base)."""
    if not agreed:
        return
    connection.execute("CREATE TEMPORARY TABLE IF NOT EXISTS incoming_agreement (kind text, uid uuid, fingerprint text) ON COMMIT DROP")
    with connection.cursor().copy("COPY incoming_agreement (kind, uid, fingerprint) FROM STDIN") as copy:
        for row in agreed:
            copy.write_row(row)
    connection.execute(
        "INSERT INTO sync_base (peer, kind, uid, fingerprint) SELECT DISTINCT ON (kind, uid) %s, kind, uid, fingerprint"
        " FROM incoming_agreement ORDER BY kind, uid"
        " ON CONFLICT (peer, kind, uid) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, agreed_at = now()",
        (peer,),
    )
    connection.execute("TRUNCATE incoming_agreement")


def checked_prefer(prefer: str | None) -> str | None:
    if prefer is not None and prefer not in PREFER:
        raise InvalidValue(f'--prefer {prefer}: give "theirs" or "ours".')
    return prefer
