"""--on DATE on claim set-status, prediction annul and prediction reopen (20261204_0008): a change
recorded after the fact takes effect on the day it happened, --as-of reads it there, and a day that
would put the record's timeline out of order is refused."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest


@pytest.fixture
def today(sql: psycopg.Connection) -> date:
    return sql.execute("SELECT current_date").fetchone()[0]  # type: ignore[index]


@pytest.fixture
def claims(invoke: Any) -> Any:
    assert invoke("source", "add", "Ministry statement", "--kind", "official_statement").exit_code == 0
    assert invoke("claim", "add", "North Korea ships artillery shells to Russia", "--stated", "2023-08", "--source", "1").exit_code == 0
    assert invoke("claim", "add", "Russian tourists return to Wonsan", "--stated", "2024-02-10").exit_code == 0
    return invoke


def history(sql: psycopg.Connection, column: str, record_id: int) -> list[tuple[Any, ...]]:
    return sql.execute(
        f"SELECT from_status, to_status, effective_on, reason FROM status_history WHERE {column} = %s ORDER BY id", (record_id,)
    ).fetchall()


def listed_status(invoke: Any, kind: str, record_id: int, as_of: str) -> str | None:
    result = invoke(kind, "list", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    found = [row["status"] for row in json.loads(result.stdout) if row["id"] == record_id]
    return found[0] if found else None


def test_a_backdated_claim_status_change_takes_effect_that_day_and_as_of_reads_it(claims: Any, sql: psycopg.Connection, today: date) -> None:
    result = claims("claim", "set-status", "1", "confirmed", "--reason", "UN panel report", "--evidence", "1", "--on", "2024-01-15")
    assert (result.exit_code, result.stderr) == (0, "claim 1: unverified -> confirmed on the evidence of source 1, effective 2024-01-15.\n")
    assert history(sql, "claim_id", 1)[-1] == ("unverified", "confirmed", date(2024, 1, 15), "UN panel report")
    # recorded today, but what we believed in December 2023 was still "unverified"
    assert listed_status(claims, "claim", 1, "2023-12-31") == "unverified"
    assert listed_status(claims, "claim", 1, "2024-01-15") == "confirmed"
    shown = json.loads(claims("claim", "show", "1", "--format", "json").stdout)
    assert shown["history"][-1]["effective_on"] == "2024-01-15"
    assert sql.execute("SELECT changed_at::date FROM status_history WHERE claim_id = 1 ORDER BY id DESC LIMIT 1").fetchone() == (today,)


def test_without_on_a_claim_status_change_takes_effect_today(claims: Any, sql: psycopg.Connection, today: date) -> None:
    assert claims("claim", "set-status", "2", "contested", "--reason", "Denied").exit_code == 0
    assert history(sql, "claim_id", 2)[-1][2] == today


@pytest.mark.parametrize(
    ("on", "complaint"),
    [
        ("2023-07-31", "Error: --on 2023-07-31 is before claim 1 was stated (2023-08); give a later date."),
        ("2023", "Error: --on 2023-01-01 is before claim 1 was stated (2023-08); give a later date."),
    ],
)
def test_a_claim_status_change_before_the_claim_was_stated_is_refused_and_writes_nothing(
    claims: Any, sql: psycopg.Connection, on: str, complaint: str
) -> None:
    before = history(sql, "claim_id", 1)
    result = claims("claim", "set-status", "1", "contested", "--reason", "Denied", "--on", on)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", complaint + "\n")
    assert history(sql, "claim_id", 1) == before
    assert sql.execute("SELECT status FROM claim WHERE id = 1").fetchone() == ("unverified",)


def test_a_claim_status_change_cannot_predate_the_last_one(claims: Any, sql: psycopg.Connection) -> None:
    assert claims("claim", "set-status", "2", "contested", "--reason", "Denied", "--on", "2024-05-01").exit_code == 0
    result = claims("claim", "set-status", "2", "corroborated", "--reason", "Photos", "--on", "2024-04-30")
    assert (result.exit_code, result.stderr) == (
        1, "Error: --on 2024-04-30 is before claim 2 last changed status (2024-05-01); give a later date.\n"
    )
    assert claims("claim", "set-status", "2", "corroborated", "--reason", "Photos", "--on", "2024-05-01").exit_code == 0


def test_a_claim_status_change_in_the_future_is_refused(claims: Any, today: date) -> None:
    tomorrow = today + timedelta(days=1)
    result = claims("claim", "set-status", "2", "contested", "--reason", "Denied", "--on", str(tomorrow))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: --on {tomorrow} is in the future; a change takes effect on or before today ({today}).\n"
    )


def test_a_malformed_on_is_a_usage_error(claims: Any) -> None:
    result = claims("claim", "set-status", "2", "contested", "--reason", "Denied", "--on", "2024-02-30")
    assert result.exit_code == 2
    assert '"2024-02-30" is not a real date' in result.stderr


def test_the_database_refuses_a_future_effective_date_whoever_sets_it(claims: Any, sql: psycopg.Connection) -> None:
    with pytest.raises(psycopg.errors.CheckViolation, match="cannot take effect"), sql.transaction():
        sql.execute(
            "SELECT set_config('claimtrack.effective_on', (current_date + 1)::text, true), set_config('claimtrack.reason', 'denied', true)"
        )
        sql.execute("UPDATE claim SET status = 'contested' WHERE id = 2")


# --- predictions --------------------------------------------------------------------------------


@pytest.fixture
def prediction(claims: Any) -> Any:
    assert claims("actor", "add", "ISW", "--kind", "organization").exit_code == 0
    added = claims(
        "prediction", "add", "Russia receives KN-23 missiles", "--by", "ISW", "--made", "2023-09", "--resolve-by", "2030", "--probability", "0.7"
    )
    assert added.exit_code == 0, added.output
    return claims


def test_an_annulment_can_be_backdated_and_as_of_reads_it(prediction: Any, sql: psycopg.Connection) -> None:
    result = prediction("prediction", "annul", "1", "--as", "withdrawn", "--note", "ISW took it back", "--on", "2024-03-01")
    assert result.exit_code == 0, result.output
    assert history(sql, "prediction_id", 1)[-1] == ("open", "withdrawn", date(2024, 3, 1), "ISW took it back")
    assert sql.execute("SELECT resolved_on FROM prediction WHERE id = 1").fetchone() == (date(2024, 3, 1),)
    assert listed_status(prediction, "prediction", 1, "2024-02-29") == "open"
    assert listed_status(prediction, "prediction", 1, "2024-03-01") == "withdrawn"


def test_an_annulment_before_the_prediction_was_made_is_refused(prediction: Any, sql: psycopg.Connection) -> None:
    result = prediction("prediction", "annul", "1", "--as", "ambiguous", "--note", "unclear", "--on", "2023-08-31")
    assert (result.exit_code, result.stderr) == (1, "Error: --on 2023-08-31 is before prediction 1 was made (2023-09); give a later date.\n")
    assert sql.execute("SELECT status FROM prediction WHERE id = 1").fetchone() == ("open",)


def test_a_reopening_can_be_backdated_but_not_before_the_resolution(prediction: Any, sql: psycopg.Connection, today: date) -> None:
    assert prediction("prediction", "confirm", "1", "--evidence", "1", "--note", "seen", "--on", "2024-01-10").exit_code == 0
    refused = prediction("prediction", "reopen", "1", "--reason", "report retracted", "--on", "2024-01-09")
    assert (refused.exit_code, refused.stderr) == (
        1, "Error: --on 2024-01-09 is before prediction 1 was resolved (2024-01-10); give a later date.\n"
    )
    tomorrow = today + timedelta(days=1)
    refused = prediction("prediction", "reopen", "1", "--reason", "report retracted", "--on", str(tomorrow))
    assert refused.exit_code == 1 and "is in the future" in refused.stderr
    assert sql.execute("SELECT status FROM prediction WHERE id = 1").fetchone() == ("confirmed",)

    result = prediction("prediction", "reopen", "1", "--reason", "report retracted", "--on", "2024-02-01")
    assert (result.exit_code, result.stderr) == (0, "prediction 1: confirmed -> open on 2024-02-01.\n")
    assert history(sql, "prediction_id", 1)[-1] == ("confirmed", "open", date(2024, 2, 1), "report retracted")
    assert listed_status(prediction, "prediction", 1, "2024-01-20") == "confirmed"
    assert listed_status(prediction, "prediction", 1, "2024-02-01") == "open"
    # a new resolution cannot predate the reopening
    again = prediction("prediction", "refute", "1", "--evidence", "1", "--on", "2024-01-31")
    assert again.exit_code == 1 and "cannot predate the reopening" in again.stderr


# --- the record_changes report ------------------------------------------------------------------


def test_record_changes_lists_corrections_newest_first_in_words(claims: Any) -> None:
    assert claims("claim", "edit", "2", "--statement", "Russian tourists return to Wonsan beach", "--reason", "typo", user="bob").exit_code == 0
    assert claims("claim", "uncite", "1", "--source", "1", "--reason", "wrong claim").exit_code == 0
    assert claims("claim", "delete", "2", "--reason", "entered twice").exit_code == 0
    result = claims("report", "record_changes", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["kind"], r["record_id"], r["change"], r["reason"]) for r in rows] == [
        ("claim", 2, "deleted", "entered twice"),
        ("claim", 1, "claim_source removed", "wrong claim"),
        ("claim", 2, "changed statement", "typo"),
    ]
    edit = rows[-1]
    assert (edit["old_values"], edit["new_values"]) == (
        {"statement": "Russian tourists return to Wonsan"}, {"statement": "Russian tourists return to Wonsan beach"}
    )
    assert (edit["changed_by"], edit["record"]) == ("bob", "Russian tourists return to Wonsan beach")
    assert edit["login"]
    assert claims("report", "record_changes", "--since", "2999", "--format", "json").stdout.strip() in ("", "[]")


def test_record_changes_narrows_to_an_actor_or_a_tag(claims: Any) -> None:
    assert claims("actor", "add", "Russia", "--kind", "state", "--country", "RUS").exit_code == 0
    assert claims("claim", "edit", "1", "--add-actor", "RUS", "--add-tag", "shells", "--reason", "r1").exit_code == 0
    assert claims("claim", "edit", "2", "--note", "beach", "--reason", "r2").exit_code == 0
    assert claims("actor", "edit", "RUS", "--name", "Russian Federation", "--reason", "r3").exit_code == 0

    def reasons(*args: str) -> list[str]:
        result = claims("report", "record_changes", *args, "--format", "json")
        assert result.exit_code == 0, result.output
        return [row["reason"] for row in json.loads(result.stdout or "[]")]

    assert reasons() == ["r3", "r2", "r1", "r1"]  # newest first; the actor link and the tag link of one edit
    assert set(reasons("--actor", "rus")) == {"r1", "r3"}
    assert "r2" not in reasons("--actor", "rus")
    assert set(reasons("--tag", "shells")) == {"r1"}
    unknown = claims("report", "record_changes", "--actor", "Atlantis")
    assert unknown.exit_code == 1 and 'no actor "Atlantis"' in unknown.stderr


def test_record_changes_narrows_to_who_made_them_by_name_or_login(claims: Any, sql: psycopg.Connection) -> None:
    assert claims("claim", "edit", "1", "--note", "by bob", "--reason", "r1", user="bob").exit_code == 0
    assert claims("claim", "edit", "2", "--note", "by carol", "--reason", "r2", user="carol").exit_code == 0
    assert claims("claim", "edit", "1", "--note", "by bob again", "--reason", "r3", user="bob").exit_code == 0

    def reasons(*args: str) -> list[str]:
        result = claims("report", "record_changes", *args, "--format", "json")
        assert (result.exit_code, result.stderr) == (0, ""), result.output
        return [row["reason"] for row in json.loads(result.stdout)]

    assert reasons("--by", "bob") == ["r3", "r1"]
    assert reasons("--by", " carol ") == ["r2"]
    assert reasons("--by", "bob", "--since", "2999") == []
    login = sql.execute("SELECT DISTINCT changed_login FROM record_change").fetchall()
    assert len(login) == 1 and login[0][0] not in ("bob", "carol")
    assert reasons("--by", login[0][0]) == ["r3", "r2", "r1"]  # the database login, whatever --as said
    nobody = claims("report", "record_changes", "--by", "nobody")
    assert (nobody.exit_code, nobody.stdout, nobody.stderr) == (0, "", "record_changes: no rows\n")
    refused = claims("report", "recent_changes", "--by", "bob")
    assert refused.exit_code == 2
    assert refused.stderr.endswith("Error: report recent_changes does not take --by; it takes --actor, --since, --tag.\n")
