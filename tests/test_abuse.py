"""What the worst caller can do, tried at the HTTP and Socket.IO boundaries of a real server.

The servers start as `make run` starts them (the patched `rasa run` with the project's
credentials.yml, the action server on loopback with its body cap), with a REST token, a
session secret and a short session cap. The server trusts one proxy's X-Forwarded-For
(`SANIC_PROXIES_COUNT=1`, as behind the ingress), so each test speaks from addresses of its own
and the limits of one test do not reach another. Each row of the security review is a test
here; the figures (refusal times, other visitors' latency during a flood, turn cost at turn
400) are printed by bench/abuse.py, not asserted.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import socket
import sqlite3
import uuid
from pathlib import Path

import aiohttp
import pytest
import requests

from bot.rasa_server.action_fallback import apology
from bot.rasa_server.limits import SLOW_DOWN, allowed_per_window
from bot.shared.inputs import checked_id
from servers import (PROJECT, WITH_LIMITS, action_server, free_port, patched_rasa, server_env,
                     start, stop, wait_until_up)
from socket_client import Closed, Refused, SocketIOClient

pytestmark = pytest.mark.model

TOKEN = "abuse-test-token"
SESSION_CAP = 40  # events: a few turns, so a test can pass it
REPLY_LIMIT = 60  # seconds: a guard for a slow CI machine, not a speed test
IPP_DURATION = "12 to 18 months"
_addresses = itertools.count(1)


def new_address() -> str:
    """An address no other test speaks from (the server trusts X-Forwarded-For)."""
    n = next(_addresses)
    return f"10.{n // 250}.{n % 250}.1"


class Servers:
    """An action server and a Rasa server, as `make run` starts them, on free ports."""

    def __init__(self, tmp: Path, endpoints_extra: str = "") -> None:
        self.tmp, self.port, self.action_port = tmp, free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db = tmp / "tracker.db"
        self.log = tmp / "rasa.log"
        env = server_env(**WITH_LIMITS, PATHWAY_REST_TOKEN=TOKEN, PATHWAY_SESSION_SECRET="abuse-secret",
                         PATHWAY_MAX_SESSION_EVENTS=str(SESSION_CAP), SANIC_PROXIES_COUNT="1",
                         # a refusal's wait (1 s) shortened, so a flood test takes seconds
                         PATHWAY_REFUSAL_DELAY_SECONDS="0.02")
        endpoints = tmp / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n'
            "tracker_store:\n  type: bot.rasa_server.stores.RedactingSQLTrackerStore\n"
            f"  dialect: sqlite\n  db: {self.db}\n{endpoints_extra}", encoding="utf-8")
        # The action server's settings of the Makefile's ACTION_SERVER (loopback, 1 MB).
        action_env = {**env, "SANIC_HOST": "127.0.0.1", "SANIC_REQUEST_MAX_SIZE": "1048576"}
        self.processes = [start(action_server(self.action_port), tmp / "actions.log", action_env)]
        self.processes.append(start(
            [*patched_rasa(), "run", "--model", "models/pathway.tar.gz", "--endpoints",
             str(endpoints), "--credentials", str(PROJECT / "credentials.yml"),
             "--logging-config-file", "logging.yml", "--port", str(self.port),
             "--cors", self.url], tmp / "rasa.log", {**env, "PYTHONPATH": str(PROJECT)}))
        wait_until_up(f"http://127.0.0.1:{self.action_port}/health", self.processes[0],
                      tmp / "actions.log")
        wait_until_up(f"{self.url}/webhooks/rest/", self.processes[1], tmp / "rasa.log")

    @property
    def rasa_up(self) -> bool:
        return self.processes[1].poll() is None

    def rest(self, body=None, *, address: str, token: str = TOKEN, data: bytes = None,
             timeout: float = REPLY_LIMIT) -> requests.Response:
        headers = {"Content-Type": "application/json", "X-Forwarded-For": address}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.post(f"{self.url}/webhooks/rest/webhook", json=body, data=data,
                             headers=headers, timeout=timeout)

    def say(self, sender: str, text: str, address: str = None) -> str:
        response = self.rest({"sender": sender, "message": text}, address=address or new_address())
        assert response.status_code == 200, response.text
        return "\n".join(m.get("text") or "" for m in response.json())

    def feedback(self, body, address: str) -> requests.Response:
        return requests.post(f"{self.url}/webhooks/web/feedback", data=json.dumps(body),
                             headers={"Content-Type": "application/json",
                                      "X-Forwarded-For": address}, timeout=REPLY_LIMIT)

    def stored(self, sql: str, *args) -> list:
        with sqlite3.connect(self.db) as db:
            return db.execute(sql, args).fetchall()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    servers = None
    try:
        servers = Servers(tmp_path_factory.mktemp("abuse"))
        yield servers
    finally:
        if servers is not None:
            stop(servers.processes)


class Widget:
    """One browser's Socket.IO connection, as the widget makes it, from `address`."""

    def __init__(self, url: str, address: str) -> None:
        self.url, self.address = url, address

    async def __aenter__(self) -> "Widget":
        self.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=REPLY_LIMIT))
        self.client = SocketIOClient(self.http, self.url, "websocket", self.url,
                                     headers={"X-Forwarded-For": self.address})
        try:
            await self.client.connect()
        except BaseException:
            await self.http.close()
            raise
        return self

    async def __aexit__(self, *_) -> None:
        await self.client.close()
        await self.http.close()

    async def session(self, session_id=None) -> str:
        await self.client.emit("session_request", {"session_id": session_id})
        return (await self.client.events_until("session_confirm"))[-1][1]

    async def ask(self, text: str, **extra) -> list:
        """The texts the server sends back for one message (acknowledged once handled)."""
        ack = await self.client.emit("user_uttered", {"message": text, **extra}, ack=True)
        events = await self.client.events_until(ack_id=ack)
        return [data.get("text") for name, data in events if name == "bot_uttered"]


