"""Predictions added, confirmed, refuted, annulled and reopened in random order: the database always
equals a simple model, and the history holds exactly one row per transition.

Each run starts on a database of its own, a fresh copy of the migrated template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import psycopg
import pytest
from conftest import _libpq, _with_database, drop_database, fresh_database
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from claimtrack.config import DatabaseChoice
from claimtrack.db.engine import Database
from claimtrack.domain import PartialDate
from claimtrack.errors import InvalidValue, RefusedTransition
from claimtrack.services.predictions import add_prediction, list_predictions, reopen_prediction, resolve_prediction

EVIDENCE = 1  # the one source, added in each run's database


@dataclass
class Expected:
    """What a prediction should look like, kept by hand."""

    made_on: date
    statuses: list[str] = field(default_factory=lambda: ["open"])  # one per history row
    resolved_on: date | None = None
    evidence: int | None = None
    note: str | None = None
    reopened: bool = False

    @property
    def status(self) -> str:
        return self.statuses[-1]


class PredictionLifecycle(RuleBasedStateMachine):
    server_url: str  # where each run's database is made, and from which template
    template: str

    predictions = Bundle("predictions")

    def __init__(self) -> None:
        super().__init__()
        self.name = fresh_database(self.server_url, self.template)
        url = _with_database(self.server_url, self.name)
        self.database = Database(DatabaseChoice(url=url, origin="test"))  # each change in a transaction of its own
        self.sql: psycopg.Connection = psycopg.connect(_libpq(url), autocommit=True)  # for the checks
        with self.database.transaction(actor="setup") as connection:
            connection.execute("INSERT INTO source (title, recorded_by) VALUES ('Evidence', 'setup')")
        self.today: date = self.sql.execute("SELECT current_date").fetchone()[0]  # type: ignore[index]
        self.model: dict[int, Expected] = {}

    def teardown(self) -> None:
        self.sql.close()
        self.database.dispose()
        drop_database(self.server_url, self.name)

    @rule(target=predictions, made_days_ago=st.integers(0, 2000), deadline_days_later=st.integers(0, 4000))
    def add(self, made_days_ago: int, deadline_days_later: int) -> int:
        made = self.today - timedelta(days=made_days_ago)
        with self.database.transaction(actor="adder") as connection:
            prediction_id = add_prediction(
                connection, statement=f"made {made}", made=PartialDate(made), recorded_by="adder",
                resolve_by=PartialDate(made + timedelta(days=deadline_days_later)), allow_duplicate=True,
            )  # two made the same day ask the same; the machine is about their states
        self.model[prediction_id] = Expected(made_on=made)
        return prediction_id

    @rule(
        prediction_id=predictions,
        outcome=st.sampled_from(["confirmed", "refuted", "ambiguous", "withdrawn"]),
        days_ago=st.none() | st.integers(0, 2500),
    )
    def resolve(self, prediction_id: int, outcome: str, days_ago: int | None) -> None:
        expected = self.model[prediction_id]
        on = self.today if days_ago is None else self.today - timedelta(days=days_ago)
        verdict = outcome in ("confirmed", "refuted")
        note = None if verdict else f"{outcome} on {on}"
        refusal: type[Exception] | None = None
        if expected.status != "open":
            refusal = RefusedTransition
        elif on < expected.made_on or (expected.reopened and on < self.today):
            refusal = InvalidValue
        try:
            with self.database.transaction(actor="resolver") as connection:
                resolve_prediction(
                    connection, prediction_id=prediction_id, outcome=outcome, recorded_by="resolver",
                    evidence=EVIDENCE if verdict else None, note=note, on=None if days_ago is None else on,
                )
        except (RefusedTransition, InvalidValue) as error:
            assert type(error) is refusal, error
            return
        assert refusal is None, f"{outcome} on {on} should have been refused"
        expected.statuses.append(outcome)
        expected.resolved_on, expected.evidence, expected.note = on, EVIDENCE if verdict else None, note

    @rule(prediction_id=predictions, reason=st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=20))
    def reopen(self, prediction_id: int, reason: str) -> None:
        expected = self.model[prediction_id]
        try:
            with self.database.transaction(actor="reopener") as connection:
                reopen_prediction(connection, prediction_id=prediction_id, reason=reason)
        except RefusedTransition:
            assert expected.status == "open"
            return
        except InvalidValue:
            assert not reason.strip()
            return
        assert expected.status != "open" and reason.strip()
        expected.statuses.append("open")
        expected.resolved_on = expected.evidence = expected.note = None
        expected.reopened = True

    @invariant()
    def database_equals_the_model(self) -> None:
        if not self.model:
            return
        ids = list(self.model)
        rows = self.sql.execute(
            "SELECT id, status, resolved_on, evidence_source_id, resolution_note FROM prediction WHERE id = ANY(%s)", (ids,)
        ).fetchall()
        assert {r[0]: r[1:] for r in rows} == {
            i: (e.status, e.resolved_on, e.evidence, e.note) for i, e in self.model.items()
        }
        history: dict[int, list[str]] = {}
        for prediction_id, to_status in self.sql.execute(
            "SELECT prediction_id, to_status FROM status_history WHERE prediction_id = ANY(%s) ORDER BY id", (ids,)
        ):
            history.setdefault(prediction_id, []).append(to_status)
        assert history == {i: e.statuses for i, e in self.model.items()}

    @invariant()
    def status_as_of_today_is_the_status(self) -> None:
        if not self.model:
            return
        page = list_predictions(self.sql, as_of=self.today, limit=100_000)
        then = {line.id: line.status for line in page.lines if line.id in self.model}
        assert then == {i: e.status for i, e in self.model.items()}


@pytest.mark.slow
def test_the_database_always_equals_a_simple_model_of_the_lifecycle(server_url: str, template_database: str) -> None:
    PredictionLifecycle.server_url = server_url
    PredictionLifecycle.template = template_database
    run_state_machine_as_test(PredictionLifecycle, settings=settings(max_examples=20, stateful_step_count=25, deadline=None))
