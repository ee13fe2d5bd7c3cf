"""claimtrack source add | list | show, through CliRunner on a fresh database per test."""

from __future__ import annotations

import json

import pytest

ARTICLE = "https://example.org/nk-russia"


@pytest.fixture
def article(invoke):  # type: ignore[no-untyped-def]
    result = invoke(
        "source", "add", "North Korea seeks more trade with Russia", "--url", ARTICLE, "--kind", "news_article",
        "--publisher", "Example News", "--author", "A. Reporter", "--published", "2024-06", "--reliability", "b",
    )
    assert result.exit_code == 0, result.output
    return invoke


def source_count(sql) -> int:  # type: ignore[no-untyped-def]
    return sql.execute("SELECT count(*) FROM source").fetchone()[0]


def test_adding_a_source_prints_its_id_and_keeps_the_date_with_its_precision(article, sql) -> None:  # type: ignore[no-untyped-def]
    assert sql.execute(
        "SELECT title, url, kind, publisher, author, published_on::text, published_precision, reliability, recorded_by FROM source"
    ).fetchall() == [
        ("North Korea seeks more trade with Russia", ARTICLE, "news_article", "Example News", "A. Reporter", "2024-06-01", "month", "B", "tester")
    ]
    result = article("source", "add", "A report with no URL")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "2\n", "")
    assert sql.execute("SELECT kind, reliability, url FROM source WHERE id = 2").fetchone() == ("other", "F", None)


def test_the_url_is_stored_normalised(invoke, sql) -> None:  # type: ignore[no-untyped-def]
    result = invoke("source", "add", "T", "--url", "HTTPS://Example.ORG:443/a/b/?utm_source=x&id=3#part")
    assert result.exit_code == 0, result.output
    assert sql.execute("SELECT url FROM source").fetchone() == ("https://example.org/a/b?id=3",)


@pytest.mark.parametrize("same_url", [ARTICLE, "https://EXAMPLE.org/nk-russia/", "https://example.org/nk-russia#top", ARTICLE + "?utm_medium=social"])
def test_a_known_url_in_any_form_is_refused_naming_the_source_that_has_it(article, sql, same_url: str) -> None:  # type: ignore[no-untyped-def]
    result = article("source", "add", "Same article, again", "--url", same_url)
    assert result.exit_code == 1
    assert result.stderr == (
        f'Error: source 1 ("North Korea seeks more trade with Russia") already has the URL {ARTICLE}; '
        'cite it as --source 1, or correct its details with: claimtrack source edit 1 --title "..." (see: claimtrack source edit --help)\n'
    )
    assert source_count(sql) == 1


