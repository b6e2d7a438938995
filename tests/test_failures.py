"""Failures, bad input and the server's closed doors, at the HTTP boundary of a real server.

Starts the action server and `rasa run` (the project's REST channel, bot.rasa_server.channels.rest) on
free ports, then does what an unlucky or hostile visitor would: talks while the action server is
down or hangs, sends empty, huge, broken, non-UTF-8, foreign-script and markup messages and a
thousand messages in one conversation, and knocks on the HTTP API and from a foreign origin.
Needs `make train`.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
import requests
import yaml

from bot.rasa_server.action_fallback import apology
from bot.shared.content import default_content
from servers import (PROJECT, action_server, free_port, patched_rasa, server_env, start, stop,
                     wait_until_up)

pytestmark = pytest.mark.model

CHANNEL = "bot.rasa_server.channels.rest.RestInput"
DEMO_ORIGIN = "http://localhost:5005"
IPP_ANSWER = "Intelligence Professionalisation Programme"
REPLY_LIMIT = 60
APOLOGY_LIMIT = 2  # the user-visible requirement: an apology within 2 seconds


class Servers:
    """The action server and `rasa run`, with the action server stoppable and restartable."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.action_port, self.port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = server_env()
        self.actions = None
        self.rasa = None

    def start_actions(self) -> None:
        log = self.tmp / "actions.log"
        self.actions = start(action_server(self.action_port), log, self.env)
        wait_until_up(f"http://127.0.0.1:{self.action_port}/health", self.actions, log)

    def stop_actions(self) -> None:
        self.actions.kill()
        self.actions.wait(timeout=20)

    def start_rasa(self) -> None:
        endpoints = self.tmp / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n')
        credentials = self.tmp / "credentials.yml"
        credentials.write_text(f"{CHANNEL}:\n")
        log = self.tmp / "rasa.log"
        self.rasa = start([*patched_rasa(), "run", "--model", "models/pathway.tar.gz",
                           "--endpoints", str(endpoints), "--credentials", str(credentials),
                           "--port", str(self.port), "--cors", DEMO_ORIGIN], log, self.env)
        wait_until_up(f"{self.url}/webhooks/rest/", self.rasa, log)

    def stop(self) -> None:
        stop([self.rasa, self.actions])


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    servers = Servers(tmp_path_factory.mktemp("failure-servers"))
    try:
        servers.start_actions()
        servers.start_rasa()
        yield servers
    finally:
        servers.stop()


def post(servers: Servers, body=None, *, data: bytes = None, timeout: float = REPLY_LIMIT,
         headers: dict = None) -> requests.Response:
    return requests.post(f"{servers.url}/webhooks/rest/webhook", json=body, data=data,
                         headers=headers or {"Content-Type": "application/json"}, timeout=timeout)


def say(servers: Servers, sender: str, text: str, timeout: float = REPLY_LIMIT) -> str:
    """Send a message; return the bot's reply texts joined (fails on a non-200 status)."""
    response = post(servers, {"sender": sender, "message": text}, timeout=timeout)
    assert response.status_code == 200, response.text
    return "\n".join(m.get("text") or "" for m in response.json())


def reply(reply_id: str) -> str:
    return default_content().reply(reply_id).answer


# --- the action server fails -------------------------------------------------------------

def test_action_server_down_then_back(servers):
    assert IPP_ANSWER in say(servers, "down", "what is the IPP?")
    servers.stop_actions()
    try:
        assert say(servers, "down", "who can do it?", timeout=APOLOGY_LIMIT) == apology()
    finally:
        servers.start_actions()
    assert IPP_ANSWER in say(servers, "down", "tell me about the IPP")


def test_action_server_hangs_then_back(servers):
    servers.stop_actions()
    hung = socket.socket()  # accepts connections on the action port, never answers
    hung.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    hung.bind(("127.0.0.1", servers.action_port))
    hung.listen(16)
    try:
        started = time.monotonic()
        text = say(servers, "slow", "what is the IPP?", timeout=APOLOGY_LIMIT)
        print(f"apology from a hung action server after {time.monotonic() - started:.2f} s")
        assert text == apology()
    finally:
        hung.close()
        servers.start_actions()
    assert IPP_ANSWER in say(servers, "slow", "what is the IPP?")


# --- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_message_gets_asked_for_a_question(servers, text):
    assert say(servers, "empty", text) == reply("empty")


def test_a_message_as_long_as_a_body_may_be_is_cut_and_answered_politely(servers):
    started = time.monotonic()
    text = say(servers, "huge", "tell me about the IPP " * 700)  # ~15 KB: the REST body cap is 16
    print(f"15 KB message answered in {time.monotonic() - started:.2f} s")
    assert text.startswith(reply("too_long"))


