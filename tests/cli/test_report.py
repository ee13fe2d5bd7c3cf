"""claimtrack report: the registry's reports by name, their filters, formats and charts, through CliRunner."""

from __future__ import annotations

import json
import math
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import psycopg
import pytest

# Four decided predictions by one analyst (evidence: source 1), one open and overdue, one about an
# arms transfer between two states, and a claim linking them.
ROWS = """
INSERT INTO actor (id, name, kind, iso_code) VALUES (1, 'Analyst A', 'person', NULL), (2, 'North Korea', 'state', 'PRK'),
    (3, 'Russia', 'state', 'RUS');
INSERT INTO source (id, title, recorded_by) VALUES (1, 'Evidence', 't');
INSERT INTO tag (id, name) VALUES (1, 'arms');
INSERT INTO prediction (id, statement, predictor_actor_id, probability, status, made_on, resolve_by, resolved_on,
                        evidence_source_id, recorded_by) VALUES
    (1, 'p 0.9 came true', 1, 0.9, 'confirmed', '2024-01-01', '2024-12-31', '2024-06-01', 1, 't'),
    (2, 'p 0.5 did not', 1, 0.5, 'refuted', '2024-01-01', '2024-12-31', '2024-06-01', 1, 't'),
    (3, 'p 0.5 came true', 1, 0.5, 'confirmed', '2024-03-01', '2024-12-31', '2024-06-01', 1, 't'),
    (4, 'p 0.2 did not', 1, 0.2, 'refuted', '2024-03-01', '2024-12-31', '2024-06-01', 1, 't'),
    (5, 'still open', 1, 0.4, 'open', '2024-03-01', '2024-12-31', NULL, NULL, 't');
INSERT INTO prediction_tag VALUES (1, 1), (2, 1);
INSERT INTO prediction_actor (prediction_id, actor_id) VALUES (1, 2), (1, 3), (3, 2), (3, 3);
INSERT INTO claim (id, statement, occurred_on, occurred_precision, recorded_by)
    VALUES (1, 'Shells crossed the border', '2024-02-01', 'month', 't');
INSERT INTO claim_actor (claim_id, actor_id) VALUES (1, 2), (1, 3);
"""


@pytest.fixture
def recorded(sql: psycopg.Connection) -> psycopg.Connection:
    sql.execute(ROWS)
    return sql


def test_report_list_names_each_report_with_what_it_shows_and_the_filters_it_takes(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = {entry["report"]: entry for entry in json.loads(result.stdout)}
    assert list(listed) == [
        "prediction_scoreboard", "forecast_scores", "forecaster_scoreboard", "calibration", "calibration_summary",
        "overdue_predictions", "upcoming_resolutions", "source_track_record", "source_forecast_value",
        "publisher_track_record", "actor_timeline", "arms_transfers", "claim_status_summary", "recent_changes",
        "record_changes",
    ]
    assert listed["forecast_scores"]["filters"] == "--actor --since --tag"
    assert listed["forecaster_scoreboard"]["filters"] == "--actor --since --tag"
    assert listed["calibration_summary"]["filters"] == "--tag"
    assert listed["source_forecast_value"]["filters"] == ""
    assert listed["calibration"] == {
        "report": "calibration",
        "description": "Per probability bin of width 0.1: predictions scored, mean forecast, observed frequency.",
        "filters": "--tag",
        "view": "reporting.calibration",
    }
    assert listed["recent_changes"]["filters"] == "--actor --since --tag"
    assert listed["source_track_record"]["filters"] == ""
    assert listed["record_changes"]["filters"] == "--actor --since --tag --by"


def test_report_calibration_as_csv_gives_every_bin_exactly(invoke, recorded) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "calibration", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "bin,bin_low,bin_high,predictions,mean_forecast,observed_frequency,confirmed,refuted\n"
        '"[0.0, 0.1)",0.0,0.1,0,,,0,0\n'
        '"[0.1, 0.2)",0.1,0.2,0,,,0,0\n'
        '"[0.2, 0.3)",0.2,0.3,1,0.2,0.0,0,1\n'
        '"[0.3, 0.4)",0.3,0.4,0,,,0,0\n'
        '"[0.4, 0.5)",0.4,0.5,0,,,0,0\n'
        '"[0.5, 0.6)",0.5,0.6,2,0.5,0.5,1,1\n'
        '"[0.6, 0.7)",0.6,0.7,0,,,0,0\n'
        '"[0.7, 0.8)",0.7,0.8,0,,,0,0\n'
        '"[0.8, 0.9)",0.8,0.9,0,,,0,0\n'
        '"[0.9, 1.0]",0.9,1.0,1,0.9,1.0,1,0\n'
    )
    assert result.stderr == ""


