"""The reporting views on hand-computed fixtures, read as psql reads them; and the report service.

Rows are written with raw SQL, as a psql user would, so these tests depend on no other command.
Every expected number below is worked out by hand in its comment.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest
from conftest import _libpq
from hypothesis import example, given, settings
from hypothesis import strategies as st

from claimtrack import domain
from claimtrack.errors import InvalidValue, NotFound
from claimtrack.services.reports import run_report

# Resolved predictions: made 2024-01-01, due 2025-12-31, resolved 2025-06-01 on source 3's evidence.
ROWS = """
INSERT INTO actor (id, name, kind, iso_code) VALUES
    (1, 'Analyst A', 'person', NULL), (2, 'North Korea', 'state', 'PRK'), (3, 'Russia', 'state', 'RUS'),
    (4, 'Ukraine', 'state', 'UKR');
INSERT INTO actor_alias (actor_id, alias) VALUES (2, 'DPRK');
INSERT INTO source (id, title, url, publisher, reliability, recorded_by) VALUES
    (1, 'KCNA statement', 'https://example.org/kcna', 'KCNA', 'E', 't'),
    (2, 'Think tank report', 'https://example.org/tank', 'CSIS', 'B', 't'),
    (3, 'Evidence article', 'https://example.org/evidence', 'Reuters', 'A', 't'),
    (4, 'Another Reuters piece', 'https://example.org/more', 'Reuters', 'B', 't'),
    (5, 'A blog', NULL, NULL, 'F', 't');
INSERT INTO tag (id, name) VALUES (1, 'arms'), (2, 'diplomacy');

INSERT INTO prediction (id, statement, predictor_actor_id, predictor_source_id, probability, likelihood, status,
                        made_on, resolve_by, resolved_on, evidence_source_id, resolution_note, recorded_by) VALUES
    (1, 'p 0.9 confirmed', 1, NULL, 0.9, NULL, 'confirmed', '2024-01-01', '2025-12-31', '2025-06-01', 3, NULL, 't'),
    (2, 'p 0.2 refuted', 1, NULL, 0.2, NULL, 'refuted', '2024-01-01', '2025-12-31', '2025-06-01', 3, NULL, 't'),
    (3, 'p 0.5 confirmed', 1, NULL, 0.5, NULL, 'confirmed', '2024-01-01', '2025-12-31', '2025-06-01', 3, NULL, 't'),
    (4, 'p 0.7 refuted', 1, NULL, 0.7, NULL, 'refuted', '2024-01-01', '2025-12-31', '2025-06-01', 3, NULL, 't'),
    (5, 'no probability, confirmed', 1, NULL, NULL, NULL, 'confirmed', '2024-01-01', '2025-12-31', '2025-06-01', 3, NULL, 't'),
    (6, 'p 0.6 ambiguous', 1, NULL, 0.6, NULL, 'ambiguous', '2024-01-01', '2025-12-31', '2025-06-01', NULL, 'unclear', 't'),
    (7, 'p 0.8 withdrawn', 1, NULL, 0.8, NULL, 'withdrawn', '2024-01-01', '2025-12-31', '2025-06-01', NULL, 'moot', 't'),
    (8, 'p 0.3 confirmed, reopened, refuted', 1, NULL, 0.3, NULL, 'confirmed', '2024-01-01', '2025-12-31', '2025-06-01', 3, NULL, 't'),
    (9, 'p 0.4 open and overdue', 1, NULL, 0.4, NULL, 'open', '2024-01-01', current_date - 10, NULL, NULL, NULL, 't'),
    (10, 'no probability, open, due in 10 days', 1, NULL, NULL, NULL, 'open', '2024-01-01', current_date + 10, NULL, NULL, NULL, 't'),
    (11, 'p 1.0 confirmed', 1, NULL, 1.0, NULL, 'confirmed', '2024-01-01', '2025-12-31', '2025-06-01', 3, NULL, 't'),
    (12, 'p 0.0 confirmed', 1, NULL, 0.0, NULL, 'confirmed', '2024-01-01', '2025-12-31', '2025-06-01', 3, NULL, 't'),
    (13, 'tank: p 0.5 refuted', NULL, 2, 0.5, NULL, 'refuted', '2024-01-01', '2025-12-31', '2025-06-01', 3, NULL, 't'),
    (14, 'tank: likely, open, due in 30 days', NULL, 2, 0.675, 'likely', 'open', current_date - 5, current_date + 30, NULL, NULL, NULL, 't'),
    (15, 'Russia via KCNA: p 0.65 confirmed', 3, 1, 0.65, NULL, 'confirmed', '2024-01-01', '2025-12-31', '2025-06-01', 3, NULL, 't'),
    (16, 'unattributed, due today', NULL, NULL, NULL, NULL, 'open', '2024-01-01', current_date, NULL, NULL, NULL, 't'),
    (17, 'unattributed, due in 31 days', NULL, NULL, NULL, NULL, 'open', '2024-01-01', current_date + 31, NULL, NULL, NULL, 't');
