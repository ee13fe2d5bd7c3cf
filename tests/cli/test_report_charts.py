"""Every chart the registry can draw, checked against its report's rows: the numbers a chart file
says it was drawn from (its Description metadata), and the lines and bars of the figure itself,
equal the counts of the report run with the same filters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import psycopg
import pytest
from conftest import Invoke

from claimtrack import reports
from claimtrack.reports import charts

# Four actors; one claim about three of them and one about two, in the same month; a claim of
# another month; predictions about two of them, made and resolved; calibration bins filled.
ROWS = """
INSERT INTO actor (id, name, kind, iso_code) VALUES (1, 'Russia', 'state', 'RUS'), (2, 'North Korea', 'state', 'PRK'),
    (3, 'Iran', 'state', 'IRN'), (4, 'China', 'state', 'CHN');
INSERT INTO source (id, title, recorded_by) VALUES (1, 'Evidence', 't');
INSERT INTO tag (id, name) VALUES (1, 'arms');
INSERT INTO claim (id, statement, occurred_on, occurred_precision, recorded_by) VALUES
    (1, 'Drones from Iran reached Russia through North Korea', '2024-03-01', 'month', 't'),
    (2, 'Shells crossed from North Korea to Russia', '2024-03-10', 'day', 't'),
    (3, 'China sold machine tools to Russia', '2024-05-01', 'month', 't');
