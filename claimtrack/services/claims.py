"""Claims: record one with its actors, tags and evidence; list, search and show them; cite a source
for one; change its status (the database writes the history, from the context set here).

Written on psycopg (see db.engine.Database.transaction): these are the everyday commands, and
SQLAlchemy would cost them more than all their SQL."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.domain import PartialDate, stored_partial_date
from claimtrack.errors import Conflict, InvalidValue, NotFound, RefusedTransition
from claimtrack.services import history
from claimtrack.services.lookup import find_actor, find_source, find_tag, stored_text, tag_ids

if TYPE_CHECKING:
    from psycopg import Connection

# Trigram similarity (pg_trgm, which compares the sets of three-letter pieces of the words, so word
# order, case and punctuation do not count) at or above which a new statement is "nearly identical".
# Measured against "Russia forgave most of North Korea's debt in 2012": reordered or re-cased 1.00,
# "debts" and a curly apostrophe 0.94, one word dropped 0.84, "for talks" appended 0.83 — all the
# same claim, all caught at 0.8; "Cuba's" instead of "North Korea's" 0.69, "imports" for "exports"
# 0.64, a figure added 0.70 — different claims, all let through. A changed number scores high ("in
# 2014" 0.92) yet is a different claim, so candidates whose numbers differ are not duplicates.
DUPLICATE_SIMILARITY = 0.8
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A claim's actors are listed subjects first, then targets, then the merely mentioned.
_ROLE_ORDER = "CASE claim_actor.role " + " ".join(f"WHEN '{role}' THEN {rank}" for rank, role in enumerate(domain.ACTOR_ROLES)) + " END"


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
    connection: Connection[Any],
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
    statement = _checked_text("statement", statement)
    stored_text("user", recorded_by)
    if credibility not in domain.CREDIBILITY_GRADES:
        raise InvalidValue(f"credibility {credibility} is off the scale; use 1 (confirmed) to 5 (improbable), or 6 (cannot be judged).")
    for _, role in actors:
        _check_choice("role", role, domain.ACTOR_ROLES)
    if evidence is not None:
        _check_evidence(evidence)
    actor_roles = list(dict.fromkeys((find_actor(connection, reference).id, role) for reference, role in actors))
    claimant_id = find_actor(connection, claimant).id if claimant is not None else None
    if not allow_duplicate:
        _refuse_near_duplicate(connection, statement)
    inserted = connection.execute(
        """
        INSERT INTO claim (statement, credibility, claimant_id, occurred_on, occurred_precision,
                           stated_on, stated_precision, recorded_by)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id
        """,
        (
            statement, credibility, claimant_id,
            occurred.value if occurred else None, occurred.precision if occurred else None,
            stated.value if stated else None, stated.precision if stated else None,
            recorded_by,
        ),
    ).fetchone()
    assert inserted is not None
    claim_id = int(inserted[0])
    links = connection.cursor()
    if actor_roles:
        links.executemany(
            "INSERT INTO claim_actor (claim_id, actor_id, role) VALUES (%s, %s, %s)",
            [(claim_id, actor_id, role) for actor_id, role in actor_roles],
        )
    tagged = tag_ids(connection, list(tags))
    if tagged:
        links.executemany("INSERT INTO claim_tag (claim_id, tag_id) VALUES (%s, %s)", [(claim_id, tag_id) for tag_id in tagged])
    if evidence is not None:
        source_id = find_source(connection, evidence.source, recorded_by=recorded_by)
        _link_source(connection, claim_id, source_id, evidence.stance, evidence.excerpt, added_by=recorded_by)
    return claim_id


def _checked_text(field: str, value: str) -> str:
    """Text trimmed, not blank, within its field's limit (domain.TEXT_LIMITS)."""
    value = value.strip()
    if not value:
        raise InvalidValue(f"the {domain.TEXT_LIMITS[field].noun} is empty; give some text.")
    return stored_text(field, value)


def _check_choice(what: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise InvalidValue(f'"{value}" is not a {what}; use one of: {", ".join(allowed)}.')


def _check_evidence(evidence: Evidence) -> None:
    _check_choice("stance", evidence.stance, domain.STANCES)
    if evidence.excerpt is not None:
        _checked_text("excerpt", evidence.excerpt)


def _refuse_near_duplicate(connection: Connection[Any], statement: str) -> None:
    # Checked adds take turns: this transaction-long lock makes a second `claim add` of the same
    # statement wait until the first commits, and the check below (a new snapshot) then sees it.
    # Adds with --allow-duplicate and the import do not wait for it.
    connection.execute("SELECT pg_advisory_xact_lock(hashtextextended('claimtrack: claim duplicate check', 0))")
    # `%` (written %% beside parameters) is the trigram-similarity operator: it uses
    # ix_claim_statement_trgm, with the threshold set for this transaction only.
    connection.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", (str(DUPLICATE_SIMILARITY),))
    candidates = connection.execute(
        "SELECT id, statement, similarity(statement, %(statement)s) AS score FROM claim"
        " WHERE statement %% %(statement)s ORDER BY score DESC, id LIMIT 5",
        {"statement": statement},
    ).fetchall()
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
    connection: Connection[Any], claim_id: int, source_id: int, stance: str, excerpt: str | None, *, added_by: str
) -> str | None:
    """Link a source to a claim, or change the stance (and excerpt, when one is given) of the link
    it already has. Returns the stance the link had before, None if it is new."""
    previous = connection.execute(
        "SELECT stance FROM claim_source WHERE claim_id = %s AND source_id = %s FOR UPDATE", (claim_id, source_id)
    ).fetchone()
    changed = "stance = EXCLUDED.stance" + (", excerpt = EXCLUDED.excerpt" if excerpt is not None else "")
    connection.execute(
        "INSERT INTO claim_source (claim_id, source_id, stance, excerpt, added_by) VALUES (%s, %s, %s, %s, %s)"
        f" ON CONFLICT (claim_id, source_id) DO UPDATE SET {changed}",
        (claim_id, source_id, stance, excerpt, added_by),
    )
    return str(previous[0]) if previous is not None else None