INSERT INTO prediction_tag (prediction_id, tag_id) VALUES (1, 1), (2, 1), (3, 1), (13, 1), (15, 2);
INSERT INTO prediction_actor (prediction_id, actor_id, role) VALUES (9, 2, 'subject'), (9, 4, 'mentioned'),
    (15, 2, 'subject'), (15, 3, 'target');

INSERT INTO claim (id, statement, status, claimant_id, occurred_on, occurred_precision, recorded_by) VALUES
    (1, 'Russia forgave most of North Korea''s debt', 'confirmed', NULL, '2012-01-01', 'year', 't'),
    (2, 'North Korea shipped shells to Russia', 'refuted', 4, '2024-09-01', 'month', 't'),
    (3, 'A rumour about North Korea', 'unverified', NULL, NULL, NULL, 't');
INSERT INTO claim_actor (claim_id, actor_id, role) VALUES (1, 3, 'subject'), (1, 2, 'target'),
    (2, 2, 'subject'), (2, 3, 'target'), (2, 4, 'mentioned'), (3, 2, 'subject');
INSERT INTO claim_tag (claim_id, tag_id) VALUES (2, 1);
INSERT INTO claim_source (claim_id, source_id, stance, added_by) VALUES
    (1, 1, 'supports', 't'), (1, 3, 'supports', 't'), (2, 1, 'supports', 't'), (2, 2, 'disputes', 't'),
    (3, 4, 'supports', 't');

INSERT INTO arms_transfer (prediction_id, claim_id, supplier_id, recipient_id, category, item) VALUES
    (15, NULL, 2, 3, 'ammunition', '152 mm shells'),
    (NULL, 2, 2, 3, 'ammunition', '152 mm shells'),
    (9, NULL, 2, 3, 'missiles', 'KN-23');
