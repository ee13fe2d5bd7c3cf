"""Actors: record one with its ISO code and aliases, list them, show one with what concerns it.

Every name, alias and code identifies exactly one actor (lookup.ActorResolver finds it by any of
them, in any case), so a new actor may not reuse another's name, alias or code in any of those roles.
Written on psycopg, as the other everyday commands' services are (see db.engine.Database.transaction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.errors import Conflict, InvalidValue
from claimtrack.services.lookup import ActorResolver, find_actor, stored_text
from claimtrack.services.record_changes import ChangeEntry, changes_of

if TYPE_CHECKING:
    from psycopg import Connection


@dataclass(frozen=True)
class ActorSummary:
    id: int
    name: str
    kind: str
    iso_code: str | None
    aliases: list[str]
    claims: int


@dataclass(frozen=True)
class ActorClaim:
    claim_id: int
    role: str
    status: str
    statement: str


@dataclass(frozen=True)
class ActorDetail:
    id: int
    name: str
    kind: str
    iso_code: str | None
    aliases: list[str]
    created_at: datetime
    claims: int
    claims_as_claimant: int
    predictions: int
    recent_claims: list[ActorClaim] = field(default_factory=list)
    changes: list[ChangeEntry] = field(default_factory=list)


def add_actor(
    connection: Connection[Any], *, name: str, kind: str, iso_code: str | None = None, aliases: tuple[str, ...] | list[str] = ()
) -> int:
    """Record a new actor; refuse any name, alias or code that already identifies another actor."""
    name = name.strip()
    if not name:
        raise InvalidValue("an actor's name is empty; give a name.")
    stored_text("name", name)
    if kind not in domain.ACTOR_KINDS:
        raise InvalidValue(f'"{kind}" is not a kind of actor; use one of: {", ".join(domain.ACTOR_KINDS)}.')
    if iso_code is not None:
        given, iso_code = iso_code, domain.stored_iso_code(iso_code)
        if iso_code is None:
            raise InvalidValue(f'"{given.strip().upper()}" is not an ISO 3166-1 alpha-3 code; use three letters, such as PRK or RUS.')
        if not domain.may_hold_iso_code(kind):
            # The code identifies the actor (it is unique): a person's nationality is not theirs to hold.
            raise InvalidValue(f'an ISO code (--country) is for states, and "{name}" is a {kind}; leave --country out or use --kind state.')
    kept = _distinct_aliases(name, iso_code, aliases)
    resolver = ActorResolver(connection)
    for what, identifier in [("name", name), ("ISO code", iso_code), *(("alias", a) for a in kept)]:
        if identifier is not None:
            _refuse_if_taken(resolver, what, identifier)
    inserted = connection.execute(
        "INSERT INTO actor (name, kind, iso_code) VALUES (%s, %s, %s) RETURNING id", (name, kind, iso_code)
    ).fetchone()
    assert inserted is not None
    actor_id = int(inserted[0])
    if kept:
        connection.cursor().executemany(
            "INSERT INTO actor_alias (actor_id, alias) VALUES (%s, %s)", [(actor_id, alias) for alias in kept]
        )
    return actor_id


def _distinct_aliases(name: str, iso_code: str | None, aliases: tuple[str, ...] | list[str]) -> list[str]:
    """Aliases trimmed, each once (any case), leaving out the actor's own name and code."""
    seen = {name.lower(), (iso_code or "").lower()}
    kept = []
    for raw in aliases:
        alias = raw.strip()
        if not alias:
            raise InvalidValue("an alias is empty; give the other name the actor is known by.")
        stored_text("alias", alias)
        if alias.lower() not in seen:
            seen.add(alias.lower())
            kept.append(alias)
    return kept


def _refuse_if_taken(resolver: ActorResolver, what: str, identifier: str) -> None:
    """Refuse an identifier that already names an actor, in any of the ways a reference can."""
    owner = resolver.match(identifier)
    if owner is None:
        return
    raise Conflict(
        f'the {what} "{identifier}" already identifies an actor: it is the {owner.key} of {owner.actor}. '
        f'Choose another {what}, or see: claimtrack actor show "{owner.actor.name}"'
    )


def list_actors(
    connection: Connection[Any], *, kind: str | None = None, after: int | None = None, limit: int | None = None
) -> list[ActorSummary]:
    """Actors by name (any case), with how many claims concern each: every one, or `limit` of them
    from the actor after actor `after` (for paging: the claims are counted for those actors only)."""
    conditions: list[str] = []
    params: dict[str, Any] = {"kind": kind, "after": after, "limit": limit}
    if kind is not None:
        conditions.append("actor.kind = %(kind)s")
    if after is not None:  # a name is unique in any case (uq_actor_lower_name), so it is the keyset
        conditions.append("lower(actor.name) > (SELECT lower(name) FROM actor WHERE id = %(after)s)")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    rows = connection.execute(
        f"""
        SELECT actor.id, actor.name, actor.kind, actor.iso_code,
               (SELECT array_agg(alias ORDER BY lower(alias)) FROM actor_alias WHERE actor_alias.actor_id = actor.id),
               (SELECT count(DISTINCT claim_id) FROM claim_actor WHERE claim_actor.actor_id = actor.id)
        FROM actor{where}
        ORDER BY lower(actor.name)
        LIMIT %(limit)s
        """,
        params,
    ).fetchall()
    return [ActorSummary(i, n, k, c, list(a or []), count) for i, n, k, c, a, count in rows]


def show_actor(connection: Connection[Any], *, reference: str, recent: int = 10) -> ActorDetail:
    """The actor named, aliased or coded `reference`, with its counts and latest claims."""
    ref = find_actor(connection, reference)
    actor = connection.execute(
        """
        SELECT kind, created_at,
               (SELECT count(DISTINCT claim_id) FROM claim_actor WHERE actor_id = actor.id),
               (SELECT count(*) FROM claim WHERE claimant_id = actor.id),
               (SELECT count(DISTINCT prediction_id) FROM prediction_actor WHERE actor_id = actor.id)
        FROM actor WHERE id = %s
        """,
        (ref.id,),
    ).fetchone()
    assert actor is not None
    kind, created_at, claims, as_claimant, predictions = actor
    aliases = connection.execute("SELECT alias FROM actor_alias WHERE actor_id = %s", (ref.id,)).fetchall()
    latest = connection.execute(
        """
        SELECT claim.id, claim_actor.role, claim.status, claim.statement
        FROM claim JOIN claim_actor ON claim_actor.claim_id = claim.id
        WHERE claim_actor.actor_id = %s
        ORDER BY claim.created_at DESC, claim.id DESC
        LIMIT %s
        """,
        (ref.id, recent),
    ).fetchall()
    return ActorDetail(
        id=ref.id,
        name=ref.name,
        kind=kind,
        iso_code=ref.iso_code,
        aliases=sorted((alias for (alias,) in aliases), key=str.lower),
        created_at=created_at,
        claims=claims,
        claims_as_claimant=as_claimant,
        predictions=predictions,
        recent_claims=[ActorClaim(*row) for row in latest],
        changes=changes_of(connection, "actor", ref.id),
    )
