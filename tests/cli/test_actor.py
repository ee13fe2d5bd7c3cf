"""claimtrack actor add | list | show, through CliRunner on a fresh database per test."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def korea(invoke):  # type: ignore[no-untyped-def]
    result = invoke("actor", "add", "North Korea", "--kind", "state", "--country", "prk", "--alias", "DPRK")
    assert result.exit_code == 0, result.output
    return invoke


def actor_count(sql) -> int:  # type: ignore[no-untyped-def]
    return sql.execute("SELECT (SELECT count(*) FROM actor) + (SELECT count(*) FROM actor_alias)").fetchone()[0]


def test_adding_an_actor_prints_its_id_and_keeps_the_code_in_upper_case(invoke, sql) -> None:  # type: ignore[no-untyped-def]
    result = invoke("actor", "add", "North Korea", "--kind", "STATE", "--country", "prk", "--alias", "DPRK", "--alias", "dprk")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1\n"
    assert result.stderr == ""
    assert sql.execute("SELECT name, kind, iso_code FROM actor").fetchall() == [("North Korea", "state", "PRK")]
    assert sql.execute("SELECT alias FROM actor_alias").fetchall() == [("DPRK",)]


def test_adding_with_format_json_prints_the_record(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("actor", "add", "Wagner Group", "--kind", "armed_group", "--alias", "PMC Wagner", "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    del record["created_at"]
    assert record == {
        "id": 1,
        "name": "Wagner Group",
        "kind": "armed_group",
        "iso_code": None,
        "aliases": ["PMC Wagner"],
        "claims": 0,
        "claims_as_claimant": 0,
        "predictions": 0,
        "recent_claims": [],
        "changes": [],
    }


@pytest.mark.parametrize("reference", ["North Korea", "north korea", "DPRK", "dprk", "PRK", "prk"])
def test_an_actor_is_found_by_name_alias_or_code_in_any_case(korea, reference: str) -> None:  # type: ignore[no-untyped-def]
    result = korea("actor", "show", reference, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["name"] == "North Korea"


def test_an_unknown_actor_suggests_the_closest_names_and_the_add_command(korea) -> None:  # type: ignore[no-untyped-def]
    result = korea("actor", "show", "Nort Korea")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        'Error: no actor "Nort Korea". Did you mean "North Korea" (PRK)? '
        'Add one with: claimtrack actor add "Nort Korea" --kind state|person|organization|armed_group|other\n'
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["dprk", "--kind", "person"],
            'the name "dprk" already identifies an actor: it is the alias of North Korea (PRK). '
            'Choose another name, or see: claimtrack actor show "North Korea"',
        ),
        (
            ["NORTH KOREA", "--kind", "state"],
            'the name "NORTH KOREA" already identifies an actor: it is the name of North Korea (PRK). '
            'Choose another name, or see: claimtrack actor show "North Korea"',
        ),
        (
            ["Kim Jong Un", "--kind", "person", "--alias", "north korea"],
            'the alias "north korea" already identifies an actor: it is the name of North Korea (PRK). '
            'Choose another alias, or see: claimtrack actor show "North Korea"',
        ),
        (
            ["Kim Jong Un", "--kind", "person", "--alias", "Kim", "--alias", "Prk"],
            'the alias "Prk" already identifies an actor: it is the ISO code of North Korea (PRK). '
            'Choose another alias, or see: claimtrack actor show "North Korea"',
        ),
        (
            ["Democratic Korea", "--kind", "state", "--country", "PRK"],
            'the ISO code "PRK" already identifies an actor: it is the ISO code of North Korea (PRK). '
            'Choose another ISO code, or see: claimtrack actor show "North Korea"',
        ),
        (
            ["Kim Jong Un", "--kind", "person", "--country", "PRK"],
            'an ISO code (--country) is for states, and "Kim Jong Un" is a person; leave --country out or use --kind state.',
        ),
    ],
)
def test_a_name_alias_or_code_that_identifies_another_actor_is_refused(korea, sql, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    before = actor_count(sql)
    result = korea("actor", "add", *args)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert actor_count(sql) == before


@pytest.mark.parametrize(
    ("args", "last_line"),
    [
        (["X", "--kind", "country"], "Error: Invalid value for '--kind': 'country' is not one of 'state', 'person', 'organization', 'armed_group', 'other'."),
        (["X", "--kind", "state", "--country", "KP"], "Error: Invalid value for '--country': \"KP\" is not an ISO 3166-1 alpha-3 code; use three letters, such as PRK or RUS."),
        (["   ", "--kind", "state"], "Error: Invalid value for 'NAME': is empty; give some text."),
        (["X" * 301, "--kind", "state"], "Error: Invalid value for 'NAME': is 301 characters long; the most is 300."),
        (["X", "--kind", "state", "--alias", ""], "Error: Invalid value for '--alias': is empty; give some text."),
        (["X"], "Error: Missing option '--kind'. Choose from:"),
    ],
)
def test_bad_values_are_usage_errors_and_write_nothing(invoke, sql, args: list[str], last_line: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("actor", "add", *args)
    assert result.exit_code == 2
    assert last_line in result.stderr.splitlines()
    assert "Traceback" not in result.output
    assert actor_count(sql) == 0


def test_actor_list_is_ordered_by_name_with_aliases_and_claim_counts(korea) -> None:  # type: ignore[no-untyped-def]
    korea("actor", "add", "Russia", "--kind", "state", "--country", "RUS", "--alias", "Russian Federation")
    korea("actor", "add", "armed group a", "--kind", "armed_group")
    assert korea("claim", "add", "Russia sells fuel to North Korea", "--actor", "Russia", "--actor", "prk:target").exit_code == 0
    result = korea("actor", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"id": 3, "name": "armed group a", "kind": "armed_group", "iso_code": None, "aliases": [], "claims": 0},
        {"id": 1, "name": "North Korea", "kind": "state", "iso_code": "PRK", "aliases": ["DPRK"], "claims": 1},
        {"id": 2, "name": "Russia", "kind": "state", "iso_code": "RUS", "aliases": ["Russian Federation"], "claims": 1},
    ]
    states = korea("actor", "list", "--kind", "state", "--format", "csv")
    assert states.stdout == (
        "id,name,kind,iso_code,aliases,claims\n1,North Korea,state,PRK,DPRK,1\n2,Russia,state,RUS,Russian Federation,1\n"
    )


def test_actor_show_counts_claims_and_lists_the_latest(korea) -> None:  # type: ignore[no-untyped-def]
    korea("actor", "add", "Russia", "--kind", "state", "--country", "RUS")
    korea("claim", "add", "Russia sells fuel to North Korea", "--actor", "Russia", "--actor", "prk:target", "--claimant", "Russia")
    korea("claim", "add", "North Korea sends workers abroad", "--actor", "dprk")
    result = korea("actor", "show", "prk", "--format", "json")
    shown = json.loads(result.stdout)
    assert (shown["claims"], shown["claims_as_claimant"], shown["predictions"]) == (2, 0, 0)
    assert shown["recent_claims"] == [
        {"claim_id": 2, "role": "subject", "status": "unverified", "statement": "North Korea sends workers abroad"},
        {"claim_id": 1, "role": "target", "status": "unverified", "statement": "Russia sells fuel to North Korea"},
    ]
    assert json.loads(korea("actor", "show", "Russia", "--format", "json").stdout)["claims_as_claimant"] == 1


def test_actor_show_as_a_table_prints_the_fields(korea) -> None:  # type: ignore[no-untyped-def]
    result = korea("actor", "show", "dprk")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "actor 1"
    assert any("iso_code" in line and "PRK" in line for line in lines)
    assert "recent_claims: none" in result.stdout
