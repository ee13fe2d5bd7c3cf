"""The report registry: every `claimtrack report NAME` is a view in the `reporting` schema.

A report is a view, a one-line description, the order its rows are shown in, and the filters it
takes; this registry is the one place that says which. A filter is a condition on the view's own
columns, so `claimtrack report overdue_predictions --tag arms` shows exactly what
`SELECT * FROM reporting.overdue_predictions WHERE 'arms' = ANY(tags)` shows in psql.

A view's current SQL is in claimtrack/reports/sql/<view>.sql (`Report.definition`), as the
database holds it at head. Each migration freezes the SQL it ran; the file is where to read a view
without following them.

This module is plain data (no SQLAlchemy) so that `claimtrack report --help` stays cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# A filter's condition reads the view as `report` (report.prediction_id) where a subquery needs to
# tell the view's columns from its own. The values a condition can use, bound by
# claimtrack.services.reports:
#   %(actor)s (the actor's canonical name) and %(actor_id)s, from --actor (name, alias or ISO code);
#   %(since)s (a date, the first day of what --since names); %(tag)s (a normalised tag name);
#   %(by)s (a name as --as records it, or a database login: who made a change).
FILTER_NAMES = ("actor", "since", "tag", "by")

# <view>.sql: the current definition of each view in `reporting`, one file per view (a test checks
# that they match the database at head, and that there is one for every view and no other).
VIEW_SQL = Path(__file__).with_name("sql")


def view_definition(view: str) -> Path:
    """The file holding the current `CREATE OR REPLACE VIEW reporting.<view>` statement."""
    return VIEW_SQL / f"{view}.sql"


@dataclass(frozen=True)
class Dense:
    """A second way to apply --actor or --tag, for an actor or tag linked to many rows. A filter's
    own condition collects the actor's (tag's) rows by index first and then orders them: quick when
    there are few. For an actor in a fifth of everything that is hundreds of thousands of rows to
    order, while walking the report in its order and checking each row's links by index finds a page
    at once. `links` selects one row per link of %(actor_id)s (%(tag)s); when it has `at_least` rows,
    `where` is used instead of the filter's own. Each check is a scalar subquery (a count, or the
    one matching link), not EXISTS, so that the planner checks row by row rather than first hashing
    every one of the links."""

    links: str
    where: str
    at_least: int = 8000  # where the two ways cost alike at a million claims (docs/reports.md)


@dataclass(frozen=True)
class Filter:
    """How one of --actor, --since, --tag, --by narrows a report: a condition on the view's columns."""

    name: str
    where: str
    meaning: str  # completes "--actor A: …" in help and error messages
    view: str | None = None  # read this view instead of the report's own when the filter is given
    dense: Dense | None = None  # the condition for an actor or tag with many rows

    def __post_init__(self) -> None:
        assert self.name in FILTER_NAMES, self.name


@dataclass(frozen=True)
class Combined:
    """The view that answers filters given together when each reads a view of its own (Filter.view):
    a view takes no parameter, so each such view holds its rows made ahead for one filter, and a
    pair needs rows made ahead for both. Each filter's condition reads the combined view as it
    reads its own."""

    filters: frozenset[str]
    view: str


