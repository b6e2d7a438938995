"""Retention: delete conversations whose last event is older than N days.

`python -m bot purge --days N` reads the `tracker_store` of an endpoints file (SQLite or
PostgreSQL, `type: SQL` or a subclass such as bot.rasa_server.stores.RedactingSQLTrackerStore; `${VAR}`
values come from the environment, as for `rasa run`) and removes every event of each
conversation that has been idle for longer than N days, so nothing personal is kept longer
than the retention period. Run it daily (cron, or the CronJob in deploy/).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Optional, Union

import sqlalchemy as sa

DEFAULT_DAYS = 30
RETENTION_ENV = "PATHWAY_RETENTION_DAYS"


class PurgeError(Exception):
    """The endpoints file names no SQL tracker store this command can purge."""


def retention_days(days: Optional[int] = None) -> int:
    """--days, else $PATHWAY_RETENTION_DAYS, else 30."""
    value = days if days is not None else int(os.environ.get(RETENTION_ENV) or DEFAULT_DAYS)
    if value < 0:
        raise PurgeError(f"retention must be 0 days or more, not {value}")
    return value


def engine_from_endpoints(endpoints: Union[str, Path]) -> "sa.engine.Engine":
    """An engine for the SQL tracker store configured in `endpoints`."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.utils.common import class_from_module_path
    from rasa.utils.endpoints import read_endpoint_config

    store = read_endpoint_config(str(endpoints), "tracker_store")
    kind = (store.type or "").lower() if store else ""
    if kind != "sql":
        try:
            is_sql = bool(kind) and issubclass(class_from_module_path(store.type), SQLTrackerStore)
        except (ImportError, AttributeError, TypeError):
            is_sql = False
        if not is_sql:
            raise PurgeError(f"{endpoints} has no SQL tracker_store (type: {kind or 'none'})")
    kwargs: dict[str, Any] = store.kwargs
    url = SQLTrackerStore.get_db_url(
        kwargs.get("dialect", "sqlite"), store.url, kwargs.get("port"),
        kwargs.get("db", "rasa.db"), kwargs.get("username"), kwargs.get("password"),
        query=kwargs.get("query"))
    return sa.create_engine(url)


def purge(engine: "sa.engine.Engine", days: int, now: Optional[float] = None) -> int:
    """Delete conversations idle for more than `days`; returns how many were deleted."""
    cutoff = (now if now is not None else time.time()) - days * 86400
    if not sa.inspect(engine).has_table("events"):
        return 0
    stale = sa.text("SELECT sender_id FROM events GROUP BY sender_id "
                    "HAVING MAX(timestamp) < :cutoff")
    with engine.begin() as connection:
        senders = [row[0] for row in connection.execute(stale, {"cutoff": cutoff})]
        delete = sa.text("DELETE FROM events WHERE sender_id = :sender")
        for sender in senders:
            connection.execute(delete, {"sender": sender})
    return len(senders)


def main(endpoints: Union[str, Path], days: Optional[int] = None) -> str:
    """What `python -m bot purge` does and prints."""
    days = retention_days(days)
    engine = engine_from_endpoints(endpoints)
    try:
        count = purge(engine, days)
    finally:
        engine.dispose()
    return f"Deleted {count} conversation(s) idle for more than {days} day(s) from {engine.url!r}"
