"""Retention: delete everything kept about visitors that is older than N days.

`python -m bot purge --days N` reads the `tracker_store` of an endpoints file (SQLite or
PostgreSQL, `type: SQL` or a subclass such as bot.rasa_server.stores.RedactingSQLTrackerStore; `${VAR}`
values come from the environment, as for `rasa run`) and deletes every event older than N days,
from every conversation: one idle for longer is emptied, one still in use loses its older
events (so a conversation that goes on for months keeps no more than N days of it). It then
removes the records older than N days from the editors' JSON-lines files
(`$PATHWAY_UNANSWERED_FILE` and `$PATHWAY_FEEDBACK_FILE`, bot/shared/records.py), replacing
each atomically, and drops any line there that is not a record with a timestamp. It prints
what it deleted. Run it daily (cron, or the CronJob in deploy/), where those files are.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, NamedTuple, Optional, Union

import sqlalchemy as sa

from bot.shared import records

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


def purge_records(days: int, now: Optional[float] = None) -> Dict[Path, Optional[records.Purged]]:
    """Remove the records older than `days` from the unanswered-questions and feedback files;
    None for a file that is not there (or not a regular file, such as os.devnull)."""
    cutoff = (now if now is not None else time.time()) - days * 86400
    return {path: records.purge_before(path, cutoff) if path.is_file() else None
            for path in (records.unanswered_file(), records.feedback_file())}


def main(endpoints: Union[str, Path], days: Optional[int] = None) -> str:
    """What `python -m bot purge` does and prints."""
    days = retention_days(days)
    now = time.time()
    engine = engine_from_endpoints(endpoints)
    try:
        store = purge(engine, days, now)
    finally:
        engine.dispose()
    files = purge_records(days, now)
    before = datetime.fromtimestamp(now - days * 86400, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Deleted what was older than {days} day(s), from before {before}:",
             f"  {engine.url!r}: {store.events} event(s); {store.emptied} conversation(s) idle "
             f"for more than {days} day(s) emptied, {store.trimmed} still in use trimmed"]
    for path, done in files.items():
        if done is None:
            lines.append(f"  {path}: {'not a regular file' if path.exists() else 'no such file'}")
        else:
            unreadable = f", and {done.unreadable} unreadable line(s)" if done.unreadable else ""
            lines.append(f"  {path}: {done.old} record(s){unreadable}")
    return "\n".join(lines)
