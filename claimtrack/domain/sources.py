"""Sources: their kinds, the Admiralty reliability grades, and the one stored form of a URL."""

from __future__ import annotations

from claimtrack.domain.limits import TITLE_MAX, checked_text

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


def url_title(url: str) -> str:
    """The title of a source recorded from its URL alone: the URL, shortened to a title's limit."""
    return url if len(url) <= TITLE_MAX else url[: TITLE_MAX - 1] + "…"
