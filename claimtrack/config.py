"""Settings: which database, who is acting. Read lazily from flags, environment and defaults."""

from __future__ import annotations

import getpass
import os
import re
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
        return DatabaseChoice(url=normalise_url(flag_url), origin="--database-url")
    for variable in DATABASE_URL_VARIABLES:
        value = os.environ.get(variable)
        if value:
            return DatabaseChoice(url=normalise_url(value), origin=variable)
    return DatabaseChoice(url=None, origin="embedded", home=claimtrack_home())


def normalise_url(url: str) -> str:
    """Accept postgres://, postgresql:// and postgresql+psycopg://; always use psycopg 3."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://", "postgresql+psycopg://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


_PASSWORD_IN_URL = re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)(?P<password>[^@\s]*)(?=@)")


def hide_password(text: str) -> str:
    """Replace the password of every URL in `text` with ***."""
    return _PASSWORD_IN_URL.sub(lambda m: m.group("head") + "***", text)


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
