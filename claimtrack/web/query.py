"""Query-string values read by the rules the CLI's options apply (claimtrack.domain), each refusal a
BadQuery naming the parameter, the value and what is allowed."""

from __future__ import annotations

from collections.abc import Sequence

from flask import request

from claimtrack import domain
from claimtrack.web.request import BadQuery


def _given(name: str) -> str | None:
    value = request.args.get(name)
    return value if value is not None and value.strip() else None


def _refuse(name: str, value: str, why: str) -> BadQuery:
    return BadQuery(f"?{name}={value}: {why}")


def date_arg(name: str) -> domain.PartialDate | None:
    """YYYY, YYYY-MM or YYYY-MM-DD (domain.parse_partial_date), as --since and --as-of take."""
    value = _given(name)
    if value is None:
        return None
    try:
        return domain.parse_partial_date(value)
    except ValueError as error:
        raise _refuse(name, value, str(error)) from None


def choice_arg(name: str, allowed: Sequence[str]) -> str | None:
    value = _given(name)
    if value is None:
        return None
    found = next((choice for choice in allowed if choice.lower() == value.strip().lower()), None)
    if found is None:
        raise _refuse(name, value, f'"{value}" is not one of: {", ".join(allowed)}.')
    return found


def int_arg(name: str, *, minimum: int, maximum: int) -> int | None:
    value = _given(name)
    if value is None:
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 19) or not minimum <= int(text) <= maximum:
        raise _refuse(name, value, f'"{value}" is not a whole number from {minimum} to {maximum:,}.')
    return int(text)


def text_arg(name: str, field: str) -> str | None:
    """Free text within its field's limit (domain.TEXT_LIMITS), as the CLI's TextParam."""
    value = _given(name)
    if value is None:
        return None
    try:
        return domain.checked_text(field, value.strip())
    except ValueError as error:
        raise _refuse(name, value, str(error)) from None


def tag_arg(name: str = "tag") -> str | None:
    value = _given(name)
    if value is None:
        return None
    try:
        return domain.normalise_tag(value)
    except ValueError as error:
        raise _refuse(name, value, str(error)) from None


def source_arg(name: str = "source") -> int | str | None:
    """A source id or an http(s) URL, as --source takes (never created here)."""
    value = _given(name)
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit() and len(text) <= 19 and 0 < int(text) <= domain.ID_MAX:
        return int(text)
    if text.lower().startswith(("http://", "https://")):
        try:
            return domain.checked_url(text)
        except ValueError as error:
            raise _refuse(name, value, str(error)) from None
    raise _refuse(name, value, f'"{value}" is neither a source id nor an http(s) URL.')


ID_ARG_MAX = domain.ID_MAX


def after_arg() -> int | None:
    """?after=ID: the page that continues after record ID."""
    return int_arg("after", minimum=1, maximum=ID_ARG_MAX)