"""


def reopen_and_refute(sql: psycopg.Connection) -> None:
    """Prediction 8 was confirmed; it is reopened with a reason, then refuted: it counts as refuted."""
    with sql.transaction():
        sql.execute("SELECT set_config('claimtrack.actor', 'bob', true), set_config('claimtrack.reason', 'the evidence was misread', true)")
        sql.execute("UPDATE prediction SET status = 'open', resolved_on = NULL, evidence_source_id = NULL WHERE id = 8")
    with sql.transaction():
        sql.execute("SELECT set_config('claimtrack.actor', 'carol', true)")
        sql.execute(
            "UPDATE prediction SET status = 'refuted', resolved_on = '2025-09-01', evidence_source_id = 3, "
            "resolution_note = 'no shipment' WHERE id = 8"
        )


@pytest.fixture
def recorded(sql: psycopg.Connection) -> psycopg.Connection:
    sql.execute(ROWS)
    reopen_and_refute(sql)
    return sql


def view(sql: psycopg.Connection, name: str, where: str = "TRUE", order: str = "1") -> list[dict[str, Any]]:
    with sql.cursor(row_factory=psycopg.rows.dict_row) as cursor:
        return cursor.execute(f"SELECT * FROM reporting.{name} WHERE {where} ORDER BY {order}").fetchall()


# (probability, outcome) of every scored prediction of Analyst A: decided (confirmed 1 / refuted 0),
# with a probability. Not 5 (no probability), 6 (ambiguous), 7 (withdrawn), 9 and 10 (open).
ANALYST_PAIRS = [(0.9, 1), (0.2, 0), (0.5, 1), (0.7, 0), (0.3, 0), (1.0, 1), (0.0, 1)]
# Squared errors: 0.01, 0.04, 0.25, 0.49, 0.09 (8 counts as refuted now), 0, 1.
ANALYST_BRIER = (0.01 + 0.04 + 0.25 + 0.49 + 0.09 + 0.0 + 1.0) / 7
# −ln of the probability given to what happened; 1.0 that came true scores 0 (clipped only below),
# 0.0 that came true scores −ln 0.001.
ANALYST_LOG = (-math.log(0.9) - math.log(0.8) - math.log(0.5) - math.log(0.3) - math.log(0.7) - 0.0 - math.log(0.001)) / 7


def test_the_scoreboard_counts_and_scores_each_predictor_by_hand(recorded: psycopg.Connection) -> None:
    rows = {row["predictor"]: row for row in view(recorded, "prediction_scoreboard")}
    analyst = rows["Analyst A"]
    assert {k: analyst[k] for k in ("predictor_kind", "total", "open", "overdue", "confirmed", "refuted", "ambiguous", "withdrawn", "decided", "scored")} == {
        "predictor_kind": "actor", "total": 12, "open": 2, "overdue": 1, "confirmed": 5, "refuted": 3,
        "ambiguous": 1, "withdrawn": 1, "decided": 8, "scored": 7,
    }
    assert analyst["hit_rate"] == 5 / 8  # 1, 3, 5, 11, 12 confirmed; 2, 4, 8 refuted
    assert analyst["brier_score"] == pytest.approx(ANALYST_BRIER, rel=1e-12)
    assert analyst["brier_score"] == pytest.approx(0.26857142857142857, rel=1e-12)
    assert analyst["log_score"] == pytest.approx(ANALYST_LOG, rel=1e-12)
    assert analyst["log_score"] == pytest.approx(1.3557220392541125, rel=1e-12)
    assert (analyst["predictor_actor_id"], analyst["predictor_source_id"]) == (1, None)

    # The think tank (a source, no actor): 13 refuted at 0.5 (a coin flip: Brier 0.25, log ln 2), 14 open.
    tank = rows["Think tank report"]
    assert (tank["predictor_kind"], tank["total"], tank["open"], tank["decided"], tank["hit_rate"], tank["scored"]) == ("source", 2, 1, 1, 0.0, 1)
    assert tank["brier_score"] == 0.25
    assert tank["log_score"] == pytest.approx(math.log(2), rel=1e-12)
    assert (tank["predictor_actor_id"], tank["predictor_source_id"]) == (None, 2)

    # Russia, published by KCNA: the actor is the predictor. 0.65 confirmed: (0.35)² and −ln 0.65.
    russia = rows["Russia"]
    assert (russia["predictor_kind"], russia["total"], russia["hit_rate"], russia["scored"]) == ("actor", 1, 1.0, 1)
    assert russia["brier_score"] == pytest.approx(0.35**2, rel=1e-12)
    assert russia["log_score"] == pytest.approx(-math.log(0.65), rel=1e-12)

    # Nothing decided: every score is null, never 0; the counts say why.
    nobody = rows["(unattributed)"]
    assert (nobody["predictor_kind"], nobody["total"], nobody["open"], nobody["decided"], nobody["scored"]) == ("unattributed", 2, 2, 0, 0)
    assert (nobody["hit_rate"], nobody["brier_score"], nobody["log_score"]) == (None, None, None)


def test_the_database_and_claimtrack_domain_score_alike(recorded: psycopg.Connection) -> None:
    analyst = view(recorded, "prediction_scoreboard", "predictor = 'Analyst A'")[0]
    assert analyst["brier_score"] == pytest.approx(domain.brier_score(ANALYST_PAIRS), rel=1e-12)
    assert analyst["log_score"] == pytest.approx(domain.log_score(ANALYST_PAIRS), rel=1e-12)
    assert analyst["hit_rate"] == domain.hit_rate(5, 3)
    outcomes = view(recorded, "prediction_outcomes", "probability IS NOT NULL")
    for row in outcomes:
        assert row["calibration_bin"] == domain.calibration_bin(row["probability"]), row
    # A certain forecast that came true scores 0 in both (the old upper clip at 0.999 gave 0.001).
    assert domain.log_score([(1.0, 1)]) == 0.0
    assert view(recorded, "prediction_outcomes", "prediction_id = 11")[0]["log_loss"] == 0.0


def test_the_scoreboard_ranks_by_brier_score_with_the_unscored_last(recorded: psycopg.Connection) -> None:
    order = [row[0] for row in recorded.execute("SELECT predictor FROM reporting.prediction_scoreboard")]
    assert order == ["Russia", "Think tank report", "Analyst A", "(unattributed)"]


def test_ambiguous_withdrawn_open_and_unprobabilised_predictions_are_never_scored(recorded: psycopg.Connection) -> None:
    rows = {row["prediction_id"]: row for row in view(recorded, "prediction_outcomes")}
    for unscored in (5, 6, 7, 9, 10, 14, 16, 17):
        assert (rows[unscored]["squared_error"], rows[unscored]["log_loss"]) == (None, None), unscored
    assert (rows[5]["outcome"], rows[6]["outcome"], rows[7]["outcome"], rows[9]["outcome"]) == (1, None, None, None)
    assert [rows[i]["calibration_bin"] for i in (5, 10, 16)] == [None, None, None]  # no probability, no bin
    assert rows[8]["status"] == "refuted" and rows[8]["outcome"] == 0
    assert rows[8]["squared_error"] == pytest.approx(0.09, rel=1e-12)
    assert rows[12]["log_loss"] == pytest.approx(-math.log(0.001), rel=1e-12)  # clipped, not infinite


def test_calibration_bins_hold_what_the_edges_say(recorded: psycopg.Connection) -> None:
    rows = view(recorded, "calibration", order="bin_low")
    assert [(r["bin"], r["predictions"], r["confirmed"], r["refuted"]) for r in rows] == [
        ("[0.0, 0.1)", 1, 1, 0),  # 12: 0.0, confirmed
        ("[0.1, 0.2)", 0, 0, 0),
        ("[0.2, 0.3)", 1, 0, 1),  # 2: 0.2
        ("[0.3, 0.4)", 1, 0, 1),  # 8: 0.3, refuted after reopening
        ("[0.4, 0.5)", 0, 0, 0),  # 9 (0.4) is open
        ("[0.5, 0.6)", 2, 1, 1),  # 3 and 13: exactly 0.5 falls here
        ("[0.6, 0.7)", 1, 1, 0),  # 15: 0.65 (6, 0.6 ambiguous, is not scored)
        ("[0.7, 0.8)", 1, 0, 1),  # 4: 0.7 (14, 0.675 open, is not scored)
        ("[0.8, 0.9)", 0, 0, 0),  # 7 (0.8 withdrawn) is not scored
        ("[0.9, 1.0]", 2, 2, 0),  # 1 (0.9) and 11: exactly 1.0 falls in the last, closed bin
    ]
    by_bin = {r["bin"]: r for r in rows}
    assert (by_bin["[0.5, 0.6)"]["mean_forecast"], by_bin["[0.5, 0.6)"]["observed_frequency"]) == (0.5, 0.5)
    assert by_bin["[0.9, 1.0]"]["mean_forecast"] == pytest.approx(0.95, rel=1e-12)
    assert by_bin["[0.9, 1.0]"]["observed_frequency"] == 1.0
    assert (by_bin["[0.0, 0.1)"]["mean_forecast"], by_bin["[0.0, 0.1)"]["observed_frequency"]) == (0.0, 1.0)
    assert (by_bin["[0.1, 0.2)"]["mean_forecast"], by_bin["[0.1, 0.2)"]["observed_frequency"]) == (None, None)
    assert [(float(r["bin_low"]), float(r["bin_high"])) for r in rows][4:6] == [(0.4, 0.5), (0.5, 0.6)]


def test_calibration_by_tag_has_ten_bins_for_each_tag_with_a_scored_prediction(recorded: psycopg.Connection) -> None:
    rows = view(recorded, "calibration_by_tag", order="tag, bin_low")
    assert [r["tag"] for r in rows] == ["arms"] * 10 + ["diplomacy"] * 10
    arms = {r["bin"]: (r["predictions"], r["mean_forecast"], r["observed_frequency"]) for r in rows if r["tag"] == "arms" and r["predictions"]}
    assert arms == {"[0.2, 0.3)": (1, 0.2, 0.0), "[0.5, 0.6)": (2, 0.5, 0.5), "[0.9, 1.0]": (1, 0.9, 1.0)}
    diplomacy = [(r["bin"], r["predictions"]) for r in rows if r["tag"] == "diplomacy" and r["predictions"]]
    assert diplomacy == [("[0.6, 0.7)", 1)]


def test_overdue_and_upcoming_predictions_by_their_deadlines(recorded: psycopg.Connection) -> None:
    overdue = view(recorded, "overdue_predictions")
    assert [(r["prediction_id"], r["days_overdue"], r["predictor"]) for r in overdue] == [(9, 10, "Analyst A")]
    # Every linked actor, the predictor and the arms transfer's supplier and recipient included.
    assert overdue[0]["actors"] == ["Analyst A", "North Korea", "Russia", "Ukraine"]
    upcoming = view(recorded, "upcoming_resolutions", order="resolve_by")
    # Due today (0) and in exactly 30 days count; 31 days does not.
    assert [(r["prediction_id"], r["days_left"], r["predictor"]) for r in upcoming] == [
        (16, 0, "(unattributed)"), (10, 10, "Analyst A"), (14, 30, "Think tank report"),
    ]


def test_source_and_publisher_track_records(recorded: psycopg.Connection) -> None:
    columns = ("source", "publisher", "reliability", "claims_supported", "supported_confirmed", "supported_refuted",
               "predictions_made", "predictions_open", "predictions_confirmed", "predictions_refuted", "predictions_annulled")
    rows = [tuple(r[c] for c in columns) for r in view(recorded, "source_track_record", order="source_id")]
    assert rows == [
        ("KCNA statement", "KCNA", "E", 2, 1, 1, 1, 0, 1, 0, 0),  # supports claims 1 and 2; published 15
        ("Think tank report", "CSIS", "B", 0, 0, 0, 2, 1, 0, 1, 0),  # disputes claim 2; 13 refuted, 14 open
        ("Evidence article", "Reuters", "A", 1, 1, 0, 0, 0, 0, 0, 0),
        ("Another Reuters piece", "Reuters", "B", 1, 0, 0, 0, 0, 0, 0, 0),  # claim 3 is unverified
        ("A blog", None, "F", 0, 0, 0, 0, 0, 0, 0, 0),
    ]
    columns = ("publisher", "sources", "reliability", "claims_supported", "supported_confirmed", "supported_refuted",
               "predictions_made", "predictions_open", "predictions_refuted")
    publishers = [tuple(r[c] for c in columns) for r in view(recorded, "publisher_track_record", order="publisher")]
    assert publishers == [
        ("(no publisher)", 1, "F", 0, 0, 0, 0, 0, 0),
        ("CSIS", 1, "B", 0, 0, 0, 2, 1, 1),
        ("KCNA", 1, "E", 2, 1, 1, 1, 0, 0),
        ("Reuters", 2, "A, B", 2, 1, 0, 0, 0, 0),  # claims 1 and 3, each once
    ]


def test_the_actor_timeline_pairs_actors_per_month(recorded: psycopg.Connection) -> None:
    rows = [(str(r["month"]), r["actor_a"], r["actor_b"], r["claims"], r["predictions"], r["resolutions"])
            for r in view(recorded, "actor_timeline", order="month, actor_a, actor_b")]
    assert rows == [
        ("2012-01-01", "North Korea", "Russia", 1, 0, 0),  # claim 1, "in 2012": its January
        ("2024-01-01", "North Korea", "Russia", 0, 2, 0),  # predictions 9 (via its arms transfer) and 15
        ("2024-01-01", "North Korea", "Ukraine", 0, 1, 0),  # prediction 9; its predictor is no part of a pair
        ("2024-01-01", "Russia", "Ukraine", 0, 1, 0),
        ("2024-09-01", "North Korea", "Russia", 1, 0, 0),  # claim 2; Ukraine is claimant and mentioned
        ("2024-09-01", "North Korea", "Ukraine", 1, 0, 0),
        ("2024-09-01", "Russia", "Ukraine", 1, 0, 0),
        ("2025-06-01", "North Korea", "Russia", 0, 0, 1),  # prediction 15 resolved
    ]


def test_arms_transfers_by_supplier_recipient_category_and_item(recorded: psycopg.Connection) -> None:
    rows = [tuple(r[c] for c in ("supplier", "recipient", "category", "item", "expected", "confirmed", "refuted", "annulled", "claims"))
            for r in view(recorded, "arms_transfers", order="category")]
    assert rows == [
        ("North Korea", "Russia", "ammunition", "152 mm shells", 0, 1, 0, 0, 1),
        ("North Korea", "Russia", "missiles", "KN-23", 1, 0, 0, 0, 0),
    ]


def test_claim_status_summary_lists_every_status_in_order(recorded: psycopg.Connection) -> None:
    rows = [(r[0], r[1], r[2]) for r in recorded.execute("SELECT * FROM reporting.claim_status_summary")]
    assert rows == [
        ("unverified", 1, 1 / 3), ("corroborated", 0, 0.0), ("contested", 0, 0.0),
        ("confirmed", 1, 1 / 3), ("refuted", 1, 1 / 3), ("retracted", 0, 0.0),
    ]


def test_recent_changes_tell_who_why_and_on_what_evidence(recorded: psycopg.Connection) -> None:
    rows = view(recorded, "recent_changes", "kind = 'prediction' AND record_id = 8", order="change_id")
    # Recorded already confirmed: an open entry from the day it was made, then the verdict.
    assert [(r["from_status"], r["to_status"], r["changed_by"], r["reason"], r["evidence"]) for r in rows] == [
        (None, "open", "t", None, None),
        ("open", "confirmed", "t", None, "Evidence article"),
        ("confirmed", "open", "bob", "the evidence was misread", None),
        ("open", "refuted", "carol", "no shipment", "Evidence article"),
    ]
    assert rows[0]["statement"] == "p 0.3 confirmed, reopened, refuted"
    claim = view(recorded, "recent_changes", "kind = 'claim' AND record_id = 2")[0]
    assert (claim["to_status"], claim["actors"], claim["tags"]) == ("refuted", ["North Korea", "Russia", "Ukraine"], ["arms"])
    # 17 + 2 + 3 entries, and an open entry for each of the 12 predictions recorded already resolved
    assert recorded.execute("SELECT count(*) FROM reporting.recent_changes").fetchone() == (17 + 2 + 3 + 12,)


@pytest.fixture
def session(recorded: psycopg.Connection, database_url: str) -> Iterator[psycopg.Connection]:
    """One transaction on the recorded database, rolled back at the end, as a command's would be."""
    with psycopg.connect(_libpq(database_url)) as connection:
        yield connection
        connection.rollback()


