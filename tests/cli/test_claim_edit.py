"""claim edit, uncite, delete and restore: every correction kept with its reason, nothing lost."""

from __future__ import annotations

import json
from typing import Any

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Invoke, RolledBackInvoke


@pytest.fixture
def claim(invoke: Invoke) -> str:
    assert invoke("actor", "add", "Russia", "--kind", "state", "--country", "RUS").exit_code == 0
    assert invoke("actor", "add", "North Korea", "--kind", "state", "--country", "PRK").exit_code == 0
    result = invoke(
        "claim", "add", "Russia forgave most of North Korea's debt", "--actor", "Russia", "--tag", "debt",
        "--source", "https://example.org/a", "--stance", "supports", "--excerpt", "forgave", "--occurred", "2012",
    )
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def _shown(invoke: Invoke, claim: str) -> dict[str, Any]:
    result = invoke("claim", "show", claim, "--format", "json")
    assert result.exit_code == 0, result.output
    shown: dict[str, Any] = json.loads(result.stdout)
    return shown


def _changes(sql: psycopg.Connection[Any]) -> list[tuple[Any, ...]]:
    return sql.execute("SELECT table_name, operation, old_values, new_values, changed_by, reason FROM record_change ORDER BY id").fetchall()


def test_an_edit_changes_the_fields_and_links_given_and_keeps_each_change_with_its_reason(
    invoke: Invoke, claim: str, sql: psycopg.Connection[Any]
) -> None:
    result = invoke(
        "claim", "edit", claim, "--occurred", "2012-09", "--credibility", "2", "--add-actor", "North Korea:target",
        "--remove-tag", "debt", "--add-tag", "finance", "--note", "The treaty was ratified in 2014.", "--reason", "the treaty's date",
        user="ana",
    )
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", f"claim {claim}: changed occurred_on, occurred_precision, credibility, notes, actors, tags.\n"
    )
    shown = _shown(invoke, claim)
    assert (shown["occurred"], shown["credibility"], shown["tags"], shown["notes"]) == (
        "2012-09", 2, ["finance"], "The treaty was ratified in 2014."
    )
    assert [(a["name"], a["role"]) for a in shown["actors"]] == [("Russia", "subject"), ("North Korea", "target")]
    assert [c["change"] for c in shown["changes"]] == [
        'credibility: 6 -> 2; notes: none -> "The treaty was ratified in 2014."; occurred_on: "2012-01-01" -> "2012-09-01"; '
        'occurred_precision: "year" -> "month"',
        'actor (role "target", actor_id 2) added',
        "tag (tag_id 1) removed",
        "tag (tag_id 2) added",
    ]
    assert {(c["changed_by"], c["reason"]) for c in shown["changes"]} == {("ana", "the treaty's date")}


def test_an_edit_that_changes_nothing_says_so_and_writes_nothing(invoke: Invoke, claim: str, sql: psycopg.Connection[Any]) -> None:
    result = invoke("claim", "edit", claim, "--occurred", "2012", "--add-tag", "debt", "--add-actor", "Russia")
    assert (result.exit_code, result.stderr) == (0, f"claim {claim}: nothing to change; it already says that.\n")
    assert _changes(sql) == []


def test_a_new_statement_is_checked_against_near_duplicates(invoke: Invoke, claim: str) -> None:
    other = invoke("claim", "add", "North Korea exported shells to Russia").stdout.strip()
    result = invoke("claim", "edit", other, "--statement", "Russia forgave most of North Korea's debts")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: claim {claim} already says nearly the same")
    assert invoke("claim", "edit", claim, "--statement", "Russia forgave most of North Korea's debts").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("claim", "edit", "99", "--credibility", "2"), "Error: no claim 99; see: claimtrack claim list\n"),
        (("claim", "edit", "1", "--remove-tag", "energy"), 'Error: claim 1 has no tag "energy"; see: claimtrack claim show 1\n'),
        (("claim", "edit", "1", "--remove-actor", "North Korea"), "Error: claim 1 has no actor North Korea; see: claimtrack claim show 1\n"),
        (("claim", "edit", "1", "--remove-actor", "Russia:target"), "Error: claim 1 has no actor Russia as target; see: claimtrack claim show 1\n"),
        (("claim", "uncite", "1", "--source", "https://example.org/b"),
         "Error: no source with URL https://example.org/b; add it with: claimtrack source add TITLE --url https://example.org/b\n"),
        (("claim", "delete", "99", "--reason", "twice"), "Error: no claim 99; see: claimtrack claim list\n"),
        (("claim", "restore", "1"), "Error: claim 1 is not deleted; nothing to restore.\n"),
    ],
)
def test_what_is_not_there_is_named_and_nothing_is_written(
    invoke: Invoke, claim: str, sql: psycopg.Connection[Any], args: tuple[str, ...], message: str
) -> None:
    result = invoke(*args)
    assert (result.exit_code, result.stderr) == (1, message)
    assert _changes(sql) == []


