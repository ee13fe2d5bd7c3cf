"""claimtrack claim add | list | search | show | cite | set-status, through CliRunner."""

from __future__ import annotations

import json

import pytest

ARTICLE = "https://example.org/nk-russia"
DEBT = "Russia forgave most of North Korea's debt in 2012"


@pytest.fixture
def world(invoke):  # type: ignore[no-untyped-def]
    """Two states and one graded article: the founding example's cast."""
    for args in (
        ["North Korea", "--kind", "state", "--country", "PRK", "--alias", "DPRK"],
        ["Russia", "--kind", "state", "--country", "RUS", "--alias", "Russian Federation"],
    ):
        assert invoke("actor", "add", *args).exit_code == 0
    added = invoke("source", "add", "North Korea and Russia", "--url", ARTICLE, "--kind", "news_article", "--reliability", "B")
    assert added.exit_code == 0
    return invoke


def counts(sql) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    """Rows in every table a claim command writes to: proof that a refused command wrote nothing."""
    return sql.execute(
        "SELECT (SELECT count(*) FROM claim), (SELECT count(*) FROM claim_actor), (SELECT count(*) FROM claim_tag),"
        " (SELECT count(*) FROM claim_source), (SELECT count(*) FROM source), (SELECT count(*) FROM tag),"
        " (SELECT count(*) FROM status_history)"
    ).fetchone()


