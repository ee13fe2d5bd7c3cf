"""The terminal's tables: every report and list over the demo data fits 80 and 120 columns without
splitting a header or a word, is one line per row in a pipe, and turns into a block per record when
a row cannot fit; tsv and expanded; the demo's first screen; README's examples return rows."""

from __future__ import annotations

import json
import re
import shlex
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import Invoke
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from claimtrack import reports
from claimtrack.cli import cli
from claimtrack.cli.output import Record, Rows, render
from claimtrack.cli.tables import ELLIPSIS, LINE_BREAK, shown

README = Path(__file__).parents[2] / "README.md"

LISTS = [
    ["claim", "list"],
    ["prediction", "list"],
    ["source", "list"],
    ["actor", "list"],
    ["claim", "search", "Putin visit -parade"],
    ["report", "list"],
]
COMMANDS = LISTS + [["report", name] for name in reports.REPORTS]


@pytest.fixture(scope="module")
def demo(module_database_url: str) -> str:
    assert Invoke(module_database_url)("seed").exit_code == 0
    return module_database_url


def run(url: str, *args: str, columns: int | None) -> Result:
    env = {"CLAIMTRACK_DATABASE_URL": url, "CLAIMTRACK_USER": "tester", "DATABASE_URL": None, "CLAIMTRACK_DEBUG": None,
           "COLUMNS": None if columns is None else str(columns)}
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)
    return result


def as_json(url: str, *args: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(run(url, *args, "--format", "json", columns=None).stdout)
    return rows


def full(value: Any, column: str) -> str:
    """A cell as the table would show it were there room (shown() of the JSON value: the JSON has
    dates as text, which is how the table shows them)."""
    return shown(value, column).replace("\n", LINE_BREAK)


def spans(rule: str) -> list[tuple[int, int]]:
    """The columns of a table, from its rule line of ─ runs (in terminal cells)."""
    return [(m.start(), m.end()) for m in re.finditer("─+", rule)]


def cells_of(line: str, columns: list[tuple[int, int]]) -> list[str]:
    """`line` cut at the columns' spans, counted in terminal cells (… and escapes included)."""
    offsets, cell = [], 0
    for character in line:
        offsets.append(cell)
        cell += cell_len(character)
    return ["".join(ch for ch, at in zip(line, offsets) if start <= at < end).strip() for start, end in columns]


def check_table(lines: list[str], rows: list[dict[str, Any]], width: int | None) -> None:
    """A table: the header line holds every column name whole; each row's cell is the value whole,
    or its beginning cut at … (so no word is split: what precedes the … is the value's own text)."""
    names = list(rows[0])
    assert lines[0].split() == names, lines[0]
    columns = spans(lines[1])
    assert len(columns) == len(names)
    assert len(lines) == 2 + len(rows), "one line per row"
    for line, row in zip(lines[2:], rows):
        for name, cell in zip(names, cells_of(line, columns)):
            whole = full(row[name], name)
            if cell != whole:
                assert width is not None, (name, cell, whole)
                assert cell.endswith(ELLIPSIS) and whole.startswith(cell[:-1].rstrip()), (name, cell, whole)


def check_blocks(lines: list[str], rows: list[dict[str, Any]]) -> None:
    """Blocks: a -[ RECORD n ] line, then each column's name whole and its value whole, wrapped at
    spaces (the words of the lines are the words of the value)."""
    names = list(rows[0])
    blocks: list[list[str]] = []
    for line in lines:
        if line.startswith("-[ RECORD "):
            assert line.startswith(f"-[ RECORD {len(blocks) + 1} ]")
            blocks.append([])
        else:
            blocks[-1].append(line)
    assert len(blocks) == len(rows)
    for block, row in zip(blocks, rows):
        values: dict[str, list[str]] = {}
        label = ""
        for line in block:
            name, _, part = line.partition(" |")
            label = name.strip() or label
            values.setdefault(label, []).append(part.strip())
        assert list(values) == names
        for name in names:
            assert " ".join(values[name]).split() == shown(row[name], name).split(), name


def table_or_blocks(result: Result, rows: list[dict[str, Any]], width: int | None) -> str:
    lines = result.stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(("-[ RECORD 1 ]", "─")))
    body = lines[first:] if lines[first].startswith("-[") else lines[first - 1 :]
    if width is not None:
        too_long = [line for line in lines if cell_len(line) > width]
        assert not too_long, too_long
    if body[0].startswith("-[ RECORD 1 ]"):
        check_blocks(body, rows)
        return "blocks"
    check_table(body, rows, width)
    return "table"


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_report_and_list_fits_the_width_and_splits_no_header_or_word(demo: str, args: list[str], width: int) -> None:
    rows = as_json(demo, *args)
    result = run(demo, *args, columns=width)
    if not rows:
        assert result.stdout == "" and result.stderr.endswith(": no rows\n")
        return
    table_or_blocks(result, rows, width)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_in_a_pipe_every_report_and_list_is_a_table_of_one_line_per_row_and_nothing_cut(demo: str, args: list[str]) -> None:
    rows = as_json(demo, *args)
    result = run(demo, *args, columns=None)
    if rows:
        assert table_or_blocks(result, rows, None) == "table"


