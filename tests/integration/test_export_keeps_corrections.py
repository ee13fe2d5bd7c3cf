"""What the record's corrections leave on a record (a note, a deletion, a merge, a source marked
incomplete, the login beside each status change) and the record of changes itself survive
export -> import -> export, an import into a database that holds data already shifts a merge's
target with the ids, and deletes, merges and restores lose nothing an earlier export held."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
from conftest import Invoke, _libpq, records_of_export


def _corrected(invoke: Invoke, sql) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    sql.execute("UPDATE claim SET notes = 'Checked against the UN panel report.' WHERE id = 1")
    sql.execute("UPDATE claim SET deleted_at = now() WHERE id = 3")
    sql.execute("UPDATE claim SET deleted_at = now(), merged_into_id = 1 WHERE id = 2")
    sql.execute("UPDATE prediction SET notes = 'Asked again in March.' WHERE id = 1")
    sql.execute("UPDATE source SET incomplete = true WHERE id = 1")
    sql.execute("UPDATE source SET deleted_at = now(), merged_into_id = 1 WHERE id = 2")


def _records(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return records_of_export([json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[1:]])  # type: ignore[no-any-return]


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


def _without_identity(path: Path) -> None:
    """The NDJSON export at `path` as claimtrack wrote it before records had uids (20261204_0011):
    imported beside the data it came from, its records are new ones."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        line.pop("uid", None)
        line.pop("database", None)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


