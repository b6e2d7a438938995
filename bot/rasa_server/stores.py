"""Tracker store that keeps no emails, phone numbers or UK postcodes.

Rasa's SQL tracker store saves every event as JSON. This subclass redacts what the user typed
(and anything derived from it: parse data, entity values, slot values; the rules are in
bot/shared/redaction.py) on the way into the database, so the conversation history is kept without
the personal data. The tracker in memory is untouched, so NLU and the actions still see the
original text during the turn.

Configured in an endpoints file (Rasa imports it by module path and passes the same keyword
arguments as to `type: SQL`):

    tracker_store:
      type: bot.rasa_server.stores.RedactingSQLTrackerStore
      dialect: sqlite
      db: var/tracker.db

When the database cannot be reached, the operator gets an ERROR, never a silent switch to memory:
at start-up the store waits at most `$PATHWAY_DB_CONNECT_TIMEOUT` seconds (default 30), then
logs which database it could not reach and stops `rasa run` (Rasa 3.6 would log "Could not
create tables" and serve anyway, or retry forever when `login_db` is set). At run time a
conversation that cannot be read is answered without its earlier messages, and a turn that
cannot be saved is logged and dropped (Rasa would keep it in an in-memory store that is never
read back). So the user still gets an answer, and once the database is back the next message
is read and stored again. `install_strict_loading` makes a misspelt `type:` stop the server
instead of running in memory.
"""

from __future__ import annotations

import itertools
import logging
import os
import time
from pathlib import Path
from typing import Any, Dict, Iterator, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, validate_port
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import NullPool, QueuePool

from bot.shared.redaction import redact_event

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_ENV = "PATHWAY_DB_CONNECT_TIMEOUT"
DEFAULT_CONNECT_TIMEOUT = 30.0
#: Conversations whose read event count is kept at once (each is dropped at its save).
KNOWN_COUNTS = 10_000
#: libpq's per-attempt limit, so an unanswering PostgreSQL host cannot hang the server for minutes.
POSTGRESQL_ATTEMPT_SECONDS = 5

class _Redacted:
    """Stands in for an event while SQLTrackerStore.save serialises it."""

    def __init__(self, event: Any) -> None:
        self.type_name = event.type_name
        self._data = redact_event(event.as_dict())  # builds new containers, never mutates

    def as_dict(self) -> Dict[str, Any]:
        return self._data


class TrackerStoreUnavailable(RasaException):
    """The tracker store's database cannot be used: `rasa run` stops with this message."""


def connect_timeout() -> float:
    """Seconds to wait for the database at start-up, from the environment."""
    return float(os.environ.get(CONNECT_TIMEOUT_ENV) or DEFAULT_CONNECT_TIMEOUT)


def describe(url: Any) -> str:
    """The database a URL points at, for log lines: never the password."""
    url = sa.engine.make_url(url)
    where = f" at {url.host}:{url.port or 'default port'}" if url.host else ""
    return f"{url.get_backend_name()} database '{url.database}'{where}"


def first_line(error: DBAPIError) -> str:
    """The driver's own message, without SQLAlchemy's SQL and parameters (user data)."""
    return (str(error.orig).strip().splitlines() or [type(error.orig).__name__])[0]


def wait_for_database(url: Any, timeout: float) -> None:
    """Return once a connection opens; raise TrackerStoreUnavailable after `timeout` seconds."""
    engine = sa.create_engine(url, poolclass=NullPool)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                engine.connect().close()
                return
            except OperationalError as error:
                if time.monotonic() >= deadline:
                    message = (f"Cannot reach the tracker store, {describe(url)}, after "
                               f"{timeout:g} s ({first_line(error)}). Start the database or fix "
                               f"tracker_store in the endpoints file; {CONNECT_TIMEOUT_ENV} "
                               f"sets the wait. Not starting: conversations would not be kept.")
                    logger.error(message)
                    raise TrackerStoreUnavailable(message) from None
                time.sleep(1)
    finally:
        engine.dispose()


