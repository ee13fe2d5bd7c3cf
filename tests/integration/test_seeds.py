"""The seeds from the founding article, and `claimtrack seed`: schema, idempotence, all or nothing."""

from __future__ import annotations

import json

from datetime import date
from pathlib import Path

import pytest

from claimtrack.io.seeds import read_seeds, seeds_directory

SEEDS = seeds_directory()
TREATY = "Treaty on Comprehensive Strategic Partnership between the Russian Federation and the Democratic People's Republic of Korea"
ARTICLE = "Understanding the Deepening Relationship Between North Korea and Russia"
COUNT_LINES = (
    "actors: {a} created, {b} unchanged\n"
    "sources: {c} created, {d} unchanged\n"
    "tags: {e} created, {f} unchanged\n"
    "claims: {g} created, {h} unchanged\n"
    "predictions: {i} created, {j} unchanged\n"
)


def _table_counts(sql) -> dict[str, int]:  # type: ignore[no-untyped-def]
    tables = ("actor", "actor_alias", "source", "tag", "claim", "claim_actor", "claim_tag", "claim_source",
              "prediction", "prediction_actor", "prediction_tag", "arms_transfer", "status_history")  # fmt: skip
    return {t: sql.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def test_the_bundled_seeds_validate_against_the_schema() -> None:
    seeds = read_seeds(SEEDS, today=date(2026, 1, 1))
    assert [a.name for a in seeds.actors] == [
        "North Korea", "Russia", "Ukraine", "Soviet Union", "Vladimir Putin", "Kim Jong Un", "Kim Jong Il", "UN Security Council",
    ]  # fmt: skip
    assert [s.title for s in seeds.sources] == [ARTICLE, TREATY]
    assert len(seeds.claims) == 16 and len(seeds.predictions) == 4


def test_seeding_twice_creates_nothing_the_second_time_and_says_so(invoke, sql) -> None:  # type: ignore[no-untyped-def]
    first = invoke("seed")
    assert first.exit_code == 0, first.output
    assert first.stderr == COUNT_LINES.format(a=8, b=0, c=2, d=0, e=21, f=0, g=16, h=0, i=4, j=0)
    assert first.stdout == ""
    after_first = _table_counts(sql)
    second = invoke("seed")
    assert second.exit_code == 0, second.output
    assert second.stderr == COUNT_LINES.format(a=0, b=8, c=0, d=2, e=0, f=21, g=0, h=16, i=0, j=4) + (
        "nothing new: the database already holds every seed.\n"
    )
    assert _table_counts(sql) == after_first


def test_the_article_is_a_source_with_its_image_credit_and_nothing_invented(invoke, sql) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    kind, url, publisher, author, published, reliability, notes = sql.execute(
        "SELECT kind, url, publisher, author, published_on, reliability, notes FROM source WHERE title = %s", (ARTICLE,)
    ).fetchone()
    assert (kind, url, publisher, author, published, reliability) == ("news_article", None, None, None, None, "F")
    assert '"The Times of India"' in notes
    assert "Unknown: URL, publisher, author and publication date" in notes


def test_the_actors_carry_their_codes_and_aliases(invoke, sql) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    rows = sql.execute(
        "SELECT a.name, a.kind, a.iso_code, coalesce(array_agg(al.alias ORDER BY al.id) FILTER (WHERE al.alias IS NOT NULL), '{}')"
        " FROM actor a LEFT JOIN actor_alias al ON al.actor_id = a.id GROUP BY a.id ORDER BY a.name"
    ).fetchall()
    assert rows == [
        ("Kim Jong Il", "person", None, []),
        ("Kim Jong Un", "person", None, []),
        ("North Korea", "state", "PRK", ["DPRK", "Democratic People's Republic of Korea"]),
        ("Russia", "state", "RUS", ["Russian Federation"]),
        ("Soviet Union", "state", "SUN", ["USSR", "Union of Soviet Socialist Republics"]),
        ("UN Security Council", "organization", None, ["United Nations Security Council", "UNSC"]),
        ("Ukraine", "state", "UKR", []),
        ("Vladimir Putin", "person", None, ["Putin"]),
    ]


@pytest.mark.parametrize(
    ("statement", "occurred", "precision"),
    [
        ("The Soviet Union collapsed in 1991, leaving North Korea without a key benefactor.", date(1991, 1, 1), "year"),
        ("In 2000 Vladimir Putin visited Pyongyang to meet North Korea's then-leader Kim Jong Il, seeking to renew ties.", date(2000, 1, 1), "year"),
        ("Russia forgave most of North Korea's debt in 2012.", date(2012, 1, 1), "year"),
        ("Russian President Vladimir Putin made a two-day visit to Pyongyang to meet North Korean leader Kim Jong Un.", date(2024, 6, 18), "day"),
        ("The loss of the Soviet Union as its benefactor led to a widespread famine in North Korea.", None, None),
        ("Russia vetoed a UN Security Council resolution to renew the monitoring of North Korea's sanctions violations.", None, None),
    ],
)
def test_claims_keep_the_date_precision_the_article_gives(invoke, sql, statement: str, occurred, precision) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    found = sql.execute(
        "SELECT occurred_on, occurred_precision, stated_on, stated_precision, status FROM claim WHERE statement = %s", (statement,)
    ).fetchone()
    assert found == (occurred, precision, date(2024, 6, 1), "month", "unverified")


def test_the_debt_claim_names_its_actors_roles_tags_and_evidence(invoke, sql) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    claim_id = sql.execute("SELECT id FROM claim WHERE statement = %s", ("Russia forgave most of North Korea's debt in 2012.",)).fetchone()[0]
    actors = sql.execute(
        "SELECT a.iso_code, ca.role FROM claim_actor ca JOIN actor a ON a.id = ca.actor_id WHERE ca.claim_id = %s ORDER BY 1", (claim_id,)
    ).fetchall()
    assert actors == [("PRK", "target"), ("RUS", "subject")]
    tags = [t for (t,) in sql.execute("SELECT t.name FROM claim_tag x JOIN tag t ON t.id = x.tag_id WHERE x.claim_id = %s ORDER BY 1", (claim_id,))]
    assert tags == ["debt", "economy", "north-korea-russia"]
    stance, excerpt, title = sql.execute(
        "SELECT x.stance, x.excerpt, s.title FROM claim_source x JOIN source s ON s.id = x.source_id WHERE x.claim_id = %s", (claim_id,)
    ).fetchone()
    assert (stance, title) == ("supports", ARTICLE)
    assert excerpt == "Since then, the two countries have drawn closer, with Russia forgiving most of North Korea’s debt in 2012."


def test_the_war_materials_prediction_is_likely_with_an_arms_transfer_from_north_korea_to_russia(invoke, sql) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    row = sql.execute(
        "SELECT p.probability, p.likelihood, p.made_on, p.made_precision, p.resolve_by, p.resolve_by_precision, p.status,"
        " s.title, su.iso_code, re.iso_code, t.category FROM prediction p JOIN source s ON s.id = p.predictor_source_id"
        " JOIN arms_transfer t ON t.prediction_id = p.id JOIN actor su ON su.id = t.supplier_id JOIN actor re ON re.id = t.recipient_id"
        " WHERE p.statement LIKE 'North Korea will push to export more war materials%%'"
    ).fetchone()
    assert row == (0.675, "likely", date(2024, 6, 1), "month", date(2025, 6, 30), "month", "open", ARTICLE, "PRK", "RUS", "other")


def test_seeded_predictions_have_deadlines_and_criteria_and_are_resolved_only_on_the_named_treaty(invoke, sql) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    rows = sql.execute(
        "SELECT p.status, p.resolve_by, length(p.criteria) > 100, p.resolved_on, s.title, s.publisher, s.published_on, s.url"
        " FROM prediction p LEFT JOIN source s ON s.id = p.evidence_source_id ORDER BY p.id"
    ).fetchall()
    treaty = (TREATY, "Governments of the Russian Federation and of the DPRK (signatories)", date(2024, 6, 19), None)
    assert rows == [
        ("confirmed", date(2024, 6, 19), True, date(2024, 6, 19), *treaty),
        ("confirmed", date(2024, 12, 31), True, date(2024, 6, 19), *treaty),
        ("open", date(2025, 6, 30), True, None, None, None, None, None),
        ("open", date(2024, 6, 19), True, None, None, None, None, None),
    ]
    history = sql.execute("SELECT prediction_id, from_status, to_status, evidence_source_id IS NOT NULL FROM status_history WHERE prediction_id IS NOT NULL ORDER BY id").fetchall()
    # Seeded already resolved, each was open from the day it was made until it was resolved.
    assert history == [(1, None, "open", False), (1, "open", "confirmed", True), (2, None, "open", False), (2, "open", "confirmed", True), (3, None, "open", False), (4, None, "open", False)]
    as_of = invoke("prediction", "list", "--as-of", "2024-06-18", "--format", "json")
    assert sorted((p["id"], p["status"]) for p in json.loads(as_of.stdout)) == [(1, "open"), (2, "open"), (3, "open"), (4, "open")]


def _write(directory: Path, name: str, content: str) -> Path:
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(content, encoding="utf-8")
    return directory


def test_a_yaml_with_a_python_object_tag_is_refused(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seeds = _write(tmp_path / "seeds", "evil.yaml", "actors:\n  - !!python/object/apply:os.system ['echo hacked']\n")
    result = invoke("seed", str(seeds))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: evil.yaml line 2: the tag !!python/object/apply:os.system is refused; "
        "seed files hold plain YAML data only (no Python objects).\n"
    )
    assert _table_counts(sql)["actor"] == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("actors:\n  - name: Chad\n    kind: country\n", 'a.yaml: actors[0] ("Chad"): kind: "country" is not one of: state, person, organization, armed_group, other.'),
        ("claims:\n  - statement: It rained.\n    ocurred: 2012\n", 'a.yaml: claims[0] ("It rained."): ocurred: unknown field; the fields are: statement, status, credibility, claimant, actors, tags, occurred, stated, evidence, arms_transfer.'),
        ("claims:\n  - statement: It rained.\n    occurred: 2012-13\n", 'a.yaml: claims[0] ("It rained."): occurred: "2012-13" is not a real date; use YYYY, YYYY-MM or YYYY-MM-DD.'),
        ("predictions:\n  - statement: It will rain.\n    made: 2024\n", 'a.yaml: predictions[0] ("It will rain."): resolve_by: is missing; every prediction needs a deadline: YYYY, YYYY-MM, YYYY-MM-DD, or +90d, +6m, +1y from today.'),
        ("predictions:\n  - statement: It will rain.\n    made: 2024\n    resolve_by: 2025\n    resolution: {status: confirmed, resolved_on: 2025-01-02}\n",
         'a.yaml: predictions[0] ("It will rain."): resolution.evidence: is missing; a confirmed prediction needs its evidence source (a URL, or a source\'s title in seeds).'),
        ("claims:\n  - statement: It rained.\n    evidence:\n      - {source: Nowhere, stance: doubts}\n", 'a.yaml: claims[0] ("It rained."): evidence[0].stance: "doubts" is not one of: supports, disputes, reports.'),
        ("claim:\n  - statement: It rained.\n", "a.yaml: claim: unknown field; the fields are: actors, sources, claims, predictions."),
    ],
)
def test_a_seed_that_breaks_the_schema_is_refused_naming_file_record_and_field(invoke, tmp_path: Path, content: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("seed", str(_write(tmp_path / "seeds", "a.yaml", content)))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"


def test_seeding_is_all_or_nothing(invoke, sql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seeds = _write(
        tmp_path / "seeds",
        "a.yaml",
        "actors:\n  - {name: Chad, kind: state, iso_code: TCD}\n"
        "claims:\n  - {statement: Chad said so., actors: [Chad]}\n  - {statement: Nobody said so., actors: [Narnia]}\n",
    )
    result = invoke("seed", str(seeds))
    assert result.exit_code == 1
    assert result.stderr.startswith('Error: a.yaml: claims[1] ("Nobody said so."): actors: no actor "Narnia".')
    assert _table_counts(sql) == dict.fromkeys(_table_counts(sql), 0)


def test_a_prediction_refers_to_its_claim_by_statement(invoke, sql) -> None:  # type: ignore[no-untyped-def]
    assert invoke("seed").exit_code == 0
    linked = sql.execute(
        "SELECT c.statement FROM prediction p JOIN claim c ON c.id = p.claim_id WHERE p.statement LIKE 'A major event%%'"
    ).fetchone()
    assert linked == ("Satellite images show preparations in Pyongyang for a possible major event or parade linked to Putin's visit.",)
