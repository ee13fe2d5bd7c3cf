"""Where each record an import's file names by id is in this database (services/exchange_import.py).

A claim, prediction or new actor, source or tag keeps its id in the file shifted past the largest
id its table held before the import; an actor, source or tag found here already is at the one
found; a record whose uid the database holds is at its id here. A change record's ids (the record
it belongs to, and those in its values) move the same way.
"""

from __future__ import annotations

from typing import Any

# The columns of a changed row (record_change's old and new values) that name another record.
_REFERENCES = {
    "claim_id": "claim", "prediction_id": "prediction", "source_id": "source", "predictor_source_id": "source",
    "evidence_source_id": "source", "actor_id": "actor", "claimant_id": "actor", "predictor_actor_id": "actor",
    "supplier_id": "actor", "recipient_id": "actor", "tag_id": "tag", "evidence_claim_id": "claim",
}  # fmt: skip
_OWN_ID_TABLES = ("claim", "source", "actor", "tag", "prediction")  # whose id (and merged_into_id) is a record's id


class ImportIds:
    """The id map of one import: each record of the file, by its id there, to its id here."""

    def __init__(self, largest: dict[str, int]) -> None:
        self.largest = largest  # each table's largest id before the import
        self.actors: dict[int, int] = {}
        self.sources: dict[int, int] = {}
        self.tag_ids: dict[int, int] = {}  # a tag's id in the file: its id now
        # Identity: each record's uid in the file (file id -> uid), and the records the database
        # holds already by uid (file id -> id here).
        self.file_uids: dict[str, dict[int, str]] = {kind: {} for kind in ("actor", "source", "claim", "prediction")}
        self.matched_ids: dict[str, dict[int, int]] = {kind: {} for kind in ("actor", "source", "claim", "prediction")}
        # Into a database that holds records already, the ids a change record names move with them.
        self.moving = any(largest[table] for table in ("actor", "source", "tag", "claim", "prediction"))

    def local_id(self, kind: str, file_id: int | None) -> int | None:
        """Where the record the file names by `file_id` is here."""
        if file_id is None:
            return None
        if kind == "actor":
            return self.actors[file_id]
        if kind == "source":
            return self.sources[file_id]
        return self.shifted(file_id, kind)

    def actor_id(self, file_id: int | None) -> int | None:
        return None if file_id is None else self.actors[file_id]

    def source_id(self, file_id: int | None) -> int | None:
        return None if file_id is None else self.sources[file_id]

    def shifted(self, file_id: int | None, table: str) -> int | None:
        if file_id is None:
            return None
        matched = self.matched_ids[table]
        return matched.get(file_id, file_id + self.largest[table]) if matched else file_id + self.largest[table]

    def merged_source(self, file_id: int | None) -> int | None:
        """The source a merged one went to: found already, or (later in the file) new, so shifted."""
        if file_id is None:
            return None
        return self.sources.get(file_id, file_id + self.largest["source"])

    def held_before(self, table: str, file_id: int) -> bool:
        """Whether the record a change record belongs to was here before this import."""
        moved = self.moved(table, file_id)
        return moved <= self.largest[table] if table in self.largest else False

    def moved(self, table: str, file_id: int) -> int:
        """Where a record the file names by id is now: a claim, prediction or new actor or source
        shifted with the ids, an actor, source or tag found in the database at the one found."""
        if table == "actor":
            return self.actors.get(file_id, file_id + self.largest["actor"])
        if table == "source":
            return self.sources.get(file_id, file_id + self.largest["source"])
        if table == "tag":  # a tag gone since (renamed into another): shifted as new ones are
            return self.tag_ids.get(file_id, file_id + self.largest["tag"])
        if table in ("claim", "prediction"):
            return self.shifted(file_id, table)  # type: ignore[return-value]
        return file_id

    def moved_values(self, table_name: str, values: dict[str, Any] | None) -> dict[str, Any] | None:
        """The fields of a changed row with the ids of records (its own, and those it names) moved,
        when ids move at all."""
        return self._moved_values(table_name, values) if self.moving else values

    def _moved_values(self, table_name: str, values: dict[str, Any] | None) -> dict[str, Any] | None:
        if values is None:
            return None
        moved = dict(values)
        for column, value in values.items():
            table = table_name if column in ("id", "merged_into_id") and table_name in _OWN_ID_TABLES else _REFERENCES.get(column)
            if table is not None and type(value) is int:
                moved[column] = self.moved(table, value)
        return moved