def test_a_report_is_its_view_narrowed_by_conditions_on_the_views_columns(session: psycopg.Connection) -> None:
    result = run_report(session, name="overdue_predictions", actor="dprk")  # an alias, any case
    assert [row[0] for row in result.rows] == [9]
    assert run_report(session, name="overdue_predictions", tag="Arms").rows == []  # normalised; 9 has no tag
    upcoming = run_report(session, name="upcoming_resolutions", since=date.today() - timedelta(days=5))
    assert [row[0] for row in upcoming.rows] == [14]  # the only one made since
    assert [row[0] for row in run_report(session, name="prediction_scoreboard", actor="RUS").rows] == ["Russia"]
    timeline = run_report(session, name="actor_timeline", actor="Ukraine", since=date(2024, 9, 15))
    assert [(str(r[0]), r[1], r[2]) for r in timeline.rows] == [
        ("2024-09-01", "North Korea", "Ukraine"), ("2024-09-01", "Russia", "Ukraine"),
    ]
    tagged = run_report(session, name="calibration", tag="arms")
    assert tagged.view == "calibration_by_tag" and len(tagged.rows) == 10
    assert [r[0] for r in run_report(session, name="arms_transfers", actor="Ukraine").rows] == []
    changes = run_report(session, name="recent_changes", tag="arms", since=date(2000, 1, 1))
    assert sorted((r[1], r[2]) for r in changes.rows) == [
        ("claim", 2), ("prediction", 1), ("prediction", 1), ("prediction", 2), ("prediction", 2),
        ("prediction", 3), ("prediction", 3), ("prediction", 13), ("prediction", 13),
    ]


