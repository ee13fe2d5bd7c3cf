"""One arms-transfer rule by every way in (seeds, CSV, JSON): a transfer goes from one actor to
another, and its period ends no earlier than it starts (domain.arms); nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SAME_ACTOR = "the recipient is the supplier; name two different actors."
REVERSED = "2024-05-01 is before period_start 2024-06-01; give the period in order."


@pytest.fixture
def korea(invoke):  # type: ignore[no-untyped-def]
    for args in (["actor", "add", "North Korea", "--kind", "state", "--country", "PRK", "--alias", "DPRK"],
                 ["actor", "add", "Russia", "--kind", "state", "--country", "RUS"]):  # fmt: skip
        assert invoke(*args).exit_code == 0
    return invoke


def _written(sql) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    return tuple(sql.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("claim", "prediction", "arms_transfer"))


def test_a_seed_s_transfer_from_an_actor_to_itself_is_refused(korea, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.yaml").write_text(
        "claims:\n  - statement: Shells go north.\n"
        "    arms_transfer: {supplier: North Korea, recipient: DPRK, category: ammunition}\n",
        encoding="utf-8",
    )
    result = korea("seed", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == f'Error: a.yaml: claims[0] ("Shells go north."): arms_transfer.recipient: {SAME_ACTOR}\n'
    assert _written(sql) == (0, 0, 0)


def test_a_csv_row_s_period_out_of_order_is_refused(korea, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "rows.csv"
    path.write_text(
        "statement,supplier,recipient,category,period_start,period_end\n"
        "Shells go north.,North Korea,Russia,ammunition,2024-06-01,2024-05-01\n",
        encoding="utf-8",
    )
    result = korea("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"Error: rows.csv line 2: period_end: {REVERSED} Nothing was imported.\n"
    assert _written(sql) == (0, 0, 0)


@pytest.mark.parametrize(
    ("arms", "field", "problem"),
    [({"supplier": 1, "recipient": 1, "category": "ammunition"}, "recipient", SAME_ACTOR),
     ({"supplier": 1, "recipient": 2, "category": "ammunition", "period_start": "2024-06-01", "period_end": "2024-05-01"},
      "period_end", REVERSED)],
)  # fmt: skip
def test_a_json_record_s_transfer_breaking_a_rule_is_refused(korea, sql, tmp_path: Path, arms, field, problem) -> None:  # type: ignore[no-untyped-def]
    document = {
        "format": "claimtrack", "format_version": 1,
        "actors": [{"id": 1, "name": "North Korea", "kind": "state", "iso_code": "PRK", "aliases": []},
                   {"id": 2, "name": "Russia", "kind": "state", "iso_code": "RUS", "aliases": []}],
        "claims": [{"id": 1, "statement": "Shells go north.", "recorded_by": "t", "arms_transfer": arms}],
    }  # fmt: skip
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = korea("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"Error: export.json: claims[0]: arms_transfer.{field}: {problem} Nothing was imported.\n"
    assert _written(sql) == (0, 0, 0)
