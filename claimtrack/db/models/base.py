"""What every model shares: the declarative base, with its naming convention (every constraint's
name predictable), and the CHECK constraints that several tables repeat."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, MetaData
from sqlalchemy.orm import DeclarativeBase

from claimtrack import domain

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def one_of(column: str, values: tuple[object, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def precise_date(column: str) -> list[CheckConstraint]:
    """A date with precision: both set or both null, and the date is the first day of its period."""
    return [
        CheckConstraint(f"({column}_on IS NULL) = ({column}_precision IS NULL)", name=f"{column}_has_precision"),
        CheckConstraint(one_of(f"{column}_precision", domain.DATE_PRECISIONS), name=f"{column}_precision"),
        CheckConstraint(
            f"{column}_precision NOT IN ('year', 'month', 'day')"
            f" OR date_trunc({column}_precision, {column}_on::timestamp)::date = {column}_on",
            name=f"{column}_on_starts_period",
        ),
    ]


def at_most(column: str, characters: int) -> CheckConstraint:
    return CheckConstraint(f"length({column}) <= {characters}", name=f"{column}_length")


def not_blank(column: str, max_length: int) -> CheckConstraint:
    return CheckConstraint(
        f"length(btrim({column})) > 0 AND length({column}) <= {max_length}", name=f"{column}_length"
    )



_LIKELIHOOD_BOUND = "CASE likelihood {} END"
_likelihood_low = " ".join(f"WHEN '{t}' THEN {lo}" for t, (lo, _) in domain.LIKELIHOOD_TERMS.items())
_likelihood_high = " ".join(f"WHEN '{t}' THEN {hi}" for t, (_, hi) in domain.LIKELIHOOD_TERMS.items())


def probability_fits_likelihood() -> CheckConstraint:
    """A probability within the range of its likelihood term (domain.LIKELIHOOD_TERMS)."""
    return CheckConstraint(
        "likelihood IS NULL OR probability IS NULL OR probability BETWEEN "
        f"{_LIKELIHOOD_BOUND.format(_likelihood_low)} AND {_LIKELIHOOD_BOUND.format(_likelihood_high)}",
        name="probability_fits_likelihood",
    )