def test_recent_changes_shows_the_newest_hundred_unless_told_otherwise(session: psycopg.Connection) -> None:
    session.execute("INSERT INTO claim (id, statement, recorded_by) SELECT 1000 + n, 'claim ' || n, 't' FROM generate_series(1, 120) n")
    shown = run_report(session, name="recent_changes")
    assert (len(shown.rows), shown.truncated) == (100, True)
    assert shown.rows[0][3] == "claim 120"  # newest first
    everything = run_report(session, name="recent_changes", limit=0)
    assert (len(everything.rows), everything.truncated) == (22 + 12 + 120, False)
    assert run_report(session, name="recent_changes", limit=5).truncated


def test_report_service_refuses_unknown_reports_filters_and_actors(session: psycopg.Connection) -> None:
    with pytest.raises(NotFound, match='no report "scoreboard"; see: claimtrack report list'):
        run_report(session, name="scoreboard")
    with pytest.raises(InvalidValue, match="report source_track_record does not take --actor; it takes no filters."):
        run_report(session, name="source_track_record", actor="Russia")
    with pytest.raises(NotFound, match='no actor "Rusia". Did you mean "Russia" \\(RUS\\)'):
        run_report(session, name="arms_transfers", actor="Rusia")


probabilities = st.one_of(
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.integers(0, 100).map(lambda n: n / 100),  # the decimals analysts write, bin edges included
    st.sampled_from([0.7 - 0.4, 0.1 * 3, 1 - 0.9, 0.5]),  # decimals that arithmetic left a hair off
)


