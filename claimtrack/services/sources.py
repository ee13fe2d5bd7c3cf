"""Sources: record one (its URL normalised and unique), list them, show one with the claims it backs.

Written on psycopg, as the other everyday commands' services are (see db.engine.Database.transaction)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.domain import PartialDate, stored_partial_date
from claimtrack.errors import Conflict, InvalidValue, NotFound
from claimtrack.services.lookup import stored_text, stored_url
from claimtrack.services.record_changes import ChangeEntry, changes_of

if TYPE_CHECKING:
    from psycopg import Connection


@dataclass(frozen=True)
class SourceSummary:
    id: int
    title: str
    kind: str
    publisher: str | None
    published: PartialDate | None
    reliability: str
    url: str | None
    claims: int
    incomplete: bool = False  # made on the fly from its URL; its details are still to be given (source edit)


@dataclass(frozen=True)
class SourceClaim:
    claim_id: int
    stance: str
    status: str
    statement: str
    excerpt: str | None


@dataclass(frozen=True)
class SourceDetail:
    id: int
    title: str
    kind: str
    url: str | None
    publisher: str | None
    author: str | None
    published: PartialDate | None
    reliability: str
    notes: str | None
    recorded_by: str
    created_at: datetime
    claims: int
    predictions_made: int
    predictions_resolved_with: int
    incomplete: bool = False
    deleted_at: datetime | None = None
    merged_into: int | None = None  # the source it was merged into
    recent_claims: list[SourceClaim] = field(default_factory=list)
    changes: list[ChangeEntry] = field(default_factory=list)


def add_source(
    connection: Connection[Any],
    *,
    title: str,
    recorded_by: str,
    url: str | None = None,
    kind: str = "other",
    publisher: str | None = None,
    author: str | None = None,
    published: PartialDate | None = None,
    reliability: str = "F",
    notes: str | None = None,
) -> int:
    """Record a source; a URL already on record (once normalised) is refused, naming its source."""
    title = title.strip()
    if not title:
        raise InvalidValue("a source's title is empty; give its title or headline.")
    stored_text("title", title)
    for name, value in (("publisher", publisher), ("author", author), ("notes", notes), ("user", recorded_by)):
        if value is not None:
            stored_text(name, value)
    if kind not in domain.SOURCE_KINDS:
        raise InvalidValue(f'"{kind}" is not a kind of source; use one of: {", ".join(domain.SOURCE_KINDS)}.')
    if reliability not in domain.RELIABILITY_GRADES:
        raise InvalidValue(f'"{reliability}" is not a reliability grade; use A (reliable) to E, or F (cannot be judged).')
    if url is not None:
        url = stored_url(url)
        _refuse_known_url(connection, url)
    created = connection.execute(
        """
        INSERT INTO source (title, url, kind, publisher, author, published_on, published_precision, reliability,
                            notes, recorded_by)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
        ON CONFLICT (url) DO NOTHING RETURNING id
        """,
        (
            title, url, kind, publisher, author,
            published.value if published else None, published.precision if published else None,
            reliability, notes, recorded_by,
        ),
    ).fetchone()
    if created is None:  # a concurrent command recorded the same URL a moment ago
        assert url is not None
        _refuse_known_url(connection, url)
    assert created is not None
    return int(created[0])


def _refuse_known_url(connection: Connection[Any], url: str) -> None:
    known = connection.execute("SELECT id, title FROM source WHERE url = %s", (url,)).fetchone()
    if known is not None:
        source_id, title = known
        raise Conflict(
            f'source {source_id} ("{title}") already has the URL {url}; cite it as --source {source_id}, '
            f'or correct its details with: claimtrack source edit {source_id} --title "..." (see: claimtrack source edit --help)'
        )


def list_sources(
    connection: Connection[Any],
    *,
    kind: str | None = None,
    reliability: str | None = None,
    publisher: str | None = None,
    incomplete: bool = False,
    after: int | None = None,
    limit: int = 50,
) -> list[SourceSummary]:
    """The newest sources first (from the source after source `after`, for paging), with how many
    claims cite each; merged sources are left out.
    `incomplete`: only the sources made on the fly from a URL whose details are still to be given."""
    if kind is not None and kind not in domain.SOURCE_KINDS:
        raise InvalidValue(f'"{kind}" is not a kind of source; use one of: {", ".join(domain.SOURCE_KINDS)}.')
    if reliability is not None and reliability not in domain.RELIABILITY_GRADES:
        raise InvalidValue(f'"{reliability}" is not a reliability grade; use one of: {", ".join(domain.RELIABILITY_GRADES)}.')
    conditions: list[str] = ["source.deleted_at IS NULL"]
    if incomplete:
        conditions.append("source.incomplete")  # ix_source_incomplete
    params: dict[str, Any] = {"limit": limit}
    if kind is not None:
        conditions.append("source.kind = %(kind)s")
        params["kind"] = kind
    if reliability is not None:
        conditions.append("source.reliability = %(reliability)s")
        params["reliability"] = reliability
    if publisher is not None:
        conditions.append("lower(source.publisher) = %(publisher)s")
        params["publisher"] = stored_text("publisher", publisher.strip()).lower()
    if after is not None:  # newest first is by id, so the keyset is the id itself
        conditions.append("source.id < %(after)s")
        params["after"] = after
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    rows = connection.execute(
        "SELECT source.id, source.title, source.kind, source.publisher, source.published_on, source.published_precision,"
        " source.reliability, source.url,"
        " (SELECT count(*) FROM claim_source WHERE claim_source.source_id = source.id), source.incomplete"
        f" FROM source{where} ORDER BY source.id DESC LIMIT %(limit)s",
        params,
    ).fetchall()
    return [
        SourceSummary(i, t, k, p, stored_partial_date(on, precision), r, u, c, inc)
        for i, t, k, p, on, precision, r, u, c, inc in rows
    ]


def show_source(connection: Connection[Any], *, source_id: int, recent: int = 20) -> SourceDetail:
    source = connection.execute(
        """
        SELECT id, title, kind, url, publisher, author, published_on, published_precision, reliability, notes,
               recorded_by, created_at,
               (SELECT count(*) FROM claim_source WHERE claim_source.source_id = source.id),
               (SELECT count(*) FROM prediction WHERE prediction.predictor_source_id = source.id),
               (SELECT count(*) FROM prediction WHERE prediction.evidence_source_id = source.id),
               incomplete, deleted_at, merged_into_id
        FROM source WHERE id = %s
        """,
        (source_id,),
    ).fetchone()
    if source is None:
        raise NotFound(f"no source {source_id}; see: claimtrack source list")
    (id_, title, kind, url, publisher, author, published_on, published_precision, reliability, notes,
     recorded_by, created_at, claims, made, resolved, incomplete, deleted_at, merged_into) = source  # fmt: skip
    latest = connection.execute(
        """
        SELECT claim.id, claim_source.stance, claim.status, claim.statement, claim_source.excerpt
        FROM claim JOIN claim_source ON claim_source.claim_id = claim.id
        WHERE claim_source.source_id = %s
        ORDER BY claim_source.added_at DESC, claim.id DESC
        LIMIT %s
        """,
        (source_id, recent),
    ).fetchall()
    return SourceDetail(
        id=id_,
        title=title,
        kind=kind,
        url=url,
        publisher=publisher,
        author=author,
        published=stored_partial_date(published_on, published_precision),
        reliability=reliability,
        notes=notes,
        recorded_by=recorded_by,
        created_at=created_at,
        claims=claims,
        predictions_made=made,
        predictions_resolved_with=resolved,
        incomplete=incomplete,
        deleted_at=deleted_at,
        merged_into=merged_into,
        recent_claims=[SourceClaim(*row) for row in latest],
        changes=changes_of(connection, "source", source_id),
    )
