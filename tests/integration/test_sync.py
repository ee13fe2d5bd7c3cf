"""A laptop's records reach the server and back without duplicates or loss: claimtrack sync (and
import of an export) between two databases, records matched by their uid, a conflict in between."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from conftest import Invoke, _libpq, _with_database, drop_database, fresh_database

COUNTED = ("actor", "source", "tag", "claim", "prediction", "status_history", "claim_source", "claim_actor", "claim_tag")


@pytest.fixture
def server(server_url: str, template_database: str) -> Iterator[str]:
    """A second database at head: the team's server, beside the laptop's (database_url)."""
    name = fresh_database(server_url, template_database)
    yield _with_database(server_url, name)
    drop_database(server_url, name)


def _rows(url: str) -> dict[str, int]:
    with psycopg.connect(_libpq(url)) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}  # type: ignore[index]


def _one(url: str, query: str, *params: object) -> object:
    with psycopg.connect(_libpq(url), autocommit=True) as connection:
        row = connection.execute(query, params).fetchone()
    return None if row is None else row[0]


def _edit(url: str, claim_id: int, statement: str, who: str) -> None:
    with psycopg.connect(_libpq(url)) as connection:
        connection.execute("SELECT set_config('claimtrack.actor', %s, true), set_config('claimtrack.reason', 'reworded', true)", (who,))
        connection.execute("UPDATE claim SET statement = %s WHERE id = %s", (statement, claim_id))


def _counts(stderr: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in stderr.splitlines() if line.split(": ", 1)[0] in ("actors", "sources", "claims", "predictions", "forecasts", "history", "changes", "tags"))


def test_records_made_on_the_laptop_reach_the_server_and_back_without_duplicates(invoke: Invoke, database_url: str, server: str) -> None:
    assert invoke("seed").exit_code == 0
    sent = invoke("sync", "--to", server)
    assert sent.exit_code == 0, sent.output
    assert _counts(sent.stderr)["claims"] == "16 created, 0 updated, 0 unchanged, 0 conflicting"
    assert _rows(server) == _rows(database_url)
    back = invoke("sync", "--from", server)
    assert back.exit_code == 0, back.output
    assert _counts(back.stderr)["claims"] == "0 created, 0 updated, 16 unchanged, 0 conflicting"
    again = invoke("sync", "--to", server)
    assert _counts(again.stderr)["predictions"] == "0 created, 0 updated, 4 unchanged, 0 conflicting"
    assert _rows(server) == _rows(database_url)
    uids = "SELECT string_agg(uid::text, ',' ORDER BY uid) FROM claim"
    assert _one(server, uids) == _one(database_url, uids)


def test_an_edit_on_the_server_reaches_the_laptop_with_its_change_record(invoke: Invoke, database_url: str, server: str) -> None:
    assert invoke("seed").exit_code == 0
    assert invoke("sync", "--to", server).exit_code == 0
    _edit(server, 1, "Russia wrote off 90% of North Korea's Soviet-era debt.", "bob")
    dry = invoke("sync", "--from", server, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert _counts(dry.stderr)["claims"] == "0 created, 1 updated, 15 unchanged, 0 conflicting"
    assert _one(database_url, "SELECT statement FROM claim WHERE id = 1") != "Russia wrote off 90% of North Korea's Soviet-era debt."
    brought = invoke("sync", "--from", server)
    assert brought.exit_code == 0, brought.output
    assert _one(database_url, "SELECT statement FROM claim WHERE id = 1") == "Russia wrote off 90% of North Korea's Soviet-era debt."
    # bob's change record came with it (who, why), beside the one the sync's update left here.
    assert _one(database_url, "SELECT count(*) FROM record_change WHERE record_table = 'claim' AND record_id = 1 AND changed_by = 'bob'") == 1
    assert _one(database_url, "SELECT count(*) FROM claim") == 16
    level = invoke("sync", "--to", server)  # the laptop's record of the update goes to the server; the claim is unchanged
    assert _counts(level.stderr)["claims"] == "0 created, 0 updated, 16 unchanged, 0 conflicting"
    assert invoke("sync", "--from", server).stderr.count("changes: 0 created") == 1  # level: nothing more to bring either way


def test_a_record_edited_on_both_sides_is_refused_showing_both_then_resolved_either_way(invoke: Invoke, database_url: str, server: str) -> None:
    assert invoke("seed").exit_code == 0
    assert invoke("sync", "--to", server).exit_code == 0
    _edit(database_url, 2, "The laptop's wording.", "alice")
    _edit(server, 2, "The server's wording.", "bob")
    before = _rows(database_url)
    refused = invoke("sync", "--from", server)
    assert refused.exit_code == 1
    lines = refused.stderr.splitlines()
    assert lines[0] == "1 record changed on both sides since the databases last agreed (here | there):"
    assert lines[1].startswith("  claim 2 (uid ")
    assert lines[2] == '    statement: "The laptop\'s wording." | "The server\'s wording."'
    assert lines[-1].startswith("Error: 1 record changed both here and in ") and "--prefer theirs or --prefer ours" in lines[-1]
    assert _one(database_url, "SELECT statement FROM claim WHERE id = 2") == "The laptop's wording."
    assert _rows(database_url) == before
    dry = invoke("sync", "--from", server, "--dry-run")
    assert dry.exit_code == 0 and _counts(dry.stderr)["claims"] == "0 created, 0 updated, 15 unchanged, 1 conflicting"

    theirs = invoke("sync", "--from", server, "--prefer", "theirs")
    assert theirs.exit_code == 0, theirs.output
    assert _one(database_url, "SELECT statement FROM claim WHERE id = 2") == "The server's wording."

    _edit(database_url, 3, "Kept on the laptop.", "alice")
    _edit(server, 3, "Lost on the server.", "bob")
    ours = invoke("sync", "--from", server, "--prefer", "ours")
    assert ours.exit_code == 0, ours.output
    assert _one(database_url, "SELECT statement FROM claim WHERE id = 3") == "Kept on the laptop."
    # Having chosen, the laptop's version goes to the server without a second conflict.
    sent = invoke("sync", "--to", server)
    assert sent.exit_code == 0, sent.output
    assert _one(server, "SELECT statement FROM claim WHERE id = 3") == "Kept on the laptop."
    assert _one(server, "SELECT count(*) FROM claim") == 16


def test_importing_the_same_export_twice_changes_nothing_the_second_time(invoke: Invoke, server: str, tmp_path: Path) -> None:
    assert invoke("seed").exit_code == 0
    assert invoke("prediction", "confirm", "3", "--evidence", "https://example.org/e", "--note", "Seen.", "--on", "2025-05-29").exit_code == 0
    assert invoke("export", "--format", "ndjson", "-o", str(tmp_path / "laptop.ndjson")).exit_code == 0
    on_server = Invoke(server)
    first = on_server("import", str(tmp_path / "laptop.ndjson"))
    assert first.exit_code == 0, first.output
    after_first = _rows(server)
    second = on_server("import", str(tmp_path / "laptop.ndjson"))
    assert second.exit_code == 0, second.output
    assert _counts(second.stderr)["claims"] == "0 created, 0 updated, 16 unchanged, 0 conflicting"
    assert _counts(second.stderr)["history"] == "0 created, 23 unchanged"
    assert _rows(server) == after_first


def test_an_export_edited_elsewhere_updates_the_record_here_and_its_history(invoke: Invoke, server: str, tmp_path: Path) -> None:
    assert invoke("seed").exit_code == 0
    assert invoke("export", "-o", str(tmp_path / "laptop.json")).exit_code == 0
    on_server = Invoke(server)
    assert on_server("import", str(tmp_path / "laptop.json")).exit_code == 0
    # On the laptop: prediction 4 is annulled; the laptop's export brings it to the server.
    assert invoke("prediction", "annul", "4", "--as", "ambiguous", "--note", "A ceremony, not a parade.", user="alice").exit_code == 0
    assert invoke("export", "-o", str(tmp_path / "later.json")).exit_code == 0
    dry = on_server("import", str(tmp_path / "later.json"), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert _counts(dry.stderr)["predictions"] == "0 created, 1 updated, 3 unchanged, 0 conflicting"
    done = on_server("import", str(tmp_path / "later.json"))
    assert done.exit_code == 0, done.output
    uid = json.loads((tmp_path / "later.json").read_text(encoding="utf-8"))["predictions"][3]["uid"]
    assert _one(server, "SELECT status FROM prediction WHERE uid = %s", uid) == "ambiguous"
    history = "SELECT string_agg(to_status || ':' || changed_by, ',' ORDER BY changed_at, id) FROM status_history WHERE prediction_id = (SELECT id FROM prediction WHERE uid = %s)"
    assert _one(server, history, uid) == "open:tester,ambiguous:alice"


FORECASTS = "SELECT string_agg(concat_ws(':', a.name, f.probability, f.made_on, f.note, f.uid), ',' ORDER BY f.made_on, f.probability)" \
    " FROM forecast f LEFT JOIN actor a ON a.id = f.actor_id WHERE f.prediction_id = 3 AND f.made_on > '2024-06-01'"
# (The prediction's first forecast, made on 2024-06-01, is its own columns: each database wrote it, with a uid of its own.)


def test_a_forecast_made_on_either_side_reaches_the_other_once(invoke: Invoke, database_url: str, server: str) -> None:
    assert invoke("seed").exit_code == 0
    assert invoke("sync", "--to", server).exit_code == 0
    assert invoke("prediction", "forecast", "3", "--by", "PRK", "--probability", "0.3", "--on", "2024-07-01", "--note", "laptop").exit_code == 0
    on_server = Invoke(server)
    made = on_server("prediction", "forecast", "3", "--by", "Russia", "--probability", "0.8", "--on", "2024-08-01", "--evidence", "1")
    assert made.exit_code == 0, made.output
    sent = invoke("sync", "--to", server)
    assert sent.exit_code == 0, sent.output
    assert _counts(sent.stderr)["forecasts"] == "1 created, 0 updated, 0 unchanged, 0 conflicting"
    back = invoke("sync", "--from", server)
    assert back.exit_code == 0, back.output
    assert _counts(back.stderr)["forecasts"] == "1 created, 0 updated, 1 unchanged, 0 conflicting"
    assert _one(server, FORECASTS) == _one(database_url, FORECASTS)
    assert _one(database_url, "SELECT count(*) FROM forecast WHERE prediction_id = 3") == 3  # the first one, and one from each side
    cited = "SELECT s.uid FROM forecast_evidence e JOIN forecast f ON f.id = e.forecast_id JOIN source s ON s.id = e.source_id"
    assert _one(database_url, cited) == _one(server, cited)
    level = invoke("sync", "--to", server)
    assert _counts(level.stderr)["forecasts"] == "0 created, 0 updated, 2 unchanged, 0 conflicting"
    assert _one(server, "SELECT count(*) FROM forecast WHERE prediction_id = 3") == 3


def test_an_analyst_login_cannot_bring_records_with_their_history_and_is_told_who_can(
    invoke: Invoke, database_url: str, server: str, tmp_path: Path
) -> None:
    """A sync or import writes the history as the other database recorded it (who, when, why), which
    only the owner may do (20261204_0004): an analyst's would forge attribution."""
    from sqlalchemy.engine import make_url

    role = f"ct_sync_analyst_{os.getpid()}"
    on_server = Invoke(server)
    granted = on_server("db", "grant-analyst", role)
    assert granted.exit_code == 0, granted.output
    try:
        assert invoke("seed").exit_code == 0
        as_analyst = Invoke(make_url(server).set(username=role, password=None).render_as_string(hide_password=False))
        refused = as_analyst("sync", "--from", database_url)
        assert refused.exit_code == 1, refused.output
        owner = make_url(server).username
        assert refused.stderr == (
            "Error: an import or sync brings each record's history as the other database recorded it (who, when, why), "
            f'which only the owner of this database\'s history ("{owner}") may write; run it as that login, or have the '
            "records added here with claimtrack's own commands.\n"
        )
        exported = tmp_path / "all.json"
        assert invoke("export", "-o", str(exported)).exit_code == 0
        also = as_analyst("import", str(exported))
        assert (also.exit_code, also.stderr) == (1, refused.stderr.replace(".\n", ". Nothing was imported.\n"))
        assert _one(server, "SELECT count(*) FROM claim") == 0
    finally:
        with psycopg.connect(_libpq(server), autocommit=True) as connection:
            connection.execute(f'DROP OWNED BY "{role}"; DROP ROLE "{role}"')


