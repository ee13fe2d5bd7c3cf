"""Correcting actors: edit the name, kind or ISO code, add and remove aliases, and merge a duplicate
into the actor it repeats.

Every name, alias and code identifies exactly one actor (services/actors.py), and an edit keeps it
so. The database keeps every change (record_change), with the reason passed through the
transaction's settings. A merge moves every link of the duplicate (claims and predictions it is an
actor of, claims it makes, predictions it made, arms transfers it supplies or receives) to the
survivor, which takes its name, aliases and code as aliases (its code as its code, when it has
none); the duplicate's row is then deleted, every field kept in record_change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.errors import Conflict, InvalidValue, NotFound
from claimtrack.services import history
from claimtrack.services.actors import _distinct_aliases, _refuse_if_taken
from claimtrack.services.lookup import ActorRef, ActorResolver, find_actor, stored_text

if TYPE_CHECKING:
    from psycopg import Connection


def _reason(reason: str | None) -> str | None:
    return (stored_text("reason", reason.strip()) or None) if reason is not None else None


def _locked(connection: Connection[Any], reference: str) -> tuple[ActorRef, str]:
    """The actor `reference` names, its row locked against concurrent edits and merges; and its kind."""
    actor = find_actor(connection, reference)
    row = connection.execute("SELECT kind FROM actor WHERE id = %s FOR UPDATE", (actor.id,)).fetchone()
    if row is None:  # merged away by a transaction that committed since the lookup
        raise NotFound(f'no actor "{reference}" any more; see: claimtrack actor list')
    return actor, str(row[0])


def _refuse_if_taken_by_another(connection: Connection[Any], actor_id: int, what: str, identifier: str) -> None:
    resolver = ActorResolver(connection)
    owner = resolver.match(identifier)
    if owner is not None and owner.actor.id != actor_id:
        _refuse_if_taken(resolver, what, identifier)


def edit_actor(
    connection: Connection[Any], *, reference: str, name: str | None = None, kind: str | None = None,
    iso_code: str | None = None, reason: str | None = None,
) -> tuple[int, list[str]]:
    """Change the actor's name, kind or ISO code (iso_code "" clears it); returns its id and the
    fields that changed (none: nothing was written). A name or code that identifies another actor
    is refused, as when adding."""
    reason = _reason(reason)
    actor, current_kind = _locked(connection, reference)
    fields: dict[str, Any] = {}
    if name is not None:
        name = stored_text("name", name.strip())
        if not name:
            raise InvalidValue("an actor's name is empty; give a name.")
        if name != actor.name:
            _refuse_if_taken_by_another(connection, actor.id, "name", name)
            fields["name"] = name
    if kind is not None and kind != current_kind:
        if kind not in domain.ACTOR_KINDS:
            raise InvalidValue(f'"{kind}" is not a kind of actor; use one of: {", ".join(domain.ACTOR_KINDS)}.')
        fields["kind"] = kind
    code = actor.iso_code
    if iso_code is not None:
        given, code = iso_code, domain.stored_iso_code(iso_code) if iso_code.strip() else None
        if iso_code.strip() and code is None:
            raise InvalidValue(f'"{given.strip().upper()}" is not an ISO 3166-1 alpha-3 code; use three letters, such as PRK or RUS.')
        if code != actor.iso_code:
            if code is not None:
                _refuse_if_taken_by_another(connection, actor.id, "ISO code", code)
            fields["iso_code"] = code
    new_kind = fields.get("kind", current_kind)
    if code is not None and not domain.may_hold_iso_code(new_kind):
        raise InvalidValue(
            f'an ISO code is for states, and "{fields.get("name", actor.name)}" would be a {new_kind}; '
            'clear the code (--country "") or keep --kind state.'
        )
    if not fields:
        return actor.id, []
    history.set_change_context(connection, reason=reason)
    # An alias equal to the new name or code (in any case) would name the actor twice: it goes.
    connection.execute(
        "DELETE FROM actor_alias WHERE actor_id = %s AND lower(alias) = ANY(%s)",
        (actor.id, [value.lower() for value in (fields.get("name"), fields.get("iso_code")) if value]),
    )
    assignments = ", ".join(f"{column} = %({column})s" for column in fields)
    connection.execute(f"UPDATE actor SET {assignments} WHERE id = %(id)s", {**fields, "id": actor.id})
    return actor.id, list(fields)


def add_aliases(connection: Connection[Any], *, reference: str, aliases: list[str] | tuple[str, ...], reason: str | None = None) -> tuple[int, list[str]]:
    """Give the actor more names; returns its id and the aliases added (one it has already is skipped)."""
    reason = _reason(reason)
    actor, _ = _locked(connection, reference)
    kept = _distinct_aliases(actor.name, actor.iso_code, aliases)
    have = {alias.lower() for (alias,) in connection.execute("SELECT alias FROM actor_alias WHERE actor_id = %s", (actor.id,))}
    new = [alias for alias in kept if alias.lower() not in have]
    for alias in new:
        _refuse_if_taken_by_another(connection, actor.id, "alias", alias)
    if new:
        history.set_change_context(connection, reason=reason)
        connection.cursor().executemany("INSERT INTO actor_alias (actor_id, alias) VALUES (%s, %s)", [(actor.id, a) for a in new])
    return actor.id, new


def remove_aliases(connection: Connection[Any], *, reference: str, aliases: list[str] | tuple[str, ...], reason: str | None = None) -> tuple[int, list[str]]:
    """Take names off the actor (any case); an alias it does not have is NotFound."""
    reason = _reason(reason)
    actor, _ = _locked(connection, reference)
    have = {alias.lower(): alias for (alias,) in connection.execute("SELECT alias FROM actor_alias WHERE actor_id = %s", (actor.id,))}
    removed = []
    for given in aliases:
        alias = have.get(given.strip().lower())
        if alias is None:
            listed = ", ".join(sorted(have.values(), key=str.lower)) or "none"
            raise NotFound(f'{actor.name} has no alias "{given.strip()}"; its aliases: {listed}.')
        removed.append(alias)
    removed = list(dict.fromkeys(removed))
    if removed:
        history.set_change_context(connection, reason=reason)
        connection.execute("DELETE FROM actor_alias WHERE actor_id = %s AND alias = ANY(%s)", (actor.id, removed))
    return actor.id, removed


@dataclass(frozen=True)
class ActorMerge:
    duplicate: str
    survivor: str
    survivor_id: int
    links_moved: int
    aliases: list[str]  # the names the survivor now also answers to


# Each reference to an actor: (table, column, the other columns of its key, for links that a
# survivor may hold already).
_LINKS = (
    ("claim_actor", "actor_id", ("claim_id", "role")),
    ("prediction_actor", "actor_id", ("prediction_id", "role")),
)
_REFERENCES = (
    ("claim", "claimant_id"),
    ("prediction", "predictor_actor_id"),
    ("arms_transfer", "supplier_id"),
    ("arms_transfer", "recipient_id"),
    ("forecast", "actor_id"),  # append-only, but a forecaster follows a merge (20261204_0010)
)


def merge_actor(connection: Connection[Any], *, duplicate: str, into: str, reason: str | None = None) -> ActorMerge:
    """Fold actor `duplicate` into actor `into`: see the module's docstring."""
    reason = _reason(reason)
    dup = find_actor(connection, duplicate)
    survivor = find_actor(connection, into)
    if dup.id == survivor.id:
        raise InvalidValue(f'"{duplicate}" and "{into}" are the same actor ({dup.name}); name the actor it repeats with --into.')
    # Lock both rows in id order, so that two merges of the same pair cannot wait on each other.
    for actor_id in sorted((dup.id, survivor.id)):
        if connection.execute("SELECT 1 FROM actor WHERE id = %s FOR UPDATE", (actor_id,)).fetchone() is None:
            raise NotFound(f"actor {actor_id} is gone (merged by another command a moment ago); see: claimtrack actor list")
    both_sides = connection.execute(
        "SELECT coalesce(claim_id, prediction_id), claim_id IS NOT NULL FROM arms_transfer"
        " WHERE (supplier_id, recipient_id) IN ((%(a)s, %(b)s), (%(b)s, %(a)s)) LIMIT 1",
        {"a": dup.id, "b": survivor.id},
    ).fetchone()
    if both_sides is not None:
        record = f"{'claim' if both_sides[1] else 'prediction'} {both_sides[0]}"
        raise Conflict(
            f"{record} has an arms transfer between {dup.name} and {survivor.name}; merged, the actor would supply itself. "
            "Correct that transfer first."
        )
    history.set_change_context(connection, reason=reason)
    moved = 0
    for table, column, key in _LINKS:
        same = " AND ".join(f"s.{k} = d.{k}" for k in key)
        connection.execute(
            f"DELETE FROM {table} d WHERE d.{column} = %(dup)s AND EXISTS (SELECT 1 FROM {table} s WHERE s.{column} = %(into)s AND {same})",
            {"dup": dup.id, "into": survivor.id},
        )
        moved += connection.execute(f"UPDATE {table} SET {column} = %s WHERE {column} = %s", (survivor.id, dup.id)).rowcount
    for table, column in _REFERENCES:
        moved += connection.execute(f"UPDATE {table} SET {column} = %s WHERE {column} = %s", (survivor.id, dup.id)).rowcount
    names = [dup.name, *(alias for (alias,) in connection.execute("SELECT alias FROM actor_alias WHERE actor_id = %s ORDER BY id", (dup.id,)))]
    code = dup.iso_code
    connection.execute("DELETE FROM actor_alias WHERE actor_id = %s", (dup.id,))
    connection.execute("DELETE FROM actor WHERE id = %s", (dup.id,))
    if code is not None and survivor.iso_code is None:
        connection.execute("UPDATE actor SET iso_code = %s WHERE id = %s", (code, survivor.id))
    elif code is not None:
        names.append(code)
    have = {alias.lower() for (alias,) in connection.execute("SELECT alias FROM actor_alias WHERE actor_id = %s", (survivor.id,))}
    have |= {survivor.name.lower(), (survivor.iso_code or code or "").lower()}
    aliases = [name for name in dict.fromkeys(names) if name.lower() not in have]
    connection.cursor().executemany("INSERT INTO actor_alias (actor_id, alias) VALUES (%s, %s)", [(survivor.id, a) for a in aliases])
    return ActorMerge(dup.name, survivor.name, survivor.id, moved, aliases)
