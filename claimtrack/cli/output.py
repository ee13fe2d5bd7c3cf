"""One renderer for every list and show: table (rich), json, csv, markdown.

stdout carries data only; messages go to stderr. JSON is stable: ids are integers, dates with
precision are written as entered ("2012", "2012-09"), timestamps in ISO 8601, enums as words.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import click

from claimtrack.domain import PartialDate

FORMATS = ("table", "json", "csv", "markdown")
F = TypeVar("F", bound=Callable[..., Any])


def format_option(function: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format. json, csv and markdown are for scripts and documents.",
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
    """A value as a table or markdown cell shows it."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"
    if isinstance(value, list):
        return ", ".join(text(v) for v in value)
    return str(value)


def render_added(new_id: int, record: Record | None, fmt: str) -> None:
    """What an `add` prints: the new id alone (table, the default), else the record in `fmt`.
    Build `record` only when fmt != "table", inside the command's transaction."""
    if fmt == "table" or record is None:
        click.echo(new_id)
    else:
        render(record, fmt)


def render(result: Rows | Record, fmt: str) -> None:
    if fmt == "json":
        data = result.as_dict() if isinstance(result, Record) else result.as_dicts()
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        rows = _record_as_rows(result) if isinstance(result, Record) else result
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(rows.columns)
        for row in rows.rows:
            writer.writerow(["" if v is None else (";".join(map(str, plain(v))) if isinstance(v, (list, tuple)) else plain(v)) for v in row])
    elif fmt == "markdown":
        _markdown(result)
    else:
        _table(result)


def _record_as_rows(record: Record) -> Rows:
    """CSV of a single record: one header line and one row of its fields (sections are left out)."""
    return Rows(list(record.fields), [list(record.fields.values())])


def _markdown(result: Rows | Record) -> None:
    def table(rows: Rows) -> None:
        def cell(v: Any) -> str:
            return text(v).replace("|", "\\|").replace("\n", " ")

        click.echo("| " + " | ".join(rows.columns) + " |")
        click.echo("|" + "---|" * len(rows.columns))
        for row in rows.rows:
            click.echo("| " + " | ".join(cell(v) for v in row) + " |")

    if isinstance(result, Record):
        if result.title:
            click.echo(f"## {result.title}\n")
        table(Rows(["field", "value"], list(result.fields.items())))
        for name, rows in result.sections.items():
            click.echo(f"\n### {name}\n")
            table(rows)
    else:
        if result.title:
            click.echo(f"## {result.title}\n")
        table(result)


def _table(result: Rows | Record) -> None:
    from rich.console import Console
    from rich.table import Table

    class TableConsole(Console):
        def on_broken_pipe(self) -> None:  # rich would exit 1 itself; the root group decides (cli/__init__)
            raise BrokenPipeError

    # markup=False: cells hold user text, and "[/b]" in a statement must print, not raise MarkupError.
    console = TableConsole(soft_wrap=False, highlight=False, markup=False)

    def build(rows: Rows, title: str | None) -> Table:
        table = Table(title=title, title_justify="left", show_lines=False)
        for column in rows.columns:
            table.add_column(column, overflow="fold")
        for row in rows.rows:
            table.add_row(*(text(v) for v in row))
        return table

    if isinstance(result, Record):
        table = Table(title=result.title, title_justify="left", show_header=False)
        table.add_column("field", style="bold")
        table.add_column("value", overflow="fold")
        for key, value in result.fields.items():
            table.add_row(key, text(value))
        console.print(table)
        for name, rows in result.sections.items():
            if rows.rows:
                console.print(build(rows, name))
            else:
                console.print(f"{name}: none", style="dim")
    else:
        if not result.rows:
            click.echo(f"{result.title + ': ' if result.title else ''}no rows", err=True)
            return
        console.print(build(result, result.title))
