"""One renderer for every list and show: table, expanded, json, csv, tsv, markdown.

stdout carries data only; messages go to stderr. JSON is stable: ids are integers, dates with
precision are written as entered ("2012", "2012-09"), timestamps in ISO 8601, enums as words.
A table fits the terminal (see _terminal); expanded shows a block per record; tsv is for shell
pipelines. Output is written for a reader that cannot be trusted with raw text: a CSV cell never
starts a spreadsheet formula (neutralise_formula), a table, tsv or markdown cell never holds a
terminal control character (escape_controls). JSON keeps every value exact, and so does
`claimtrack export`.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, BinaryIO, TypeVar

import click

from claimtrack.domain import PartialDate

FORMATS = ("table", "expanded", "json", "csv", "tsv", "markdown")
F = TypeVar("F", bound=Callable[..., Any])


def format_option(function: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help=(
            "Output format. table fits the terminal (a block per record when a row cannot fit); expanded "
            "is always a block per record; tsv is for shell pipelines; json, csv and markdown are for "
            "scripts and documents."
        ),
    )(function)


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


class _Stdout:
    """stdout for the rendered data, written so that a reader that goes away is always noticed.

    CPython's buffered stdout, asked to write more than its buffer in one call, returns a short count
    without raising when the pipe's reader closes mid-write (`| head -c100`), and its text layer drops
    that count: the tail was lost and the command ended with status 0. Here each write is repeated
    until every byte is taken, so a closed pipe raises BrokenPipeError, which the root group turns
    into status 141 (cli/__init__.py)."""

    def __init__(self) -> None:
        self.stream = sys.stdout
        self.stream.flush()  # what the command wrote before comes first
        self.binary: BinaryIO | None = getattr(self.stream, "buffer", None)

    def write(self, text: str) -> int:
        if self.binary is None:  # a stream without bytes underneath (io.StringIO)
            return self.stream.write(text)
        data = memoryview(text.encode(self.stream.encoding or "utf-8", self.stream.errors or "strict"))
        while data:
            data = data[self.binary.write(data) :]
        return len(text)

    def flush(self) -> None:
        self.stream.flush()
        if self.binary is not None:
            self.binary.flush()


def render_added(new_id: int, record: Record | None, fmt: str) -> None:
    """What an `add` prints: the new id alone (table, the default), else the record in `fmt`.
    Build `record` only when fmt != "table", inside the command's transaction."""
    if fmt == "table" or record is None:
        click.echo(new_id)
    else:
        render(record, fmt)


def say_edited(record: str, changed: Sequence[str]) -> None:
    """What an edit says on stderr: the fields it changed, or that there was nothing to change."""
    said = f"changed {', '.join(changed)}" if changed else "nothing to change; it already says that"
    click.echo(f"{record}: {said}.", err=True)


def render(result: Rows | Record, fmt: str) -> None:
    out = _Stdout()
    if fmt == "json":
        data = result.as_dict() if isinstance(result, Record) else result.as_dicts()
        out.write(_JSON_CONTROL.sub(_json_escape, json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
    elif fmt == "csv":
        rows = _record_as_rows(result) if isinstance(result, Record) else result
        writer = csv.writer(_LinesEndingInNewline(out), lineterminator="\r\n")
        writer.writerow([neutralise_formula(column) for column in rows.columns])
        for row in rows.rows:
            writer.writerow([neutralise_formula(_csv_value(v)) for v in row])
    elif fmt == "tsv":
        _tsv(result, out)
    elif fmt == "markdown":
        _markdown(result, out)
    else:
        from claimtrack.cli.tables import terminal

        terminal(result, out, expanded=fmt == "expanded")
    out.flush()


class _LinesEndingInNewline:
    """csv.writer's target: rows end in a line feed. The writer is told CR LF because it quotes a
    cell only for the characters of its line terminator, and a carriage return left bare in a cell
    starts a new row in a spreadsheet."""

    def __init__(self, out: _Stdout) -> None:
        self.out = out

    def write(self, row: str) -> int:
        return self.out.write(row[:-2] + "\n")  # every row csv.writer writes ends in "\r\n"


def _csv_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ";".join(map(str, plain(value)))
    return plain(value)


def _record_as_rows(record: Record) -> Rows:
    """CSV of a single record: one header line and one row of its fields (sections are left out)."""
    return Rows(list(record.fields), [list(record.fields.values())])


def _markdown(result: Rows | Record, out: _Stdout) -> None:
    def cell(v: Any) -> str:
        return text(v).replace("|", "\\|").replace("\n", " ")

    def table(rows: Rows) -> None:
        out.write("| " + " | ".join(cell(c) for c in rows.columns) + " |\n")
        out.write("|" + "---|" * len(rows.columns) + "\n")
        for row in rows.rows:
            out.write("| " + " | ".join(cell(v) for v in row) + " |\n")

    if result.title:
        out.write(f"## {cell(result.title)}\n\n")
    if isinstance(result, Record):
        table(Rows(["field", "value"], list(result.fields.items())))
        for name, rows in result.sections.items():
            out.write(f"\n### {cell(name)}\n\n")
            table(rows)
    else:
        table(result)


# --- tsv ---------------------------------------------------------------------------------------------
def tsv_cell(value: Any) -> str:
    """A TSV cell: the value as CSV writes it, with backslash, tab, line break and carriage return
    written \\\\, \\t, \\n, \\r (as PostgreSQL's COPY does) and every other control character escaped
    as in a table, so that each row is one line and no cell can drive the terminal."""
    value = _csv_value(value)
    if value is None:
        return ""
    return escape_controls(str(value).replace("\\", "\\\\")).replace("\n", "\\n")


def _tsv(result: Rows | Record, out: _Stdout) -> None:
    rows = _record_as_rows(result) if isinstance(result, Record) else result
    out.write("\t".join(map(tsv_cell, rows.columns)) + "\n")
    for row in rows.rows:
        out.write("\t".join(map(tsv_cell, row)) + "\n")
