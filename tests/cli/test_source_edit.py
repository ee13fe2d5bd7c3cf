"""claimtrack source edit | merge | list --incomplete: correcting sources, through CliRunner."""

from __future__ import annotations

import json
from typing import Any

import psycopg
import pytest

ARTICLE = "https://example.org/nk-russia"
WIRE = "https://wire.example.com/nk-russia-syndicated"


def show(invoke: Any, source_id: int) -> dict[str, Any]:
    result = invoke("source", "show", str(source_id), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def listed(invoke: Any, *args: str) -> list[int]:
    result = invoke("source", "list", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.stdout)]


@pytest.fixture
def on_the_fly(invoke: Any) -> Any:
    """A claim citing a URL nobody recorded: the source made for it is titled by its URL, grade F."""
    assert invoke("source", "add", "Finance ministry statement", "--kind", "official_statement", "--reliability", "A").exit_code == 0
    assert invoke("claim", "add", "Russia forgave most of North Korea's debt", "--source", ARTICLE).exit_code == 0
    return invoke


def test_a_source_made_from_a_url_is_incomplete_until_its_details_are_given(on_the_fly: Any, sql: psycopg.Connection) -> None:
    assert listed(on_the_fly, "--incomplete") == [2]
    assert show(on_the_fly, 2)["incomplete"] is True
    refused = on_the_fly("source", "add", "North Korea seeks more trade with Russia", "--url", ARTICLE)
    assert refused.exit_code == 1
    assert "claimtrack source edit 2 --title" in refused.stderr

    result = on_the_fly(
        "source", "edit", ARTICLE, "--title", "North Korea seeks more trade with Russia", "--kind", "news_article",
        "--publisher", "Example News", "--published", "2024-06", "--reliability", "B", "--reason", "graded on reading it",
        user="bob",
    )
    assert (result.exit_code, result.stderr) == (0, "source 2: changed title, kind, publisher, published, reliability.\n")
    shown = show(on_the_fly, 2)
    assert (shown["title"], shown["kind"], shown["publisher"], shown["published"], shown["reliability"], shown["incomplete"]) == (
        "North Korea seeks more trade with Russia", "news_article", "Example News", "2024-06", "B", False
    )
    assert listed(on_the_fly, "--incomplete") == []
    [change] = shown["changes"]
    assert (change["changed_by"], change["reason"]) == ("bob", "graded on reading it")
    assert 'reliability: "F" -> "B"' in change["change"] and "title: " in change["change"]


def test_a_regrade_needs_a_reason_and_a_refused_edit_writes_nothing(on_the_fly: Any, sql: psycopg.Connection) -> None:
    result = on_the_fly("source", "edit", "1", "--reliability", "c", "--title", "Ministry of Finance statement")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: regrading source 1 from A to C needs a reason (--reason); the history keeps it.\n"
    assert sql.execute("SELECT title, reliability FROM source WHERE id = 1").fetchone() == ("Finance ministry statement", "A")
    assert sql.execute("SELECT count(*) FROM record_change WHERE record_table = 'source'").fetchone() == (0,)


