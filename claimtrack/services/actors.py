"""Actors: record one with its ISO code and aliases, list them, show one with what concerns it.

Every name, alias and code identifies exactly one actor (lookup.find_actor accepts any of them,
in any case), so a new actor may not reuse another's name, alias or code in any of those roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from claimtrack import domain
from claimtrack.db.models import Actor, ActorAlias, Claim, ClaimActor, PredictionActor
from claimtrack.errors import Conflict, InvalidValue
from claimtrack.services.lookup import ActorRef, find_actor

_ISO3 = re.compile(r"^[A-Z]{3}$")


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


def add_actor(
    session: Session, *, name: str, kind: str, iso_code: str | None = None, aliases: tuple[str, ...] | list[str] = ()
) -> int:
    """Record a new actor; refuse any name, alias or code that already identifies another actor."""
    name = name.strip()
    if not name:
        raise InvalidValue("an actor's name is empty; give a name.")
    if kind not in domain.ACTOR_KINDS:
        raise InvalidValue(f'"{kind}" is not a kind of actor; use one of: {", ".join(domain.ACTOR_KINDS)}.')
    if iso_code is not None:
        iso_code = iso_code.strip().upper()
        if not _ISO3.match(iso_code):
            raise InvalidValue(f'"{iso_code}" is not an ISO 3166-1 alpha-3 code; use three letters, such as PRK or RUS.')
        if kind != "state":
            # The code identifies the actor (it is unique): a person's nationality is not theirs to hold.
            raise InvalidValue(f'an ISO code (--country) is for states, and "{name}" is a {kind}; leave --country out or use --kind state.')
    kept = _distinct_aliases(name, iso_code, aliases)
    for what, identifier in [("name", name), ("ISO code", iso_code), *(("alias", a) for a in kept)]:
        if identifier is not None:
            _refuse_if_taken(session, what, identifier)
    actor = Actor(name=name, kind=kind, iso_code=iso_code, aliases=[ActorAlias(alias=a) for a in kept])
    session.add(actor)
    session.flush()
    return actor.id


def _distinct_aliases(name: str, iso_code: str | None, aliases: tuple[str, ...] | list[str]) -> list[str]:
    """Aliases trimmed, each once (any case), leaving out the actor's own name and code."""
    seen = {name.lower(), (iso_code or "").lower()}
    kept = []
    for raw in aliases:
        alias = raw.strip()
        if not alias:
            raise InvalidValue("an alias is empty; give the other name the actor is known by.")
        if alias.lower() not in seen:
            seen.add(alias.lower())
            kept.append(alias)
    return kept


def _refuse_if_taken(session: Session, what: str, identifier: str) -> None:
    wanted = identifier.lower()
    owner = session.execute(
        select(Actor.id, Actor.name, Actor.iso_code, func.lower(Actor.name) == wanted, func.lower(Actor.iso_code) == wanted)
        .where(
            (func.lower(Actor.name) == wanted)
            | (func.lower(Actor.iso_code) == wanted)
            | Actor.id.in_(select(ActorAlias.actor_id).where(func.lower(ActorAlias.alias) == wanted))
        )
        .limit(1)
    ).first()
    if owner is None:
        return
    actor_id, actor_name, actor_code, is_name, is_code = owner
    role = "name" if is_name else "ISO code" if is_code else "alias"
    raise Conflict(
        f'the {what} "{identifier}" already identifies an actor: it is the {role} of {ActorRef(actor_id, actor_name, actor_code)}. '
        f'Choose another {what}, or see: claimtrack actor show "{actor_name}"'
    )


def list_actors(session: Session, *, kind: str | None = None) -> list[ActorSummary]:
    aliases = (
        select(func.array_agg(aggregate_order_by(ActorAlias.alias, func.lower(ActorAlias.alias))))
        .where(ActorAlias.actor_id == Actor.id)
        .scalar_subquery()
    )
    claims = select(func.count(func.distinct(ClaimActor.claim_id))).where(ClaimActor.actor_id == Actor.id).scalar_subquery()
    query = select(Actor.id, Actor.name, Actor.kind, Actor.iso_code, aliases, claims).order_by(func.lower(Actor.name))
    if kind is not None:
        query = query.where(Actor.kind == kind)
    return [ActorSummary(i, n, k, c, list(a or []), count) for i, n, k, c, a, count in session.execute(query)]


def show_actor(session: Session, *, reference: str, recent: int = 10) -> ActorDetail:
    """The actor named, aliased or coded `reference`, with its counts and latest claims."""
    ref = find_actor(session, reference)
    actor = session.get_one(Actor, ref.id)
    claims = session.execute(
        select(func.count(func.distinct(ClaimActor.claim_id))).where(ClaimActor.actor_id == ref.id)
    ).scalar_one()
    as_claimant = session.execute(select(func.count()).where(Claim.claimant_id == ref.id)).scalar_one()
    predictions = session.execute(
        select(func.count(func.distinct(PredictionActor.prediction_id))).where(PredictionActor.actor_id == ref.id)
    ).scalar_one()
    latest = session.execute(
        select(Claim.id, ClaimActor.role, Claim.status, Claim.statement)
        .join(ClaimActor, ClaimActor.claim_id == Claim.id)
        .where(ClaimActor.actor_id == ref.id)
        .order_by(Claim.created_at.desc(), Claim.id.desc())
        .limit(recent)
    ).all()
    return ActorDetail(
        id=actor.id,
        name=actor.name,
        kind=actor.kind,
        iso_code=actor.iso_code,
        aliases=sorted((a.alias for a in actor.aliases), key=str.lower),
        created_at=actor.created_at,
        claims=claims,
        claims_as_claimant=as_claimant,
        predictions=predictions,
        recent_claims=[ActorClaim(*row) for row in latest],
    )