def test_report_calibration_in_the_terminal_draws_a_text_chart_under_the_table(invoke, recorded) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "calibration")
    assert result.exit_code == 0, result.output
    table, chart = result.stdout.rsplit("\n\n", 1)
    # Not a terminal and no COLUMNS: every column at its full width; numbers right-aligned, at three decimals.
    assert table.splitlines() == [
        "calibration",
        "bin         bin_low  bin_high  predictions  mean_forecast  observed_frequency  confirmed  refuted",
        "──────────  ───────  ────────  ───────────  ─────────────  ──────────────────  ─────────  ───────",
        "[0.0, 0.1)    0.000     0.100            0                                             0        0",
        "[0.1, 0.2)    0.100     0.200            0                                             0        0",
        "[0.2, 0.3)    0.200     0.300            1          0.200               0.000          0        1",
        "[0.3, 0.4)    0.300     0.400            0                                             0        0",
        "[0.4, 0.5)    0.400     0.500            0                                             0        0",
        "[0.5, 0.6)    0.500     0.600            2          0.500               0.500          1        1",
        "[0.6, 0.7)    0.600     0.700            0                                             0        0",
        "[0.7, 0.8)    0.700     0.800            0                                             0        0",
        "[0.8, 0.9)    0.800     0.900            0                                             0        0",
        "[0.9, 1.0]    0.900     1.000            1          0.900               1.000          1        0",
    ]
    assert chart.splitlines() == [
        "observed frequency █ against mean forecast │ (well calibrated: the bar ends at the │)",
        "[0.0, 0.1)  n=0    ",
        "[0.1, 0.2)  n=0    ",
        "[0.2, 0.3)  n=1        │                  0.00 observed, 0.20 forecast",
        "[0.3, 0.4)  n=0    ",
        "[0.4, 0.5)  n=0    ",
        "[0.5, 0.6)  n=2    ██████████│            0.50 observed, 0.50 forecast",
        "[0.6, 0.7)  n=0    ",
        "[0.7, 0.8)  n=0    ",
        "[0.8, 0.9)  n=0    ",
        "[0.9, 1.0]  n=1    ██████████████████│█   1.00 observed, 0.90 forecast",
    ]
    assert "█" not in invoke("report", "calibration", "--format", "markdown").stdout


def test_report_calibration_for_a_tag_reads_calibration_by_tag(invoke, recorded) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "calibration", "--tag", "ARMS", "--format", "json")
    assert result.exit_code == 0, result.output
    filled = [row for row in json.loads(result.stdout) if row["predictions"]]
    assert filled == [
        {"tag": "arms", "bin": "[0.5, 0.6)", "bin_low": 0.5, "bin_high": 0.6, "predictions": 1, "mean_forecast": 0.5,
         "observed_frequency": 0.0, "confirmed": 0, "refuted": 1},
        {"tag": "arms", "bin": "[0.9, 1.0]", "bin_low": 0.9, "bin_high": 1.0, "predictions": 1, "mean_forecast": 0.9,
         "observed_frequency": 1.0, "confirmed": 1, "refuted": 0},
    ]


def test_report_scoreboard_for_an_actor_named_in_any_case(invoke, recorded) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "prediction_scoreboard", "--actor", "analyst a", "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    brier = (0.01 + 0.25 + 0.25 + 0.04) / 4  # (0.9 - 1)², (0.5 - 0)², (0.5 - 1)², (0.2 - 0)²
    assert row.pop("brier_score") == pytest.approx(brier, rel=1e-12)
    log = -(math.log(0.9) + math.log(0.5) + math.log(0.5) + math.log(0.8)) / 4  # the probability given to what happened
    assert row.pop("log_score") == pytest.approx(log, rel=1e-12)
    assert row == {
        "predictor": "Analyst A", "predictor_kind": "actor", "total": 5, "open": 1, "overdue": 1, "confirmed": 2,
        "refuted": 2, "ambiguous": 0, "withdrawn": 0, "decided": 4, "hit_rate": 0.5, "scored": 4,
        "predictor_actor_id": 1, "predictor_source_id": None,
    }


