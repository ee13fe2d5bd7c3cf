"""The change record (20261204_0007): every UPDATE and DELETE of a record or link, from any client,
kept by the database with the fields' old and new values, who, the login, when and why."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from psycopg import errors

ROWS = """
INSERT INTO actor (id, name, kind, iso_code) VALUES (1, 'North Korea', 'state', 'PRK'), (2, 'Russia', 'state', 'RUS');
INSERT INTO source (id, title, url, recorded_by) VALUES (1, 'An article', 'https://example.org/a', 'seed');
INSERT INTO tag (id, name) VALUES (1, 'arms');
INSERT INTO claim (id, statement, recorded_by, created_at) VALUES (1, 'Russia forgave most of the debt', 'seed', now() - interval '1 day');
INSERT INTO claim_actor (claim_id, actor_id, role) VALUES (1, 2, 'subject');
"""


def _changes(sql: psycopg.Connection[Any]) -> list[tuple[Any, ...]]:
    return sql.execute(
        "SELECT record_table, record_id, table_name, operation, linked, old_values, new_values, changed_by, reason "
        "FROM record_change ORDER BY id"
    ).fetchall()


@pytest.fixture
def rows(sql: psycopg.Connection[Any]) -> psycopg.Connection[Any]:
    with sql.transaction():
        sql.execute("SELECT set_config('claimtrack.importing', 'on', true)")  # as the owner's import: its links are no change
        sql.execute(ROWS)
    return sql


def test_an_update_from_psql_keeps_the_fields_it_changed_with_who_the_login_and_why(rows: psycopg.Connection[Any]) -> None:
    with rows.transaction():
        rows.execute("SELECT set_config('claimtrack.actor', 'ana', true), set_config('claimtrack.reason', 'typo', true)")
        rows.execute("UPDATE claim SET statement = 'Russia forgave most of North Korea''s debt', credibility = 2 WHERE id = 1")
    assert _changes(rows) == [
        (
            "claim", 1, "claim", "update", None,
            {"statement": "Russia forgave most of the debt", "credibility": 6},
            {"statement": "Russia forgave most of North Korea's debt", "credibility": 2},
            "ana", "typo",
        )
    ]
    login, session_user = rows.execute("SELECT changed_login, session_user FROM record_change").fetchone()  # type: ignore[misc]
    assert login == session_user


def test_without_a_name_or_a_reason_the_login_is_who_and_the_reason_is_null(rows: psycopg.Connection[Any]) -> None:
    rows.execute("UPDATE source SET title = 'Renamed' WHERE id = 1")
    ((who, login, reason),) = rows.execute("SELECT changed_by, changed_login, reason FROM record_change").fetchall()
    assert (who, reason) == (login, None)


def test_an_update_that_changes_no_field_is_not_a_change(rows: psycopg.Connection[Any]) -> None:
    rows.execute("UPDATE claim SET statement = statement WHERE id = 1")
    rows.execute("UPDATE tag SET name = 'arms' WHERE id = 1")
    assert _changes(rows) == []


def test_a_deleted_link_keeps_every_field_and_names_both_sides(rows: psycopg.Connection[Any]) -> None:
    rows.execute("DELETE FROM claim_actor WHERE claim_id = 1")
    assert _changes(rows) == [
        (
            "claim", 1, "claim_actor", "delete", {"actor_id": 2, "role": "subject"},
            {"claim_id": 1, "actor_id": 2, "role": "subject"}, None,
            rows.execute("SELECT session_user").fetchone()[0], None,  # type: ignore[index]
        )
    ]


def test_a_link_added_later_is_a_change_and_one_made_with_its_record_is_not(rows: psycopg.Connection[Any]) -> None:
    rows.execute("INSERT INTO claim_tag (claim_id, tag_id) VALUES (1, 1)")
    with rows.transaction():
        rows.execute("INSERT INTO claim (id, statement, recorded_by) VALUES (2, 'A new claim', 'seed')")
        rows.execute("INSERT INTO claim_tag (claim_id, tag_id) VALUES (2, 1)")
    assert [change[:5] for change in _changes(rows)] == [("claim", 1, "claim_tag", "insert", {"tag_id": 1})]


def test_an_arms_transfer_belongs_to_its_claim_or_prediction(rows: psycopg.Connection[Any]) -> None:
    rows.execute(
        "INSERT INTO arms_transfer (id, claim_id, supplier_id, recipient_id, category) VALUES (5, 1, 1, 2, 'ammunition')"
    )
    rows.execute("UPDATE arms_transfer SET item = '152 mm shells' WHERE id = 5")
    assert [change[:7] for change in _changes(rows)] == [
        ("claim", 1, "arms_transfer", "insert", {"id": 5},
         None, {"id": 5, "claim_id": 1, "prediction_id": None, "supplier_id": 1, "recipient_id": 2,
                "category": "ammunition", "item": None, "quantity": None, "period_start": None, "period_end": None}),
        ("claim", 1, "arms_transfer", "update", {"id": 5}, {"item": None}, {"item": "152 mm shells"}),
    ]


def test_the_importing_setting_does_not_switch_off_the_record_of_updates(rows: psycopg.Connection[Any]) -> None:
    with rows.transaction():
        rows.execute("SELECT set_config('claimtrack.importing', 'on', true)")
        rows.execute("UPDATE actor SET name = 'DPRK' WHERE id = 1")
        rows.execute("DELETE FROM claim_actor")
    assert [change[2:4] for change in _changes(rows)] == [("actor", "update"), ("claim_actor", "delete")]


@pytest.mark.parametrize(
    "statement",
    ["UPDATE record_change SET reason = 'forged'", "DELETE FROM record_change", "TRUNCATE record_change"],
)
def test_the_record_refuses_update_delete_and_truncate(rows: psycopg.Connection[Any], statement: str) -> None:
    rows.execute("UPDATE tag SET name = 'weapons'")
    with pytest.raises(errors.InsufficientPrivilege, match="record_change is append-only"):
        rows.execute(statement)
    assert len(_changes(rows)) == 1


def test_only_the_triggers_write_the_record(rows: psycopg.Connection[Any]) -> None:
    with pytest.raises(errors.InsufficientPrivilege, match="written by the database's own triggers only"):
        rows.execute(
            "INSERT INTO record_change (record_table, record_id, table_name, operation, changed_by, changed_login) "
            "VALUES ('claim', 1, 'claim', 'update', 'forger', 'forger')"
        )
    assert _changes(rows) == []