def _sqlite_write_ahead_log(connection: Any, _record: Any) -> None:
    """SQLite in write-ahead-log mode, synced at checkpoints rather than on every commit.

    Each turn is a commit; with SQLite's defaults each commit waits for the disk twice. In WAL
    mode readers do not wait for the writer, and a crash of the server loses nothing; only a
    power cut can lose the last turns, never corrupt the file."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that writes redacted events, creates the SQLite file's folder and
    fails loudly when its database is unreachable (see the module doc)."""

    def __init__(self, domain: Optional[Any] = None, dialect: Text = "sqlite",
                 host: Optional[Text] = None, port: Any = None, db: Text = "rasa.db",
                 username: Optional[Text] = None, password: Optional[Text] = None,
                 login_db: Optional[Text] = None, query: Optional[Dict] = None,
                 **kwargs: Any) -> None:
        if dialect == "sqlite" and db and not host:
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        if dialect.startswith("postgresql"):
            query = {"connect_timeout": str(POSTGRESQL_ATTEMPT_SECONDS), **(query or {})}
        url = self.get_db_url(dialect, host, validate_port(port), db, username, password,
                              login_db, query)
        wait_for_database(url, connect_timeout())
        #: Events read per conversation, until its next save (see `_additional_events`).
        self._stored: Dict[Text, int] = {}
        super().__init__(domain=domain, dialect=dialect, host=host, port=port, db=db,
                         username=username, password=password, login_db=login_db,
                         query=query, **kwargs)
        if dialect == "sqlite":
            # SQLAlchemy 1.4 opens a new SQLite connection for every session and closes it
            # after (NullPool): keeping a few open saves the connect and the pragmas each turn.
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, poolclass=QueuePool, pool_size=4,
                                           connect_args={"check_same_thread": False})
            sa.event.listen(self.engine, "connect", _sqlite_write_ahead_log)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        """The stored conversation, or None (answer without it) and an ERROR naming the
        database, instead of Rasa's message, which wrongly says it falls back to memory."""
        self._stored.pop(sender_id, None)
        try:
            tracker = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        except DBAPIError as error:
            logger.error("Could not read conversation %s from the tracker store, %s (%s); "
                         "answering without its earlier messages. Is the database up?",
                         sender_id, describe(self.engine.url), first_line(error))
            return None
        if tracker is not None and not fetch_events_from_all_sessions:
            if len(self._stored) >= KNOWN_COUNTS:
                self._stored.clear()
            self._stored[sender_id] = len(tracker.events)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save, or log why not: Rasa's fallback would keep the turn in memory, unread."""
        try:
            await super().save(tracker)
        except DBAPIError as error:
            logger.error("Could not store a turn of conversation %s in the tracker store, %s "
                         "(%s). Is the database up?", tracker.sender_id,
                         describe(self.engine.url), first_line(error))

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        """The events not yet stored, as redacted copies.

        Rasa counts the stored events with a query on every save. Between reading a
        conversation and saving it, the conversation's lock keeps every other server out, so
        the events read are the events stored: that count is used once, then Rasa's query."""
        known = self._stored.pop(tracker.sender_id, None)
        new = (itertools.islice(tracker.events, known, None) if known is not None
               else super()._additional_events(session, tracker))
        for event in new:
            yield _Redacted(event)


def install_strict_loading() -> None:
    """Make `rasa run` stop when the endpoints' tracker_store `type:` cannot be loaded.

    Rasa 3.6 (`_load_from_module_name_in_endpoint_config`) catches ImportError and
    AttributeError, from a misspelt type or from the store's own imports, and quietly runs with
    the InMemoryTrackerStore: every conversation then lives only in that one process. Installed
    by `bot.rasa_server.patches.install()`, before Rasa creates the store.
    """
    from rasa.core import tracker_store
    from rasa.shared.utils.common import class_from_module_path

    def load(domain: Any, store: Any, event_broker: Any = None) -> Any:
        try:
            store_class = class_from_module_path(store.type)
        except (AttributeError, ImportError) as error:
            message = (f"The tracker_store type '{store.type}' in the endpoints file cannot be "
                       f"loaded ({error}). Fix the type, e.g. "
                       f"bot.rasa_server.stores.RedactingSQLTrackerStore."
                       f" Not starting: conversations would only be kept in memory.")
            logger.error(message)
            raise TrackerStoreUnavailable(message) from None
        return store_class(host=store.url, domain=domain, event_broker=event_broker,
                           **store.kwargs)

    load.strict = True
    tracker_store._load_from_module_name_in_endpoint_config = load


def strict_loading_installed(tracker_store: Any) -> bool:
    """Whether `install_strict_loading` replaced Rasa's loader in that module."""
    return getattr(tracker_store._load_from_module_name_in_endpoint_config, "strict", False)