def test_an_import_beside_data_shifts_where_a_merged_claim_went(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _corrected(invoke, sql)
    assert invoke("export", "--format", "ndjson", "-o", str(tmp_path / "first.ndjson")).exit_code == 0
    _without_identity(tmp_path / "first.ndjson")
    largest = sql.execute("SELECT max(id) FROM claim").fetchone()[0]
    assert invoke("import", str(tmp_path / "first.ndjson")).exit_code == 0
    merged = sql.execute("SELECT merged_into_id, deleted_at IS NOT NULL FROM claim WHERE id = %s", (2 + largest,)).fetchone()
    assert merged == (1 + largest, True)
    assert sql.execute("SELECT notes FROM claim WHERE id = %s", (1 + largest,)).fetchone() == ("Checked against the UN panel report.",)
    # The change records came too, naming the claims by their new ids.
    moved = sql.execute(
        "SELECT old_values -> 'merged_into_id', new_values -> 'merged_into_id' FROM record_change"
        " WHERE record_table = 'claim' AND record_id = %s AND new_values ? 'merged_into_id'",
        (2 + largest,),
    ).fetchall()
    assert moved == [(None, 1 + largest)]


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


# --- the record of changes ----------------------------------------------------------------------

DUPLICATE_URL = "https://example.org/treaty-copy"


def _ok(invoke: Invoke, *args: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 0, (args, result.output)


def _corrections_through_the_cli(invoke: Invoke) -> None:
    """Every kind of correction the CLI makes, each leaving its change records."""
    _ok(invoke, "claim", "edit", "1", "--statement", "Putin visited Pyongyang for two days.", "--add-tag", "visit", "--reason", "Shorter.")
    _ok(invoke, "claim", "cite", "2", "--source", DUPLICATE_URL, "--stance", "supports")  # a source made on the fly
    _ok(invoke, "claim", "uncite", "1", "--source", "1", "--reason", "Cited by mistake.")
    _ok(invoke, "claim", "delete", "3", "--reason", "Entered twice.")
    _ok(invoke, "claim", "restore", "3", "--reason", "It was not a duplicate.")
    _ok(invoke, "claim", "delete", "4", "--reason", "Not a claim of the article.")
    _ok(invoke, "claim", "merge", "6", "--into", "5", "--reason", "The same claim.")
    _ok(invoke, "source", "edit", DUPLICATE_URL, "--title", "The treaty, a copy", "--reliability", "B", "--reason", "Checked.")
    _ok(invoke, "source", "merge", DUPLICATE_URL, "--into", "2", "--reason", "The same treaty.")
    _ok(invoke, "actor", "merge", "Kim Jong Il", "--into", "Kim Jong Un", "--reason", "A test of merging.")
    _ok(invoke, "tag", "rename", "history", "past", "--reason", "A clearer word.")
    _ok(invoke, "tag", "rename", "isolation", "diplomacy", "--reason", "One tag is enough.")
    _ok(invoke, "prediction", "edit", "3", "--resolve-by", "2026-06", "--reason", "The author gave more time.")


def test_the_record_of_changes_survives_export_import_export(invoke, sql, empty_database_url, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    _corrections_through_the_cli(invoke)
    target = Invoke(empty_database_url)
    for fmt in ("ndjson", "json"):
        first = tmp_path / f"first.{fmt}"
        _ok(invoke, "export", "--format", fmt, "-o", str(first))
        if fmt == "ndjson":
            imported = target("import", str(first))
            assert imported.exit_code == 0, imported.output
            assert "changes: " in imported.stderr
        second = tmp_path / f"second.{fmt}"
        _ok(target, "export", "--format", fmt, "-o", str(second))
        assert _without_exported_at(second) == _without_exported_at(first)
    changes = [r for r in _records(tmp_path / "first.ndjson") if r["type"] == "change"]
    stored = sql.execute("SELECT count(*), min(id), max(id) FROM record_change").fetchone()
    assert (len(changes), changes[0]["id"], changes[-1]["id"]) == stored
    assert [c["id"] for c in changes] == sorted(c["id"] for c in changes)
    operations = {(c["table_name"], c["operation"]) for c in changes}
    assert {("claim", "update"), ("claim_source", "delete"), ("claim_source", "insert"), ("source", "update"),
            ("actor", "delete"), ("tag", "update"), ("tag", "delete"), ("prediction", "update")} <= operations  # fmt: skip
    # The imported database goes on from there: its next change follows the imported ones, and a
    # claim deleted before the export comes back with its links from the imported change records.
    _ok(target, "claim", "edit", "7", "--note", "Read again.", "--reason", "After the import.")
    links = "SELECT array_agg(source_id ORDER BY source_id), (SELECT array_agg(tag_id ORDER BY tag_id) FROM claim_tag WHERE claim_id = 4) FROM claim_source WHERE claim_id = 4"
    for database in (invoke, target):
        _ok(database, "claim", "restore", "4", "--reason", "Restored after all.")
    with psycopg.connect(_libpq(empty_database_url), autocommit=True) as imported_db:
        assert imported_db.execute("SELECT min(id) FROM record_change WHERE reason = 'After the import.'").fetchone() == (stored[2] + 1,)
        restored = imported_db.execute(links).fetchone()
    assert restored == sql.execute(links).fetchone() and restored[0]


def _without_exported_at(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ndjson":
        return records_of_export([json.loads(line) for line in text.splitlines()[1:]])
    document = json.loads(text)
    document.pop("exported_at")
    document.pop("database")  # each database names itself
    return records_of_export(document)


# --- nothing is lost ----------------------------------------------------------------------------
# Every field of every record in an export taken before the corrections is either in the export
# taken after them, unchanged, or held by the change records of that later export: for a field of
# a record, the old value of the first change to it; for a link that went (an evidence taken off,
# the links of a merged or deleted claim, an erased actor's aliases), the row a change record
# deleted or updated. updated_at is left out: it follows from the changes (20261204_0007).

_COLUMN = {"claimant": "claimant_id", "merged_into": "merged_into_id", "predictor_actor": "predictor_actor_id",
           "predictor_source": "predictor_source_id", "evidence_source": "evidence_source_id", "claim": "claim_id",
           "occurred": "occurred_on", "stated": "stated_on", "published": "published_on", "made": "made_on"}  # fmt: skip
_TIMES = ("created_at", "deleted_at", "added_at")
_DATES = ("occurred", "stated", "published", "made", "resolve_by")
# A record's lists of links: the table that holds them, and each item as that table's row.
_LINKS = {
    ("claim", "actors"): ("claim_actor", lambda item: {"actor_id": item["actor"], "role": item["role"]}),
    ("prediction", "actors"): ("prediction_actor", lambda item: {"actor_id": item["actor"], "role": item["role"]}),
    ("claim", "tags"): ("claim_tag", lambda tag_id: {"tag_id": tag_id}),  # tags by id: a renamed tag is the same tag
    ("prediction", "tags"): ("prediction_tag", lambda tag_id: {"tag_id": tag_id}),
    ("claim", "evidence"): ("claim_source", lambda item: {
        "source_id": item["source"], "stance": item["stance"], "excerpt": item["excerpt"], "added_by": item["added_by"],
        "added_at": item["added_at"]}),
    ("actor", "aliases"): ("actor_alias", lambda alias: {"alias": alias}),
}  # fmt: skip


def _same(field: str, exported: object, stored: object, precision: object = None) -> bool:
    """An export's value against a change record's (jsonb's) value of the same field."""
    from datetime import date, datetime

    from claimtrack.io.exchange_file import deadline_text, partial_text

    if exported is None or stored is None:
        return exported == stored
    if field in _TIMES:
        return datetime.fromisoformat(str(exported)) == datetime.fromisoformat(str(stored))
    if field == "resolve_by":
        return exported == deadline_text(date.fromisoformat(str(stored)), str(precision))
    if field in _DATES:
        return exported == partial_text(date.fromisoformat(str(stored)), str(precision))
    return exported == stored


def _by_key(records: list[dict]) -> dict[tuple[str, object], dict]:  # type: ignore[type-arg]
    return {(r["type"], r["id"]): r for r in records if r["type"] not in ("header", "end")}


def _lost_fields(original: list[dict], final: list[dict]) -> list[str]:  # type: ignore[type-arg]
    """What of `original` neither `final` nor its change records hold: empty when nothing was lost."""
    before = {r["id"] for r in original if r["type"] == "change"}
    changes = [r for r in final if r["type"] == "change" and r["id"] not in before]
    tag_ids_before = {r["name"]: r["id"] for r in original if r["type"] == "tag"}
    tag_ids_after = {r["name"]: r["id"] for r in final if r["type"] == "tag"}
    now = _by_key(final)
    lost = []
    for (kind, record_id), record in _by_key(original).items():
        if kind == "change":
            continue
        if kind == "history" or (kind, record_id) in now and now[kind, record_id] == record:
            assert now.get((kind, record_id)) == record, f"{kind} {record_id}: the record of changes is append-only"
            continue
        later = now.get((kind, record_id), {})
        own = [c for c in changes if (c["record_table"], c["record_id"], c["table_name"]) == (kind, record_id, kind)]
        for field in (f for f in record.keys() | later.keys() if f not in ("type", "id", "updated_at")):
            value, kept = record.get(field), later.get(field)
            if (kind, field) in _LINKS:
                table, as_row = _LINKS[kind, field]
                if field == "tags":
                    value, kept = [tag_ids_before[n] for n in value], [tag_ids_after[n] for n in kept or []]
                gone = [item for item in value or [] if item not in (kept or [])]
                # The rows of the record's links as they were before each change (a link moved by a
                # merge is kept under the record it moved to, with its old owner in its old values).
                owner = f"{kind}_id"
                rows = [{owner: c["record_id"], **(c["linked"] or {}), **(c["old_values"] or {})} for c in changes
                        if c["table_name"] == table and c["operation"] != "insert"]
                for item in gone:
                    wanted = {owner: record_id, **as_row(item)}
                    if not any(all(_same(k, v, row.get(k)) for k, v in wanted.items()) for row in rows):
                        lost.append(f"{kind} {record_id}: {field}: {item}")
                continue
            if value == kept or (not value and not kept and later):
                continue
            column = _COLUMN.get(field, field)
            first = next((c for c in own if column in (c["old_values"] or {})), None)
            precision = None
            if first is not None and field in _DATES:  # a date's precision: changed with it, else as exported
                precision = first["old_values"].get(f"{field}_precision") or _precision_now(later, record, field)
            if first is None or not _same(field, value, first["old_values"][column], precision):
                lost.append(f"{kind} {record_id}: {field}: {value!r}")
    return lost


def _precision_now(later: dict, record: dict, field: str) -> str:  # type: ignore[type-arg]
    """The precision of a date whose day alone changed: the one its export gives."""
    text = str(later.get(field) or record.get(field))
    return {4: "year", 7: "month", 10: "day"}[len(text)]


def test_deletes_merges_and_restores_lose_nothing(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    _ok(invoke, "export", "--format", "ndjson", "-o", str(tmp_path / "before.ndjson"))
    _corrections_through_the_cli(invoke)
    _ok(invoke, "claim", "merge", "8", "--into", "7", "--reason", "The same visit.")
    _ok(invoke, "claim", "delete", "9", "--reason", "A test of deleting.")
    _ok(invoke, "claim", "delete", "10", "--reason", "A test of restoring.")
    _ok(invoke, "claim", "restore", "10", "--reason", "Restored.")
    _ok(invoke, "export", "--format", "ndjson", "-o", str(tmp_path / "after.ndjson"))
    original, final = _records(tmp_path / "before.ndjson"), _records(tmp_path / "after.ndjson")
    changed = [key for key, record in _by_key(original).items() if _by_key(final).get(key) != record]
    assert {("claim", 1), ("claim", 3), ("claim", 4), ("claim", 6), ("claim", 8), ("claim", 9), ("actor", 7),
            ("prediction", 3), ("source", 2)} <= set(changed)  # fmt: skip
    assert ("actor", 7) not in _by_key(final)  # Kim Jong Il, merged: his row is gone, his fields in a change record
    assert _lost_fields(original, final) == []
    # The comparison sees a loss: a field the change records do not hold.
    erased = [r for r in final if not (r["type"] == "change" and r["table_name"] == "actor" and r["operation"] == "delete")]
    assert "actor 7: name: 'Kim Jong Il'" in _lost_fields(original, erased)


def _forecast_over_time(invoke: Invoke) -> None:
    """Three forecasters on the open prediction (3), one revising, one citing a source and a claim."""
    for args in (
        ("3", "--by", "PRK", "--probability", "0.4", "--on", "2024-07", "--note", "no shells seen yet"),
        ("3", "--source", "1", "--likelihood", "likely", "--confidence", "high", "--on", "2024-08-02", "--evidence", "2",
         "--claim", "1"),
        ("3", "--by", "PRK", "--probability", "0.65", "--on", "2024-09-01", "--evidence", "1"),
        ("3", "--by", "Russia", "--likelihood", "unlikely", "--on", "2024-08"),
    ):  # fmt: skip
        result = invoke("prediction", "forecast", *args)
        assert result.exit_code == 0, result.output


def test_every_forecast_and_its_evidence_survive_a_round_trip(invoke, sql, empty_database_url, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    _forecast_over_time(invoke)
    firsts = sql.execute("SELECT count(*) FROM forecast").fetchone()[0] - 4  # each prediction's own, written by the database
    assert invoke("export", "--format", "ndjson", "-o", str(tmp_path / "first.ndjson")).exit_code == 0
    first = _records(tmp_path / "first.ndjson")
    forecasts = [r for r in first if r["type"] == "forecast"]
    assert [(r["prediction"], r["forecaster_actor"] is None, r["probability"], r["made"]) for r in forecasts] == [
        (3, False, 0.4, "2024-07"), (3, True, 0.675, "2024-08-02"), (3, False, 0.65, "2024-09-01"), (3, False, 0.325, "2024-08"),
    ]  # fmt: skip
    assert forecasts[1]["evidence"] == [{"source": 2}, {"claim": 1}] and forecasts[1]["likelihood"] == "likely"
    assert forecasts[0]["note"] == "no shells seen yet" and forecasts[2]["evidence"] == [{"source": 1}]
    assert first[-1]["counts"]["forecasts"] == 4
    target = Invoke(empty_database_url)
    imported = target("import", str(tmp_path / "first.ndjson"))
    assert imported.exit_code == 0, imported.output
    assert "forecasts: 4 created, 0 updated, 0 unchanged, 0 conflicting" in imported.stderr
    assert target("export", "--format", "ndjson", "-o", str(tmp_path / "second.ndjson")).exit_code == 0
    assert _records(tmp_path / "second.ndjson") == first
    with psycopg.connect(_libpq(empty_database_url)) as there:
        assert there.execute("SELECT count(*) FROM forecast").fetchone()[0] == firsts + 4  # type: ignore[index]
        assert there.execute("SELECT count(*) FROM forecast_evidence").fetchone()[0] == 3  # type: ignore[index]
    again = target("import", str(tmp_path / "second.ndjson"))  # the same forecasts, known by their uids
    assert again.exit_code == 0, again.output
    assert "forecasts: 0 created, 0 updated, 4 unchanged, 0 conflicting" in again.stderr


def test_an_export_without_later_forecasts_has_no_forecasts(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    assert invoke("export", "--format", "ndjson", "-o", str(tmp_path / "seeded.ndjson")).exit_code == 0
    records = _records(tmp_path / "seeded.ndjson")
    assert not [r for r in records if r["type"] == "forecast"] and "forecasts" not in records[-1]["counts"]
