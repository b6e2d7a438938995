"""Retention: delete everything kept about visitors that is older than N days.

`python -m bot purge --days N` reads the `tracker_store` of an endpoints file (SQLite or
PostgreSQL, `type: SQL` or a subclass such as bot.rasa_server.stores.RedactingSQLTrackerStore; `${VAR}`
values come from the environment, as for `rasa run`) and deletes every event older than N days,
from every conversation: one idle for longer is emptied, one still in use loses its older
events (so a conversation that goes on for months keeps no more than N days of it). From the
same database it deletes the editors' records and feedback older than N days (tables
`editor_records` and `feedback`, bot/shared/records.py). It prints what it deleted. Run it
daily (cron, or the CronJob in deploy/): one run covers every replica, as they share the
database.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple, Optional, Union

import sqlalchemy as sa

from bot.shared import records

DEFAULT_DAYS = 30
RETENTION_ENV = "PATHWAY_RETENTION_DAYS"


class PurgeError(Exception):
    """The endpoints file names no SQL tracker store this command (purge, report,
    import-records, ask --record) can use, or the retention is wrong."""


def retention_days(days: Optional[int] = None) -> int:
    """--days, else $PATHWAY_RETENTION_DAYS, else 30."""
    value = days if days is not None else int(os.environ.get(RETENTION_ENV) or DEFAULT_DAYS)
    if value < 0:
        raise PurgeError(f"retention must be 0 days or more, not {value}")
    return value


def engine_from_endpoints(endpoints: Union[str, Path]) -> "sa.engine.Engine":
    """An engine for the SQL tracker store configured in `endpoints` (with $POSTGRESQL_SCHEMA's
    search path, as the server's): the conversations and the editors' records."""
    from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
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
    return sa.create_engine(url, **create_engine_kwargs(sa.engine.make_url(url)))


class Purged(NamedTuple):
    """What `purge` deleted from the tracker store."""
    events: int
    emptied: int  # conversations with no event left: idle for longer than the retention
    trimmed: int  # conversations still in use that lost their older events


def purge(engine: "sa.engine.Engine", days: int, now: Optional[float] = None) -> Purged:
    """Delete every event older than `days` (and any without a timestamp), in one transaction."""
    cutoff = (now if now is not None else time.time()) - days * 86400
    if not sa.inspect(engine).has_table("events"):
        return Purged(0, 0, 0)
    touched = sa.text(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN last_at < :cutoff THEN 1 ELSE 0 END), 0) "
        "FROM (SELECT MAX(COALESCE(timestamp, 0)) AS last_at FROM events GROUP BY sender_id "
        "HAVING MIN(COALESCE(timestamp, 0)) < :cutoff) AS touched")
    delete = sa.text("DELETE FROM events WHERE timestamp < :cutoff OR timestamp IS NULL")
    with engine.begin() as connection:
        conversations, emptied = connection.execute(touched, {"cutoff": cutoff}).one()
        events = connection.execute(delete, {"cutoff": cutoff}).rowcount
    return Purged(events, int(emptied), int(conversations) - int(emptied))


def main(endpoints: Union[str, Path], days: Optional[int] = None) -> str:
    """What `python -m bot purge` does and prints."""
    days = retention_days(days)
    now = time.time()
    engine = engine_from_endpoints(endpoints)
    try:
        store = purge(engine, days, now)
        kept = records.purge_before(engine, now - days * 86400)
    finally:
        engine.dispose()
    before = datetime.fromtimestamp(now - days * 86400, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join([
        f"Deleted what was older than {days} day(s), from before {before}:",
        f"  {engine.url!r}: {store.events} event(s); {store.emptied} conversation(s) idle "
        f"for more than {days} day(s) emptied, {store.trimmed} still in use trimmed",
        f"  editors' records: {kept.records} question(s) not answered or answered unsure, "
        f"{kept.feedback} feedback vote(s), {kept.reviews} review(s)"])