def test_an_edit_that_changes_nothing_says_so_and_writes_nothing(on_the_fly: Any, sql: psycopg.Connection) -> None:
    result = on_the_fly("source", "edit", "1", "--reliability", "A", "--kind", "official_statement")
    assert (result.exit_code, result.stderr) == (0, "source 1: nothing to change; it already says that.\n")
    assert sql.execute("SELECT count(*) FROM record_change").fetchone() == (0,)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["9", "--title", "T"], 1, "Error: no source 9; see: claimtrack source list"),
        (["https://example.org/unknown", "--title", "T"], 1,
         "Error: no source with URL https://example.org/unknown; add it with: claimtrack source add TITLE --url https://example.org/unknown"),
        (["1", "--title", "   "], 2, None),
        (["1", "--url", "ftp://x"], 2, "Error: Invalid value for '--url': \"ftp://x\" is not a valid URL; use a full http(s):// address."),
        (["1", "--reliability", "G"], 2, None),
        (["1", "--url", ARTICLE + "/"], 1,
         f"Error: source 2 already has the URL {ARTICLE}; if the two are one source, merge them: claimtrack source merge 1 --into 2"),
    ],
)
def test_bad_edits_are_refused_naming_the_value(on_the_fly: Any, sql: psycopg.Connection, args: list[str], code: int, message: str | None) -> None:
    result = on_the_fly("source", "edit", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    assert "Traceback" not in result.output
    if message is not None:
        assert result.stderr.splitlines()[-1] == message
    assert sql.execute("SELECT count(*) FROM record_change").fetchone() == (0,)


def test_a_url_can_be_cleared_and_given(on_the_fly: Any, sql: psycopg.Connection) -> None:
    assert on_the_fly("source", "edit", "2", "--url", "").exit_code == 0
    assert on_the_fly("source", "edit", "1", "--url", ARTICLE + "?utm_source=x").exit_code == 0
    assert sql.execute("SELECT id, url FROM source ORDER BY id").fetchall() == [(1, ARTICLE), (2, None)]


# --- merge ----------------------------------------------------------------------------------------


@pytest.fixture
def duplicated(on_the_fly: Any) -> Any:
    """Source 3 repeats source 2 (the same article, syndicated): two claims cite it, one of which
    cites source 2 as well, and a prediction made in it was confirmed on its evidence."""
    invoke = on_the_fly
    assert invoke("source", "add", "Same article, syndicated", "--url", WIRE, "--reliability", "C").exit_code == 0
    assert invoke("claim", "cite", "1", "--source", "3", "--stance", "supports").exit_code == 0
    assert invoke("claim", "add", "North Korea ships shells to Russia", "--source", "3").exit_code == 0
    assert invoke("actor", "add", "ISW", "--kind", "organization").exit_code == 0
    added = invoke("prediction", "add", "Russia receives KN-23 missiles", "--by", "ISW", "--source", "3", "--resolve-by", "2030", "--probability", "0.6")
    assert added.exit_code == 0, added.output
    assert invoke("prediction", "confirm", "1", "--evidence", "3", "--note", "seen").exit_code == 0
    return invoke


def track_record(invoke: Any) -> dict[int, dict[str, Any]]:
    result = invoke("report", "source_track_record", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["source_id"]: row for row in json.loads(result.stdout)}


def test_a_merge_moves_citations_predictions_and_evidence_and_keeps_the_duplicate_findable(duplicated: Any, sql: psycopg.Connection) -> None:
    before = track_record(duplicated)
    assert before[3]["claims_supported"] == 1 and before[3]["predictions_made"] == 1
    result = duplicated("source", "merge", WIRE, "--into", ARTICLE, "--reason", "same article, syndicated", user="carol")
    assert (result.exit_code, result.stderr) == (0, "source 3 merged into source 2: 2 citations (1 it already had), 1 predictions.\n")

    assert sql.execute("SELECT claim_id, source_id, stance FROM claim_source ORDER BY claim_id, source_id").fetchall() == [
        (1, 2, "reports"), (2, 2, "reports")
    ]
    assert sql.execute("SELECT predictor_source_id, evidence_source_id, status FROM prediction").fetchone() == (2, 2, "confirmed")
    after = track_record(duplicated)
    assert 3 not in after
    assert (after[2]["predictions_made"], after[2]["predictions_confirmed"]) == (1, 1)

    shown = show(duplicated, 3)
    assert (shown["merged_into"], shown["deleted_at"] is not None) == (2, True)
    assert shown["changes"][-1]["change"] == "merged into source 2"
    assert listed(duplicated) == [2, 1]
    # the duplicate's id and URL lead to the survivor
    assert duplicated("claim", "cite", "2", "--source", "3", "--stance", "supports").exit_code == 0
    assert duplicated("claim", "cite", "1", "--source", WIRE, "--stance", "supports").exit_code == 0
    assert sql.execute("SELECT count(*) FROM claim_source WHERE source_id = 3").fetchone() == (0,)
    # the status history keeps naming the source it named
    assert sql.execute("SELECT evidence_source_id FROM status_history WHERE prediction_id = 1 AND to_status = 'confirmed'").fetchone() == (3,)
    # every dropped link is in the record of changes
    assert sql.execute(
        "SELECT count(*) FROM record_change WHERE table_name = 'claim_source' AND operation = 'delete' AND reason = 'same article, syndicated'"
    ).fetchone() == (1,)


def test_a_merged_survivor_takes_the_duplicates_url_when_it_has_none(invoke: Any, sql: psycopg.Connection) -> None:
    assert invoke("source", "add", "Ministry statement").exit_code == 0
    assert invoke("source", "add", "Ministry statement (web)", "--url", ARTICLE).exit_code == 0
    assert invoke("source", "merge", "2", "--into", "1").exit_code == 0
    assert sql.execute("SELECT id, url FROM source ORDER BY id").fetchall() == [(1, ARTICLE), (2, None)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2", "--into", "2"], "Error: source 2 cannot be merged into itself; name the source it repeats with --into."),
        (["2", "--into", "9"], "Error: no source 9; see: claimtrack source list"),
        (["9", "--into", "2"], "Error: no source 9; see: claimtrack source list"),
    ],
)
def test_a_merge_into_itself_or_a_missing_source_is_refused(duplicated: Any, sql: psycopg.Connection, args: list[str], message: str) -> None:
    result = duplicated("source", "merge", *args)
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert sql.execute("SELECT count(*) FROM source WHERE deleted_at IS NOT NULL").fetchone() == (0,)


def test_a_merged_source_cannot_be_merged_again_nor_take_a_merge(duplicated: Any) -> None:
    assert duplicated("source", "merge", "3", "--into", "2").exit_code == 0
    again = duplicated("source", "merge", "3", "--into", "1")
    assert again.stderr == "Error: source 3 was merged into source 2 already; merge into that one instead.\n"
    into_it = duplicated("source", "merge", "1", "--into", "3")
    assert into_it.stderr == "Error: source 3 was merged into source 2 already; merge into that one instead.\n"
    edit = duplicated("source", "edit", "3", "--title", "T")
    assert edit.stderr == "Error: source 3 was merged into source 2; correct that one instead.\n"


def test_the_database_lets_a_resolution_follow_only_a_merge(duplicated: Any, sql: psycopg.Connection) -> None:
    with pytest.raises(psycopg.errors.CheckViolation, match="can only change by reopening"), sql.transaction():
        sql.execute("UPDATE prediction SET evidence_source_id = 1 WHERE id = 1")
