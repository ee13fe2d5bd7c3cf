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
        _terminal(result, out, expanded=fmt == "expanded")
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


# --- the terminal: table and expanded ------------------------------------------------------------
#
# A table is plain aligned text, laid out here rather than by rich: its width is worked out once
# from the cells (rich measured and folded every cell and took up to 1.7 s for a wide table), and
# the rules are few enough to state. Columns are two spaces apart under a rule of ─; a header is
# never split; numbers are right-aligned, floats shown at three decimals and rates (a column named
# *_rate or share) as percentages; the columns of ids, numbers, dates and flags get their whole
# width, and the text columns share what is left, each cut with … where it must be. A row that
# cannot fit even so (too many columns for the width) is shown as one block per record, as psql's
# expanded display does. Nothing is cut or wrapped when stdout is no terminal and COLUMNS is unset
# (a pipe, a file): one line per row, whatever its length.

GUTTER = "  "
ELLIPSIS = "…"
LINE_BREAK = "↵"  # a line break inside a table cell: a table row stays one line
_TEXT_MIN = 6  # a text column is not cut narrower than this (or its header, or its widest cell)


def terminal_width() -> int | None:
    """The width a table fits: $COLUMNS, else the terminal's; None when stdout is no terminal."""
    import os

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns or None
    except (AttributeError, OSError, ValueError):
        pass
    return None


def cell_width(text: str) -> int:
    """How many terminal cells `text` takes (a CJK character two, a combining accent none)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def is_rate(column: str) -> bool:
    """A column the terminal shows as a percentage: hit_rate, share."""
    return column == "share" or column.endswith(("_rate", "_share"))


def shown(value: Any, column: str = "") -> str:
    """A value as the terminal shows it: control characters escaped, floats at three decimals (a
    rate as a percentage), line breaks kept (a table turns them into ↵)."""
    kind = type(value)
    if kind is str:  # (the common cases first: a table of 1,000 rows shows some 15,000 values)
        return escape_controls(value)
    if kind is int:
        return str(value)
    if isinstance(value, Decimal) and value.is_finite() and int(value.as_tuple().exponent) >= 0:
        return str(int(value))  # a numeric without a scale (sum() of bigints) is a whole number
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1%}" if is_rate(column) else f"{value:.3f}"
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value)
    return escape_controls(str(value))


def cut(text: str, width: int) -> str:
    """`text` in at most `width` cells: itself if it fits, else cut at a word's end where one is
    near (or else within the word) and ended with …."""
    if cell_width(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    if text.isascii():
        head = text[: width - 1]
    else:
        from rich.cells import set_cell_size

        head = set_cell_size(text, width - 1).rstrip(" ")
        if not text.startswith(head):  # (rich keeps a prefix; this is only a guard)
            head = text[: width - 1]
    if len(head) < len(text) and not text[len(head)].isspace():
        space = head.rfind(" ")
        if space >= len(head) // 2:
            head = head[:space]
    return head.rstrip() + ELLIPSIS


def wrap(text: str, width: int | None) -> list[str]:
    """`text` as lines of at most `width` cells, broken at spaces and at its own line breaks; a
    word longer than a whole line is the one thing broken inside (no terminal could show it
    whole). `width` None: only its own line breaks."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if width is None or cell_width(paragraph) <= width:
            lines.append(paragraph)
            continue
        line, used = "", 0
        for word in paragraph.split(" "):
            size = cell_width(word)
            if line and used + 1 + size <= width:
                line, used = f"{line} {word}", used + 1 + size
                continue
            if line:
                lines.append(line)
            while size > width:
                piece = _chop(word, width)
                lines.append(piece)
                word = word[len(piece) :]
                size = cell_width(word)
            line, used = word, size
        lines.append(line)
    return lines


def _chop(word: str, width: int) -> str:
    """The longest prefix of `word` that fits in `width` cells (at least one character)."""
    if word.isascii():
        return word[:width]
    from rich.cells import set_cell_size

    head = set_cell_size(word, width).rstrip(" ")
    return head if head and word.startswith(head) else word[:1]


def _pad(text: str, width: int, right: bool) -> str:
    room = width - cell_width(text)
    return (" " * room + text) if right else (text + " " * room)


@dataclass
class _Column:
    header: str
    cells: list[str]  # as shown(), line breaks kept
    right: bool  # numbers
    fixed: bool  # ids, numbers, dates, flags: shown whole, first
    natural: int  # the widest of header and cells
    minimum: int


def _columns(rows: Rows, rows_list: list[Sequence[Any]]) -> list[_Column]:
    """Each column's cells as shown, and what the layout needs to know of it."""
    columns = []
    for index, name in enumerate(rows.columns):
        values = [row[index] for row in rows_list]
        present = [v for v in values if v is not None]
        numeric = bool(present) and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present)
        narrow = all(isinstance(v, (bool, date, PartialDate)) for v in present)
        header = shown(name)
        cells = [shown(v, name) for v in values]
        natural = max([cell_width(header), *(cell_width(_one_line(cell)) for cell in cells)])
        is_id = name == "id" or name.endswith("_id")
        columns.append(
            _Column(header, cells, numeric, numeric or narrow or is_id, natural, max(cell_width(header), min(natural, _TEXT_MIN)))
        )
    return columns


