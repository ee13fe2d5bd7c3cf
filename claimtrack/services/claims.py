"""Claims: record one with its actors, tags and evidence; list, search and show them; cite a source
for one; change its status (the database writes the history, from the context set here)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import case, exists, func, select, text, true, update
from sqlalchemy.dialects.postgresql import aggregate_order_by, insert
from sqlalchemy.orm import Session, aliased

from claimtrack import domain
from claimtrack.db.models import (
    STATEMENT_MAX,
    TEXT_MAX,
    Actor,
    ArmsTransfer,
    Claim,
    ClaimActor,
    ClaimSource,
    ClaimTag,
    Source,
    StatusHistory,
    Tag,
)
from claimtrack.domain import PartialDate, stored_partial_date
from claimtrack.errors import Conflict, InvalidValue, NotFound, RefusedTransition
from claimtrack.services import history
from claimtrack.services.lookup import find_actor, find_source, find_tag, tag_ids

# Trigram similarity (pg_trgm, which compares the sets of three-letter pieces of the words, so word
# order, case and punctuation do not count) at or above which a new statement is "nearly identical".
# Measured against "Russia forgave most of North Korea's debt in 2012": reordered or re-cased 1.00,
# "debts" and a curly apostrophe 0.94, one word dropped 0.84, "for talks" appended 0.83 — all the
# same claim, all caught at 0.8; "Cuba's" instead of "North Korea's" 0.69, "imports" for "exports"
# 0.64, a figure added 0.70 — different claims, all let through. A changed number scores high ("in
# 2014" 0.92) yet is a different claim, so candidates whose numbers differ are not duplicates.
DUPLICATE_SIMILARITY = 0.8
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ROLE_ORDER = case({role: rank for rank, role in enumerate(domain.ACTOR_ROLES)}, value=ClaimActor.role)


@dataclass(frozen=True)
class Evidence:
    """A source offered for a claim: an id or a URL (an unknown URL creates the source)."""

    source: int | str
    stance: str = "reports"
    excerpt: str | None = None


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
class ClaimArmsTransfer:
    supplier: str
    recipient: str
    category: str
    item: str | None
    quantity: int | None
    period_start: date | None
    period_end: date | None


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
    arms_transfer: list[ClaimArmsTransfer] = field(default_factory=list)
    history: list[ClaimHistory] = field(default_factory=list)


@dataclass(frozen=True)
class ClaimHit:
    id: int
    status: str
    matched_in: str  # "statement" or "excerpt"
    rank: float
    statement: str  # ts_headline: the matching words between ** **
    excerpt: str | None  # the best-matching excerpt's headline, if an excerpt matches
    excerpt_source_id: int | None


@dataclass(frozen=True)
class Citation:
    claim_id: int
    source_id: int
    stance: str
    excerpt: str | None
    previous_stance: str | None  # None when the source was not cited by the claim before


@dataclass(frozen=True)
class StatusChange:
    claim_id: int
    from_status: str
    to_status: str
    evidence_source_id: int | None


# --- add --------------------------------------------------------------------------------------


def add_claim(
    session: Session,
    *,
    statement: str,
    recorded_by: str,
    actors: Sequence[tuple[str, str]] = (),
    claimant: str | None = None,
    tags: Sequence[str] = (),
    occurred: PartialDate | None = None,
    stated: PartialDate | None = None,
    credibility: int = 6,
    evidence: Evidence | None = None,
    allow_duplicate: bool = False,
) -> int:
    """Record a claim. `actors` holds (name, alias or code; role) pairs. A statement nearly
    identical to an existing claim is refused (naming it) unless `allow_duplicate`."""
    statement = _checked_text("statement", statement, STATEMENT_MAX)
    if credibility not in domain.CREDIBILITY_GRADES:
        raise InvalidValue(f"credibility {credibility} is off the scale; use 1 (confirmed) to 5 (improbable), or 6 (cannot be judged).")
    for _, role in actors:
        _check_choice("role", role, domain.ACTOR_ROLES)
    if evidence is not None:
        _check_evidence(evidence)
    actor_roles = list(dict.fromkeys((find_actor(session, reference).id, role) for reference, role in actors))
    claimant_id = find_actor(session, claimant).id if claimant is not None else None
    if not allow_duplicate:
        _refuse_near_duplicate(session, statement)
    claim = Claim(
        statement=statement,
        credibility=credibility,
        claimant_id=claimant_id,
        occurred_on=occurred.value if occurred else None,
        occurred_precision=occurred.precision if occurred else None,
        stated_on=stated.value if stated else None,
        stated_precision=stated.precision if stated else None,
        recorded_by=recorded_by,
    )
    session.add(claim)
    session.flush()
    session.add_all(ClaimActor(claim_id=claim.id, actor_id=actor_id, role=role) for actor_id, role in actor_roles)
    session.add_all(ClaimTag(claim_id=claim.id, tag_id=tag_id) for tag_id in tag_ids(session, list(tags)))
    if evidence is not None:
        source_id = find_source(session, evidence.source, recorded_by=recorded_by)
        _link_source(session, claim.id, source_id, evidence.stance, evidence.excerpt, added_by=recorded_by)
    session.flush()
    return claim.id


def _checked_text(what: str, value: str, max_length: int) -> str:
    value = value.strip()
    if not value:
        raise InvalidValue(f"the {what} is empty; give some text.")
    if len(value) > max_length:
        raise InvalidValue(f"the {what} is {len(value):,} characters long; the most is {max_length:,}.")
    return value


def _check_choice(what: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise InvalidValue(f'"{value}" is not a {what}; use one of: {", ".join(allowed)}.')


def _check_evidence(evidence: Evidence) -> None:
    _check_choice("stance", evidence.stance, domain.STANCES)
    if evidence.excerpt is not None:
        _checked_text("excerpt", evidence.excerpt, TEXT_MAX)


def _refuse_near_duplicate(session: Session, statement: str) -> None:
    # `%` is the trigram-similarity operator: it uses ix_claim_statement_trgm, with the threshold
    # set for this transaction only.
    session.execute(
        text("SELECT set_config('pg_trgm.similarity_threshold', :threshold, true)"),
        {"threshold": str(DUPLICATE_SIMILARITY)},
    )
    candidates = session.execute(
        text(
            "SELECT id, statement, similarity(statement, :statement) AS score FROM claim"
            " WHERE statement % :statement ORDER BY score DESC, id LIMIT 5"
        ),
        {"statement": statement},
    ).all()
    numbers = Counter(_NUMBER.findall(statement))
    for claim_id, existing, score in candidates:
        if Counter(_NUMBER.findall(existing)) == numbers:
            raise Conflict(
                f'claim {claim_id} already says nearly the same ({score:.0%} alike): "{_shorten(existing, 80)}". '
                f"Cite your source for it (claimtrack claim cite {claim_id} --source S), or add --allow-duplicate."
            )


def _shorten(value: str, length: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= length else value[: length - 1].rstrip() + "…"


def _link_source(
    session: Session, claim_id: int, source_id: int, stance: str, excerpt: str | None, *, added_by: str
) -> str | None:
    """Link a source to a claim, or change the stance (and excerpt, when one is given) of the link
    it already has. Returns the stance the link had before, None if it is new."""
    previous = session.execute(
        select(ClaimSource.stance)
        .where(ClaimSource.claim_id == claim_id, ClaimSource.source_id == source_id)
        .with_for_update()
    ).scalar()
    values = {"stance": stance} | ({"excerpt": excerpt} if excerpt is not None else {})
    session.execute(
        insert(ClaimSource)
        .values(claim_id=claim_id, source_id=source_id, added_by=added_by, **values)
        .on_conflict_do_update(index_elements=["claim_id", "source_id"], set_=values)
    )
    return previous


# --- list, search, show -------------------------------------------------------------------------


def list_claims(
    session: Session,
    *,
    status: str | None = None,
    actor: str | None = None,
    tag: str | None = None,
    source: int | str | None = None,
    since: PartialDate | None = None,
    as_of: PartialDate | None = None,
    limit: int = 50,
) -> list[ClaimSummary]:
    """The newest claims first. `since` keeps claims recorded on or after the start of that date;
    `as_of` shows (and filters on) each claim's status as it stood at the end of that date (from
    its history), and leaves out claims recorded later."""
    if status is not None:
        _check_choice("claim status", status, domain.CLAIM_STATUSES)
    # As of a date: each claim's status from its own history (correlated, so that a page of the
    # newest claims probes ix_status_history_claim a few dozen times instead of ranking all history).
    then = (
        history.status_as_of("claim", as_of.last_day).where(StatusHistory.claim_id == Claim.id).lateral("then")
        if as_of is not None
        else None
    )
    status_column = then.c.status if then is not None else Claim.__table__.c.status
    query = select(Claim.id, status_column)
    if then is not None and as_of is not None:
        # Only claims recorded by then (imports keep created_at), walked newest first from that day.
        query = query.join(then, true()).where(Claim.created_at < as_of.last_day + timedelta(days=1))
    if status is not None:
        query = query.where(status_column == status)
    if actor is not None:
        actor_id = find_actor(session, actor).id
        query = query.where(exists().where(ClaimActor.claim_id == Claim.id, ClaimActor.actor_id == actor_id))
    if tag is not None:
        tag_id = find_tag(session, tag)
        query = query.where(exists().where(ClaimTag.claim_id == Claim.id, ClaimTag.tag_id == tag_id))
    if source is not None:
        source_id = find_source(session, source, recorded_by="", create=False)
        query = query.where(exists().where(ClaimSource.claim_id == Claim.id, ClaimSource.source_id == source_id))
    if since is not None:
        query = query.where(Claim.created_at >= since.value)
    query = query.order_by(Claim.created_at.desc(), Claim.id.desc()).limit(limit)
    page = [(claim_id, claim_status) for claim_id, claim_status in session.execute(query)]
    return _summaries(session, page)


def _summaries(session: Session, page: Sequence[tuple[int, str]]) -> list[ClaimSummary]:
    """The rest of each listed claim, for the page's rows only: actors, tags, source counts."""
    ids = [claim_id for claim_id, _ in page]
    if not ids:
        return []
    actor_names = (
        select(func.array_agg(aggregate_order_by(Actor.name, _ROLE_ORDER, Actor.name)))
        .join(ClaimActor, ClaimActor.actor_id == Actor.id)
        .where(ClaimActor.claim_id == Claim.id)
        .scalar_subquery()
    )
    tag_names = (
        select(func.array_agg(aggregate_order_by(Tag.name, Tag.name)))
        .join(ClaimTag, ClaimTag.tag_id == Tag.id)
        .where(ClaimTag.claim_id == Claim.id)
        .scalar_subquery()
    )
    sources = select(func.count()).where(ClaimSource.claim_id == Claim.id).scalar_subquery()
    rows = {
        row.id: row
        for row in session.execute(
            select(
                Claim.id,
                Claim.credibility,
                Claim.occurred_on,
                Claim.occurred_precision,
                Claim.stated_on,
                Claim.stated_precision,
                Claim.statement,
                actor_names.label("actors"),
                tag_names.label("tags"),
                sources.label("sources"),
                func.date(Claim.created_at).label("recorded_on"),
            ).where(Claim.id.in_(ids))
        )
    }
    return [
        ClaimSummary(
            id=claim_id,
            status=status,
            credibility=rows[claim_id].credibility,
            occurred=stored_partial_date(rows[claim_id].occurred_on, rows[claim_id].occurred_precision),
            stated=stored_partial_date(rows[claim_id].stated_on, rows[claim_id].stated_precision),
            statement=rows[claim_id].statement,
            actors=list(dict.fromkeys(rows[claim_id].actors or [])),
            tags=list(rows[claim_id].tags or []),
            sources=rows[claim_id].sources,
            recorded_on=rows[claim_id].recorded_on,
        )
        for claim_id, status in page
    ]