def show(invoke, claim_id: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = invoke("claim", "show", str(claim_id), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# --- add --------------------------------------------------------------------------------------


def test_adding_a_claim_prints_its_id_and_keeps_everything_given(world) -> None:  # type: ignore[no-untyped-def]
    result = world(
        "claim", "add", DEBT, "--occurred", "2012", "--stated", "2024-06", "--credibility", "2",
        "--actor", "russia", "--actor", "DPRK:target", "--actor", "prk:Mentioned", "--claimant", "RUS",
        "--tag", "Debt Relief", "--tag", "debt-relief", "--tag", "economy",
        "--source", ARTICLE + "/?utm_source=feed", "--stance", "supports", "--excerpt", "Moscow wrote off 90% of the debt",
        user="alice",
    )
    assert (result.exit_code, result.stdout, result.stderr) == (0, "1\n", "")
    shown = show(world, 1)
    for key in ("created_at", "updated_at"):
        del shown[key]
    for source in shown["sources"]:
        del source["added_at"]
    for change in shown["history"]:
        assert change.pop("effective_on") == "2024-06-01"  # on the record from the day it was stated
        del change["changed_at"], change["id"]
    assert shown == {
        "id": 1,
        "statement": DEBT,
        "status": "unverified",
        "credibility": 2,
        "claimant": "Russia",
        "claimant_id": 2,
        "occurred": "2012",
        "stated": "2024-06",
        "tags": ["debt-relief", "economy"],
        "recorded_by": "alice",
        "actors": [
            {"actor_id": 2, "name": "Russia", "iso_code": "RUS", "role": "subject"},
            {"actor_id": 1, "name": "North Korea", "iso_code": "PRK", "role": "target"},
            {"actor_id": 1, "name": "North Korea", "iso_code": "PRK", "role": "mentioned"},
        ],
        "sources": [
            {"source_id": 1, "title": "North Korea and Russia", "kind": "news_article", "reliability": "B",
             "stance": "supports", "excerpt": "Moscow wrote off 90% of the debt", "url": ARTICLE,
             "publisher": None, "published": None, "added_by": "alice"}
        ],
        "arms_transfer": [],
        "history": [
            {"from_status": None, "to_status": "unverified", "changed_by": "alice", "reason": None,
             "evidence_source_id": None, "evidence": None}
        ],
        "notes": None,
        "deleted_at": None,
        "merged_into": None,
        "changes": [],
    }


@pytest.mark.parametrize(("given", "shown"), [("2012", "2012"), ("2012-09", "2012-09"), ("2012-09-17", "2012-09-17"), ("2012-9-7", "2012-09-07")])
def test_dates_keep_their_precision_and_show_as_entered(world, sql, given: str, shown: str) -> None:  # type: ignore[no-untyped-def]
    assert world("claim", "add", "Something happened", "--occurred", given).exit_code == 0
    assert show(world, 1)["occurred"] == shown
    listed = json.loads(world("claim", "list", "--format", "json").stdout)
    assert listed[0]["occurred"] == shown


def test_a_url_source_unknown_so_far_is_recorded_with_the_claim(world, sql) -> None:  # type: ignore[no-untyped-def]
    assert world("claim", "add", "Trains run again between Khasan and Rajin", "--source", "https://Example.net/rail#x").stdout == "1\n"
    assert sql.execute("SELECT id, title, url FROM source WHERE id = 2").fetchone() == (2, "https://example.net/rail", "https://example.net/rail")
    assert show(world, 1)["sources"][0]["stance"] == "reports"


def test_adding_with_format_json_prints_the_record(world) -> None:  # type: ignore[no-untyped-def]
    result = world("claim", "add", DEBT, "--actor", "Russia", "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["id"], record["statement"], record["status"], record["actors"][0]["name"]) == (1, DEBT, "unverified", "Russia")


def test_an_unknown_actor_is_refused_with_the_closest_names_and_nothing_is_written(world, sql) -> None:  # type: ignore[no-untyped-def]
    before = counts(sql)
    result = world("claim", "add", DEBT, "--tag", "debt", "--source", "https://example.net/new", "--actor", "Russia", "--actor", "Nort Korea:target")
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: no actor "Nort Korea". Did you mean "North Korea" (PRK)? '
        'Add one with: claimtrack actor add "Nort Korea" --kind state|person|organization|armed_group|other\n'
    )
    assert counts(sql) == before


def test_an_unknown_claimant_is_refused(world, sql) -> None:  # type: ignore[no-untyped-def]
    before = counts(sql)
    result = world("claim", "add", DEBT, "--claimant", "Kremlin")
    assert result.exit_code == 1
    assert result.stderr.startswith('Error: no actor "Kremlin".')
    assert counts(sql) == before


def test_a_nearly_identical_statement_is_refused_naming_the_claim_unless_allowed(world, sql) -> None:  # type: ignore[no-untyped-def]
    assert world("claim", "add", DEBT).exit_code == 0
    before = counts(sql)
    refused = world("claim", "add", "In 2012, russia forgave most of North Korea's debts.", "--source", "https://example.net/x")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f'Error: claim 1 already says nearly the same (94% alike): "{DEBT}". '
        "Cite your source for it (claimtrack claim cite 1 --source S), or add --allow-duplicate.\n"
    )
    assert counts(sql) == before
    allowed = world("claim", "add", "In 2012, russia forgave most of North Korea's debts.", "--allow-duplicate")
    assert (allowed.exit_code, allowed.stdout) == (0, "2\n")


def test_a_statement_with_different_figures_is_not_a_duplicate(world) -> None:  # type: ignore[no-untyped-def]
    assert world("claim", "add", DEBT).exit_code == 0
    assert world("claim", "add", "Russia forgave most of North Korea's debt in 2014").stdout == "2\n"
    assert world("claim", "add", "Russia forgave most of Cuba's debt in 2012").stdout == "3\n"


@pytest.mark.parametrize(
    ("args", "last_line"),
    [
        (["", "--actor", "Russia"], "Error: Invalid value for 'STATEMENT': is empty; give some text."),
        (["   \t "], "Error: Invalid value for 'STATEMENT': is empty; give some text."),
        (["x" * 1_048_576], "Error: Invalid value for 'STATEMENT': is 1,048,576 characters long; the most is 5,000."),
        ([DEBT, "--credibility", "7"], "Error: Invalid value for '--credibility': 7 is not in the range 1<=x<=6."),
        ([DEBT, "--credibility", "0"], "Error: Invalid value for '--credibility': 0 is not in the range 1<=x<=6."),
        ([DEBT, "--source", "1", "--stance", "likes"], "Error: Invalid value for '--stance': 'likes' is not one of 'supports', 'disputes', 'reports'."),
        ([DEBT, "--source", "htp://example.org"], "Error: Invalid value for '--source': \"htp://example.org\" is neither a source id nor an http(s) URL; see: claimtrack source list"),
        ([DEBT, "--source", "http://exa mple.org"], "Error: Invalid value for '--source': \"http://exa mple.org\" is not a valid URL; use a full http(s):// address."),
        ([DEBT, "--source", "https://[::1"], "Error: Invalid value for '--source': \"https://[::1\" is not a valid URL; use a full http(s):// address."),
        ([DEBT, "--actor", "Russia:villain"], "Error: Invalid value for '--actor': \"villain\" is not a role; use NAME:ROLE with ROLE one of subject, target, mentioned."),
        ([DEBT, "--actor", ":target"], "Error: Invalid value for '--actor': is empty; give some text."),
        ([DEBT, "--tag", "no!"], "Error: Invalid value for '--tag': \"no!\" is not a tag; use up to 64 letters, digits and - _ . : / (starting with a letter or digit)."),
        ([DEBT, "--occurred", "2024-13"], "Error: Invalid value for '--occurred': \"2024-13\" is not a real date; use YYYY, YYYY-MM or YYYY-MM-DD."),
        ([DEBT, "--stated", "yesterday-ish"], "Error: Invalid value for '--stated': \"yesterday-ish\" is not a date; use YYYY, YYYY-MM or YYYY-MM-DD."),
        ([DEBT, "--excerpt", "Moscow wrote it off"], "Error: --stance and --excerpt describe a --source; give the source too."),
        ([DEBT, "--source", "1", "--excerpt", "x" * 20_001], "Error: Invalid value for '--excerpt': is 20,001 characters long; the most is 20,000."),
        ([DEBT, "--source", "0"], "Error: Invalid value for '--source': \"0\" is neither a source id nor an http(s) URL; see: claimtrack source list"),
    ],
)
def test_bad_values_are_usage_errors_and_write_nothing(world, sql, args: list[str], last_line: str) -> None:  # type: ignore[no-untyped-def]
    before = counts(sql)
    result = world("claim", "add", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == last_line
    assert [line for line in result.stderr.splitlines() if line.startswith("Error:")] == [last_line]
    assert counts(sql) == before


def test_an_unknown_source_id_is_refused_and_nothing_is_written(world, sql) -> None:  # type: ignore[no-untyped-def]
    before = counts(sql)
    result = world("claim", "add", DEBT, "--source", "99", "--tag", "debt")
    assert (result.exit_code, result.stderr) == (1, "Error: no source 99; see: claimtrack source list\n")
    assert counts(sql) == before


def test_an_actor_name_with_a_colon_is_not_taken_for_a_role(world) -> None:  # type: ignore[no-untyped-def]
    assert world("actor", "add", "Hamas: Qassam Brigades", "--kind", "armed_group").exit_code == 0
    assert world("claim", "add", "A statement", "--actor", "Hamas: Qassam Brigades", "--actor", "Hamas: Qassam Brigades:mentioned").exit_code == 0
    assert [(a["name"], a["role"]) for a in show(world, 1)["actors"]] == [
        ("Hamas: Qassam Brigades", "subject"),
        ("Hamas: Qassam Brigades", "mentioned"),
    ]


# --- list -------------------------------------------------------------------------------------


@pytest.fixture
def three_claims(world):  # type: ignore[no-untyped-def]
    world("source", "add", "Ministry statement", "--kind", "official_statement")
    world("claim", "add", DEBT, "--actor", "Russia", "--actor", "PRK:target", "--tag", "debt", "--source", "1", "--occurred", "2012")
    world("claim", "add", "North Korea ships artillery shells to Russia", "--actor", "PRK", "--tag", "arms", "--source", "2")
    world("claim", "add", "Russian tourists return to Wonsan", "--actor", "Russian Federation:mentioned", "--credibility", "3")
    return world


def listed_ids(invoke, *args: str) -> list[int]:  # type: ignore[no-untyped-def]
    result = invoke("claim", "list", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.stdout)]


def test_claim_list_shows_the_newest_first_in_a_stable_json_shape(three_claims) -> None:  # type: ignore[no-untyped-def]
    result = three_claims("claim", "list", "--format", "json", "--limit", "2")
    rows = json.loads(result.stdout)
    assert [set(row) for row in rows] == [
        {"id", "status", "credibility", "occurred", "stated", "statement", "actors", "tags", "sources", "recorded_on"}
    ] * 2
    assert [(r["id"], r["actors"], r["tags"], r["sources"], r["credibility"]) for r in rows] == [
        (3, ["Russia"], [], 0, 3),
        (2, ["North Korea"], ["arms"], 1, 6),
    ]
    assert json.loads(three_claims("claim", "list", "--format", "json").stdout)[2]["actors"] == ["Russia", "North Korea"]


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--actor", "dprk"], [2, 1]),
        (["--actor", "RUS"], [3, 1]),
        (["--tag", "Debt"], [1]),
        (["--source", "2"], [2]),
        (["--source", ARTICLE + "/"], [1]),
        (["--status", "unverified", "--actor", "russia", "--tag", "debt"], [1]),
        (["--status", "confirmed"], []),
        (["--since", "2000"], [3, 2, 1]),
        (["--since", "9999-12-31"], []),
    ],
)
def test_claim_list_filters(three_claims, args: list[str], ids: list[int]) -> None:  # type: ignore[no-untyped-def]
    assert listed_ids(three_claims, *args) == ids


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--actor", "Rusia"], 'Error: no actor "Rusia". Did you mean "Russia" (RUS)? Add one with: claimtrack actor add "Rusia" --kind state|person|organization|armed_group|other'),
        (["--tag", "dept"], "Error: no claim or prediction has the tag \"dept\". Did you mean \"debt\"? Tags are given with --tag when adding."),
        (["--source", "42"], "Error: no source 42; see: claimtrack source list"),
        (["--source", "https://example.org/other"], "Error: no source with URL https://example.org/other; add it with: claimtrack source add TITLE --url https://example.org/other"),
    ],
)
def test_claim_list_refuses_unknown_filters(three_claims, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = three_claims("claim", "list", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message + "\n")


def test_claim_list_as_of_a_date_shows_the_status_it_had_then(three_claims, sql) -> None:  # type: ignore[no-untyped-def]
    # Claim 1 was recorded in 2023 and confirmed in June 2024, claim 2 recorded in July 2024: rewrite
    # their dates as an import of older records would.
    sql.execute("UPDATE claim SET created_at = '2023-03-01 10:00+00' WHERE id = 1")
    sql.execute("UPDATE claim SET created_at = '2024-07-01 10:00+00' WHERE id = 2")
    sql.execute("ALTER TABLE status_history DISABLE TRIGGER status_history_no_update_or_delete")
    assert three_claims("claim", "set-status", "1", "confirmed", "--reason", "Treasury figures", "--evidence", "2").exit_code == 0
    sql.execute("UPDATE status_history SET effective_on = '2023-03-01' WHERE claim_id = 1 AND from_status IS NULL")
    sql.execute("UPDATE status_history SET effective_on = '2024-06-15' WHERE claim_id = 1 AND to_status = 'confirmed'")
    sql.execute("UPDATE status_history SET effective_on = '2024-07-01' WHERE claim_id = 2")
    sql.execute("ALTER TABLE status_history ENABLE TRIGGER status_history_no_update_or_delete")

    def as_of(date: str, *args: str) -> list[tuple[int, str]]:
        result = three_claims("claim", "list", "--as-of", date, *args, "--format", "json")
        assert result.exit_code == 0, result.output
        return [(row["id"], row["status"]) for row in json.loads(result.stdout)]

    assert as_of("2023") == [(1, "unverified")]
    assert as_of("2024-06-14") == [(1, "unverified")]
    assert as_of("2024-06") == [(1, "confirmed")]  # a month means its last day
    assert as_of("2024-07-01") == [(2, "unverified"), (1, "confirmed")]
    assert as_of("2024-06", "--status", "unverified") == []
    assert as_of("2022") == []
    assert three_claims("claim", "list", "--as-of", "2022").stderr == "claims as of 2022: no rows\n"


def test_claim_list_as_a_table_prints_user_text_literally(world) -> None:  # type: ignore[no-untyped-def]
    world("claim", "add", "Odd [/b] markup [red]stays[/red]")
    result = world("claim", "list")
    assert result.exit_code == 0, result.output
    assert "[/b]" in result.stdout and "[red]" in result.stdout


def test_claim_list_as_csv(three_claims) -> None:  # type: ignore[no-untyped-def]
    result = three_claims("claim", "list", "--tag", "debt", "--format", "csv")
    header, row = result.stdout.splitlines()
    assert header == "id,status,credibility,occurred,stated,statement,actors,tags,sources,recorded_on"
    assert row.startswith(f'1,unverified,6,2012,,{DEBT},Russia;North Korea,debt,1,')


# --- search -----------------------------------------------------------------------------------


def test_claim_search_ranks_and_highlights(three_claims) -> None:  # type: ignore[no-untyped-def]
    three_claims("claim", "cite", "3", "--source", "1", "--excerpt", "Russia's debt relief brought tourists")
    result = three_claims("claim", "search", "debt", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"id": 1, "status": "unverified", "matched_in": "statement", "rank": pytest.approx(0.0217, abs=1e-3),
         "statement": "Russia forgave most of North Korea's **debt** in 2012", "excerpt": None, "excerpt_source_id": None},
        {"id": 3, "status": "unverified", "matched_in": "excerpt", "rank": pytest.approx(0.0233, abs=1e-3),
         "statement": "Russian tourists return to Wonsan", "excerpt": "Russia's **debt** relief brought tourists", "excerpt_source_id": 1},
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("the", 'Error: "the" has no words to search for (only very common ones such as "the"); use more specific words.'),
    ],
)
def test_claim_search_refuses_a_query_with_nothing_to_search_for(three_claims, query: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = three_claims("claim", "search", query)
    assert (result.exit_code, result.stderr) == (2, message + "\n")


def test_claim_search_with_no_match_says_so_on_stderr(three_claims) -> None:  # type: ignore[no-untyped-def]
    result = three_claims("claim", "search", "submarine")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "claims matching submarine: no rows\n")
    empty = three_claims("claim", "search", " ")
    assert empty.exit_code == 2
    assert empty.stderr.splitlines()[-1] == "Error: Invalid value for 'QUERY': is empty; give some text."


