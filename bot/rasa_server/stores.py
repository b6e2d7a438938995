"""Tracker store that keeps no emails, phone numbers or UK postcodes, and never freezes or stops
the server.

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

A database that hangs instead of refusing is treated the same way. Rasa's store queries the
database on the event loop, so one unanswered query froze every conversation of the replica.
Here every read and save runs on a small thread pool of its own with a deadline,
`$PATHWAY_DB_TIMEOUT` seconds (default 3): past it the read is answered as "no earlier
messages" and the save is logged and dropped, while the loop goes on serving everyone else. The
abandoned call's connection is shut, so its thread is free again at once rather than waiting
on a server that may never answer. PostgreSQL connections also get a connect timeout, TCP
keepalives, a TCP user timeout and a server-side statement timeout (`postgresql_settings`).

The editors' records (bot/shared/records.py) go into the same database: tables
`editor_records` and `feedback`, created at start-up if missing. When a turn is stored, each
answer in it that the action marked (`record` in the bot message's metadata: not answered, or
answered with low confidence) becomes one `editor_records` row, redacted, written by a second
call on the same threads with its own deadline; the web channel stores thumbs up/down through
`record_feedback`. A record that cannot be written (a full, missing or hung database, a dropped
table) is logged as an ERROR without any text of the conversation and dropped: it never costs
the visitor their answer (on a database that hangs, a turn with a record waits for a second
deadline at most, off the event loop).

Input the database cannot store (a sender id with a lone surrogate, or a NUL on PostgreSQL)
raises a ValueError in the driver. Rasa's `session_scope` reads any ValueError as "PostgreSQL
schema not found" and exits the whole server; here that turn is only refused (read as "no
history", not saved), and a missing schema is checked once, at start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import math
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional, Text, TypeVar

import sqlalchemy as sa
from rasa.core.constants import POSTGRESQL_SCHEMA
from rasa.core.tracker_store import (SQLTrackerStore, create_engine_kwargs, ensure_schema_exists,
                                     validate_port)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.pool import NullPool, QueuePool

from bot.shared import records
from bot.shared.redaction import redact_event

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_ENV = "PATHWAY_DB_CONNECT_TIMEOUT"
DEFAULT_CONNECT_TIMEOUT = 30.0
#: Seconds a read or save may take before the turn goes on without it. A read or save takes
#: milliseconds; 3 s is a thousand times that, yet leaves the visitor's answer (NLU and the
#: actions come on top) inside the few seconds a person waits.
DB_TIMEOUT_ENV = "PATHWAY_DB_TIMEOUT"
DEFAULT_DB_TIMEOUT = 3.0
#: Threads for the database calls: a turn makes its calls one after another, so a few threads
#: serve many conversations; a hung call holds one only until its deadline (its connection is
#: then shut).
DB_THREADS = 4
#: Conversations whose read event count is kept at once (each is dropped at its save).
KNOWN_COUNTS = 10_000
#: TCP keepalive for idle pooled PostgreSQL connections: first probe after 30 s idle (under the
#: idle timeouts of NAT gateways and firewalls, which would otherwise drop them silently), then
#: every 10 s; 3 unanswered probes close the connection, so a vanished server is noticed in
#: about a minute instead of Linux's default two hours.
KEEPALIVE_IDLE, KEEPALIVE_INTERVAL, KEEPALIVE_COUNT = 30, 10, 3
#: Milliseconds sent data may stay unacknowledged before the kernel closes the connection (a
#: cable pulled, a host gone): instead of ~15 minutes of retransmissions. Longer than the
#: deadline, so a short packet loss that TCP recovers from does not cost a connection.
TCP_USER_TIMEOUT_MS = 10_000

Result = TypeVar("Result")


class _Redacted:
    """Stands in for an event while SQLTrackerStore.save serialises it."""

    def __init__(self, event: Any) -> None:
        self.type_name = event.type_name
        self._data = redact_event(event.as_dict())  # builds new containers, never mutates

    def as_dict(self) -> Dict[str, Any]:
        return self._data


class _Turn(NamedTuple):
    """What a save needs of a tracker, copied on the event loop: the turn goes on changing
    the tracker itself while an abandoned save may still run in its thread."""

    sender_id: Text
    events: List[Any]


class TrackerStoreUnavailable(RasaException):
    """The tracker store's database cannot be used: `rasa run` stops with this message."""


