"""How a value looks on a page: numbers, dates, lists, and a link wherever a record is named.

Every value is escaped (markupsafe.escape) before any markup is put around it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from claimtrack.domain import PartialDate

# A report column holding a record's id, and the page that shows that record.
ID_COLUMNS = {
    "prediction_id": "prediction",
    "claim_id": "claim",
    "source_id": "source",
    "evidence_source_id": "source",
    "predictor_source_id": "source",
    "predictor_actor_id": "actor",
    "actor_a_id": "actor",
    "actor_b_id": "actor",
    "supplier_id": "actor",
    "recipient_id": "actor",
}
# A column naming a record, and the column beside it that holds the record's id.
NAMED_BY = {
    "actor_a": "actor_a_id",
    "actor_b": "actor_b_id",
    "supplier": "supplier_id",
    "recipient": "recipient_id",
    "source": "source_id",
    "statement": "prediction_id",
    "evidence": "evidence_source_id",
}
_ID_ARGUMENT = {"prediction": "prediction_id", "claim": "claim_id", "source": "source_id", "actor": "reference"}
ACTOR_LISTS = ("actors",)  # arrays of actor names


def plain(value: Any) -> str:
    """A value as text on a page (unescaped: Jinja or link() escapes it)."""
    if type(value) is str:  # most cells, first: a report page may hold tens of thousands
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (float, Decimal)):
        number = float(value)
        return f"{number:.3f}".rstrip("0").rstrip(".") if number != int(number) else f"{number:.1f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (date, PartialDate)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(plain(v) for v in value)
    return str(value)


def link(kind: str, record: Any, text: Any, *, as_of: str | None = None) -> Markup:
    """<a> to the page of a claim, prediction, source or actor (an actor by id or name)."""
    arguments: dict[str, Any] = {_ID_ARGUMENT[kind]: record}
    if as_of and kind in ("claim", "prediction"):
        arguments["as_of"] = as_of
    # escape() rather than Markup.format: the same text, without a string.Formatter per cell (a
    # report page may hold tens of thousands of cells)
    return Markup(f'<a href="{escape(url_for(f"pages.{kind}", **arguments))}">{escape(plain(text))}</a>')


def report_cell(column: str, row: dict[str, Any]) -> Markup:
    """A report's cell, linked to the record it names: ids, names with an id beside them, actors."""
    value = row[column]
    if value is None:
        return Markup("")
    if column in ID_COLUMNS:
        return link(ID_COLUMNS[column], value, value)
    if column in NAMED_BY and row.get(NAMED_BY[column]) is not None:
        kind = ID_COLUMNS[NAMED_BY[column]]
        return link(kind, row[NAMED_BY[column]], value)
    if column == "predictor" and row.get("predictor_actor_id") is not None:
        return link("actor", row["predictor_actor_id"], value)
    if column == "predictor" and row.get("predictor_source_id") is not None:
        return link("source", row["predictor_source_id"], value)
    if column in ("record_id", "statement", "record") and row.get("kind") in ("claim", "prediction") and row.get("record_id"):
        return link(str(row["kind"]), row["record_id"], value)
    if column in ACTOR_LISTS and isinstance(value, (list, tuple)):
        return actor_links(value)
    return escape(plain(value))


# The columns report_cell may link; any other cell is its value, escaped.
_LINKED = frozenset(ID_COLUMNS) | frozenset(NAMED_BY) | {"predictor", "record_id", "statement", "record"} | frozenset(ACTOR_LISTS)


def report_row(columns: Sequence[str], row: dict[str, Any]) -> Markup:
    """A report's row as its <td> cells (report_cell each: the same markup), in one call from the
    template; a cell no link can be made of is escaped at once."""
    cells = []
    for column in columns:
        value = row[column]
        if value is None:
            cells.append("<td></td>")
        elif column in _LINKED:
            cells.append(f"<td>{report_cell(column, row)}</td>")
        else:
            cells.append(f"<td>{escape(plain(value))}</td>")
    return Markup("".join(cells))


def actor_links(names: Sequence[Any]) -> Markup:
    return Markup(", ").join(link("actor", name, name) for name in names)
