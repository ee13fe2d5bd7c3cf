"""claimtrack import and export through CliRunner: formats, messages, broken files, ClaimReview."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HEADER = {"type": "header", "format": "claimtrack", "format_version": 1, "exported_at": "2026-01-01T00:00:00.000000Z"}
ACTOR = {"type": "actor", "id": 1, "name": "North Korea", "kind": "state", "iso_code": "PRK", "aliases": ["DPRK"]}
SOURCE = {"type": "source", "id": 1, "kind": "news_article", "title": "A report", "url": "https://example.org/a", "recorded_by": "t"}


def _claim(number: int, **changes: object) -> dict[str, object]:
    claim: dict[str, object] = {"type": "claim", "id": number, "statement": f"Claim {number}.", "status": "unverified",
                                "recorded_by": "t", "actors": [{"actor": 1, "role": "subject"}], "occurred": "2012"}  # fmt: skip
    claim.update(changes)
    return claim


def _ndjson(path: Path, records: list[dict[str, object]], *, end: bool = True) -> Path:
    lines = [HEADER, *records] + ([{"type": "end", "counts": {}}] if end else [])
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    return path


def _counts(sql) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    return tuple(sql.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("actor", "source", "tag", "claim", "prediction", "status_history"))


NOTHING = (0, 0, 0, 0, 0, 0)


def test_an_ndjson_file_is_imported_and_the_counts_are_reported(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _ndjson(tmp_path / "data.ndjson", [ACTOR, SOURCE, _claim(1, tags=["Debt"], evidence=[{"source": 1, "added_by": "t"}]), _claim(2)])
    result = invoke("import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == (
        "actors: 1 created, 0 unchanged\nsources: 1 created, 0 unchanged\ntags: 1 created, 0 unchanged\n"
        "claims: 2 created, 0 unchanged\npredictions: 0 created, 0 unchanged\nhistory: 0 created, 0 unchanged\n"
        "imported data.ndjson (ndjson).\n"
    )
    # No history in the file: each claim gets its first entry, by its recorder, at its creation.
    assert sql.execute("SELECT claim_id, from_status, to_status, changed_by FROM status_history ORDER BY claim_id").fetchall() == [
        (1, None, "unverified", "t"), (2, None, "unverified", "t"),
    ]  # fmt: skip


def test_a_dry_run_checks_everything_and_writes_nothing(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _ndjson(tmp_path / "data.ndjson", [ACTOR, SOURCE, _claim(1)])
    result = invoke("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith("would import data.ndjson (ndjson); nothing was written (--dry-run).\n")
    assert _counts(sql) == NOTHING
    added = invoke("claim", "add", "Added after a dry run.")
    assert added.stdout == "1\n"


@pytest.mark.parametrize(
    ("records", "end", "message"),
    [
        ([ACTOR, SOURCE, _claim(1), _claim(2), _claim(3), _claim(4, occurred="2012-13")], True,
         'data.ndjson line 7: occurred: "2012-13" is not a real date; use YYYY, YYYY-MM or YYYY-MM-DD.'),
        ([ACTOR, SOURCE, _claim(1, actors=[{"actor": 9, "role": "subject"}])], True,
         "data.ndjson line 4: actors[0].actor: no actor 9 earlier in the file; every actor a record names must come before it."),
        ([ACTOR, SOURCE, {**SOURCE, "id": 2, "url": "https://EXAMPLE.org/a/"}], True,
         "data.ndjson line 4: url: https://example.org/a is also the URL of data.ndjson line 3; a URL names one source."),
        ([ACTOR, SOURCE, _claim(1)], False,
         "data.ndjson line 4: the file ends without its end line; it is truncated. Export it again."),
        ([ACTOR, _claim(1), SOURCE], True,
         "data.ndjson line 4: a source after the claims; records come in this order: actors, sources, tags, claims, predictions, forecasts, history, changes, agreements."),
        ([ACTOR, _claim(1), {**_claim(1), "statement": "Again."}], True, "data.ndjson line 4: id: claim 1 appears twice; ids are unique within a file."),
        ([ACTOR, {"type": "agreement", "peer": "0f8e6a52-4b1e-4c0a-9d7e-3c2b1a0f9e8d", "kind": "claim",
                  "uid": "1f8e6a52-4b1e-4c0a-9d7e-3c2b1a0f9e8d", "fingerprint": "not-hex"}], True,
         'data.ndjson line 3: fingerprint: "not-hex" is not a fingerprint; an export writes 32 lower-case hexadecimal digits.'),
        ([ACTOR, {"type": "agreement", "peer": "0f8e6a52-4b1e-4c0a-9d7e-3c2b1a0f9e8d", "kind": "tag",
                  "uid": "1f8e6a52-4b1e-4c0a-9d7e-3c2b1a0f9e8d", "fingerprint": "0" * 32}], True,
         'data.ndjson line 3: kind: "tag" is not one of: actor, source, claim, prediction.'),
    ],
)
def test_a_broken_ndjson_file_writes_nothing_and_says_where(invoke, sql, tmp_path: Path, records, end: bool, message: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("import", str(_ndjson(tmp_path / "data.ndjson", records, end=end)))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message} Nothing was imported.\n"
    assert _counts(sql) == NOTHING


def test_a_line_cut_in_the_middle_is_named(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _ndjson(tmp_path / "data.ndjson", [ACTOR, SOURCE, _claim(1)])
    text = path.read_text()
    path.write_text(text[: text.index('"statement"') + 5])
    result = invoke("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: data.ndjson line 4: not valid JSON (")
    assert result.stderr.endswith("the line is damaged or the file truncated. Nothing was imported.\n")
    assert _counts(sql) == NOTHING


def test_a_truncated_json_export_is_refused(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    assert invoke("export", "-o", str(tmp_path / "all.json")).exit_code == 0
    text = (tmp_path / "all.json").read_text()
    (tmp_path / "cut.json").write_text(text[: len(text) // 2])
    lines_kept = text[: len(text) // 2].count("\n") + 1
    result = invoke("--database-url", invoke.url, "import", str(tmp_path / "cut.json"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cut.json line {lines_kept}, column ")
    assert result.stderr.endswith("the file is damaged or truncated. Nothing was imported.\n")


def test_an_unknown_actor_in_a_json_export_names_the_record_and_field(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = {"format": "claimtrack", "format_version": 1, "actors": [{k: v for k, v in ACTOR.items() if k != "type"}],
                "claims": [{**{k: v for k, v in _claim(1).items() if k != "type"}, "claimant": 2}]}  # fmt: skip
    (tmp_path / "x.json").write_text(json.dumps(document))
    result = invoke("import", str(tmp_path / "x.json"))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: x.json: claims[0]: claimant: no actor 2 earlier in the file; every actor a record names must come before it. Nothing was imported.\n"
    )


CLAIMS_CSV = """statement,actors,tags,occurred,source,stance,excerpt
Russia forgave most of North Korea's debt.,RUS;North Korea:target,debt;economy,2012,https://example.org/debt,supports,"It forgave, mostly."
North Korea shipped shells.,PRK,arms,2023-09,https://example.org/debt,,
"A claim with a ""quote"" and a
line break.",DPRK:mentioned,,,,,
Another claim.,Russia,,2024,,,
The seventh line is broken.,Russia,,2012-13-01,,,
"""


def _seed_actors(invoke) -> None:  # type: ignore[no-untyped-def]
    assert invoke("actor", "add", "North Korea", "--kind", "state", "--country", "PRK", "--alias", "DPRK").exit_code == 0
    assert invoke("actor", "add", "Russia", "--kind", "state", "--country", "RUS").exit_code == 0


def test_a_csv_of_claims_with_a_bad_date_on_line_7_writes_nothing(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _seed_actors(invoke)
    path = tmp_path / "claims.csv"
    path.write_text(CLAIMS_CSV)
    result = invoke("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: claims.csv line 7: occurred: "2012-13-01" is not a real date; use YYYY, YYYY-MM or YYYY-MM-DD. Nothing was imported.\n'
    )
    assert sql.execute("SELECT count(*) FROM claim").fetchone() == (0,)


def test_a_csv_of_claims_names_actors_by_name_alias_or_code_and_sources_by_url(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _seed_actors(invoke)
    path = tmp_path / "claims.csv"
    path.write_text(CLAIMS_CSV.rsplit("The seventh", 1)[0])
    result = invoke("import", str(path), user="carol")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "sources: 1 created, 0 unchanged\ntags: 3 created, 0 unchanged\nclaims: 4 created, 0 unchanged\nimported claims.csv (csv).\n"
    )
    rows = sql.execute(
        "SELECT c.id, a.iso_code, ca.role FROM claim c JOIN claim_actor ca ON ca.claim_id = c.id JOIN actor a ON a.id = ca.actor_id ORDER BY 1, 2"
    ).fetchall()
    assert rows == [(1, "PRK", "target"), (1, "RUS", "subject"), (2, "PRK", "subject"), (3, "PRK", "mentioned"), (4, "RUS", "subject")]
    assert sql.execute("SELECT statement, occurred_on, occurred_precision, recorded_by FROM claim WHERE id = 3").fetchone() == (
        'A claim with a "quote" and a\nline break.', None, None, "carol",
    )  # fmt: skip
    assert sql.execute("SELECT count(*), min(url) FROM source").fetchone() == (1, "https://example.org/debt")
    assert sql.execute("SELECT stance, excerpt FROM claim_source WHERE claim_id = 1").fetchone() == ("supports", "It forgave, mostly.")
    assert sql.execute("SELECT count(*) FROM status_history WHERE changed_by = 'carol' AND to_status = 'unverified'").fetchone() == (4,)


def test_an_unknown_actor_in_a_csv_names_the_line_and_suggests_the_closest(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _seed_actors(invoke)
    (tmp_path / "claims.csv").write_text("statement,actors\nA claim.,Russia\nAnother.,Nort Korea\n")
    result = invoke("import", str(tmp_path / "claims.csv"))
    assert result.exit_code == 1
    assert result.stderr.startswith('Error: claims.csv line 3: actors: no actor "Nort Korea". Did you mean "North Korea" (PRK)?')
    assert result.stderr.endswith("Nothing was imported.\n")
    assert sql.execute("SELECT count(*) FROM claim").fetchone() == (0,)


def test_a_csv_row_cut_short_is_named(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "claims.csv").write_text("statement,occurred,stated\nA claim.,2012,2024\nCut short.,2012\n")
    result = invoke("import", str(tmp_path / "claims.csv"))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: claims.csv line 3: has 2 fields but the header has 3; the row is cut short or has extra commas. Nothing was imported.\n"
    )


def test_a_csv_of_predictions_with_an_arms_transfer_and_a_resolution(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _seed_actors(invoke)
    (tmp_path / "predictions.csv").write_text(
        "statement,by,made,resolve_by,likelihood,supplier,recipient,category,item,status,resolved_on,evidence,note\n"
        "North Korea will ship shells to Russia.,PRK,2024-06,2025,likely,PRK,RUS,ammunition,152 mm shells,confirmed,2024-10-01,https://example.org/shells,Seen in imagery.\n"
        "Russia will forgive more debt.,,2024-06,+1y,,,,,,,,,\n"
    )
    result = invoke("import", str(tmp_path / "predictions.csv"))
    assert result.exit_code == 0, result.output
    row = sql.execute(
        "SELECT p.status, p.probability, p.likelihood, p.resolve_by, s.url, t.category, t.item FROM prediction p"
        " JOIN source s ON s.id = p.evidence_source_id JOIN arms_transfer t ON t.prediction_id = p.id WHERE p.id = 1"
    ).fetchone()
    assert str(row[3]) == "2025-12-31"
    assert row[:3] + row[4:] == ("confirmed", 0.675, "likely", "https://example.org/shells", "ammunition", "152 mm shells")
    # Recorded already resolved: open from the day it was made, then confirmed.
    assert sql.execute("SELECT from_status, to_status, reason, effective_on::text FROM status_history WHERE prediction_id = 1 ORDER BY id").fetchall() == [
        (None, "open", None, "2024-06-01"),
        ("open", "confirmed", "Seen in imagery.", "2024-10-01"),
    ]  # fmt: skip


def test_a_csv_claim_cannot_arrive_confirmed(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "claims.csv").write_text("statement,status\nA claim.,confirmed\n")
    result = invoke("import", str(tmp_path / "claims.csv"))
    assert result.exit_code == 1
    assert result.stderr.startswith('Error: claims.csv line 2: status: "confirmed" needs its evidence recorded with the change;')


def test_an_unknown_csv_column_is_refused_with_the_list_of_columns(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "claims.csv").write_text("statement,ocurred\nA claim.,2012\n")
    result = invoke("import", str(tmp_path / "claims.csv"))
    assert result.exit_code == 1
    assert result.stderr.startswith('Error: claims.csv line 1: column "ocurred" is unknown for claims; the columns are: statement, status,')


def test_export_writes_json_to_stdout_with_a_format_version(invoke) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    result = invoke("export")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["format"], document["format_version"]) == ("claimtrack", 1)
    assert list(document) == ["format", "format_version", "exported_at", "database", "actors", "sources", "tags", "claims", "predictions", "history", "counts"]
    assert [len(document[k]) for k in list(document)[4:-1]] == [8, 2, 21, 16, 4, 22]
    assert document["counts"] == {"actors": 8, "sources": 2, "tags": 21, "claims": 16, "predictions": 4, "history": 22}  # the seeds: the article and the treaty; 2 predictions open then confirmed
    assert result.stderr == "exported 8 actors, 2 sources, 21 tags, 16 claims, 4 predictions, 22 history\n"


def test_claimreview_covers_the_claims_with_a_verdict_with_the_required_fields(invoke) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    assert invoke("claim", "cite", "11", "--source", "https://example.org/debt-deal", "--stance", "supports").exit_code == 0
    verdict = invoke("claim", "set-status", "11", "confirmed", "--reason", "Russia's parliament ratified the write-off.",
                     "--evidence", "https://example.org/debt-deal", user="dana")  # fmt: skip
    assert verdict.exit_code == 0, verdict.output
    assert invoke("claim", "set-status", "8", "refuted", "--reason", "Checked.", "--evidence", "https://example.org/x").exit_code == 0
    result = invoke("export", "--format", "claimreview")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["@context"] == "https://schema.org"
    reviews = document["@graph"]
    assert [r["claimReviewed"] for r in reviews] == [
        "With his visit in 2000, Vladimir Putin became the first Russian leader to visit Pyongyang and meet North Korea's leader.",
        "Russia forgave most of North Korea's debt in 2012.",
    ]
    for review in reviews:
        assert review["@type"] == "ClaimReview"
        assert {"claimReviewed", "itemReviewed", "reviewRating", "datePublished", "author"} <= set(review)
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["itemReviewed"]["appearance"][0]["headline"] == "Understanding the Deepening Relationship Between North Korea and Russia"
        assert review["reviewRating"]["bestRating"] == 5 and review["reviewRating"]["worstRating"] == 1
    debt = reviews[1]
    assert debt["reviewRating"] == {"@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1, "alternateName": "True"}
    assert reviews[0]["reviewRating"]["alternateName"] == "False"
    assert debt["author"] == {"@type": "Person", "name": "dana"}
    assert debt["itemReviewed"]["datePublished"] == "2024-06"
    assert [a.get("url") for a in debt["itemReviewed"]["appearance"]] == [None, "https://example.org/debt-deal"]
    assert debt["citation"] == {"@type": "CreativeWork", "headline": "https://example.org/debt-deal", "url": "https://example.org/debt-deal"}
    assert len(debt["datePublished"]) == 10


def test_a_row_only_the_database_refuses_is_named_by_its_line(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert invoke("actor", "add", "Korea, North", "--kind", "state", "--alias", "DPRK").exit_code == 0
    other = {**ACTOR, "name": "North Korea (file)", "iso_code": None}
    result = invoke("import", str(_ndjson(tmp_path / "data.ndjson", [other, SOURCE, _claim(1)])))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: data.ndjson line 2: the database refused this actor alias: duplicate key value")
    assert result.stderr.endswith("Nothing was imported.\n")
    assert sql.execute("SELECT count(*) FROM actor").fetchone() == (1,)