def test_the_scoreboard_expanded_keeps_the_predictor_whole_and_shows_its_hit_rate_as_a_percentage(demo: str) -> None:
    result = run(demo, "report", "prediction_scoreboard", "--format", "expanded", columns=80)
    assert result.stdout.splitlines()[:4] == [
        "prediction_scoreboard",
        "-[ RECORD 1 ]-------+-------------------------------------------------------",
        "predictor           | Understanding the Deepening Relationship Between North",
        "                    | Korea and Russia",
    ]
    assert "\nhit_rate            | 100.0%\nscored              | 0\nbrier_score         |\n" in result.stdout


def test_the_demo_s_scoreboard_at_80_columns_keeps_its_numbers_whole_and_says_why_it_has_no_score(demo: str) -> None:
    demo_screen = run(demo, "demo", columns=80).stdout
    assert (
        "Prediction scoreboard  (claimtrack report prediction_scoreboard)\n"
        "predictor        total  open  overdue  confirmed  refuted  hit_rate  brier_score\n"
        "───────────────  ─────  ────  ───────  ─────────  ───────  ────────  ───────────\n"
        "Understanding…       4     2        2          2        0    100.0%\n"
        "No Brier or log score for Understanding the Deepening Relationship Between North\n"
        "Korea and Russia: no probability recorded for any of its 2 decided predictions.\n"
    ) in demo_screen


@pytest.mark.parametrize("width", [80, 120])
def test_the_demo_s_first_screen_fits_80_and_120_columns(demo: str, width: int) -> None:
    result = run(demo, "demo", columns=width)
    for line in result.stdout.splitlines() + result.stderr.splitlines():
        assert cell_len(line) <= width, line
    assert "war materials" in result.stdout and "Due within 30 days  (claimtrack report upcoming_resolutions): none" in result.stdout
    assert "no probability recorded for any of its 2 decided predictions." in " ".join(result.stdout.split())


def readme_reads() -> list[list[str]]:
    """README's example commands that read (lists, searches, shows, reports), as arguments. (Its
    `sql` example reads reporting.overdue_predictions, which the report of that name shows here;
    sql itself refuses the tests' superuser login.)"""
    found = []
    for line in README.read_text().splitlines():
        if not line.startswith("claimtrack ") or line.endswith("\\"):
            continue
        words = shlex.split(line, comments=True)
        if words[1] == "report" or (words[1] in ("claim", "prediction") and words[2] in ("list", "search", "show")):
            args = words[1:]
            for option in ("--chart", "--format"):
                if option in args:
                    at = args.index(option)
                    del args[at : at + 2]
            found.append(args)
    return found


def test_readme_lists_the_examples_this_test_runs() -> None:
    assert ["report", "overdue_predictions", "--tag", "arms-transfer"] in readme_reads()
    assert ["report", "calibration"] in readme_reads()
    assert len(readme_reads()) >= 10


@pytest.mark.parametrize("args", readme_reads(), ids=" ".join)
def test_each_readme_example_that_reads_returns_rows_on_the_demo_data(demo: str, args: list[str]) -> None:
    result = run(demo, *args, "--format", "json", columns=None)
    data = json.loads(result.stdout)
    assert data, args


# --- the renderer on its own ------------------------------------------------------------------------


def rendered(result: Rows | Record, fmt: str, columns: int | None) -> str:
    runner = CliRunner()
    with runner.isolation(env={"COLUMNS": None if columns is None else str(columns)}) as (out, _, _):
        render(result, fmt)
    return out.getvalue().decode()


SCORES = Rows(
    ["predictor", "total", "hit_rate", "brier_score", "made_on"],
    [["North Korea state media and its many outlets", 12, 0.5, 0.1875, date(2024, 6, 1)],
     ["An analyst", 3, 1.0, None, None]],
    title="scores",
)


