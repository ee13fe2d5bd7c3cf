"""`prediction list --as-of DATE`: each prediction's status as it stood that day, rebuilt from history.

The timeline (today is the database's date):
  1  made 2024-01, due 2025-06     confirmed on 2024-09-15, reopened today
  2  made 2024-03-10, due 2024-12  refuted on 2025-02-01
  3  made 2025-01, due 2025-03     withdrawn today
  4  made 2025-05-01, due 2027     never resolved
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest


@pytest.fixture
def timeline(invoke: Any, sql: psycopg.Connection) -> date:
    sql.execute("INSERT INTO source (title, recorded_by) VALUES ('Evidence', 'setup')")

    def run(*args: str) -> None:
        result = invoke("prediction", *args)
        assert result.exit_code == 0, result.output

    run("add", "One", "--made", "2024-01", "--resolve-by", "2025-06")
    run("add", "Two", "--made", "2024-03-10", "--resolve-by", "2024-12")
    run("add", "Three", "--made", "2025-01", "--resolve-by", "2025-03")
    run("add", "Four", "--made", "2025-05-01", "--resolve-by", "2027")
    run("confirm", "1", "--evidence", "1", "--on", "2024-09-15")
    run("refute", "2", "--evidence", "1", "--on", "2025-02-01")
    run("reopen", "1", "--reason", "the evidence was retracted")
    run("annul", "3", "--as", "withdrawn", "--note", "the predictor took it back")
    return sql.execute("SELECT current_date").fetchone()[0]  # type: ignore[index, no-any-return]


def as_of(invoke: Any, day: str, *options: str) -> dict[int, tuple[str, bool]]:
    """{id: (status, overdue)} as of `day`."""
    result = invoke("prediction", "list", "--as-of", day, *options, "--format", "json")
    assert result.exit_code == 0, result.output
    return {p["id"]: (p["status"], p["overdue"]) for p in json.loads(result.stdout)}


OPEN, OVERDUE = ("open", False), ("open", True)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2023-12-31", {}),  # nothing had been predicted yet
        ("2024-01-01", {1: OPEN}),  # "made 2024-01" counts from the month's first day
        ("2024-03-09", {1: OPEN}),
        ("2024-03-10", {1: OPEN, 2: OPEN}),
        ("2024-09-14", {1: OPEN, 2: OPEN}),
        ("2024-09-15", {1: ("confirmed", False), 2: OPEN}),
        ("2024-12-31", {1: ("confirmed", False), 2: OPEN}),  # due that day, not yet overdue
        ("2025-01-01", {1: ("confirmed", False), 2: OVERDUE, 3: OPEN}),
        ("2025-02-01", {1: ("confirmed", False), 2: ("refuted", False), 3: OPEN}),
        ("2025-04-01", {1: ("confirmed", False), 2: ("refuted", False), 3: OVERDUE}),
        ("2025-05-01", {1: ("confirmed", False), 2: ("refuted", False), 3: OVERDUE, 4: OPEN}),
        ("2025-05", {1: ("confirmed", False), 2: ("refuted", False), 3: OVERDUE, 4: OPEN}),  # a month: its last day
        ("2024", {1: ("confirmed", False), 2: OPEN}),  # a year: 2024-12-31
    ],
)
def test_each_prediction_has_the_status_it_had_that_day(invoke, timeline, day, expected) -> None:  # type: ignore[no-untyped-def]
    assert as_of(invoke, day) == expected


def test_yesterday_the_reopened_prediction_was_still_confirmed_and_the_withdrawn_one_open(invoke, timeline) -> None:  # type: ignore[no-untyped-def]
    yesterday = str(timeline - timedelta(days=1))
    assert as_of(invoke, yesterday) == {1: ("confirmed", False), 2: ("refuted", False), 3: OVERDUE, 4: OPEN}


def test_as_of_today_equals_the_current_list(invoke, timeline) -> None:  # type: ignore[no-untyped-def]
    now = invoke("prediction", "list", "--format", "json")
    assert as_of(invoke, str(timeline)) == {p["id"]: (p["status"], p["overdue"]) for p in json.loads(now.stdout)}
    assert as_of(invoke, str(timeline)) == {1: OVERDUE, 2: ("refuted", False), 3: ("withdrawn", False), 4: OPEN}


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        (["--status", "confirmed"], [1]),
        (["--status", "open"], [2, 3]),
        (["--overdue"], [2]),  # counted from the --as-of day
        (["--due-within", "60"], [3]),  # 3 is due 2025-03-31, within 60 days of 2025-01-31
    ],
)
def test_filters_apply_to_the_status_as_of_that_day(invoke, timeline, options, ids) -> None:  # type: ignore[no-untyped-def]
    assert list(as_of(invoke, "2025-01-31", *options)) == ids


def test_the_table_title_names_the_day(invoke, timeline) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "list", "--as-of", "2024-06")
    assert result.exit_code == 0
    assert result.stdout.startswith("predictions as of 2024-06-30")