@dataclass(frozen=True)
class Report:
    name: str
    description: str
    order_by: str | None  # None: the view's own ORDER BY
    filters: tuple[Filter, ...] = ()
    view: str = ""  # defaults to the report's name
    default_limit: int | None = None  # rows shown unless --limit says otherwise
    # A column that tells the view's rows apart. When filters narrow a limited report, the keys of
    # the rows to show are found first, from the few columns the order and filters read, and only
    # those rows are then read whole (their actors, tags and outcomes are not built for every match).
    key: str | None = None
    keep_last: bool = False  # a limit keeps the last rows in the report's order (still shown in that order)
    chart: str | None = None  # "calibration" or "timeline": what --chart draws
    combined: tuple[Combined, ...] = ()  # the views for filters given together that each read their own

    def __post_init__(self) -> None:
        if not self.view:
            object.__setattr__(self, "view", self.name)

    @property
    def definition(self) -> Path:
        """The current SQL of the view this report reads (a filter may read another: Filter.view)."""
        return view_definition(self.view)

    @property
    def filter_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.filters)

    @property
    def reversed_order(self) -> str:
        """order_by backwards: each term's direction flipped (and with it where nulls go)."""
        assert self.order_by
        terms = []
        for term in self.order_by.split(","):
            words = term.split()
            if words[-2:-1] == ["NULLS"]:
                words[-1] = {"FIRST": "LAST", "LAST": "FIRST"}[words[-1]]
            at = len(words) - 2 if "NULLS" in words else len(words)
            if words[at - 1] == "DESC":
                del words[at - 1]
            else:
                words.insert(at, "DESC")
            terms.append(" ".join(words))
        return ", ".join(terms)

    def filter(self, name: str) -> Filter | None:
        return next((f for f in self.filters if f.name == name), None)

    def view_for(self, given: list[str]) -> str | None:
        """The view that answers the filters `given` (names this report takes): the report's own,
        the one a filter reads instead, or the one Combined names for those read instead together.
        None when there is none for them together."""
        own = {f.name: f.view for f in self.filters if f.name in given and f.view}
        views = set(own.values())
        if len(views) <= 1:
            return views.pop() if views else self.view
        return next((c.view for c in self.combined if c.filters == set(own)), None)

    def unsupported(self, given: list[str]) -> str | None:
        """A sentence saying which of the filters `given` this report does not take, or None."""
        refused = [name for name in given if name not in self.filter_names]
        if not refused:
            return None
        takes = ", ".join(f"--{name}" for name in self.filter_names) if self.filters else "no filters"
        return f"report {self.name} does not take {', '.join('--' + r for r in refused)}; it takes {takes}."


_ACTOR_LINKED = Filter(
    "actor", "%(actor)s = ANY(actors)", "only those linked to actor A (as predictor, subject, target, supplier…)"
)
_TAGGED = Filter("tag", "%(tag)s = ANY(tags)", "only those tagged T")


# The same rows as _ACTOR_LINKED and _TAGGED, found by index, for the long lists: among tens of
# thousands of overdue predictions (1.7 million changes), building each row's actors or tags until a
# hundred matched took up to 0.9 s (40 s) at a million claims for an actor or tag with few rows.
# `predictions` and `claims` select the prediction_id (claim_id) of each of the actor's (tag's)
# links; an actor may be linked to one record in several roles, so a check counts.
def _predictions_by_index(name: str, predictions: str, meaning: str) -> Filter:
    """overdue_predictions, forecast_scores: the rows of the links' predictions; or each row in the
    report's order, its prediction checked."""
    return Filter(
        name,
        f"prediction_id = ANY(ARRAY({predictions}))",
        meaning,
        dense=Dense(
            links=predictions,
            where=f"(SELECT count(*) FROM ({predictions}) AS link WHERE link.prediction_id = report.prediction_id) > 0",
        ),
    )


def _changes_by_index(name: str, claims: str, predictions: str, meaning: str) -> Filter:
    """recent_changes: the history of the links' claims and predictions; or each change, newest
    first, checked against its record's links."""
    return Filter(
        name,
        "change_id = ANY(ARRAY("
        f"SELECT h.id FROM ({claims}) AS link JOIN status_history h ON h.claim_id = link.claim_id UNION ALL "
        f"SELECT h.id FROM ({predictions}) AS link JOIN status_history h ON h.prediction_id = link.prediction_id))",
        meaning,
        dense=Dense(
            links=f"{claims} UNION ALL {predictions}",
            where="CASE report.kind "
            f"WHEN 'claim' THEN (SELECT count(*) FROM ({claims}) AS link WHERE link.claim_id = report.record_id) "
            f"ELSE (SELECT count(*) FROM ({predictions}) AS link WHERE link.prediction_id = report.record_id) END > 0",
            at_least=7000,
        ),
    )


_ACTOR_PREDICTIONS = "SELECT prediction_id FROM reporting.prediction_actors WHERE actor_id = %(actor_id)s"
_ACTOR_CLAIMS = "SELECT claim_id FROM reporting.claim_actors WHERE actor_id = %(actor_id)s"
# (The tag's id is found once, not joined to each link.)
_TAG_PREDICTIONS = "SELECT prediction_id FROM prediction_tag WHERE tag_id = (SELECT id FROM tag WHERE name = %(tag)s)"
_TAG_CLAIMS = "SELECT claim_id FROM claim_tag WHERE tag_id = (SELECT id FROM tag WHERE name = %(tag)s)"
_MADE_SINCE = Filter("since", "made_on >= %(since)s", "only predictions made on or after DATE")

