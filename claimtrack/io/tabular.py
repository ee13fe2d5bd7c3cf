"""Rows of values as every way out writes them: the CLI's formats (cli.output), the web dashboard's
downloads, and anything else that shows a report. One place says what a value becomes in JSON and
CSV (plain), in a cell a terminal shows (text, escape_controls), and how a CSV cell is kept from
running as a spreadsheet formula (neutralise_formula), so that the CLI and the dashboard write the
same bytes for the same rows."""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from claimtrack.domain import PartialDate


@dataclass
class Rows:
    """A result: named columns and rows of plain values."""

    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    title: str | None = None

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, (plain(v) for v in row))) for row in self.rows]

    @classmethod
    def of(cls, shape: type[Any], items: Sequence[Any], title: str | None = None) -> Rows:
        """Rows from the dataclass instances a service returns: one column per field of `shape`."""
        from dataclasses import fields

        names = [f.name for f in fields(shape)]
        return cls(names, [[getattr(item, name) for name in names] for item in items], title)


@dataclass
class Record:
    """One thing shown in full: its fields, then named sections (actors, sources, history…)."""

    fields: dict[str, Any]
    sections: dict[str, Rows] = field(default_factory=dict)
    title: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data = {key: plain(value) for key, value in self.fields.items()}
        for name, rows in self.sections.items():
            data[name] = rows.as_dicts()
        return data

    @classmethod
    def of(cls, detail: Any, title: str | None = None, *, sections: dict[str, type[Any]] | None = None) -> Record:
        """A Record from the dataclass a service returns; `sections` names its list fields (and the
        dataclass of their items), which become sections; every other field is a field."""
        from dataclasses import fields

        sections = sections or {}
        values = {f.name: getattr(detail, f.name) for f in fields(detail) if f.name not in sections}
        return cls(values, {name: Rows.of(shape, getattr(detail, name)) for name, shape in sections.items()}, title)


def plain(value: Any) -> Any:
    """A value as JSON and CSV write it."""
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def text(value: Any) -> str:
    """A value as a markdown cell shows it, control characters escaped (the terminal: `shown`)."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return f"{value:.1f}"
        return f"{value:.3f}".rstrip("0").rstrip(".") if math.isfinite(value) else str(value)
    if isinstance(value, list):
        return ", ".join(text(v) for v in value)
    return escape_controls(str(value))


# C0 controls but the line break, DEL, C1 controls (\x9b is a second way to start an escape
# sequence), the Unicode line and paragraph separators, and the bidirectional embeddings, overrides
# and isolates (which make a terminal show text in another order than it is stored).
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED_CONTROLS = {"\t": "\\t", "\r": "\\r"}


def escape_controls(text: str) -> str:
    """`text` with each control character shown as an escape (ESC as \\x1b, tab as \\t, U+202E as
    \\u202e), for the formats a terminal shows as they are (table, markdown).

    Stored text comes from anyone who can add a claim; printed raw, `\\x1b[2J` would clear the
    reader's screen, an OSC sequence could retitle the window or forge a link, a carriage return could
    overwrite what the line said. A line break stays a line break: a statement in paragraphs reads
    as written, and a line break cannot rewrite what is already on the screen. JSON writes them as
    \\u escapes (the same value; see _JSON_CONTROL) and CSV is for programs: both keep values exact."""
    return _CONTROL.sub(_escape_control, text)


# What json.dumps leaves raw of _CONTROL (it escapes C0 itself): written as \u escapes, the same
# JSON value, so that a JSON document on a terminal cannot start a sequence either.
_JSON_CONTROL = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _json_escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def _escape_control(found: re.Match[str]) -> str:
    character = found.group()
    if character in _NAMED_CONTROLS:
        return _NAMED_CONTROLS[character]
    code = ord(character)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


# OWASP's list for CSV injection: what a spreadsheet reads as the start of a formula (or, for tab
# and carriage return, skips before reading one).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(cell: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula: text that begins with =, +, -, @, tab or
    carriage return is prefixed with a single quote, as OWASP advises (`=cmd|' /C calc'!A0` would
    start a program when opened in Excel). Numbers stay numbers: -0.5 is written as -0.5. Only CSV
    output does this; `claimtrack export` keeps every value exact, to be imported again."""
    if cell is None:
        return ""
    if isinstance(cell, (int, float, Decimal)) and not isinstance(cell, bool):
        return cell
    cell = str(cell)
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell



def json_text(data: Any) -> str:
    """`data` as claimtrack writes JSON: indented, UTF-8 kept, and the controls json.dumps leaves
    raw written as \\u escapes (the same value), ending in a line break."""
    return _JSON_CONTROL.sub(_json_escape, json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def csv_value(value: Any) -> Any:
    """A value as a CSV cell holds it before neutralising: a list's items joined by ";"."""
    if isinstance(value, (list, tuple)):
        return ";".join(map(str, plain(value)))
    return plain(value)


def write_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]], write: Callable[[str], Any]) -> None:
    """The header and rows as CSV, each cell neutralised, every row ending in a line feed. The writer
    is told CR LF because it quotes a cell only for the characters of its line terminator, and a
    carriage return left bare in a cell starts a new row in a spreadsheet."""

    class LineFeedRows:
        def write(self, row: str) -> Any:
            return write(row[:-2] + "\n")  # every row csv.writer writes ends in "\r\n"

    writer = csv.writer(LineFeedRows(), lineterminator="\r\n")
    writer.writerow([neutralise_formula(column) for column in columns])
    writer.writerows([_csv_cell(v) for v in row] for row in rows)


def _csv_cell(value: Any) -> Any:
    """neutralise_formula(csv_value(value)), with text, whole numbers and floats (most cells) first."""
    kind = type(value)
    if kind is str:
        return "'" + value if value.startswith(_FORMULA_STARTS) else value
    if kind is int or kind is float:
        return value
    return neutralise_formula(csv_value(value))