# The headline of a match: the matching words between ** ** (markdown bold, plain in a terminal).
_HEADLINE = "StartSel=**, StopSel=**, MaxWords=35, MinWords=20"

# How many of the newest matches a tier ranks. Ranking reads every candidate's tsvector, so an
# uncapped common word (a fifth of a million claims) costs most of a second; the newest 2,000 are
# found by walking the primary key backwards (or, for rarer words, from the GIN bitmap), so a search
# stays within tens of milliseconds at 1M claims. The CLI says when the cap was reached.
SEARCH_CANDIDATES = 2000

# Two tiers: every statement match ranks above every excerpt-only match; within a tier, ts_rank
# (normalised by document length). Each tier ranks only the GIN index's matches, at most
# SEARCH_CANDIDATES of them, the newest; the excerpt tier is not even scanned when statements fill
# the page; ts_headline runs on the returned rows alone. The scans repeat websearch_to_tsquery
# rather than read the `query` CTE so that the planner sees the words and, from the column's
# statistics, how common they are: it walks the primary key backwards for a common word and reads
# the GIN index for a rare one.
_SEARCH = text(
    """
    WITH query AS MATERIALIZED (SELECT websearch_to_tsquery('english', :query) AS q),
    statement_candidates AS MATERIALIZED (
        SELECT c.id
        FROM claim c
        WHERE c.search @@ websearch_to_tsquery('english', :query)
        ORDER BY c.id DESC
        LIMIT :candidates
    ),
    statement_hits AS MATERIALIZED (
        SELECT c.id, ts_rank(c.search, query.q, 1) AS rank
        FROM statement_candidates JOIN claim c USING (id), query
        ORDER BY rank DESC, c.id DESC
        LIMIT :limit
    ),
    excerpt_candidates AS MATERIALIZED (
        -- Runs only when statements leave room on the page, and then statement_hits holds every
        -- statement match, so excluding its ids leaves the excerpt-only matches.
        SELECT cs.claim_id, cs.search
        FROM claim_source cs
        WHERE (SELECT count(*) FROM statement_hits) < :limit
          AND cs.search @@ websearch_to_tsquery('english', :query)
          AND cs.claim_id NOT IN (SELECT id FROM statement_hits)
        ORDER BY cs.claim_id DESC
        LIMIT :candidates
    ),
    excerpt_hits AS (
        SELECT claim_id AS id, max(ts_rank(search, query.q, 1)) AS rank
        FROM excerpt_candidates, query
        GROUP BY claim_id
        ORDER BY rank DESC, id DESC
        LIMIT :limit
    ),
    page AS (
        SELECT id, rank, 'statement' AS matched_in, 0 AS tier FROM statement_hits
        UNION ALL
        SELECT id, rank, 'excerpt', 1 FROM excerpt_hits
        ORDER BY tier, rank DESC, id DESC
        LIMIT :limit
    )
    SELECT page.id, c.status, page.matched_in, page.rank,
           ts_headline('english', c.statement, query.q, :headline) AS statement,
           best.excerpt, best.source_id,
           (SELECT count(*) FROM statement_candidates) >= :candidates
               OR (SELECT count(*) FROM excerpt_candidates) >= :candidates AS capped
    FROM page
    JOIN claim c ON c.id = page.id
    CROSS JOIN query
    LEFT JOIN LATERAL (
        SELECT ts_headline('english', cs.excerpt, query.q, :headline) AS excerpt, cs.source_id
        FROM claim_source cs
        WHERE cs.claim_id = page.id AND cs.search @@ query.q
        ORDER BY ts_rank(cs.search, query.q, 1) DESC, cs.source_id
        LIMIT 1
    ) best ON true
    ORDER BY page.tier, page.rank DESC, page.id DESC
    """
)