@pytest.fixture(scope="module")
def untouched(module_database_url: str) -> Iterator[psycopg.Connection]:
    """The module's database at head, as psql reaches it; an example writes only in a transaction it rolls back."""
    with psycopg.connect(_libpq(module_database_url), autocommit=True) as connection:
        yield connection


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(probabilities, st.sampled_from([0, 1])), min_size=1, max_size=12))
# Found by hypothesis: 1 - 2⁻⁵³ is 1.0 to 15 digits (the last bin, not an eleventh); a square
# below 1e-308 is an error in PostgreSQL unless the view rounds it to 0 first.
@example(pairs=[(0.9999999999999999, 0), (1e-200, 0), (0.7 - 0.4, 1)])
def test_the_views_score_and_bin_any_forecasts_as_claimtrack_domain_does(
    untouched: psycopg.Connection, pairs: list[tuple[float, int]]
) -> None:
    sql = untouched
    forecaster = 1000
    with sql.transaction(force_rollback=True):
        sql.execute("INSERT INTO actor (id, name, kind) VALUES (%s, 'A forecaster', 'person')", (forecaster,))
        sql.execute("INSERT INTO source (id, title, recorded_by) VALUES (1, 'Evidence', 't')")
        with sql.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO prediction (statement, predictor_actor_id, probability, status, made_on, resolve_by, "
                "resolved_on, evidence_source_id, recorded_by) VALUES ('p', %s, %s, %s, '2024-01-01', '2024-12-31', "
                "'2024-06-01', 1, 't')",
                [(forecaster, p, "confirmed" if o else "refuted") for p, o in pairs],
            )
        row = view(sql, "prediction_scoreboard", f"predictor_actor_id = {forecaster}")[0]
        assert row["scored"] == len(pairs)
        assert row["brier_score"] == pytest.approx(domain.brier_score(pairs), rel=1e-9, abs=1e-12)
        assert row["log_score"] == pytest.approx(domain.log_score(pairs), rel=1e-9, abs=1e-12)
        assert row["hit_rate"] == domain.hit_rate(sum(o for _, o in pairs), sum(1 - o for _, o in pairs))
        bins = sql.execute(
            "SELECT probability, calibration_bin FROM reporting.prediction_outcomes WHERE predictor_actor_id = %s", (forecaster,)
        ).fetchall()
        assert sorted(bins) == sorted((p, domain.calibration_bin(p)) for p, _ in pairs)


