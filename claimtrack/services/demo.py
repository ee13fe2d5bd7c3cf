"""The reports `claimtrack demo` shows after seeding: the headline picture of the seeded data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from claimtrack.services.lookup import find_actor
from claimtrack.services.reports import run_report, unscored_notes

# (Every seeded prediction is the article's: its predictor is left out, for the statement's room.)
_DUE = ("prediction_id", "statement", "resolve_by", "days_overdue", "days_left", "likelihood")
# (title, report name, the columns shown: what reads at 80 columns) in the order the demo prints them.
HEADLINE_REPORTS = (
    ("Prediction scoreboard", "prediction_scoreboard",
     ("predictor", "total", "open", "overdue", "confirmed", "refuted", "hit_rate", "brier_score")),
    ("Overdue predictions", "overdue_predictions", _DUE),
    ("Due within 30 days", "upcoming_resolutions", _DUE),
    ("Arms transfers", "arms_transfers",
     ("supplier", "recipient", "category", "item", "expected", "confirmed", "refuted")),
    ("North Korea-Russia timeline", "actor_timeline",
     ("month", "actor_a", "actor_b", "claims", "predictions", "resolutions")),
)  # fmt: skip


@dataclass(frozen=True)
class Shown:
    title: str
    report: str
    columns: list[str]
    rows: list[tuple[Any, ...]]
    notes: list[str]  # what an empty cell means, to print under the table


def headline_reports(connection: psycopg.Connection[Any]) -> list[Shown]:
    """Each headline report through the report registry; the timeline narrowed to PRK and RUS."""
    shown = []
    for title, name, wanted in HEADLINE_REPORTS:
        if name == "actor_timeline":
            pair = {find_actor(connection, code).id for code in ("PRK", "RUS")}
            result = run_report(connection, name=name, actor="PRK", limit=0)
            a, b = result.columns.index("actor_a_id"), result.columns.index("actor_b_id")
            rows = [row for row in result.rows if {row[a], row[b]} == pair]
        else:
            result = run_report(connection, name=name, limit=0)
            rows = result.rows
        keep = [i for i, column in enumerate(result.columns) if column in wanted]
        notes = unscored_notes([dict(zip(result.columns, row)) for row in rows]) if name == "prediction_scoreboard" else []
        shown.append(Shown(title, name, [result.columns[i] for i in keep], [tuple(row[i] for i in keep) for row in rows], notes))
    return shown
