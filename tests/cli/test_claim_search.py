"""claimtrack claim search through CliRunner: a query that starts with -, and what it shows."""

from __future__ import annotations

import json

from conftest import Invoke


def claims_about_drones(invoke: Invoke) -> None:
    for statement in ("Shahed drones are assembled at Alabuga", "Iran sent a drone and Fath-360 missiles", "A missile hit Kharkiv"):
        assert invoke("claim", "add", statement).exit_code == 0


def test_a_query_that_starts_with_a_minus_goes_after_the_double_dash(invoke: Invoke) -> None:
    claims_about_drones(invoke)
    result = invoke("claim", "search", "--format", "csv", "--", "-Alabuga drone OR missile")
    assert result.exit_code == 0, result.output
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == ["id", "2", "3"]


def test_a_query_that_starts_with_a_minus_before_the_double_dash_is_told_where_to_put_it(invoke: Invoke) -> None:
    result = invoke("claim", "search", "-Alabuga drone")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: no such option: -A. A query that starts with - goes after --: claimtrack claim search -- '-Alabuga drone'"
    )


def test_exclusions_and_or_mean_the_same_in_any_order(invoke: Invoke) -> None:
    claims_about_drones(invoke)
    outputs = {
        invoke("claim", "search", "--format", "csv", "--", query).stdout
        for query in ("drone OR missile -Alabuga", "missile OR drone -Alabuga", "-Alabuga missile OR drone")
    }
    assert len(outputs) == 1 and [line.split(",")[0] for line in outputs.pop().splitlines()] == ["id", "2", "3"]


def test_a_hyphenated_word_is_highlighted_whole(invoke: Invoke) -> None:
    claims_about_drones(invoke)
    result = invoke("claim", "search", "Fath-360", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [hit["statement"] for hit in json.loads(result.stdout)] == ["Iran sent a drone and **Fath-360** missiles"]


def test_a_query_with_only_exclusions_is_a_bad_value_naming_it(invoke: Invoke) -> None:
    result = invoke("claim", "search", "--", "-Alabuga")
    assert (result.exit_code, result.stderr) == (
        2, 'Error: "-Alabuga" only excludes (-Alabuga); add a word to look for, such as: drone -Alabuga.\n'
    )
