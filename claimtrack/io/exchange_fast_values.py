"""The plain type and set tests of the fast path (io.exchange_fast): each takes a value as the
export writes it and gives it back checked, or raises Unusual, and the field-by-field reader takes
the record. They apply the domain's rules, as that reader does."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from claimtrack import domain
from claimtrack.io.exchange_format import json_value_problem
from claimtrack.io.exchange_identity import checked_uid
from claimtrack.io.fields import parse_timestamp


class Unusual(Exception):
    """Not in the form claimtrack writes, or wrong: the field-by-field reader takes the record."""


def only_keys(data: Any, allowed: frozenset[str]) -> dict[str, Any]:
    if type(data) is not dict or not allowed.issuperset(data):
        raise Unusual
    return data


def fits(value: str, field: str) -> str:
    """The field's limit (domain.checked_text), as every way in applies it."""
    try:
        return domain.checked_text(field, value)
    except ValueError:
        raise Unusual from None


def required_text(value: Any, field: str) -> str:
    """Text kept as given (strip=False): not blank."""
    if type(value) is not str or not value.strip():
        raise Unusual
    return fits(value, field)


def stripped_text(value: Any, field: str) -> str:
    """Text stored stripped (strip=True): not blank."""
    if type(value) is not str:
        raise Unusual
    text = value.strip()
    if not text:
        raise Unusual
    return fits(text, field)


def optional_text(value: Any, field: str) -> str | None:
    """Text kept as given, or None (blank text is none)."""
    if value is None:
        return None
    if type(value) is not str:
        raise Unusual
    return fits(value, field) if value.strip() else None


def choice(value: Any, allowed: frozenset[Any], default: Any = None) -> Any:
    if value is None:
        return default
    if type(value) is not str or value not in allowed:
        raise Unusual
    return value


def timestamp(value: Any) -> datetime | None:
    if value is None:
        return None
    if type(value) is not str:
        raise Unusual
    try:
        return parse_timestamp(value)
    except ValueError:
        raise Unusual from None


def flag(value: Any) -> bool:
    if value is None:
        return False
    if type(value) is not bool:
        raise Unusual
    return value


def json_object(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if type(value) is not dict or json_value_problem(value):
        raise Unusual
    return value


def optional_uid(value: Any) -> str | None:
    if value is None:
        return None
    uid = checked_uid(value)
    if uid is None:
        raise Unusual
    return uid


def retired(r: dict[str, Any], record_id: int) -> dict[str, Any]:
    deleted_at, merged_into = timestamp(r.get("deleted_at")), r.get("merged_into")
    if merged_into is not None and (
        type(merged_into) is not int or not 0 < merged_into <= domain.ID_MAX or merged_into == record_id or deleted_at is None
    ):
        raise Unusual
    return {"deleted_at": deleted_at, "merged_into": merged_into}

