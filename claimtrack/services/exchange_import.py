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

from collections.abc import Callable
from typing import Any

import psycopg

from claimtrack.db.bulk_load import (
    TABLES,
    advance_sequences,
    defer_indexes_and_foreign_keys,
    lock_for_import,
    refuse_unless_owner,
)
from claimtrack.db.copy import CopyPipeline, Progress
from claimtrack.io.exchange_format import KINDS, PLURAL, Item
from claimtrack.io.exchange_identity import APPEND_ONLY_KINDS, canonical, fingerprint
from claimtrack.io.fields import InvalidRecord
from claimtrack.services.import_rows import ImportRows
from claimtrack.services.matched import AgreementCount, MatchCount
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
                   "created_at", "updated_at", "notes", "uid", "evidence_claim_id"),
    "prediction_actor": ("prediction_id", "actor_id", "role"),
    "prediction_tag": ("prediction_id", "tag_id"),
    "arms_transfer": ("prediction_id", "claim_id", "supplier_id", "recipient_id", "category", "item", "quantity",
                      "period_start", "period_end"),
    "forecast": ("id", "prediction_id", "actor_id", "source_id", "probability", "likelihood", "confidence", "made_on",
                 "made_precision", "note", "recorded_by", "created_at", "uid"),
    "forecast_evidence": ("forecast_id", "source_id", "claim_id"),
    "status_history": ("id", "claim_id", "prediction_id", "from_status", "to_status", "changed_at", "effective_on",
                       "changed_by", "reason", "evidence_source_id", "changed_login", "evidence_claim_id"),
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


def _count_of(kind: str) -> KindCount:
    if kind in APPEND_ONLY_KINDS:
        return MatchCount()
    return AgreementCount() if kind == "agreement" else KindCount()


class ExchangeImport(ImportRows):
    """Writes checked export records: matched or new actors and sources, shifted ids, COPY. The
    rows of each kind are written by ImportRows (services/import_rows.py).

    Rows are spooled per table and sent by a CopyPipeline while the file is still being read.
    Into an empty table, the rows go in without its secondary indexes and foreign keys (see
    db.bulk_load.defer_indexes_and_foreign_keys), restored once the table is complete, while the reading
    goes on."""

    def __init__(
        self, connection: psycopg.Connection[Any], *, describe: Callable[[int], str], batch: int, dry_run: bool = False,
        header: dict[str, Any] | None = None, prefer: str | None = None, source_name: str = "the file",
    ) -> None:
        connection.execute("SELECT set_config('claimtrack.importing', 'on', true)")
        refuse_unless_owner(connection)
        lock_for_import(connection)
        self.kind: str | None = None
        self.describe = describe
        super().__init__(connection, dry_run=dry_run, header=header, prefer=prefer, source_name=source_name)
        self.deferred = defer_indexes_and_foreign_keys(connection, TABLES)
        self.pipeline = CopyPipeline(connection)
        self.write: Callable[[dict[str, Any], Item], None] = self._actor
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
            self.counts.setdefault(PLURAL[item.kind], _count_of(item.kind))
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
                " evidence_source_id, evidence_claim_id)"
                " SELECT (SELECT coalesce(max(id), 0) FROM status_history) + row_number() OVER (ORDER BY p.id), p.id, p.status, p.created_at, coalesce(p.resolved_on, p.made_on), p.recorded_by,"
                " p.resolution_note, p.evidence_source_id, p.evidence_claim_id FROM prediction p"
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
