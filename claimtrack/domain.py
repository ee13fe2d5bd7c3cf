"""Pure rules: allowed values, status transitions, dates with precision, likelihood terms, scoring.

Nothing here touches the database; the same rules are enforced again by PostgreSQL (see the
migrations), these give the good messages.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Literal

ACTOR_KINDS = ("state", "person", "organization", "armed_group", "other")
SOURCE_KINDS = (
    "news_article",
    "official_statement",
    "report",
    "satellite_imagery",
    "social_media",
    "dataset",
    "interview",
    "other",
)
RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")  # Admiralty: A reliable … F cannot be judged
CREDIBILITY_GRADES = (1, 2, 3, 4, 5, 6)  # Admiralty: 1 confirmed … 6 cannot be judged
CLAIM_STATUSES = ("unverified", "corroborated", "contested", "confirmed", "refuted", "retracted")
ACTOR_ROLES = ("subject", "target", "mentioned")
STANCES = ("supports", "disputes", "reports")
PREDICTION_STATUSES = ("open", "confirmed", "refuted", "ambiguous", "withdrawn")
RESOLVED_STATUSES = ("confirmed", "refuted", "ambiguous", "withdrawn")
CONFIDENCE_LEVELS = ("low", "moderate", "high")
DATE_PRECISIONS = ("year", "month", "day")
# The longest texts the schema takes (its CHECKs): a statement; an excerpt, reason, note or criteria;
# a name, alias or item. Every text field's limit is in TEXT_LIMITS below.
STATEMENT_MAX = 5000
TEXT_MAX = 20000
NAME_MAX = 300
# The ranges of the numbers the schema holds: ids are bigint, an arms transfer's quantity integer.
ID_MAX = 2**63 - 1
QUANTITY_MAX = 2**31 - 1
# The farthest ahead `prediction list --due-within` looks, in days: a century.
DUE_WITHIN_MAX = 36_525
# SIPRI's weapon categories, plus ammunition (which SIPRI does not count, but analysts track).
ARMS_CATEGORIES = (
    "aircraft",
    "air_defence_systems",
    "anti_submarine_warfare",
    "armoured_vehicles",
    "artillery",
    "engines",
    "missiles",
    "naval_weapons",
    "satellites",
    "sensors",
    "ships",
    "ammunition",
    "other",
)

# ICD 203 estimative terms and their probability ranges.
LIKELIHOOD_TERMS: dict[str, tuple[float, float]] = {
    "almost no chance": (0.01, 0.05),
    "very unlikely": (0.05, 0.20),
    "unlikely": (0.20, 0.45),
    "roughly even chance": (0.45, 0.55),
    "likely": (0.55, 0.80),
    "very likely": (0.80, 0.95),
    "almost certain": (0.95, 0.99),
}


def likelihood_midpoint(term: str) -> float:
    low, high = LIKELIHOOD_TERMS[term]
    return round((low + high) / 2, 3)


def probability_fits_term(probability: float, term: str) -> bool:
    low, high = LIKELIHOOD_TERMS[term]
    return low <= probability <= high


# --- status transitions -------------------------------------------------------------------------


def allowed_prediction_transitions(current: str) -> tuple[str, ...]:
    """open → any resolution; a resolution → open (reopen, with a reason); nothing else."""
    if current == "open":
        return RESOLVED_STATUSES
    return ("open",)


def prediction_transition_allowed(current: str, new: str) -> bool:
    return new in allowed_prediction_transitions(current)


def allowed_claim_transitions(current: str) -> tuple[str, ...]:
    """A claim may move between any two statuses; each change carries a reason."""
    return tuple(s for s in CLAIM_STATUSES if s != current)


# --- dates with precision -----------------------------------------------------------------------

Precision = Literal["year", "month", "day"]
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
DEADLINE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD, or +90d, +6m, +1y from today"
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_OFFSET = re.compile(r"^\+(\d{1,5})([dmy])$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a year, a month or a day; stored as its first day plus the precision."""

    value: date
    precision: Precision = "day"

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()

    @property
    def last_day(self) -> date:
        """The last day the period covers: a deadline of "2024" means by 31 December 2024."""
        if self.precision == "year":
            return date(self.value.year, 12, 31)
        if self.precision == "month":
            days = calendar.monthrange(self.value.year, self.value.month)[1]
            return date(self.value.year, self.value.month, days)
        return self.value


def stored_partial_date(value: date | None, precision: str | None) -> PartialDate | None:
    """The PartialDate kept in a pair of columns (x_on, x_precision); None when they are empty."""
    if value is None or precision is None:
        return None
    return PartialDate(value, precision)  # type: ignore[arg-type]  # the schema's CHECK keeps it a Precision


