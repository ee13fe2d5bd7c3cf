"""One rule by every way in: NAME:ROLE (the CLI, seeds, CSV, JSON), an actor found by its alias,
ISO codes for states only, and "today" as the database's date."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

ROLES = "subject, target, mentioned"
NOT_A_ROLE = f'"victim" is not a role; use NAME:ROLE with ROLE one of {ROLES}.'


@pytest.fixture
def korea(invoke):  # type: ignore[no-untyped-def]
    for args in (["actor", "add", "North Korea", "--kind", "state", "--country", "PRK", "--alias", "DPRK"],
                 ["actor", "add", "Russia", "--kind", "state", "--country", "RUS"]):  # fmt: skip
        assert invoke(*args).exit_code == 0
    return invoke


def _counts(sql) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    return tuple(sql.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("actor", "claim", "prediction", "claim_actor"))


NOTHING_MORE = (2, 0, 0, 0)


@pytest.mark.parametrize(
    "args",
    [
        ["claim", "add", "Russia ships fuel.", "--actor", "Russia:victim"],
        ["prediction", "add", "Russia will ship fuel.", "--resolve-by", "2030", "--actor", "Russia:victim"],
    ],
)
def test_russia_victim_is_refused_by_the_cli_naming_the_roles(korea, sql, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = korea(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '--actor': {NOT_A_ROLE}"
    assert _counts(sql) == NOTHING_MORE


def test_russia_victim_is_refused_by_a_seed_naming_the_roles(korea, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.yaml").write_text("claims:\n  - statement: Russia ships fuel.\n    actors: [North Korea, 'Russia:victim']\n", encoding="utf-8")
    result = korea("seed", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == f'Error: a.yaml: claims[0] ("Russia ships fuel."): actors[1]: {NOT_A_ROLE}\n'
    assert _counts(sql) == NOTHING_MORE


@pytest.mark.parametrize(
    ("header", "row"),
    [("statement,actors", "Russia ships fuel.,North Korea;Russia:victim"),
     ("statement,resolve_by,actors", "Russia will ship fuel.,2030,Russia:victim")],
)  # fmt: skip
def test_russia_victim_is_refused_by_a_csv_import_naming_the_roles(korea, sql, tmp_path: Path, header: str, row: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "rows.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = korea("import", str(path))
    assert result.exit_code == 1
    index = 1 if ";" in row else 0
    assert result.stderr == f"Error: rows.csv line 2: actors[{index}]: {NOT_A_ROLE} Nothing was imported.\n"
    assert _counts(sql) == NOTHING_MORE


def test_a_victim_role_is_refused_by_a_json_import_naming_the_roles(korea, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = {
        "format": "claimtrack", "format_version": 1,
        "actors": [{"id": 1, "name": "Russia", "kind": "state", "iso_code": "RUS", "aliases": []}],
        "claims": [{"id": 1, "statement": "Russia ships fuel.", "recorded_by": "t", "actors": [{"actor": 1, "role": "victim"}]}],
    }  # fmt: skip
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = korea("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f'Error: export.json: claims[0]: actors[0].role: "victim" is not one of: {ROLES}. Nothing was imported.\n'
    assert _counts(sql) == NOTHING_MORE


def test_the_cli_and_a_csv_file_give_a_prediction_its_actors_roles(korea, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    added = korea("prediction", "add", "Russia will ship fuel.", "--resolve-by", "2030", "--actor", "Russia", "--actor", "DPRK:target")
    assert added.exit_code == 0, added.output
    path = tmp_path / "rows.csv"
    path.write_text("statement,resolve_by,actors\nRussia will ship more fuel.,2031,Russia;DPRK:target\n", encoding="utf-8")
    assert korea("import", str(path)).exit_code == 0
    roles = sql.execute(
        "SELECT x.prediction_id, a.iso_code, x.role FROM prediction_actor x JOIN actor a ON a.id = x.actor_id ORDER BY 1, 2"
    ).fetchall()
    assert roles == [(1, "PRK", "target"), (1, "RUS", "subject"), (2, "PRK", "target"), (2, "RUS", "subject")]


def test_a_seed_that_names_an_actor_by_its_alias_finds_it(korea, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.yaml").write_text(
        "actors:\n  - {name: DPRK, kind: state}\n"
        "claims:\n  - {statement: Pyongyang sends shells., claimant: dprk, actors: ['DPRK', 'Russia:target']}\n",
        encoding="utf-8",
    )
    result = korea("seed", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("actors: 0 created, 1 unchanged\n")
    assert sql.execute("SELECT count(*) FROM actor").fetchone()[0] == 2
    claimant = sql.execute("SELECT a.name FROM claim c JOIN actor a ON a.id = c.claimant_id").fetchall()
    roles = sql.execute("SELECT a.name, x.role FROM claim_actor x JOIN actor a ON a.id = x.actor_id ORDER BY 1").fetchall()
    assert (claimant, roles) == ([("North Korea",)], [("North Korea", "subject"), ("Russia", "target")])


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_an_import_refuses_an_iso_code_for_an_actor_that_is_not_a_state(invoke, sql, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    actor = {"id": 1, "name": "Kim Jong Un", "kind": "person", "iso_code": "PRK", "aliases": []}
    path = tmp_path / f"export.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps({"format": "claimtrack", "format_version": 1, "actors": [actor]}), encoding="utf-8")
        where = "export.json: actors[0]"
    else:
        lines = [{"type": "header", "format": "claimtrack", "format_version": 1}, {"type": "actor", **actor},
                 {"type": "end", "counts": {"actors": 1}}]  # fmt: skip
        path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        where = "export.ndjson line 2"
    result = invoke("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {where}: iso_code: an ISO code is for states, and this actor is a person; leave iso_code out or use "
        "kind: state. Nothing was imported.\n"
    )
    assert sql.execute("SELECT count(*) FROM actor").fetchone()[0] == 0


# --- today is the database's date -----------------------------------------------------------------

# Fourteen hours ahead of UTC and twelve behind: at any moment their dates differ by a day or two,
# so one client clock cannot give both.
ZONES = ("Pacific/Kiritimati", "Etc/GMT+12")


def _prediction_deadlines(invoke, sql, tmp_path: Path, zone: str, way: str) -> tuple[object, object, object]:  # type: ignore[no-untyped-def]
    """(the database's today in `zone`, the stored deadline of a +90d prediction, its made day)."""
    sql.execute(f"ALTER DATABASE \"{sql.info.dbname}\" SET TimeZone = '{zone}'")  # for each new session
    statement = f"Recorded in {zone} by {way}."
    if way == "cli":
        result = invoke("prediction", "add", statement, "--resolve-by", "+90d")
    elif way == "csv":
        path = tmp_path / f"{zone.replace('/', '-')}.csv"
        path.write_text(f"statement,resolve_by\n{statement},+90d\n", encoding="utf-8")
        result = invoke("import", str(path))
    else:
        directory = tmp_path / zone.replace("/", "-")
        directory.mkdir()
        (directory / "a.yaml").write_text(f"predictions:\n  - statement: {statement}\n    resolve_by: +90d\n", encoding="utf-8")
        result = invoke("seed", str(directory))
    assert result.exit_code == 0, result.output
    with psycopg.connect(sql.info.dsn, autocommit=True) as session:  # a new session: the zone applies
        today = session.execute("SELECT current_date").fetchone()[0]
    deadline, made = sql.execute("SELECT resolve_by, made_on FROM prediction WHERE statement = %s", (statement,)).fetchone()
    return today, deadline, made


@pytest.mark.parametrize("way", ["cli", "csv", "seed"])
def test_plus_90d_counts_from_the_database_date_in_its_time_zone(invoke, sql, tmp_path: Path, way: str) -> None:  # type: ignore[no-untyped-def]
    found = [_prediction_deadlines(invoke, sql, tmp_path, zone, way) for zone in ZONES]
    for today, deadline, made in found:
        assert (deadline, made) == (today + timedelta(days=90), today)
    assert found[0][0] != found[1][0]  # the two zones' todays differ, and so do the deadlines