def test_a_bad_credibility_is_a_usage_error(invoke: Invoke, claim: str) -> None:
    result = invoke("claim", "edit", claim, "--credibility", "7")
    assert result.exit_code == 2
    assert "'--credibility': 7 is not in the range 1<=x<=6." in result.stderr


def test_uncite_takes_a_source_off_and_keeps_the_link_in_the_changes(invoke: Invoke, claim: str, sql: psycopg.Connection[Any]) -> None:
    result = invoke("claim", "uncite", claim, "--source", "https://example.org/a", "--reason", "wrong claim")
    assert (result.exit_code, result.stderr) == (0, f"claim {claim} no longer cites source 1.\n")
    assert _shown(invoke, claim)["sources"] == []
    ((table, operation, old, new, _, reason),) = _changes(sql)
    assert (table, operation, old["stance"], old["excerpt"], new, reason) == ("claim_source", "delete", "supports", "forgave", None, "wrong claim")


def test_a_deleted_claim_leaves_lists_and_reports_and_comes_back_whole(invoke: Invoke, claim: str, sql: psycopg.Connection[Any]) -> None:
    invoke("prediction", "add", "Russia will forgive more", "--resolve-by", "2030")
    assert invoke("claim", "add", "North Korea exported shells to Russia", "--actor", "North Korea").exit_code == 0
    before = _shown(invoke, claim)
    result = invoke("claim", "delete", claim, "--reason", "entered twice")
    assert (result.exit_code, result.stderr) == (0, f"claim {claim} deleted; bring it back with: claimtrack claim restore {claim}\n")
    listed = json.loads(invoke("claim", "list", "--format", "json").stdout)
    assert [row["id"] for row in listed] == [2]
    summary = json.loads(invoke("report", "claim_status_summary", "--format", "json").stdout)
    assert summary[0]["claims"] == 1
    assert sql.execute("SELECT count(*) FROM reporting.claim_actors WHERE claim_id = %s", (int(claim),)).fetchone() == (0,)
    shown = _shown(invoke, claim)
    assert shown["deleted_at"] is not None and shown["statement"] == before["statement"]
    result = invoke("claim", "edit", claim, "--credibility", "2")
    assert (result.exit_code, result.stderr) == (1, f"Error: claim {claim} is deleted; restore it first: claimtrack claim restore {claim}\n")
    result = invoke("claim", "delete", claim, "--reason", "again")
    assert result.exit_code == 1
    result = invoke("claim", "cite", claim, "--source", "https://example.org/b")
    assert result.exit_code == 1

    result = invoke("claim", "restore", claim, "--reason", "it was not a duplicate")
    assert (result.exit_code, result.stderr) == (0, f"claim {claim} restored.\n")
    after = _shown(invoke, claim)
    for field in ("updated_at", "changes", "sources"):
        before.pop(field), after.pop(field)
    assert after == before
    assert json.loads(invoke("report", "claim_status_summary", "--format", "json").stdout)[0]["claims"] == 2
    assert sql.execute(
        "SELECT stance, excerpt FROM claim_source WHERE claim_id = %s", (int(claim),)
    ).fetchall() == [("supports", "forgave")]


@pytest.fixture(scope="module")
def one_claim(module_database_url: str) -> RolledBackInvoke:
    invoke = Invoke(module_database_url)
    assert invoke("claim", "add", "North Korea exported shells to Russia").exit_code == 0
    return RolledBackInvoke(module_database_url)


@settings(max_examples=30, deadline=None)
@given(statement=st.text(max_size=60))
def test_any_new_statement_is_kept_trimmed_or_refused_with_one_error_line(one_claim: RolledBackInvoke, statement: str) -> None:
    result = one_claim("claim", "edit", "1", "--statement", statement, "--allow-duplicate", "--format", "json")
    if result.exit_code == 0 and result.stdout:
        assert json.loads(result.stdout)["statement"] == statement.strip()
    elif result.exit_code == 0:
        assert result.stderr == "claim 1: nothing to change; it already says that.\n"
    elif result.exit_code == 2:  # Click's usage error: the usage line, then one Error: line naming the option
        assert result.stderr.splitlines()[-1].startswith("Error: Invalid value for '--statement': ")
    else:
        assert result.exit_code == 1
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("Error: ")


# --- merge ----------------------------------------------------------------------------------------


