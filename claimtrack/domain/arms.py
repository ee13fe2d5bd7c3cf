"""Arms transfers, a facet of a claim or a prediction: what kind of weapon goes from whom to whom."""

from __future__ import annotations

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
