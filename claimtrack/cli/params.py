"""Click parameter types for claimtrack's values: dates with precision, deadlines, source refs."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from claimtrack import domain


class DateParam(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD, kept with its precision."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> domain.PartialDate:
        if isinstance(value, domain.PartialDate):
            return value
        try:
            return domain.parse_partial_date(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


class DeadlineParam(click.ParamType):
    """A date with precision, or +90d / +6m / +1y from today."""

    name = "DATE|+Nd|+Nm|+Ny"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> domain.PartialDate:
        if isinstance(value, domain.PartialDate):
            return value
        try:
            return domain.parse_deadline(str(value), today=date.today())
        except ValueError as error:
            self.fail(str(error), param, ctx)


class SourceRef(click.ParamType):
    """A source id (an integer) or an http(s) URL."""

    name = "ID|URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | str:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if text.isascii() and text.isdigit() and 0 < int(text) < 2**63:
            return int(text)
        if text.lower().startswith(("http://", "https://")):
            try:
                domain.normalise_url(text)  # "http://[x" and friends are usage errors, not lookups
            except ValueError as error:
                self.fail(str(error), param, ctx)
            return text
        self.fail(f'"{value}" is neither a source id nor an http(s) URL; see: claimtrack source list', param, ctx)


class PositiveId(click.ParamType):
    name = "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            self.fail(f'"{value}" is not an id; ids are whole numbers, as the list commands show.', param, ctx)
        if number < 1 or number > 2**63 - 1:
            self.fail(f'"{value}" is not an id; ids are whole numbers from 1.', param, ctx)
        return number


class TextParam(click.ParamType):
    """Free text: surrounding space trimmed, not blank, no NUL, at most `max_length` characters
    (the schema's CHECK on the column it goes to)."""

    name = "TEXT"

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        if not text:
            self.fail("is empty; give some text.", param, ctx)
        if "\x00" in text:
            self.fail("contains a NUL character, which PostgreSQL text cannot hold.", param, ctx)
        if len(text) > self.max_length:
            self.fail(f"is {len(text):,} characters long; the most is {self.max_length:,}.", param, ctx)
        return text


class TagParam(click.ParamType):
    """A tag, normalised: "North Korea" becomes "north-korea"."""

    name = "TAG"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return domain.normalise_tag(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


DATE = DateParam()
DEADLINE = DeadlineParam()
SOURCE = SourceRef()
ID = PositiveId()
TAG = TagParam()
