"""The one place where exceptions become what the user reads: one `Error:` line and exit 1."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from claimtrack.config import DATABASE_URL_VARIABLES, hide_password, url_passwords
from claimtrack.errors import ClaimtrackError

if TYPE_CHECKING:
    import psycopg

# Sentences for the database's own refusals, by constraint or trigger name. Services check the
# same rules first with better context; these are for what slips past them (races, psql habits).
CONSTRAINT_MESSAGES = {
    "uq_actor_lower_name": "an actor with that name already exists; see: claimtrack actor list",
    "uq_actor_iso_code": "an actor with that ISO code already exists; see: claimtrack actor list",
    "uq_actor_alias_lower_alias": "that alias already names an actor; see: claimtrack actor list",
    "uq_source_url": "a source with that URL already exists; see: claimtrack source list",
    "ck_prediction_resolve_by_after_made": "the deadline (--resolve-by) is before the date the prediction was made (--made)",
    "ck_prediction_probability_fits_likelihood": "the probability lies outside the likelihood term's range",
    "tr_prediction_transition": "that status change is not allowed; reopen the prediction first",
    "tr_prediction_reopen_reason": "reopening a prediction needs a reason (--reason)",
    "tr_prediction_resolution_frozen": "a resolved prediction's resolution changes only by reopening it",
    "tr_claim_status_reason": "a claim's status change needs a reason (--reason)",
    "tr_claim_verdict_evidence": "confirming or refuting a claim needs an evidence source (--evidence)",
    "tr_status_history_append_only": "the status history is append-only",
    "tr_status_effective_not_future": "a status change cannot take effect after today (--on)",
    "tr_prediction_resolved_after_forecasts": "a prediction cannot be resolved before one of its forecasts was made; give a later --on",
    "tr_forecast_prediction_open": "the prediction is resolved; a forecast goes on an open prediction (reopen it first)",
    "tr_forecast_not_future": "a forecast cannot be made after today (--on)",
    "tr_forecast_after_prediction": "a forecast cannot be made before the prediction was made (--on)",
    "tr_forecast_in_order": "a forecast cannot be made before the same forecaster's previous forecast on it (--on)",
    "tr_forecast_evidence_with_forecast": "a forecast's evidence is recorded with the forecast, in the same command",
    "tr_prediction_question_frozen": "a resolved prediction's question changes only once it is reopened (claimtrack prediction reopen ID --reason ...)",
    "tr_source_regrade_reason": "regrading a source needs a reason (--reason)",
    "tr_forecast_append_only": "forecasts are append-only: record a new forecast instead of changing one",
}


class CommandError(click.ClickException):
    """An `Error:` line, exit 1. Every password is hidden from it: in any URL or connection string,
    and the configured URL's own password wherever it appears (a server may echo it in another form)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        message = " ".join(message.split()) if "\n" not in message else message
        super().__init__(hide_password(message, configured_passwords()))


class BadSettingError(CommandError):
    """An `Error:` line for a value that cannot be used as given (errors.BadSetting): exit 2, as
    Click's usage errors."""

    exit_code = 2


def configured_passwords() -> frozenset[str]:
    """The passwords of every database URL this invocation was given (flag or environment)."""
    urls = [os.environ.get(variable) for variable in DATABASE_URL_VARIABLES]
    context = click.get_current_context(silent=True)
    if context is not None:
        urls.append(context.find_root().params.get("database_url"))
    return frozenset().union(*(url_passwords(url) for url in urls if url))


def translate(error: BaseException) -> click.ClickException:
    if isinstance(error, ClaimtrackError):
        return BadSettingError(str(error)) if error.exit_code == BadSettingError.exit_code else CommandError(str(error))
    driver_error = _driver_error(error)
    if driver_error is not None:
        import psycopg

        if isinstance(driver_error, psycopg.OperationalError):
            return CommandError(f"the database is unreachable or failed: {_primary(driver_error)}")
        constraint = getattr(driver_error.diag, "constraint_name", None)
        if constraint in CONSTRAINT_MESSAGES:
            return CommandError(f"{CONSTRAINT_MESSAGES[constraint]}; nothing was written.")
        detail = f" ({constraint})" if constraint else ""
        return CommandError(f"the database refused this{detail}: {_primary(driver_error)}; nothing was written.")
    return CommandError(f"unexpected {type(error).__name__}: {error}. Run again with CLAIMTRACK_DEBUG=1 for details.")


def _driver_error(error: BaseException) -> psycopg.Error | None:
    """The psycopg error behind `error`: raised by psycopg itself (the services on psycopg), or
    wrapped by SQLAlchemy. Neither library is imported here when the command did not load it."""
    cause: BaseException | None = error
    if "sqlalchemy" in sys.modules:
        from sqlalchemy.exc import DBAPIError

        if isinstance(error, DBAPIError):
            cause = error.orig
    driver = sys.modules.get("psycopg")
    if driver is None or not isinstance(cause, driver.Error):
        return None
    found: psycopg.Error = cause
    return found


def _primary(error: psycopg.Error) -> str:
    primary = error.diag.message_primary or (str(error).strip().splitlines() or [type(error).__name__])[0]
    return hide_password(primary)