def test_claim_search_says_when_only_the_newest_matches_were_ranked(world, sql) -> None:  # type: ignore[no-untyped-def]
    sql.execute("INSERT INTO claim (statement, recorded_by) SELECT 'Shipment ' || g || ' of shells', 'tester' FROM generate_series(1, 2001) g")
    result = world("claim", "search", "shells", "--limit", "2", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == ["id", "2001", "2000"]
    assert result.stderr == (
        "More than 2,000 claims match; these are the best of the newest 2,000. "
        'Narrow the search ("a phrase", more words, -word) to rank them all.\n'
    )


# --- show -------------------------------------------------------------------------------------


def test_claim_show_includes_an_arms_transfer_facet(three_claims, sql) -> None:  # type: ignore[no-untyped-def]
    sql.execute(
        "INSERT INTO arms_transfer (claim_id, supplier_id, recipient_id, category, item, quantity, period_start, period_end)"
        " VALUES (2, 1, 2, 'ammunition', '152 mm shells', 1000000, '2023-08-01', '2024-01-31')"
    )
    assert show(three_claims, 2)["arms_transfer"] == [
        {"supplier": "North Korea", "recipient": "Russia", "category": "ammunition", "item": "152 mm shells",
         "quantity": 1000000, "period_start": "2023-08-01", "period_end": "2024-01-31"}
    ]


def test_claim_show_as_a_table_names_each_section(three_claims) -> None:  # type: ignore[no-untyped-def]
    result = three_claims("claim", "show", "1")
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[0] == "claim 1"
    assert {"actors", "sources", "arms_transfer: none", "history"} <= set(lines)


def test_an_unknown_claim_is_exit_1_and_a_malformed_id_exit_2(world) -> None:  # type: ignore[no-untyped-def]
    unknown = world("claim", "show", "7")
    assert (unknown.exit_code, unknown.stdout, unknown.stderr) == (1, "", "Error: no claim 7; see: claimtrack claim list\n")
    malformed = world("claim", "show", "-3")
    assert malformed.exit_code == 2


# --- cite -------------------------------------------------------------------------------------


def test_citing_a_source_links_it_and_citing_it_again_changes_its_stance(three_claims, sql) -> None:  # type: ignore[no-untyped-def]
    first = three_claims("claim", "cite", "3", "--source", "2", "--stance", "disputes", "--excerpt", "No tourists came", user="bob")
    assert (first.exit_code, first.stdout, first.stderr) == (0, "", "claim 3 now cites source 2 (disputes).\n")
    again = three_claims("claim", "cite", "3", "--source", "2", "--stance", "supports")
    assert (again.exit_code, again.stderr) == (0, "claim 3 already cited source 2 (disputes); now supports.\n")
    assert sql.execute("SELECT stance, excerpt, added_by FROM claim_source WHERE claim_id = 3").fetchall() == [
        ("supports", "No tourists came", "bob")
    ]


def test_citing_a_new_url_records_the_source(three_claims, sql) -> None:  # type: ignore[no-untyped-def]
    result = three_claims("claim", "cite", "1", "--source", "https://example.com/imf")
    assert result.stderr == "claim 1 now cites source 3 (reports).\n"
    assert sql.execute("SELECT url FROM source WHERE id = 3").fetchone() == ("https://example.com/imf",)


@pytest.mark.parametrize(
    ("args", "exit_code", "last_line"),
    [
        (["9", "--source", "1"], 1, "Error: no claim 9; see: claimtrack claim list"),
        (["1", "--source", "9"], 1, "Error: no source 9; see: claimtrack source list"),
        (["1"], 2, "Error: Missing option '--source'."),
        (["1", "--source", "1", "--stance", "agrees"], 2, "Error: Invalid value for '--stance': 'agrees' is not one of 'supports', 'disputes', 'reports'."),
        (["one", "--source", "1"], 2, "Error: Invalid value for 'ID': \"one\" is not an id; ids are whole numbers, as the list commands show."),
    ],
)
def test_citing_with_bad_input_writes_nothing(three_claims, sql, args: list[str], exit_code: int, last_line: str) -> None:  # type: ignore[no-untyped-def]
    before = counts(sql)
    result = three_claims("claim", "cite", *args)
    assert result.exit_code == exit_code
    assert result.stderr.splitlines()[-1] == last_line
    assert counts(sql) == before


# --- set-status -------------------------------------------------------------------------------


def test_confirming_a_claim_records_the_reason_and_evidence_and_links_the_source(three_claims, sql) -> None:  # type: ignore[no-untyped-def]
    result = three_claims("claim", "set-status", "1", "confirmed", "--reason", "Treasury figures", "--evidence", "2", user="carol")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "claim 1: unverified -> confirmed on the evidence of source 2.\n"
    )
    assert sql.execute("SELECT status FROM claim WHERE id = 1").fetchone() == ("confirmed",)
    assert sql.execute(
        "SELECT from_status, to_status, changed_by, reason, evidence_source_id FROM status_history WHERE claim_id = 1 ORDER BY id"
    ).fetchall() == [(None, "unverified", "tester", None, None), ("unverified", "confirmed", "carol", "Treasury figures", 2)]
    assert sql.execute("SELECT source_id, stance FROM claim_source WHERE claim_id = 1 ORDER BY source_id").fetchall() == [
        (1, "reports"), (2, "supports")
    ]
    history = show(three_claims, 1)["history"]
    assert (history[-1]["to_status"], history[-1]["evidence"]) == ("confirmed", "Ministry statement")


