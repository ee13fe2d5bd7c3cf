"""Settings: which database, who is acting. Read lazily from flags, environment and defaults."""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

DATABASE_URL_VARIABLES = ("CLAIMTRACK_DATABASE_URL", "DATABASE_URL")


@dataclass(frozen=True)
class DatabaseChoice:
    """The database a command will use: an explicit URL, or the embedded server under `home`."""

    url: str | None
    origin: str  # "--database-url", an environment variable's name, or "embedded"
    home: Path | None = None

    @property
    def embedded(self) -> bool:
        return self.url is None


def claimtrack_home() -> Path:
    """Where the embedded server keeps its data: $CLAIMTRACK_HOME, else the user data dir."""
    configured = os.environ.get("CLAIMTRACK_HOME")
    if configured:
        return Path(configured).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir("claimtrack", appauthor=False)).resolve()


def choose_database(flag_url: str | None = None) -> DatabaseChoice:
    """`--database-url` wins, then CLAIMTRACK_DATABASE_URL, then DATABASE_URL, then embedded."""
    if flag_url:
        return DatabaseChoice(url=checked_url(flag_url, "--database-url"), origin="--database-url")
    for variable in DATABASE_URL_VARIABLES:
        value = os.environ.get(variable)
        if value:
            return DatabaseChoice(url=checked_url(value, variable), origin=variable)
    return DatabaseChoice(url=None, origin="embedded", home=claimtrack_home())


def checked_url(url: str, origin: str) -> str:
    """normalise_url(url), or BadSetting naming where the URL came from and what one looks like."""
    from claimtrack.errors import BadSetting

    normalised = normalise_url(url)
    problem = None
    if not normalised.startswith("postgresql+psycopg://"):
        problem = "is not a PostgreSQL URL"
    elif "\x00" in normalised:
        problem = "holds a NUL character"
    if problem:
        shown = hide_password(url.strip())[:200] or "(empty)"
        raise BadSetting(
            f'the database URL from {origin} ("{shown}") {problem}; give one like '
            "postgresql://user:password@host:5432/claimtrack (or unset it to use the embedded server)."
        )
    return normalised


