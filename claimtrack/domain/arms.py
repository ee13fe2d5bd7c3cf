"""Arms transfers, a facet of a claim or a prediction: what kind of weapon goes from whom to whom."""

from __future__ import annotations

from dataclasses import dataclass, fields
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



@dataclass(frozen=True)
class ArmsTransfer:
    """One arms transfer, the facet of a claim (what it reports) or a prediction (what it expects).

    The supplier and recipient are actors as people name them, never their ids: on the way in, a
    name, alias or ISO code as given (the CLI, seeds, CSV), which the services look up and store as
    arms_transfer.supplier_id and recipient_id; on the way out, the actor as shown ("Russia", or
    "Russia (RUS)" where predictions name actors so). The ids live only inside the use case that
    writes them, and the export format's records (which name actors by id) stay plain records, as
    all of that format's records are, so no second type is needed.
    """

    supplier: str
    recipient: str
    category: str  # one of ARMS_CATEGORIES
    item: str | None = None
    quantity: int | None = None  # 1 to limits.QUANTITY_MAX
    period_start: date | None = None
    period_end: date | None = None  # no earlier than period_start (period_problem)


# The facet's fields, as the export format, the seeds, CSV and `show` name them.
ARMS_FIELDS = tuple(f.name for f in fields(ArmsTransfer))


def parties_problem(supplier: object, recipient: object) -> str | None:
    """What is wrong with a transfer between `supplier` and `recipient` (ids, or actors found):
    it goes from one actor to another."""
    return "the recipient is the supplier; name two different actors." if supplier == recipient else None


def period_problem(start: date | None, end: date | None) -> str | None:
    """What is wrong with the end of the period a transfer took or takes place in: it ends no earlier than it starts."""
    if start is not None and end is not None and end < start:
        return f"{end} is before period_start {start}; give the period in order."
    return None