REPORTS: dict[str, Report] = {
    report.name: report
    for report in (
        Report(
            "prediction_scoreboard",
            "Per predictor: predictions by status, hit rate, Brier and log scores, and how many each counts.",
            order_by="brier_score NULLS LAST, total DESC, predictor",
            filters=(Filter("actor", "predictor_actor_id = %(actor_id)s", "only actor A's own row"),),
            default_limit=100,
        ),
        Report(
            "forecast_scores",
            "Per forecaster and resolved prediction: final Brier and log score; time-averaged Brier, baseline and peer scores, coverage, relative Brier.",
            order_by="prediction_id, forecaster",
            filters=(
                Filter("actor", "forecaster_actor_id = %(actor_id)s", "only actor A's forecasts"),
                _MADE_SINCE,
                _predictions_by_index("tag", _TAG_PREDICTIONS, _TAGGED.meaning),
            ),
            default_limit=100,
        ),
        Report(
            "forecaster_scoreboard",
            "Per forecaster: predictions scored; mean time-averaged Brier, baseline and peer scores, relative Brier, coverage.",
            order_by="time_averaged_brier, predictions DESC, forecaster, forecaster_actor_id, forecaster_source_id",
            default_limit=100,
            filters=(
                Filter("actor", "forecaster_actor_id = %(actor_id)s", "only actor A's own row"),
                Filter(
                    "since",
                    "made_from >= %(since)s AND (made_after IS NULL OR made_after < %(since)s)",
                    "only predictions made on or after DATE",
                    view="forecaster_scoreboard_since",
                ),
                Filter("tag", "tag = %(tag)s", "only predictions tagged T", view="forecaster_scoreboard_by_tag"),
            ),
            combined=(Combined(frozenset({"since", "tag"}), "forecaster_scoreboard_by_tag_since"),),
        ),
        Report(
            "calibration",
            "Per probability bin of width 0.1: predictions scored, mean forecast, observed frequency.",
            order_by="bin_low",
            filters=(
                Filter("tag", "tag = %(tag)s", "calibration of the predictions tagged T", view="calibration_by_tag"),
            ),
            chart="calibration",
        ),
        Report(
            "calibration_summary",
            "Murphy decomposition of the Brier score at resolution (reliability, resolution, uncertainty) and discrimination, overall and per tag.",
            order_by="tag NULLS FIRST",
            filters=(Filter("tag", "tag = %(tag)s", "only the predictions tagged T"),),
        ),
        Report(
            "overdue_predictions",
            "Open predictions past their deadline, most overdue first.",
            order_by="resolve_by, prediction_id",
            filters=(
                _predictions_by_index("actor", _ACTOR_PREDICTIONS, _ACTOR_LINKED.meaning),
                _MADE_SINCE,
                _predictions_by_index("tag", _TAG_PREDICTIONS, _TAGGED.meaning),
            ),
            default_limit=100,
            key="prediction_id",
        ),
        Report(
            "upcoming_resolutions",
            "Open predictions due within 30 days, soonest first.",
            order_by="resolve_by, prediction_id",
            filters=(_ACTOR_LINKED, _MADE_SINCE, _TAGGED),
            default_limit=100,
        ),
        Report(
            "source_track_record",
            "Per source, beside its reliability: claims it supports (confirmed, refuted), predictions it made and their outcomes.",
            order_by="claims_supported DESC, predictions_made DESC, source, source_id",
            default_limit=100,
        ),
        Report(
            "source_forecast_value",
            "Per source cited by forecasts: how the log score of the forecasts citing it changed, once resolved.",
            order_by="log_score_gain DESC NULLS LAST, forecasts_citing DESC, source, source_id",
            default_limit=100,
        ),
        Report(
            "publisher_track_record",
            "Per publisher: its sources' reliability, claims they support (confirmed, refuted), predictions and outcomes.",
            order_by="claims_supported DESC, predictions_made DESC, publisher",
        ),
        Report(
            "actor_timeline",
            "Per pair of actors and month: claims, predictions made, predictions resolved.",
            order_by="month, actor_a, actor_b",
            filters=(
                Filter("actor", "%(actor_id)s IN (actor_a_id, actor_b_id)", "only pairs that include actor A"),
                Filter("since", "month >= date_trunc('month', CAST(%(since)s AS timestamp))::date", "only months from DATE's month on"),
            ),
            chart="timeline",
            default_limit=100,
            keep_last=True,
        ),
        Report(
            "arms_transfers",
            "Supplier -> recipient, category, item: predicted transfers expected, confirmed, refuted; claims reporting them.",
            order_by="supplier, recipient, category, item NULLS FIRST",
            filters=(Filter("actor", "%(actor_id)s IN (supplier_id, recipient_id)", "only transfers to or from actor A"),),
            default_limit=100,
        ),
        Report(
            "claim_status_summary",
            "Claims per status, and each status's share of all claims.",
            order_by=None,
        ),
        Report(
            "recent_changes",
            "Status changes of claims and predictions, newest first: who, why, on what evidence.",
            order_by="changed_at DESC, change_id DESC",
            filters=(
                _changes_by_index("actor", _ACTOR_CLAIMS, _ACTOR_PREDICTIONS, "only changes to claims and predictions linked to actor A"),
                Filter("since", "changed_at >= CAST(%(since)s AS date)", "only changes recorded on or after DATE"),
                _changes_by_index("tag", _TAG_CLAIMS, _TAG_PREDICTIONS, _TAGGED.meaning),
            ),
            default_limit=100,
            key="change_id",
        ),
        Report(
            "record_changes",
            "Corrections of records and their links, newest first: what changed from what to what, who (name and login), why.",
            order_by="changed_at DESC, change_id DESC",
            filters=(
                Filter(
                    "actor",
                    "(report.kind = 'actor' AND report.record_id = %(actor_id)s)"
                    " OR (report.linked ->> 'actor_id')::bigint = %(actor_id)s"
                    " OR (report.kind = 'claim' AND EXISTS (SELECT FROM claim_actor x WHERE x.claim_id = report.record_id AND x.actor_id = %(actor_id)s))"
                    " OR (report.kind = 'prediction' AND EXISTS"
                    " (SELECT FROM prediction_actor x WHERE x.prediction_id = report.record_id AND x.actor_id = %(actor_id)s))",
                    "only corrections of actor A, of links to it, and of the claims and predictions it is linked to",
                ),
                Filter("since", "changed_at >= CAST(%(since)s AS date)", "only corrections recorded on or after DATE"),
                Filter(
                    "tag",
                    "(report.kind = 'tag' AND report.record_id = (SELECT t.id FROM tag t WHERE t.name = %(tag)s))"
                    " OR (report.kind = 'claim' AND EXISTS"
                    " (SELECT FROM claim_tag x JOIN tag t ON t.id = x.tag_id WHERE x.claim_id = report.record_id AND t.name = %(tag)s))"
                    " OR (report.kind = 'prediction' AND EXISTS"
                    " (SELECT FROM prediction_tag x JOIN tag t ON t.id = x.tag_id WHERE x.prediction_id = report.record_id AND t.name = %(tag)s))",
                    "only corrections of tag T and of the claims and predictions that carry it now",
                ),
                Filter("by", "%(by)s IN (report.changed_by, report.login)", "only corrections made by NAME (the --as name recorded, or the database login)"),
            ),
            default_limit=100,
            key="change_id",
        ),
    )
}


def find(name: str) -> Report | None:
    return REPORTS.get(name)


def closest(name: str) -> list[str]:
    import difflib

    return difflib.get_close_matches(name, list(REPORTS), n=3, cutoff=0.5)


# `claimtrack sql` and the reader role's sessions stop a statement after this long, by default.
READ_TIMEOUT_SECONDS = 30.0

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def role_name_problem(name: str) -> str | None:
    """Why `name` cannot name a role claimtrack grants (a reader or an analyst), or None. Lower case
    only: that is what an unquoted name in psql or a BI tool's GRANT means, so the role is named the
    same everywhere."""
    if not _ROLE_NAME.match(name) or name.startswith("pg_"):
        return (
            f'"{name}" is not a role name here; use lower-case letters, digits and _, up to 63, '
            "starting with a letter or _ (and not with pg_)."
        )
    return None
