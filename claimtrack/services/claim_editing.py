"""Correcting claims: edit any field or link, uncite a source, delete a claim entered by mistake and
restore it.

The database keeps every change (record_change, 20261204_0007): these functions only pass the
reason through the transaction's settings (history.set_change_context) and make the change. An
edit that would change nothing writes nothing, not even a new tag. A deleted claim keeps its row
(deleted_at); its links are deleted, so that every report leaves it out, and restoring puts them
back from the change records of the deletion's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.domain import PartialDate
from claimtrack.errors import Conflict, InvalidValue, NotFound
from claimtrack.services import history
from claimtrack.services.claims import (
    _checked_text,
    _refuse_near_duplicate,
)
from claimtrack.services.link_editing import planned_links, write_links
from claimtrack.services.lookup import find_actor, find_source, stored_text

if TYPE_CHECKING:
    from psycopg import Connection

# A claim's links, in the order a deletion removes them and a restore puts them back.
LINK_TABLES = ("claim_actor", "claim_tag", "claim_source", "arms_transfer")
_LINK_COLUMNS = {
    "claim_actor": "claim_id, actor_id, role",
    "claim_tag": "claim_id, tag_id",
    "claim_source": "claim_id, source_id, stance, excerpt, added_by, added_at",
    # An arms transfer comes back under a new id: nothing refers to its id, and an import renumbers
    # arms transfers, so the old one may belong to another transfer by then.
    "arms_transfer": "claim_id, prediction_id, supplier_id, recipient_id, category, item, quantity, period_start, period_end",
}


@dataclass(frozen=True)
class ClaimEdit:
    """What to change; None (or empty) leaves a field as it is. Actors are (name, alias or code;
    role) pairs; a removed actor's role None removes it in every role."""

    statement: str | None = None
    occurred: PartialDate | None = None
    stated: PartialDate | None = None
    credibility: int | None = None
    claimant: str | None = None
    notes: str | None = None
    add_actors: Sequence[tuple[str, str]] = ()
    remove_actors: Sequence[tuple[str, str | None]] = ()
    add_tags: Sequence[str] = ()
    remove_tags: Sequence[str] = ()


def live_claim(connection: Connection[Any], claim_id: int, *, lock: bool = True) -> dict[str, Any]:
    """The claim's row, locked against concurrent edits, merges and deletes; NotFound if there is none,
    Conflict if it is deleted (naming where a merged one went)."""
    row = _claim_row(connection, claim_id, lock=lock)
    if row["deleted_at"] is not None:
        if row["merged_into_id"] is not None:
            raise Conflict(f"claim {claim_id} was merged into claim {row['merged_into_id']}; correct that one instead.")
        raise Conflict(f"claim {claim_id} is deleted; restore it first: claimtrack claim restore {claim_id}")
    return row


def _claim_row(connection: Connection[Any], claim_id: int, *, lock: bool) -> dict[str, Any]:
    cursor = connection.execute(
        "SELECT id, statement, credibility, claimant_id, occurred_on, occurred_precision, stated_on, stated_precision,"
        " notes, deleted_at, merged_into_id FROM claim WHERE id = %s" + (" FOR UPDATE" if lock else ""),
        (claim_id,),
    )
    found = cursor.fetchone()
    if found is None:
        raise NotFound(f"no claim {claim_id}; see: claimtrack claim list")
    assert cursor.description is not None
    return dict(zip([column.name for column in cursor.description], found, strict=True))


