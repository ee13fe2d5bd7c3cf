"""Tags: lower case, spaces as hyphens, a few punctuation marks, at most TAG_MAX characters."""

from __future__ import annotations

import re

from claimtrack.domain.limits import TAG_MAX

_TAG = re.compile(rf"^[a-z0-9][a-z0-9_.:/-]{{0,{TAG_MAX - 1}}}$")


def normalise_tag(raw: str) -> str:
    """Tags are lower case, with spaces as hyphens: "North Korea" → "north-korea"."""
    tag = "-".join(raw.strip().lower().split())
    if not _TAG.match(tag):
        raise ValueError(
            f'"{raw}" is not a tag; use up to {TAG_MAX} letters, digits and - _ . : / (starting with a letter or digit).'
        )
    return tag
