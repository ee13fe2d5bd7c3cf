"""An export ends with the number of records of each kind, and an import checks them: a file that
lost a record (or gained one) on the way is refused whole, JSON and NDJSON alike."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from conftest import Invoke, _libpq, _with_database, drop_database, fresh_database

NOTHING = (0, 0, 0)


def _counts(sql: psycopg.Connection) -> tuple[int, ...]:
    row = sql.execute("SELECT (SELECT count(*) FROM actor), (SELECT count(*) FROM claim), (SELECT count(*) FROM status_history)").fetchone()
    assert row is not None
    return tuple(row)


@pytest.fixture
def exported(invoke: Invoke, tmp_path: Path) -> dict[str, Path]:
    """The seeds, exported in both formats."""
    assert invoke("seed").exit_code == 0
    paths = {}
    for fmt in ("json", "ndjson"):
        paths[fmt] = tmp_path / f"seeds.{fmt}"
        assert invoke("export", "--format", fmt, "-o", str(paths[fmt])).exit_code == 0
    return paths


@pytest.fixture
def target(server_url: str, template_database: str) -> Iterator[tuple[Invoke, psycopg.Connection]]:
    """A second fresh database, to import into, and a psql-like connection to it."""
    name = fresh_database(server_url, template_database)
    url = _with_database(server_url, name)
    with psycopg.connect(_libpq(url), autocommit=True) as sql:
        yield Invoke(url), sql
    drop_database(server_url, name)


def _without_line(path: Path, predicate: Callable[[str], bool], out: Path) -> Path:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if predicate(line))
    out.write_text("".join(lines[:index] + lines[index + 1 :]), encoding="utf-8")
    return out


def test_the_json_export_ends_with_its_counts(exported: dict[str, Path]) -> None:
    document = json.loads(exported["json"].read_text(encoding="utf-8"))
    assert list(document)[-1] == "counts"
    assert document["counts"] == {plural: len(document[plural]) for plural in ("actors", "sources", "tags", "claims", "predictions", "history")}
    last = json.loads(exported["ndjson"].read_text(encoding="utf-8").splitlines()[-1])
    assert last == {"type": "end", "counts": document["counts"]}


def test_an_ndjson_export_with_a_claim_line_removed_is_refused_whole(exported: dict[str, Path], target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    invoke, sql = target
    # The claim and its history: no reference is left dangling, so only the counts can tell.
    lines = exported["ndjson"].read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if '"type": "claim", "id": 5,' not in line and '"claim": 5,' not in line]
    assert len(kept) < len(lines) - 1
    cut = tmp_path / "cut.ndjson"
    cut.write_text("".join(kept), encoding="utf-8")
    end_line = len(kept)
    result = invoke("import", str(cut))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: cut.ndjson line {end_line}: the file says 16 claims but holds 15: it was cut or edited. Export it again. Nothing was imported.\n"
    )  # fmt: skip
    assert _counts(sql) == NOTHING


def test_a_json_export_with_a_claim_line_removed_is_refused_before_anything_is_read(exported: dict[str, Path], target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    invoke, sql = target
    # One record a line, each but the last of its list followed by a comma: a middle one removed,
    # the document is still valid JSON.
    cut = _without_line(exported["json"], lambda line: line.startswith('{"id": 5, "statement"'), tmp_path / "cut.json")
    json.loads(cut.read_text(encoding="utf-8"))
    result = invoke("import", str(cut))
    assert (result.exit_code, result.stderr) == (
        1, "Error: cut.json: the file says 16 claims but holds 15: it was cut or edited. Export it again. Nothing was imported.\n"
    )  # fmt: skip
    assert _counts(sql) == NOTHING


def test_a_record_added_to_an_export_is_refused_too(exported: dict[str, Path], target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    invoke, sql = target
    lines = exported["ndjson"].read_text(encoding="utf-8").splitlines(keepends=True)
    history = [i for i, line in enumerate(lines) if line.startswith('{"type": "history"')]
    extra = json.loads(lines[history[-1]])
    extra["id"] += 1000
    lines.insert(history[-1] + 1, json.dumps(extra) + "\n")
    (tmp_path / "more.ndjson").write_text("".join(lines), encoding="utf-8")
    result = invoke("import", str(tmp_path / "more.ndjson"))
    said = json.loads(lines[-1])["counts"]["history"]
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: more.ndjson line {len(lines)}: the file says {said} history entries but holds {said + 1}: it was cut or edited. "
        "Export it again. Nothing was imported.\n"
    )
    assert _counts(sql) == NOTHING


def test_an_ndjson_end_line_without_its_counts_is_refused(exported: dict[str, Path], target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    invoke, sql = target
    lines = exported["ndjson"].read_text(encoding="utf-8").splitlines(keepends=True)
    lines[-1] = '{"type": "end"}\n'
    (tmp_path / "bare.ndjson").write_text("".join(lines), encoding="utf-8")
    result = invoke("import", str(tmp_path / "bare.ndjson"))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: bare.ndjson line {len(lines)}: counts: is missing; the end line gives the number of records of each kind, "
        "which the file must hold. Nothing was imported.\n",
    )  # fmt: skip
    assert _counts(sql) == NOTHING


def test_an_export_cut_off_before_its_counts_is_refused(exported: dict[str, Path], target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    invoke, sql = target
    lines = exported["ndjson"].read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "short.ndjson").write_text("".join(lines[:-1]), encoding="utf-8")
    result = invoke("import", str(tmp_path / "short.ndjson"))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: short.ndjson line {len(lines) - 1}: the file ends without its end line; it is truncated. Export it again. Nothing was imported.\n"
    )  # fmt: skip
    assert _counts(sql) == NOTHING


@pytest.mark.parametrize(
    ("counts", "problem"),
    [
        ('{"claims": "16"}', "counts: claims: '16' is not a number of records."),
        ('{"claim": 16}', 'counts: "claim" is not a kind of record; the kinds are: actors, sources, tags, claims, predictions, forecasts, history, changes, agreements.'),
        ("[16]", 'counts: expected the number of records of each kind, such as {"claims": 16}.'),
    ],
)
def test_counts_that_are_not_counts_are_refused(exported: dict[str, Path], target, tmp_path: Path, counts: str, problem: str) -> None:  # type: ignore[no-untyped-def]
    invoke, sql = target
    text = exported["json"].read_text(encoding="utf-8")
    head = text[: text.rindex(', "counts": ')]
    (tmp_path / "odd.json").write_text(f'{head}, "counts": {counts}}}\n', encoding="utf-8")
    result = invoke("import", str(tmp_path / "odd.json"))
    assert (result.exit_code, result.stderr) == (1, f"Error: odd.json: {problem} Nothing was imported.\n")
    assert _counts(sql) == NOTHING


def test_an_export_whose_counts_agree_imports(exported: dict[str, Path], target) -> None:  # type: ignore[no-untyped-def]
    invoke, sql = target
    for fmt in ("ndjson", "json"):
        result = invoke("import", str(exported[fmt]), "--dry-run")
        assert result.exit_code == 0, result.output
    assert invoke("import", str(exported["ndjson"])).exit_code == 0
    assert _counts(sql)[1] == 16
