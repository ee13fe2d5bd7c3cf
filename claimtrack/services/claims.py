"""Claims: record one with its actors, tags and evidence; cite a source for one; change its status
(the database writes the history, from the context set here). Listing and showing them:
services.claim_reading; searching them: services.claim_search.

Written on psycopg (see db.engine.Database.transaction): these are the everyday commands, and
SQLAlchemy would cost them more than all their SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.domain import PartialDate
from claimtrack.domain.arms import ArmsTransfer
from claimtrack.errors import Conflict, InvalidValue, NotFound, RefusedTransition
from claimtrack.io.fields import shorten
from claimtrack.services import history
from claimtrack.services.clock import database_today
from claimtrack.services.lookup import find_actor, find_source, resolve_arms_transfer, stored_text, tag_ids
from claimtrack.services.near_duplicates import nearly_the_same

if TYPE_CHECKING:
    from psycopg import Connection


@dataclass(frozen=True)
class Evidence:
    """A source offered for a claim: an id or a URL (an unknown URL creates the source)."""

    source: int | str
    stance: str = "reports"
    excerpt: str | None = None


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
    notes: str | None = None,
    arms_transfer: ArmsTransfer | None = None,
) -> int:
    """Record a claim. `actors` holds (name, alias or code; role) pairs; an arms transfer it
    reports makes its supplier and recipient actors of the claim too. A statement nearly identical
    to an existing claim is refused (naming it) unless `allow_duplicate`."""
    statement = _checked_text("statement", statement)
    stored_text("user", recorded_by)
    notes = stored_text("notes", (notes or "").strip()) or None
    if credibility not in domain.CREDIBILITY_GRADES:
        raise InvalidValue(f"credibility {credibility} is off the scale; use 1 (confirmed) to 5 (improbable), or 6 (cannot be judged).")
    for _, role in actors:
        _check_choice("role", role, domain.ACTOR_ROLES)
    if evidence is not None:
        _check_evidence(evidence)
    actor_roles = list(dict.fromkeys((find_actor(connection, reference).id, role) for reference, role in actors))
    facet = resolve_arms_transfer(connection, arms_transfer) if arms_transfer is not None else None
    if facet is not None:
        known = {actor_id for actor_id, _ in actor_roles}
        actor_roles += [(actor.id, domain.DEFAULT_ROLE) for actor in dict.fromkeys(facet[:2]) if actor.id not in known]
    claimant_id = find_actor(connection, claimant).id if claimant is not None else None
    if not allow_duplicate:
        _refuse_near_duplicate(connection, statement)
    inserted = connection.execute(
        """
        INSERT INTO claim (statement, credibility, claimant_id, occurred_on, occurred_precision,
                           stated_on, stated_precision, recorded_by, notes)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id
        """,
        (
            statement, credibility, claimant_id,
            occurred.value if occurred else None, occurred.precision if occurred else None,
            stated.value if stated else None, stated.precision if stated else None,
            recorded_by, notes,
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
    if facet is not None:
        supplier, recipient, transfer = facet
        connection.execute(
            "INSERT INTO arms_transfer (claim_id, supplier_id, recipient_id, category, item, quantity, period_start, period_end)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            (claim_id, supplier.id, recipient.id, transfer.category, transfer.item, transfer.quantity,
             transfer.period_start, transfer.period_end),
        )
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


def _refuse_near_duplicate(connection: Connection[Any], statement: str, *, other_than: int | None = None) -> None:
    """A live claim that says nearly the same (services.near_duplicates) refuses this statement."""
    found = nearly_the_same(connection, "claim", statement, other_than=other_than)
    if found is not None:
        claim_id, existing, score = found
        raise Conflict(
            f'claim {claim_id} already says nearly the same ({score:.0%} alike): "{shorten(existing, 80)}". '
            f"Cite your source for it (claimtrack claim cite {claim_id} --source S), or add --allow-duplicate."
        )


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
    connection: Connection[Any], *, claim_id: int, status: str, reason: str, changed_by: str, evidence: int | str | None = None,
    on: date | None = None,
) -> StatusChange:
    """Move a claim to `status`, with a reason; confirmed and refuted need an evidence source,
    which is also linked to the claim as supporting or disputing it. `on`: the day it took effect
    (default today), not before the claim was stated nor before its last change."""
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
    if status in domain.CLAIM_VERDICTS and evidence is None:
        raise InvalidValue(
            f"marking claim {claim_id} {status} needs the source that shows it; add --evidence ID|URL."
        )
    if on is not None:
        _check_effective_on(connection, claim_id, on)
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
    history.set_change_context(connection, reason=reason, evidence_source_id=source_id, effective_on=on)
    connection.execute("UPDATE claim SET status = %s WHERE id = %s", (status, claim_id))
    return StatusChange(claim_id, current, status, source_id)


def _check_effective_on(connection: Connection[Any], claim_id: int, on: date) -> None:
    """A claim's status change takes effect on or before today, and not before the claim was stated
    nor before its last change (the first of which is the day it came on the record)."""
    stated = connection.execute("SELECT stated_on, stated_precision FROM claim WHERE id = %s", (claim_id,)).fetchone()
    last = history.last_change(connection, "claim", claim_id)
    not_before = []
    if stated is not None and stated[0] is not None:
        not_before.append((stated[0], f"claim {claim_id} was stated ({PartialDate(stated[0], stated[1])}); give a later date"))
    if last is not None:
        since = "was recorded" if last.from_status is None else "last changed status"
        not_before.append((last.effective_on, f"claim {claim_id} {since} ({last.effective_on}); give a later date"))
    problem = domain.effective_date_problem(on, today=database_today(connection), not_before=tuple(not_before))
    if problem is not None:
        raise InvalidValue(problem)


def _claim_status(connection: Connection[Any], claim_id: int, *, lock: bool = False) -> str:
    found = connection.execute(
        "SELECT status, deleted_at, merged_into_id FROM claim WHERE id = %s" + (" FOR UPDATE" if lock else ""), (claim_id,)
    ).fetchone()
    if found is None:
        raise NotFound(f"no claim {claim_id}; see: claimtrack claim list")
    if found[2] is not None:
        raise Conflict(f"claim {claim_id} was merged into claim {found[2]}; correct that one instead.")
    if found[1] is not None:
        raise Conflict(f"claim {claim_id} is deleted; restore it first: claimtrack claim restore {claim_id}")
    return str(found[0])