def run(coroutine):
    return asyncio.run(coroutine)


def conversation(token: str) -> str:
    return token.split(".")[0]


# --- 1. identifiers that reach the store ------------------------------------------------

@pytest.mark.parametrize("sender", ["x\ud800", "x\udfff", "x\x00", "x\u202e", "\u200b",
                                    "line\nbreak", "", "   ", "a" * 129, None, ["a"], {"a": 1}])
def test_a_bad_sender_gets_400_and_the_server_stays_up(server, sender):
    raw = json.dumps({"sender": sender, "message": "hi"})  # \ud800 escaped, as a caller sends it
    response = server.rest(data=raw.encode(), address=new_address())
    assert response.status_code == 400 and "sender" in response.json()["message"]
    assert server.rasa_up
    assert "IPP" in server.say("after-bad-sender", "what is the IPP?")


def test_a_bad_session_id_on_the_socket_gets_a_new_conversation_and_an_answer(server):
    async def visit():
        async with Widget(server.url, new_address()) as widget:
            token = await widget.session("x\ud800\x00")
            return token, await widget.ask("what is the IPP?", session_id="x\ud800")

    token, replies = run(visit())
    assert re.fullmatch(r"[0-9a-f]{32}\.[0-9a-f]{32}", token)
    assert any("IPP" in text for text in replies)
    assert server.rasa_up


@pytest.mark.parametrize("session_id", ["x\ud800", "\x00", None, 5, "a" * 300])
def test_feedback_with_a_bad_session_id_gets_400(server, session_id):
    response = server.feedback({"session_id": session_id, "message_id": "1", "value": "up",
                                "text": "anything"}, new_address())
    assert response.status_code == 400 and server.rasa_up


# --- 2. large and deep fields -------------------------------------------------------------

def test_metadata_over_the_body_cap_is_refused_and_under_it_dropped(server):
    address = new_address()
    huge = server.rest({"sender": "meta", "message": "hi", "metadata": {"x": "a" * 32_000}},
                       address=address)
    assert huge.status_code == 413
    sender = f"meta-{uuid.uuid4().hex[:8]}"
    kept = server.rest({"sender": sender, "message": "what is the IPP?",
                        "metadata": {"x": "a" * 10_000}}, address=address)
    assert kept.status_code == 200 and "IPP" in kept.json()[0]["text"]
    stored = server.stored("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'",
                           f"rest:{sender}")
    assert stored and all("a" * 1000 not in data for (data,) in stored)


