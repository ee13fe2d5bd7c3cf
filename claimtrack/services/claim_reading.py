"""Claims read back: the newest first (as they stand, or as of a day), or one in full, with its
actors and roles, tags, sources and their stances, arms transfer and history.

Written on psycopg (see db.engine.Database.transaction), as the everyday commands' services are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from claimtrack import domain
from claimtrack.domain import PartialDate, stored_partial_date
from claimtrack.domain.arms import ArmsTransfer
from claimtrack.errors import InvalidValue, NotFound
from claimtrack.services import history
from claimtrack.services.lookup import ActorRef, find_actor, find_source, find_tag
from claimtrack.services.record_changes import ChangeEntry, changes_of

if TYPE_CHECKING:
    from psycopg import Connection

# A claim's actors are listed subjects first, then targets, then the merely mentioned.
_ROLE_ORDER = "CASE claim_actor.role " + " ".join(f"WHEN '{role}' THEN {rank}" for rank, role in enumerate(domain.ACTOR_ROLES)) + " END"



@dataclass(frozen=True)
class ClaimSummary:
    id: int
    status: str
    credibility: int
    occurred: PartialDate | None
    stated: PartialDate | None
    statement: str
    actors: list[str]
    tags: list[str]
    sources: int
    recorded_on: date


@dataclass(frozen=True)
class ClaimActorRole:
    actor_id: int
    name: str
    iso_code: str | None
    role: str


@dataclass(frozen=True)
class ClaimEvidence:
    source_id: int
    title: str
    kind: str
    reliability: str
    stance: str
    excerpt: str | None
    url: str | None
    publisher: str | None
    published: PartialDate | None
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class ClaimHistory:
    id: int
    changed_at: datetime
    effective_on: date
    from_status: str | None
    to_status: str
    changed_by: str
    reason: str | None
    evidence_source_id: int | None
    evidence: str | None


@dataclass(frozen=True)
class ClaimDetail:
    id: int
    statement: str
    status: str
    credibility: int
    claimant: str | None
    claimant_id: int | None
    occurred: PartialDate | None
    stated: PartialDate | None
    tags: list[str]
    recorded_by: str
    created_at: datetime
    updated_at: datetime
    actors: list[ClaimActorRole] = field(default_factory=list)
    sources: list[ClaimEvidence] = field(default_factory=list)
    arms_transfer: list[ArmsTransfer] = field(default_factory=list)  # none or one
    history: list[ClaimHistory] = field(default_factory=list)
    notes: str | None = None
    deleted_at: datetime | None = None  # deleted (softly): kept, gone from lists and reports
    merged_into: int | None = None  # the claim it was merged into
    changes: list[ChangeEntry] = field(default_factory=list)  # every correction (record_change)


def list_claims(
    connection: Connection[Any],
    *,
    status: str | None = None,
    actor: str | None = None,
    tag: str | None = None,
    source: int | str | None = None,
    since: PartialDate | None = None,
    as_of: PartialDate | None = None,
    after: int | None = None,
    limit: int = 50,
) -> list[ClaimSummary]:
    """The newest claims first (from the claim after claim `after`, for paging). `since` keeps claims recorded on or after the start of that date;
    `as_of` shows (and filters on) each claim's status as it stood at the end of that date (from
    its history), and leaves out claims not yet on the record then (a claim is from the day it was
    stated, else the day it was recorded: 20261204_0008)."""
    if status is not None and status not in domain.CLAIM_STATUSES:
        raise InvalidValue(f'"{status}" is not a claim status; use one of: {", ".join(domain.CLAIM_STATUSES)}.')
    status_column, joined = "claim.status", ""
    conditions: list[str] = ["claim.deleted_at IS NULL"]
    params: dict[str, Any] = {"limit": limit}
    if as_of is not None:
        # As of a date: each claim's status from its own history (correlated, so that a page of the
        # newest claims probes ix_status_history_claim a few dozen times instead of ranking all
        # history); a claim with no status by then (its first takes effect the day it was stated, or
        # recorded) is not on the record yet and drops out of the join. The query below says the
        # same from the claim's own columns, so that the claims recorded later are passed over
        # without probing their history.
        status_column = "status_then.status"
        joined = f" JOIN LATERAL ({history.status_as_of('claim', record='claim.id')}) AS status_then ON true"
        params["as_of"] = as_of.last_day
    if status is not None:
        conditions.append(f"{status_column} = %(status)s")
        params["status"] = status
    if actor is not None:
        conditions.append("EXISTS (SELECT FROM claim_actor WHERE claim_actor.claim_id = claim.id AND claim_actor.actor_id = %(actor)s)")
        params["actor"] = find_actor(connection, actor).id
    if tag is not None:
        conditions.append("EXISTS (SELECT FROM claim_tag WHERE claim_tag.claim_id = claim.id AND claim_tag.tag_id = %(tag)s)")
        params["tag"] = find_tag(connection, tag)
    if source is not None:
        conditions.append(
            "EXISTS (SELECT FROM claim_source WHERE claim_source.claim_id = claim.id AND claim_source.source_id = %(source)s)"
        )
        params["source"] = find_source(connection, source, recorded_by="", create=False)
    if since is not None:
        conditions.append("claim.created_at >= %(since)s")
        params["since"] = since.value
    if after is not None:
        conditions.append("(claim.created_at, claim.id) < (SELECT created_at, id FROM claim WHERE id = %(after)s)")
        params["after"] = after
    newest = "ORDER BY claim.created_at DESC, claim.id DESC LIMIT %(limit)s"
    if as_of is None:
        where = f" WHERE {' AND '.join(conditions)}"
        query = f"SELECT claim.id, {status_column} FROM claim{where} {newest}"
    else:
        # On the record by then: recorded by the end of that day, or recorded later but stated by
        # then (9999-12-31 + 1 is a date). Two lists, newest first, merged: the claims recorded by
        # then are read from the newest of them down the index on created_at, rather than passing
        # over every claim recorded since; the others are the few recorded later of a statement
        # made by then.
        by_then = " AND ".join([*conditions, "claim.created_at < %(as_of)s::date + 1"])
        stated_by_then = " AND ".join([*conditions, "claim.created_at >= %(as_of)s::date + 1", "claim.stated_on <= %(as_of)s"])
        query = (
            f"SELECT id, status FROM ((SELECT claim.id, claim.created_at, {status_column} AS status FROM claim{joined}"
            f" WHERE {by_then} {newest}) UNION ALL (SELECT claim.id, claim.created_at, {status_column} AS status FROM claim{joined}"
            f" WHERE {stated_by_then} {newest})) AS claim {newest}"
        )
    page = connection.execute(query, params).fetchall()
    return _summaries(connection, [(claim_id, claim_status) for claim_id, claim_status in page])


def _summaries(connection: Connection[Any], page: Sequence[tuple[int, str]]) -> list[ClaimSummary]:
    """The rest of each listed claim, for the page's rows only: actors, tags, source counts."""
    ids = [claim_id for claim_id, _ in page]
    if not ids:
        return []
    rows = {
        row[0]: row[1:]
        for row in connection.execute(
            f"""
            SELECT claim.id, claim.credibility, claim.occurred_on, claim.occurred_precision, claim.stated_on,
                   claim.stated_precision, claim.statement,
                   (SELECT array_agg(actor.name ORDER BY {_ROLE_ORDER}, actor.name)
                    FROM actor JOIN claim_actor ON claim_actor.actor_id = actor.id
                    WHERE claim_actor.claim_id = claim.id) AS actors,
                   (SELECT array_agg(tag.name ORDER BY tag.name)
                    FROM tag JOIN claim_tag ON claim_tag.tag_id = tag.id
                    WHERE claim_tag.claim_id = claim.id) AS tags,
                   (SELECT count(*) FROM claim_source WHERE claim_source.claim_id = claim.id) AS sources,
                   date(claim.created_at) AS recorded_on
            FROM claim
            WHERE claim.id = ANY(%s)
            """,
            (ids,),
        )
    }
    summaries = []
    for claim_id, status in page:
        credibility, occurred_on, occurred_precision, stated_on, stated_precision, statement, actors, tags, sources, recorded_on = rows[claim_id]
        summaries.append(
            ClaimSummary(
                id=claim_id,
                status=status,
                credibility=credibility,
                occurred=stored_partial_date(occurred_on, occurred_precision),
                stated=stored_partial_date(stated_on, stated_precision),
                statement=statement,
                actors=list(dict.fromkeys(actors or [])),
                tags=list(tags or []),
                sources=sources,
                recorded_on=recorded_on,
            )
        )
    return summaries


