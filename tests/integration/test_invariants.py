"""The database keeps the rules by itself: each test speaks raw SQL, as a psql user would."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

BASE_ROWS = """
INSERT INTO actor (name, kind, iso_code) VALUES ('North Korea', 'state', 'PRK'), ('Russia', 'state', 'RUS');
INSERT INTO source (title, url, recorded_by) VALUES ('Article', 'https://example.org/a', 't');
INSERT INTO claim (statement, recorded_by) VALUES ('A claim', 't');
INSERT INTO prediction (statement, resolve_by, made_on, recorded_by) VALUES ('A prediction', '2030-01-01', '2024-01-01', 't');
"""

# constraint name -> a statement that breaks exactly that constraint
BAD_ROWS = {
    "ck_actor_kind": "INSERT INTO actor (name, kind) VALUES ('X', 'country')",
    "ck_actor_iso_code_alpha3": "INSERT INTO actor (name, kind, iso_code) VALUES ('X', 'state', 'prk')",
    "ck_actor_name_length": "INSERT INTO actor (name, kind) VALUES ('   ', 'state')",
    "uq_actor_lower_name": "INSERT INTO actor (name, kind) VALUES ('NORTH KOREA', 'state')",
    "uq_actor_iso_code": "INSERT INTO actor (name, kind, iso_code) VALUES ('DPRK', 'state', 'PRK')",
    "ck_actor_alias_alias_length": "INSERT INTO actor_alias (actor_id, alias) VALUES (1, '')",
    "uq_actor_alias_lower_alias": "INSERT INTO actor_alias (actor_id, alias) VALUES (1, 'dprk'), (2, 'DPRK')",
    "ck_source_kind": "INSERT INTO source (title, kind, recorded_by) VALUES ('T', 'blog', 't')",
    "ck_source_reliability": "INSERT INTO source (title, reliability, recorded_by) VALUES ('T', 'G', 't')",
    "ck_source_url_http": "INSERT INTO source (title, url, recorded_by) VALUES ('T', 'ftp://x', 't')",
    "ck_source_title_length": "INSERT INTO source (title, recorded_by) VALUES ('', 't')",
    "uq_source_url": "INSERT INTO source (title, url, recorded_by) VALUES ('T', 'https://example.org/a', 't')",
    "ck_source_published_has_precision": "INSERT INTO source (title, recorded_by, published_on) VALUES ('T', 't', '2020-01-01')",
    "ck_source_published_precision": "INSERT INTO source (title, recorded_by, published_on, published_precision) VALUES ('T', 't', '2020-01-01', 'week')",
    "ck_source_published_on_starts_period": "INSERT INTO source (title, recorded_by, published_on, published_precision) VALUES ('T', 't', '2020-03-05', 'month')",
    "ck_tag_name_form": "INSERT INTO tag (name) VALUES ('Has Spaces')",
    "ck_claim_statement_length": "INSERT INTO claim (statement, recorded_by) VALUES (' ', 't')",
    "ck_claim_status": "INSERT INTO claim (statement, recorded_by, status) VALUES ('S', 't', 'true')",
    "ck_claim_credibility": "INSERT INTO claim (statement, recorded_by, credibility) VALUES ('S', 't', 7)",
    "ck_claim_occurred_has_precision": "INSERT INTO claim (statement, recorded_by, occurred_precision) VALUES ('S', 't', 'year')",
    "ck_claim_occurred_precision": "INSERT INTO claim (statement, recorded_by, occurred_on, occurred_precision) VALUES ('S', 't', '2012-01-01', 'decade')",
    "ck_claim_occurred_on_starts_period": "INSERT INTO claim (statement, recorded_by, occurred_on, occurred_precision) VALUES ('S', 't', '2012-06-01', 'year')",
    "ck_claim_stated_has_precision": "INSERT INTO claim (statement, recorded_by, stated_on) VALUES ('S', 't', '2012-01-01')",
    "ck_claim_stated_precision": "INSERT INTO claim (statement, recorded_by, stated_on, stated_precision) VALUES ('S', 't', '2012-01-01', 'hour')",
    "ck_claim_stated_on_starts_period": "INSERT INTO claim (statement, recorded_by, stated_on, stated_precision) VALUES ('S', 't', '2012-06-02', 'month')",
    "ck_claim_actor_role": "INSERT INTO claim_actor (claim_id, actor_id, role) VALUES (1, 1, 'villain')",
    "ck_claim_source_stance": "INSERT INTO claim_source (claim_id, source_id, stance, added_by) VALUES (1, 1, 'likes', 't')",
    "ck_claim_source_excerpt_length": "INSERT INTO claim_source (claim_id, source_id, excerpt, added_by) VALUES (1, 1, repeat('x', 20001), 't')",
    "ck_prediction_statement_length": "INSERT INTO prediction (statement, resolve_by, recorded_by) VALUES ('', '2030-01-01', 't')",
    "ck_prediction_status": "INSERT INTO prediction (statement, resolve_by, recorded_by, status, resolved_on) VALUES ('S', '2030-01-01', 't', 'late', '2029-01-01')",
    "ck_prediction_probability_range": "INSERT INTO prediction (statement, resolve_by, recorded_by, probability) VALUES ('S', '2030-01-01', 't', 1.5)",
    "ck_prediction_likelihood": "INSERT INTO prediction (statement, resolve_by, recorded_by, likelihood) VALUES ('S', '2030-01-01', 't', 'probable')",
    "ck_prediction_probability_fits_likelihood": "INSERT INTO prediction (statement, resolve_by, recorded_by, likelihood, probability) VALUES ('S', '2030-01-01', 't', 'likely', 0.9)",
    "ck_prediction_confidence": "INSERT INTO prediction (statement, resolve_by, recorded_by, confidence) VALUES ('S', '2030-01-01', 't', 'total')",
    "ck_prediction_made_precision": "INSERT INTO prediction (statement, resolve_by, recorded_by, made_precision) VALUES ('S', '2030-01-01', 't', 'week')",
    "ck_prediction_made_on_starts_period": "INSERT INTO prediction (statement, resolve_by, recorded_by, made_on, made_precision) VALUES ('S', '2030-01-01', 't', '2024-05-05', 'year')",
    "ck_prediction_resolve_by_precision": "INSERT INTO prediction (statement, resolve_by, recorded_by, resolve_by_precision) VALUES ('S', '2030-01-01', 't', 'week')",
    "ck_prediction_evidence_claim_is_verdict": "INSERT INTO prediction (statement, resolve_by, recorded_by, evidence_claim_id) VALUES ('S', '2030-01-01', 't', 1)",
    "ck_prediction_resolve_by_after_made": "INSERT INTO prediction (statement, resolve_by, made_on, recorded_by) VALUES ('S', '2020-01-01', '2024-01-01', 't')",
    "ck_prediction_open_iff_unresolved": "UPDATE prediction SET resolved_on = '2025-01-01' WHERE id = 1",
    "ck_prediction_resolved_after_made": "UPDATE prediction SET status = 'withdrawn', resolution_note = 'n', resolved_on = '2020-01-01' WHERE id = 1",
    "ck_prediction_verdict_has_evidence": "UPDATE prediction SET status = 'confirmed', resolved_on = '2025-01-01' WHERE id = 1",
    "ck_prediction_annulment_has_note": "UPDATE prediction SET status = 'ambiguous', resolved_on = '2025-01-01' WHERE id = 1",
    "ck_prediction_text_length": "INSERT INTO prediction (statement, resolve_by, recorded_by, criteria) VALUES ('S', '2030-01-01', 't', repeat('x', 20001))",
    "ck_arms_transfer_belongs_to_one": "INSERT INTO arms_transfer (supplier_id, recipient_id, category) VALUES (1, 2, 'artillery')",
    "ck_arms_transfer_supplier_is_not_recipient": "INSERT INTO arms_transfer (prediction_id, supplier_id, recipient_id, category) VALUES (1, 1, 1, 'artillery')",
    "ck_arms_transfer_category": "INSERT INTO arms_transfer (prediction_id, supplier_id, recipient_id, category) VALUES (1, 1, 2, 'drones')",
    "ck_arms_transfer_quantity_positive": "INSERT INTO arms_transfer (prediction_id, supplier_id, recipient_id, category, quantity) VALUES (1, 1, 2, 'artillery', 0)",
    "ck_arms_transfer_period_order": "INSERT INTO arms_transfer (prediction_id, supplier_id, recipient_id, category, period_start, period_end) VALUES (1, 1, 2, 'artillery', '2025-01-01', '2024-01-01')",
    "ck_arms_transfer_item_length": "INSERT INTO arms_transfer (prediction_id, supplier_id, recipient_id, category, item) VALUES (1, 1, 2, 'artillery', repeat('x', 301))",
    "ck_prediction_actor_role": "INSERT INTO prediction_actor (prediction_id, actor_id, role) VALUES (1, 1, 'hero')",
    "uq_tag_name": "INSERT INTO tag (name) VALUES ('arms'), ('arms')",
    "uq_arms_transfer_prediction_id": "INSERT INTO arms_transfer (prediction_id, supplier_id, recipient_id, category) VALUES (1, 1, 2, 'artillery'), (1, 2, 1, 'missiles')",
    "uq_arms_transfer_claim_id": "INSERT INTO arms_transfer (claim_id, supplier_id, recipient_id, category) VALUES (1, 1, 2, 'artillery'), (1, 2, 1, 'missiles')",
    "ck_source_url_length": "INSERT INTO source (title, recorded_by, url) VALUES ('T', 't', 'https://example.org/' || repeat('é', 1300))",
    "ck_source_publisher_length": "INSERT INTO source (title, recorded_by, publisher) VALUES ('T', 't', repeat('x', 501))",
    "ck_source_author_length": "INSERT INTO source (title, recorded_by, author) VALUES ('T', 't', repeat('x', 1001))",
    "ck_source_notes_length": "INSERT INTO source (title, recorded_by, notes) VALUES ('T', 't', repeat('x', 20001))",
    "ck_source_recorded_by_length": "INSERT INTO source (title, recorded_by) VALUES ('T', repeat('x', 301))",
    "ck_claim_recorded_by_length": "INSERT INTO claim (statement, recorded_by) VALUES ('S', repeat('x', 301))",
    "ck_claim_source_added_by_length": "INSERT INTO claim_source (claim_id, source_id, added_by) VALUES (1, 1, repeat('x', 301))",
    "ck_prediction_recorded_by_length": "INSERT INTO prediction (statement, resolve_by, recorded_by) VALUES ('S', '2030-01-01', repeat('x', 301))",
    "ck_status_history_changed_by_length": "INSERT INTO status_history (claim_id, to_status, changed_by) VALUES (1, 'unverified', repeat('x', 301))",
    "ck_status_history_reason_length": "INSERT INTO status_history (claim_id, to_status, changed_by, reason) VALUES (1, 'unverified', 't', repeat('x', 20001))",
    "ck_status_history_belongs_to_one": "INSERT INTO status_history (to_status, changed_by) VALUES ('open', 't')",
    "ck_status_history_to_status": "INSERT INTO status_history (claim_id, to_status, changed_by) VALUES (1, 'open', 't')",
    "ck_claim_notes_length": "INSERT INTO claim (statement, recorded_by, notes) VALUES ('S', 't', repeat('x', 20001))",
    "ck_claim_merged_is_deleted": "INSERT INTO claim (statement, recorded_by, merged_into_id) VALUES ('S', 't', 1)",
    "ck_prediction_notes_length": "INSERT INTO prediction (statement, resolve_by, made_on, recorded_by, notes) VALUES ('S', '2030-01-01', '2024-01-01', 't', repeat('x', 20001))",
    "ck_source_merged_is_deleted": "INSERT INTO source (title, recorded_by, merged_into_id) VALUES ('T', 't', 1)",
    "ck_record_change_record_table": "INSERT INTO record_change (record_table, record_id, table_name, operation, changed_by, changed_login) VALUES ('history', 1, 'claim', 'update', 't', 't')",
    "ck_forecast_one_forecaster": "INSERT INTO forecast (prediction_id, actor_id, source_id, probability, made_on, recorded_by) VALUES (1, 1, 1, 0.5, '2024-06-01', 't')",
    "ck_forecast_probability_range": "INSERT INTO forecast (prediction_id, actor_id, source_id, probability, made_on, recorded_by) VALUES (1, 1, NULL, 1.5, '2024-06-01', 't')",
    "ck_forecast_likelihood": "INSERT INTO forecast (prediction_id, actor_id, source_id, probability, made_on, recorded_by, likelihood) VALUES (1, 1, NULL, 0.5, '2024-06-01', 't', 'probably')",
    "ck_forecast_probability_fits_likelihood": "INSERT INTO forecast (prediction_id, actor_id, source_id, probability, made_on, recorded_by, likelihood) VALUES (1, 1, NULL, 0.9, '2024-06-01', 't', 'likely')",
    "ck_forecast_confidence": "INSERT INTO forecast (prediction_id, actor_id, source_id, probability, made_on, recorded_by, confidence) VALUES (1, 1, NULL, 0.5, '2024-06-01', 't', 'total')",
    "ck_forecast_made_precision": "INSERT INTO forecast (prediction_id, actor_id, source_id, probability, made_on, recorded_by, made_precision) VALUES (1, 1, NULL, 0.5, '2024-06-01', 't', 'week')",
    "ck_forecast_made_on_starts_period": "INSERT INTO forecast (prediction_id, actor_id, source_id, probability, made_on, recorded_by, made_precision) VALUES (1, 1, NULL, 0.5, '2024-06-01', 't', 'year')",
    "ck_forecast_note_length": "INSERT INTO forecast (prediction_id, actor_id, source_id, probability, made_on, recorded_by, note) VALUES (1, 1, NULL, 0.5, '2024-06-01', 't', repeat('x', 20001))",
    "ck_forecast_recorded_by_length": "INSERT INTO forecast (prediction_id, actor_id, source_id, probability, made_on, recorded_by) VALUES (1, 1, NULL, 0.5, '2024-06-01', repeat('x', 301))",
    "ck_forecast_evidence_cites_one": "INSERT INTO forecast (id, prediction_id, actor_id, probability, made_on, recorded_by) VALUES (50, 1, 1, 0.5, '2024-06-01', 't'); INSERT INTO forecast_evidence (forecast_id, source_id, claim_id) VALUES (50, 1, 1)",
    "uq_actor_uid": "INSERT INTO actor (name, kind, uid) SELECT 'X', 'state', uid FROM actor WHERE id = 1",
    "uq_source_uid": "INSERT INTO source (title, recorded_by, uid) SELECT 'T', 't', uid FROM source WHERE id = 1",
    "uq_claim_uid": "INSERT INTO claim (statement, recorded_by, uid) SELECT 'S', 't', uid FROM claim WHERE id = 1",
    "uq_prediction_uid": "INSERT INTO prediction (statement, resolve_by, made_on, recorded_by, uid) SELECT 'S', '2030-01-01', '2024-01-01', 't', uid FROM prediction WHERE id = 1",
    "uq_forecast_uid": "INSERT INTO forecast (prediction_id, actor_id, probability, made_on, recorded_by, uid) VALUES (1, 1, 0.5, '2024-06-01', 't', '00000000-0000-4000-8000-000000000001'), (1, 2, 0.5, '2024-06-01', 't', '00000000-0000-4000-8000-000000000001')",
    "ck_database_identity_one_row": "INSERT INTO database_identity (one_row) VALUES (false)",
    "uq_database_identity_one_row": "INSERT INTO database_identity DEFAULT VALUES",
    "ck_sync_base_kind": "INSERT INTO sync_base (peer, kind, uid, fingerprint) VALUES (gen_random_uuid(), 'tag', gen_random_uuid(), 'f')",
    "ck_record_change_operation": "INSERT INTO record_change (record_table, record_id, table_name, operation, changed_by, changed_login) VALUES ('claim', 1, 'claim', 'upsert', 't', 't')",
}


@pytest.fixture
def seeded(sql: psycopg.Connection) -> psycopg.Connection:
    sql.execute(BASE_ROWS)
    return sql


@pytest.mark.parametrize("constraint", sorted(BAD_ROWS))
def test_each_constraint_refuses_its_bad_row(seeded: psycopg.Connection, constraint: str) -> None:
    if constraint.startswith(("ck_status_history", "ck_record_change")):  # only the owner's import writes history rows but the triggers
        seeded.execute("SELECT set_config('claimtrack.importing', 'on', false)")
    with pytest.raises(errors.IntegrityError) as refused:
        seeded.execute(BAD_ROWS[constraint])
    assert refused.value.diag.constraint_name == constraint


def test_every_check_and_unique_constraint_has_a_bad_row_above(sql: psycopg.Connection) -> None:
    found = {
        name
        for (name,) in sql.execute(
            "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = 'public' AND contype IN ('c', 'u') "
            "UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'uq_%'"
        )
    }
    assert found - set(BAD_ROWS) == set()


def _history(sql: psycopg.Connection, column: str, row_id: int) -> list[tuple[object, ...]]:
    return sql.execute(
        f"SELECT from_status, to_status, changed_by, reason, evidence_source_id FROM status_history "
        f"WHERE {column} = %s ORDER BY id",
        (row_id,),
    ).fetchall()


def test_a_plain_update_by_psql_writes_history_with_who_why_and_evidence(seeded: psycopg.Connection) -> None:
    with seeded.transaction():
        seeded.execute("SET LOCAL claimtrack.actor = 'alice'")
        seeded.execute("UPDATE prediction SET status = 'confirmed', resolved_on = '2025-03-01', evidence_source_id = 1, resolution_note = 'seen' WHERE id = 1")
    assert _history(seeded, "prediction_id", 1) == [(None, "open", "t", None, None), ("open", "confirmed", "alice", "seen", 1)]


def test_without_claimtrack_settings_history_names_the_database_user(seeded: psycopg.Connection) -> None:
    seeded.execute("UPDATE prediction SET status = 'withdrawn', resolved_on = '2025-03-01', resolution_note = 'moot' WHERE id = 1")
    user = seeded.execute("SELECT session_user").fetchone()[0]  # type: ignore[index]
    assert _history(seeded, "prediction_id", 1)[-1] == ("open", "withdrawn", user, "moot", None)


def test_a_resolved_prediction_cannot_jump_to_another_resolution(seeded: psycopg.Connection) -> None:
    seeded.execute("UPDATE prediction SET status = 'refuted', resolved_on = '2025-03-01', evidence_source_id = 1 WHERE id = 1")
    with pytest.raises(errors.CheckViolation) as refused:
        seeded.execute("UPDATE prediction SET status = 'confirmed' WHERE id = 1")
    assert refused.value.diag.constraint_name == "tr_prediction_transition"


def test_reopening_needs_a_reason_and_is_written_to_history(seeded: psycopg.Connection) -> None:
    seeded.execute("UPDATE prediction SET status = 'refuted', resolved_on = '2025-03-01', evidence_source_id = 1 WHERE id = 1")
    reopen = "UPDATE prediction SET status = 'open', resolved_on = NULL, evidence_source_id = NULL, resolution_note = NULL WHERE id = 1"
    with pytest.raises(errors.CheckViolation) as refused:
        seeded.execute(reopen)
    assert refused.value.diag.constraint_name == "tr_prediction_reopen_reason"
    with seeded.transaction():
        seeded.execute("SET LOCAL claimtrack.reason = 'new evidence'")
        seeded.execute(reopen)
    assert _history(seeded, "prediction_id", 1)[-1][:2] == ("refuted", "open")
    assert _history(seeded, "prediction_id", 1)[-1][3] == "new evidence"


def test_a_resolution_cannot_be_edited_in_place(seeded: psycopg.Connection) -> None:
    seeded.execute("UPDATE prediction SET status = 'confirmed', resolved_on = '2025-03-01', evidence_source_id = 1 WHERE id = 1")
    with pytest.raises(errors.CheckViolation) as refused:
        seeded.execute("UPDATE prediction SET resolved_on = '2025-04-01' WHERE id = 1")
    assert refused.value.diag.constraint_name == "tr_prediction_resolution_frozen"


def test_a_claim_status_change_needs_a_reason_and_a_verdict_needs_evidence(seeded: psycopg.Connection) -> None:
    with pytest.raises(errors.CheckViolation) as no_reason:
        seeded.execute("UPDATE claim SET status = 'contested' WHERE id = 1")
    assert no_reason.value.diag.constraint_name == "tr_claim_status_reason"
    with pytest.raises(errors.CheckViolation) as no_evidence:
        with seeded.transaction():
            seeded.execute("SET LOCAL claimtrack.reason = 'checked'")
            seeded.execute("UPDATE claim SET status = 'confirmed' WHERE id = 1")
    assert no_evidence.value.diag.constraint_name == "tr_claim_verdict_evidence"
    with seeded.transaction():
        seeded.execute("SET LOCAL claimtrack.reason = 'checked'; SET LOCAL claimtrack.evidence_source_id = '1'")
        seeded.execute("UPDATE claim SET status = 'confirmed' WHERE id = 1")
    assert _history(seeded, "claim_id", 1) == [(None, "unverified", "t", None, None), ("unverified", "confirmed", seeded.execute("SELECT session_user").fetchone()[0], "checked", 1)]  # type: ignore[index]


def test_an_update_that_keeps_the_status_writes_no_history(seeded: psycopg.Connection) -> None:
    seeded.execute("UPDATE claim SET credibility = 2 WHERE id = 1")
    assert len(_history(seeded, "claim_id", 1)) == 1


@pytest.mark.parametrize(
    "statement",
    ["UPDATE status_history SET reason = 'rewritten'", "DELETE FROM status_history", "TRUNCATE status_history"],
)
def test_history_cannot_be_updated_deleted_or_truncated(seeded: psycopg.Connection, statement: str) -> None:
    with pytest.raises(errors.InsufficientPrivilege) as refused:
        seeded.execute(statement)
    assert refused.value.diag.constraint_name == "tr_status_history_append_only"
    assert seeded.execute("SELECT count(*) FROM status_history").fetchone() == (2,)


def test_an_import_session_writes_its_own_history(seeded: psycopg.Connection) -> None:
    with seeded.transaction():
        seeded.execute("SET LOCAL claimtrack.importing = 'on'")
        seeded.execute("INSERT INTO claim (statement, recorded_by) VALUES ('Imported', 'x')")
    assert _history(seeded, "claim_id", 2) == []


def test_full_text_search_vectors_are_generated(seeded: psycopg.Connection) -> None:
    seeded.execute("INSERT INTO claim (statement, recorded_by) VALUES ('North Korea exports shells', 't')")
    found = seeded.execute("SELECT statement FROM claim WHERE search @@ websearch_to_tsquery('english', 'exporting')").fetchall()
    assert found == [("North Korea exports shells",)]


def test_a_prediction_inserted_already_resolved_was_open_until_its_resolution(seeded: psycopg.Connection) -> None:
    seeded.execute(
        "INSERT INTO prediction (statement, made_on, resolve_by, recorded_by, status, resolved_on, evidence_source_id)"
        " VALUES ('Inserted resolved', '2024-01-01', '2024-12-31', 'carol', 'refuted', '2024-06-01', 1)"
    )
    rows = seeded.execute(
        "SELECT from_status, to_status, effective_on::text, changed_by, evidence_source_id FROM status_history"
        " WHERE prediction_id = (SELECT id FROM prediction WHERE statement = 'Inserted resolved') ORDER BY id"
    ).fetchall()
    assert rows == [(None, "open", "2024-01-01", "carol", None), ("open", "refuted", "2024-06-01", "carol", 1)]


def test_a_resolved_predictions_question_and_a_regrade_without_a_reason_are_refused_from_psql(sql: psycopg.Connection) -> None:
    sql.execute(
        "INSERT INTO source (id, title, reliability, recorded_by) VALUES (901, 'Images', 'C', 't');"
        "INSERT INTO prediction (id, statement, made_on, resolve_by, status, resolved_on, evidence_source_id, recorded_by)"
        " VALUES (901, 'Shells arrive', '2024-01-01', '2025-12-31', 'confirmed', '2024-06-01', 901, 't')"
    )
    for change in ("statement = 'Missiles arrive'", "resolve_by = '2026-12-31'", "probability = 0.9"):
        with pytest.raises(psycopg.errors.CheckViolation, match="changes only once it is reopened"):
            sql.execute(f"UPDATE prediction SET {change} WHERE id = 901")
    sql.execute("UPDATE prediction SET notes = 'seen twice' WHERE id = 901")  # notes may change
    with pytest.raises(psycopg.errors.CheckViolation, match="needs a reason"):
        sql.execute("UPDATE source SET reliability = 'A' WHERE id = 901")
    with sql.transaction():
        sql.execute("SELECT set_config('claimtrack.reason', 'graded on reading it', true)")
        sql.execute("UPDATE source SET reliability = 'A' WHERE id = 901")
    assert sql.execute("SELECT reliability FROM source WHERE id = 901").fetchone() == ("A",)
