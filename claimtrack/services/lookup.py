"""Finding the things a command refers to: actors by name, alias or code; sources by id or URL; tags.

Every option that takes an actor, a source or a tag goes through here, and so do the seeds, CSV
rows and imports that name actors, so they all behave alike.
Each takes the psycopg connection of the command's transaction, as every service does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.domain.arms import ArmsTransfer, parties_problem, period_problem
from claimtrack.errors import InvalidValue, NotFound

if TYPE_CHECKING:
    from psycopg import Connection


@dataclass(frozen=True)
class ActorRef:
    id: int
    name: str
    iso_code: str | None

    def __str__(self) -> str:
        return f"{self.name} ({self.iso_code})" if self.iso_code else self.name


def stored_text(field: str, value: str) -> str:
    """`value`, if the field `field` can hold it (domain.checked_text: the limit every way in
    applies); else InvalidValue naming the field."""
    try:
        return domain.checked_text(field, value)
    except ValueError as error:
        raise InvalidValue(f"the {domain.TEXT_LIMITS[field].noun} {error}") from None


def stored_url(raw: str) -> str:
    """The stored form of a URL (domain.checked_url); else InvalidValue."""
    try:
        return domain.checked_url(raw)
    except ValueError as error:
        raise InvalidValue(str(error)) from None


# What a reference to an actor can be, in order of precedence: its name, its ISO code, an alias;
# in any case (PostgreSQL's lower and upper, as the unique indexes on them fold it). Every way in
# (options, seeds, CSV, the import of an export) finds actors with this one query.
_ACTOR_MATCHES = """
    SELECT given.reference, found.id, found.name, found.iso_code, found.key
    FROM unnest(%s::text[]) AS given(reference)
    CROSS JOIN LATERAL (
        SELECT id, name, iso_code, 'name' AS key, 1 AS rank FROM actor WHERE lower(name) = lower(given.reference)
        UNION ALL
        SELECT id, name, iso_code, 'ISO code', 2 FROM actor WHERE iso_code = upper(given.reference)
        UNION ALL
        SELECT actor.id, actor.name, actor.iso_code, 'alias', 3
        FROM actor_alias JOIN actor ON actor.id = actor_alias.actor_id
        WHERE lower(actor_alias.alias) = lower(given.reference)
        ORDER BY rank LIMIT 1
    ) AS found
