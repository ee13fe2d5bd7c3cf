"""Records matched by identity across databases: what an import does with a record the database
holds already (the same uid). `claimtrack import` and `claimtrack sync` (services/sync.py) use it.

For each such record, three fingerprints (io.exchange_identity) are compared: the file's version
(theirs), the one here (ours), and the one the two databases last agreed on (sync_base, kept per
peer database):
- theirs = ours: unchanged;
- ours = the agreed one: changed over there only: updated from the file (services/matched_updates.py);
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
from itertools import zip_longest
from operator import itemgetter
from typing import Any

import psycopg

from claimtrack.errors import Conflict, InvalidValue
from claimtrack.io.exchange_identity import (
    APPEND_ONLY_KINDS,
    CANONICAL_FIELDS,
    IDENTIFIED_KINDS,
    canonical,
    fingerprint,
)
from claimtrack.services.matched import Importer, MatchCount, Matched
from claimtrack.services.matched_updates import MatchedUpdates
from claimtrack.services.named_writer import KindCount

PREFER = ("theirs", "ours")
SHOWN_CONFLICTS = 10  # a report names at most this many; the count says the rest



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
        # What the file's database says it last agreed with this one on (the file's agreements): per
        # (kind, uid), the fingerprint. A file from a database that imported an earlier export of
        # this one says so, where this database, which never imported from it, keeps no base.
        self.file_bases: dict[tuple[str, str], str] = {}
        self.touched: dict[str, dict[int, str]] = {kind: {} for kind in ("claim", "prediction")}  # id -> how

    def own_uid(self) -> str:
        if self._own is None:
            from claimtrack.services.export import database_uid

            self._own = database_uid(self.connection)
        return self._own

    @property
    def peer(self) -> str | None:
        """The exporting database's uuid, when the file names it and it is not this one."""
        peer = self.importer.header.get("database")
        if peer is None:
            return None
        return None if peer == self.own_uid() else str(peer)

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
                theirs, here, agreed_on = fingerprint(theirs_fields), fingerprint(ours_fields), bases.get(m.uid, set())
                agreed.append((kind, m.uid, theirs))
                ours_agreed, theirs_agreed = here in agreed_on, theirs in agreed_on  # as the two once had it
                if theirs == here:
                    count.unchanged += 1
                elif (ours_agreed and not theirs_agreed) or (self.prefer == "theirs" and not (theirs_agreed and not ours_agreed)):
                    updates.append((m, ours[m.ours]))
                    count.updated += 1
                elif (theirs_agreed and not ours_agreed) or self.prefer == "ours":
                    count.unchanged += 1
                    if kind in self.touched:
                        self.touched[kind][m.ours] = "kept"
                else:
                    count.conflicting += 1
                    self.conflicts.append(Differing(kind, m.ours, m.uid, [
                        (name, o, t) for name, o, t in zip_longest(CANONICAL_FIELDS[kind], ours_fields, theirs_fields) if o != t
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
        update = MatchedUpdates(self.connection, self.importer, self.history)
        for m, ours_record in updates:
            update.apply(m, ours_record)
            if m.kind in self.touched:
                self.touched[m.kind][m.ours] = "updated"
        self._merge_history()
        self._merge_changes()
        self._status_follows_history()
        if peer is not None:
            self.agreed = agreed
            write_agreements(self.connection, peer, agreed)

    def _bases(self, peer: str | None, kind: str, uids: list[str]) -> dict[str, set[str]]:
        """Per record, the versions this database and the file's last agreed on: this one's record of
        it (sync_base), and the file's (its agreements with this database). Each is a version both
        held, so either tells which side changed since; both can only differ after an ABA."""
        bases: dict[str, set[str]] = {}
        if peer is None:
            return bases
        rows = self.connection.execute(
            "SELECT uid::text, fingerprint FROM sync_base WHERE peer = %s AND kind = %s AND uid = ANY(%s::uuid[])",
            (peer, kind, uids),
        ).fetchall()
        for uid, found in rows:
            bases.setdefault(str(uid), set()).add(str(found))
        for uid in uids:
            said = self.file_bases.get((kind, uid))
            if said is not None:
                bases.setdefault(uid, set()).add(said)
        return bases


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
                         h["reason"], local("source", h["evidence_source"]), h["changed_login"],
                         local("claim", h.get("evidence_claim"))))  # fmt: skip
        count = self.importer.counts["history"]
        count.unchanged += len(self.history) - len(rows)
        count.created += len(rows)
        if rows:
            self.connection.cursor().executemany(
                "INSERT INTO status_history (id, claim_id, prediction_id, from_status, to_status, changed_at, effective_on,"
                " changed_by, reason, evidence_source_id, changed_login, evidence_claim_id)"
                " VALUES ((SELECT coalesce(max(id), 0) + 1 FROM status_history), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
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
