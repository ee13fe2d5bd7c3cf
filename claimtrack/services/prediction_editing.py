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
from claimtrack.services.lookup import (
    find_actor,
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

    actors_now = set(connection.execute("SELECT actor_id, role FROM prediction_actor WHERE prediction_id = %s", (prediction_id,)).fetchall())
    for _, role in edit.add_actors:
        if role not in domain.ACTOR_ROLES:
            raise InvalidValue(f'"{role}" is not a role; use one of: {", ".join(domain.ACTOR_ROLES)}.')
    added_actors = [link for link in dict.fromkeys((find_actor(connection, n).id, r) for n, r in edit.add_actors) if link not in actors_now]
    removed_actors: list[tuple[int, str]] = []
    for name, only_role in edit.remove_actors:
        actor = find_actor(connection, name)
        links = [(actor_id, r) for actor_id, r in actors_now if actor_id == actor.id and only_role in (None, r)]
        if not links:
            as_role = f" as {only_role}" if only_role is not None else ""
            raise NotFound(f"prediction {prediction_id} has no actor {actor.name}{as_role}; see: claimtrack prediction show {prediction_id}")
        removed_actors.extend(links)

    tags_now = dict(connection.execute(
        "SELECT tag.name, tag.id FROM prediction_tag JOIN tag ON tag.id = prediction_tag.tag_id WHERE prediction_id = %s", (prediction_id,)
    ).fetchall())
    added_tags = sorted({domain.normalise_tag(name) for name in edit.add_tags} - set(tags_now))
    removed_tags = []
    for name in edit.remove_tags:
        tag = domain.normalise_tag(name)
        if tag not in tags_now:
            raise NotFound(f'prediction {prediction_id} has no tag "{tag}"; see: claimtrack prediction show {prediction_id}')
        removed_tags.append(tags_now[tag])

    transfer_now = connection.execute(
        "SELECT id, supplier_id, recipient_id, category, item, quantity FROM arms_transfer WHERE prediction_id = %s", (prediction_id,)
    ).fetchone()
    new_transfer = None
    if edit.arms_transfer is not None:
        supplier, recipient, transfer = resolve_arms_transfer(connection, edit.arms_transfer)
        stored = (supplier.id, recipient.id, transfer.category, transfer.item, transfer.quantity)
        if transfer_now is None or tuple(transfer_now[1:]) != stored:
            new_transfer = stored
            known = {actor_id for actor_id, _ in actors_now} | {actor_id for actor_id, _ in added_actors}
            added_actors += [(actor.id, domain.DEFAULT_ROLE) for actor in dict.fromkeys((supplier, recipient)) if actor.id not in known]
    drop_transfer = edit.drop_arms_transfer and transfer_now is not None
    if edit.drop_arms_transfer and transfer_now is None:
        raise NotFound(f"prediction {prediction_id} expects no arms transfer; nothing to take off.")

    changed = [name for name in fields if name != "resolve_by_precision"]
    changed = ["deadline" if name == "resolve_by" else name for name in changed]
    changed += ["actors"] if added_actors or removed_actors else []
    changed += ["tags"] if added_tags or removed_tags else []
    changed += ["arms transfer"] if new_transfer is not None or drop_transfer else []
    if not changed:
        return []
    history.set_change_context(connection, reason=reason)
    if fields:
        assignments = ", ".join(f"{column} = %({column})s" for column in fields)
        connection.execute(f"UPDATE prediction SET {assignments} WHERE id = %(id)s", {**fields, "id": prediction_id})
    if removed_actors:
        connection.execute(
            "DELETE FROM prediction_actor WHERE prediction_id = %s AND (actor_id, role) IN (SELECT * FROM unnest(%s::bigint[], %s::text[]))",
            (prediction_id, [a for a, _ in removed_actors], [r for _, r in removed_actors]),
        )
    if added_actors:
        connection.execute(
            "INSERT INTO prediction_actor (prediction_id, actor_id, role) SELECT %s, * FROM unnest(%s::bigint[], %s::text[])"
            " ON CONFLICT DO NOTHING",
            (prediction_id, [a for a, _ in added_actors], [r for _, r in added_actors]),
        )
    if removed_tags:
        connection.execute("DELETE FROM prediction_tag WHERE prediction_id = %s AND tag_id = ANY(%s)", (prediction_id, removed_tags))
    if added_tags:
        connection.execute("INSERT INTO tag (name) SELECT unnest(%s::text[]) ORDER BY 1 ON CONFLICT (name) DO NOTHING", (added_tags,))
        connection.execute(
            "INSERT INTO prediction_tag (prediction_id, tag_id) SELECT %s, id FROM tag WHERE name = ANY(%s::text[]) ORDER BY id",
            (prediction_id, added_tags),
        )
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