def test_metadata_nested_500_deep_is_dropped_and_the_turn_answered(server):
    deep = "{\"a\": " * 500 + "1" + "}" * 500
    raw = f'{{"sender": "deep", "message": "what is the IPP?", "metadata": {deep}}}'
    response = server.rest(data=raw.encode(), address=new_address())
    assert response.status_code == 200 and "IPP" in response.json()[0]["text"]


def test_a_socket_frame_with_60_kib_of_custom_data_is_answered_without_it(server):
    async def visit():
        async with Widget(server.url, new_address()) as widget:
            token = await widget.session()
            return token, await widget.ask("what is the IPP?", customData={"x": "a" * 60_000})

    token, replies = run(visit())
    assert any("IPP" in text for text in replies)
    stored = server.stored("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'",
                           conversation(token))
    assert stored and all("a" * 1000 not in data for (data,) in stored)


def test_unsafe_characters_in_a_question_are_dropped_and_it_is_answered(server):
    text = server.say("unsafe", "what\u202e is\u200b the\x85 IPP\ud800?")
    assert "IPP" in text and text != apology()
    unanswerable = server.say("unsafe-2", "how do I renew my passport\ud800\u2066?")
    assert unanswerable != apology()


# --- 3. flooding --------------------------------------------------------------------------

def over_the_limit(name: str) -> int:
    """Requests that pass the limit `name` even when they straddle two of its windows."""
    return 2 * allowed_per_window(name) + 2


def test_a_flooding_rest_client_gets_429_with_retry_after_and_others_are_served(server):
    address = new_address()
    statuses = [server.rest({"sender": "flood", "message": "hi"}, address=address)
                for _ in range(over_the_limit("rest_per_address"))]
    refused = [r for r in statuses if r.status_code == 429]
    assert refused and len(refused) < len(statuses)
    assert int(refused[-1].headers["Retry-After"]) > 0
    assert refused[-1].json()["message"] == SLOW_DOWN
    assert "IPP" in server.say("other-visitor", "what is the IPP?")


def test_a_flooding_socket_client_is_refused_connections_then_told_to_slow_down(server):
    address = new_address()

    async def connections():
        refused = 0
        for _ in range(over_the_limit("socket_connections_per_address")):
            try:
                async with Widget(server.url, address):
                    pass
            except (Refused, Closed):
                refused += 1
        return refused

    assert run(connections()) >= 1

    async def messages():
        async with Widget(server.url, new_address()) as widget:
            await widget.session()
            replies = []
            for _ in range(over_the_limit("socket_messages_per_session")):
                replies += await widget.ask("hi")
            return replies

    replies = run(messages())
    assert replies.count(SLOW_DOWN) >= 1 and replies[0] != SLOW_DOWN


def test_a_feedback_flood_gets_429(server):
    address = new_address()
    statuses = [server.feedback({"value": "up"}, address).status_code
                for _ in range(over_the_limit("feedback_per_address"))]
    assert statuses.count(429) >= 1


# --- 4. one long conversation ---------------------------------------------------------------

def test_a_long_session_is_cut_and_keeps_its_context(server):
    sender = f"long-{uuid.uuid4().hex[:8]}"
    assert "IPP" in server.say(sender, "tell me about the IPP")
    for _ in range(SESSION_CAP // 5):
        server.say(sender, "thanks")
    assert IPP_DURATION in server.say(sender, "how long does it take?")
    starts = server.stored("SELECT id FROM events WHERE sender_id = ? AND type_name = "
                           "'session_started' ORDER BY id", f"rest:{sender}")
    assert len(starts) >= 2
    since_last = server.stored("SELECT COUNT(*) FROM events WHERE sender_id = ? AND id >= ?",
                               f"rest:{sender}", starts[-1][0])[0][0]
    assert since_last <= SESSION_CAP


# --- 5. bodies declared larger than any route takes ---------------------------------------

@pytest.mark.parametrize("path", ["/webhooks/rest/webhook", "/webhooks/web/feedback",
                                  "/socket.io/?EIO=4&transport=polling&sid=x"])
def test_a_100_mb_body_is_refused_before_it_is_sent(server, path):
    with socket.create_connection(("127.0.0.1", server.port), timeout=REPLY_LIMIT) as conn:
        conn.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     f"X-Forwarded-For: {new_address()}\r\nContent-Length: 100000000\r\n\r\n"
                     .encode())
        status_line = conn.recv(200).split(b"\r\n")[0]
    assert b" 413 " in status_line, status_line
    assert server.rasa_up