def test_a_verdict_on_a_claims_evidence_made_on_the_server_reaches_the_laptop(invoke: Invoke, database_url: str, server: str) -> None:
    assert invoke("seed").exit_code == 0
    assert invoke("sync", "--to", server).exit_code == 0
    on_server = Invoke(server)
    cited = on_server("claim", "set-status", "11", "confirmed", "--reason", "a second source", "--evidence", "https://example.org/e")
    assert cited.exit_code == 0, cited.output
    refuted = on_server("prediction", "refute", "4", "--claim", "11", "--note", "held elsewhere")
    assert refuted.exit_code == 0, refuted.output
    brought = invoke("sync", "--from", server)
    assert brought.exit_code == 0, brought.output
    assert _counts(brought.stderr)["predictions"] == "0 created, 1 updated, 3 unchanged, 0 conflicting"
    query = "SELECT c.uid::text FROM prediction p JOIN claim c ON c.id = p.evidence_claim_id WHERE p.uid = (SELECT uid FROM prediction WHERE id = 4)"
    assert _one(database_url, query) == _one(server, query) is not None
    history = "SELECT count(*) FROM status_history WHERE evidence_claim_id IS NOT NULL"
    assert _one(database_url, history) == _one(server, history) == 1
    again = invoke("sync", "--to", server)
    assert _counts(again.stderr)["predictions"] == "0 created, 0 updated, 4 unchanged, 0 conflicting", again.stderr