@dataclass(frozen=True)
class SearchResult:
    hits: list[ClaimHit]
    capped: bool  # more than SEARCH_CANDIDATES claims matched: the newest of them were ranked


def search_claims(session: Session, *, query: str, limit: int = 20, candidates: int = SEARCH_CANDIDATES) -> SearchResult:
    """Claims whose statement or an excerpt matches `query` (web-search syntax: "a phrase", or,
    -word), best first; words match by their stem ("exporting" finds "exports"). When more than
    `candidates` claims match, the newest `candidates` of them are ranked."""
    query = query.strip()
    if not query:
        raise InvalidValue("the search is empty; give some words to look for.")
    searchable = session.execute(
        text("SELECT numnode(websearch_to_tsquery('english', :query)) > 0"), {"query": query}
    ).scalar_one()
    if not searchable:
        raise InvalidValue(f'"{query}" has no words to search for (only very common ones such as "the"); use more specific words.')
    rows = session.execute(
        _SEARCH, {"query": query, "limit": limit, "candidates": max(candidates, limit), "headline": _HEADLINE}
    ).all()
    return SearchResult([ClaimHit(*row[:-1]) for row in rows], capped=bool(rows and rows[0].capped))


def show_claim(session: Session, *, claim_id: int) -> ClaimDetail:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"no claim {claim_id}; see: claimtrack claim list")
    claimant = session.get(Actor, claim.claimant_id) if claim.claimant_id is not None else None
    actors = session.execute(
        select(Actor.id, Actor.name, Actor.iso_code, ClaimActor.role)
        .join(ClaimActor, ClaimActor.actor_id == Actor.id)
        .where(ClaimActor.claim_id == claim_id)
        .order_by(_ROLE_ORDER, Actor.name)
    ).all()
    tags = session.execute(
        select(Tag.name).join(ClaimTag, ClaimTag.tag_id == Tag.id).where(ClaimTag.claim_id == claim_id).order_by(Tag.name)
    ).scalars().all()
    sources = session.execute(
        select(
            Source.id,
            Source.title,
            Source.kind,
            Source.reliability,
            ClaimSource.stance,
            ClaimSource.excerpt,
            Source.url,
            Source.publisher,
            Source.published_on,
            Source.published_precision,
            ClaimSource.added_by,
            ClaimSource.added_at,
        )
        .join(ClaimSource, ClaimSource.source_id == Source.id)
        .where(ClaimSource.claim_id == claim_id)
        .order_by(ClaimSource.added_at, Source.id)
    ).all()
    supplier, recipient = aliased(Actor), aliased(Actor)
    transfers = session.execute(
        select(
            supplier.name,
            recipient.name,
            ArmsTransfer.category,
            ArmsTransfer.item,
            ArmsTransfer.quantity,
            ArmsTransfer.period_start,
            ArmsTransfer.period_end,
        )
        .join(supplier, supplier.id == ArmsTransfer.supplier_id)
        .join(recipient, recipient.id == ArmsTransfer.recipient_id)
        .where(ArmsTransfer.claim_id == claim_id)
    ).all()
    return ClaimDetail(
        id=claim.id,
        statement=claim.statement,
        status=claim.status,
        credibility=claim.credibility,
        claimant=claimant.name if claimant else None,
        claimant_id=claim.claimant_id,
        occurred=stored_partial_date(claim.occurred_on, claim.occurred_precision),
        stated=stored_partial_date(claim.stated_on, claim.stated_precision),
        tags=list(tags),
        recorded_by=claim.recorded_by,
        created_at=claim.created_at,
        updated_at=claim.updated_at,
        actors=[ClaimActorRole(*row) for row in actors],
        sources=[
            ClaimEvidence(i, t, k, r, s, e, u, p, stored_partial_date(on, precision), by, at)
            for i, t, k, r, s, e, u, p, on, precision, by, at in sources
        ],
        arms_transfer=[ClaimArmsTransfer(*row) for row in transfers],
        history=[
            ClaimHistory(
                h.id,
                h.changed_at, h.effective_on, h.from_status, h.to_status, h.changed_by, h.reason, h.evidence_source_id, h.evidence
            )
            for h in history.history_of(session, "claim", claim_id)
        ],
    )


