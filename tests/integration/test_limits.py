"""One set of text limits (domain.TEXT_LIMITS) for every way in: a database holding a value at every
limit exports and imports back unchanged, and one character (or byte) past a limit is refused by
the CLI, the seeds, a CSV import and a JSON or NDJSON import alike, with an `Error:` line naming the
field and the limit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from conftest import Invoke, _libpq, _with_database, drop_database, fresh_database, records_of_export

from claimtrack import domain


def text_of(length: int, alphabet: str = "aé中𝔸") -> str:
    """`length` characters of one, two, three and four bytes in UTF-8, starting and ending with no space."""
    return (alphabet * (length // len(alphabet) + 1))[:length]


def url_of(characters: int, utf8_bytes: int, tail: str = "") -> str:
    """An http URL, already in its stored form, of that many characters and UTF-8 bytes."""
    head = "https://example.org/" + tail
    wide = utf8_bytes - characters  # each "é" is one character, two bytes
    url = head + "é" * wide + "x" * (characters - len(head) - wide)
    assert (len(url), len(url.encode())) == (characters, utf8_bytes)
    return url


LIMIT = {field: limit.characters for field, limit in domain.TEXT_LIMITS.items()}
URL_AT_LIMIT = url_of(domain.URL_MAX, domain.URL_MAX_BYTES)
OTHER_URL_AT_LIMIT = url_of(domain.URL_MAX, domain.URL_MAX_BYTES, tail="other/")
USER = text_of(LIMIT["user"], "𝔸é")
SUPPLIER, RECIPIENT = text_of(LIMIT["name"]), text_of(LIMIT["name"], "bö中𝔹")
ALIAS = text_of(LIMIT["alias"], "cç𝔻")
TAG = ("tag-" + "x" * LIMIT["tag"])[: LIMIT["tag"]]


# --- a value at every limit, out and back in --------------------------------------------------


def _fill_every_field_to_its_limit(invoke: Invoke) -> None:
    def ok(*args: str) -> str:
        result = invoke("--as", USER, *args)
        assert result.exit_code == 0, result.output
        return result.stdout.strip()

    ok("actor", "add", SUPPLIER, "--kind", "state", "--country", "PRK", "--alias", ALIAS)
    ok("actor", "add", RECIPIENT, "--kind", "state", "--country", "RUS")
    assert ok(
        "source", "add", text_of(LIMIT["title"]), "--url", URL_AT_LIMIT, "--kind", "report",
        "--publisher", text_of(LIMIT["publisher"], "𝔸"), "--author", text_of(LIMIT["author"]),
        "--notes", text_of(LIMIT["notes"]), "--published", "0001", "--reliability", "B",
    ) == "1"  # fmt: skip
    claim = ok(
        "claim", "add", text_of(LIMIT["statement"]), "--source", OTHER_URL_AT_LIMIT, "--stance", "supports",
        "--excerpt", text_of(LIMIT["excerpt"]), "--actor", f"{SUPPLIER}:target", "--actor", ALIAS,
        "--claimant", RECIPIENT, "--tag", TAG, "--occurred", "0001", "--stated", "9999-12-31", "--credibility", "1",
    )  # fmt: skip
    ok("claim", "set-status", claim, "confirmed", "--reason", text_of(LIMIT["reason"]), "--evidence", "1")
    for statement in (text_of(LIMIT["statement"], "d𝔸"), text_of(LIMIT["statement"], "e𝔸")):
        ok(
            "prediction", "add", statement, "--resolve-by", "9999-12-31", "--made", "0001",
            "--by", ALIAS, "--source", "1", "--probability", "1", "--criteria", text_of(LIMIT["criteria"]),
            "--claim", claim, "--actor", SUPPLIER, "--tag", TAG, "--supplier", SUPPLIER, "--recipient", RECIPIENT,
            "--category", "ammunition", "--item", text_of(LIMIT["item"]), "--quantity", str(domain.QUANTITY_MAX),
        )  # fmt: skip
    ok("prediction", "confirm", "1", "--evidence", OTHER_URL_AT_LIMIT, "--note", text_of(LIMIT["note"]), "--on", "2020-02-29")
    ok("prediction", "annul", "2", "--as", "withdrawn", "--note", text_of(LIMIT["note"], "f𝔸"))
    ok("prediction", "reopen", "2", "--reason", text_of(LIMIT["reason"], "g𝔸"))


def _lines(path: Path) -> list[Any]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines[0].pop("exported_at") and lines[0].pop("database")
    return records_of_export(lines)  # type: ignore[no-any-return]


# Every text column, in a stable order: what must come back exactly.
STORED_TEXT = [
    "SELECT name, kind, iso_code FROM actor ORDER BY id",
    "SELECT alias FROM actor_alias ORDER BY id",
    "SELECT title, url, publisher, author, notes, recorded_by, published_on FROM source ORDER BY id",
    "SELECT statement, recorded_by, occurred_on, stated_on FROM claim ORDER BY id",
    "SELECT excerpt, added_by FROM claim_source ORDER BY claim_id, source_id",
    "SELECT statement, criteria, resolution_note, recorded_by, made_on, resolve_by FROM prediction ORDER BY id",
    "SELECT item, quantity FROM arms_transfer ORDER BY id",
    "SELECT changed_by, reason FROM status_history ORDER BY id",
    "SELECT name FROM tag ORDER BY id",
]


def _stored(url: str) -> list[list[tuple[Any, ...]]]:
    with psycopg.connect(_libpq(url)) as connection:
        return [connection.execute(query).fetchall() for query in STORED_TEXT]


@pytest.fixture
def second_database(server_url: str, template_database: str) -> Iterator[Invoke]:
    name = fresh_database(server_url, template_database)
    yield Invoke(_with_database(server_url, name))
    drop_database(server_url, name)


@pytest.mark.parametrize("fmt", ["ndjson", "json"])
def test_a_database_holding_a_value_at_every_limit_exports_and_imports_back_unchanged(
    invoke: Invoke, second_database: Invoke, tmp_path: Path, fmt: str
) -> None:
    _fill_every_field_to_its_limit(invoke)
    stored = _stored(invoke.url)
    assert URL_AT_LIMIT in [row[1] for row in stored[2]]
    assert {row[0] for row in stored[7]} == {USER}  # every change, by the name at its limit
    exported = tmp_path / f"first.{fmt}"
    assert invoke("export", "--format", fmt, "-o", str(exported)).exit_code == 0
    imported = second_database("import", str(exported))
    assert imported.exit_code == 0, imported.output
    assert _stored(second_database.url) == stored
    again = tmp_path / f"second.{fmt}"
    assert second_database("export", "--format", fmt, "-o", str(again)).exit_code == 0
    if fmt == "ndjson":
        assert _lines(again) == _lines(exported)
    else:
        first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (exported, again))
        assert first.pop("exported_at") and second.pop("exported_at")
        assert first.pop("database") and second.pop("database")  # each database names itself
        assert records_of_export(second) == records_of_export(first)


# --- one past each limit, by every way in ------------------------------------------------------


def too_long(field: str) -> str:
    return text_of(LIMIT[field] + 1)


def too_long_problem(field: str) -> str:
    return f"is {LIMIT[field] + 1:,} characters long; the most is {LIMIT[field]:,}."


URL_TOO_LONG = url_of(domain.URL_MAX + 1, domain.URL_MAX + 1)
URL_TOO_WIDE = url_of(domain.URL_MAX, domain.URL_MAX_BYTES + 1)
URL_PROBLEMS = {
    URL_TOO_LONG: f"the URL is {domain.URL_MAX + 1:,} characters long; the most is {domain.URL_MAX:,}.",
    URL_TOO_WIDE: (
        f"the URL is {domain.URL_MAX_BYTES + 1:,} bytes long in UTF-8; the most is {domain.URL_MAX_BYTES:,} bytes, "
        "what the database's index on it can hold."
    ),
}


def _cli_cases() -> Iterator[tuple[list[str], str]]:
    """(arguments, the Error line)."""
    for field, args, where in [
        ("statement", ["claim", "add", "{}"], "STATEMENT"),
        ("excerpt", ["claim", "add", "S", "--source", "1", "--excerpt", "{}"], "--excerpt"),
        ("name", ["claim", "add", "S", "--actor", "{}"], "--actor"),
        ("name", ["claim", "add", "S", "--claimant", "{}"], "--claimant"),
        ("reason", ["claim", "set-status", "1", "contested", "--reason", "{}"], "--reason"),
        ("query", ["claim", "search", "{}"], "QUERY"),
        ("title", ["source", "add", "{}"], "TITLE"),
        ("publisher", ["source", "add", "T", "--publisher", "{}"], "--publisher"),
        ("author", ["source", "add", "T", "--author", "{}"], "--author"),
        ("notes", ["source", "add", "T", "--notes", "{}"], "--notes"),
        ("name", ["actor", "add", "{}", "--kind", "state"], "NAME"),
        ("alias", ["actor", "add", "A", "--kind", "state", "--alias", "{}"], "--alias"),
        ("statement", ["prediction", "add", "{}", "--resolve-by", "2030"], "STATEMENT"),
        ("criteria", ["prediction", "add", "S", "--resolve-by", "2030", "--criteria", "{}"], "--criteria"),
        ("item", ["prediction", "add", "S", "--resolve-by", "2030", "--item", "{}"], "--item"),
        ("name", ["prediction", "add", "S", "--resolve-by", "2030", "--by", "{}"], "--by"),
        ("note", ["prediction", "confirm", "1", "--evidence", "1", "--note", "{}"], "--note"),
        ("note", ["prediction", "annul", "1", "--as", "ambiguous", "--note", "{}"], "--note"),
        ("reason", ["prediction", "reopen", "1", "--reason", "{}"], "--reason"),
        ("user", ["--as", "{}", "claim", "add", "S"], "--as"),
    ]:
        value = too_long(field)
        yield [value if arg == "{}" else arg for arg in args], f"Error: Invalid value for '{where}': {too_long_problem(field)}"
    for url, problem in URL_PROBLEMS.items():
        yield ["source", "add", "T", "--url", url], f"Error: Invalid value for '--url': {problem}"
        yield ["claim", "add", "S", "--source", url], f"Error: Invalid value for '--source': {problem}"
        yield ["prediction", "confirm", "1", "--evidence", url], f"Error: Invalid value for '--evidence': {problem}"
    yield ["claim", "add", "S", "--tag", "t" * (domain.TAG_MAX + 1)], (
        f"Error: Invalid value for '--tag': \"{'t' * (domain.TAG_MAX + 1)}\" is not a tag; use up to {domain.TAG_MAX} "
        "letters, digits and - _ . : / (starting with a letter or digit)."
    )


def _counts(url: str) -> tuple[int, ...]:
    with psycopg.connect(_libpq(url)) as connection:
        row = connection.execute(
            "SELECT (SELECT count(*) FROM actor), (SELECT count(*) FROM source), (SELECT count(*) FROM claim),"
            " (SELECT count(*) FROM prediction), (SELECT count(*) FROM tag)"
        ).fetchone()
        assert row is not None
        return tuple(row)


def test_one_past_each_limit_is_a_usage_error_on_the_command_line(invoke: Invoke) -> None:
    for args, error in _cli_cases():
        result = invoke(*args)
        assert (result.exit_code, result.stderr.splitlines()[-1]) == (2, error), args[:3]
    assert _counts(invoke.url) == (0, 0, 0, 0, 0)


def test_a_user_name_past_its_limit_in_the_environment_is_named_as_such(invoke: Invoke) -> None:
    result = invoke("claim", "add", "S", user=too_long("user"))
    error = f"Error: Invalid value for '$CLAIMTRACK_USER': {too_long_problem('user')}"
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (2, error)


def _yaml(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON is YAML (whose \\u escapes would split a 4-byte character in two)


def _seed_cases() -> Iterator[tuple[dict[str, Any], str]]:
    """(a seed file's records, the field and problem its Error line names)."""
    actor = {"name": "Russia", "kind": "state"}
    for field, records, named in [
        ("name", {"actors": [{"name": "{}", "kind": "state"}]}, "name"),
        ("alias", {"actors": [{"name": "A", "kind": "state", "aliases": ["{}"]}]}, "aliases[0]"),
        ("title", {"sources": [{"title": "{}"}]}, "title"),
        ("publisher", {"sources": [{"title": "T", "publisher": "{}"}]}, "publisher"),
        ("author", {"sources": [{"title": "T", "author": "{}"}]}, "author"),
        ("notes", {"sources": [{"title": "T", "notes": "{}"}]}, "notes"),
        ("statement", {"claims": [{"statement": "{}"}]}, "statement"),
        ("name", {"claims": [{"statement": "S", "claimant": "{}"}]}, "claimant"),
        ("name", {"claims": [{"statement": "S", "actors": ["{}"]}]}, "actors[0]"),
        ("excerpt", {"claims": [{"statement": "S", "evidence": [{"source": "https://example.org/a", "excerpt": "{}"}]}]}, "evidence[0].excerpt"),
        ("item", {"actors": [actor], "claims": [{"statement": "S", "arms_transfer": {"supplier": "Russia", "recipient": "Russia", "category": "other", "item": "{}"}}]}, "arms_transfer.item"),
        ("statement", {"predictions": [{"statement": "{}", "resolve_by": "2030"}]}, "statement"),
        ("criteria", {"predictions": [{"statement": "S", "resolve_by": "2030", "criteria": "{}"}]}, "criteria"),
        ("name", {"predictions": [{"statement": "S", "resolve_by": "2030", "by": "{}"}]}, "by"),
        ("note", {"predictions": [{"statement": "S", "resolve_by": "2030", "resolution": {"status": "withdrawn", "note": "{}"}}]}, "resolution.note"),
    ]:
        text = json.dumps(records).replace('"{}"', json.dumps(too_long(field)))
        yield json.loads(text), f"{named}: {too_long_problem(field)}"
    for url, problem in URL_PROBLEMS.items():
        yield {"sources": [{"title": "T", "url": url}]}, f"url: {problem}"
        yield {"claims": [{"statement": "S", "evidence": [{"source": url}]}]}, f"evidence[0].source: {problem}"


def test_one_past_each_limit_is_refused_in_seeds(invoke: Invoke, tmp_path: Path) -> None:
    for number, (records, problem) in enumerate(_seed_cases()):
        directory = tmp_path / f"seeds{number}"
        directory.mkdir()
        (directory / "seeds.yaml").write_text(_yaml(records), encoding="utf-8")
        result = invoke("seed", str(directory))
        assert result.exit_code == 1, (problem, result.output)
        assert result.stderr.startswith("Error: seeds.yaml: ") and result.stderr.endswith(f": {problem}\n"), (problem, result.stderr)
    assert _counts(invoke.url) == (0, 0, 0, 0, 0)


def _csv(path: Path, columns: dict[str, str]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerow(columns.values())
    return path


def _csv_cases() -> Iterator[tuple[dict[str, str], str]]:
    for field, columns, named in [
        ("statement", {"statement": "{}"}, "statement"),
        ("excerpt", {"statement": "S", "source": "https://example.org/a", "excerpt": "{}"}, "excerpt"),
        ("name", {"statement": "S", "claimant": "{}"}, "claimant"),
        ("name", {"statement": "S", "actors": "{}:target"}, "actors[0]"),
        ("item", {"statement": "S", "supplier": "A", "recipient": "B", "category": "other", "item": "{}"}, "item"),
        ("statement", {"statement": "{}", "resolve_by": "2030"}, "statement"),
        ("criteria", {"statement": "S", "resolve_by": "2030", "criteria": "{}"}, "criteria"),
        ("name", {"statement": "S", "resolve_by": "2030", "by": "{}"}, "by"),
        ("note", {"statement": "S", "resolve_by": "2030", "status": "ambiguous", "note": "{}"}, "note"),
    ]:
        yield {k: too_long(field) if v == "{}" else v.replace("{}", too_long(field)) for k, v in columns.items()}, f"{named}: {too_long_problem(field)}"
    for url, problem in URL_PROBLEMS.items():
        yield {"statement": "S", "source": url}, f"source: {problem}"
        yield {"statement": "S", "resolve_by": "2030", "status": "confirmed", "evidence": url}, f"evidence: {problem}"


def test_one_past_each_limit_is_refused_in_a_csv_import(invoke: Invoke, tmp_path: Path) -> None:
    for number, (columns, problem) in enumerate(_csv_cases()):
        result = invoke("import", str(_csv(tmp_path / f"rows{number}.csv", columns)))
        assert result.exit_code == 1, (problem, result.output)
        assert result.stderr == f"Error: rows{number}.csv line 2: {problem} Nothing was imported.\n", problem
    assert _counts(invoke.url) == (0, 0, 0, 0, 0)


ACTOR = {"id": 1, "name": "Russia", "kind": "state", "iso_code": "RUS", "aliases": []}
SOURCE = {"id": 1, "kind": "report", "title": "T", "url": "https://example.org/a", "recorded_by": "t"}
CLAIM = {"id": 1, "statement": "S", "status": "unverified", "recorded_by": "t"}
PREDICTION = {"id": 1, "statement": "P", "made": "2024", "resolve_by": "2030", "status": "open", "recorded_by": "t"}
HISTORY = {"id": 1, "claim": 1, "to_status": "unverified", "changed_at": "2024-01-01T00:00:00Z", "effective_on": "2024-01-01", "changed_by": "t"}


def _export_cases() -> Iterator[tuple[dict[str, list[dict[str, Any]]], str, str]]:
    """(the records of an export, where the refused one is, the field and problem)."""

    def record(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
        return {**base, **changes}

    for field, records, where, named in [
        ("name", {"actors": [record(ACTOR, name="{}")]}, "actors[0]", "name"),
        ("alias", {"actors": [record(ACTOR, aliases=["{}"])]}, "actors[0]", "aliases[0]"),
        ("title", {"sources": [record(SOURCE, title="{}")]}, "sources[0]", "title"),
        ("publisher", {"sources": [record(SOURCE, publisher="{}")]}, "sources[0]", "publisher"),
        ("author", {"sources": [record(SOURCE, author="{}")]}, "sources[0]", "author"),
        ("notes", {"sources": [record(SOURCE, notes="{}")]}, "sources[0]", "notes"),
        ("user", {"sources": [record(SOURCE, recorded_by="{}")]}, "sources[0]", "recorded_by"),
        ("statement", {"claims": [record(CLAIM, statement="{}")]}, "claims[0]", "statement"),
        ("user", {"claims": [record(CLAIM, recorded_by="{}")]}, "claims[0]", "recorded_by"),
        ("excerpt", {"sources": [SOURCE], "claims": [record(CLAIM, evidence=[{"source": 1, "excerpt": "{}", "added_by": "t"}])]}, "claims[0]", "evidence[0].excerpt"),
        ("user", {"sources": [SOURCE], "claims": [record(CLAIM, evidence=[{"source": 1, "added_by": "{}"}])]}, "claims[0]", "evidence[0].added_by"),
        ("item", {"actors": [ACTOR, record(ACTOR, id=2, name="B", iso_code="BBB")], "claims": [record(CLAIM, arms_transfer={"supplier": 1, "recipient": 2, "category": "other", "item": "{}"})]}, "claims[0]", "arms_transfer.item"),
        ("statement", {"predictions": [record(PREDICTION, statement="{}")]}, "predictions[0]", "statement"),
        ("criteria", {"predictions": [record(PREDICTION, criteria="{}")]}, "predictions[0]", "criteria"),
        ("note", {"predictions": [record(PREDICTION, status="withdrawn", resolved_on="2025-01-01", resolution_note="{}")]}, "predictions[0]", "resolution_note"),
        ("user", {"predictions": [record(PREDICTION, recorded_by="{}")]}, "predictions[0]", "recorded_by"),
        ("user", {"claims": [CLAIM], "history": [record(HISTORY, changed_by="{}")]}, "history[0]", "changed_by"),
        ("reason", {"claims": [CLAIM], "history": [record(HISTORY, reason="{}")]}, "history[0]", "reason"),
    ]:
        text = json.dumps(records).replace('"{}"', json.dumps(too_long(field)))
        yield json.loads(text), where, f"{named}: {too_long_problem(field)}"
    for url, problem in URL_PROBLEMS.items():
        yield {"sources": [record(SOURCE, url=url)]}, "sources[0]", f"url: {problem}"
    tag = "t" * (domain.TAG_MAX + 1)
    yield {"tags": [{"name": tag}]}, "tags[0]", f"name: {too_long_problem('tag')}"


def _ndjson(path: Path, records: dict[str, list[dict[str, Any]]]) -> Path:
    header = {"type": "header", "format": "claimtrack", "format_version": 1}
    lines = [header] + [{"type": plural.rstrip("s") if plural != "history" else "history", **r} for plural, rs in records.items() for r in rs]
    lines.append({"type": "end", "counts": {plural: len(rs) for plural, rs in records.items()}})
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.mark.slow
def test_one_past_each_limit_is_refused_in_a_json_and_an_ndjson_import(invoke: Invoke, tmp_path: Path) -> None:
    for number, (records, where, problem) in enumerate(_export_cases()):
        document = tmp_path / f"export{number}.json"
        document.write_text(json.dumps({"format": "claimtrack", "format_version": 1, **records}), encoding="utf-8")
        result = invoke("import", str(document))
        assert result.stderr == f"Error: export{number}.json: {where}: {problem} Nothing was imported.\n", problem
        assert result.exit_code == 1
        lines = _ndjson(tmp_path / f"export{number}.ndjson", records)
        result = invoke("import", str(lines))
        line = 1 + len([r for rs in records.values() for r in rs])  # the refused record is the last one
        assert result.stderr == f"Error: export{number}.ndjson line {line}: {problem} Nothing was imported.\n", problem
        assert result.exit_code == 1
    assert _counts(invoke.url) == (0, 0, 0, 0, 0)