# --- list, search, show -------------------------------------------------------------------------


def list_claims(
    connection: Connection[Any],
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
    status_column, joined = "claim.status", ""
    conditions: list[str] = []
    params: dict[str, Any] = {"limit": limit}
    if as_of is not None:
        # As of a date: each claim's status from its own history (correlated, so that a page of the
        # newest claims probes ix_status_history_claim a few dozen times instead of ranking all
        # history); only claims recorded by then (imports keep created_at), newest first from that day.
        status_column = "status_then.status"
        joined = f" JOIN LATERAL ({history.status_as_of('claim', record='claim.id')}) AS status_then ON true"
        conditions.append("claim.created_at < %(as_of)s::date + 1")  # in SQL: 9999-12-31 has a day after there
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
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    page = connection.execute(
        f"SELECT claim.id, {status_column} FROM claim{joined}{where} ORDER BY claim.created_at DESC, claim.id DESC LIMIT %(limit)s",
        params,
    ).fetchall()
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
_SEARCH = """
    WITH query AS MATERIALIZED (SELECT websearch_to_tsquery('english', %(query)s) AS q),
    statement_candidates AS MATERIALIZED (
        SELECT c.id
        FROM claim c
        WHERE c.search @@ websearch_to_tsquery('english', %(query)s)
        ORDER BY c.id DESC
        LIMIT %(candidates)s
    ),
    statement_hits AS MATERIALIZED (
        SELECT c.id, ts_rank(c.search, query.q, 1) AS rank
        FROM statement_candidates JOIN claim c USING (id), query
        ORDER BY rank DESC, c.id DESC
        LIMIT %(limit)s
    ),
    excerpt_candidates AS MATERIALIZED (
        -- Runs only when statements leave room on the page, and then statement_hits holds every
        -- statement match, so excluding its ids leaves the excerpt-only matches.
        SELECT cs.claim_id, cs.search
        FROM claim_source cs
        WHERE (SELECT count(*) FROM statement_hits) < %(limit)s
          AND cs.search @@ websearch_to_tsquery('english', %(query)s)
          AND cs.claim_id NOT IN (SELECT id FROM statement_hits)
        ORDER BY cs.claim_id DESC
        LIMIT %(candidates)s
    ),
    excerpt_hits AS (
        SELECT claim_id AS id, max(ts_rank(search, query.q, 1)) AS rank
        FROM excerpt_candidates, query
        GROUP BY claim_id
        ORDER BY rank DESC, id DESC
        LIMIT %(limit)s
    ),
    page AS (
        SELECT id, rank, 'statement' AS matched_in, 0 AS tier FROM statement_hits
        UNION ALL
        SELECT id, rank, 'excerpt', 1 FROM excerpt_hits
        ORDER BY tier, rank DESC, id DESC
        LIMIT %(limit)s
    )
    SELECT page.id, c.status, page.matched_in, page.rank,
           ts_headline('english', c.statement, query.q, %(headline)s) AS statement,
           best.excerpt, best.source_id,
           (SELECT count(*) FROM statement_candidates) >= %(candidates)s
               OR (SELECT count(*) FROM excerpt_candidates) >= %(candidates)s AS capped
    FROM page
    JOIN claim c ON c.id = page.id
    CROSS JOIN query
    LEFT JOIN LATERAL (
        SELECT ts_headline('english', cs.excerpt, query.q, %(headline)s) AS excerpt, cs.source_id
        FROM claim_source cs
        WHERE cs.claim_id = page.id AND cs.search @@ query.q
        ORDER BY ts_rank(cs.search, query.q, 1) DESC, cs.source_id
        LIMIT 1
    ) best ON true
    ORDER BY page.tier, page.rank DESC, page.id DESC
"""


@dataclass(frozen=True)
class SearchResult:
    hits: list[ClaimHit]
    capped: bool  # more than SEARCH_CANDIDATES claims matched: the newest of them were ranked


def search_claims(
    connection: Connection[Any], *, query: str, limit: int = 20, candidates: int = SEARCH_CANDIDATES
) -> SearchResult:
    """Claims whose statement or an excerpt matches `query` (web-search syntax: "a phrase", or,
    -word), best first; words match by their stem ("exporting" finds "exports"). When more than
    `candidates` claims match, the newest `candidates` of them are ranked."""
    query = query.strip()
    if not query:
        raise InvalidValue("the search is empty; give some words to look for.")
    stored_text("query", query)
    searchable = connection.execute("SELECT numnode(websearch_to_tsquery('english', %s)) > 0", (query,)).fetchone()
    if not (searchable and searchable[0]):
        raise InvalidValue(f'"{query}" has no words to search for (only very common ones such as "the"); use more specific words.')
    rows = connection.execute(
        _SEARCH, {"query": query, "limit": limit, "candidates": max(candidates, limit), "headline": _HEADLINE}
    ).fetchall()
    return SearchResult([ClaimHit(*row[:-1]) for row in rows], capped=bool(rows and rows[0][-1]))


def show_claim(connection: Connection[Any], *, claim_id: int) -> ClaimDetail:
    claim = connection.execute(
        """
        SELECT claim.id, claim.statement, claim.status, claim.credibility, claimant.name, claim.claimant_id,
               claim.occurred_on, claim.occurred_precision, claim.stated_on, claim.stated_precision,
               claim.recorded_by, claim.created_at, claim.updated_at
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
    transfers = connection.execute(
        """
        SELECT supplier.name, recipient.name, t.category, t.item, t.quantity, t.period_start, t.period_end
        FROM arms_transfer t
        JOIN actor AS supplier ON supplier.id = t.supplier_id
        JOIN actor AS recipient ON recipient.id = t.recipient_id
        WHERE t.claim_id = %s
        """,
        (claim_id,),
    ).fetchall()
    (id_, statement, status, credibility, claimant, claimant_id, occurred_on, occurred_precision,
     stated_on, stated_precision, recorded_by, created_at, updated_at) = claim  # fmt: skip
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
        arms_transfer=[ClaimArmsTransfer(*row) for row in transfers],
        history=[
            ClaimHistory(
                h.id,
                h.changed_at, h.effective_on, h.from_status, h.to_status, h.changed_by, h.reason, h.evidence_source_id, h.evidence
            )
            for h in history.history_of(connection, "claim", claim_id)
        ],
    )


# --- cite, set-status ---------------------------------------------------------------------------


def cite_claim(connection: Connection[Any], *, claim_id: int, evidence: Evidence, added_by: str) -> Citation:
    """Link a source to a claim with a stance; citing it again changes the stance (and the excerpt,
    when one is given)."""
    _check_evidence(evidence)
    stored_text("user", added_by)
    _claim_status(connection, claim_id)
    source_id = find_source(connection, evidence.source, recorded_by=added_by)
    previous = _link_source(connection, claim_id, source_id, evidence.stance, evidence.excerpt, added_by=added_by)
    excerpt = connection.execute(
        "SELECT excerpt FROM claim_source WHERE claim_id = %s AND source_id = %s", (claim_id, source_id)
    ).fetchone()
    return Citation(claim_id, source_id, evidence.stance, excerpt[0] if excerpt else None, previous)


# The stance a source given as evidence for a status change takes in the claim's sources.
_EVIDENCE_STANCE = {"confirmed": "supports", "corroborated": "supports", "refuted": "disputes", "contested": "disputes"}


def set_claim_status(
    connection: Connection[Any], *, claim_id: int, status: str, reason: str, changed_by: str, evidence: int | str | None = None
) -> StatusChange:
    """Move a claim to `status`, with a reason; confirmed and refuted need an evidence source,
    which is also linked to the claim as supporting or disputing it."""
    _check_choice("claim status", status, domain.CLAIM_STATUSES)
    reason = _checked_text("reason", reason)
    stored_text("user", changed_by)
    current = _claim_status(connection, claim_id, lock=True)
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
        source_id = find_source(connection, evidence, recorded_by=changed_by)
        stance = _EVIDENCE_STANCE.get(status)
        if stance is not None:
            _link_source(connection, claim_id, source_id, stance, None, added_by=changed_by)
        else:  # a retraction's or a reset's source is linked as a report, leaving a stance it has
            connection.execute(
                "INSERT INTO claim_source (claim_id, source_id, stance, added_by) VALUES (%s, %s, 'reports', %s)"
                " ON CONFLICT (claim_id, source_id) DO NOTHING",
                (claim_id, source_id, changed_by),
            )
    history.set_change_context(connection, reason=reason, evidence_source_id=source_id)
    connection.execute("UPDATE claim SET status = %s WHERE id = %s", (status, claim_id))
    return StatusChange(claim_id, current, status, source_id)


def _claim_status(connection: Connection[Any], claim_id: int, *, lock: bool = False) -> str:
    found = connection.execute(
        "SELECT status FROM claim WHERE id = %s" + (" FOR UPDATE" if lock else ""), (claim_id,)
    ).fetchone()
    if found is None:
        raise NotFound(f"no claim {claim_id}; see: claimtrack claim list")
    return str(found[0])
