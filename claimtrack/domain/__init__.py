"""Pure rules, one module per subject: nothing here touches the database or the clock.

- dates: dates with precision, deadlines (+90d, +6m, +1y) and the end of a period;
- predictions: statuses, transitions, what a resolution needs, likelihood terms, when one is made,
  due and resolved;
- claims: statuses and transitions, stances, credibility;
- actors: kinds, roles and NAME:ROLE, ISO codes (for states only);
- sources: kinds, reliability grades, the stored form of a URL;
- tags, arms: a tag's form; the arms-transfer facet (ArmsTransfer), its categories and rules;
- scoring: Brier and log scores, calibration bins, hit rate; forecasters' scores, the Murphy
  decomposition, the log-score gain credited to evidence;
- limits: the longest text of every field, the ranges of ids and quantities;
- search: a search query's grammar, and the marks around the words a match found.

The CLI, io and services take every rule from here and hold no copy of one. PostgreSQL enforces
the same rules again (the migrations' CHECKs and triggers); these give the good messages. Every
public name is also importable from claimtrack.domain itself.
"""

from __future__ import annotations

from claimtrack.domain.actors import (
    ACTOR_KINDS,
    ACTOR_ROLES,
    DEFAULT_ROLE,
    is_iso_code,
    may_hold_iso_code,
    parse_actor_role,
    stored_iso_code,
)
from claimtrack.domain.arms import (
    ARMS_CATEGORIES,
    ARMS_FIELDS,
    ArmsTransfer,
    parties_problem,
    period_problem,
)
from claimtrack.domain.claims import (
    CLAIM_STATUSES,
    CLAIM_VERDICTS,
    CREDIBILITY_GRADES,
    STANCES,
    allowed_claim_transitions,
)
from claimtrack.domain.dates import (
    DATE_FORMS,
    DATE_PRECISIONS,
    DEADLINE_FORMS,
    Deadline,
    DeadlineOffset,
    PartialDate,
    Precision,
    add_months,
    days_after,
    effective_date_problem,
    parse_deadline,
    parse_partial_date,
    read_deadline,
    resolve_deadline,
    stored_date,
    stored_deadline,
    stored_partial_date,
)
from claimtrack.domain.limits import (
    AUTHOR_MAX,
    DUE_WITHIN_MAX,
    ID_MAX,
    NAME_MAX,
    PUBLISHER_MAX,
    QUANTITY_MAX,
    QUERY_MAX,
    STATEMENT_MAX,
    TAG_MAX,
    TEXT_LIMITS,
    TEXT_MAX,
    TITLE_MAX,
    URL_MAX,
    URL_MAX_BYTES,
    USER_MAX,
    TextLimit,
    checked_text,
)
from claimtrack.domain.predictions import (
    ANNULMENTS,
    CONFIDENCE_LEVELS,
    LIKELIHOOD_TERMS,
    PREDICTION_STATUSES,
    RESOLVED_STATUSES,
    VERDICTS,
    Requirement,
    allowed_prediction_transitions,
    deadline_problem,
    estimate,
    likelihood_midpoint,
    made_problem,
    prediction_transition_allowed,
    probability_fits_term,
    resolution_lacks,
    resolution_needs,
    resolved_on_problem,
)
from claimtrack.domain.scoring import (
    CALIBRATION_BINS,
    LOG_SCORE_FLOOR,
    brier_score,
    calibration_bin,
    hit_rate,
    log_score,
    log_score_gain,
    murphy_decomposition,
)
from claimtrack.domain.search import (
    HEADLINE_START,
    HEADLINE_STOP,
    SearchQuery,
    parse_search,
    whole_word_marks,
)
from claimtrack.domain.sources import (
    RELIABILITY_GRADES,
    SOURCE_KINDS,
    checked_url,
    normalise_url,
    url_title,
)
from claimtrack.domain.tags import normalise_tag

__all__ = [
    # actors
    "ACTOR_KINDS", "ACTOR_ROLES", "DEFAULT_ROLE", "is_iso_code", "may_hold_iso_code", "parse_actor_role",
    "stored_iso_code",
    # arms transfers
    "ARMS_CATEGORIES", "ARMS_FIELDS", "ArmsTransfer", "parties_problem", "period_problem",
    # claims
    "CLAIM_STATUSES", "CLAIM_VERDICTS", "CREDIBILITY_GRADES", "STANCES", "allowed_claim_transitions",
    # dates
    "DATE_FORMS", "DATE_PRECISIONS", "DEADLINE_FORMS", "Deadline", "DeadlineOffset", "PartialDate", "Precision",
    "add_months", "days_after", "effective_date_problem", "parse_deadline", "parse_partial_date", "read_deadline", "resolve_deadline",
    "stored_date", "stored_deadline", "stored_partial_date",
    # limits
    "AUTHOR_MAX", "DUE_WITHIN_MAX", "ID_MAX", "NAME_MAX", "PUBLISHER_MAX", "QUANTITY_MAX", "QUERY_MAX", "STATEMENT_MAX",
    "TAG_MAX", "TEXT_LIMITS", "TEXT_MAX", "TITLE_MAX", "URL_MAX", "URL_MAX_BYTES", "USER_MAX", "TextLimit", "checked_text",
    # predictions
    "ANNULMENTS", "CONFIDENCE_LEVELS", "LIKELIHOOD_TERMS", "PREDICTION_STATUSES", "RESOLVED_STATUSES", "VERDICTS",
    "Requirement", "allowed_prediction_transitions", "deadline_problem", "estimate", "likelihood_midpoint", "made_problem",
    "prediction_transition_allowed", "probability_fits_term", "resolution_lacks", "resolution_needs", "resolved_on_problem",
    # scoring
    "CALIBRATION_BINS", "LOG_SCORE_FLOOR", "brier_score", "calibration_bin", "hit_rate", "log_score",
    "log_score_gain", "murphy_decomposition",
    # search
    "HEADLINE_START", "HEADLINE_STOP", "SearchQuery", "parse_search", "whole_word_marks",
    # sources
    "RELIABILITY_GRADES", "SOURCE_KINDS", "checked_url", "normalise_url", "url_title",
    # tags
    "normalise_tag",
]  # fmt: skip