def normalise_url(url: str) -> str:
    """Accept postgres://, postgresql:// and postgresql+psycopg://; always use psycopg 3."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://", "postgresql+psycopg://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# --- Hiding passwords -----------------------------------------------------------------------------
# A password reaches a message in many forms: the userinfo of a URL (`user:pass@`; libpq ends the
# user at the first `@`, SQLAlchemy lets it hold one, and each ends the password at the next `@`,
# what follows becoming a host its errors then show), a URL's query (`?password=`, `&password=`,
# the key itself percent-encoded, which libpq decodes), a libpq keyword/value string
# (`password='a b'`, backslash escapes), a dict or JSON (`"password": "x"`).
# Where the parsers disagree, or the end of a password cannot be told, more is hidden, not less.

HIDDEN = "***"

# "password", any letter percent-encoded, any case; also the end of "sslpassword", "PGPASSWORD".
_PASSWORD_KEY = re.compile(
    "".join(f"(?:{letter}|%{ord(letter):02x})" for letter in "password")
    + r"""(?P<key_quote>['"]?)\s*(?P<separator>[=:])(?P<space>\s*)""",
    re.IGNORECASE,
)
# scheme://user:password@ — the user holds no `:` or `/`; the password runs to the last `@` of the
# line (a raw `@`, space, `/` or `:` inside it is still the password to someone's parser).
_USERINFO_START = re.compile(r"://[^:/\n]*:")
_URL_ALONE = re.compile(r"\s*[A-Za-z][A-Za-z0-9+.-]*://[^\n]*\s*")
# libpq's connection parameters: in a URL's query, `&` followed by one of them ends a password; an
# `&` followed by anything else is kept inside it (neither parser would have used what follows).
_LIBPQ_PARAMETERS = (
    "host|hostaddr|port|dbname|user|password|passfile|require_auth|channel_binding|connect_timeout|"
    "client_encoding|options|application_name|fallback_application_name|keepalives|keepalives_idle|"
    "keepalives_interval|keepalives_count|tcp_user_timeout|replication|gssencmode|sslmode|requiressl|"
    "sslnegotiation|sslcompression|sslcert|sslkey|sslkeylogfile|sslpassword|sslcertmode|sslrootcert|"
    "sslcrl|sslcrldir|sslsni|requirepeer|ssl_min_protocol_version|ssl_max_protocol_version|"
    "min_protocol_version|max_protocol_version|krbsrvname|gsslib|gssdelegation|service|"
    "target_session_attrs|load_balance_hosts|scram_client_key|scram_server_key|oauth_[a-z_]+"
)
_NEXT_QUERY_PARAMETER = re.compile(rf"&(?:{_LIBPQ_PARAMETERS})=", re.IGNORECASE)
_ALREADY_HIDDEN = re.compile(r"\*\*\*[:;,.)'\"]*")
# Literal passwords this short are not looked for in messages: they would hide ordinary words.
_SHORTEST_LITERAL = 4


def hide_password(text: str, passwords: Iterable[str] = ()) -> str:
    """`text` with every password in it replaced by ***: in each URL form, in libpq keyword/value
    strings, and, for the literal `passwords` (see url_passwords), wherever they occur."""
    merged: list[list[int]] = []
    for start, end in sorted(span for span in _password_spans(text) if span[1] > span[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[str] = []
    position = 0
    for start, end in merged:
        pieces.append(text[position:start] + HIDDEN)
        position = end
    pieces.append(text[position:])
    hidden = "".join(pieces)
    literals = sorted({p for p in passwords if len(p) >= _SHORTEST_LITERAL}, key=len, reverse=True)
    if literals:
        hidden = re.sub("|".join(map(re.escape, literals)), HIDDEN, hidden)
    return hidden


def _password_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the passwords in `text` lie, as (start, end), line by line, in time linear in its
    length (a message can hold a hostile value many thousand characters long)."""
    # A URL on its own (db status shows one) ends where the text ends, so a raw space in its
    # password is still the password; in a message, an unquoted value ends at white space.
    url_alone = _URL_ALONE.fullmatch(text) is not None
    line_start = 0
    while line_start <= len(text):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end == -1 else line_end
        yield from _spans_in_line(text, line_start, line_end, url_alone=url_alone)
        line_start = line_end + 1


def _spans_in_line(text: str, line_start: int, line_end: int, *, url_alone: bool) -> Iterator[tuple[int, int]]:
    last_at = text.rfind("@", line_start, line_end)
    userinfo = _USERINFO_START.search(text, line_start, last_at) if last_at != -1 else None
    if userinfo is not None:  # any later URL on the line ends at the same `@`: inside this span
        yield userinfo.end(), last_at
    next_space = _Next(re.compile(r"\s"), text, line_end)
    next_parameter = _Next(_NEXT_QUERY_PARAMETER, text, line_end)
    covered = line_start  # a key inside a value already found is part of that value
    for found in _PASSWORD_KEY.finditer(text, line_start, line_end):
        if found.start() < covered:
            continue
        if found.group("separator") == ":" and not found.group("key_quote"):
            continue  # "password: …" in prose is a sentence, not a setting
        key_start = found.start()
        while key_start > line_start and text[key_start - 1] in "sSlL":  # sslpassword
            key_start -= 1
        in_query = text[key_start - 1 : key_start] in ("?", "&")
        if in_query or url_alone:  # a URL's query value: taken as written, quotes and spaces too
            start = found.start("space")
        else:  # keyword/value (libpq skips the spaces after `=`), a dict, JSON
            start = found.end()
            opening = text[start : start + 1]
            if opening in ("'", '"'):
                covered = _closing_quote(text, start + 1, line_end, opening)
                yield start + 1, covered
                continue
        end = next_parameter.after(start) if in_query or url_alone else line_end
        end = end if url_alone else min(end, next_space.after(start))
        covered = end
        if not url_alone and _ALREADY_HIDDEN.fullmatch(text, start, end):
            continue
        yield start, end


class _Next:
    """Where `pattern` next occurs at or after a position, for positions that only grow: each
    search starts where the last one ended, so a line is read once however many keys it holds."""

    def __init__(self, pattern: re.Pattern[str], text: str, end: int) -> None:
        self.pattern, self.text, self.end = pattern, text, end
        self.found = -1

    def after(self, position: int) -> int:
        if self.found < position:
            match = self.pattern.search(self.text, position, self.end)
            self.found = match.start() if match else self.end
        return self.found


def _closing_quote(text: str, start: int, end: int, quote: str) -> int:
    """The end of a quoted value whose backslash escapes libpq (and JSON) read; `end` (the end of the
    line) when the quote is never closed."""
    position = start
    while position < end:
        if text[position] == "\\":
            position += 2
            continue
        if text[position] == quote:
            return position
        position += 1
    return end


def url_passwords(url: str | None) -> frozenset[str]:
    """The passwords `url` carries, in the forms a message may echo them (raw, percent-encoded,
    quoted as libpq or JSON quote them, and their parts between URL delimiters, which a parser that
    misread the URL shows as a host or a port), for hide_password's `passwords`.

    A server's or a driver's message can echo a password where no URL surrounds it any more, so the
    one the configured URL holds is looked for as a literal too. psycopg (libpq's own parser) is
    imported only for a URL that seems to hold a password."""
    if not url:
        return frozenset()
    found = {text[start:end] for text in (url, url.strip()) for start, end in _password_spans(text)} - {HIDDEN, ""}
    if not found:
        return frozenset()
    try:
        from psycopg.conninfo import conninfo_to_dict

        url = url.strip()
        for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://"):
            if url.startswith(prefix):
                url = "postgresql://" + url[len(prefix) :]
        parsed = conninfo_to_dict(url)
        found |= {str(parsed[key]) for key in ("password", "sslpassword") if parsed.get(key)}
    except Exception:  # a URL libpq cannot read: what was found above is all there is
        pass
    import json
    from urllib.parse import quote, quote_plus, unquote

    forms: set[str] = set()
    for password in found | {unquote(p) for p in found}:
        forms |= {password, quote(password, safe=""), quote(password), quote_plus(password)}
        forms |= {password.replace("\\", "\\\\").replace("'", "\\'"), json.dumps(password)[1:-1], repr(password)[1:-1]}
        forms |= set(re.split(r"[@:/?&=#]+", password)) | set(re.split(r"[@:/?&=#\s]+", password))
    return frozenset(form for form in forms if len(form) >= _SHORTEST_LITERAL)


def acting_user(flag_as: str | None = None) -> str:
    """Who is recorded as making changes: --as, else $CLAIMTRACK_USER, else the login name."""
    if flag_as and flag_as.strip():
        return flag_as.strip()
    from_env = os.environ.get("CLAIMTRACK_USER", "").strip()
    if from_env:
        return from_env
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"
