"""Hostile values for every claim, prediction, source and actor command, and hostile import files:
huge numbers, nan and infinity, far dates, huge strings, control characters, lone surrogates, empty
strings and NUL. Whatever comes in, the exit code is 0, 1 or 2, an error is one `Error:` line, and
no traceback or untranslated failure ("unexpected …", "the database refused this …") escapes.

The fuzzed commands run on one seeded database, each in its own transaction that is rolled back at
its end instead of committed (conftest.RolledBack): every example starts from the same state, so the
examples need no fresh database each, and hypothesis's health checks stay on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import Result
from conftest import Invoke, RolledBackInvoke, _with_database, drop_database, fresh_database
from hypothesis import event, given, settings
from hypothesis import strategies as st


# --- the checks -----------------------------------------------------------------------------------


def check(result: Result) -> None:
    from hypothesis import currently_in_test_context

    if currently_in_test_context():
        event(f"exit {result.exit_code}")
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, result.stderr
        # A failure that slipped past every check to the catch-all translation.
        assert not errors[0].startswith(
            ("Error: unexpected ", "Error: the database refused this", "Error: the database is unreachable or failed")
        ), errors[0]
    assert "Error: unexpected " not in result.stderr, result.stderr  # Click's own "Got unexpected extra argument" is a usage error


# --- one database for every example, never changed ------------------------------------------------


EXPORTS: dict[str, str] = {}  # the world's export in each format, for the import examples


@pytest.fixture(scope="module")
def world(server_url: str, template_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Invoke]:
    """The seeds (prediction 1 is confirmed) and a source with a URL; then every command is rolled back."""
    name = fresh_database(server_url, template_database)
    invoke = Invoke(_with_database(server_url, name))
    for args in (
        ["seed"],
        ["source", "add", "An article", "--url", "https://example.org/nk-russia"],
        ["claim", "cite", "1", "--source", "https://example.org/nk-russia", "--excerpt", "Putin went to Pyongyang."],
    ):
        assert invoke(*args).exit_code == 0, args
    directory = tmp_path_factory.mktemp("exports")
    for fmt in ("json", "ndjson"):
        assert invoke("export", "--format", fmt, "-o", str(directory / f"world.{fmt}")).exit_code == 0
        EXPORTS[fmt] = (directory / f"world.{fmt}").read_text(encoding="utf-8")
    yield RolledBackInvoke(invoke.url)
    drop_database(server_url, name)


# --- values ---------------------------------------------------------------------------------------

HUGE_INTEGERS = ["9223372036854775807", "9223372036854775808", "-9223372036854775809", "2147483647", "2147483648",
                 "-1", "0", "1" * 30, "1" * 5000, "1e3", "0x10", "１２"]  # fmt: skip
NOT_NUMBERS = ["nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e308", "1e400", "-0", "0.5", "1.0000000000000002", "5e-324"]
FAR_DATES = ["9999-12-31", "9999-12", "9999", "0001-01-01", "0001", "0000", "10000", "+99999d", "+99999y", "+99999m",
             "+0d", "+3000000d", "2024-02-30", "2024-02-29", "-2024", "２０２４"]  # fmt: skip
HUGE_STRINGS = ["x" * 25000, "é" * 6000, "𝔸" * 3000, "word " * 4000, "https://example.org/" + "a" * 6000,
                "https://example.org/" + "é" * 1500, "https://example.org/" + "𝔸" * 700]  # fmt: skip
CONTROL = ["\x1b[2J", "\x07bell", "line\nbreak", "\r", "\t", "\x7f", "\u202eevil", "\ufeff", "\x1b]0;title\x07"]
SURROGATES = ["\ud800", "\udcff", "x\udcffy", "\udfff\ud800"]
EMPTY = ["", " ", "\n", "\u3000"]
NUL = ["\x00", "a\x00b", "https://example.org/\x00", "\x00" * 10]
ODD = ["-", "--", "--help-me", ":", "a:b:c", "http://[x", "https://", "ftp://x", "'; DROP TABLE claim; --", "%s", "%(x)s", "{}"]
HOSTILE = HUGE_INTEGERS + NOT_NUMBERS + FAR_DATES + HUGE_STRINGS + CONTROL + SURROGATES + EMPTY + NUL + ODD

any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=40)  # surrogates and controls included
hostile = st.one_of(st.sampled_from(HOSTILE), any_text)

# What each option takes when it is not being hostile, so that many examples reach the services.
ACTORS = ["North Korea", "prk", "Russia:target", "DPRK", "Nobody"]
SOURCES = ["1", "3", "99", "https://example.org/nk-russia", "https://example.org/new"]
FITTING: dict[str, list[str]] = {
    "--source": SOURCES, "--evidence": SOURCES, "--stance": ["supports", "disputes", "reports"],
    "--excerpt": ["Moscow wrote off the debt."], "--actor": ACTORS, "--claimant": ACTORS, "--by": ACTORS,
    "--supplier": ["PRK"], "--recipient": ["RUS", "PRK"], "--tag": ["debt", "arms"],
    "--occurred": ["2012"], "--stated": ["2024-06"], "--since": ["2024"], "--as-of": ["2025-06-30", "2012"],
    "--published": ["2024-06-19"], "--made": ["2024-06-19"], "--on": ["2025-01-01"], "--resolve-by": ["2030", "+90d"],
    "--credibility": ["1", "6"], "--limit": ["1", "5"], "--status": ["unverified", "open", "confirmed"],
    "--format": ["table", "json", "csv", "markdown"], "--url": ["https://example.org/fresh"], "--kind": ["state", "report", "other"],
    "--publisher": ["Example News"], "--author": ["A. Writer"], "--reliability": ["A", "f"], "--notes": ["Seen."],
    "--country": ["PRK", "XYZ"], "--alias": ["Pyongyang"], "--probability": ["0.7", "0"], "--likelihood": ["likely"],
    "--confidence": ["low"], "--criteria": ["Signed documents."], "--claim": ["1", "16"], "--category": ["ammunition"],
    "--item": ["KN-23"], "--quantity": ["10"], "--due-within": ["30"], "--note": ["Seen."], "--reason": ["A second look."],
    "--as": ["ambiguous", "withdrawn"],
    "ID": ["1", "2", "4", "16", "99"], "STATEMENT": ["A new claim about North Korea and Russia."], "QUERY": ["debt", "Putin visit"],
    "TITLE": ["A title"], "NAME": ["North Korea", "A new actor"], "STATUS": ["contested", "confirmed", "retracted"],
}  # fmt: skip

# command: (positional arguments, options that are required, the other options, flags)
COMMANDS: dict[tuple[str, str], tuple[list[str], list[str], list[str], list[str]]] = {
    ("claim", "add"): (["STATEMENT"], [], ["--source", "--stance", "--excerpt", "--actor", "--claimant", "--tag",
                                            "--occurred", "--stated", "--credibility", "--format"], ["--allow-duplicate"]),
    ("claim", "list"): ([], [], ["--status", "--actor", "--tag", "--source", "--since", "--as-of", "--limit", "--format"], []),
    ("claim", "search"): (["QUERY"], [], ["--limit", "--format"], []),
    ("claim", "show"): (["ID"], [], ["--format"], []),
    ("claim", "cite"): (["ID"], ["--source"], ["--stance", "--excerpt"], []),
    ("claim", "set-status"): (["ID", "STATUS"], ["--reason"], ["--evidence"], []),
    ("prediction", "add"): (["STATEMENT"], ["--resolve-by"], ["--by", "--source", "--probability", "--likelihood",
                                                               "--confidence", "--criteria", "--made", "--claim", "--actor",
                                                               "--tag", "--supplier", "--recipient", "--category", "--item",
                                                               "--quantity", "--format"], []),
    ("prediction", "list"): ([], [], ["--status", "--due-within", "--actor", "--tag", "--as-of", "--limit", "--format"], ["--overdue"]),
    ("prediction", "show"): (["ID"], [], ["--format"], []),
    ("prediction", "confirm"): (["ID"], ["--evidence"], ["--note", "--on"], []),
    ("prediction", "refute"): (["ID"], ["--evidence"], ["--note", "--on"], []),
    ("prediction", "annul"): (["ID"], ["--as", "--note"], [], []),
    ("prediction", "reopen"): (["ID"], ["--reason"], [], []),
    ("source", "add"): (["TITLE"], [], ["--url", "--kind", "--publisher", "--author", "--published", "--reliability",
                                        "--notes", "--format"], []),
    ("source", "list"): ([], [], ["--kind", "--reliability", "--publisher", "--limit", "--format"], []),
    ("source", "show"): (["ID"], [], ["--format"], []),
    ("actor", "add"): (["NAME"], ["--kind"], ["--country", "--alias", "--format"], []),
    ("actor", "list"): ([], [], ["--kind", "--format"], []),
    ("actor", "show"): (["NAME"], [], ["--format"], []),
}  # fmt: skip


def value_for(slot: str) -> st.SearchStrategy[str]:
    """A hostile value, or (twice as often) one that fits, so that the hostile ones reach the services."""
    fitting = st.sampled_from(FITTING.get(slot, ["x"]))
    return st.one_of(hostile, fitting, fitting)


@st.composite
def invocations(draw: st.DrawFn, noun: str) -> list[str]:
    command = draw(st.sampled_from([c for c in COMMANDS if c[0] == noun]))
    positionals, required, optional, flags = COMMANDS[command]
    args: list[str] = []
    if draw(st.integers(0, 4)) == 0:  # the acting name is hostile too, now and then
        args += ["--as", draw(hostile)]
    args += list(command)
    args += [draw(value_for(slot)) for slot in positionals]
    for option in required:
        if draw(st.integers(0, 9)):  # and now and then missing
            args += [option, draw(value_for(option))]
    for option in draw(st.lists(st.sampled_from(optional), max_size=4, unique=True)) if optional else []:
        args += [option, draw(value_for(option))]
    args += draw(st.lists(st.sampled_from(flags), max_size=1)) if flags else []
    return args


QUICK = settings(max_examples=40, deadline=None)
THOROUGH = settings(max_examples=600, deadline=None)


NOUNS = ["claim", "prediction", "source", "actor"]


@pytest.mark.parametrize("noun", NOUNS)
@QUICK
@given(data=st.data())
def test_hostile_values_never_fail_unexpectedly(world: Invoke, noun: str, data: st.DataObject) -> None:
    check(world(*data.draw(invocations(noun), label="arguments")))


@pytest.mark.slow
@pytest.mark.parametrize("noun", NOUNS)
@THOROUGH
@given(data=st.data())
def test_many_hostile_values_never_fail_unexpectedly(world: Invoke, noun: str, data: st.DataObject) -> None:
    check(world(*data.draw(invocations(noun), label="arguments")))


# --- hostile import files -----------------------------------------------------------------------

JSON_FRAGMENTS = ['"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', '"a\\u0000b"', "NaN", "Infinity", "-Infinity", "1e400",
                  "1" * 5000, "[" * 100_000 + "]" * 100_000, "{\"a\": " * 50_000 + "1" + "}" * 50_000, "[]", "{}", "null",
                  "true", '""', '"   "', '"9999-12-31T23:59:59-05:00"', '"0001-01-01T00:00:00+05:00"', '"+99999y"',
                  json.dumps("x" * 25000), json.dumps("https://example.org/" + "é" * 1500), "9223372036854775808", "-1"]  # fmt: skip


@st.composite
def hostile_exports(draw: st.DrawFn) -> tuple[str, str]:
    """(the file's name, its text): the world's export with one value or line made hostile, or cut."""
    fmt = draw(st.sampled_from(["json", "ndjson"]))
    text = EXPORTS[fmt]
    how = draw(st.sampled_from(["value", "value", "value", "cut", "drop line", "repeat line"]))
    if how == "value":
        # Any JSON value in the file: a string, a number, a literal, replaced by a hostile fragment.
        import re

        spots = [m.span() for m in re.finditer(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|null|true|false', text)]
        start, end = draw(st.sampled_from(spots))
        fragment = draw(st.one_of(st.sampled_from(JSON_FRAGMENTS), any_text.map(json.dumps)))
        text = text[:start] + fragment + text[end:]
    elif how == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    else:
        lines = text.splitlines(keepends=True)
        index = draw(st.integers(0, len(lines) - 1))
        lines[index:index + 1] = [] if how == "drop line" else [lines[index]] * 2
        text = "".join(lines)
    return f"hostile.{fmt}", text


@st.composite
def hostile_csvs(draw: st.DrawFn) -> tuple[str, str]:
    import csv
    import io

    predictions = draw(st.booleans())
    header = ["statement", "resolve_by", "by", "probability", "made", "criteria", "quantity", "supplier", "recipient", "category"] if predictions else [
        "statement", "actors", "tags", "occurred", "source", "stance", "excerpt", "credibility", "claimant", "quantity", "supplier", "recipient", "category"]  # fmt: skip
    rows = [[draw(st.one_of(hostile, st.sampled_from(["2030", "PRK", "RUS", "ammunition", "0.5", "5", "debt", "https://example.org/a"])))
             for _ in header] for _ in range(draw(st.integers(1, 3)))]  # fmt: skip
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return "hostile.csv", out.getvalue()


def _import(world: Invoke, name: str, text: str, *extra: str) -> Result:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")  # a lone surrogate as the bytes a bad writer leaves
        return world("import", str(path), *extra)


@settings(max_examples=40, deadline=None)
@given(file=st.one_of(hostile_exports(), hostile_exports(), hostile_csvs()), dry_run=st.booleans())
def test_hostile_import_files_never_fail_unexpectedly(world: Invoke, file: tuple[str, str], dry_run: bool) -> None:
    check(_import(world, *file, *(["--dry-run"] if dry_run else [])))


@pytest.mark.slow
@settings(max_examples=500, deadline=None)
@given(file=st.one_of(hostile_exports(), hostile_exports(), hostile_csvs()))
def test_many_hostile_import_files_never_fail_unexpectedly(world: Invoke, file: tuple[str, str]) -> None:
    check(_import(world, *file))


# --- each class named in the issue, once --------------------------------------------------------


def _last_error(result: Result) -> str:
    return result.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "code", "error"),
    [
        (["claim", "list", "--as-of", "9999-12-31"], 0, None),
        (["prediction", "list", "--as-of", "9999-12-31", "--due-within", "36525"], 0, None),
        (["prediction", "list", "--due-within", "2932000"], 2, "Error: Invalid value for '--due-within': 2932000 is more than 36,525 days (a century: the farthest a list looks ahead)."),
        (["claim", "list", "--limit", "9223372036854775807"], 2, "Error: Invalid value for '--limit': 9223372036854775807 is not in the range 1<=x<=100000."),
        (["prediction", "add", "S", "--resolve-by", "2030", "--supplier", "PRK", "--recipient", "RUS", "--category", "other", "--quantity", "2147483648"],
         2, "Error: Invalid value for '--quantity': 2147483648 is more than 2,147,483,647 (the most an arms transfer's quantity holds)."),
        (["prediction", "add", "S", "--resolve-by", "2030", "--probability", "nan"], 2,
         "Error: Invalid value for '--probability': \"nan\" is not a number; give a probability from 0 to 1, e.g. 0.7."),
        (["prediction", "add", "S", "--resolve-by", "2030", "--probability", "inf"], 2,
         "Error: Invalid value for '--probability': inf is not in the range 0<=x<=1."),
        (["prediction", "add", "S", "--resolve-by", "+99999y"], 2,
         "Error: Invalid value for '--resolve-by': \"+99999y\" reaches past the year 9999; use a nearer deadline."),
        (["claim", "show", "99999999999999999999"], 2, "Error: Invalid value for 'ID': \"99999999999999999999\" is not an id; ids are whole numbers from 1."),
        (["claim", "cite", "1", "--source", "1" * 5000], 2, None),
        (["claim", "add", "a\x00b"], 2, "Error: Invalid value for 'STATEMENT': contains a NUL character (\\x00), which PostgreSQL text cannot hold: remove it."),
        (["actor", "show", "\udcff"], 2, None),
        (["--as", "x\udcffy", "claim", "add", "S"], 2, None),
        (["prediction", "list", "--actor", "\x00"], 2, None),
    ],
)
def test_each_hostile_class_gets_a_clear_answer(world: Invoke, args: list[str], code: int, error: str | None) -> None:
    result = world(*args)
    check(result)
    assert result.exit_code == code, result.output
    if error is not None:
        assert _last_error(result) == error


def test_an_argument_that_is_not_utf8_is_a_usage_error(database_url: str) -> None:
    """As a shell passes $'\\xff': Python sees a lone surrogate, which no text can hold."""
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": database_url, "CLAIMTRACK_USER": "tester", "LC_ALL": "C.UTF-8"}
    env.pop("CLAIMTRACK_DEBUG", None)
    program = "from claimtrack.cli import main; main()"
    for args in ([b"claim", b"add", b"\xff"], [b"--as", b"\xff", b"claim", b"add", b"S"], [b"actor", b"show", b"\xffx"],
                 [b"source", b"add", b"T", b"--url", b"https://example.org/\xff"]):  # fmt: skip
        done = subprocess.run([sys.executable.encode(), b"-c", program.encode(), *args], env=env, capture_output=True, timeout=120)
        stderr = done.stderr.decode("utf-8", "backslashreplace")
        assert done.returncode == 2, stderr
        assert stderr.splitlines()[-1].startswith("Error: Invalid value for "), stderr
        assert "half of a UTF-16 pair" in stderr and "Traceback" not in stderr


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


HEADER = '{"type": "header", "format": "claimtrack", "format_version": 1}\n'


@pytest.mark.parametrize(
    ("name", "text", "error"),
    [
        ("lone.ndjson", HEADER + '{"type": "claim", "id": 1, "statement": "S\\ud800", "recorded_by": "t"}\n{"type": "end", "counts": {}}\n',
         "lone.ndjson line 2: statement: contains U+D800, half of a UTF-16 pair, which is not a character (bytes that are not "
         "UTF-8, or a lone \\u escape): give UTF-8 text."),
        ("nul.json", '{"format": "claimtrack", "format_version": 1, "actors": [{"id": 1, "name": "A\\u0000", "kind": "state"}]}',
         "nul.json: actors[0]: name: contains a NUL character (\\x00), which PostgreSQL text cannot hold: remove it."),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "deep.json: not a claimtrack record: its JSON is nested too deeply to read."),
        ("deep.ndjson", HEADER + "[" * 100_000 + "]" * 100_000 + "\n", "deep.ndjson line 2: not a claimtrack record: its JSON is nested too deeply to read."),
        ("digits.json", '{"format": "claimtrack", "format_version": 1, "claims": [{"id": ' + "1" * 5000 + "}]}", None),
        ("far.ndjson", HEADER + '{"type": "actor", "id": 1, "name": "A", "kind": "state", "created_at": "9999-12-31T23:00:00-05:00"}\n'
         '{"type": "end", "counts": {}}\n', "far.ndjson line 2: created_at: \"9999-12-31T23:00:00-05:00\" is not a time; use ISO 8601 such as 2024-06-19T08:30:00Z."),
        ("bytes.ndjson", HEADER + '{"type": "actor", "id": 1, "name": "A\udcff", "kind": "state"}\n', None),
        ("digits.csv", "statement,credibility\nS," + "1" * 5000 + "\n", None),
        ("nul.csv", "statement\nS\x00\n", None),
    ],
)
def test_a_hostile_import_file_is_refused_clearly_and_writes_nothing(invoke: Invoke, sql: psycopg.Connection, tmp_path: Path, name: str, text: str, error: str | None) -> None:
    result = invoke("import", str(_write(tmp_path / name, text)))
    check(result)
    assert result.exit_code == 1, result.output
    if error is not None:
        assert result.stderr == f"Error: {error} Nothing was imported.\n"
    assert sql.execute("SELECT (SELECT count(*) FROM actor) + (SELECT count(*) FROM claim)").fetchone() == (0,)


@pytest.mark.slow
def test_importing_a_device_is_refused_before_anything_is_read(database_url: str) -> None:
    """In a subprocess whose memory is capped: a claimtrack that read /dev/zero would run out of
    memory there, not take the machine's."""
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": database_url, "CLAIMTRACK_USER": "tester"}
    env.pop("CLAIMTRACK_DEBUG", None)
    program = "import resource; resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30)); from claimtrack.cli import main; main()"
    for fmt in ("ndjson", "csv", "json"):
        done = subprocess.run(
            [sys.executable, "-c", program, "import", "/dev/zero", "--format", fmt], env=env, capture_output=True, text=True, timeout=120
        )  # fmt: skip
        assert (done.returncode, done.stderr) == (1, "Error: /dev/zero is not a file (a device, or a directory); give an export or a CSV file.\n")


@pytest.mark.parametrize("fmt", ["ndjson", "csv", "json"])
def test_an_endless_pipe_is_read_only_up_to_a_limit(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """A pipe that never ends a line (as `claimtrack import <(cat /dev/zero)` would give) is refused
    once a line passes the limit, or a JSON document the limit of what is read whole."""
    from claimtrack.io import fields
    from claimtrack.services import exchange

    monkeypatch.setattr(fields, "LINE_MAX", 1 << 20)
    monkeypatch.setattr(exchange, "JSON_FROM_PIPE_MAX", 1 << 20)
    pipe = tmp_path / "endless"
    os.mkfifo(pipe)

    def write_forever() -> None:  # as good as forever: 16 times the limit, then the pipe ends
        try:
            with pipe.open("wb") as out:
                for _ in range(16 * 16):
                    out.write(b"\0" * 65536)
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    result = invoke("import", str(pipe), "--format", fmt)
    check(result)
    assert result.exit_code == 1
    expected = (
        f"Error: endless: more than {1 << 20:,} characters of JSON; a JSON export is read whole, so save it to a file "
        "or export NDJSON, which is read line by line (claimtrack export --format ndjson). Nothing was imported.\n"
        if fmt == "json"
        else f"Error: endless line 1: longer than {1 << 20:,} characters; this is not a claimtrack export or a CSV file, "
        "or it is damaged. Nothing was imported.\n"
    )
    assert result.stderr == expected
