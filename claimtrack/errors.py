"""The errors a user must act on. The CLI turns each into one `Error:` line and its exit code (1, or 2 for a bad value given)."""

from __future__ import annotations


class ClaimtrackError(Exception):
    """Something the user must act on; the message names the value and the fix."""

    exit_code = 1


class NotFound(ClaimtrackError):
    """An id, name or URL that does not exist."""


class Conflict(ClaimtrackError):
    """The data already holds something that refuses this change (duplicate, lost race)."""


class RefusedTransition(ClaimtrackError):
    """A status change that the rules do not allow from the current status."""


class InvalidValue(ClaimtrackError):
    """A value that is well-formed but breaks a rule spanning several fields."""


class DatabaseUnavailable(ClaimtrackError):
    """The database cannot be reached, started or migrated."""


class Refused(ClaimtrackError):
    """A command the database login in use may not run, or should not: the message names the login to use."""


class BadSetting(ClaimtrackError):
    """A value given on the command line or in the environment that cannot be used as it is (exit 2, as Click's usage errors)."""

    exit_code = 2
