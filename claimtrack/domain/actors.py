"""Actors: their kinds, the roles they play in a claim or prediction (NAME:ROLE), and ISO codes."""

from __future__ import annotations

import re

ACTOR_KINDS = ("state", "person", "organization", "armed_group", "other")
ACTOR_ROLES = ("subject", "target", "mentioned")
DEFAULT_ROLE = "subject"

_ISO_CODE = re.compile("[A-Z]{3}")


def parse_actor_role(text: str) -> tuple[str, str]:
    """(name, role) from NAME or NAME:ROLE, the role subject when none is given: how the CLI's
    --actor, seeds and CSV files all name an actor with its role.

    The last colon starts the role when a single word follows it, in any case ("North
    Korea:Target"); a colon followed by nothing or by several words belongs to the name ("Hamas:
    Qassam Brigades"), and a name that holds a colon itself takes its role too ("A:B:subject").
    The name is returned as given, for the caller to trim and look up. A word that is not a role
    is a ValueError naming the roles: "Russia:victim" is not an actor called "Russia:victim"."""
    head, colon, tail = text.rpartition(":")
    word = tail.strip()
    if not colon or not word or " " in word:
        return text, DEFAULT_ROLE
    role = word.lower()
    if role not in ACTOR_ROLES:
        raise ValueError(f'"{word}" is not a role; use NAME:ROLE with ROLE one of {", ".join(ACTOR_ROLES)}.')
    return head, role


def is_iso_code(code: str) -> bool:
    """Whether `code` is an ISO 3166-1 alpha-3 code in its stored form: three letters A-Z (PRK)."""
    return _ISO_CODE.fullmatch(code) is not None


def stored_iso_code(text: str) -> str | None:
    """The stored form (upper case) of an ISO 3166-1 alpha-3 code given in any case ("prk"), or
    None when `text` is not one."""
    code = text.strip()
    return code.upper() if code.isascii() and is_iso_code(code.upper()) else None


def may_hold_iso_code(kind: str) -> bool:
    """Only a state has an ISO code. The code identifies the actor (it is unique, and names it
    wherever an actor is asked for): a person's nationality is not theirs to hold."""
    return kind == "state"
