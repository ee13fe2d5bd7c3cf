"""The domain's rules on their own (no database): NAME:ROLE, ISO codes, what a resolution needs,
deadlines read now and counted from a today given later, the arms-transfer facet."""

from __future__ import annotations

from datetime import date

import pytest

from claimtrack.domain import actors, arms, dates, predictions

ROLES_NAMED = "use NAME:ROLE with ROLE one of subject, target, mentioned."


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("Russia", ("Russia", "subject")),
        ("Russia:target", ("Russia", "target")),
        ("North Korea:Mentioned", ("North Korea", "mentioned")),
        ("Russia: target ", ("Russia", "target")),
        ("Hamas: Qassam Brigades", ("Hamas: Qassam Brigades", "subject")),  # several words: part of the name
        ("Hamas: Qassam Brigades:mentioned", ("Hamas: Qassam Brigades", "mentioned")),
        ("A:B:subject", ("A:B", "subject")),
        ("Russia:", ("Russia:", "subject")),
        (":target", ("", "target")),  # the caller refuses the empty name
    ],
)
def test_name_and_role_are_read_alike_by_every_way_in(text: str, parsed: tuple[str, str]) -> None:
    assert actors.parse_actor_role(text) == parsed


@pytest.mark.parametrize(("text", "word"), [("Russia:victim", "victim"), ("a:b:c", "c"), ("PRK:Target2", "Target2")])
def test_a_role_that_is_not_one_is_refused_naming_the_roles(text: str, word: str) -> None:
    with pytest.raises(ValueError) as refused:
        actors.parse_actor_role(text)
    assert str(refused.value) == f'"{word}" is not a role; {ROLES_NAMED}'


def test_an_iso_code_is_three_letters_stored_in_upper_case_and_held_by_states_only() -> None:
    assert actors.is_iso_code("PRK") and not actors.is_iso_code("prk") and not actors.is_iso_code("PRK\n")
    assert [actors.stored_iso_code(t) for t in ("prk", " Rus ", "PRKX", "P1K", "ﬀa", "")] == ["PRK", "RUS", None, None, None, None]
    assert [kind for kind in actors.ACTOR_KINDS if actors.may_hold_iso_code(kind)] == ["state"]


def test_a_verdict_needs_its_evidence_and_an_annulment_its_note() -> None:
    assert {s: predictions.resolution_needs(s) for s in predictions.PREDICTION_STATUSES} == {
        "open": None, "confirmed": "evidence", "refuted": "evidence", "ambiguous": "note", "withdrawn": "note",
    }  # fmt: skip
    assert predictions.resolution_lacks("confirmed", evidence=None, note="seen") == "evidence"
    assert predictions.resolution_lacks("refuted", evidence=3, note=None) is None
    assert predictions.resolution_lacks("withdrawn", evidence=3, note="  ") == "note"
    assert predictions.resolution_lacks("ambiguous", evidence=None, note="cannot be checked") is None
    assert predictions.resolution_lacks("open", evidence=None, note=None) is None


def test_an_offset_is_read_without_a_today_and_counted_from_the_one_given() -> None:
    offset = dates.read_deadline("+90d")
    assert offset == dates.DeadlineOffset("+90d", 90, "d")
    assert dates.resolve_deadline(offset, today=date(2026, 1, 31)) == dates.PartialDate(date(2026, 5, 1), "day")
    assert dates.resolve_deadline(offset, today=date(2026, 2, 1)) == dates.PartialDate(date(2026, 5, 2), "day")
    assert dates.resolve_deadline(dates.read_deadline("+1m"), today=date(2026, 1, 31)) == dates.PartialDate(date(2026, 2, 28), "day")
    assert dates.read_deadline("2030-02") == dates.PartialDate(date(2030, 2, 1), "month")
    with pytest.raises(ValueError, match=r'^"\+99999y" reaches past the year 9999; use a nearer deadline\.$'):
        dates.resolve_deadline(dates.read_deadline("+99999y"), today=date(2026, 1, 1))
    with pytest.raises(ValueError, match="is not a deadline"):
        dates.read_deadline("soon")


def test_a_stored_deadline_is_shown_as_the_period_it_ends() -> None:
    assert str(dates.stored_deadline(date(2024, 12, 31), "year")) == "2024"
    assert str(dates.stored_deadline(date(2024, 2, 29), "month")) == "2024-02"
    assert dates.stored_deadline(date(2024, 2, 29), "month").last_day == date(2024, 2, 29)
    assert str(dates.stored_deadline(date(2024, 6, 19), "day")) == "2024-06-19"


def test_a_prediction_is_made_no_later_than_today_and_due_and_resolved_no_earlier_than_it_was_made() -> None:
    today, made = date(2026, 3, 10), dates.PartialDate(date(2025, 6, 1), "month")
    assert predictions.made_problem(dates.PartialDate(date(2026, 3, 10), "day"), today=today) is None
    assert predictions.made_problem(dates.PartialDate(date(2026, 1, 1), "year"), today=today) is None  # a year: its first day
    assert predictions.made_problem(dates.PartialDate(date(2026, 3, 11), "day"), today=today) == (
        "2026-03-11 is in the future; a prediction is recorded on or after the day it was made."
    )
    assert predictions.made_problem(dates.PartialDate(date(2027, 1, 1), "year"), today=today) == (
        "2027 is in the future; a prediction is recorded on or after the day it was made."
    )
    assert predictions.deadline_problem(dates.PartialDate(date(2025, 1, 1), "year"), made=made) is None  # 2025 ends after June
    assert predictions.deadline_problem(dates.PartialDate(date(2025, 5, 1), "month"), made=made) == (
        "2025-05 is before the prediction was made (2025-06); give a deadline on or after 2025-06."
    )
    assert predictions.resolved_on_problem(date(2025, 6, 1), made=made) is None
    assert predictions.resolved_on_problem(date(2025, 5, 31), made=made) == "2025-05-31 is before the prediction was made (2025-06)."


def test_an_arms_transfer_is_one_frozen_record_whose_fields_every_way_in_names() -> None:
    from dataclasses import FrozenInstanceError, fields

    transfer = arms.ArmsTransfer("North Korea", "Russia", "ammunition")
    assert tuple(f.name for f in fields(arms.ArmsTransfer)) == arms.ARMS_FIELDS == (
        "supplier", "recipient", "category", "item", "quantity", "period_start", "period_end",
    )  # fmt: skip
    assert (transfer.item, transfer.quantity, transfer.period_start, transfer.period_end) == (None, None, None, None)
    with pytest.raises(FrozenInstanceError):
        transfer.quantity = 3  # type: ignore[misc]
    assert arms.parties_problem(1, 1) == "the recipient is the supplier; name two different actors."
    assert arms.parties_problem(1, 2) is None
    assert arms.period_problem(date(2024, 6, 1), date(2024, 5, 1)) == "2024-05-01 is before period_start 2024-06-01; give the period in order."
    assert [arms.period_problem(*period) for period in ((date(2024, 6, 1), date(2024, 6, 1)), (None, date(2024, 5, 1)))] == [None, None]


def test_the_domain_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    code = "import sys, claimtrack.domain; print(sorted(m for m in ('sqlalchemy', 'psycopg', 'click', 'yaml', 'rich', 'decimal') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"
