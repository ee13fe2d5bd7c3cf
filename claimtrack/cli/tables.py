"""The terminal formats, table and expanded (cli.output.render calls them).

A table is plain aligned text, laid out here rather than by rich: its width is worked out once
from the cells (rich measured and folded every cell and took up to 1.7 s for a wide table), and
the rules are few enough to state. Columns are two spaces apart under a rule of ─; a header is
never split; numbers are right-aligned, floats shown at three decimals and rates (a column named
*_rate or share) as percentages; the columns of ids, numbers, dates and flags get their whole
width, and the text columns share what is left, each cut with … where it must be. A row that
cannot fit even so (too many columns for the width) is shown as one block per record, as psql's
expanded display does. Nothing is cut or wrapped when stdout is no terminal and COLUMNS is unset
(a pipe, a file): one line per row, whatever its length.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

import click

from claimtrack.domain import PartialDate
from claimtrack.io.tabular import Record, Rows, escape_controls, plain


class Writer(Protocol):
    """Where the lines go: cli.output's stdout, which notices a reader that went away."""

    def write(self, text: str, /) -> int: ...

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


def terminal(result: Rows | Record, out: Writer, *, expanded: bool) -> None:
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
