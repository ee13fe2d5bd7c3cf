"""What the record's corrections leave on a record (a note, a deletion, a merge, a source marked
incomplete, the login beside each status change) survives export -> import -> export, and an
import into a database that holds data already shifts a merge's target with the ids."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Invoke


def _corrected(invoke: Invoke, sql) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    sql.execute("UPDATE claim SET notes = 'Checked against the UN panel report.' WHERE id = 1")
    sql.execute("UPDATE claim SET deleted_at = now() WHERE id = 3")
    sql.execute("UPDATE claim SET deleted_at = now(), merged_into_id = 1 WHERE id = 2")
    sql.execute("UPDATE prediction SET notes = 'Asked again in March.' WHERE id = 1")
    sql.execute("UPDATE source SET incomplete = true WHERE id = 1")
    sql.execute("UPDATE source SET deleted_at = now(), merged_into_id = 1 WHERE id = 2")


def _records(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[1:]]


def test_notes_deletions_merges_and_logins_survive_a_round_trip(invoke, sql, empty_database_url, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _corrected(invoke, sql)
    assert invoke("export", "--format", "ndjson", "-o", str(tmp_path / "first.ndjson")).exit_code == 0
    first = _records(tmp_path / "first.ndjson")
    claims = {r["id"]: r for r in first if r["type"] == "claim"}
    assert claims[1]["notes"] == "Checked against the UN panel report."
    assert claims[2]["merged_into"] == 1 and claims[2]["deleted_at"] and claims[3]["deleted_at"]
    assert "merged_into" not in claims[3] and "notes" not in claims[4]  # a field at its default is left out
    sources = {r["id"]: r for r in first if r["type"] == "source"}
    assert sources[1]["incomplete"] is True and sources[2]["merged_into"] == 1
    assert all(r["changed_login"] for r in first if r["type"] == "history")
    target = Invoke(empty_database_url)
    imported = target("import", str(tmp_path / "first.ndjson"))
    assert imported.exit_code == 0, imported.output
    assert target("export", "--format", "ndjson", "-o", str(tmp_path / "second.ndjson")).exit_code == 0
    assert _records(tmp_path / "second.ndjson") == first


def test_an_import_beside_data_shifts_where_a_merged_claim_went(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _corrected(invoke, sql)
    assert invoke("export", "--format", "ndjson", "-o", str(tmp_path / "first.ndjson")).exit_code == 0
    largest = sql.execute("SELECT max(id) FROM claim").fetchone()[0]
    assert invoke("import", str(tmp_path / "first.ndjson")).exit_code == 0
    merged = sql.execute("SELECT merged_into_id, deleted_at IS NOT NULL FROM claim WHERE id = %s", (2 + largest,)).fetchone()
    assert merged == (1 + largest, True)
    assert sql.execute("SELECT notes FROM claim WHERE id = %s", (1 + largest,)).fetchone() == ("Checked against the UN panel report.",)


def test_a_merge_without_a_deletion_is_refused_naming_the_field(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = {
        "format": "claimtrack", "format_version": 1,
        "claims": [{"id": 1, "statement": "A.", "recorded_by": "t"}, {"id": 2, "statement": "B.", "recorded_by": "t", "merged_into": 1}],
    }  # fmt: skip
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = invoke("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: export.json: claims[1]: merged_into: a record merged into another is deleted (deleted_at) and merged "
        "into another record than itself. Nothing was imported.\n"
    )
