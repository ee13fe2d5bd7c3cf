"""Which database and who is acting: flags, environment, defaults."""

from pathlib import Path

import pytest

from claimtrack.config import acting_user, choose_database, hide_password, normalise_url


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("CLAIMTRACK_DATABASE_URL", "DATABASE_URL", "CLAIMTRACK_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLAIMTRACK_HOME", str(tmp_path / "home"))


def test_the_flag_wins_over_both_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMTRACK_DATABASE_URL", "postgresql://a/one")
    monkeypatch.setenv("DATABASE_URL", "postgresql://b/two")
    choice = choose_database("postgresql://c/three")
    assert (choice.url, choice.origin) == ("postgresql+psycopg://c/three", "--database-url")


def test_claimtrack_database_url_wins_over_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMTRACK_DATABASE_URL", "postgresql://a/one")
    monkeypatch.setenv("DATABASE_URL", "postgresql://b/two")
    assert choose_database().origin == "CLAIMTRACK_DATABASE_URL"


def test_database_url_is_used_when_it_is_the_only_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://b/two")
    choice = choose_database()
    assert (choice.url, choice.origin) == ("postgresql+psycopg://b/two", "DATABASE_URL")


def test_with_nothing_configured_the_embedded_server_under_claimtrack_home_is_used(tmp_path: Path) -> None:
    choice = choose_database()
    assert choice.embedded and choice.home == (tmp_path / "home").resolve()


@pytest.mark.parametrize(
    "url", ["postgres://u:p@h/d", "postgresql://u:p@h/d", "postgresql+psycopg://u:p@h/d", "postgresql+psycopg2://u:p@h/d"]
)
def test_every_postgres_url_form_uses_psycopg_3(url: str) -> None:
    assert normalise_url(url) == "postgresql+psycopg://u:p@h/d"


def test_a_password_in_a_url_is_never_shown() -> None:
    message = "cannot reach postgresql+psycopg://alice:s3cr%40t@db.example:5432/claims (timeout)"
    assert hide_password(message) == "cannot reach postgresql+psycopg://alice:***@db.example:5432/claims (timeout)"
    assert hide_password("postgresql://alice@host/db") == "postgresql://alice@host/db"


def test_the_acting_user_comes_from_as_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMTRACK_USER", "bob")
    assert acting_user("alice") == "alice"
    assert acting_user(None) == "bob"
    monkeypatch.delenv("CLAIMTRACK_USER")
    assert acting_user(None)  # the login name