# --- cite, set-status ---------------------------------------------------------------------------


def cite_claim(session: Session, *, claim_id: int, evidence: Evidence, added_by: str) -> Citation:
    """Link a source to a claim with a stance; citing it again changes the stance (and the excerpt,
    when one is given)."""
    _check_evidence(evidence)
    _claim_status(session, claim_id)
    source_id = find_source(session, evidence.source, recorded_by=added_by)
    previous = _link_source(session, claim_id, source_id, evidence.stance, evidence.excerpt, added_by=added_by)
    excerpt = session.execute(
        select(ClaimSource.excerpt).where(ClaimSource.claim_id == claim_id, ClaimSource.source_id == source_id)
    ).scalar()
    return Citation(claim_id, source_id, evidence.stance, excerpt, previous)


# The stance a source given as evidence for a status change takes in the claim's sources.
_EVIDENCE_STANCE = {"confirmed": "supports", "corroborated": "supports", "refuted": "disputes", "contested": "disputes"}


def set_claim_status(
    session: Session, *, claim_id: int, status: str, reason: str, changed_by: str, evidence: int | str | None = None
) -> StatusChange:
    """Move a claim to `status`, with a reason; confirmed and refuted need an evidence source,
    which is also linked to the claim as supporting or disputing it."""
    _check_choice("claim status", status, domain.CLAIM_STATUSES)
    reason = _checked_text("reason", reason, TEXT_MAX)
    current = _claim_status(session, claim_id, lock=True)
    allowed = domain.allowed_claim_transitions(current)
    if status not in allowed:
        raise RefusedTransition(
            f"claim {claim_id} is already {current}; it can become {', '.join(allowed)}."
            if status == current
            else f"claim {claim_id} is {current} and cannot become {status}; it can become {', '.join(allowed)}."
        )
    if status in ("confirmed", "refuted") and evidence is None:
        raise InvalidValue(
            f"marking claim {claim_id} {status} needs the source that shows it; add --evidence ID|URL."
        )
    source_id = None
    if evidence is not None:
        source_id = find_source(session, evidence, recorded_by=changed_by)
        stance = _EVIDENCE_STANCE.get(status)
        if stance is not None:
            _link_source(session, claim_id, source_id, stance, None, added_by=changed_by)
        else:  # a retraction's or a reset's source is linked as a report, leaving a stance it has
            session.execute(
                insert(ClaimSource)
                .values(claim_id=claim_id, source_id=source_id, stance="reports", added_by=changed_by)
                .on_conflict_do_nothing(index_elements=["claim_id", "source_id"])
            )
    history.set_change_context(session, reason=reason, evidence_source_id=source_id)
    session.execute(update(Claim).where(Claim.id == claim_id).values(status=status))
    return StatusChange(claim_id, current, status, source_id)


def _claim_status(session: Session, claim_id: int, *, lock: bool = False) -> str:
    query = select(Claim.status).where(Claim.id == claim_id)
    found = session.execute(query.with_for_update() if lock else query).scalar()
    if found is None:
        raise NotFound(f"no claim {claim_id}; see: claimtrack claim list")
    return found