@pytest.mark.parametrize("name", ["recent_changes", "overdue_predictions"])
@pytest.mark.parametrize("by", ["actor", "tag"])
@pytest.mark.parametrize("limit", [None, 0, 2])
def test_an_actor_s_or_tag_s_rows_are_the_same_found_either_way(
    session: psycopg.Connection, monkeypatch: pytest.MonkeyPatch, name: str, by: str, limit: int | None
) -> None:
    """--actor (--tag) collects the rows by index, or (for one with many) checks each row in order;
    both give what psql gives for `WHERE A = ANY(actors)` (`T = ANY(tags)`), in the report's order."""
    import dataclasses

    from claimtrack import reports

    session.execute((
        "INSERT INTO prediction (id, statement, resolve_by, made_on, recorded_by) "
        "SELECT 100 + n, 'overdue ' || n, current_date - n, '2024-01-01', 't' FROM generate_series(1, 6) n; "
        "INSERT INTO prediction_actor (prediction_id, actor_id, role) SELECT 100 + n, 2 + n % 3, 'subject' FROM generate_series(1, 6) n; "
        "INSERT INTO prediction_tag (prediction_id, tag_id) SELECT 100 + n, 1 + n % 2 FROM generate_series(1, 5) n"
    ))
    report = reports.REPORTS[name]
    position, narrowing = next((i, f) for i, f in enumerate(report.filters) if f.name == by)
    assert narrowing.dense is not None
    values = ("North Korea", "Russia", "Ukraine", "Analyst A") if by == "actor" else ("arms", "diplomacy")
    for value in values:
        expected = [tuple(row) for row in session.execute(
            f"SELECT * FROM reporting.{name} WHERE %(value)s = ANY({by}s) ORDER BY {report.order_by}", {"value": value}
        )]
        if limit:
            expected = expected[:limit]
        for at_least in (1, 10**9):  # dense, then sparse
            forced = dataclasses.replace(narrowing, dense=dataclasses.replace(narrowing.dense, at_least=at_least))
            filters = (*report.filters[:position], forced, *report.filters[position + 1 :])
            monkeypatch.setitem(reports.REPORTS, name, dataclasses.replace(report, filters=filters))
            found = run_report(session, name=name, limit=limit, **{by: value})
            assert found.rows == expected, (value, at_least)
        assert expected or value == "Analyst A"
