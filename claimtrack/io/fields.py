"""Reading one record of a file (a seed, an export line, a CSV row) field by field.

Every problem becomes an InvalidRecord whose message names where the record is (file and line,
or file and record) and which field is wrong, then says what would be right.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date, datetime, timezone
from typing import IO, Any, NoReturn

from claimtrack import domain
from claimtrack.errors import InvalidValue


class InvalidRecord(InvalidValue):
    """A record of an input file breaks a rule; the message says where, which field and the fix."""


def parse_timestamp(text: str) -> datetime:
    """ISO 8601; a time without a zone is taken as UTC. Raises ValueError, also for a time whose
    UTC falls outside the years 1-9999 (PostgreSQL would store it, but no export could write it)."""
    parsed = datetime.fromisoformat(text.strip())
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    try:
        parsed.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError(f"{text} falls outside the years 1-9999 in UTC") from None
    return parsed


def shorten(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


class Fields:
    """The fields of one record, read with their rules; `where` names the record in messages."""

    def __init__(self, data: Any, where: str, allowed: Collection[str] | None = None, *, prefix: str = "") -> None:
        if not isinstance(data, Mapping):
            raise InvalidRecord(f"{where}: {prefix.rstrip('.') or 'record'}: expected a mapping of fields, found {type(data).__name__}.")
        self.data = data
        self.where = where
        self.prefix = prefix
        if allowed is not None:
            unknown = [key for key in data if key not in allowed]
            if unknown:
                self.fail(str(unknown[0]), f"unknown field; the fields are: {', '.join(allowed)}.")

    def fail(self, name: str, problem: str) -> NoReturn:
        raise InvalidRecord(f"{self.where}: {self.prefix}{name}: {problem}")

    def nested(self, value: Any, name: str, allowed: Collection[str] | None = None) -> Fields:
        return Fields(value, self.where, allowed, prefix=f"{self.prefix}{name}.")

    def raw(self, name: str) -> Any:
        value = self.data.get(name)
        return None if isinstance(value, str) and not value.strip() else value

    # --- scalars ----------------------------------------------------------------------------

    def check(self, name: str, value: str, limit: str) -> str:
        """`value` if it fits the limit of the field `limit` (domain.TEXT_LIMITS); else fail at `name`."""
        try:
            return domain.checked_text(limit, value)
        except ValueError as error:
            self.fail(name, str(error))

    def text(self, name: str, *, limit: str, required: bool = False, strip: bool = True) -> str | None:
        """Text within the limit of the field `limit` (a key of domain.TEXT_LIMITS); blank is none."""
        value = self.raw(name)
        if value is None:
            if required:
                self.fail(name, "is missing; it is required.")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(name, f"expected text, found {type(value).__name__}.")
        text = str(value).strip() if strip else str(value)
        return self.check(name, text, limit)

    def required_text(self, name: str, *, limit: str, strip: bool = True) -> str:
        value = self.text(name, required=True, limit=limit, strip=strip)
        assert value is not None
        return value

    def choice(self, name: str, values: Iterable[Any], *, default: Any = None, required: bool = False) -> Any:
        options = tuple(values)
        value = self.raw(name)
        if value is None:
            if required:
                self.fail(name, f"is missing; use one of: {', '.join(map(str, options))}.")
            return default
        if isinstance(value, str):
            value = value.strip()
            if value not in options and value.isascii() and value.isdigit() and len(value) < 20 and int(value) in options:
                value = int(value)
        if value not in options:
            self.fail(name, f"{_show(value)} is not one of: {', '.join(map(str, options))}.")
        return value

    def integer(self, name: str, *, minimum: int = 1, maximum: int = domain.ID_MAX, required: bool = False) -> int | None:
        value = self.raw(name)
        if value is None:
            if required:
                self.fail(name, "is missing; it is required.")
            return None
        digits = value.strip().lstrip("-") if isinstance(value, str) else ""
        if digits.isascii() and digits.isdigit():
            if len(digits.lstrip("0")) > len(str(maximum)):  # and int() of 5,000 digits is refused by Python itself
                self.fail(name, f"{_show(value)} is outside {minimum}–{maximum}.")
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, f"{_show(value)} is not a whole number.")
        if not minimum <= value <= maximum:
            self.fail(name, f"{value} is outside {minimum}–{maximum}.")
        return value

    def identifier(self, name: str) -> int:
        value = self.integer(name, required=True)
        assert value is not None
        return value

    def probability(self, name: str) -> float | None:
        value = self.raw(name)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = float(value.strip().rstrip("%")) / (100 if value.strip().endswith("%") else 1)
            except ValueError:
                self.fail(name, f'"{value}" is not a number; use a probability from 0 to 1, e.g. 0.7.')
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:  # nan too
            self.fail(name, f"{_show(value)} is not a probability; use a number from 0 to 1, e.g. 0.7.")
        return float(value)

    def partial_date(self, name: str, *, required: bool = False) -> domain.PartialDate | None:
        """YYYY, YYYY-MM or YYYY-MM-DD; YAML's own integers (2012) and dates (2024-06-19) too."""
        value = self.raw(name)
        if value is None:
            if required:
                self.fail(name, f"is missing; use {domain.DATE_FORMS}.")
            return None
        if isinstance(value, datetime):
            self.fail(name, f"{_show(value.isoformat())} is a timestamp; use {domain.DATE_FORMS}.")
        if isinstance(value, date):
            return domain.PartialDate(value, "day")
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(name, f"{_show(value)} is not a date; use {domain.DATE_FORMS}.")
        try:
            return domain.parse_partial_date(value)
        except ValueError as error:
            self.fail(name, str(error))

    def day(self, name: str, *, required: bool = False) -> date | None:
        """A date to the day (YYYY-MM-DD)."""
        found = self.partial_date(name, required=required)
        if found is not None and found.precision != "day":
            self.fail(name, f'"{found}" is not a full date; use YYYY-MM-DD.')
        return None if found is None else found.value

    def timestamp(self, name: str, *, required: bool = False) -> datetime | None:
        value = self.raw(name)
        if value is None:
            if required:
                self.fail(name, "is missing; use an ISO 8601 time such as 2024-06-19T08:30:00Z.")
            return None
        if isinstance(value, datetime):
            return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
        if not isinstance(value, str):
            self.fail(name, f"{_show(value)} is not a time; use ISO 8601 such as 2024-06-19T08:30:00Z.")
        try:
            return parse_timestamp(value)
        except ValueError:
            self.fail(name, f'"{value}" is not a time; use ISO 8601 such as 2024-06-19T08:30:00Z.')

    def tag_names(self, name: str) -> list[str]:
        """Tags, normalised and without repeats, in the order given."""
        names: list[str] = []
        for index, raw in enumerate(self.strings(name, limit=None)):
            try:
                tag = domain.normalise_tag(raw)
            except ValueError as error:
                self.fail(f"{name}[{index}]", str(error))
            if tag not in names:
                names.append(tag)
        return names

    def url(self, name: str) -> str | None:
        """A URL in its stored form (domain.checked_url), whose limit is checked once normalised."""
        value = self.raw(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, f"expected a URL, found {type(value).__name__}.")
        try:
            return domain.checked_url(value)
        except ValueError as error:
            self.fail(name, str(error))

    # --- collections ------------------------------------------------------------------------

    def items(self, name: str) -> list[Any]:
        value = self.raw(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(name, f"expected a list, found {type(value).__name__}.")
        return value

    def strings(self, name: str, *, limit: str | None) -> list[str]:
        """Names, trimmed, each within the limit of the field `limit` (None: checked by the caller)."""
        values = self.items(name)
        for index, value in enumerate(values):
            if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
                self.fail(f"{name}[{index}]", f"{_show(value)} is not a non-empty name.")
            if limit is not None:
                self.check(f"{name}[{index}]", str(value).strip(), limit)
        return [str(v).strip() for v in values]


# --- reading files ----------------------------------------------------------------------------

# The longest line an import reads: far more than any record holds (a claim with a hundred
# excerpts at their limit is 8 MB), far less than the memory a line with no end would take.
LINE_MAX = 64 << 20  # characters


def bounded_lines(stream: IO[str], name: str, *, limit: int | None = None) -> Iterator[str]:
    """The lines of a text file, each at most `limit` characters (LINE_MAX), for the CSV and
    NDJSON readers: a file without line breaks (a binary file, a pipe that never ends a line) is
    refused once a line passes the limit, instead of being read into memory until it runs out."""
    limit = LINE_MAX if limit is None else limit
    readline = stream.readline
    number = 0
    while line := readline(limit + 1):
        number += 1
        if len(line) > limit:
            raise InvalidRecord(
                f"{name} line {number}: longer than {limit:,} characters; this is not a claimtrack export or a CSV "
                "file, or it is damaged."
            )
        yield line