@pytest.mark.parametrize(
    ("args", "last_line"),
    [
        (["T", "--url", "ftp://example.org/x"], "Error: Invalid value for '--url': \"ftp://example.org/x\" is not a valid URL; use a full http(s):// address."),
        (["T", "--url", "example.org"], "Error: Invalid value for '--url': \"example.org\" is not a valid URL; use a full http(s):// address."),
        (["T", "--url", "http://exa mple.org"], "Error: Invalid value for '--url': \"http://exa mple.org\" is not a valid URL; use a full http(s):// address."),
        (["T", "--published", "2024-13"], "Error: Invalid value for '--published': \"2024-13\" is not a real date; use YYYY, YYYY-MM or YYYY-MM-DD."),
        (["T", "--published", "yesterday-ish"], "Error: Invalid value for '--published': \"yesterday-ish\" is not a date; use YYYY, YYYY-MM or YYYY-MM-DD."),
        (["T", "--reliability", "G"], "Error: Invalid value for '--reliability': 'G' is not one of 'A', 'B', 'C', 'D', 'E', 'F'."),
        (["T", "--kind", "blog"], "Error: Invalid value for '--kind': 'blog' is not one of 'news_article', 'official_statement', 'report', 'satellite_imagery', 'social_media', 'dataset', 'interview', 'other'."),
        ([""], "Error: Invalid value for 'TITLE': is empty; give some text."),
        (["T" * 1001], "Error: Invalid value for 'TITLE': is 1,001 characters long; the most is 1,000."),
    ],
)
def test_bad_values_are_usage_errors_and_write_nothing(invoke, sql, args: list[str], last_line: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("source", "add", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == last_line
    assert source_count(sql) == 0


def test_source_list_shows_the_newest_first_with_claim_counts(article) -> None:  # type: ignore[no-untyped-def]
    article("source", "add", "Ministry statement", "--kind", "official_statement", "--published", "2024", "--reliability", "C")
    article("claim", "add", "North Korea wants more trade with Russia", "--source", "1")
    result = article("source", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"id": 2, "title": "Ministry statement", "kind": "official_statement", "publisher": None, "published": "2024",
         "reliability": "C", "url": None, "claims": 0, "incomplete": False},
        {"id": 1, "title": "North Korea seeks more trade with Russia", "kind": "news_article", "publisher": "Example News",
         "published": "2024-06", "reliability": "B", "url": ARTICLE, "claims": 1, "incomplete": False},
    ]
    graded_b = article("source", "list", "--reliability", "b", "--publisher", "example news", "--format", "csv")
    assert graded_b.stdout == (
        "id,title,kind,publisher,published,reliability,url,claims,incomplete\n"
        f"1,North Korea seeks more trade with Russia,news_article,Example News,2024-06,B,{ARTICLE},1,False\n"
    )
    assert article("source", "list", "--kind", "dataset").stderr == "sources: no rows\n"


def test_source_show_gives_every_field_and_the_claims_citing_it(article) -> None:  # type: ignore[no-untyped-def]
    article("claim", "add", "North Korea wants more trade with Russia", "--source", ARTICLE + "/", "--stance", "supports", "--excerpt", "Pyongyang seeks trade")
    result = article("source", "show", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    del shown["created_at"]
    assert shown == {
        "id": 1,
        "title": "North Korea seeks more trade with Russia",
        "kind": "news_article",
        "url": ARTICLE,
        "publisher": "Example News",
        "author": "A. Reporter",
        "published": "2024-06",
        "reliability": "B",
        "notes": None,
        "recorded_by": "tester",
        "claims": 1,
        "predictions_made": 0,
        "predictions_resolved_with": 0,
        "incomplete": False,
        "deleted_at": None,
        "merged_into": None,
        "changes": [],
        "recent_claims": [
            {"claim_id": 1, "stance": "supports", "status": "unverified",
             "statement": "North Korea wants more trade with Russia", "excerpt": "Pyongyang seeks trade"}
        ],
    }


def test_source_show_as_markdown(article) -> None:  # type: ignore[no-untyped-def]
    result = article("source", "show", "1", "--format", "markdown")
    assert result.stdout.startswith("## source 1\n\n| field | value |\n|---|---|\n| id | 1 |\n| title | North Korea seeks more trade with Russia |\n")
    assert result.stdout.endswith(
        "### recent_claims\n\n| claim_id | stance | status | statement | excerpt |\n|---|---|---|---|---|\n\n"
        "### changes\n\n| id | changed_at | change | changed_by | login | reason |\n|---|---|---|---|---|---|\n"
    )


def test_an_unknown_source_id_is_exit_1_and_a_malformed_one_exit_2(invoke) -> None:  # type: ignore[no-untyped-def]
    unknown = invoke("source", "show", "42")
    assert (unknown.exit_code, unknown.stderr) == (1, "Error: no source 42; see: claimtrack source list\n")
    malformed = invoke("source", "show", "abc")
    assert malformed.exit_code == 2
    assert malformed.stderr.splitlines()[-1] == (
        "Error: Invalid value for 'ID': \"abc\" is not an id; ids are whole numbers, as the list commands show."
    )


def test_adding_with_format_json_prints_the_record(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("source", "add", "KCNA statement", "--kind", "official_statement", "--published", "2024-06-19", "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["id"], record["published"], record["reliability"], record["recent_claims"]) == (1, "2024-06-19", "F", [])