class StoreTimeout(RasaException):
    """A store call got no answer within its deadline; it was abandoned."""


def connect_timeout() -> float:
    """Seconds to wait for the database at start-up, from the environment."""
    return float(os.environ.get(CONNECT_TIMEOUT_ENV) or DEFAULT_CONNECT_TIMEOUT)


def seconds_from_env(name: str, default: float) -> float:
    """A positive number of seconds from the environment; a wrong value stops the server."""
    value = os.environ.get(name) or str(default)
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0 or math.isinf(seconds):
        message = f"{name} must be a number of seconds above 0, not {value!r}. Not starting."
        logger.error(message)
        raise TrackerStoreUnavailable(message)
    return seconds


def db_timeout() -> float:
    """The deadline of each read and save, from the environment."""
    return seconds_from_env(DB_TIMEOUT_ENV, DEFAULT_DB_TIMEOUT)


def postgresql_settings(deadline: float) -> Dict[str, str]:
    """libpq connection parameters (added to the URL's query unless the endpoints file sets
    them): an unanswering server is given up on, and a dead connection noticed, in seconds."""
    return {
        # libpq's limit for opening a connection, TCP and start-up together (whole seconds, at
        # least 2): the deadline rounded up, so a thread connecting to a hung server is free
        # soon after its caller has gone on without it.
        "connect_timeout": str(max(2, math.ceil(deadline))),
        "keepalives": "1",
        "keepalives_idle": str(KEEPALIVE_IDLE),
        "keepalives_interval": str(KEEPALIVE_INTERVAL),
        "keepalives_count": str(KEEPALIVE_COUNT),
        "tcp_user_timeout": str(TCP_USER_TIMEOUT_MS),
    }


def statement_timeout_option(deadline: float) -> str:
    """The libpq `options` that make PostgreSQL cancel a statement running past the deadline:
    nobody waits for its result any more, so the server stops spending work and locks on it.
    (`python -m bot purge` builds its own engine, without this limit.)"""
    return f"-c statement_timeout={max(1, round(deadline * 1000))}"


def describe(url: Any) -> str:
    """The database a URL points at, for log lines: never the password."""
    url = sa.engine.make_url(url)
    where = f" at {url.host}:{url.port or 'default port'}" if url.host else ""
    return f"{url.get_backend_name()} database '{url.database}'{where}"


def first_line(error: BaseException) -> str:
    """The driver's own message, without SQLAlchemy's SQL and parameters (user data)."""
    error = getattr(error, "orig", None) or error
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def shown(sender_id: Text) -> Text:
    """A conversation id for a log line: as it is, or escaped if it holds text (a lone
    surrogate, a control character) a log file or terminal cannot take."""
    return sender_id if sender_id.isprintable() and _encodable(sender_id) else ascii(sender_id)


def _encodable(text: Text) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


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


# --- calls off the event loop, with a deadline ---------------------------------------------

def interrupt(connection: Any) -> None:
    """Make a call blocked on a DB-API connection return with an error, from another thread:
    shut the socket under a psycopg2 connection (libpq then reports the server gone and
    SQLAlchemy discards the connection), or interrupt SQLite's statement."""
    try:
        if hasattr(connection, "fileno"):
            with socket.socket(fileno=os.dup(connection.fileno())) as sock:
                sock.shutdown(socket.SHUT_RDWR)
        elif hasattr(connection, "interrupt"):
            connection.interrupt()
    except Exception:  # noqa: BLE001 - already closed or gone: nothing left to free
        pass


class _Job:
    """One call in a worker thread, and the DB-API connection it is using."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._connection: Any = None
        self.abandoned = False

    def use(self, connection: Any) -> None:
        with self._guard:
            if self.abandoned:
                interrupt(connection)  # fail at once instead of waiting on it too
            else:
                self._connection = connection

    def release(self, connection: Any) -> None:
        with self._guard:
            if self._connection is connection:
                self._connection = None

    def abandon(self) -> None:
        with self._guard:
            self.abandoned = True
            if self._connection is not None:
                interrupt(self._connection)


_current = threading.local()


def _current_job() -> Optional[_Job]:
    return getattr(_current, "job", None)


def watch_connections(engine: Any) -> None:
    """Let an abandoned call on `engine` free its thread: every DB-API connection a call
    opens, pings (pool_pre_ping) or checks out is noted on the call's job until checked in."""

    def use(connection: Any, *_: Any) -> None:
        job = _current_job()
        if job is not None and connection is not None:
            job.use(connection)

    def release(connection: Any, *_: Any) -> None:
        job = _current_job()
        if job is not None:
            job.release(connection)

    sa.event.listen(engine, "connect", use)
    sa.event.listen(engine, "checkout", use)
    sa.event.listen(engine, "checkin", release)
    ping = engine.dialect.do_ping

    def do_ping(connection: Any) -> Any:
        use(connection)
        return ping(connection)

    engine.dialect.do_ping = do_ping


