"""The domain's text limits and the bounds on what a file or a date may reach (no database)."""

from __future__ import annotations

import io
from datetime import date

import pytest

from claimtrack import domain
from claimtrack.io.fields import InvalidRecord, bounded_lines, parse_timestamp


def test_every_text_field_has_a_limit_the_schema_can_hold() -> None:
    limits = domain.TEXT_LIMITS
    assert (limits["statement"].characters, limits["excerpt"].characters, limits["name"].characters) == (
        domain.STATEMENT_MAX, domain.TEXT_MAX, domain.NAME_MAX,
    )  # fmt: skip
    assert limits["title"].characters == 1000  # source.title's CHECK
    # A btree entry holds about 2,690 bytes of text: what an indexed column's value may take.
    assert limits["url"].utf8_bytes is not None and limits["url"].utf8_bytes < 2690
    assert limits["publisher"].characters * 4 < 2690  # indexed, and four bytes a character at most


def test_text_within_its_limit_is_returned_as_it_is() -> None:
    for text in ("a" * 5000, "𝔸" * 5000, "line\nbreak\ttab\x1b[2J"):
        assert domain.checked_text("statement", text) is text


@pytest.mark.parametrize(
    ("field", "text", "problem"),
    [
        ("statement", "a" * 5001, "is 5,001 characters long; the most is 5,000."),
        ("statement", "𝔸" * 5001, "is 5,001 characters long; the most is 5,000."),
        ("url", "é" * 1301, "is 2,602 bytes long in UTF-8; the most is 2,600 bytes, what the database's index on it can hold."),
        ("name", "a\x00b", "contains a NUL character (\\x00), which PostgreSQL text cannot hold: remove it."),
        ("name", "a\udcffb", "contains U+DCFF, half of a UTF-16 pair, which is not a character (bytes that are not UTF-8, or a lone \\u escape): give UTF-8 text."),
    ],
)
def test_text_past_its_limit_or_unstorable_is_refused_saying_why(field: str, text: str, problem: str) -> None:
    with pytest.raises(ValueError) as refused:
        domain.checked_text(field, text)
    assert str(refused.value) == problem


def test_a_url_is_checked_in_its_stored_form() -> None:
    # utm_ parameters go, and the query's other characters are encoded: the stored form is what counts.
    long_query = "https://example.org/a?q=" + "é" * 400  # 424 characters given, 2,424 stored
    with pytest.raises(ValueError, match="the URL is 2,424 characters long; the most is 2,000."):
        domain.checked_url(long_query)
    assert domain.checked_url("HTTPS://Example.org/a/?utm_source=x" + "&utm_x=" + "y" * 3000) == "https://example.org/a"


def test_a_source_made_from_a_long_url_gets_a_title_within_a_titles_limit() -> None:
    url = "https://example.org/" + "a" * 1980
    title = domain.url_title(url)
    assert len(title) == domain.TITLE_MAX and title.endswith("…") and url.startswith(title[:-1])
    assert domain.url_title("https://example.org/a") == "https://example.org/a"


def test_days_after_stops_at_the_end_of_the_calendar() -> None:
    assert domain.days_after(date(2024, 1, 1), 31) == date(2024, 2, 1)
    assert domain.days_after(date(9999, 12, 1), domain.DUE_WITHIN_MAX) == date.max


def test_a_line_past_the_limit_is_refused_before_it_is_read_whole() -> None:
    stream = io.StringIO("short\n" + "x" * 100)
    lines = bounded_lines(stream, "f.ndjson", limit=10)
    assert next(lines) == "short\n"
    with pytest.raises(InvalidRecord, match="f.ndjson line 2: longer than 10 characters"):
        next(lines)
    assert stream.tell() <= 6 + 11


def test_a_time_outside_the_years_one_to_9999_in_utc_is_refused() -> None:
    assert parse_timestamp("9999-12-31T18:59:59-05:00").year == 9999
    for text in ("9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+05:00"):
        with pytest.raises(ValueError):
            parse_timestamp(text)
