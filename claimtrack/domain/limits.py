"""Limits: the longest text each field takes, and the ranges of the numbers the schema holds.

Every text a user can give, by every way in (CLI options, seeds, CSV, JSON and NDJSON imports),
is checked by checked_text against one limit from TEXT_LIMITS, so that whatever is written can be
exported and read back. Where an index holds the column (a URL's unique index, the publisher
summary's key), the limit also keeps the value's UTF-8 bytes below what a btree entry can hold
(2,704 bytes with its header: about 2,690 bytes of text), or the write fails with "index row size".
The schema CHECKs the same lengths (migrations 0001 and 0005).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The longest texts the schema takes (its CHECKs): a statement; an excerpt, reason, note or criteria;
# a name, alias or item.
STATEMENT_MAX = 5000
TEXT_MAX = 20000
NAME_MAX = 300
TITLE_MAX = 1000  # source.title's CHECK
URL_MAX = 2000  # the length browsers and sitemaps have long kept to
URL_MAX_BYTES = 2600  # uq_source_url: a btree entry
PUBLISHER_MAX = 500  # ix_source_publisher and reporting_summary.publisher_record's key: 500 × 4 bytes fit
AUTHOR_MAX = 1000
USER_MAX = NAME_MAX  # who is recorded as making a change: --as, $CLAIMTRACK_USER, recorded_by in a file
TAG_MAX = 64
QUERY_MAX = 1000  # a search is not stored, but has a limit all the same

# The ranges of the numbers the schema holds: ids are bigint, an arms transfer's quantity integer.
ID_MAX = 2**63 - 1
QUANTITY_MAX = 2**31 - 1
# The farthest ahead `prediction list --due-within` looks, in days: a century.
DUE_WITHIN_MAX = 36_525


@dataclass(frozen=True)
class TextLimit:
    """The longest text a field takes, in characters and, for an indexed column, in UTF-8 bytes."""

    noun: str  # how a service's message names the field: "the URL is …"
    characters: int
    utf8_bytes: int | None = None


TEXT_LIMITS: dict[str, TextLimit] = {
    "statement": TextLimit("statement", STATEMENT_MAX),
    "excerpt": TextLimit("excerpt", TEXT_MAX),
    "reason": TextLimit("reason", TEXT_MAX),
    "note": TextLimit("note", TEXT_MAX),
    "criteria": TextLimit("criteria", TEXT_MAX),
    "notes": TextLimit("notes", TEXT_MAX),
    "name": TextLimit("actor name", NAME_MAX),
    "alias": TextLimit("alias", NAME_MAX),
    "item": TextLimit("item", NAME_MAX),
    "title": TextLimit("title", TITLE_MAX),
    "url": TextLimit("URL", URL_MAX, URL_MAX_BYTES),
    "publisher": TextLimit("publisher", PUBLISHER_MAX),
    "author": TextLimit("author", AUTHOR_MAX),
    "user": TextLimit("user name", USER_MAX),
    "tag": TextLimit("tag", TAG_MAX),
    "query": TextLimit("search", QUERY_MAX),
}

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL, and the halves of UTF-16 pairs alone


def checked_text(field: str, value: str) -> str:
    """`value` if the field `field` (a key of TEXT_LIMITS) can hold it and PostgreSQL can store
    it; else ValueError, whose message follows the field's name ("is 4,120 characters long; …")
    and says what to do. Cheap for text that fits: it runs on every field of an import."""
    limit = TEXT_LIMITS[field]
    if len(value) <= limit.characters and "\x00" not in value and (
        value.isascii()
        or _UNSTORABLE.search(value) is None and (limit.utf8_bytes is None or len(value.encode()) <= limit.utf8_bytes)
    ):
        return value
    raise ValueError(_text_problem(limit, value))


def _text_problem(limit: TextLimit, value: str) -> str:
    unstorable = _UNSTORABLE.search(value)
    if unstorable is not None and unstorable.group() == "\x00":
        return "contains a NUL character (\\x00), which PostgreSQL text cannot hold: remove it."
    if unstorable is not None:
        return (
            f"contains U+{ord(unstorable.group()):04X}, half of a UTF-16 pair, which is not a character "
            "(bytes that are not UTF-8, or a lone \\u escape): give UTF-8 text."
        )
    if len(value) > limit.characters:
        return f"is {len(value):,} characters long; the most is {limit.characters:,}."
    return (
        f"is {len(value.encode()):,} bytes long in UTF-8; the most is {limit.utf8_bytes:,} bytes, what the "
        "database's index on it can hold."
    )