INSERT INTO claim_actor (claim_id, actor_id) VALUES (1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (3, 1), (3, 4);
INSERT INTO claim_tag (claim_id, tag_id) VALUES (1, 1);
INSERT INTO prediction (id, statement, predictor_actor_id, probability, status, made_on, resolve_by, resolved_on,
                        evidence_source_id, recorded_by) VALUES
    (1, 'p 0.9 came true', 1, 0.9, 'confirmed', '2024-01-01', '2024-12-31', '2024-06-01', 1, 't'),
    (2, 'p 0.5 did not', 1, 0.5, 'refuted', '2024-01-01', '2024-12-31', '2024-06-01', 1, 't'),
    (3, 'p 0.55 came true', 1, 0.55, 'confirmed', '2024-03-01', '2024-12-31', '2024-07-01', 1, 't'),
    (4, 'still open', 1, 0.4, 'open', '2024-03-01', '2024-12-31', NULL, NULL, 't');
INSERT INTO prediction_tag VALUES (1, 1), (2, 1);
INSERT INTO prediction_actor (prediction_id, actor_id) VALUES (1, 1), (1, 2), (3, 1), (3, 2), (3, 3);
"""

CHARTED = [name for name, spec in reports.REPORTS.items() if spec.chart]


@pytest.fixture
def recorded(sql: psycopg.Connection) -> psycopg.Connection:
    sql.execute(ROWS)
    return sql


def test_the_registry_draws_the_charts_these_tests_check() -> None:
    assert {name: reports.REPORTS[name].chart for name in CHARTED} == {"calibration": "calibration", "actor_timeline": "timeline"}


def report_and_chart(invoke: Invoke, tmp_path: Path, name: str, *filters: str, suffix: str = ".svg") -> tuple[list[dict[str, Any]], dict[str, Any], str]:
    """The report's rows (json) and, drawn by the same command, its chart's data and title."""
    path = tmp_path / f"{name}{suffix}"
    result = invoke("report", name, *filters, "--format", "json", "--chart", str(path))
    assert (result.exit_code, result.stderr) == (0, f"chart written to {path}\n"), result.output
    if suffix == ".svg":
        root = ElementTree.parse(path).getroot()
        namespaces = {"dc": "http://purl.org/dc/elements/1.1/"}
        description = root.findtext(".//dc:description", namespaces=namespaces)
        title = root.findtext(".//dc:title", namespaces=namespaces)
    else:
        from PIL import Image

        with Image.open(path) as image:
            description, title = image.text["Description"], image.text["Title"]
    assert description is not None and title is not None
    return json.loads(result.stdout), json.loads(description), title


def timeline_counts(rows: list[dict[str, Any]]) -> dict[tuple[str, str, str], int]:
    """Each nonzero count of the report: (pair, month, measure) -> count."""
    return {
        (f"{row['actor_a']} – {row['actor_b']}", row["month"][:7], measure): row[measure]
        for row in rows for measure in charts.TIMELINE_MEASURES if row[measure]
    }  # fmt: skip


def charted_counts(data: dict[str, Any]) -> dict[tuple[str, str, str], int]:
    return {
        (pair, month[:7], measure): count
        for pair, measures in data["pairs"].items() for measure, counts in measures.items()
        for month, count in zip(data["months"], counts) if count
    }  # fmt: skip


@pytest.mark.parametrize(
    "filters",
    [(), ("--actor", "Iran"), ("--since", "2024-05"), ("--actor", "RUS", "--since", "2024-02")],
)
def test_the_actor_timeline_chart_draws_each_count_of_its_report_and_no_other(
    invoke: Invoke, recorded: psycopg.Connection, tmp_path: Path, filters: tuple[str, ...]
) -> None:
    rows, data, _ = report_and_chart(invoke, tmp_path, "actor_timeline", *filters)
    assert rows, "the filters leave rows to chart"
    assert charted_counts(data) == timeline_counts(rows)
    assert data["pairs_not_shown"] == 0


def test_a_claim_about_three_actors_is_counted_once_in_each_of_its_pairs_never_added_up(
    invoke: Invoke, recorded: psycopg.Connection, tmp_path: Path
) -> None:
    rows, data, title = report_and_chart(invoke, tmp_path, "actor_timeline", "--actor", "Iran")
    assert title == "actor_timeline (actor Iran)"
    assert charted_counts(data) == timeline_counts(rows)
    assert timeline_counts(rows) == {
        ("Iran – North Korea", "2024-03", "claims"): 1, ("Iran – Russia", "2024-03", "claims"): 1,
        ("Iran – North Korea", "2024-03", "predictions"): 1, ("Iran – Russia", "2024-03", "predictions"): 1,
        ("Iran – North Korea", "2024-07", "resolutions"): 1, ("Iran – Russia", "2024-07", "resolutions"): 1,
    }  # fmt: skip
    # Drawn as one bar per pair, side by side (not stacked): nothing in the figure reads 2 for claim 1.
    figure = charts.figure("timeline", [{**row, "month": _month(row["month"])} for row in rows], title)
    claims_panel = figure.axes[0]
    drawn = {bars.get_label(): [round(bar.get_height()) for bar in bars] for bars in claims_panel.containers}
    assert drawn == {"Iran – North Korea": [1, 0, 0, 0, 0], "Iran – Russia": [1, 0, 0, 0, 0]}
    assert max(max(ys) for ys in drawn.values()) == 1


def test_the_busiest_pairs_are_drawn_and_the_title_says_how_many_are_not() -> None:
    rows = [
        {"month": _month(f"2024-0{n % 3 + 1}-01"), "actor_a": f"A{n}", "actor_b": "Z", "claims": n, "predictions": 0, "resolutions": 0}
        for n in range(1, 9)
    ]
    series = charts.timeline_series(rows, pairs_shown=6)
    assert (list(series.pairs), series.pairs_not_shown) == (["A8 – Z", "A7 – Z", "A6 – Z", "A5 – Z", "A4 – Z", "A3 – Z"], 2)
    assert series.pairs["A8 – Z"]["claims"] == [0, 0, 8]
    figure = charts.timeline_figure(rows, "actor_timeline")
    assert figure.axes[0].get_title().endswith("; 2 quieter pairs not drawn")


@pytest.mark.parametrize(("filters", "title"), [((), "calibration"), (("--tag", "arms"), "calibration (tag arms)")])
@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_the_calibration_chart_draws_each_bin_of_its_report(
    invoke: Invoke, recorded: psycopg.Connection, tmp_path: Path, filters: tuple[str, ...], title: str, suffix: str
) -> None:
    rows, data, drawn_title = report_and_chart(invoke, tmp_path, "calibration", *filters, suffix=suffix)
    assert drawn_title == title
    assert data["bin_lows"] == [float(row["bin_low"]) for row in rows]
    assert data["predictions"] == [row["predictions"] for row in rows]
    assert data["scored"] == [
        [float(row["mean_forecast"]), float(row["observed_frequency"]), row["predictions"]] for row in rows if row["predictions"]
    ]
    assert sum(data["predictions"]) == (3 if not filters else 2)
    figure = charts.figure("calibration", rows, title)
    bars = [round(patch.get_height()) for patch in figure.axes[1].patches]
    assert bars == [row["predictions"] for row in rows]


def test_a_chart_title_carries_every_filter(invoke: Invoke, recorded: psycopg.Connection, tmp_path: Path) -> None:
    _, _, title = report_and_chart(invoke, tmp_path, "actor_timeline", "--actor", "rus", "--since", "2024-02")
    assert title == "actor_timeline (actor rus, since 2024-02)"
    _, _, title = report_and_chart(invoke, tmp_path, "calibration", "--tag", "arms", suffix=".png")
    assert title == "calibration (tag arms)"


def _month(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text[:10])
