"""What the web dashboard reads that the other read services lack: pages of claims, predictions,
sources and actors by keyset (the page after a given record, never an OFFSET that reads every row
before it), the headline reports at a page's length, a source's track-record row, an actor by id
and its timeline per month, and a record's status as it stood on a day.

The filters mean what the CLI's do: each page is the list the CLI prints (claim_reading.list_claims,
prediction_reading.list_predictions, sources.list_sources, actors.list_actors), read from the
record after the last one shown. Written on psycopg, as every read service is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from claimtrack import reports
from claimtrack.domain import PartialDate
from claimtrack.errors import NotFound
from claimtrack.services.actors import list_actors
from claimtrack.services.claim_reading import list_claims
from claimtrack.services.demo import HEADLINE_REPORTS
from claimtrack.services.lookup import ActorRef, find_actor
from claimtrack.services.prediction_reading import list_predictions
from claimtrack.services.reports import ReportResult, run_report
from claimtrack.services.sources import list_sources

if TYPE_CHECKING:
    from psycopg import Connection


@dataclass(frozen=True)
class Page:
    """One page of a list; `next_after` is the id to continue after, None on the last page."""

    items: list[Any]
    next_after: int | None

    @classmethod
    def of(cls, read: list[Any], limit: int) -> Page:
        """The page from `limit` + 1 records read: the last is only there to say that more follow."""
        return cls(read[:limit], read[limit - 1].id if len(read) > limit else None)


def claim_page(
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
) -> Page:
    """list_claims' claims (newest first, the same filters and as-of), from the claim after `after`."""
    read = list_claims(
        connection, status=status, actor=actor, tag=tag, source=source, since=since, as_of=as_of, after=after, limit=limit + 1
    )
    return Page.of(read, limit)


def prediction_page(
    connection: Connection[Any],
    *,
    status: str | None = None,
    statuses: tuple[str, ...] | None = None,
    overdue: bool = False,
    due_within: int | None = None,
    actor: str | None = None,
    tag: str | None = None,
    as_of: date | None = None,
    after: int | None = None,
    limit: int = 50,
) -> Page:
    """list_predictions' predictions (by deadline, the same filters and as-of), from the one after `after`;
    `statuses`: those in any of them (resolved: every outcome, in one list by deadline)."""
    read = list_predictions(
        connection, status=status, statuses=statuses, overdue=overdue, due_within=due_within, actor=actor, tag=tag, as_of=as_of,
        after=after, limit=limit,
    )  # fmt: skip
    return Page(read.lines, read.lines[-1].id if read.more and read.lines else None)


def source_page(
    connection: Connection[Any], *, kind: str | None = None, reliability: str | None = None, after: int | None = None, limit: int = 50
) -> Page:
    """list_sources' sources (newest first, with how many claims cite each), from the one after `after`."""
    return Page.of(list_sources(connection, kind=kind, reliability=reliability, after=after, limit=limit + 1), limit)


def actor_page(connection: Connection[Any], *, kind: str | None = None, after: int | None = None, limit: int = 50) -> Page:
    """list_actors' actors (by name, with how many claims concern each), from the one after `after`."""
    return Page.of(list_actors(connection, kind=kind, after=after, limit=limit + 1), limit)


def source_track_record(connection: Connection[Any], source_id: int) -> dict[str, Any] | None:
    """The source's row of reporting.source_track_record, by its column names."""
    cursor = connection.execute("SELECT * FROM reporting.source_track_record WHERE source_id = %s", (source_id,))
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip((column.name for column in cursor.description or ()), row))


def actor_by_id(connection: Connection[Any], actor_id: int) -> ActorRef:
    row = connection.execute("SELECT id, name, iso_code FROM actor WHERE id = %s", (actor_id,)).fetchone()
    if row is None:
        raise NotFound(f"no actor {actor_id}")
    return ActorRef(*row)


def actor_months(connection: Connection[Any], actor_id: int) -> list[dict[str, Any]]:
    """The actor's rows of reporting.actor_timeline summed per month (claims, predictions,
    resolutions), oldest first: what its page charts, without reading every pair's row."""
    cursor = connection.execute(
        "SELECT month, sum(claims) AS claims, sum(predictions) AS predictions, sum(resolutions) AS resolutions"
        " FROM reporting.actor_timeline WHERE %(actor)s IN (actor_a_id, actor_b_id) GROUP BY month ORDER BY month",
        {"actor": actor_id},
    )
    return [dict(zip((column.name for column in cursor.description or ()), row)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class Headline:
    title: str
    report: str
    columns: list[str]  # the columns the demo shows
    result: ReportResult  # every column, for links (ids) the demo leaves out


def headline_reports(connection: Connection[Any], *, rows: int = 10) -> list[Headline]:
    """The reports `claimtrack demo` prints, in its order and columns, `rows` rows each (the
    timeline narrowed to North Korea and Russia when both are on record, as the demo does)."""
    shown = []
    for title, name, wanted in HEADLINE_REPORTS:
        if name == "actor_timeline":
            try:
                pair = [find_actor(connection, code).id for code in ("PRK", "RUS")]
            except NotFound:
                continue
            result = _pair_timeline(connection, pair, rows)
        else:
            result = run_report(connection, name=name, limit=rows)
        shown.append(Headline(title, name, [c for c in result.columns if c in wanted], result))
    return shown


def _pair_timeline(connection: Connection[Any], pair: list[int], rows: int) -> ReportResult:
    """The last `rows` months of actor_timeline for one pair of actors, in the report's order: the
    rows of `report actor_timeline --actor A` that are that pair's, without reading A's every other
    pair (tens of thousands of rows for an actor in much of the record)."""
    report = reports.REPORTS["actor_timeline"]
    assert report.order_by is not None
    cursor = connection.execute(
        f"SELECT * FROM (SELECT * FROM reporting.{report.view} AS report"
        " WHERE report.actor_a_id = ANY(%(pair)s) AND report.actor_b_id = ANY(%(pair)s)"
        f" ORDER BY {report.reversed_order} LIMIT %(rows)s) AS last_rows ORDER BY {report.order_by}",
        {"pair": pair, "rows": rows},
    )
    columns = [column.name for column in cursor.description or ()]
    return ReportResult(report, report.view, columns, cursor.fetchall(), truncated=False)
