"""Click parameter types for claimtrack's values: dates with precision, deadlines, actors with
their roles, source refs, text within its field's limit, and numbers within what their columns
hold. Each applies a rule of claimtrack.domain, which every other way in applies too."""

from __future__ import annotations

import math
from datetime import date
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from claimtrack import domain

if TYPE_CHECKING:
    from claimtrack.domain.arms import ArmsTransfer

F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType[domain.PartialDate]):
    """YYYY, YYYY-MM or YYYY-MM-DD, kept with its precision."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> domain.PartialDate:
        if isinstance(value, domain.PartialDate):
            return value
        try:
            return domain.parse_partial_date(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


class DeadlineParam(click.ParamType[domain.Deadline]):
    """A date with precision, or +90d / +6m / +1y from today. Today is the database's, which is
    not known while options are read (before any connection): an offset comes back as a
    domain.DeadlineOffset, for the command to count with deadline_on inside its transaction."""

    name = "DATE|+Nd|+Nm|+Ny"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> domain.Deadline:
        if isinstance(value, (domain.PartialDate, domain.DeadlineOffset)):
            return value
        try:
            return domain.read_deadline(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


def deadline_on(deadline: domain.Deadline, today: date, *, option: str = "--resolve-by") -> domain.PartialDate:
    """The deadline given to `option` as a date, an offset counted from `today` (the database's:
    services.clock.database_today). One that reaches past the calendar is a usage error of the
    option, as a malformed one is."""
    try:
        return domain.resolve_deadline(deadline, today=today)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=f"'{option}'") from None


class ActorWithRole(click.ParamType[tuple[str, Any]]):
    """NAME or NAME:ROLE (domain.parse_actor_role), the role one of subject (the default),
    target, mentioned; the name within a name's limit. With `any_role`, a NAME without a role
    gives the role None: the actor in whatever role it has (claim edit --remove-actor)."""

    name = "NAME[:ROLE]"

    def __init__(self, *, any_role: bool = False) -> None:
        self.any_role = any_role

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, Any]:
        if isinstance(value, tuple):
            return value
        try:
            name, role = domain.parse_actor_role(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)
        return ACTOR.convert(name, param, ctx), (None if self.any_role and name == str(value) else role)


class SourceRef(click.ParamType[int | str]):
    """A source id (an integer) or an http(s) URL."""

    name = "ID|URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | str:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if text.isascii() and text.isdigit() and len(text) <= 19 and 0 < int(text) <= domain.ID_MAX:
            return int(text)
        if text.lower().startswith(("http://", "https://")):
            try:
                domain.checked_url(text)  # "http://[x" and friends are usage errors, not lookups
            except ValueError as error:
                self.fail(str(error), param, ctx)
            return text
        self.fail(f'"{value}" is neither a source id nor an http(s) URL; see: claimtrack source list', param, ctx)


class PositiveId(click.ParamType[int]):
    name = "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            self.fail(f'"{value}" is not an id; ids are whole numbers, as the list commands show.', param, ctx)
        if number < 1 or number > domain.ID_MAX:
            self.fail(f'"{value}" is not an id; ids are whole numbers from 1.', param, ctx)
        return number


class TextParam(click.ParamType[str]):
    """Free text for one field: surrounding space trimmed, not blank, within the field's limit
    (domain.TEXT_LIMITS, the same for every way in) and storable (no NUL, valid Unicode)."""

    name = "TEXT"

    def __init__(self, field: str) -> None:
        self.field = field
        domain.TEXT_LIMITS[field]  # a field without a limit is a mistake here, not at the first use

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        if not text:
            self.fail("is empty; give some text.", param, ctx)
        try:
            return domain.checked_text(self.field, text)
        except ValueError as error:
            self.fail(str(error), param, ctx)


class Probability(click.FloatRange):
    """A number from 0 to 1; nan, which every comparison lets through, is refused too."""

    def __init__(self) -> None:
        super().__init__(0, 1)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(f'"{value}" is not a number; give a probability from 0 to 1, e.g. 0.7.', param, ctx)
        return number


class AtMost(click.IntRange):
    """A whole number from `minimum` up to `maximum`: what its column holds, or what the dates it
    is added to can reach. --help shows the minimum only, as for an open range."""

    def __init__(self, minimum: int, maximum: int, too_many: str) -> None:
        super().__init__(min=minimum)
        self.maximum = maximum
        self.too_many = too_many  # the end of "… is more than {maximum:,} {too_many}."

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if number > self.maximum:
            self.fail(f"{number} is more than {self.maximum:,} {self.too_many}.", param, ctx)
        return number


class TagParam(click.ParamType[str]):
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
ACTOR = TextParam("name")  # an actor by name, alias or ISO code
ACTOR_WITH_ROLE = ActorWithRole()
PROBABILITY = Probability()
QUANTITY = AtMost(1, domain.QUANTITY_MAX, "(the most an arms transfer's quantity holds)")
DUE_WITHIN = AtMost(0, domain.DUE_WITHIN_MAX, "days (a century: the farthest a list looks ahead)")


# --- the arms-transfer facet, as claim add and prediction add (and prediction edit) take it --------

ITEM = TextParam("item")


def arms_transfer_options(function: F) -> F:
    """--supplier, --recipient, --category, --item, --quantity: an arms transfer the record reports
    or expects (domain.arms.ArmsTransfer); see arms_transfer_given."""
    for option in reversed((
        click.option("--supplier", metavar="ACTOR", type=ACTOR, help="Arms transfer: the supplying actor."),
        click.option("--recipient", metavar="ACTOR", type=ACTOR, help="Arms transfer: the receiving actor."),
        click.option("--category", type=click.Choice(domain.ARMS_CATEGORIES, case_sensitive=False), help="Arms transfer: what kind of arms."),
        click.option("--item", type=ITEM, help='Arms transfer: item or designation, e.g. "KN-23".'),
        click.option("--quantity", type=QUANTITY, help="Arms transfer: how many."),
    )):
        function = option(function)
    return function


def arms_transfer_given(
    supplier: str | None, recipient: str | None, category: str | None, item: str | None, quantity: int | None
) -> ArmsTransfer | None:
    """The transfer the options describe, if any of them is given: --supplier, --recipient and
    --category together, --item and --quantity only with them (else InvalidValue)."""
    from claimtrack.domain.arms import ArmsTransfer
    from claimtrack.errors import InvalidValue

    given = {"--supplier": supplier, "--recipient": recipient, "--category": category}
    if all(value is None for value in (*given.values(), item, quantity)):
        return None
    missing = [option for option, value in given.items() if not value]
    if missing:
        raise InvalidValue(f"an arms transfer needs --supplier, --recipient and --category together; add {', '.join(missing)}.")
    assert supplier and recipient and category
    return ArmsTransfer(supplier, recipient, category, item, quantity)
