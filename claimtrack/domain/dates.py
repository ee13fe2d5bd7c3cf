"""Dates known to a year, a month or a day; deadlines, given as such a date or as an offset from
today (+90d, +6m, +1y); the end of a period.

"Today" is never read here: whoever resolves an offset passes it in. claimtrack's today is the
database's date (its current_date, the one its CHECKs, triggers and reports count from); see
services.clock.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Precision = Literal["year", "month", "day"]
DATE_PRECISIONS = ("year", "month", "day")
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
DEADLINE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD, or +90d, +6m, +1y from today"
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_OFFSET = re.compile(r"^\+(\d{1,5})([dmy])$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a year, a month or a day; stored as its first day plus the precision."""

    value: date
    precision: Precision = "day"

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()

    @property
    def last_day(self) -> date:
        """The last day the period covers: a deadline of "2024" means by 31 December 2024."""
        if self.precision == "year":
            return date(self.value.year, 12, 31)
        if self.precision == "month":
            days = calendar.monthrange(self.value.year, self.value.month)[1]
            return date(self.value.year, self.value.month, days)
        return self.value


@dataclass(frozen=True)
class DeadlineOffset:
    """A deadline as an offset from a today still to be known: +90d, +6m, +1y (`text`, as given)."""

    text: str
    amount: int
    unit: str  # "d", "m" or "y"

    def __str__(self) -> str:
        return self.text


Deadline = PartialDate | DeadlineOffset


def stored_partial_date(value: date | None, precision: str | None) -> PartialDate | None:
    """The PartialDate kept in a pair of columns (x_on, x_precision); None when they are empty."""
    if value is None or precision is None:
        return None
    return PartialDate(value, precision)  # type: ignore[arg-type]  # the schema's CHECK keeps it a Precision


def stored_deadline(last_day: date, precision: str) -> PartialDate:
    """A deadline as entered, from its columns: resolve_by holds the last day of the period
    (a deadline of "2024" is stored as 2024-12-31, and is 2024 again here)."""
    if precision == "year":
        return PartialDate(date(last_day.year, 1, 1), "year")
    if precision == "month":
        return PartialDate(date(last_day.year, last_day.month, 1), "month")
    return PartialDate(last_day, "day")


def parse_partial_date(text: str) -> PartialDate:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError naming the accepted forms."""
    match = _DATE.match(text.strip())
    if not match:
        raise ValueError(f'"{text}" is not a date; use {DATE_FORMS}.')
    year, month, day = match.groups()
    try:
        if day is not None:
            return PartialDate(date(int(year), int(month), int(day)), "day")
        if month is not None:
            return PartialDate(date(int(year), int(month), 1), "month")
        return PartialDate(date(int(year), 1, 1), "year")
    except ValueError:
        raise ValueError(f'"{text}" is not a real date; use {DATE_FORMS}.') from None


def days_after(day: date, days: int) -> date:
    """`days` days after `day`, or the last day a date can be (9999-12-31) if that comes first:
    the end of a period that reaches past the calendar is the calendar's end."""
    return day + timedelta(days=days) if days <= (date.max - day).days else date.max


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def read_deadline(text: str) -> Deadline:
    """A date with precision, or an offset (+90d, +6m, +1y) left for resolve_deadline to count
    from today; ValueError naming the accepted forms."""
    offset = _OFFSET.match(text.strip())
    if offset:
        return DeadlineOffset(text, int(offset.group(1)), offset.group(2))
    try:
        return parse_partial_date(text)
    except ValueError:
        raise ValueError(f'"{text}" is not a deadline; use {DEADLINE_FORMS}.') from None


def resolve_deadline(deadline: Deadline, *, today: date) -> PartialDate:
    """The deadline as a date: an offset counted from `today`, exact to the day; ValueError for
    one that reaches past the calendar."""
    if isinstance(deadline, PartialDate):
        return deadline
    try:
        if deadline.unit == "d":
            return PartialDate(today + timedelta(days=deadline.amount), "day")
        return PartialDate(add_months(today, deadline.amount * (12 if deadline.unit == "y" else 1)), "day")
    except (OverflowError, ValueError):
        raise ValueError(f'"{deadline.text}" reaches past the year 9999; use a nearer deadline.') from None


def parse_deadline(text: str, *, today: date) -> PartialDate:
    """A date with precision, or an offset from today (+90d, +6m, +1y), which is exact to the day."""
    return resolve_deadline(read_deadline(text), today=today)


def effective_date_problem(
    on: date, *, today: date, happens: str = "a change takes effect", not_before: tuple[tuple[date, str], ...] = ()
) -> str | None:
    """Why `on` cannot be the day a status change or resolution took effect, or None: not after
    today, and not before any day of `not_before` ((day, "prediction 3 was made (2024-06); give a
    later date"), ...), so that a record's timeline stays in order and --as-of reads it unambiguously."""
    if on > today:
        return f"--on {on} is in the future; {happens} on or before today ({today})."
    for day, what in not_before:
        if on < day:
            return f"--on {on} is before {what}."
    return None


def stored_date(value: date, precision: str) -> PartialDate:
    """A date column and its precision column that are never NULL (a prediction's made-on, a
    forecast's), as a PartialDate."""
    stored = stored_partial_date(value, precision)
    assert stored is not None
    return stored