def _widths(columns: list[_Column], width: int | None, cut_text: bool) -> list[int] | None:
    """Each column's width in a table `width` cells wide, or None when a row cannot fit."""
    natural = [c.natural for c in columns]
    chrome = len(GUTTER) * (len(columns) - 1)
    if width is None or sum(natural) + chrome <= width:
        return natural
    if not cut_text:
        return None
    widths = [c.natural if c.fixed else c.minimum for c in columns]
    spare = width - chrome - sum(widths)
    if spare < 0:
        return None
    # The text columns share what is left: each gets what it needs up to an equal share of what
    # remains (rounded up), the narrowest first, so a short column is never cut to widen a long one.
    wanting = sorted((c.natural - widths[i], i) for i, c in enumerate(columns) if not c.fixed and c.natural > widths[i])
    for place, (want, i) in enumerate(wanting):
        share = -(-spare // (len(wanting) - place))
        given = min(want, share)
        widths[i] += given
        spare -= given
    return widths


def _one_line(cell: str) -> str:
    return cell.replace("\n", LINE_BREAK) if "\n" in cell else cell


def _table_lines(columns: list[_Column], count: int, width: int | None, *, cut_text: bool) -> list[str] | None:
    """The lines of a table of `count` rows within `width`, or None when a row cannot fit."""
    widths = _widths(columns, width, cut_text)
    if widths is None:
        return None
    lines = [
        GUTTER.join(_pad(c.header, w, c.right) for c, w in zip(columns, widths)).rstrip(),
        GUTTER.join("─" * w for w in widths),
    ]
    fits = [w >= c.natural for c, w in zip(columns, widths)]
    for index in range(count):
        line = GUTTER.join(
            _pad(_one_line(c.cells[index]) if fit else cut(_one_line(c.cells[index]), w), w, c.right)
            for c, w, fit in zip(columns, widths, fits)
        )
        lines.append(line.rstrip())
    return lines


def _block_lines(columns: list[_Column], count: int, width: int | None) -> list[str]:
    """`count` rows as one block per record, as psql's expanded display: a `-[ RECORD n ]-` line,
    then a `column | value` line per column, each value whole (wrapped at words to the width)."""
    label_width = max((cell_width(c.header) for c in columns), default=0)
    labels = [_pad(c.header, label_width, False) + " |" for c in columns]
    under = " " * label_width + " |"
    value_width = None if width is None else max(1, width - label_width - 3)
    bodies, widest = [], 0
    for index in range(count):
        body = []
        for label, column in zip(labels, columns):
            cell = column.cells[index]
            parts = [cell] if value_width is None and "\n" not in cell else wrap(cell, value_width)
            for at, part in enumerate(parts):
                part = part.rstrip()
                body.append(f"{label if at == 0 else under} {part}" if part else (label if at == 0 else under))
                widest = max(widest, label_width + 3 + cell_width(part) if part else label_width + 2)
        bodies.append(body)
    # (one rule width for all the records, as psql)
    lines: list[str] = []
    for number, body in enumerate(bodies, 1):
        lines.append(_record_rule(number, label_width, widest, width))
        lines.extend(body)
    return lines


def _record_rule(number: int, label_width: int, widest: int, width: int | None) -> str:
    head = f"-[ RECORD {number} ]"
    if len(head) < label_width + 1:
        rule = head + "-" * (label_width + 1 - len(head)) + "+" + "-" * max(1, widest - label_width - 2)
    else:
        rule = head + "-" * max(0, widest - len(head))
    return rule if width is None else rule[: max(width, 1)]


def _field_lines(fields: dict[str, Any], width: int | None) -> list[str]:
    """A record's fields, one `name | value` line each (a long value wrapped, kept whole)."""
    return _block_lines(_columns(Rows(list(fields), []), [list(fields.values())]), 1, width)[1:]


def _terminal(result: Rows | Record, out: _Stdout, *, expanded: bool) -> None:
    """The table (or, with `expanded`, the blocks) of `result`, fitted to the terminal's width."""
    width = terminal_width()
    lines: list[str] = []

    def titled(title: str | None) -> None:
        if title is not None:
            lines.extend(wrap(shown(title), width))

    if isinstance(result, Record):
        # A record is read whole: its fields as `name | value`, each section as a table when it
        # fits uncut, else a block per row.
        titled(result.title)
        lines.extend(_field_lines(result.fields, width))
        for name, rows in result.sections.items():
            lines.append("")
            if not rows.rows:
                lines.extend(wrap(f"{shown(name)}: none", width))
                continue
            titled(name)
            rows_list = list(rows.rows)
            columns = _columns(rows, rows_list)
            table = None if expanded else _table_lines(columns, len(rows_list), width, cut_text=False)
            lines.extend(table if table is not None else _block_lines(columns, len(rows_list), width))
    else:
        rows_list = list(result.rows)
        if not rows_list:
            click.echo(f"{shown(result.title) + ': ' if result.title else ''}no rows", err=True)
            return
        titled(result.title)
        columns = _columns(result, rows_list)
        table = None if expanded else _table_lines(columns, len(rows_list), width, cut_text=True)
        lines.extend(table if table is not None else _block_lines(columns, len(rows_list), width))
    out.write("\n".join(lines) + "\n")


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