def test_a_100_kb_body_is_refused_before_it_is_read(servers):
    response = post(servers, {"sender": "huge", "message": "tell me about the IPP " * 4700})
    assert response.status_code == 413


@pytest.mark.parametrize("data", [
    b'{"sender": "broken", "message": "hi"',  # broken JSON
    b'{"sender": "bytes", "message": "caf\xe9 \xff\xfe"}',  # not UTF-8
    b'["sender", "message"]',  # JSON, but not an object
    b'{"sender": "no-message"}',
    b'{"sender": "number", "message": 42}',
    b'{"sender": {"id": 1}, "message": "hi"}',
    b'{"sender": "meta", "message": "hi", "metadata": "x"}',
    b"",
])
def test_malformed_request_is_refused_with_400(servers, data):
    response = post(servers, data=data)
    assert response.status_code == 400, response.text
    assert IPP_ANSWER in say(servers, "after-400", "what is the IPP?")  # still up


@pytest.mark.parametrize("text", [
    "🙂 what is the IPP? 🚓",
    "tell me about the IPP\x00\x07",
    "What is the IPP? Ä Ö Ü ß é ñ",
])
def test_emoji_accents_and_control_characters_are_answered(servers, text):
    assert IPP_ANSWER in say(servers, "unicode", text)


@pytest.mark.parametrize("text", ["什么是情报分析师的工作？", "ما هو عمل محلل الاستخبارات؟",
                                  "Что делает аналитик разведки?", "गुप्तचर विश्लेषक क्या करता है?"])
def test_other_scripts_get_the_english_only_reply(servers, text):
    assert say(servers, "scripts", text).startswith(reply("not_english"))


@pytest.mark.parametrize("text", ["<img src=x onerror=alert(1)>", "<b>hello</b>",
                                  "'; DROP TABLE events; --", "{{7*7}} ${7*7} %s %n"])
def test_markup_and_injection_are_answered_as_plain_text(servers, text):
    """Replies come from the content, so nothing here can echo; what can fail is the server
    choking on the text: the user must get a reply, and not the technical apology."""
    answer = say(servers, "markup", text)
    assert answer and answer != apology()


def test_a_question_wrapped_in_a_script_tag_is_still_answered(servers):
    assert IPP_ANSWER in say(servers, "markup", "<script>alert(1)</script>what is the IPP?")


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_a_thousand_messages_in_one_conversation(servers):
    """Every message gets a real answer, never the apology: a long conversation must not push
    a turn past the action deadline. Slow (minutes): Rasa 3.6 re-reads the whole conversation
    on every turn, so each turn costs more than the last."""
    questions = ["what is the IPP?", "how long does it take?", "what roles are there?", "thanks"]
    started, apologies = time.monotonic(), []
    for i in range(1000):
        text = say(servers, "thousand", questions[i % len(questions)])
        assert text, f"no reply to message {i}"
        if text == apology():
            apologies.append(i)
    print(f"1000 messages in one conversation: {time.monotonic() - started:.1f} s, "
          f"{len(apologies)} apologies")
    assert apologies == [], f"the apology instead of an answer at messages {apologies[:20]}"
    last = time.monotonic()
    assert IPP_ANSWER in say(servers, "thousand", "what is the IPP?")
    print(f"message 1001 answered in {time.monotonic() - last:.2f} s")


# --- closed doors ------------------------------------------------------------------------

@pytest.mark.parametrize("method,path", [("GET", "/status"), ("GET", "/version"),
                                         ("GET", "/conversations/down/tracker"),
                                         ("PUT", "/model"), ("POST", "/model/train")])
def test_http_api_is_off_without_enable_api(servers, method, path):
    response = requests.request(method, servers.url + path, timeout=REPLY_LIMIT)
    assert response.status_code in (404, 405)


def test_cors_allows_only_the_configured_origin(servers):
    body = {"sender": "cors", "message": "hi"}
    allowed = post(servers, body, headers={"Origin": DEMO_ORIGIN})
    foreign = post(servers, body, headers={"Origin": "https://attacker.example"})
    assert allowed.headers.get("Access-Control-Allow-Origin") == DEMO_ORIGIN
    assert "Access-Control-Allow-Origin" not in foreign.headers


def test_project_registers_the_checked_rest_channel():
    channels = yaml.safe_load((PROJECT / "credentials.yml").read_text()) or {}
    assert CHANNEL in channels and "rest" not in channels