def test_files_carried_both_ways_tell_who_changed_what_without_a_sync(invoke: Invoke, database_url: str, server: str, tmp_path: Path) -> None:
    """The laptop's export is imported on the server; the server's export, brought back, carries what
    the server agreed with the laptop on (its agreements), so the laptop, which never imported from
    the server, still tells a change made there from one made here."""
    assert invoke("seed").exit_code == 0
    out = tmp_path / "laptop.ndjson"
    assert invoke("export", "--format", "ndjson", "-o", str(out)).exit_code == 0
    on_server = Invoke(server)
    assert on_server("import", str(out)).exit_code == 0
    _edit(server, 1, "Russia wrote off 90% of North Korea's Soviet-era debt.", "bob")
    back = tmp_path / "server.ndjson"
    assert on_server("export", "--format", "ndjson", "-o", str(back)).exit_code == 0
    agreements = [r for r in map(json.loads, back.read_text().splitlines()) if r["type"] == "agreement"]
    assert len(agreements) >= 16 and {a["kind"] for a in agreements} >= {"claim", "prediction"}
    dry = invoke("import", str(back), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert _counts(dry.stderr)["claims"] == "0 created, 1 updated, 15 unchanged, 0 conflicting"
    brought = invoke("import", str(back))
    assert brought.exit_code == 0, brought.output
    assert _one(database_url, "SELECT statement FROM claim WHERE id = 1") == "Russia wrote off 90% of North Korea's Soviet-era debt."
    # Changed on both sides since: a conflict, as a sync would find it.
    _edit(database_url, 2, "Here: reworded.", "alice")
    _edit(server, 2, "There: reworded.", "bob")
    assert on_server("export", "--format", "ndjson", "-o", str(back)).exit_code == 0
    both = invoke("import", str(back))
    assert both.exit_code == 1
    assert "1 record changed both here and in" in both.stderr