def test_report_actor_timeline_as_markdown(invoke, recorded) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "actor_timeline", "--actor", "PRK", "--since", "2024-02", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "## actor_timeline\n\n"
        "| month | actor_a | actor_b | claims | predictions | resolutions | actor_a_id | actor_b_id |\n"
        "|---|---|---|---|---|---|---|---|\n"
        "| 2024-02-01 | North Korea | Russia | 1 | 0 | 0 | 2 | 3 |\n"
        "| 2024-03-01 | North Korea | Russia | 0 | 1 | 0 | 2 | 3 |\n"
        "| 2024-06-01 | North Korea | Russia | 0 | 0 | 2 | 2 | 3 |\n"
    )


def test_an_unknown_report_is_a_usage_error_that_suggests_the_closest(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "calibraton")
    assert result.exit_code == 2
    assert result.stderr.endswith('Error: no report "calibraton". Did you mean "calibration" or "calibration_summary"? See: claimtrack report list\n')


def test_an_unsupported_filter_is_a_usage_error_naming_the_supported_ones(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "prediction_scoreboard", "--since", "2024", "--tag", "arms")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: report prediction_scoreboard does not take --since, --tag; it takes --actor.\n")
    result = invoke("report", "claim_status_summary", "--actor", "Russia")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: report claim_status_summary does not take --actor; it takes no filters.\n")


def test_an_unknown_actor_is_refused_with_the_closest_names(invoke, recorded) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "arms_transfers", "--actor", "Rusia")
    assert result.exit_code == 1
    assert result.stderr.startswith('Error: no actor "Rusia". Did you mean "Russia" (RUS)?')
    assert "Traceback" not in result.output


def test_a_report_with_no_rows_says_so_on_stderr(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "overdue_predictions")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "overdue_predictions: no rows\n")
    assert invoke("report", "overdue_predictions", "--format", "json").stdout == "[]\n"


def test_recent_changes_tells_on_stderr_when_it_leaves_rows_out(invoke, recorded) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "recent_changes", "--limit", "2", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3
    assert result.stderr == "recent_changes: the first 2 rows; --limit N shows more, --limit 0 all.\n"
    assert invoke("report", "recent_changes", "--format", "csv").stderr == ""  # 6 rows, under the 100 shown


