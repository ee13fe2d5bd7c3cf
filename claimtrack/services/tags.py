"""Tags: list them with how much each tags, and rename one (merging it into a tag that has the new
name already). Names are normalised as everywhere (domain.normalise_tag); the database keeps every
change (record_change) with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.errors import InvalidValue
from claimtrack.services import history
from claimtrack.services.lookup import find_tag, stored_text

if TYPE_CHECKING:
    from psycopg import Connection


@dataclass(frozen=True)
class TagSummary:
    name: str
    claims: int
    predictions: int


def list_tags(connection: Connection[Any]) -> list[TagSummary]:
    """Every tag by name, with the claims (not deleted) and predictions it tags."""
    rows = connection.execute(
        "SELECT tag.name,"
        " (SELECT count(*) FROM claim_tag WHERE claim_tag.tag_id = tag.id),"
        " (SELECT count(*) FROM prediction_tag WHERE prediction_tag.tag_id = tag.id)"
        " FROM tag ORDER BY tag.name"
    ).fetchall()
    return [TagSummary(*row) for row in rows]


@dataclass(frozen=True)
class TagRename:
    old: str
    new: str
    merged: bool  # NEW existed: OLD's claims and predictions were added to it, and OLD is gone
    claims: int  # links moved
    predictions: int


def rename_tag(connection: Connection[Any], *, old: str, new: str, reason: str | None = None) -> TagRename:
    """Rename tag `old` to `new`; when `new` exists already, `old`'s links join it (a record with
    both keeps one) and `old` is deleted."""
    reason = (stored_text("reason", reason.strip()) or None) if reason is not None else None
    old_id = find_tag(connection, old)
    old_name = domain.normalise_tag(old)
    try:
        new_name = domain.normalise_tag(new)
    except ValueError as error:
        raise InvalidValue(str(error)) from None
    if new_name == old_name:
        raise InvalidValue(f'"{new}" is the tag "{old_name}" already; give a different name.')
    connection.execute("SELECT 1 FROM tag WHERE id = %s FOR UPDATE", (old_id,))
    history.set_change_context(connection, reason=reason)
    existing = connection.execute("SELECT id FROM tag WHERE name = %s FOR UPDATE", (new_name,)).fetchone()
    if existing is None:
        connection.execute("UPDATE tag SET name = %s WHERE id = %s", (new_name, old_id))
        claims, predictions = (
            connection.execute(f"SELECT count(*) FROM {table} WHERE tag_id = %s", (old_id,)).fetchone()[0]  # type: ignore[index]
            for table in ("claim_tag", "prediction_tag")
        )
        return TagRename(old_name, new_name, False, claims, predictions)
    new_id = int(existing[0])
    moved = []
    for table, record in (("claim_tag", "claim_id"), ("prediction_tag", "prediction_id")):
        connection.execute(
            f"DELETE FROM {table} o WHERE o.tag_id = %(old)s AND EXISTS (SELECT 1 FROM {table} n WHERE n.tag_id = %(new)s AND n.{record} = o.{record})",
            {"old": old_id, "new": new_id},
        )
        moved.append(connection.execute(f"UPDATE {table} SET tag_id = %s WHERE tag_id = %s", (new_id, old_id)).rowcount)
    connection.execute("DELETE FROM tag WHERE id = %s", (old_id,))
    return TagRename(old_name, new_name, True, moved[0], moved[1])
