"""A database or Redis that hangs (accepts connections, never answers) cannot freeze the server.

Rasa's SQL tracker store and Redis lock store make blocking calls on the event loop: one
unanswered call froze every conversation of the replica. The project's stores
(bot/rasa_server/stores.py, bot/rasa_server/lock_store.py) run them on threads of their own with a
deadline. Checked here:
- model-free: the tracker store's deadline on SQLite (a query made to hang, a write lock held by
  another connection) and on PostgreSQL and Redis behind a TCP proxy switched to "hang";
- with the model: a real patched `rasa run` on endpoints.scale.yml, its PostgreSQL and Redis
  behind such proxies: with them hung, two visitors still get a reply (an answer or the
  apology), the server keeps serving and stays up, and answers come back once they are
  un-hung.
PostgreSQL and Redis come from scripts/ci-services.sh: missing, the tests that need them fail
(tests/ci_services.py), never skip.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import sqlite3
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import List

import psycopg2
import pytest
import requests
import sqlalchemy as sa
from rasa.core.lock_store import LockError, LockStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig, read_endpoint_config
from sqlalchemy.exc import OperationalError

from bot.rasa_server.channels.rest import SENDER_PREFIX
from bot.rasa_server.lock_store import TimeLimitedRedisLockStore
from bot.rasa_server.stores import DB_THREADS, RedactingSQLTrackerStore, interrupt
from ci_services import (SERVICES, forget, require_postgresql, require_redis, setting,
                         stored_user_texts)
from servers import (PROJECT, action_server, free_port, patched_rasa, server_env, start, stop,
                     tail, wait_until_up)

DEADLINE = 0.5  # PATHWAY_DB_TIMEOUT for the model-free tests
#: Limits on how long a call to a hung service may take. Guards against a frozen or hanging
#: test, well above the deadlines, not speed tests.
GUARD = 5
REPLY_GUARD = 15  # seconds for a reply over HTTP while the services hang
IPP_ANSWER = "Intelligence Professionalisation Programme"


class HangingProxy:
    """Forwards a local port to `target`. `hang()` makes it a service that has stopped
    answering: connections are still accepted, but nothing is forwarded either way (what was
    sent is held). `resume()` forwards again, held bytes first."""

    def __init__(self, target: tuple) -> None:
        self.target = target
        self.flowing = threading.Event()
        self.flowing.set()
        self.sockets: List[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def hang(self) -> None:
        self.flowing.clear()

    def resume(self) -> None:
        self.flowing.set()

    def close(self) -> None:
        self.flowing.set()
        for sock in [self.listener, *self.sockets]:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
                upstream = socket.create_connection(self.target)
            except OSError:  # closed
                return
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self.flowing.wait()
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):  # one side gone: so is the other
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


@pytest.fixture
def postgresql_proxy():
    """PostgreSQL (must be up: missing, it is a failure, not a skip) behind a HangingProxy."""
    require_postgresql()
    proxy = HangingProxy((setting("DB_HOST"), int(setting("DB_PORT"))))
    yield proxy
    proxy.close()


@pytest.fixture
def redis_proxy():
    """Redis (must be up) behind a HangingProxy."""
    require_redis()
    proxy = HangingProxy((setting("REDIS_HOST"), int(setting("REDIS_PORT"))))
    yield proxy
    proxy.close()


def visitor(sender: str, *texts: str) -> DialogueStateTracker:
    events = [ActionExecuted("action_listen")]
    for text in texts:
        events += [UserUttered(text, {"name": "ipp", "confidence": 1.0}),
                   ActionExecuted("action_listen")]
    return DialogueStateTracker.from_events(sender, events)


def user_texts(store: RedactingSQLTrackerStore, sender: str) -> List[str]:
    tracker = asyncio.run(store.retrieve(sender))
    return [event.text for event in tracker.events if isinstance(event, UserUttered)]


def sqlite_store(tmp_path, monkeypatch) -> RedactingSQLTrackerStore:
    monkeypatch.setenv("PATHWAY_DB_TIMEOUT", str(DEADLINE))
    return RedactingSQLTrackerStore(Domain.empty(), dialect="sqlite",
                                    db=str(tmp_path / "tracker.db"))


def postgresql_store(port: int, monkeypatch) -> RedactingSQLTrackerStore:
    monkeypatch.setenv("PATHWAY_DB_TIMEOUT", str(DEADLINE))
    monkeypatch.setenv("PATHWAY_DB_CONNECT_TIMEOUT", "5")
    return RedactingSQLTrackerStore(Domain.empty(), dialect="postgresql", host="127.0.0.1",
                                    port=port, db=setting("DB_NAME"),
                                    username=setting("DB_USER"),
                                    password=setting("DB_PASSWORD"))


async def timed(call, ticks: list) -> tuple:
    """(result, seconds) of awaiting `call`, while a ticker counts how often the event loop
    got to run other work meanwhile (into `ticks`)."""
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            ticks.append(time.monotonic())
            await asyncio.sleep(0.05)

    tick_task = asyncio.create_task(ticker())
    started = time.monotonic()
    try:
        return await call, time.monotonic() - started
    finally:
        done.set()
        await tick_task


def assert_loop_kept_running(ticks: list, seconds: float) -> None:
    """The ticker ran all along: no gap of a second or more without the event loop."""
    assert len(ticks) >= seconds / 0.05 / 4, ticks
    gaps = [later - earlier for earlier, later in zip(ticks, ticks[1:])]
    assert max(gaps, default=0) < 1, f"the event loop stood still for {max(gaps):.2f} s"


# --- the tracker store's deadline, model-free ------------------------------------------------

def test_a_hung_query_is_answered_as_no_history_and_a_hung_save_is_dropped(
        tmp_path, monkeypatch, caplog):
    """SQLite with every statement made to hang: the read and the save give up at the deadline,
    log why, and the event loop runs on meanwhile."""
    store = sqlite_store(tmp_path, monkeypatch)
    asyncio.run(store.save(visitor("earlier", "what is the IPP?")))
    release = threading.Event()

    def hang(*_args) -> None:
        release.wait(30)

    sa.event.listen(store.engine, "before_cursor_execute", hang)
    try:
        for call, expected in ((store.retrieve("earlier"), None),
                               (store.save(visitor("new", "hello")), None)):
            ticks: list = []
            result, seconds = asyncio.run(timed(call, ticks))
            assert result is expected
            assert DEADLINE - 0.01 <= seconds < GUARD  # (the clocks differ by a hair)
            assert_loop_kept_running(ticks, seconds)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", hang)
        release.set()
    messages = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert any(message.startswith("Could not read conversation earlier from the tracker store, "
                                  "sqlite database") and f"(no answer within {DEADLINE:g} s)"
               in message for message in messages), messages
    assert any(message.startswith("Could not store a turn of conversation new in the tracker "
                                  "store, sqlite database") for message in messages), messages

    # Once it answers again, conversations are read and stored as before.
    assert user_texts(store, "earlier") == ["what is the IPP?"]
    asyncio.run(store.save(visitor("new", "hello")))
    assert asyncio.run(store.retrieve("new")) is not None


def test_a_save_waiting_on_a_held_write_lock_is_dropped_at_the_deadline(tmp_path, monkeypatch,
                                                                        caplog):
    """Another connection holds SQLite's write lock: the save is dropped at the deadline (not
    after SQLite's 5 s busy wait), and stored once the lock is released."""
    store = sqlite_store(tmp_path, monkeypatch)
    asyncio.run(store.save(visitor("first", "what is the IPP?")))
    holder = sqlite3.connect(tmp_path / "tracker.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        tracker = asyncio.run(store.retrieve("first"))  # WAL: reading still works
        tracker.update(UserUttered("how long does it take?"))
        ticks: list = []
        _, seconds = asyncio.run(timed(store.save(tracker), ticks))
        assert DEADLINE - 0.01 <= seconds < GUARD  # (two clocks: a hair apart)
        assert_loop_kept_running(ticks, seconds)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "Could not store a turn of conversation first" in caplog.text
    time.sleep(1)  # the abandoned save was interrupted: it does not land once the lock is free
    assert user_texts(store, "first") == ["what is the IPP?"]
    tracker = asyncio.run(store.retrieve("first"))
    tracker.update(UserUttered("how long does it take?"))
    asyncio.run(store.save(tracker))
    assert user_texts(store, "first") == ["what is the IPP?", "how long does it take?"]


def test_a_turn_whose_history_could_not_be_read_is_not_saved(tmp_path, monkeypatch, caplog):
    """Saving a tracker built without the stored events would garble the conversation."""
    store = sqlite_store(tmp_path, monkeypatch)
    asyncio.run(store.save(visitor("visitor", "what is the IPP?")))

    def unreachable(*_args) -> None:
        raise OperationalError("SELECT", {}, Exception("the database is gone"))

    monkeypatch.setattr(store, "_read", unreachable)
    assert asyncio.run(store.retrieve("visitor")) is None
    monkeypatch.undo()
    asyncio.run(store.save(visitor("visitor", "how long does it take?")))
    assert ("Could not store a turn of conversation visitor in the tracker store, sqlite "
            "database") in caplog.text
    assert user_texts(store, "visitor") == ["what is the IPP?"]


def test_postgresql_connections_get_timeouts_and_keepalives(monkeypatch):
    require_postgresql()
    store = postgresql_store(int(setting("DB_PORT")), monkeypatch)
    query = store.engine.url.query
    assert query["connect_timeout"] == "2"  # libpq's minimum, the deadline rounded up
    assert (query["keepalives"], query["keepalives_idle"], query["keepalives_interval"],
            query["keepalives_count"], query["tcp_user_timeout"]) == ("1", "30", "10", "3",
                                                                      "10000")
    assert store.engine.pool._pre_ping
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "500ms"


def test_hung_postgresql_read_and_save_give_up_at_the_deadline(postgresql_proxy, monkeypatch,
                                                               caplog):
    proxy, sender = postgresql_proxy, f"hang-{uuid.uuid4().hex}"
    store = postgresql_store(proxy.port, monkeypatch)
    try:
        asyncio.run(store.save(visitor(sender, "what is the IPP?")))
        assert asyncio.run(store.retrieve(sender)) is not None  # a pooled connection is open

        proxy.hang()
        # More calls than the store has threads: each one's thread is freed at its deadline.
        for _ in range(6):
            ticks: list = []
            result, seconds = asyncio.run(timed(store.retrieve(sender), ticks))
            assert result is None
            assert DEADLINE - 0.01 <= seconds < GUARD  # (the clocks differ by a hair)
            assert_loop_kept_running(ticks, seconds)
        asyncio.run(store.save(visitor(f"{sender}-new", "hello")))
        assert "(no answer within 0.5 s)" in caplog.text

        # The abandoned calls' threads are free again (their connections were shut; a new
        # connection gives up after libpq's connect_timeout, 2 s), though the database still
        # hangs: every thread of the store takes a call at once (a call queued behind a stuck
        # thread would miss the 0.5 s deadline).
        time.sleep(3)

        async def every_thread() -> list:
            return await asyncio.gather(*(store._calls.run(time.sleep, 0.35)
                                          for _ in range(DB_THREADS)))

        asyncio.run(every_thread())

        proxy.resume()
        assert user_texts(store, sender) == ["what is the IPP?"]
    finally:
        store.engine.dispose()
        forget(sender), forget(f"{sender}-new")


def test_interrupting_a_connection_frees_a_thread_blocked_on_a_hung_server(postgresql_proxy):
    """What the deadline does to an abandoned call's connection."""
    proxy = postgresql_proxy
    connection = psycopg2.connect(host="127.0.0.1", port=proxy.port, dbname=setting("DB_NAME"),
                                  user=setting("DB_USER"), password=setting("DB_PASSWORD"),
                                  connect_timeout=5)
    proxy.hang()
    outcome: list = []

    def query() -> None:
        try:
            connection.cursor().execute("SELECT 1")
            outcome.append("answered")
        except psycopg2.Error as error:
            outcome.append(type(error).__name__)

    worker = threading.Thread(target=query, daemon=True)
    worker.start()
    worker.join(1)
    assert worker.is_alive(), "the query should be blocked on the hung server"
    interrupt(connection)
    worker.join(GUARD)
    assert not worker.is_alive()
    assert outcome == ["OperationalError"]


# --- the lock store, model-free --------------------------------------------------------------

def lock_store(port: int) -> LockStore:
    """The lock store exactly as `rasa run` builds it from endpoints.scale.yml."""
    config = read_endpoint_config(str(PROJECT / "endpoints.scale.yml"), "lock_store")
    assert config.type == "bot.rasa_server.lock_store.TimeLimitedRedisLockStore"
    config.url, config.kwargs["port"] = setting("REDIS_HOST"), port
    return LockStore.create(config)


@pytest.fixture
def scale_env(monkeypatch):
    for name, value in {**{name: setting(name) for name in SERVICES},
                        "ACTION_ENDPOINT_URL": "http://127.0.0.1:5055/webhook"}.items():
        monkeypatch.setenv(name, value)


def test_the_lock_store_is_configured_with_timeouts_and_keepalives(scale_env):
    store = lock_store(int(setting("REDIS_PORT")))
    assert isinstance(store, TimeLimitedRedisLockStore)
    options = store.red.connection_pool.connection_kwargs
    assert (options["socket_timeout"], options["socket_connect_timeout"]) == (1, 1)
    assert options["socket_keepalive"] and options["health_check_interval"] == 30
    assert store.key_prefix == "pathway:lock:"


def test_the_lock_store_from_an_endpoint_config_keeps_tls_options():
    store = TimeLimitedRedisLockStore(EndpointConfig(
        url="redis.example", port="6380", db="2", password="secret", use_ssl="true",
        ssl_ca_certs="/etc/ca.pem", ssl_check_hostname=True, socket_timeout="0.5"))
    options = store.red.connection_pool.connection_kwargs
    assert store.red.connection_pool.connection_class.__name__ == "SSLConnection"
    assert (options["host"], options["port"], options["db"]) == ("redis.example", 6380, 2)
    assert options["ssl_ca_certs"] == "/etc/ca.pem" and options["ssl_check_hostname"]
    assert options["socket_timeout"] == 0.5
    assert "secret" not in store.where


def test_hung_redis_fails_the_turn_fast_without_freezing_the_loop(redis_proxy, scale_env,
                                                                  caplog):
    store = lock_store(redis_proxy.port)
    sender = f"hang-{uuid.uuid4().hex}"

    async def turn() -> str:
        async with store.lock(sender):
            return "handled"

    assert asyncio.run(turn()) == "handled"
    redis_proxy.hang()
    for _ in range(3):
        ticks: list = []
        with pytest.raises(LockError):
            asyncio.run(timed(turn(), ticks))
        # No result to time here: the ticker's own span is the call's.
        assert ticks and ticks[-1] - ticks[0] < GUARD
        assert_loop_kept_running(ticks, ticks[-1] - ticks[0])
    assert f"Could not lock conversation {sender} in the lock store, Redis at" in caplog.text
    redis_proxy.resume()
    time.sleep(0.5)
    assert asyncio.run(turn()) == "handled"


def test_a_lock_that_cannot_be_released_does_not_fail_the_answered_turn(redis_proxy, scale_env,
                                                                         caplog):
    store = lock_store(redis_proxy.port)
    sender = f"hang-{uuid.uuid4().hex}"

    async def turn() -> str:
        async with store.lock(sender, lock_lifetime=2):
            redis_proxy.hang()  # Redis hangs while the message is handled
            return "handled"

    caplog.set_level(logging.ERROR)
    assert asyncio.run(turn()) == "handled"
    assert f"The lock of conversation {sender} stays in Redis until it expires" in caplog.text
    redis_proxy.resume()


def test_an_id_redis_cannot_take_refuses_the_turn_only(scale_env, caplog):
    """A lone surrogate cannot be encoded for Redis: that turn fails (the channel apologises),
    the server does not, and other conversations are locked as before."""
    require_redis()
    store = lock_store(int(setting("REDIS_PORT")))

    async def turn(sender: str) -> str:
        async with store.lock(sender):
            return "handled"

    with pytest.raises(LockError):
        asyncio.run(turn("x\ud800"))
    assert "Could not lock conversation 'x\\ud800' in the lock store (UnicodeEncodeError" \
        in caplog.text
    assert asyncio.run(turn(f"hang-{uuid.uuid4().hex}")) == "handled"


# --- a real server, its PostgreSQL and Redis hung --------------------------------------------

@pytest.mark.model
@pytest.mark.timeout(900)
def test_a_server_whose_database_and_redis_hang_keeps_answering(tmp_path, postgresql_proxy,
                                                                redis_proxy):
    database, red = postgresql_proxy, redis_proxy
    action_port, port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    credentials = tmp_path / "credentials.yml"
    credentials.write_text("bot.rasa_server.channels.rest.RestInput:\n", encoding="utf-8")
    services = {**{name: setting(name) for name in SERVICES},  # as tests/test_scale_out.py
                "DB_HOST": "127.0.0.1", "DB_PORT": str(database.port),
                "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(red.port)}
    env = server_env(**services, ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook",
                     SQLALCHEMY_SILENCE_UBER_WARNING="1")
    log = tmp_path / "rasa.log"
    actions = start(action_server(action_port), tmp_path / "actions.log", env)
    rasa = start([*patched_rasa(), "run", "--model", "models/pathway.tar.gz",
                  "--endpoints", "endpoints.scale.yml", "--credentials", str(credentials),
                  "--interface", "127.0.0.1", "--port", str(port)], log, env)
    run = uuid.uuid4().hex
    first, second = f"hang-a-{run}", f"hang-b-{run}"

    def say(sender: str, text: str) -> str:
        # REPLY_GUARD is a guard against a frozen server, not a speed test.
        response = requests.post(f"{url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": text}, timeout=REPLY_GUARD)
        assert response.status_code == 200, response.text
        return " ".join(message.get("text") or "" for message in response.json())

    def both_visitors(text: str) -> List[str]:
        """Both visitors at once, while the health endpoint is polled: it must keep answering
        (a frozen event loop would hold it as long as the stores' calls)."""
        started = time.monotonic()
        with ThreadPoolExecutor(2) as pool:
            replies = [pool.submit(say, sender, text) for sender in (first, second)]
            while not all(reply.done() for reply in replies):
                assert requests.get(f"{url}/", timeout=GUARD).status_code == 200  # a guard
                time.sleep(0.2)
            print(f"both replied in {time.monotonic() - started:.2f} s")
            return [reply.result() for reply in replies]

    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", actions,
                      tmp_path / "actions.log")
        wait_until_up(f"{url}/", rasa, log)
        assert IPP_ANSWER in say(first, "what is the IPP?")

        database.hang()  # answered without earlier messages
        for reply in both_visitors("tell me about the IPP"):
            assert IPP_ANSWER in reply
        assert "Could not read conversation" in log.read_text(errors="replace")

        red.hang()  # the lock cannot be taken: the apology (or an answer), at once
        for reply in both_visitors("tell me about the IPP"):
            assert reply.strip()
        output = log.read_text(errors="replace")
        assert (f"ERROR    bot.rasa_server.lock_store  - Could not lock conversation "
                f"{SENDER_PREFIX}{first} in the lock store, Redis at 127.0.0.1:{red.port}"
                in output), tail(log)
        assert rasa.poll() is None, tail(log)

        database.resume(), red.resume()
        assert "12 to 18 months" in say(first, "how long does it take?")  # context is back
        assert stored_user_texts(SENDER_PREFIX + first) == ["what is the IPP?",
                                                            "how long does it take?"]
        assert IPP_ANSWER in say(second, "what is the IPP?")
        assert rasa.poll() is None, tail(log)
    finally:
        stop([rasa, actions])
        forget(SENDER_PREFIX + first), forget(SENDER_PREFIX + second)
