"""A record's changes read back from record_change (20261204_0007), each said in a line: which
field went from what to what, which link was added or taken off, a deletion, a restore, a merge."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from psycopg import Connection

RecordTable = Literal["claim", "source", "actor", "tag", "prediction"]

# Columns whose change is said in other words, or not at all.
_QUIET = {"deleted_at", "merged_into_id"}
_LINK_NAMES = {
    "claim_actor": "actor", "prediction_actor": "actor", "claim_tag": "tag", "prediction_tag": "tag",
    "claim_source": "source", "arms_transfer": "arms transfer", "actor_alias": "alias",
}


@dataclass(frozen=True)
class ChangeEntry:
    id: int
    changed_at: datetime
    change: str  # what changed, in words
    changed_by: str  # the --as name, else the login
    login: str  # the database login that made it
    reason: str | None


def changes_of(connection: Connection[Any], record_table: RecordTable, record_id: int) -> list[ChangeEntry]:
    """The record's changes, oldest first."""
    rows = connection.execute(
        "SELECT id, changed_at, table_name, operation, linked, old_values, new_values, changed_by, changed_login, reason"
        " FROM record_change WHERE record_table = %s AND record_id = %s ORDER BY id",
        (record_table, record_id),
    ).fetchall()
    return [
        ChangeEntry(id_, at, describe(record_table, table, operation, linked, old, new), by, login, reason)
        for id_, at, table, operation, linked, old, new, by, login, reason in rows
    ]


def describe(
    record_table: str, table: str, operation: str, linked: dict[str, Any] | None,
    old: dict[str, Any] | None, new: dict[str, Any] | None,
) -> str:
    """One change in words, e.g. `statement: "A" -> "B"`, `tag 3 added`, `deleted`."""
    if table != record_table:
        what = _LINK_NAMES.get(table, table)
        side = ", ".join(f"{key} {_value(value)}" for key, value in (linked or {}).items())
        if operation == "update":
            return f"{what} ({side}): " + _fields(old or {}, new or {})
        return f"{what} ({side}) {'added' if operation == 'insert' else 'removed'}"
    if operation == "delete":
        return "erased (every field is in the change's old values)"
    old, new = old or {}, new or {}
    if new.get("merged_into_id") is not None:
        return f"merged into {record_table} {new['merged_into_id']}"
    if "deleted_at" in new:
        return "deleted" if new["deleted_at"] is not None else "restored"
    return _fields(old, new)


def _fields(old: dict[str, Any], new: dict[str, Any]) -> str:
    return "; ".join(f"{key}: {_value(old.get(key))} -> {_value(new.get(key))}" for key in sorted(old) if key not in _QUIET)


def _value(value: Any) -> str:
    return "none" if value is None else json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