@pytest.fixture
def twice(invoke: Invoke, claim: str, sql: psycopg.Connection[Any]) -> Invoke:
    """Claim 2 repeats claim 1: one source both cite, one only it cites, an actor both have, one in
    another role, a tag of its own, an arms transfer, and a prediction drawn from it."""
    result = invoke(
        "claim", "add", "Moscow wrote off Pyongyang's Soviet-era debt", "--actor", "Russia", "--actor", "North Korea:target",
        "--tag", "debt", "--tag", "soviet-era", "--source", "https://example.org/b", "--allow-duplicate",
    )
    assert result.exit_code == 0, result.output
    assert invoke("claim", "cite", "2", "--source", "https://example.org/a").exit_code == 0
    sql.execute("INSERT INTO arms_transfer (claim_id, supplier_id, recipient_id, category) VALUES (2, 1, 2, 'other')")
    sql.execute("INSERT INTO prediction (statement, resolve_by, claim_id, recorded_by) VALUES ('More debt relief', '2030-12-31', 2, 't')")
    return invoke


def test_a_merge_moves_every_link_keeping_shared_ones_once_and_the_duplicate_says_where_it_went(
    twice: Invoke, sql: psycopg.Connection[Any]
) -> None:
    before = json.loads(twice("report", "claim_status_summary", "--format", "json").stdout)
    result = twice("claim", "merge", "2", "--into", "1", "--reason", "entered twice", user="bob")
    assert (result.exit_code, result.stderr) == (
        0, "claim 2 merged into claim 1: 1 actors, 1 tags, 1 sources, 1 arms transfers moved (3 it had already, kept once); "
        "1 predictions drawn from it.\n"
    )
    assert sql.execute("SELECT actor_id, role FROM claim_actor WHERE claim_id = 1 ORDER BY 1, 2").fetchall() == [
        (1, "subject"), (2, "target")
    ]
    assert sql.execute("SELECT t.name FROM claim_tag ct JOIN tag t ON t.id = ct.tag_id WHERE claim_id = 1 ORDER BY 1").fetchall() == [
        ("debt",), ("soviet-era",)
    ]
    assert sql.execute("SELECT source_id, stance FROM claim_source WHERE claim_id = 1 ORDER BY 1").fetchall() == [
        (1, "supports"), (2, "reports")
    ]
    assert sql.execute("SELECT claim_id FROM arms_transfer").fetchall() == [(1,)]
    assert sql.execute("SELECT claim_id FROM prediction").fetchall() == [(1,)]
    assert sql.execute("SELECT count(*) FROM claim_actor WHERE claim_id = 2").fetchone() == (0,)

    shown = _shown(twice, "2")
    assert (shown["merged_into"], shown["deleted_at"] is not None, shown["changes"][-1]["change"]) == (1, True, "merged into claim 1")
    listed = json.loads(twice("claim", "list", "--format", "json").stdout)
    assert [row["id"] for row in listed] == [1]
    after = json.loads(twice("report", "claim_status_summary", "--format", "json").stdout)
    assert sum(r["claims"] for r in after) == sum(r["claims"] for r in before) - 1
    assert twice("claim", "edit", "2", "--note", "x").stderr == "Error: claim 2 was merged into claim 1; correct that one instead.\n"
    assert twice("claim", "restore", "2").stderr == "Error: claim 2 was merged into claim 1; its links are there now.\n"
    # every link the duplicate lost is in the record, with the reason
    assert sql.execute(
        "SELECT count(*) FROM record_change WHERE record_table = 'claim' AND record_id = 2 AND operation = 'delete' AND reason = 'entered twice'"
    ).fetchone() == (3,)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1", "--into", "1", "--reason", "r"], "Error: claim 1 cannot be merged into itself; name the claim it repeats with --into."),
        (["1", "--into", "9", "--reason", "r"], "Error: no claim 9; see: claimtrack claim list"),
        (["9", "--into", "1", "--reason", "r"], "Error: no claim 9; see: claimtrack claim list"),
    ],
)
def test_a_merge_into_itself_or_a_missing_claim_is_refused_and_writes_nothing(
    twice: Invoke, sql: psycopg.Connection[Any], args: list[str], message: str
) -> None:
    before = _changes(sql)
    result = twice("claim", "merge", *args)
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert _changes(sql) == before


def test_a_merge_into_a_merged_or_deleted_claim_is_refused(twice: Invoke) -> None:
    assert twice("claim", "add", "A third claim").exit_code == 0
    assert twice("claim", "merge", "2", "--into", "1", "--reason", "twice").exit_code == 0
    assert twice("claim", "merge", "3", "--into", "2", "--reason", "r").stderr == (
        "Error: claim 2 was merged into claim 1 already; merge into that one instead.\n"
    )
    assert twice("claim", "delete", "1", "--reason", "mistake").exit_code == 0
    assert twice("claim", "merge", "3", "--into", "1", "--reason", "r").stderr == (
        "Error: claim 1 is deleted; restore it first: claimtrack claim restore 1\n"
    )
    assert twice("claim", "merge", "3", "--into", "2").exit_code == 2  # --reason is required
