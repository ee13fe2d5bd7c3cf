"""Correcting a prediction: while it is open, its statement, criteria, deadline, actors, tags and
arms transfer; at any time, its notes. A resolved prediction's question is what was scored: it
changes only after `prediction reopen`.

As for claims (services/claim_editing.py), the database keeps every change (record_change) with the
reason passed through the transaction's settings; a moved deadline is read back as "resolve_by:
"2025-12-31" -> "2026-06-30"" by `prediction show` and as "deadline moved from … to …" by the
record_changes report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.domain import PartialDate, stored_date
from claimtrack.domain.arms import ArmsTransfer
from claimtrack.errors import Conflict, InvalidValue, NotFound
from claimtrack.services import history
from claimtrack.services.link_editing import planned_links, write_links
from claimtrack.services.lookup import (
    no_such_prediction,
    resolve_arms_transfer,
    stored_text,
)

if TYPE_CHECKING:
    from psycopg import Connection


@dataclass(frozen=True)
class PredictionEdit:
    """What to change; None (or empty) leaves it as it is. `criteria` and `notes` "" clear them;
    `arms_transfer` replaces the expected transfer, `drop_arms_transfer` removes it."""

    statement: str | None = None
    criteria: str | None = None
    resolve_by: PartialDate | None = None
    notes: str | None = None
    add_actors: Sequence[tuple[str, str]] = ()
    remove_actors: Sequence[tuple[str, str | None]] = ()
    add_tags: Sequence[str] = ()
    remove_tags: Sequence[str] = ()
    arms_transfer: ArmsTransfer | None = None
    drop_arms_transfer: bool = False

    def asks_beyond_notes(self) -> bool:
        return any((
            self.statement is not None, self.criteria is not None, self.resolve_by is not None, self.add_actors,
            self.remove_actors, self.add_tags, self.remove_tags, self.arms_transfer is not None, self.drop_arms_transfer,
        ))


def edit_prediction(
    connection: Connection[Any], *, prediction_id: int, edit: PredictionEdit, reason: str | None, changed_by: str
) -> list[str]:
    """Change what `edit` names; returns what changed (empty: nothing did, and nothing was written)."""
    stored_text("user", changed_by)
    reason = (stored_text("reason", reason.strip()) or None) if reason is not None else None
    row = connection.execute(
        "SELECT status, statement, criteria, resolve_by, resolve_by_precision, made_on, made_precision, notes"
        " FROM prediction WHERE id = %s FOR UPDATE",
        (prediction_id,),
    ).fetchone()
    if row is None:
        raise no_such_prediction(prediction_id)
    status, statement, criteria, resolve_by, resolve_by_precision, made_on, made_precision, notes = row
    if status != "open" and edit.asks_beyond_notes():
        raise Conflict(
            f"prediction {prediction_id} is {status}: what it asked is what was scored, so only its notes may change. "
            f"To correct the rest, reopen it first: claimtrack prediction reopen {prediction_id} --reason ..."
        )
    fields: dict[str, Any] = {}
    if edit.statement is not None:
        given = stored_text("statement", edit.statement.strip())
        if not given:
            raise InvalidValue("the prediction's statement is empty; say what is expected to happen.")
        if given != statement:
            fields["statement"] = given
    for name, given_text, current in (("criteria", edit.criteria, criteria), ("notes", edit.notes, notes)):
        if given_text is not None:
            value = stored_text(name, given_text.strip()) or None
            if value != current:
                fields[name] = value
    if edit.resolve_by is not None and (edit.resolve_by.last_day, edit.resolve_by.precision) != (resolve_by, resolve_by_precision):
        problem = domain.deadline_problem(edit.resolve_by, made=stored_date(made_on, made_precision))
        if problem is not None:
            raise InvalidValue(f"the deadline --resolve-by {problem}")
        fields["resolve_by"], fields["resolve_by_precision"] = edit.resolve_by.last_day, edit.resolve_by.precision

    links = planned_links(
        connection, "prediction", prediction_id, add_actors=edit.add_actors, remove_actors=edit.remove_actors,
        add_tags=edit.add_tags, remove_tags=edit.remove_tags,
    )

    transfer_now = connection.execute(
        "SELECT id, supplier_id, recipient_id, category, item, quantity FROM arms_transfer WHERE prediction_id = %s", (prediction_id,)
    ).fetchone()
    new_transfer = None
    if edit.arms_transfer is not None:
        supplier, recipient, transfer = resolve_arms_transfer(connection, edit.arms_transfer)
        stored = (supplier.id, recipient.id, transfer.category, transfer.item, transfer.quantity)
        if transfer_now is None or tuple(transfer_now[1:]) != stored:
            new_transfer = stored
            links.add_actors([(supplier.id, domain.DEFAULT_ROLE), (recipient.id, domain.DEFAULT_ROLE)])
    drop_transfer = edit.drop_arms_transfer and transfer_now is not None
    if edit.drop_arms_transfer and transfer_now is None:
        raise NotFound(f"prediction {prediction_id} expects no arms transfer; nothing to take off.")

    changed = [name for name in fields if name != "resolve_by_precision"]
    changed = ["deadline" if name == "resolve_by" else name for name in changed]
    changed += links.changed()
    changed += ["arms transfer"] if new_transfer is not None or drop_transfer else []
    if not changed:
        return []
    history.set_change_context(connection, reason=reason)
    if fields:
        assignments = ", ".join(f"{column} = %({column})s" for column in fields)
        connection.execute(f"UPDATE prediction SET {assignments} WHERE id = %(id)s", {**fields, "id": prediction_id})
    write_links(connection, links)
    if drop_transfer and new_transfer is None:
        connection.execute("DELETE FROM arms_transfer WHERE prediction_id = %s", (prediction_id,))
    elif new_transfer is not None and transfer_now is not None:
        connection.execute(
            "UPDATE arms_transfer SET supplier_id = %s, recipient_id = %s, category = %s, item = %s, quantity = %s WHERE id = %s",
            (*new_transfer, transfer_now[0]),
        )
    elif new_transfer is not None:
        connection.execute(
            "INSERT INTO arms_transfer (prediction_id, supplier_id, recipient_id, category, item, quantity) VALUES (%s, %s, %s, %s, %s, %s)",
            (prediction_id, *new_transfer),
        )
    return changed