def edit_claim(
    connection: Connection[Any], *, claim_id: int, edit: ClaimEdit, reason: str | None, changed_by: str,
    allow_duplicate: bool = False,
) -> list[str]:
    """Change what `edit` names; returns what changed (empty: nothing did, and nothing was written)."""
    stored_text("user", changed_by)
    if reason is not None:
        reason = _checked_text("reason", reason)
    row = live_claim(connection, claim_id)
    fields: dict[str, Any] = {}
    if edit.statement is not None:
        statement = _checked_text("statement", edit.statement)
        if statement != row["statement"]:
            fields["statement"] = statement
    for name, given in (("occurred", edit.occurred), ("stated", edit.stated)):
        if given is not None and (given.value, given.precision) != (row[f"{name}_on"], row[f"{name}_precision"]):
            fields[f"{name}_on"], fields[f"{name}_precision"] = given.value, given.precision
    if edit.credibility is not None and edit.credibility != row["credibility"]:
        if edit.credibility not in domain.CREDIBILITY_GRADES:
            raise InvalidValue(
                f"credibility {edit.credibility} is off the scale; use 1 (confirmed) to 5 (improbable), or 6 (cannot be judged)."
            )
        fields["credibility"] = edit.credibility
    if edit.claimant is not None:
        claimant_id = find_actor(connection, edit.claimant).id
        if claimant_id != row["claimant_id"]:
            fields["claimant_id"] = claimant_id
    if edit.notes is not None:
        given_notes = stored_text("notes", edit.notes.strip()) or None
        if given_notes != row["notes"]:
            fields["notes"] = given_notes

    links = planned_links(
        connection, "claim", claim_id, add_actors=edit.add_actors, remove_actors=edit.remove_actors,
        add_tags=edit.add_tags, remove_tags=edit.remove_tags,
    )

    changed = [*fields, *links.changed()]
    if not changed:
        return []
    if "statement" in fields and not allow_duplicate:
        _refuse_near_duplicate(connection, fields["statement"], other_than=claim_id)
    history.set_change_context(connection, reason=reason)
    if fields:
        assignments = ", ".join(f"{column} = %({column})s" for column in fields)
        connection.execute(f"UPDATE claim SET {assignments} WHERE id = %(id)s", {**fields, "id": claim_id})
    write_links(connection, links)
    return changed


def uncite_claim(connection: Connection[Any], *, claim_id: int, source: int | str, reason: str | None, changed_by: str) -> int:
    """Take a source's link off a claim; returns the source's id."""
    stored_text("user", changed_by)
    live_claim(connection, claim_id)
    source_id = find_source(connection, source, recorded_by=changed_by, create=False)
    history.set_change_context(connection, reason=_checked_text("reason", reason) if reason is not None else None)
    if connection.execute("DELETE FROM claim_source WHERE claim_id = %s AND source_id = %s", (claim_id, source_id)).rowcount == 0:
        raise NotFound(f"claim {claim_id} does not cite source {source_id}; see: claimtrack claim show {claim_id}")
    return source_id


def delete_claim(connection: Connection[Any], *, claim_id: int, reason: str, changed_by: str) -> None:
    """Delete a claim entered by mistake: gone from lists and reports, every field kept."""
    stored_text("user", changed_by)
    reason = _checked_text("reason", reason)
    live_claim(connection, claim_id)
    history.set_change_context(connection, reason=reason)
    for table in LINK_TABLES:
        connection.execute(f"DELETE FROM {table} WHERE claim_id = %s", (claim_id,))
    connection.execute("UPDATE claim SET deleted_at = now() WHERE id = %s", (claim_id,))


