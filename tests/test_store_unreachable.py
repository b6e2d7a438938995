"""The tracker store's database is unreachable: the operator sees an ERROR, never a silent
switch to memory.

Real `rasa run` processes with the project's store (bot.rasa_server.stores.RedactingSQLTrackerStore):
- at start-up, PostgreSQL on a closed port, or a misspelt store type, stops the server with a
  non-zero exit code and a clear ERROR (Rasa alone would serve, keeping conversations in memory);
- at run time, PostgreSQL (scripts/ci-services.sh) is reached through a TCP proxy in this test
  that is cut and restored: the user still gets answers, the log has an ERROR naming the
  database, and once it is back the conversation goes on and is stored.
And the store itself, without a server: text PostgreSQL cannot take in a sender id (a lone
surrogate, a NUL) never stops the server (Rasa reads the driver's ValueError as a missing schema
and exits); a missing $POSTGRESQL_SCHEMA does, at start-up only.
The server tests need `make train` (marked `model`); the PostgreSQL tests fail, never skip,
without PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_server.channels.rest import SENDER_PREFIX
from bot.rasa_server.stores import RedactingSQLTrackerStore, TrackerStoreUnavailable
from ci_services import database, require_postgresql, setting
from servers import (START_LIMIT, patched_rasa, action_server, free_port, server_env, start, stop,
                     wait_until_up)

WAIT = 3  # PATHWAY_DB_CONNECT_TIMEOUT for these servers
IPP_ANSWER = "Intelligence Professionalisation Programme"
PASSWORD = "not-to-be-logged"


def store_endpoints(tmp: Path, port: int, store_type: str = "bot.rasa_server.stores.RedactingSQLTrackerStore",
                    password: str = PASSWORD, action_port: int = 5055) -> Path:
    path = tmp / f"endpoints-{uuid.uuid4().hex[:8]}.yml"
    path.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
                    f"tracker_store:\n  type: {store_type}\n  dialect: postgresql\n"
                    f"  url: 127.0.0.1\n  port: {port}\n  db: {setting('DB_NAME')}\n"
                    f"  username: {setting('DB_USER')}\n  password: {password}\n")
    return path


def rasa_run(tmp: Path, endpoints: Path, port: int, log: Path) -> subprocess.Popen:
    (tmp / "credentials.yml").write_text("bot.rasa_server.channels.rest.RestInput:\n")
    env = server_env(PATHWAY_DB_CONNECT_TIMEOUT=str(WAIT), SQLALCHEMY_SILENCE_UBER_WARNING="1")
    return start([*patched_rasa(), "run", "--model", "models/pathway.tar.gz", "--endpoints", str(endpoints),
                  "--credentials", str(tmp / "credentials.yml"),
                  "--interface", "127.0.0.1", "--port", str(port)], log, env)


def exit_code_and_output(process: subprocess.Popen, log: Path) -> tuple:
    try:
        code = process.wait(timeout=START_LIMIT)
    except subprocess.TimeoutExpired:
        process.kill()
        code = "still running"
    return code, log.read_text(errors="replace")


# --- start-up ----------------------------------------------------------------------------

@pytest.mark.model
def test_unreachable_database_at_start_up_stops_the_server_with_a_clear_error(tmp_path):
    db_port = free_port()  # nothing listens there
    log = tmp_path / "rasa.log"
    code, output = exit_code_and_output(
        rasa_run(tmp_path, store_endpoints(tmp_path, db_port), free_port(), log), log)

    assert code not in (0, "still running"), output[-3000:]
    error = (f"ERROR    bot.rasa_server.stores  - Cannot reach the tracker store, postgresql database "
             f"'{setting('DB_NAME')}' at 127.0.0.1:{db_port}, after {WAIT} s")
    assert error in output, output[-3000:]
    assert "Start the database or fix tracker_store in the endpoints file" in output
    assert PASSWORD not in output
    assert "Rasa server is up and running" not in output


@pytest.mark.model
@pytest.mark.parametrize("store_type", ["bot.rasa_server.stores.RedactingSQLTrackerStor",
                                        "bot.store.RedactingSQLTrackerStore"])
def test_misspelt_store_type_stops_the_server_instead_of_running_in_memory(tmp_path, store_type):
    log = tmp_path / "rasa.log"
    code, output = exit_code_and_output(
        rasa_run(tmp_path, store_endpoints(tmp_path, free_port(), store_type), free_port(), log),
        log)

    assert code not in (0, "still running"), output[-3000:]
    assert (f"ERROR    bot.rasa_server.stores  - The tracker_store type '{store_type}' in the endpoints "
            f"file cannot be loaded") in output, output[-3000:]
    assert "InMemoryTrackerStore" not in output
    assert "Rasa server is up and running" not in output


# --- run time ----------------------------------------------------------------------------

class Proxy:
    """Forwards a local port to PostgreSQL. `cut()` drops every connection and refuses new
    ones, as a stopped database does; `restore()` accepts again. The shared PostgreSQL is
    never stopped."""

    def __init__(self, target: tuple) -> None:
        self.target, self.port = target, free_port()
        self.listener, self.sockets = None, []
        self.restore()

    def restore(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self) -> None:
        for sock in [self.listener] + self.sockets:  # shutdown also wakes a blocked accept()
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self.sockets = []

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # shut by cut()
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass


@pytest.fixture
def postgresql():
    """PostgreSQL must be up: missing, it is a failure, not a skip."""
    require_postgresql()
    return Proxy((setting("DB_HOST"), int(setting("DB_PORT"))))


def stored_user_texts(sender: str) -> list:
    with database() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT data FROM events WHERE sender_id = %s AND type_name = 'user' "
                       "ORDER BY id", (sender,))
        return [json.loads(data)["text"] for (data,) in cursor.fetchall()]


@pytest.mark.model
def test_database_lost_and_back_at_run_time(tmp_path, postgresql):
    proxy, sender = postgresql, f"unreachable-{uuid.uuid4().hex}"
    stored_as = SENDER_PREFIX + sender  # the REST channel's conversation id
    action_port, port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    endpoints = store_endpoints(tmp_path, proxy.port, password=setting("DB_PASSWORD"),
                                action_port=action_port)
    actions = start(action_server(action_port), tmp_path / "actions.log", server_env())
    log = tmp_path / "rasa.log"
    rasa = rasa_run(tmp_path, endpoints, port, log)

    def say(text: str, timeout: float = 60) -> str:
        response = requests.post(f"{url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": text}, timeout=timeout)
        assert response.status_code == 200, response.text
        return " ".join(message.get("text") or "" for message in response.json())

    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, tmp_path / "actions.log")
        wait_until_up(f"{url}/", rasa, log)
        assert IPP_ANSWER in say("what is the IPP?")

        proxy.cut()
        started = time.monotonic()
        assert IPP_ANSWER in say("tell me about the IPP", timeout=10)  # no earlier context
        print(f"answered in {time.monotonic() - started:.2f} s with the database unreachable")
        output = log.read_text(errors="replace")
        database_name = f"postgresql database '{setting('DB_NAME')}' at 127.0.0.1:{proxy.port}"
        assert (f"ERROR    bot.rasa_server.stores  - Could not read conversation {stored_as} "
                f"from the tracker store, {database_name}") in output
        assert (f"ERROR    bot.rasa_server.stores  - Could not store a turn of conversation "
                f"{stored_as} in the tracker store, {database_name}") in output
        assert "InMemoryTrackerStore" not in output

        proxy.restore()
        assert "12 to 18 months" in say("how long does it take?")  # context from PostgreSQL
        assert stored_user_texts(stored_as) == ["what is the IPP?", "how long does it take?"]
    finally:
        stop([rasa, actions])
        proxy.cut()
        with database() as connection, connection.cursor() as cursor:
            cursor.execute("DELETE FROM events WHERE sender_id = %s", (stored_as,))


# --- the store itself ------------------------------------------------------------------------

def postgresql_store() -> RedactingSQLTrackerStore:
    require_postgresql()
    return RedactingSQLTrackerStore(Domain.empty(), dialect="postgresql",
                                    host=setting("DB_HOST"), port=setting("DB_PORT"),
                                    db=setting("DB_NAME"), username=setting("DB_USER"),
                                    password=setting("DB_PASSWORD"))


@pytest.mark.parametrize("sender", ["x\ud800", "x\x00y"], ids=["lone surrogate", "NUL"])
def test_a_sender_id_postgresql_cannot_take_never_stops_the_server(sender, caplog):
    store = postgresql_store()
    tracker = DialogueStateTracker.from_events(
        sender, [ActionExecuted("action_listen"), UserUttered("hello")])
    try:
        assert asyncio.run(store.retrieve(sender)) is None  # answered without history
        asyncio.run(store.save(tracker))  # not stored, not raised
        assert asyncio.run(store.retrieve_full_tracker(sender)) is None
    except SystemExit as exit_:
        pytest.fail(f"the store exited the server ({exit_})")
    assert "schema" not in caplog.text
    assert f"Could not read conversation {sender!r} from the tracker store" in caplog.text
    visitor = f"after-{uuid.uuid4().hex}"  # and the store goes on serving
    try:
        asyncio.run(store.save(DialogueStateTracker.from_events(visitor, [UserUttered("hi")])))
        assert asyncio.run(store.retrieve(visitor)) is not None
    finally:
        store.engine.dispose()
        with database() as connection, connection.cursor() as cursor:
            cursor.execute("DELETE FROM events WHERE sender_id = %s", (visitor,))


def test_a_missing_postgresql_schema_stops_the_server_at_start_up(monkeypatch, caplog):
    monkeypatch.setenv("POSTGRESQL_SCHEMA", "no_such_schema")
    with pytest.raises(TrackerStoreUnavailable, match="The PostgreSQL schema 'no_such_schema' "
                       r"\(POSTGRESQL_SCHEMA\) is not in the tracker store"):
        postgresql_store()


def test_an_existing_postgresql_schema_is_searched_with_the_statement_timeout(monkeypatch):
    monkeypatch.setenv("POSTGRESQL_SCHEMA", "public")
    store = postgresql_store()
    try:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW search_path").scalar() == "public"
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "3s"
    finally:
        store.engine.dispose()