def test_a_table_right_aligns_numbers_shows_floats_at_three_decimals_and_rates_as_percentages() -> None:
    assert rendered(SCORES, "table", None) == (
        "scores\n"
        "predictor                                     total  hit_rate  brier_score  made_on\n"
        "────────────────────────────────────────────  ─────  ────────  ───────────  ──────────\n"
        "North Korea state media and its many outlets     12     50.0%        0.188  2024-06-01\n"
        "An analyst                                        3    100.0%\n"
    )


def test_a_narrow_terminal_cuts_the_text_column_at_a_word_and_keeps_the_others_whole() -> None:
    assert rendered(SCORES, "table", 60) == (
        "scores\n"
        "predictor           total  hit_rate  brier_score  made_on\n"
        "──────────────────  ─────  ────────  ───────────  ──────────\n"
        "North Korea state…     12     50.0%        0.188  2024-06-01\n"
        "An analyst              3    100.0%\n"
    )


def test_a_row_that_cannot_fit_becomes_a_block_per_record_as_psql_s_expanded_display() -> None:
    expected = (
        "scores\n"
        "-[ RECORD 1 ]------------------------\n"
        "predictor   | North Korea state media\n"
        "            | and its many outlets\n"
        "total       | 12\n"
        "hit_rate    | 50.0%\n"
        "brier_score | 0.188\n"
        "made_on     | 2024-06-01\n"
        "-[ RECORD 2 ]------------------------\n"
        "predictor   | An analyst\n"
        "total       | 3\n"
        "hit_rate    | 100.0%\n"
        "brier_score |\n"
        "made_on     |\n"
    )
    assert rendered(SCORES, "table", 37) == expected
    assert rendered(SCORES, "expanded", 37) == expected
    assert rendered(SCORES, "expanded", None).splitlines()[2] == "predictor   | North Korea state media and its many outlets"


def test_tsv_is_a_header_and_a_line_per_row_with_tabs_line_breaks_and_controls_escaped() -> None:
    rows = Rows(["id", "statement", "tags", "p"], [[1, "two\tcolumns\nand lines \\ \x1b[2J", ["a", "b"], 0.675], [2, None, [], None]])
    assert rendered(rows, "tsv", 20) == (
        "id\tstatement\ttags\tp\n"
        "1\ttwo\\tcolumns\\nand lines \\\\ \\x1b[2J\ta;b\t0.675\n"
        "2\t\t\t\n"
    )
    record = Record({"id": 1, "statement": "a\tb"}, {"history": Rows(["why"], [["x"]])})
    assert rendered(record, "tsv", None) == "id\tstatement\n1\ta\\tb\n"


def test_a_record_reads_as_a_record_whole_with_a_section_as_a_table_when_it_fits_uncut() -> None:
    record = Record(
        {"id": 3, "statement": "North Korea will push to export more war materials", "probability": 0.675},
        {"history": Rows(["from_status", "to_status"], [[None, "open"]]), "evidence": Rows(["source_id"], [])},
        title="prediction 3",
    )
    assert rendered(record, "table", 40) == (
        "prediction 3\n"
        "id          | 3\n"
        "statement   | North Korea will push to\n"
        "            | export more war materials\n"
        "probability | 0.675\n"
        "\n"
        "history\n"
        "from_status  to_status\n"
        "───────────  ─────────\n"
        "             open\n"
        "\n"
        "evidence: none\n"
    )


# Cells a reader could be handed: any text (wide, combining, control characters, line breaks, long
# words), numbers of every size, nothing, dates.
CELLS = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.text(alphabet="ab漢字\u0301 \n\t\x1b\u202e-", max_size=120),
    st.from_regex(r"[a-z]{30,90}( [a-z]{1,12}){0,6}", fullmatch=True),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.dates(),
)
NAMES = ["id", "statement", "hit_rate", "score", "made_on", "tags", "n"]


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(CELLS, min_size=len(NAMES), max_size=len(NAMES)), min_size=1, max_size=6),
    width=st.integers(min_value=20, max_value=200),
    fmt=st.sampled_from(["table", "expanded"]),
)
def test_no_line_of_any_table_or_block_is_longer_than_the_width(rows: list[list[Any]], width: int, fmt: str) -> None:
    output = rendered(Rows(NAMES, rows, title="random cells"), fmt, width)
    lines = output.splitlines()
    for line in lines:
        assert cell_len(line) <= width, (line, cell_len(line))
        assert "\x1b" not in line and "\t" not in line and "\u202e" not in line
    if lines[1].startswith("-[ RECORD") or fmt == "expanded":
        assert sum(line.startswith("-[ RECORD") for line in lines) == len(rows)
    else:
        assert lines[1].split() == NAMES and len(lines) == 3 + len(rows)