def restore_claim(connection: Connection[Any], *, claim_id: int, reason: str | None, changed_by: str) -> None:
    """Bring a deleted claim back with the links it had when it was deleted."""
    stored_text("user", changed_by)
    row = _claim_row(connection, claim_id, lock=True)
    if row["deleted_at"] is None:
        raise Conflict(f"claim {claim_id} is not deleted; nothing to restore.")
    if row["merged_into_id"] is not None:
        raise Conflict(f"claim {claim_id} was merged into claim {row['merged_into_id']}; its links are there now.")
    deletion = connection.execute(
        "SELECT change_group FROM record_change WHERE record_table = 'claim' AND record_id = %s AND table_name = 'claim'"
        " AND operation = 'update' AND new_values ? 'deleted_at' AND new_values ->> 'deleted_at' IS NOT NULL"
        " ORDER BY id DESC LIMIT 1",
        (claim_id,),
    ).fetchone()
    history.set_change_context(connection, reason=_checked_text("reason", reason) if reason is not None else None)
    if deletion is not None:
        for table in LINK_TABLES:
            columns = _LINK_COLUMNS[table]
            connection.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM ("
                f" SELECT (jsonb_populate_record(NULL::{table}, c.old_values)).* FROM record_change c"
                " WHERE c.record_table = 'claim' AND c.record_id = %s AND c.table_name = %s"
                " AND c.operation = 'delete' AND c.change_group = %s ORDER BY c.id) AS link",
                (claim_id, table, deletion[0]),
            )
    connection.execute("UPDATE claim SET deleted_at = NULL WHERE id = %s", (claim_id,))


@dataclass(frozen=True)
class ClaimMerge:
    duplicate: int
    survivor: int
    moved: dict[str, int]  # per link table: the links moved to the survivor
    kept_once: int  # links the survivor had already (the survivor's kept)
    predictions: int  # predictions drawn from the duplicate, now from the survivor


# A claim's links and what tells two of them apart besides the claim: one both claims have is kept once.
_LINK_KEYS = {"claim_actor": ("actor_id", "role"), "claim_tag": ("tag_id",), "claim_source": ("source_id",), "arms_transfer": ()}


def merge_claim(connection: Connection[Any], *, duplicate: int, into: int, reason: str, changed_by: str) -> ClaimMerge:
    """Fold claim `duplicate` into claim `into`: its sources, actors, tags and arms transfer (when
    the survivor has none) move to the survivor, a link both have is kept once (the survivor's),
    predictions drawn from it are drawn from the survivor; the duplicate stays, deleted and
    pointing at the survivor (claim show DUPLICATE says where it went), every dropped link kept in
    record_change."""
    stored_text("user", changed_by)
    reason = _checked_text("reason", reason)
    if duplicate == into:
        raise InvalidValue(f"claim {duplicate} cannot be merged into itself; name the claim it repeats with --into.")
    for claim_id in sorted((duplicate, into)):  # both locked in id order: two merges of one pair cannot deadlock
        row = _claim_row(connection, claim_id, lock=True)
        if row["merged_into_id"] is not None:
            raise Conflict(f"claim {claim_id} was merged into claim {row['merged_into_id']} already; merge into that one instead.")
        if row["deleted_at"] is not None:
            raise Conflict(f"claim {claim_id} is deleted; restore it first: claimtrack claim restore {claim_id}")
    history.set_change_context(connection, reason=reason)
    moved: dict[str, int] = {}
    kept_once = 0
    for table, key in _LINK_KEYS.items():
        same = "".join(f" AND s.{column} = d.{column}" for column in key)
        kept_once += connection.execute(
            f"DELETE FROM {table} d WHERE d.claim_id = %(dup)s AND EXISTS (SELECT 1 FROM {table} s WHERE s.claim_id = %(into)s{same})",
            {"dup": duplicate, "into": into},
        ).rowcount
        moved[table] = connection.execute(f"UPDATE {table} SET claim_id = %s WHERE claim_id = %s", (into, duplicate)).rowcount
    predictions = connection.execute("UPDATE prediction SET claim_id = %s WHERE claim_id = %s", (into, duplicate)).rowcount
    connection.execute("UPDATE claim SET deleted_at = now(), merged_into_id = %s WHERE id = %s", (into, duplicate))
    # A verdict that cited the duplicate cites the survivor now: once the duplicate is merged, which is
    # what lets prediction_status_guard move a resolved prediction's evidence (20261208_0015).
    connection.execute("UPDATE prediction SET evidence_claim_id = %s WHERE evidence_claim_id = %s", (into, duplicate))
    return ClaimMerge(duplicate, into, moved, kept_once, predictions)
