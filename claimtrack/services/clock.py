"""The one "today": the database's date.

Whatever counts from today (a deadline of +90d, the day a prediction was made or resolved when
none is given, what is overdue or due) counts from the database's current_date: the date its
CHECKs, triggers and reporting views use, in the session's TimeZone. Never from the client's
clock, which differs from it around midnight and across time zones. Within one transaction it
is one date, however long the command runs.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psycopg import Connection


def database_today(connection: Connection[Any]) -> date:
    """The database's current_date (constant within the transaction)."""
    row = connection.execute("SELECT current_date").fetchone()
    assert row is not None
    today: date = row[0]
    return today
