"""Predictions: their statuses and transitions, what a resolution needs, and likelihood terms.

The database holds the same rules in its triggers and CHECKs (migrations 0001 and 0004); these
give the good messages, before anything is written.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from claimtrack.domain.dates import PartialDate

PREDICTION_STATUSES = ("open", "confirmed", "refuted", "ambiguous", "withdrawn")
RESOLVED_STATUSES = ("confirmed", "refuted", "ambiguous", "withdrawn")
VERDICTS = ("confirmed", "refuted")  # resolved on an evidence source
ANNULMENTS = ("ambiguous", "withdrawn")  # resolved with a note saying why
CONFIDENCE_LEVELS = ("low", "moderate", "high")

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

Requirement = Literal["evidence", "note"]


def likelihood_midpoint(term: str) -> float:
    low, high = LIKELIHOOD_TERMS[term]
    return round((low + high) / 2, 3)


def probability_fits_term(probability: float, term: str) -> bool:
    low, high = LIKELIHOOD_TERMS[term]
    return low <= probability <= high


def estimate(probability: float | None, likelihood: str | None) -> tuple[float | None, str | None]:
    """(probability, term) as stored: a term alone stands for its range's midpoint, and the two must
    agree; ValueError says what is wrong with either."""
    if probability is not None and not 0 <= probability <= 1:  # nan too: every comparison with it is false
        raise ValueError(f"--probability {probability} is not a probability; give a number from 0 to 1.")
    if likelihood is None:
        return probability, None
    term = likelihood.strip().lower()
    if term not in LIKELIHOOD_TERMS:
        raise ValueError(f'"{likelihood}" is not an ICD 203 term; use one of: {", ".join(LIKELIHOOD_TERMS)}.')
    if probability is None:
        return likelihood_midpoint(term), term
    if not probability_fits_term(probability, term):
        low, high = LIKELIHOOD_TERMS[term]
        raise ValueError(
            f'--probability {probability:g} disagrees with --likelihood "{term}", which means '
            f"{low * 100:g}–{high * 100:g} %; give a probability in that range, or only one of the two."
        )
    return probability, term


def allowed_prediction_transitions(current: str) -> tuple[str, ...]:
    """open → any resolution; a resolution → open (reopen, with a reason); nothing else."""
    if current == "open":
        return RESOLVED_STATUSES
    return ("open",)


def prediction_transition_allowed(current: str, new: str) -> bool:
    return new in allowed_prediction_transitions(current)


def resolution_needs(status: str) -> Requirement | None:
    """What a prediction resolved as `status` carries besides the day it was resolved: a verdict
    (confirmed, refuted) the evidence source it rests on, an annulment (ambiguous, withdrawn) a
    note saying why. An open prediction has no resolution at all: None."""
    if status in VERDICTS:
        return "evidence"
    if status in ANNULMENTS:
        return "note"
    return None


def resolution_lacks(status: str, *, evidence: object | None, note: str | None) -> Requirement | None:
    """What a resolution as `status` with this evidence source and note still lacks (a blank
    note is none), or None when it has what it needs (resolution_needs)."""
    needed = resolution_needs(status)
    if needed == "evidence" and evidence is None:
        return "evidence"
    if needed == "note" and not (note or "").strip():
        return "note"
    return None


def made_problem(made: PartialDate, *, today: date) -> str | None:
    """What is wrong with the day a prediction was made: it is not after `today`, since a
    prediction is recorded on or after the day it was made."""
    if made.value > today:
        return f"{made} is in the future; a prediction is recorded on or after the day it was made."
    return None


def deadline_problem(resolve_by: PartialDate, *, made: PartialDate) -> str | None:
    """What is wrong with a prediction's deadline: its last day is not before the day it was made."""
    if resolve_by.last_day < made.value:
        return f"{resolve_by} is before the prediction was made ({made}); give a deadline on or after {made}."
    return None


def resolved_on_problem(resolved_on: date, *, made: PartialDate) -> str | None:
    """What is wrong with the day a prediction was resolved, as a record gives it (seeds, CSV, an
    export): it is not before the day it was made. (A resolution made now, from the CLI, is
    checked by dates.effective_date_problem, which also knows today and the last reopening.)"""
    if resolved_on < made.value:
        return f"{resolved_on} is before the prediction was made ({made})."
    return None