def test_refuting_with_a_new_url_records_it_as_disputing_evidence(three_claims, sql) -> None:  # type: ignore[no-untyped-def]
    result = three_claims("claim", "set-status", "2", "refuted", "--reason", "Shells were Iranian", "--evidence", "https://example.com/report")
    assert result.exit_code == 0, result.output
    assert sql.execute("SELECT s.url, cs.stance FROM claim_source cs JOIN source s ON s.id = cs.source_id WHERE cs.claim_id = 2 ORDER BY s.id").fetchall() == [
        (None, "reports"), ("https://example.com/report", "disputes")
    ]


def test_a_status_may_change_between_any_two_values_with_a_reason(three_claims) -> None:  # type: ignore[no-untyped-def]
    for status in ("contested", "corroborated", "retracted", "unverified"):
        assert three_claims("claim", "set-status", "3", status, "--reason", f"now {status}").exit_code == 0
    assert [h["to_status"] for h in show(three_claims, 3)["history"]] == ["unverified", "contested", "corroborated", "retracted", "unverified"]


@pytest.mark.parametrize(
    ("args", "exit_code", "last_line"),
    [
        (["1", "confirmed", "--reason", "Treasury figures"], 1, "Error: marking claim 1 confirmed needs the source that shows it; add --evidence ID|URL."),
        (["1", "refuted", "--reason", "Denied"], 1, "Error: marking claim 1 refuted needs the source that shows it; add --evidence ID|URL."),
        (["1", "unverified", "--reason", "Again"], 1, "Error: claim 1 is already unverified; it can become corroborated, contested, confirmed, refuted, retracted."),
        (["9", "contested", "--reason", "Doubts"], 1, "Error: no claim 9; see: claimtrack claim list"),
        (["1", "confirmed", "--reason", "R", "--evidence", "9"], 1, "Error: no source 9; see: claimtrack source list"),
        (["1", "contested"], 2, "Error: Missing option '--reason'."),
        (["1", "contested", "--reason", "  "], 2, "Error: Invalid value for '--reason': is empty; give some text."),
        (["1", "true", "--reason", "R"], 2, "Error: Invalid value for 'STATUS': 'true' is not one of 'unverified', 'corroborated', 'contested', 'confirmed', 'refuted', 'retracted'."),
        (["1", "confirmed", "--reason", "R", "--evidence", "ftp://x"], 2, "Error: Invalid value for '--evidence': \"ftp://x\" is neither a source id nor an http(s) URL; see: claimtrack source list"),
    ],
)
def test_refused_status_changes_say_why_and_write_nothing(three_claims, sql, args: list[str], exit_code: int, last_line: str) -> None:  # type: ignore[no-untyped-def]
    before = counts(sql)
    result = three_claims("claim", "set-status", *args)
    assert result.exit_code == exit_code
    assert result.stderr.splitlines()[-1] == last_line
    assert counts(sql) == before