# --- 6. conversations belong to their visitor ---------------------------------------------

def test_a_socket_cannot_resume_or_write_into_another_visitors_conversation(server):
    async def visit():
        async with Widget(server.url, new_address()) as first:
            mine = await first.session()
            await first.ask("what is the IPP?")
            async with Widget(server.url, new_address()) as second:
                forged = mine[:33] + ("0" if mine[33] != "0" else "1") + mine[34:]
                tokens = [await second.session(s) for s in (conversation(mine), forged)]
                replies = await second.ask("what is a secret codeword", session_id=mine)
            return mine, tokens, replies

    mine, tokens, replies = run(visit())
    assert all(conversation(t) != conversation(mine) for t in tokens)
    assert replies  # answered, in its own conversation
    texts = [data for (data,) in server.stored(
        "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", conversation(mine))]
    assert texts and not any("secret codeword" in data for data in texts)


def test_rest_needs_the_token_and_a_sender_and_stays_in_its_own_conversations(server):
    address = new_address()
    assert server.rest({"sender": "s", "message": "hi"}, address=address, token="").status_code == 401
    assert server.rest({"sender": "s", "message": "hi"}, address=address,
                       token="wrong").status_code == 401
    assert server.rest({"message": "hi"}, address=address).status_code == 400

    async def web_conversation():
        async with Widget(server.url, new_address()) as widget:
            token = await widget.session()
            await widget.ask("what is the IPP?")
            return conversation(token)

    web = run(web_conversation())
    server.say(web, "my name is Mallory")
    stored = server.stored("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", web)
    assert stored and not any("Mallory" in data for (data,) in stored)
    assert server.stored("SELECT COUNT(*) FROM events WHERE sender_id = ?", f"rest:{web}")[0][0]


# --- 7. the action server -------------------------------------------------------------------

