"""domain.search on its own: what a query means, the tsquery text it becomes, the marks of a match."""

from __future__ import annotations

from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack.domain import HEADLINE_START as START
from claimtrack.domain import HEADLINE_STOP as STOP
from claimtrack.domain import SearchQuery, parse_search, whole_word_marks
from claimtrack.domain.search import Term


def meaning(query: str) -> tuple[list[list[str]], list[str]]:
    parsed = parse_search(query)
    return [[term.text for term in group] for group in parsed.groups], [term.text for term in parsed.excluded]


@pytest.mark.parametrize(
    ("query", "groups", "excluded"),
    [
        ("drone", [["drone"]], []),
        ("drone missile", [["drone"], ["missile"]], []),
        ("drone OR missile -Alabuga", [["drone", "missile"]], ["Alabuga"]),
        ("missile OR drone -Alabuga", [["drone", "missile"]], ["Alabuga"]),
        ("-Alabuga drone OR missile", [["drone", "missile"]], ["Alabuga"]),
        ("missile -Alabuga OR drone", [["drone", "missile"]], ["Alabuga"]),
        ("a OR b c", [["a", "b"], ["c"]], []),
        ("c a OR b", [["a", "b"], ["c"]], []),
        ("a OR b OR c d", [["a", "b", "c"], ["d"]], []),
        ("a or b", [["a", "b"]], []),
        ('"war materials" export -oil', [["export"], ["war materials"]], ["oil"]),
        ('-"war  materials" oil', [["oil"]], ["war materials"]),
        ('"OR" drone', [["OR"], ["drone"]], []),
        ("OR drone OR", [["drone"]], []),
        ("drone OR OR missile", [["drone", "missile"]], []),
        ('"an open phrase', [["an open phrase"]], []),
        ("Fath-360 -KN-23", [["Fath-360"]], ["KN-23"]),
        ("drone drone", [["drone"]], []),
        ('drone "" -', [["drone"]], []),
        ("a&b|!c:*", [["a&b|!c:*"]], []),
    ],
)
def test_what_a_query_means(query: str, groups: list[list[str]], excluded: list[str]) -> None:
    assert meaning(query) == (groups, excluded)


def test_the_tsquery_quotes_every_term_and_escapes_its_quotes_and_backslashes() -> None:
    assert parse_search("drone OR missile -Alabuga").tsquery() == "('drone' | 'missile') & !'Alabuga'"
    assert parse_search("Korea's a\\b").tsquery() == "('Korea''s') & ('a\\\\b')"
    assert parse_search('"war materials" -"at Alabuga"').wanted() == "('war materials')"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", '"" has nothing to search for; give some words, such as: drone OR missile -Alabuga.'),
        ("OR", '"OR" has nothing to search for; give some words, such as: drone OR missile -Alabuga.'),
        ('"', '""" has nothing to search for; give some words, such as: drone OR missile -Alabuga.'),
        ("-Alabuga", '"-Alabuga" only excludes (-Alabuga); add a word to look for, such as: drone -Alabuga.'),
        ('-x -"y z"', '"-x -"y z"" only excludes (-x, -"y z"); add a word to look for, such as: drone -Alabuga.'),
    ],
)
def test_a_query_with_nothing_to_look_for_is_refused_naming_it(query: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_search(query)
    assert str(refused.value) == message


# Tokens a query is made of: words (some hyphenated, some with tsquery's own operators), phrases,
# and either of those excluded.
WORDS = st.sampled_from(["drone", "missile", "Fath-360", "Alabuga", "Korea's", "a&b", "it's|!", "x:*", "\\"])
TERMS = st.one_of(WORDS, st.lists(WORDS, min_size=1, max_size=3).map(lambda words: '"' + " ".join(words) + '"'))
GROUPS = st.lists(TERMS, min_size=1, max_size=3).map(" OR ".join)
EXCLUSIONS = TERMS.map(lambda term: "-" + term)


@given(st.lists(GROUPS, min_size=1, max_size=4), st.lists(EXCLUSIONS, max_size=3), st.randoms(use_true_random=False))
def test_a_reordered_query_becomes_the_same_tsquery(groups: list[str], exclusions: list[str], random: Random) -> None:
    units = groups + exclusions
    shuffled = list(units)
    random.shuffle(shuffled)
    assert parse_search(" ".join(shuffled)).tsquery() == parse_search(" ".join(units)).tsquery()


@given(st.text(max_size=80))
def test_any_text_parses_or_is_refused_with_a_sentence(text: str) -> None:
    try:
        parsed = parse_search(text)
    except ValueError as refused:
        assert str(refused).startswith(f'"{text}" ')
    else:
        assert isinstance(parsed, SearchQuery) and parsed.groups
        assert all(term.text and term.text == " ".join(term.text.split()) for group in parsed.groups for term in group)


def test_an_operand_holds_its_text_between_quotes() -> None:
    assert Term("it's").operand() == "'it''s'"
    assert Term("\\'").operand() == "'\\\\'''"


@pytest.mark.parametrize(
    ("headline", "marked"),
    [
        (f"The {START}Fath{STOP}{START}-360{STOP} missile", "The **Fath-360** missile"),
        (f"The {START}Fath{STOP}-360 missile", "The **Fath-360** missile"),
        (f"The Fath-{START}360{STOP} missile", "The **Fath-360** missile"),
        (f"North {START}Korea{STOP}'s debt", "North **Korea's** debt"),
        (f"{START}Sanctions{STOP}, {START}sanctions{STOP} and more", "**Sanctions**, **sanctions** and more"),
        (f"{START}war{STOP} {START}materials{STOP}", "**war** **materials**"),
        (f"a short-{START}range{STOP} missile", "a **short-range** missile"),
        ("nothing matched", "nothing matched"),
        (f"an {START}unclosed mark", "an unclosed mark"),
    ],
)
def test_a_match_is_marked_as_whole_words(headline: str, marked: str) -> None:
    assert whole_word_marks(headline) == marked