"""


@dataclass(frozen=True)
class ActorMatch:
    actor: ActorRef
    key: str  # what the reference matched: "name", "ISO code" or "alias"


class ActorResolver:
    """The one way an actor is found from what someone calls it: its name, ISO code or alias.

    A found actor is remembered, so that a file naming the same actors a million times asks the
    database once for each way it names them."""

    def __init__(self, connection: Connection[Any]) -> None:
        self.connection = connection
        self.found: dict[str, ActorMatch] = {}

    def match(self, reference: str) -> ActorMatch | None:
        """The actor `reference` (trimmed) names, and how; None when it names none."""
        wanted = reference.strip()
        found = self.found.get(wanted)
        if found is None and wanted:
            rows = self.connection.execute(_ACTOR_MATCHES, ([wanted],)).fetchall()
            for given, actor_id, name, iso_code, key in rows:
                found = self.found[given] = ActorMatch(ActorRef(actor_id, name, iso_code), key)
        return found

    def find(self, reference: str, *, where: str | None = None) -> ActorRef:
        """The actor `reference` names; NotFound suggests the closest, after `where` (the record
        that names it) when given."""
        found = self.found.get(reference)
        if found is not None:
            return found.actor
        wanted = reference.strip()
        if not wanted:
            raise InvalidValue("an actor name is empty; give a name, an alias or an ISO code.")
        stored_text("name", wanted)  # a longer one names no actor, and NUL cannot be sent
        match = self.match(wanted)
        if match is None:
            message = unknown_actor_message(self.connection, wanted)
            raise NotFound(f"{where}: {message}" if where else message)
        self.found[reference] = match
        return match.actor


def find_actor(connection: Connection[Any], reference: str) -> ActorRef:
    """The actor named, aliased or coded `reference` (any case); NotFound suggests the closest."""
    return ActorResolver(connection).find(reference)


def unknown_actor_message(connection: Connection[Any], wanted: str) -> str:
    suggestions = closest_actors(connection, wanted)
    hint = f" Did you mean {' or '.join(suggestions)}?" if suggestions else ""
    return f'no actor "{wanted}".{hint} Add one with: claimtrack actor add "{wanted}" --kind state|person|organization|armed_group|other'


def closest_actors(connection: Connection[Any], wanted: str, limit: int = 3) -> list[str]:
    """Names most similar to `wanted` (pg_trgm), as `"North Korea" (PRK)`."""
    rows = connection.execute(
        """
        SELECT a.name, a.iso_code, max(greatest(similarity(a.name, %(w)s), similarity(coalesce(al.alias, ''), %(w)s))) AS score
        FROM actor a LEFT JOIN actor_alias al ON al.actor_id = a.id
        GROUP BY a.id HAVING max(greatest(similarity(a.name, %(w)s), similarity(coalesce(al.alias, ''), %(w)s))) > 0.2
        ORDER BY score DESC, a.name LIMIT %(limit)s
        """,
        {"w": wanted, "limit": limit},
    ).fetchall()
    return [f'"{name}" ({code})' if code else f'"{name}"' for name, code, _ in rows]


def find_source(connection: Connection[Any], reference: int | str, *, recorded_by: str, create: bool = True) -> int:
    """A source id from an id or a URL; an unknown URL creates a source (title: the URL), marked
    incomplete until its details are given (source edit). A source merged into another stands for
    the one it was merged into."""
    if isinstance(reference, int):
        found = connection.execute("SELECT id, merged_into_id FROM source WHERE id = %s", (reference,)).fetchone()
        if found is None:
            raise NotFound(f"no source {reference}; see: claimtrack source list")
        return _surviving_source(connection, found)
    url = stored_url(reference)
    found = connection.execute("SELECT id, merged_into_id FROM source WHERE url = %s", (url,)).fetchone()
    if found is not None:
        return _surviving_source(connection, found)
    if not create:
        raise NotFound(f"no source with URL {url}; add it with: claimtrack source add TITLE --url {url}")
    created = connection.execute(
        "INSERT INTO source (title, url, kind, recorded_by, incomplete) VALUES (%(title)s, %(url)s, 'other', %(by)s, true)"
        " ON CONFLICT (url) DO NOTHING RETURNING id",
        {"title": domain.url_title(url), "url": url, "by": stored_text("user", recorded_by)},
    ).fetchone()
    if created is None:  # created by a concurrent command a moment ago
        created = connection.execute("SELECT id FROM source WHERE url = %s", (url,)).fetchone()
        assert created is not None
    return int(created[0])


def _surviving_source(connection: Connection[Any], found: tuple[Any, ...]) -> int:
    """The source a found (id, merged_into_id) stands for: itself, or the one it was merged into
    (through every merge since; walked only for a merged one, so a live source costs no query)."""
    source_id, merged_into = int(found[0]), found[1]
    if merged_into is None:
        return source_id
    survivor = connection.execute(
        "WITH RECURSIVE chain(id, merged_into_id) AS ("
        " SELECT id, merged_into_id FROM source WHERE id = %s"
        " UNION SELECT s.id, s.merged_into_id FROM source s JOIN chain ON s.id = chain.merged_into_id)"
        " SELECT id FROM chain WHERE merged_into_id IS NULL",
        (merged_into,),
    ).fetchone()
    return int(survivor[0]) if survivor is not None else int(merged_into)


def surviving_claim(connection: Connection[Any], claim_id: int) -> int:
    """A claim cited as evidence (by a forecast, or by a verdict): the one it was merged into, if it
    was; an unknown or deleted one is refused."""
    row = connection.execute("SELECT deleted_at, merged_into_id FROM claim WHERE id = %s", (claim_id,)).fetchone()
    if row is None:
        raise NotFound(f"no claim {claim_id}; see: claimtrack claim list")
    deleted_at, merged_into_id = row
    if merged_into_id is not None:
        return surviving_claim(connection, int(merged_into_id))
    if deleted_at is not None:
        raise NotFound(f"claim {claim_id} is deleted; restore it first (claimtrack claim restore {claim_id}) or cite another.")
    return claim_id


def no_such_prediction(prediction_id: int) -> NotFound:
    return NotFound(f"no prediction {prediction_id}; see: claimtrack prediction list")


def tag_ids(connection: Connection[Any], names: list[str] | tuple[str, ...]) -> list[int]:
    """Ids of the tags named (normalised), creating the ones that are new (in name order)."""
    tags = sorted({_normalised_tag(name) for name in names})
    if not tags:
        return []
    connection.execute(
        "INSERT INTO tag (name) SELECT name FROM unnest(%s::text[]) WITH ORDINALITY AS given(name, n) ORDER BY n"
        " ON CONFLICT (name) DO NOTHING",
        (tags,),
    )
    return [tag_id for (tag_id,) in connection.execute("SELECT id FROM tag WHERE name = ANY(%s::text[]) ORDER BY name", (tags,))]


def find_tag(connection: Connection[Any], name: str) -> int:
    """The id of an existing tag (normalised); NotFound suggests the closest tags (pg_trgm)."""
    tag = _normalised_tag(name)
    found = connection.execute("SELECT id FROM tag WHERE name = %s", (tag,)).fetchone()
    if found is not None:
        return int(found[0])
    closest = [
        candidate
        for (candidate,) in connection.execute(
            "SELECT name FROM tag WHERE similarity(name, %(tag)s) > 0.2 ORDER BY similarity(name, %(tag)s) DESC LIMIT 3",
            {"tag": tag},
        )
    ]
    quoted = " or ".join(f'"{candidate}"' for candidate in closest)
    hint = f" Did you mean {quoted}?" if quoted else ""
    raise NotFound(f'no claim or prediction has the tag "{tag}".{hint} Tags are given with --tag when adding.')


def _normalised_tag(name: str) -> str:
    try:
        return domain.normalise_tag(name)
    except ValueError as error:
        raise InvalidValue(str(error)) from None


def resolve_arms_transfer(connection: Connection[Any], given: ArmsTransfer) -> tuple[ActorRef, ActorRef, ArmsTransfer]:
    """An arms transfer's supplier and recipient found, and the transfer as it is stored (its item
    stripped); InvalidValue for a category, quantity, item, period or pair of actors it cannot have.
    claim add and prediction add (and their edits) take the facet this one way."""
    if given.category not in domain.ARMS_CATEGORIES:
        raise InvalidValue(f'"{given.category}" is not an arms category; use one of: {", ".join(domain.ARMS_CATEGORIES)}.')
    if given.quantity is not None and not 1 <= given.quantity <= domain.QUANTITY_MAX:
        raise InvalidValue(f"--quantity {given.quantity} is not a quantity; give a whole number from 1 to {domain.QUANTITY_MAX:,}.")
    item = (given.item or "").strip() or None
    if item is not None:
        stored_text("item", item)
    problem = period_problem(given.period_start, given.period_end)
    if problem is not None:
        raise InvalidValue(f"period_end {problem}")
    supplier, recipient = find_actor(connection, given.supplier), find_actor(connection, given.recipient)
    if parties_problem(supplier.id, recipient.id) is not None:
        raise InvalidValue(f"--supplier and --recipient are both {supplier}; an arms transfer goes from one actor to another.")
    return supplier, recipient, replace(given, item=item)
