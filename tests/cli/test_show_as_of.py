"""claim show --as-of and prediction show --as-of: a record as it stood at the end of a day, its
status from the history's effective dates, its fields and links from before later corrections."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import psycopg
import pytest


@pytest.fixture
def yesterday(sql: psycopg.Connection) -> date:
    return sql.execute("SELECT current_date - 1").fetchone()[0]  # type: ignore[index]


def shown(invoke: Any, kind: str, record_id: int, *args: str) -> dict[str, Any]:
    result = invoke(kind, "show", str(record_id), *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def corrected(invoke: Any) -> Any:
    """A claim stated in January 2024, confirmed (effective March 2024), then corrected today: a new
    statement and credibility, an actor and a tag swapped, a source cited."""
    for args in (["North Korea", "--kind", "state", "--country", "PRK"], ["Russia", "--kind", "state", "--country", "RUS"]):
        assert invoke("actor", "add", *args).exit_code == 0
    assert invoke("source", "add", "Ministry statement").exit_code == 0
    added = invoke("claim", "add", "Shells crossed at Tumangang", "--stated", "2024-01", "--actor", "PRK", "--tag", "shells",
                   "--credibility", "3")
    assert added.exit_code == 0, added.output
    assert invoke("claim", "set-status", "1", "confirmed", "--reason", "photos", "--evidence", "1", "--on", "2024-03-05").exit_code == 0
    edited = invoke("claim", "edit", "1", "--statement", "Shells crossed at Tumangang station", "--credibility", "2",
                    "--add-actor", "RUS:target", "--remove-actor", "PRK", "--add-tag", "rail", "--remove-tag", "shells", "--reason", "typo")
    assert edited.exit_code == 0, edited.output
    return invoke


def test_a_claim_as_of_yesterday_reads_as_it_stood_before_todays_corrections(corrected: Any, yesterday: date) -> None:
    now = shown(corrected, "claim", 1)
    then = shown(corrected, "claim", 1, "--as-of", str(yesterday))
    assert (now["statement"], now["credibility"], now["tags"]) == ("Shells crossed at Tumangang station", 2, ["rail"])
    assert (then["statement"], then["credibility"], then["tags"]) == ("Shells crossed at Tumangang", 3, ["shells"])
    assert [(a["name"], a["role"]) for a in now["actors"]] == [("Russia", "target")]
    assert [(a["name"], a["role"]) for a in then["actors"]] == [("North Korea", "subject")]
    assert then["status"] == "confirmed" and then["changes"] == []
    assert len(now["changes"]) >= 3


def test_a_claim_as_of_a_day_before_a_status_change_took_effect_has_the_status_it_had(corrected: Any) -> None:
    then = shown(corrected, "claim", 1, "--as-of", "2024-02")
    assert then["status"] == "unverified"
    assert [h["to_status"] for h in then["history"]] == ["unverified"]
    assert then["statement"] == "Shells crossed at Tumangang"


def test_a_claim_before_it_was_stated_was_not_on_the_record(corrected: Any) -> None:
    result = corrected("claim", "show", "1", "--as-of", "2023-12-31")
    assert (result.exit_code, result.stderr) == (1, "Error: claim 1 was not yet on the record on 2023-12-31\n")


def test_a_prediction_as_of_yesterday_has_its_deadline_before_it_was_moved_and_no_later_resolution(
    invoke: Any, yesterday: date, sql: psycopg.Connection
) -> None:
    assert invoke("source", "add", "Satellite images").exit_code == 0
    assert invoke("prediction", "add", "Shells reach Russia", "--made", "2024-06", "--resolve-by", "2025-12", "--tag", "arms").exit_code == 0
    assert invoke("prediction", "edit", "1", "--resolve-by", "2026-06", "--add-tag", "shells", "--reason", "moved").exit_code == 0
    assert invoke("prediction", "confirm", "1", "--evidence", "1", "--note", "seen").exit_code == 0
    then = shown(invoke, "prediction", 1, "--as-of", str(yesterday))
    assert (then["resolve_by"], then["tags"], then["status"], then["resolved_on"], then["evidence"]) == ("2025-12", ["arms"], "open", None, [])
    assert then["overdue"] is (date(2025, 12, 31) < yesterday)
    now = shown(invoke, "prediction", 1)
    assert (now["resolve_by"], now["tags"], now["status"]) == ("2026-06", ["arms", "shells"], "confirmed")
    before = invoke("prediction", "show", "1", "--as-of", "2024-05")
    assert (before.exit_code, before.stderr) == (1, "Error: prediction 1 was not yet on the record on 2024-05-31\n")
