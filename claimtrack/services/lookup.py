"""Finding the things a command refers to: actors by name, alias or code; sources by id or URL; tags.

Every option that takes an actor, a source or a tag goes through here, so they all behave alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from claimtrack import domain
from claimtrack.db.models import Actor, ActorAlias, Source, Tag
from claimtrack.errors import InvalidValue, NotFound


@dataclass(frozen=True)
class ActorRef:
    id: int
    name: str
    iso_code: str | None

    def __str__(self) -> str:
        return f"{self.name} ({self.iso_code})" if self.iso_code else self.name


def find_actor(session: Session, reference: str) -> ActorRef:
    """The actor named, aliased or coded `reference` (any case); NotFound suggests the closest."""
    wanted = reference.strip()
    if not wanted:
        raise InvalidValue("an actor name is empty; give a name, an alias or an ISO code.")
    alias_match = select(ActorAlias.actor_id).where(func.lower(ActorAlias.alias) == wanted.lower())
    row = session.execute(
        select(Actor.id, Actor.name, Actor.iso_code)
        .where(or_(func.lower(Actor.name) == wanted.lower(), Actor.iso_code == wanted.upper(), Actor.id.in_(alias_match)))
        .order_by((func.lower(Actor.name) == wanted.lower()).desc(), (Actor.iso_code == wanted.upper()).desc())
        .limit(1)
    ).first()
    if row is None:
        raise NotFound(unknown_actor_message(session, wanted))
    return ActorRef(*row)


def unknown_actor_message(session: Session, wanted: str) -> str:
    suggestions = closest_actors(session, wanted)
    hint = f" Did you mean {' or '.join(suggestions)}?" if suggestions else ""
    return f'no actor "{wanted}".{hint} Add one with: claimtrack actor add "{wanted}" --kind state|person|organization|armed_group|other'


def closest_actors(session: Session, wanted: str, limit: int = 3) -> list[str]:
    """Names most similar to `wanted` (pg_trgm), as `"North Korea" (PRK)`."""
    rows = session.execute(
        text(
            """
            SELECT a.name, a.iso_code, max(greatest(similarity(a.name, :w), similarity(coalesce(al.alias, ''), :w))) AS score
            FROM actor a LEFT JOIN actor_alias al ON al.actor_id = a.id
            GROUP BY a.id HAVING max(greatest(similarity(a.name, :w), similarity(coalesce(al.alias, ''), :w))) > 0.2
            ORDER BY score DESC, a.name LIMIT :limit
            """
        ),
        {"w": wanted, "limit": limit},
    ).all()
    return [f'"{name}" ({code})' if code else f'"{name}"' for name, code, _ in rows]


def find_source(session: Session, reference: int | str, *, recorded_by: str, create: bool = True) -> int:
    """A source id from an id or a URL; an unknown URL creates a source (title: the URL)."""
    if isinstance(reference, int):
        if session.get(Source, reference) is None:
            raise NotFound(f"no source {reference}; see: claimtrack source list")
        return reference
    try:
        url = domain.normalise_url(reference)
    except ValueError as error:
        raise InvalidValue(str(error)) from None
    found = session.execute(select(Source.id).where(Source.url == url)).scalar()
    if found is not None:
        return found
    if not create:
        raise NotFound(f"no source with URL {url}; add it with: claimtrack source add TITLE --url {url}")
    created = session.execute(
        insert(Source).values(title=url, url=url, kind="other", recorded_by=recorded_by)
        .on_conflict_do_nothing(index_elements=["url"])
        .returning(Source.id)
    ).scalar()
    if created is None:  # created by a concurrent command a moment ago
        created = session.execute(select(Source.id).where(Source.url == url)).scalar_one()
    return created


def tag_ids(session: Session, names: list[str] | tuple[str, ...]) -> list[int]:
    """Ids of the tags named (normalised), creating the ones that are new."""
    tags = sorted({_normalised_tag(name) for name in names})
    if not tags:
        return []
    session.execute(insert(Tag).values([{"name": t} for t in tags]).on_conflict_do_nothing(index_elements=["name"]))
    return list(session.execute(select(Tag.id).where(Tag.name.in_(tags)).order_by(Tag.name)).scalars())


def find_tag(session: Session, name: str) -> int:
    """The id of an existing tag (normalised); NotFound suggests the closest tags (pg_trgm)."""
    tag = _normalised_tag(name)
    found = session.execute(select(Tag.id).where(Tag.name == tag)).scalar()
    if found is not None:
        return found
    closest = session.execute(
        select(Tag.name).where(func.similarity(Tag.name, tag) > 0.2).order_by(func.similarity(Tag.name, tag).desc()).limit(3)
    ).scalars()
    quoted = " or ".join(f'"{candidate}"' for candidate in closest)
    hint = f" Did you mean {quoted}?" if quoted else ""
    raise NotFound(f'no claim or prediction has the tag "{tag}".{hint} Tags are given with --tag when adding.')


def _normalised_tag(name: str) -> str:
    try:
        return domain.normalise_tag(name)
    except ValueError as error:
        raise InvalidValue(str(error)) from None