def show_claim(connection: Connection[Any], *, claim_id: int) -> ClaimDetail:
    claim = connection.execute(
        """
        SELECT claim.id, claim.statement, claim.status, claim.credibility, claimant.name, claim.claimant_id,
               claim.occurred_on, claim.occurred_precision, claim.stated_on, claim.stated_precision,
               claim.recorded_by, claim.created_at, claim.updated_at, claim.notes, claim.deleted_at, claim.merged_into_id
        FROM claim LEFT JOIN actor AS claimant ON claimant.id = claim.claimant_id
        WHERE claim.id = %s
        """,
        (claim_id,),
    ).fetchone()
    if claim is None:
        raise NotFound(f"no claim {claim_id}; see: claimtrack claim list")
    actors = connection.execute(
        f"""
        SELECT actor.id, actor.name, actor.iso_code, claim_actor.role
        FROM actor JOIN claim_actor ON claim_actor.actor_id = actor.id
        WHERE claim_actor.claim_id = %s
        ORDER BY {_ROLE_ORDER}, actor.name
        """,
        (claim_id,),
    ).fetchall()
    tags = connection.execute(
        "SELECT tag.name FROM tag JOIN claim_tag ON claim_tag.tag_id = tag.id WHERE claim_tag.claim_id = %s ORDER BY tag.name",
        (claim_id,),
    ).fetchall()
    sources = connection.execute(
        """
        SELECT source.id, source.title, source.kind, source.reliability, claim_source.stance, claim_source.excerpt,
               source.url, source.publisher, source.published_on, source.published_precision,
               claim_source.added_by, claim_source.added_at
        FROM source JOIN claim_source ON claim_source.source_id = source.id
        WHERE claim_source.claim_id = %s
        ORDER BY claim_source.added_at, source.id
        """,
        (claim_id,),
    ).fetchall()
    (id_, statement, status, credibility, claimant, claimant_id, occurred_on, occurred_precision,
     stated_on, stated_precision, recorded_by, created_at, updated_at, notes, deleted_at, merged_into) = claim  # fmt: skip
    return ClaimDetail(
        id=id_,
        statement=statement,
        status=status,
        credibility=credibility,
        claimant=claimant,
        claimant_id=claimant_id,
        occurred=stored_partial_date(occurred_on, occurred_precision),
        stated=stored_partial_date(stated_on, stated_precision),
        tags=[name for (name,) in tags],
        recorded_by=recorded_by,
        created_at=created_at,
        updated_at=updated_at,
        actors=[ClaimActorRole(*row) for row in actors],
        sources=[
            ClaimEvidence(i, t, k, r, s, e, u, p, stored_partial_date(on, precision), by, at)
            for i, t, k, r, s, e, u, p, on, precision, by, at in sources
        ],
        arms_transfer=arms_transfers_of(connection, "claim", claim_id),
        history=[
            ClaimHistory(
                h.id,
                h.changed_at, h.effective_on, h.from_status, h.to_status, h.changed_by, h.reason, h.evidence_source_id, h.evidence
            )
            for h in history.history_of(connection, "claim", claim_id)
        ],
        notes=notes,
        deleted_at=deleted_at,
        merged_into=merged_into,
        changes=changes_of(connection, "claim", claim_id),
    )


def arms_transfers_of(
    connection: Connection[Any], owner: Literal["claim", "prediction"], owner_id: int, *, with_codes: bool = False
) -> list[ArmsTransfer]:
    """The arms transfer (none or one) of a claim or a prediction, its actors by name, or with
    `with_codes` as messages name them ("North Korea (PRK)")."""
    rows = connection.execute(
        f"""
        SELECT supplier.name, supplier.iso_code, recipient.name, recipient.iso_code,
               t.category, t.item, t.quantity, t.period_start, t.period_end
        FROM arms_transfer t
        JOIN actor AS supplier ON supplier.id = t.supplier_id
        JOIN actor AS recipient ON recipient.id = t.recipient_id
        WHERE t.{owner}_id = %s
        """,  # owner is "claim" or "prediction", never input
        (owner_id,),
    ).fetchall()

    def actor(name: str, iso_code: str | None) -> str:
        return str(ActorRef(0, name, iso_code)) if with_codes else name

    return [ArmsTransfer(actor(s_name, s_code), actor(r_name, r_code), *facet) for s_name, s_code, r_name, r_code, *facet in rows]
