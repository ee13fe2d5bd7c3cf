"""Arms transfers, a facet of a claim or a prediction: what kind of weapon goes from whom to whom."""

from __future__ import annotations

from datetime import date

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

# The facet's fields, as the export format, the seeds and CSV name them.
ARMS_FIELDS = ("supplier", "recipient", "category", "item", "quantity", "period_start", "period_end")


def parties_problem(supplier: object, recipient: object) -> str | None:
    """What is wrong with a transfer between `supplier` and `recipient` (ids, or actors found):
    it goes from one actor to another."""
    return "the recipient is the supplier; name two different actors." if supplier == recipient else None


def period_problem(start: date | None, end: date | None) -> str | None:
    """What is wrong with the end of the period a transfer took or takes place in: it ends no earlier than it starts."""
    if start is not None and end is not None and end < start:
        return f"{end} is before period_start {start}; give the period in order."
    return None