def parse_partial_date(text: str) -> PartialDate:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError naming the accepted forms."""
    match = _DATE.match(text.strip())
    if not match:
        raise ValueError(f'"{text}" is not a date; use {DATE_FORMS}.')
    year, month, day = match.groups()
    try:
        if day is not None:
            return PartialDate(date(int(year), int(month), int(day)), "day")
        if month is not None:
            return PartialDate(date(int(year), int(month), 1), "month")
        return PartialDate(date(int(year), 1, 1), "year")
    except ValueError:
        raise ValueError(f'"{text}" is not a real date; use {DATE_FORMS}.') from None


def days_after(day: date, days: int) -> date:
    """`days` days after `day`, or the last day a date can be (9999-12-31) if that comes first:
    the end of a period that reaches past the calendar is the calendar's end."""
    from datetime import timedelta

    return day + timedelta(days=days) if days <= (date.max - day).days else date.max


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def parse_deadline(text: str, *, today: date) -> PartialDate:
    """A date with precision, or an offset from today (+90d, +6m, +1y), which is exact to the day."""
    offset = _OFFSET.match(text.strip())
    if offset:
        amount, unit = int(offset.group(1)), offset.group(2)
        try:
            if unit == "d":
                from datetime import timedelta

                return PartialDate(today + timedelta(days=amount), "day")
            return PartialDate(add_months(today, amount * (12 if unit == "y" else 1)), "day")
        except (OverflowError, ValueError):
            raise ValueError(f'"{text}" reaches past the year 9999; use a nearer deadline.') from None
    try:
        return parse_partial_date(text)
    except ValueError:
        raise ValueError(f'"{text}" is not a deadline; use {DEADLINE_FORMS}.') from None


# --- scoring ------------------------------------------------------------------------------------


def brier_score(pairs: Iterable[tuple[float, int]]) -> float | None:
    """Mean of (p − outcome)² over (probability, outcome 1/0) pairs; None when there are none."""
    values = [(p - o) ** 2 for p, o in pairs]
    return sum(values) / len(values) if values else None


def log_score(pairs: Iterable[tuple[float, int]]) -> float | None:
    """Mean of −ln(probability given to what happened), that probability clipped below at 0.001:
    a certain forecast that comes true scores 0, one that fails −ln 0.001 ≈ 6.91 (not infinity).
    reporting.prediction_outcomes.log_loss computes the same in SQL."""
    values = [-math.log(max(p if o else 1 - p, LOG_SCORE_FLOOR)) for p, o in pairs]
    return sum(values) / len(values) if values else None


LOG_SCORE_FLOOR = 0.001
CALIBRATION_BINS = 10


def calibration_bin(probability: float) -> int:
    """0–9: bins of width 0.1, each [low, low + 0.1) except the last, [0.9, 1.0]. The probability
    is read as a decimal of 15 significant digits, as PostgreSQL casts float8 to numeric for
    reporting.prediction_outcomes.calibration_bin: 0.7 − 0.4 = 0.29999999999999993 counts as the
    0.3 it means, in bin 3."""
    from decimal import Decimal

    return min(int(Decimal(format(probability, ".15g")) * CALIBRATION_BINS), CALIBRATION_BINS - 1)


def hit_rate(confirmed: int, refuted: int) -> float | None:
    return confirmed / (confirmed + refuted) if confirmed + refuted else None


# --- text limits --------------------------------------------------------------------------------
# Every text a user can give, by every way in (CLI options, seeds, CSV, JSON and NDJSON imports),
# is checked by checked_text against one limit from this table, so that whatever is written can be
# exported and read back. Where an index holds the column (a URL's unique index, the publisher
# summary's key), the limit also keeps the value's UTF-8 bytes below what a btree entry can hold
# (2,704 bytes with its header: about 2,690 bytes of text), or the write fails with "index row size".

TITLE_MAX = 1000  # source.title's CHECK
URL_MAX = 2000  # the length browsers and sitemaps have long kept to
URL_MAX_BYTES = 2600  # uq_source_url: a btree entry
PUBLISHER_MAX = 500  # ix_source_publisher and reporting_summary.publisher_record's key: 500 × 4 bytes fit
AUTHOR_MAX = 1000
USER_MAX = NAME_MAX  # who is recorded as making a change: --as, $CLAIMTRACK_USER, recorded_by in a file
TAG_MAX = 64
QUERY_MAX = 1000  # a search is not stored, but has a limit all the same


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


def url_title(url: str) -> str:
    """The title of a source recorded from its URL alone: the URL, shortened to a title's limit."""
    return url if len(url) <= TITLE_MAX else url[: TITLE_MAX - 1] + "…"


# --- names, URLs and tags -----------------------------------------------------------------------

_TAG = re.compile(rf"^[a-z0-9][a-z0-9_.:/-]{{0,{TAG_MAX - 1}}}$")


def normalise_tag(raw: str) -> str:
    """Tags are lower case, with spaces as hyphens: "North Korea" → "north-korea"."""
    tag = "-".join(raw.strip().lower().split())
    if not _TAG.match(tag):
        raise ValueError(
            f'"{raw}" is not a tag; use up to {TAG_MAX} letters, digits and - _ . : / (starting with a letter or digit).'
        )
    return tag


def checked_url(raw: str) -> str:
    """The stored form of a URL (normalise_url), within the URL's limit; else ValueError."""
    url = normalise_url(raw)
    try:
        return checked_text("url", url)
    except ValueError as error:
        raise ValueError(f"the URL {error}") from None


def normalise_url(raw: str) -> str:
    """The form a URL is stored and compared in: scheme and host in lower case, no default port,
    no fragment, no utm_* parameters, no trailing slash. Raises ValueError for a non-http(s) URL."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    text = raw.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError(f'"{raw}" is not a valid URL; use a full http(s):// address.') from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in text):
        raise ValueError(f'"{raw}" is not a valid URL; use a full http(s):// address.')
    host = parts.hostname.lower()
    if port is not None and not (scheme, port) in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    if parts.username:
        host = f"{parts.username}@{host}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith("utm_")])
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, host, path, query, ""))
