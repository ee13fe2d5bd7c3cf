"""claimtrack prediction edit: an open prediction's question corrected, a resolved one's notes only."""

from __future__ import annotations

import json
from typing import Any

import psycopg
import pytest


@pytest.fixture
def open_one(invoke: Any) -> Any:
    for args in (["North Korea", "--kind", "state", "--country", "PRK"], ["Russia", "--kind", "state", "--country", "RUS"],
                 ["Iran", "--kind", "state", "--country", "IRN"]):
        assert invoke("actor", "add", *args).exit_code == 0
    assert invoke("source", "add", "Satellite images").exit_code == 0
    added = invoke(
        "prediction", "add", "North Korea sends shells to Russia", "--made", "2024-06", "--resolve-by", "2025-12",
        "--actor", "PRK", "--tag", "arms", "--supplier", "PRK", "--recipient", "RUS", "--category", "ammunition",
    )
    assert added.exit_code == 0, added.output
    return invoke


def show(invoke: Any, prediction_id: int = 1) -> dict[str, Any]:
    result = invoke("prediction", "show", str(prediction_id), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_an_open_predictions_question_can_be_corrected_and_a_moved_deadline_is_kept(open_one: Any, sql: psycopg.Connection) -> None:
    result = open_one(
        "prediction", "edit", "1", "--statement", "North Korea sends artillery shells to Russia", "--criteria", "Two sources",
        "--resolve-by", "2026-06", "--add-actor", "Iran:mentioned", "--remove-tag", "arms", "--add-tag", "Artillery",
        "--reason", "the report gave until mid-2026", user="bob",
    )
    assert (result.exit_code, result.stderr) == (0, "prediction 1: changed statement, criteria, deadline, actors, tags.\n")
    shown = show(open_one)
    assert (shown["statement"], shown["criteria"], shown["resolve_by"], shown["tags"]) == (
        "North Korea sends artillery shells to Russia", "Two sources", "2026-06", ["artillery"]
    )
    assert "Iran (IRN)" in shown["actors"]
    moved = [c for c in shown["changes"] if "resolve_by" in c["change"]]
    assert [(c["changed_by"], c["reason"]) for c in moved] == [("bob", "the report gave until mid-2026")]
    assert 'resolve_by: "2025-12-31" -> "2026-06-30"' in moved[0]["change"]
    report = json.loads(open_one("report", "record_changes", "--format", "json").stdout)
    assert "deadline moved from 2025-12-31 to 2026-06-30" in [row["change"] for row in report]
    listed = json.loads(open_one("prediction", "list", "--format", "json").stdout)
    assert [(row["id"], row["resolve_by"]) for row in listed] == [(1, "2026-06")]


def test_the_arms_transfer_is_replaced_whole_or_taken_off(open_one: Any, sql: psycopg.Connection) -> None:
    replaced = open_one("prediction", "edit", "1", "--supplier", "IRN", "--recipient", "RUS", "--category", "missiles", "--item", "Fath-360")
    assert (replaced.exit_code, replaced.stderr) == (0, "prediction 1: changed actors, arms transfer.\n")
    assert [(t["supplier"], t["category"], t["item"]) for t in show(open_one)["arms_transfer"]] == [("Iran (IRN)", "missiles", "Fath-360")]
    assert sql.execute("SELECT count(*) FROM arms_transfer").fetchone() == (1,)
    dropped = open_one("prediction", "edit", "1", "--no-arms-transfer", "--reason", "not about arms")
    assert (dropped.exit_code, dropped.stderr) == (0, "prediction 1: changed arms transfer.\n")
    assert show(open_one)["arms_transfer"] == []
    again = open_one("prediction", "edit", "1", "--no-arms-transfer")
    assert (again.exit_code, again.stderr) == (1, "Error: prediction 1 expects no arms transfer; nothing to take off.\n")


def test_a_resolved_prediction_lets_only_its_notes_change(open_one: Any, sql: psycopg.Connection) -> None:
    assert open_one("prediction", "confirm", "1", "--evidence", "1", "--note", "seen").exit_code == 0
    refused = open_one("prediction", "edit", "1", "--resolve-by", "2027")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "Error: prediction 1 is confirmed: what it asked is what was scored, so only its notes may change. "
        "To correct the rest, reopen it first: claimtrack prediction reopen 1 --reason ...\n"
    )
    noted = open_one("prediction", "edit", "1", "--note", "Confirmed by two satellite passes")
    assert (noted.exit_code, noted.stderr) == (0, "prediction 1: changed notes.\n")
    assert show(open_one)["notes"] == "Confirmed by two satellite passes"
    assert sql.execute("SELECT status, resolve_by::text FROM prediction").fetchone() == ("confirmed", "2025-12-31")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["9", "--note", "x"], 1, "Error: no prediction 9; see: claimtrack prediction list"),
        (["1", "--resolve-by", "2024-05"], 1, None),
        (["1", "--remove-actor", "Iran"], 1, "Error: prediction 1 has no actor Iran; see: claimtrack prediction show 1"),
        (["1", "--remove-tag", "missiles"], 1, 'Error: prediction 1 has no tag "missiles"; see: claimtrack prediction show 1'),
        (["1", "--supplier", "PRK"], 1, "Error: an arms transfer needs --supplier, --recipient and --category together; add --recipient, --category."),
        (["1", "--supplier", "PRK", "--recipient", "PRK", "--category", "missiles"], 1, None),
        (["1", "--statement", "  "], 2, None),
        (["1", "--resolve-by", "soon"], 2, None),
        (["1", "--no-arms-transfer", "--supplier", "PRK", "--recipient", "RUS", "--category", "missiles"], 2, None),
    ],
)
def test_bad_edits_are_refused_and_write_nothing(open_one: Any, sql: psycopg.Connection, args: list[str], code: int, message: str | None) -> None:
    result = open_one("prediction", "edit", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    assert "Traceback" not in result.output
    if message is not None:
        assert result.stderr == message + "\n"
    assert sql.execute("SELECT count(*) FROM record_change").fetchone() == (0,)


def test_an_edit_that_changes_nothing_says_so(open_one: Any, sql: psycopg.Connection) -> None:
    result = open_one("prediction", "edit", "1", "--resolve-by", "2025-12", "--add-tag", "arms", "--statement", "North Korea sends shells to Russia")
    assert (result.exit_code, result.stderr) == (0, "prediction 1: nothing to change; it already says that.\n")
    assert sql.execute("SELECT count(*) FROM record_change").fetchone() == (0,)
