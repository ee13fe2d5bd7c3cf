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

import sys
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, TypeVar

import click

# Rows and Record, and what a value becomes in each format, are claimtrack.io.tabular's (the web
# dashboard writes its downloads with them too); the commands take them from here.
from claimtrack.io.tabular import (
    Record,
    Rows,
    csv_value,
    escape_controls,
    json_text,
    neutralise_formula,
    plain,
    text,
    write_csv,
)

__all__ = [
    "FORMATS", "Record", "Rows", "escape_controls", "format_option", "neutralise_formula", "plain", "render", "render_added",
    "say_edited", "text",
]

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
        out.write(json_text(result.as_dict() if isinstance(result, Record) else result.as_dicts()))
    elif fmt == "csv":
        rows = _record_as_rows(result) if isinstance(result, Record) else result
        write_csv(rows.columns, rows.rows, out.write)
    elif fmt == "tsv":
        _tsv(result, out)
    elif fmt == "markdown":
        _markdown(result, out)
    else:
        from claimtrack.cli.tables import terminal

        terminal(result, out, expanded=fmt == "expanded")
    out.flush()


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
    value = csv_value(value)
    if value is None:
        return ""
    return escape_controls(str(value).replace("\\", "\\\\")).replace("\n", "\\n")


def _tsv(result: Rows | Record, out: _Stdout) -> None:
    rows = _record_as_rows(result) if isinstance(result, Record) else result
    out.write("\t".join(map(tsv_cell, rows.columns)) + "\n")
    for row in rows.rows:
        out.write("\t".join(map(tsv_cell, row)) + "\n")