class DeadlineCalls:
    """Blocking calls run on a small pool of threads of their own, each with a deadline, so the
    event loop never waits on a database or Redis that does not answer.

    `await calls.run(function, *args)` returns the function's result, raises its exception,
    or raises StoreTimeout once `seconds` have passed, counted from the call (time spent
    queued for a thread included). The abandoned call's connection is interrupted (see
    `watch_connections`) so its thread does not stay blocked."""

    def __init__(self, name: str, threads: int, seconds: float) -> None:
        self.name, self.seconds = name, seconds
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)

    async def run(self, function: Callable[..., Result], *args: Any) -> Result:
        job = _Job()

        def work() -> Result:
            _current.job = job
            try:
                return function(*args)
            finally:
                _current.job = None

        future = asyncio.get_running_loop().run_in_executor(self._executor, work)
        try:
            return await asyncio.wait_for(future, self.seconds)
        except asyncio.TimeoutError:
            job.abandon()
            raise StoreTimeout(f"no answer within {self.seconds:g} s") from None
        except asyncio.CancelledError:
            job.abandon()
            raise


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that writes redacted events, creates the SQLite file's folder, fails
    loudly when its database is unreachable, and keeps its database work off the event loop
    with a deadline (see the module doc)."""

    def __init__(self, domain: Optional[Any] = None, dialect: Text = "sqlite",
                 host: Optional[Text] = None, port: Any = None, db: Text = "rasa.db",
                 username: Optional[Text] = None, password: Optional[Text] = None,
                 login_db: Optional[Text] = None, query: Optional[Dict] = None,
                 **kwargs: Any) -> None:
        deadline = db_timeout()
        if dialect == "sqlite" and db and not host:
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        postgresql = dialect.startswith("postgresql")
        if postgresql:
            query = {**postgresql_settings(deadline), **(query or {})}
        url = sa.engine.make_url(self.get_db_url(dialect, host, validate_port(port), db,
                                                 username, password, login_db, query))
        if postgresql:  # a whole URL in `url:` has no `query:` merged in: add the settings
            url = url.update_query_dict({key: value for key, value
                                         in postgresql_settings(deadline).items()
                                         if key not in url.query})
        wait_for_database(url, connect_timeout())
        #: Events read per conversation, until its next save (see `_additional_events`).
        self._stored: Dict[Text, int] = {}
        #: Conversations whose last read failed, with why: their turns are not saved (see
        #: `save`); "id" if the database cannot take their id, "database" if it failed, None
        #: once a dropped turn has been logged.
        self._unread: Dict[Text, Optional[str]] = {}
        self._calls = DeadlineCalls("tracker-store", DB_THREADS, deadline)
        super().__init__(domain=domain, dialect=dialect, host=host, port=port, db=db,
                         username=username, password=password, login_db=login_db,
                         query=query, **kwargs)
        # Rasa's engine (used above to create the tables) is replaced by one made for calls
        # from several threads with a deadline.
        if postgresql:
            self.engine.dispose()
            self.engine = self._postgresql_engine(url, deadline)
        elif dialect == "sqlite":
            # SQLAlchemy 1.4 opens a new SQLite connection for every session and closes it
            # after (NullPool): keeping a few open saves the connect and the pragmas each turn.
            self.engine.dispose()
            self.engine = sa.create_engine(url, poolclass=QueuePool, pool_size=DB_THREADS,
                                           pool_timeout=deadline,
                                           connect_args={"check_same_thread": False})
            sa.event.listen(self.engine, "connect", _sqlite_write_ahead_log)
        watch_connections(self.engine)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        if postgresql:
            self._check_schema()
        self._create_record_tables()

    @staticmethod
    def _postgresql_engine(url: Any, deadline: float) -> Any:
        """Rasa's engine settings (pool size, POSTGRESQL_SCHEMA's search path) plus the
        statement timeout, a ping before a pooled connection is reused (one round trip; a
        connection the server or a firewall closed meanwhile is replaced instead of failing
        the turn), and the deadline as the wait for a free pooled connection."""
        kwargs = create_engine_kwargs(url)
        connect_args = kwargs.setdefault("connect_args", {})
        # Ours first: PostgreSQL applies `-c` settings in order, so an operator's own
        # `options` in the endpoints file's query wins.
        options = [statement_timeout_option(deadline), url.query.get("options"),
                   connect_args.get("options")]
        connect_args["options"] = " ".join(option for option in options if option)
        return sa.create_engine(url.difference_update_query(["options"]), pool_pre_ping=True,
                                pool_timeout=deadline, **kwargs)

    def _check_schema(self) -> None:
        """Stop `rasa run` if $POSTGRESQL_SCHEMA names a schema the database does not have:
        checked once here, where Rasa checks on every session and exits the running server."""
        if not os.environ.get(POSTGRESQL_SCHEMA):
            return
        session = self.sessionmaker()
        try:
            ensure_schema_exists(session)
        except ValueError as missing:
            message = (f"The PostgreSQL schema '{missing}' ({POSTGRESQL_SCHEMA}) is not in the "
                       f"tracker store, {describe(self.engine.url)}. Create it, or unset "
                       f"{POSTGRESQL_SCHEMA} to use the default schema. Not starting.")
            logger.error(message)
            raise TrackerStoreUnavailable(message) from None
        finally:
            session.close()

    def _create_record_tables(self) -> None:
        """The editors' tables (bot/shared/records.py), made if missing, as Rasa makes
        `events`. Without them the server still answers: each record is then logged and
        dropped."""
        try:
            records.create_tables(self.engine)
        except SQLAlchemyError as error:
            logger.error("Could not create the editors' record tables in the tracker store, %s "
                         "(%s): questions not answered and feedback will not be kept until "
                         "they can be.", describe(self.engine.url), first_line(error))

    @contextlib.contextmanager
    def session_scope(self) -> Iterator[Any]:
        """A session, closed afterwards. Unlike Rasa's, a ValueError inside (what the driver
        raises for text it cannot send, e.g. a lone surrogate or a NUL) is not taken for a
        missing schema and does not exit the server: it reaches the caller, as any error."""
        session = self.sessionmaker()
        try:
            yield session
        finally:
            session.close()

    def _forget(self, sender_id: Text, why: str = "database") -> None:
        """Remember that `sender_id`'s conversation could not be read."""
        if len(self._unread) >= KNOWN_COUNTS:
            self._unread.clear()
        self._unread[sender_id] = why

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        """The stored conversation, or None (answer without it) and an ERROR naming the
        database, instead of Rasa's message, which wrongly says it falls back to memory."""
        self._stored.pop(sender_id, None)
        try:
            tracker = await self._calls.run(self._read, sender_id,
                                            fetch_events_from_all_sessions)
        except (SQLAlchemyError, StoreTimeout) as error:
            logger.error("Could not read conversation %s from the tracker store, %s (%s); "
                         "answering without its earlier messages. Is the database up?",
                         shown(sender_id), describe(self.engine.url), first_line(error))
            self._forget(sender_id)
            return None
        except ValueError as error:
            logger.warning("Could not read conversation %s from the tracker store (%s: %s); "
                           "answering without its earlier messages.", shown(sender_id),
                           type(error).__name__, first_line(error))
            self._forget(sender_id, why="id")
            return None
        self._unread.pop(sender_id, None)
        if tracker is not None and not fetch_events_from_all_sessions:
            if len(self._stored) >= KNOWN_COUNTS:
                self._stored.clear()
            self._stored[sender_id] = len(tracker.events)
        return tracker

    def _read(self, sender_id: Text, fetch_events_from_all_sessions: bool
              ) -> Optional[DialogueStateTracker]:
        """SQLTrackerStore._retrieve, in a worker thread."""
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id,
                                     fetch_events_from_all_sessions).all()
            events = [json.loads(row.data) for row in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save, or log why not: Rasa's fallback would keep the turn in memory, unread.

        A conversation whose earlier messages could not be read is not saved either: its
        tracker holds only this turn, which does not fit after the stored events."""
        sender_id = tracker.sender_id
        unread = sender_id in self._unread  # before streaming, which reads the conversation
        await self.stream_events(tracker)  # Rasa's; returns at once without an event broker
        if unread:
            self._stored.pop(sender_id, None)
            why, self._unread[sender_id] = self._unread[sender_id], None  # logged once a turn
            if why is None:
                logger.debug("Did not store a turn of conversation %s either.",
                             shown(sender_id))
            elif why == "id":
                logger.warning("Did not store a turn of conversation %s: the tracker store "
                               "cannot take its id.", shown(sender_id))
            else:
                logger.error("Could not store a turn of conversation %s in the tracker store, "
                             "%s (its earlier messages could not be read, so the turn is "
                             "dropped). Is the database up?", shown(sender_id),
                             describe(self.engine.url))
            return
        turn = _Turn(sender_id, list(tracker.events))
        try:
            start = await self._calls.run(self._write, turn)
        except (SQLAlchemyError, StoreTimeout) as error:
            logger.error("Could not store a turn of conversation %s in the tracker store, %s "
                         "(%s). Is the database up?", shown(sender_id),
                         describe(self.engine.url), first_line(error))
            return
        except ValueError as error:
            logger.warning("Could not store a turn of conversation %s in the tracker store "
                           "(%s: %s); the turn is dropped.", shown(sender_id),
                           type(error).__name__, first_line(error))
            return
        if records.marked(turn.events, start):
            await self._record(turn, start)

    async def _record(self, turn: _Turn, start: int) -> None:
        """Write the editors' records of the answers just stored (bot/shared/records.py): one
        row per answer the action marked. Its own call with its own deadline, after the turn
        is stored: a record that cannot be written is logged (no text of the conversation) and
        dropped, and never costs the visitor anything."""
        try:
            await self._calls.run(self._write_records, turn, start)
        except Exception as error:  # noqa: BLE001 - whatever fails, the answer stands
            logger.error("Could not store the editors' record of an answer in conversation %s "
                         "in the tracker store, %s (%s); the record is dropped.",
                         shown(turn.sender_id), describe(self.engine.url), first_line(error))

    def _write_records(self, turn: _Turn, start: int) -> None:
        """Build (redacting) and insert the records of `turn.events[start:]`, in a worker
        thread."""
        records.write_records(self.engine,
                              records.rows_from_events(turn.sender_id, turn.events, start))

    async def record_feedback(self, row: Dict[str, Any]) -> bool:
        """Store a thumbs up/down (a `records.feedback_row`) off the event loop, with the
        deadline: False if that answer has a vote already (the database's unique key, so
        across replicas too). Raises SQLAlchemyError or StoreTimeout when it cannot be
        stored."""
        return await self._calls.run(records.add_feedback, self.engine, row)

    def _write(self, turn: _Turn) -> int:
        """SQLTrackerStore.save without the event broker, in a worker thread. Returns where
        the new events start in `turn.events`."""
        with self.session_scope() as session:
            start = self._stored_count(session, turn)
            for original in itertools.islice(turn.events, start, None):
                event = _Redacted(original)
                data = event.as_dict()
                session.add(self.SQLEvent(
                    sender_id=turn.sender_id, type_name=event.type_name,
                    timestamp=data.get("timestamp"), action_name=data.get("name"),
                    intent_name=data.get("parse_data", {}).get("intent", {}).get(
                        INTENT_NAME_KEY),
                    data=json.dumps(data)))
            session.commit()
        logger.debug("Tracker with sender_id '%s' stored to database", turn.sender_id)
        return start

    def _stored_count(self, session: Any, tracker: Any) -> int:
        """How many of the tracker's events are stored already: those after are new.

        Rasa counts the stored events with a query on every save. Between reading a
        conversation and saving it, the conversation's lock keeps every other server out, so
        the events read are the events stored: that count is used once, then Rasa's query."""
        known = self._stored.pop(tracker.sender_id, None)
        if known is not None:
            return known
        return self._event_query(session, tracker.sender_id,
                                 fetch_events_from_all_sessions=False).count()

    def _additional_events(self, session: Any, tracker: Any) -> Iterator:
        """The events not yet stored, as redacted copies."""
        for event in itertools.islice(tracker.events, self._stored_count(session, tracker),
                                      None):
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
