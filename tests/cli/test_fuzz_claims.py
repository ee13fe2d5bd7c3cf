"""Random argument lists for `claim add`, `claim list` and `source add`: whatever comes in, the exit
code is 0, 1 or 2, errors are `Error:` lines, and no traceback or untranslated failure escapes.

Every example runs on the module's one seeded database, its command rolled back instead of committed
(conftest.RolledBack), so each starts from the same state."""

from __future__ import annotations

import pytest
from conftest import Invoke, RolledBackInvoke
from hypothesis import event, given, settings
from hypothesis import strategies as st

OPTIONS = {
    ("claim", "add"): [
        "--source", "--stance", "--excerpt", "--actor", "--claimant", "--tag", "--occurred", "--stated",
        "--credibility", "--allow-duplicate", "--format",
    ],
    ("claim", "list"): ["--status", "--actor", "--tag", "--source", "--since", "--as-of", "--limit", "--format"],
    ("source", "add"): [
        "--url", "--kind", "--publisher", "--author", "--published", "--reliability", "--notes", "--format",
    ],
}

# Values that each mean something to some option, and values that mean nothing to any.
VALUES = [
    "Russia", "dprk", "PRK:target", "north korea:mentioned", "Russia:villain", "Nobody", ":", "a:b:c",
    "1", "2", "0", "-1", "7", "6", "99999999999999999999", "1e3",
    "2012", "2012-09", "2012-09-17", "2024-13", "2024-02-30", "0000", "+90d", "yesterday-ish",
    "https://example.org/nk-russia", "HTTP://Example.org/nk-russia/#x", "https://example.net/new?utm_source=a",
    "ftp://x", "http://[x", "https://", "http://exa mple.org",
    "supports", "disputes", "reports", "likes", "unverified", "confirmed", "news_article", "blog", "A", "f", "G",
    "json", "csv", "markdown", "table", "xml",
    "debt", "North Korea", "Debt Relief", "", " ", "--", "-", "x" * 6000, "[/b]", "\x00", "é", "%", "'; DROP TABLE claim; --",
    "Russia forgave most of North Korea's debt in 2012",
]


@pytest.fixture(scope="module")
def seeded(module_database_url: str) -> RolledBackInvoke:
    """Two actors, a source and a claim, committed once; the examples' commands are rolled back."""
    invoke = Invoke(module_database_url)
    for args in (
        ("actor", "add", "North Korea", "--kind", "state", "--country", "PRK", "--alias", "DPRK"),
        ("actor", "add", "Russia", "--kind", "state", "--country", "RUS"),
        ("source", "add", "An article", "--url", "https://example.org/nk-russia"),
        ("claim", "add", "Russia forgave most of North Korea's debt in 2012", "--actor", "Russia", "--tag", "debt"),
    ):
        assert invoke(*args).exit_code == 0, args
    return RolledBackInvoke(module_database_url)


# Values each option takes, so that many lists get past parsing and reach the services.
FITTING = {
    "--source": ["1", "99", "https://example.org/nk-russia", "HTTP://Example.org/nk-russia/#x", "https://example.net/new?utm_source=a"],
    "--stance": ["supports", "DISPUTES", "reports"],
    "--actor": ["Russia", "dprk", "PRK:target", "north korea:mentioned", "Nobody", "Russia:subject"],
    "--claimant": ["Russia", "prk", "Nobody"],
    "--tag": ["debt", "Debt Relief", "arms", "dept"],
    "--credibility": ["1", "3", "6"],
    "--status": ["unverified", "confirmed", "Contested"],
    "--limit": ["1", "5", "100"],
    "--format": ["json", "csv", "markdown", "table"],
    "--url": ["https://example.org/nk-russia", "https://example.org/new", "https://EXAMPLE.org/new/#frag"],
    "--kind": ["news_article", "report", "other"],
    "--reliability": ["A", "b", "F"],
    **{option: ["2012", "2012-09", "2012-09-17", "2030"] for option in ("--occurred", "--stated", "--since", "--as-of", "--published")},
    **{option: ["Moscow wrote off the debt", "é", "[/b]"] for option in ("--excerpt", "--notes", "--publisher", "--author")},
}
FLAGS = {"--allow-duplicate"}


def arguments(command: tuple[str, str]) -> st.SearchStrategy[list[str]]:
    """Mostly options with a value that fits, else any value; now and then a stray token."""
    anything = st.one_of(st.sampled_from(VALUES), st.text(max_size=20))

    def with_value(option: str) -> st.SearchStrategy[list[str]]:
        if option in FLAGS:
            return st.just([option])
        fitting = st.sampled_from(FITTING.get(option, VALUES))
        return st.tuples(st.just(option), st.one_of(fitting, fitting, fitting, anything)).map(list)

    pair = st.sampled_from(OPTIONS[command]).flatmap(with_value)
    stray = st.one_of(st.sampled_from(OPTIONS[command]), anything).map(lambda token: [token])
    chunks = st.lists(st.one_of(pair, pair, pair, pair, pair, stray), max_size=5)
    return chunks.map(lambda parts: [token for part in parts for token in part])


def check(result) -> None:  # type: ignore[no-untyped-def]
    event(f"exit {result.exit_code}")
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, result.stderr
        # These two mean a failure slipped past the services' checks to the catch-all translation.
        assert not errors[0].startswith(("Error: unexpected ", "Error: the database refused this")), errors[0]


FUZZ = settings(max_examples=100, deadline=None)


@FUZZ
@given(statement=st.one_of(st.sampled_from(VALUES), st.text(max_size=80)), args=arguments(("claim", "add")))
def test_claim_add_never_fails_unexpectedly(seeded, statement: str, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    check(seeded("claim", "add", statement, *args))


@FUZZ
@given(args=arguments(("claim", "list")))
def test_claim_list_never_fails_unexpectedly(seeded, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    check(seeded("claim", "list", *args))


@FUZZ
@given(title=st.one_of(st.sampled_from(VALUES), st.text(max_size=80)), args=arguments(("source", "add")))
def test_source_add_never_fails_unexpectedly(seeded, title: str, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    check(seeded("source", "add", title, *args))
