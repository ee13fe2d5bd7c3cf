"""Sources: record one (its URL normalised and unique), list them, show one with the claims it backs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from claimtrack import domain
from claimtrack.db.models import Claim, ClaimSource, Prediction, Source
from claimtrack.domain import PartialDate, stored_partial_date
from claimtrack.errors import Conflict, InvalidValue, NotFound


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
    recent_claims: list[SourceClaim] = field(default_factory=list)


def add_source(
    session: Session,
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
    if not title.strip():
        raise InvalidValue("a source's title is empty; give its title or headline.")
    if kind not in domain.SOURCE_KINDS:
        raise InvalidValue(f'"{kind}" is not a kind of source; use one of: {", ".join(domain.SOURCE_KINDS)}.')
    if reliability not in domain.RELIABILITY_GRADES:
        raise InvalidValue(f'"{reliability}" is not a reliability grade; use A (reliable) to E, or F (cannot be judged).')
    if url is not None:
        try:
            url = domain.normalise_url(url)
        except ValueError as error:
            raise InvalidValue(str(error)) from None
        _refuse_known_url(session, url)
    created = session.execute(
        insert(Source)
        .values(
            title=title.strip(),
            url=url,
            kind=kind,
            publisher=publisher,
            author=author,
            published_on=published.value if published else None,
            published_precision=published.precision if published else None,
            reliability=reliability,
            notes=notes,
            recorded_by=recorded_by,
        )
        .on_conflict_do_nothing(index_elements=["url"])
        .returning(Source.id)
    ).scalar()
    if created is None:  # a concurrent command recorded the same URL a moment ago
        assert url is not None
        _refuse_known_url(session, url)
    assert created is not None
    return created


def _refuse_known_url(session: Session, url: str) -> None:
    known = session.execute(select(Source.id, Source.title).where(Source.url == url)).first()
    if known is not None:
        raise Conflict(
            f'source {known.id} ("{known.title}") already has the URL {url}; '
            f"cite it as --source {known.id}, or see: claimtrack source show {known.id}"
        )


def list_sources(
    session: Session,
    *,
    kind: str | None = None,
    reliability: str | None = None,
    publisher: str | None = None,
    limit: int = 50,
) -> list[SourceSummary]:
    """The newest sources first, with how many claims cite each."""
    claims = select(func.count()).where(ClaimSource.source_id == Source.id).scalar_subquery()
    query = select(
        Source.id,
        Source.title,
        Source.kind,
        Source.publisher,
        Source.published_on,
        Source.published_precision,
        Source.reliability,
        Source.url,
        claims,
    )
    if kind is not None:
        query = query.where(Source.kind == kind)
    if reliability is not None:
        query = query.where(Source.reliability == reliability)
    if publisher is not None:
        query = query.where(func.lower(Source.publisher) == publisher.strip().lower())
    rows = session.execute(query.order_by(Source.id.desc()).limit(limit))
    return [
        SourceSummary(i, t, k, p, stored_partial_date(on, precision), r, u, c)
        for i, t, k, p, on, precision, r, u, c in rows
    ]


def show_source(session: Session, *, source_id: int, recent: int = 20) -> SourceDetail:
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound(f"no source {source_id}; see: claimtrack source list")
    claims = session.execute(select(func.count()).where(ClaimSource.source_id == source_id)).scalar_one()
    made = session.execute(select(func.count()).where(Prediction.predictor_source_id == source_id)).scalar_one()
    resolved = session.execute(select(func.count()).where(Prediction.evidence_source_id == source_id)).scalar_one()
    latest = session.execute(
        select(Claim.id, ClaimSource.stance, Claim.status, Claim.statement, ClaimSource.excerpt)
        .join(ClaimSource, ClaimSource.claim_id == Claim.id)
        .where(ClaimSource.source_id == source_id)
        .order_by(ClaimSource.added_at.desc(), Claim.id.desc())
        .limit(recent)
    ).all()
    return SourceDetail(
        id=source.id,
        title=source.title,
        kind=source.kind,
        url=source.url,
        publisher=source.publisher,
        author=source.author,
        published=stored_partial_date(source.published_on, source.published_precision),
        reliability=source.reliability,
        notes=source.notes,
        recorded_by=source.recorded_by,
        created_at=source.created_at,
        claims=claims,
        predictions_made=made,
        predictions_resolved_with=resolved,
        recent_claims=[SourceClaim(*row) for row in latest],
    )
