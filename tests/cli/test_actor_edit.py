"""claimtrack actor edit | alias add | alias remove | merge, and tag list | rename, through CliRunner."""

from __future__ import annotations

import json
from typing import Any

import psycopg
import pytest


@pytest.fixture
def cast(invoke: Any) -> Any:
    for args in (
        ["North Korea", "--kind", "state", "--country", "PRK", "--alias", "DPRK"],
        ["Russia", "--kind", "state", "--country", "RUS"],
        ["Pyongyang regime", "--kind", "organization", "--alias", "N. Korean government"],
        ["Wagner", "--kind", "organization"],
    ):
        assert invoke("actor", "add", *args).exit_code == 0
    return invoke


def show(invoke: Any, name: str) -> dict[str, Any]:
    result = invoke("actor", "show", name, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_an_edit_changes_name_and_kind_and_keeps_the_change(cast: Any) -> None:
    result = cast("actor", "edit", "wagner", "--name", "Wagner Group", "--kind", "armed_group", "--reason", "full name", user="bob")
    assert (result.exit_code, result.stderr) == (0, "actor 4: changed name, kind.\n")
    shown = show(cast, "Wagner Group")
    assert (shown["name"], shown["kind"]) == ("Wagner Group", "armed_group")
    [change] = shown["changes"]
    assert change["change"] == 'kind: "organization" -> "armed_group"; name: "Wagner" -> "Wagner Group"'
    assert (change["changed_by"], change["reason"]) == ("bob", "full name")
    assert cast("actor", "show", "Wagner").exit_code == 1  # the old name names nothing now


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["Wagner", "--name", "dprk"], 1, 'Error: the name "dprk" already identifies an actor: it is the alias of North Korea (PRK).'),
        (["Russia", "--country", "prk"], 1, 'Error: the ISO code "PRK" already identifies an actor: it is the ISO code of North Korea (PRK).'),
        (["Wagner", "--country", "RUS1"], 2, None),
        (["Russia", "--kind", "person"], 1, 'Error: an ISO code is for states, and "Russia" would be a person; clear the code (--country "") or keep --kind state.'),
        (["Nobody", "--kind", "state"], 1, None),
    ],
)
def test_bad_edits_are_refused_and_write_nothing(cast: Any, sql: psycopg.Connection, args: list[str], code: int, message: str | None) -> None:
    result = cast("actor", "edit", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    assert "Traceback" not in result.output
    if message is not None:
        assert result.stderr.splitlines()[-1].startswith(message)
    assert sql.execute("SELECT count(*) FROM record_change").fetchone() == (0,)


def test_clearing_the_code_lets_the_kind_change(cast: Any) -> None:
    assert cast("actor", "edit", "Russia", "--country", "", "--kind", "other").exit_code == 0
    assert (show(cast, "Russia")["iso_code"], show(cast, "Russia")["kind"]) == (None, "other")


def test_an_edit_that_changes_nothing_says_so(cast: Any, sql: psycopg.Connection) -> None:
    result = cast("actor", "edit", "PRK", "--name", "North Korea", "--kind", "state")
    assert (result.exit_code, result.stderr) == (0, "actor 1: nothing to change; it already says that.\n")
    assert sql.execute("SELECT count(*) FROM record_change").fetchone() == (0,)


def test_aliases_are_added_and_removed_and_an_alias_of_another_actor_is_refused(cast: Any) -> None:
    added = cast("actor", "alias", "add", "Russia", "Russian Federation", "RF", "rf")
    assert (added.exit_code, added.stderr) == (0, "actor 2: added Russian Federation, RF.\n")
    assert show(cast, "russian federation")["aliases"] == ["RF", "Russian Federation"]
    taken = cast("actor", "alias", "add", "Russia", "DPRK")
    assert taken.exit_code == 1 and 'the alias "DPRK" already identifies an actor' in taken.stderr
    removed = cast("actor", "alias", "remove", "Russia", "rf")
    assert (removed.exit_code, removed.stderr) == (0, "actor 2: removed RF.\n")
    missing = cast("actor", "alias", "remove", "Russia", "USSR")
    assert (missing.exit_code, missing.stderr) == (1, 'Error: Russia has no alias "USSR"; its aliases: Russian Federation.\n')


def test_a_merge_moves_every_link_and_the_duplicates_names_become_aliases(cast: Any, sql: psycopg.Connection) -> None:
    assert cast("source", "add", "Report").exit_code == 0
    assert cast("claim", "add", "Pyongyang ships shells", "--actor", "Pyongyang regime", "--actor", "Russia:target", "--claimant", "N. Korean government").exit_code == 0
    assert cast("claim", "add", "North Korea and its regime", "--actor", "North Korea", "--actor", "Pyongyang regime").exit_code == 0
    added = cast(
        "prediction", "add", "Shells reach Russia", "--by", "Pyongyang regime", "--actor", "Pyongyang regime", "--resolve-by", "2030",
        "--supplier", "Pyongyang regime", "--recipient", "Russia", "--category", "ammunition",
    )
    assert added.exit_code == 0, added.output
    before = cast("report", "arms_transfers", "--format", "json").stdout

    result = cast("actor", "merge", "Pyongyang regime", "--into", "DPRK", "--reason", "one actor")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Pyongyang regime merged into North Korea (actor 1): ")
    assert "it answers to Pyongyang regime, N. Korean government too" in result.stderr

    assert sql.execute("SELECT claim_id, actor_id, role FROM claim_actor ORDER BY 1, 2").fetchall() == [
        (1, 1, "subject"), (1, 2, "target"), (2, 1, "subject")
    ]
    assert sql.execute("SELECT claimant_id FROM claim WHERE id = 1").fetchone() == (1,)
    assert sql.execute("SELECT predictor_actor_id FROM prediction").fetchone() == (1,)
    assert sql.execute("SELECT supplier_id, recipient_id FROM arms_transfer").fetchone() == (1, 2)
    assert sql.execute("SELECT count(*) FROM actor WHERE id = 3").fetchone() == (0,)
    assert show(cast, "pyongyang regime")["name"] == "North Korea"
    after = json.loads(cast("report", "arms_transfers", "--format", "json").stdout)
    assert [row["supplier"] for row in after] == ["North Korea"] and len(after) == len(json.loads(before))
    # the erased row is kept whole, with the reason
    assert sql.execute(
        "SELECT old_values ->> 'name', reason FROM record_change WHERE table_name = 'actor' AND operation = 'delete'"
    ).fetchone() == ("Pyongyang regime", "one actor")


def test_a_merge_that_would_make_an_actor_supply_itself_is_refused(cast: Any, sql: psycopg.Connection) -> None:
    added = cast("prediction", "add", "Shells", "--resolve-by", "2030", "--supplier", "Pyongyang regime", "--recipient", "North Korea", "--category", "ammunition")
    assert added.exit_code == 0, added.output
    result = cast("actor", "merge", "Pyongyang regime", "--into", "North Korea")
    assert result.exit_code == 1
    assert "prediction 1 has an arms transfer between Pyongyang regime and North Korea" in result.stderr
    assert sql.execute("SELECT count(*) FROM actor").fetchone() == (4,)


def test_an_actor_cannot_be_merged_into_itself(cast: Any) -> None:
    result = cast("actor", "merge", "DPRK", "--into", "north korea")
    assert (result.exit_code, result.stderr) == (
        1, 'Error: "DPRK" and "north korea" are the same actor (North Korea); name the actor it repeats with --into.\n'
    )


# --- tags ---------------------------------------------------------------------------------------


@pytest.fixture
def tagged(cast: Any) -> Any:
    assert cast("claim", "add", "Shells cross the border", "--tag", "arms", "--tag", "munitions").exit_code == 0
    assert cast("claim", "add", "Missiles cross the border", "--tag", "arms-transfer").exit_code == 0
    assert cast("claim", "add", "Both tags", "--tag", "arms", "--tag", "arms-transfer").exit_code == 0
    assert cast("prediction", "add", "More shells", "--resolve-by", "2030", "--tag", "arms").exit_code == 0
    return cast


def tags(invoke: Any) -> dict[str, tuple[int, int]]:
    result = invoke("tag", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["name"]: (row["claims"], row["predictions"]) for row in json.loads(result.stdout)}


def test_tag_list_counts_claims_and_predictions(tagged: Any) -> None:
    assert tags(tagged) == {"arms": (2, 1), "arms-transfer": (2, 0), "munitions": (1, 0)}


def test_renaming_to_a_new_name_keeps_the_links(tagged: Any) -> None:
    result = tagged("tag", "rename", "Munitions", "Artillery Shells", "--reason", "clearer")
    assert (result.exit_code, result.stderr) == (0, 'tag "munitions" renamed to "artillery-shells": 1 claims, 0 predictions.\n')
    assert tags(tagged)["artillery-shells"] == (1, 0)


def test_renaming_to_an_existing_tag_merges_them_keeping_each_record_once(tagged: Any, sql: psycopg.Connection) -> None:
    result = tagged("tag", "rename", "arms", "arms-transfer")
    assert (result.exit_code, result.stderr) == (0, 'tag "arms" merged into "arms-transfer": 1 claims, 1 predictions.\n')
    assert tags(tagged) == {"arms-transfer": (3, 1), "munitions": (1, 0)}
    listed = json.loads(tagged("claim", "list", "--tag", "arms-transfer", "--format", "json").stdout)
    assert sorted(row["id"] for row in listed) == [1, 2, 3]
    assert sql.execute("SELECT count(*) FROM record_change WHERE table_name = 'tag' AND operation = 'delete'").fetchone() == (1,)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["armz", "weapons"], 1, 'Error: no claim or prediction has the tag "armz". Did you mean "arms"?'),
        (["arms", "ARMS"], 1, 'Error: "arms" is the tag "arms" already; give a different name.'),
        (["arms", "not a tag!"], 2, None),
    ],
)
def test_bad_renames_are_refused(tagged: Any, sql: psycopg.Connection, args: list[str], code: int, message: str | None) -> None:
    result = tagged("tag", "rename", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    if message is not None:
        assert result.stderr.startswith(message)
    assert sql.execute("SELECT count(*) FROM record_change").fetchone() == (0,)