def listening_addresses(port: int) -> set:
    """The local addresses listening on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                found.add(address)
    return found


def test_the_action_server_listens_on_loopback_only_and_caps_what_it_reads(server, content):
    assert listening_addresses(server.action_port) == {"0100007F"}  # 127.0.0.1
    url = f"http://127.0.0.1:{server.action_port}/webhook"
    tracker = {"sender_id": "direct", "slots": {}, "events": [], "paused": False,
               "latest_message": {"text": "what is the IPP? " * 6000, "intent": {"name": "ipp"},
                                  "intent_ranking": [{"name": "ipp", "confidence": 1.0}]},
               "latest_action_name": "action_listen", "active_loop": {}}
    body = {"next_action": "action_answer", "sender_id": "direct", "tracker": tracker,
            "domain": {}, "version": "3.6.21"}
    answered = requests.post(url, json=body, timeout=REPLY_LIMIT)
    assert answered.status_code == 200
    assert answered.json()["responses"][0]["text"].startswith(content.reply("too_long").answer)
    too_big = requests.post(url, data=b"x" * 2_000_000, timeout=REPLY_LIMIT)
    # Sanic refuses the body past 1 MB; rasa_sdk's catch-all error handler turns its 413 into 500.
    assert too_big.status_code in (413, 500) and "exceeds the size limit" in too_big.text


# --- 10. feedback ----------------------------------------------------------------------------

def test_feedback_counts_once_for_an_answer_of_that_session_redacted_and_says_nothing(server):
    async def visit():
        async with Widget(server.url, new_address()) as widget:
            token = await widget.session()
            return token, await widget.ask("what is the IPP?")

    token, replies = run(visit())
    address = new_address()
    vote = {"session_id": token, "message_id": "2", "value": "down",
            "text": replies[0] + "\n\nmail me at jo.bloggs@example.com"}
    first = server.feedback(vote, address)
    assert first.status_code == 204 and first.content == b""
    assert server.feedback(vote, address).status_code == 409
    assert server.feedback({**vote, "text": "not an answer it gave"}, address).status_code == 404
    assert server.feedback({**vote, "session_id": conversation(token)}, address).status_code == 400
    # Kept in the tracker store's database, once, with the question asked and the answer as
    # the conversation holds it: the text the caller sent is not stored.
    mine = server.stored("SELECT value, topic, question, answer, channel FROM feedback "
                         "WHERE conversation = ?", conversation(token))
    assert len(mine) == 1
    value, topic, question, answer, channel = mine[0]
    assert (value, topic, question, channel) == ("down", "ipp", "what is the IPP?", "socketio")
    assert answer.startswith(replies[0])
    assert not server.stored("SELECT id FROM feedback WHERE question LIKE '%jo.bloggs%' "
                             "OR answer LIKE '%jo.bloggs%'")


# --- 11. the editors' records -------------------------------------------------------------------

UNANSWERABLE = "what is the weather like tomorrow? mail me at jo.bloggs@example.com"


def test_an_unanswered_question_is_recorded_redacted_for_editors(server):
    sender = f"records-{uuid.uuid4().hex[:8]}"
    answer = server.say(sender, UNANSWERABLE)
    rows = server.stored("SELECT reason, channel, topic, question, answer FROM editor_records "
                         "WHERE conversation = ?", f"rest:{sender}")
    assert rows == [("out_of_scope", "rest", "out_of_scope",
                     "what is the weather like tomorrow? mail me at [email]", rows[0][4])]
    assert rows[0][4].replace("\n\n", "\n") == answer


def test_a_full_records_table_costs_the_visitor_nothing(server):
    """SQLite's own message when its disk is full, on every insert into the records: the
    visitor is answered, the turn is stored, the operator gets an ERROR without the text."""
    sender = f"full-{uuid.uuid4().hex[:8]}"
    server.stored("CREATE TRIGGER full BEFORE INSERT ON editor_records "
                  "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    try:
        answer = server.say(sender, UNANSWERABLE)
    finally:
        server.stored("DROP TRIGGER full")
    assert answer.startswith("Sorry, that's outside what I can help with")
    assert server.stored("SELECT COUNT(*) FROM events WHERE sender_id = ? AND type_name = 'bot'",
                         f"rest:{sender}")[0][0] == 1
    assert not server.stored("SELECT id FROM editor_records WHERE conversation = ?",
                             f"rest:{sender}")
    errors = [line for line in server.log.read_text().splitlines() if f"rest:{sender}" in line]
    assert any("ERROR    bot.rasa_server.stores  - Could not store the editors' record of an "
               f"answer in conversation rest:{sender}" in line and "disk is full" in line
               for line in errors), errors
    assert "weather" not in "\n".join(errors)
    assert "IPP" in server.say(f"after-{sender}", "what is the IPP?")


# --- last: nothing unchecked was stored -------------------------------------------------------

def test_zz_every_stored_conversation_id_is_a_checked_one(server):
    ids = [sender for (sender,) in server.stored("SELECT DISTINCT sender_id FROM events")]
    assert ids
    for sender in ids:
        assert checked_id(sender, "sender") == sender
        assert sender.startswith("rest:") or re.fullmatch(r"[0-9a-f]{32}", sender), sender
    assert server.rasa_up


# --- 8. Redis down while the widget is used ---------------------------------------------------

@pytest.fixture(scope="module")
def server_without_redis(tmp_path_factory):
    dead = free_port()  # nothing listens there
    servers = None
    try:
        servers = Servers(tmp_path_factory.mktemp("abuse-no-redis"),
                          f"lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: {dead}\n")
        yield servers
    finally:
        if servers is not None:
            stop(servers.processes)


def test_with_redis_down_rest_and_the_widget_both_get_the_apology(server_without_redis):
    server = server_without_redis
    assert server.say("no-redis", "what is the IPP?") == apology()

    async def visit():
        async with Widget(server.url, new_address()) as widget:
            await widget.session()
            return await widget.ask("what is the IPP?")

    assert run(visit()) == [apology()]
    assert server.rasa_up
