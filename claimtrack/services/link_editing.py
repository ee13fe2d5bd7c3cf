"""The actors and tags of a claim or a prediction, corrected: what an edit adds and takes off, worked
out before anything is written (so that an edit that changes nothing writes nothing, and a link
that is not there is named), then written. claim edit and prediction edit share it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from claimtrack import domain
from claimtrack.errors import InvalidValue, NotFound
from claimtrack.services.lookup import find_actor

if TYPE_CHECKING:
    from psycopg import Connection

Kind = Literal["claim", "prediction"]


@dataclass
class LinkChanges:
    """Actor links (actor id, role) and tags to add and take off one record."""

    kind: Kind
    record_id: int
    actors_now: set[tuple[int, str]]
    added_actors: list[tuple[int, str]] = field(default_factory=list)
    removed_actors: list[tuple[int, str]] = field(default_factory=list)
    added_tags: list[str] = field(default_factory=list)  # names, created when new
    removed_tags: list[int] = field(default_factory=list)  # ids

    def changed(self) -> list[str]:
        return ["actors"] * bool(self.added_actors or self.removed_actors) + ["tags"] * bool(self.added_tags or self.removed_tags)

    def add_actors(self, actors: Sequence[tuple[int, str]]) -> None:
        """Actors found already (an arms transfer's supplier and recipient), unless linked in any role."""
        linked = {actor_id for actor_id, _ in self.actors_now} | {actor_id for actor_id, _ in self.added_actors}
        self.added_actors += [(actor_id, role) for actor_id, role in dict.fromkeys(actors) if actor_id not in linked]


def planned_links(
    connection: Connection[Any], kind: Kind, record_id: int, *,
    add_actors: Sequence[tuple[str, str]] = (), remove_actors: Sequence[tuple[str, str | None]] = (),
    add_tags: Sequence[str] = (), remove_tags: Sequence[str] = (),
) -> LinkChanges:
    """What adding and removing these actors ((name, alias or code; role), a removed one's role
    None meaning every role it has) and tags would change; NotFound names a link that is not there."""
    shown = f"claimtrack {kind} show {record_id}"
    actors_now = set(connection.execute(f"SELECT actor_id, role FROM {kind}_actor WHERE {kind}_id = %s", (record_id,)).fetchall())
    plan = LinkChanges(kind, record_id, actors_now)
    for _, role in add_actors:
        if role not in domain.ACTOR_ROLES:
            raise InvalidValue(f'"{role}" is not a role; use one of: {", ".join(domain.ACTOR_ROLES)}.')
    wanted = dict.fromkeys((find_actor(connection, name).id, role) for name, role in add_actors)
    plan.added_actors = [link for link in wanted if link not in actors_now]
    for name, only_role in remove_actors:
        actor = find_actor(connection, name)
        links = [(actor_id, role) for actor_id, role in actors_now if actor_id == actor.id and only_role in (None, role)]
        if not links:
            as_role = f" as {only_role}" if only_role is not None else ""
            raise NotFound(f"{kind} {record_id} has no actor {actor.name}{as_role}; see: {shown}")
        plan.removed_actors.extend(links)

    tags_now = dict(connection.execute(
        f"SELECT tag.name, tag.id FROM {kind}_tag JOIN tag ON tag.id = {kind}_tag.tag_id WHERE {kind}_id = %s", (record_id,)
    ).fetchall())
    plan.added_tags = sorted({_tag(name) for name in add_tags} - set(tags_now))
    for name in remove_tags:
        tag = _tag(name)
        if tag not in tags_now:
            raise NotFound(f'{kind} {record_id} has no tag "{tag}"; see: {shown}')
        plan.removed_tags.append(tags_now[tag])
    return plan


def write_links(connection: Connection[Any], plan: LinkChanges) -> None:
    """Make the changes `plan` holds (the record of changes keeps each, by its triggers)."""
    kind, record_id = plan.kind, plan.record_id
    if plan.removed_actors:
        connection.execute(
            f"DELETE FROM {kind}_actor WHERE {kind}_id = %s AND (actor_id, role) IN (SELECT * FROM unnest(%s::bigint[], %s::text[]))",
            (record_id, [a for a, _ in plan.removed_actors], [r for _, r in plan.removed_actors]),
        )
    if plan.added_actors:
        connection.execute(
            f"INSERT INTO {kind}_actor ({kind}_id, actor_id, role) SELECT %s, * FROM unnest(%s::bigint[], %s::text[]) ON CONFLICT DO NOTHING",
            (record_id, [a for a, _ in plan.added_actors], [r for _, r in plan.added_actors]),
        )
    if plan.removed_tags:
        connection.execute(f"DELETE FROM {kind}_tag WHERE {kind}_id = %s AND tag_id = ANY(%s)", (record_id, plan.removed_tags))
    if plan.added_tags:
        connection.execute("INSERT INTO tag (name) SELECT unnest(%s::text[]) ORDER BY 1 ON CONFLICT (name) DO NOTHING", (plan.added_tags,))
        connection.execute(
            f"INSERT INTO {kind}_tag ({kind}_id, tag_id) SELECT %s, id FROM tag WHERE name = ANY(%s::text[]) ORDER BY id",
            (record_id, plan.added_tags),
        )


def _tag(name: str) -> str:
    try:
        return domain.normalise_tag(name)
    except ValueError as error:
        raise InvalidValue(str(error)) from None