def test_a_refused_change_names_the_current_status_and_the_allowed_ones(three_claims) -> None:  # type: ignore[no-untyped-def]
    three_claims("claim", "set-status", "2", "refuted", "--reason", "Denied", "--evidence", "1")
    result = three_claims("claim", "set-status", "2", "refuted", "--reason", "Denied again", "--evidence", "1")
    assert result.stderr == "Error: claim 2 is already refuted; it can become unverified, corroborated, contested, confirmed, retracted.\n"


# --- the arms-transfer facet and notes on add ---------------------------------------------------


def test_claim_add_takes_an_arms_transfer_and_a_note_as_prediction_add_does(world, sql) -> None:  # type: ignore[no-untyped-def]
    result = world(
        "claim", "add", "North Korea shipped a million shells to Russia", "--supplier", "DPRK", "--recipient", "rus",
        "--category", "Ammunition", "--item", " 152 mm shells ", "--quantity", "1000000", "--note", "  the ministry's figure  ",
        "--format", "json",
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["notes"] == "the ministry's figure"
    assert [(t["supplier"], t["recipient"], t["category"], t["item"], t["quantity"]) for t in shown["arms_transfer"]] == [
        ("North Korea", "Russia", "ammunition", "152 mm shells", 1000000)
    ]
    assert sorted((a["name"], a["role"]) for a in shown["actors"]) == [("North Korea", "subject"), ("Russia", "subject")]  # the facet's actors are the claim's
    reported = json.loads(world("report", "arms_transfers", "--format", "json").stdout)
    assert [(r["supplier"], r["recipient"], r["item"], r["claims"]) for r in reported] == [("North Korea", "Russia", "152 mm shells", 1)]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--supplier", "PRK", "--category", "missiles"], 1,
         "Error: an arms transfer needs --supplier, --recipient and --category together; add --recipient."),
        (["--supplier", "PRK", "--recipient", "DPRK", "--category", "missiles"], 1,
         "Error: --supplier and --recipient are both North Korea (PRK); an arms transfer goes from one actor to another."),
        (["--item", "KN-23"], 1, "Error: an arms transfer needs --supplier, --recipient and --category together; add --supplier, --recipient, --category."),
        (["--supplier", "PRK", "--recipient", "RUS", "--category", "spears"], 2, None),
        (["--supplier", "PRK", "--recipient", "RUS", "--category", "missiles", "--quantity", "0"], 2, None),
    ],
)
def test_claim_add_refuses_a_bad_arms_transfer_and_writes_nothing(world, sql, args: list[str], code: int, message: str | None) -> None:  # type: ignore[no-untyped-def]
    before = counts(sql)
    result = world("claim", "add", "Missiles crossed the border", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    if message is not None:
        assert result.stderr == message + "\n"
    assert counts(sql) == before