def test_the_prediction_scoreboard_shows_the_best_100_predictors_unless_told_otherwise(invoke, sql) -> None:  # type: ignore[no-untyped-def]
    sql.execute(
        "INSERT INTO source (id, title, recorded_by) VALUES (1, 'Evidence', 't');"
        "INSERT INTO actor (id, name, kind) SELECT n, 'Expert ' || n, 'person' FROM generate_series(1, 101) n;"
        "INSERT INTO prediction (statement, predictor_actor_id, probability, status, made_on, resolve_by, resolved_on,"
        " evidence_source_id, recorded_by) SELECT 'question ' || n, n, n / 200.0, 'confirmed', '2024-01-01', '2024-12-31',"
        " '2024-06-01', 1, 't' FROM generate_series(1, 101) n"
    )
    shown = invoke("report", "prediction_scoreboard", "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert [row["predictor"] for row in json.loads(shown.stdout)] == [f"Expert {n}" for n in range(101, 1, -1)]  # best Brier first
    assert shown.stderr == "prediction_scoreboard: the first 100 rows; --limit N shows more, --limit 0 all.\n"
    every = invoke("report", "prediction_scoreboard", "--limit", "0", "--format", "json")
    assert (len(json.loads(every.stdout)), every.stderr) == (101, "")


def test_each_report_has_help_with_its_view_filters_and_an_example(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "overdue_predictions", "--help")
    assert result.exit_code == 0
    assert "The rows of the view reporting.overdue_predictions." in result.stdout
    assert "--tag: only those tagged T" in result.stdout
    assert "Example:  claimtrack report overdue_predictions --actor ..." in result.stdout


@pytest.mark.parametrize("suffix", [".png", ".svg"])
@pytest.mark.parametrize("report", ["calibration", "actor_timeline"])
def test_charts_are_valid_png_and_svg_files_of_some_substance(invoke, recorded, tmp_path: Path, report: str, suffix: str) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("matplotlib")
    chart = tmp_path / f"{report}{suffix}"
    result = invoke("report", report, "--chart", str(chart), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"chart written to {chart}\n"
    assert result.stdout.startswith("bin," if report == "calibration" else "month,")
    data = chart.read_bytes()
    assert len(data) > 10_000
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        root = ElementTree.fromstring(data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert b"observed" in data if report == "calibration" else b"Russia" in data


def test_a_chart_of_an_empty_report_is_still_drawn(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("matplotlib")
    for report in ("calibration", "actor_timeline"):
        chart = tmp_path / f"{report}.png"
        assert invoke("report", report, "--chart", str(chart)).exit_code == 0
        assert chart.read_bytes().startswith(b"\x89PNG")


def test_a_chart_without_matplotlib_names_the_extra_to_install(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    result = invoke("report", "calibration", "--chart", str(tmp_path / "c.png"))
    assert result.exit_code == 1
    assert result.stderr == "Error: charts need matplotlib: pip install 'claimtrack[charts]'\n"
    assert result.stdout == ""  # refused before any query
    assert not (tmp_path / "c.png").exists()


def test_a_chart_for_a_report_without_one_or_of_another_kind_is_a_usage_error(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "arms_transfers", "--chart", str(tmp_path / "a.png"))
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for --chart: report arms_transfers has no chart; calibration and actor_timeline have.\n"
    )
    result = invoke("report", "calibration", "--chart", str(tmp_path / "c.jpg"))
    assert result.exit_code == 2
    assert result.stderr.endswith(f"""Error: Invalid value for --chart: "{tmp_path / 'c.jpg'}" ends neither in .png nor .svg; name the file so.\n""")


def test_the_scoreboard_table_says_why_a_score_is_blank(invoke, recorded, sql) -> None:  # type: ignore[no-untyped-def]
    sql.execute(
        "INSERT INTO actor (id, name, kind) VALUES (4, 'Unscored expert', 'person'), (5, 'Patient expert', 'person');"
        "INSERT INTO prediction (id, statement, predictor_actor_id, status, made_on, resolve_by, resolved_on, evidence_source_id,"
        " recorded_by) VALUES (6, 'no probability', 4, 'confirmed', '2024-01-01', '2024-12-31', '2024-06-01', 1, 't'),"
        " (7, 'not yet', 5, 'open', '2024-01-01', '2030-12-31', NULL, NULL, 't')"
    )
    table = invoke("report", "prediction_scoreboard")
    assert table.exit_code == 0, table.output
    assert "No Brier" not in table.stdout
    assert sorted(table.stderr.splitlines()) == [
        "No Brier or log score for Patient expert: none of its predictions is confirmed or refuted yet.",
        "No Brier or log score for Unscored expert: no probability recorded for its one decided prediction.",
    ]
    as_json = invoke("report", "prediction_scoreboard", "--format", "json")
    assert "No Brier" not in as_json.stdout  # the data formats stay pure data


def test_a_source_that_disputed_a_claim_later_confirmed_is_debited_and_one_later_refuted_credited(invoke) -> None:  # type: ignore[no-untyped-def]
    for title in ("Wire service", "Ministry", "Observer"):
        added = invoke("source", "add", title, "--reliability", "B")
        assert added.exit_code == 0, added.output
    for statement in ("Shells crossed the border at Tumangang in May", "A second rail bridge opened to freight in June"):
        added = invoke("claim", "add", statement, "--source", "1", "--stance", "supports")
        assert added.exit_code == 0, added.output
    for claim in ("1", "2"):
        cited = invoke("claim", "cite", claim, "--source", "2", "--stance", "disputes")
        assert cited.exit_code == 0, cited.output
    assert invoke("claim", "set-status", "1", "confirmed", "--reason", "satellite images", "--evidence", "3").exit_code == 0
    assert invoke("claim", "set-status", "2", "refuted", "--reason", "no train ran", "--evidence", "3").exit_code == 0

    result = invoke("report", "source_track_record", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["source"]: row for row in json.loads(result.stdout)}
    columns = ("claims_supported", "supported_confirmed", "supported_refuted", "claims_disputed", "disputed_confirmed",
               "disputed_refuted", "borne_out", "contradicted", "accuracy")
    assert [rows["Wire service"][c] for c in columns] == [2, 1, 1, 0, 0, 0, 1, 1, 0.5]
    assert [rows["Ministry"][c] for c in columns] == [0, 0, 0, 2, 1, 1, 1, 1, 0.5]
