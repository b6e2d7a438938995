"""The Teams channel at the HTTP boundary, offline.

A local fake Bot Framework (tests/fake_botframework.py) signs requests, serves keys and
tokens, and records what the bot posts back. Security and delivery tests run the real
channel in a small Sanic app with a stub assistant instead of Rasa (no trained model). Tests
marked `model` run the real Rasa server app with the trained model on a free local port.
Replies are sent in the background, so tests wait for them (`fake.wait_for_messages`).
"""

from __future__ import annotations

import logging
import socket
import time
import uuid
from typing import Any, Dict, List, Optional

import pytest
import requests

from bot.action_server.answers import Turn, answer, payload
from bot.rasa_server.channels import teams_render as render
from bot.rasa_server.channels.teams_config import TeamsConfig, TeamsConfigError
from bot.rasa_server.channels.teams_connector import retry_delay
from bot.shared.inputs import MAX_MESSAGE_CHARS
from fake_botframework import (KEY_ID, WAIT_LIMIT, WEBCHAT_KEY_ID, FakeBotFramework, LoopThread,
                               new_rsa_key)

APP_ID = "3f0c9d3e-7a51-4f0e-9d8e-2b6a1c4e5f70"
TENANT = "8c2f4b1a-5d3e-4c6f-a7b8-9e0d1c2b3a40"
OTHER_TENANT = "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
BOT = {"id": f"28:{APP_ID}", "name": "Pathway"}
USER = {"id": "29:user-1", "name": "A. Officer", "aadObjectId": "b1c2d3e4-0000-4000-8000-000000000001"}
CHANNEL_THREAD = "19:pathway-team@thread.tacv2;messageid=1700000000001"
PATHWAY_URL = "https://www.college.police.uk/career-learning/career-development/career-pathways/intelligence"
model = pytest.mark.model


# --- infrastructure -------------------------------------------------------------------

@pytest.fixture(scope="module")
def loop_thread():
    from sanic import Sanic

    loop_thread = LoopThread()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Sanic, "test_mode", True)  # several apps in one test process
        yield loop_thread
    loop_thread.stop()


@pytest.fixture(scope="module")
def fake(loop_thread, tmp_path_factory):
    fake = FakeBotFramework(APP_ID, TENANT, tmp_path_factory.mktemp("fake-botframework"))
    loop_thread.run(fake.start())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REQUESTS_CA_BUNDLE", str(fake.ca_file))  # MSAL (requests) trusts the fake
        yield fake
    loop_thread.run(fake.stop())


@pytest.fixture(scope="module")
def agent():
    from bot.tools.runtime import load

    return load()


class Server:
    """An app with the real Teams channel, served on a free port in the loop thread."""

    def __init__(self, loop_thread: LoopThread, credentials: Dict[str, Any],
                 agent: Any = None, assistant: Optional["StubAssistant"] = None) -> None:
        self.loop_thread, self.credentials = loop_thread, credentials
        self.agent, self.assistant = agent, assistant

    def _app(self) -> Any:
        from bot.rasa_server.channels.teams import TeamsInput

        self.channel = TeamsInput.from_credentials(self.credentials)
        if self.agent is not None:  # the real Rasa server app
            from rasa.core.run import configure_app

            app = configure_app([self.channel], enable_api=False)
            app.ctx.agent = self.agent
            return app
        from sanic import Sanic

        app = Sanic(f"teams-stub-{uuid.uuid4().hex[:8]}")
        app.blueprint(self.channel.blueprint(self.assistant), url_prefix="/webhooks/teams")
        return app

    async def _start(self) -> None:
        app = self._app()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/webhooks/teams"
        # Sanic 21.12: awaiting create_server already starts listening.
        self.server = await app.create_server(sock=sock, return_asyncio_server=True,
                                              access_log=False)
        await self.server.startup()
        await self.server.before_start()
        await self.server.after_start()

    async def _stop(self) -> None:
        await self.server.before_stop()
        await self.server.close()
        await self.server.after_stop()

    def __enter__(self) -> "Server":
        self.loop_thread.run(self._start())
        return self

    def __exit__(self, *exc: Any) -> None:
        self.loop_thread.run(self._stop())

    def post(self, activity: Dict[str, Any], token: Optional[str]) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.post(f"{self.url}/webhook", json=activity, headers=headers, timeout=120)

    def post_raw(self, body: bytes, token: Optional[str]) -> requests.Response:
        headers = {"Content-Type": "application/json",
                   **({"Authorization": f"Bearer {token}"} if token else {})}
        return requests.post(f"{self.url}/webhook", data=body, headers=headers, timeout=120)


class StubAssistant:
    """Stands in for Rasa: records each message and answers through the channel as Rasa does."""

    def __init__(self) -> None:
        self.received: List[Any] = []
        self.reply: Dict[str, Any] = {"text": "A stub answer.", "sources": ["S1"]}

    async def __call__(self, message: Any) -> None:
        self.received.append(message)
        await message.output_channel.send_response(message.sender_id, dict(self.reply))

    def texts(self) -> List[str]:
        return [m.text for m in self.received]


def credentials(fake: FakeBotFramework, **extra: Any) -> Dict[str, Any]:
    return {"app_id": APP_ID, "app_password": "not-a-real-secret", "tenant_id": TENANT,
            "openid_metadata_url": fake.metadata_url, "login_url": fake.login_url, **extra}


@pytest.fixture(scope="module")
def rasa(loop_thread, agent, fake):
    with Server(loop_thread, credentials(fake), agent=agent) as server:
        yield server


@pytest.fixture(scope="module")
def stub_server(loop_thread, fake):
    with Server(loop_thread, credentials(fake), assistant=StubAssistant()) as server:
        yield server


@pytest.fixture
def stub(stub_server, fake):
    """The stub-assistant server, with nothing received or posted yet."""
    stub_server.assistant.received.clear()
    stub_server.assistant.reply = {"text": "A stub answer.", "sources": ["S1"]}
    fake.reset()
    return stub_server


@pytest.fixture
def posted(fake):
    """What the bot posts during one test."""
    fake.reset()
    return fake.posted


def message(fake: FakeBotFramework, text: str, *, activity_id: str = "msg-1",
            conversation: str = "a:personal-chat-1", conversation_type: str = "personal",
            **extra: Any) -> Dict[str, Any]:
    return {"type": "message", "id": activity_id, "channelId": "msteams",
            "serviceUrl": fake.service_url, "from": USER, "recipient": BOT,
            "conversation": {"id": conversation, "conversationType": conversation_type,
                             "tenantId": TENANT},
            "channelData": {"tenant": {"id": TENANT}}, "text": text, **extra}


def expected(content, intent: str, **entities: str) -> str:
    return answer(content, Turn(intent=intent, text="question", entities=entities)).text


def without_footer(text: str) -> str:
    """The answer without its sources' footer line."""
    return text.split("\n\nSource")[0]


# --- the conversation in Teams (trained model) ------------------------------------------

@model
def test_personal_chat_question_is_answered_with_its_source_and_the_bots_tenant_token(
        rasa, fake, posted, content):
    reply = rasa.post(message(fake, "what is the IPP?"), fake.token())

    assert reply.status_code == 200
    [sent] = fake.wait_for_messages(1)
    text = sent.activity["text"]
    assert without_footer(text) == expected(content, "ipp")
    # Issue 15: the answer carries its source link, each URL once.
    ipp = answer(content, Turn(intent="ipp", text="question"))
    for source in content.sources_of(list(ipp.sources)):
        assert text.count(f"({source.url})") == 1
    assert sent.conversation_id == "a:personal-chat-1"
    assert (sent.reply_to_path, sent.activity["replyToId"]) == ("msg-1", "msg-1")
    assert sent.activity["from"] == BOT and sent.activity["recipient"] == USER
    # "typing..." showed while the assistant worked, before the answer.
    assert [p.activity["type"] for p in posted] == ["typing", "message"]
    # The bearer token came from the bot's own tenant, not the retired botframework.com one.
    token_request = fake.token_requests[-1]
    assert sent.authorization == f"Bearer bot-token-{len(fake.token_requests)}"
    assert (token_request["tenant"], token_request["client_id"]) == (TENANT, APP_ID)
    assert token_request["grant_type"] == "client_credentials"
    assert token_request["scope"] == "https://api.botframework.com/.default"
    # Buttons are suggested actions a personal chat can click.
    actions = sent.activity["suggestedActions"]["actions"]
    assert {"type": "imBack", "title": "What about CPD?", "value": "What about CPD?"} in actions


@model
def test_chit_chat_safety_and_known_unknown_replies_show_no_source(rasa, fake, posted, content):
    asked = {"hello": "a:no-source-1", "I want to kill myself": "a:no-source-2",
             "what is the salary of an intelligence analyst?": "a:no-source-3"}
    for text, conversation in asked.items():
        rasa.post(message(fake, text, conversation=conversation), fake.token())

    sent = {p.conversation_id: p.activity["text"] for p in fake.wait_for_messages(len(asked))}
    assert sent["a:no-source-2"] == content.safety.answer
    assert sent["a:no-source-3"].endswith(content.unknowns.pointer)  # the known unknown
    for text in sent.values():
        assert "Source" not in text and "](https://" not in text


@model
def test_the_token_is_reused_until_it_expires(rasa, fake, posted):
    rasa.post(message(fake, "hello", activity_id="msg-a"), fake.token())
    fake.wait_for_messages(1)
    requested = len(fake.token_requests)
    rasa.post(message(fake, "what skills do I need?", activity_id="msg-b"), fake.token())

    sent = fake.wait_for_messages(2)
    assert len(sent) == 2
    assert len(fake.token_requests) == requested
    assert sent[0].authorization == sent[1].authorization


def _compare_then_click(fake: FakeBotFramework, first: "Server", second: "Server",
                        conversation: str) -> Any:
    """Ask `first` to compare two roles, click the second role's suggested action on `second`."""
    first.post(message(fake, "what is the difference between an intelligence analyst and an "
                             "intelligence officer?", conversation=conversation), fake.token())
    [offer] = fake.wait_for_messages(1)
    titles = [a["title"] for a in offer.activity["suggestedActions"]["actions"]]
    click = next(t for t in titles if "officer" in t.lower())
    # imBack sends only the button's title, as the user's text.
    second.post(message(fake, click, activity_id="msg-click", conversation=conversation),
                fake.token())
    return fake.wait_for_messages(2)[1]


@model
def test_a_suggested_action_with_an_entity_works_on_a_replica_that_did_not_send_it(
        loop_thread, agent, rasa, fake, posted, content):
    conversation = "a:personal-chat-click"
    with Server(loop_thread, credentials(fake), agent=agent) as other_replica:
        sent = _compare_then_click(fake, rasa, other_replica, conversation)

    assert without_footer(sent.activity["text"]) == \
        expected(content, "role_details", role="intelligence_officer")
    tracker = loop_thread.run(agent.tracker_store.retrieve(f"{conversation}|{USER['id']}"))
    assert tracker.latest_message.text == payload("role_details", role="intelligence_officer")


@model
def test_clicking_a_card_button_in_a_channel_sends_its_payload(rasa, fake, posted, content):
    button = render.message("Which role?", [{"title": "Intelligence analyst", "payload":
                                             '/role_details{"role": "intelligence_analyst"}'}],
                            "channel")["attachments"][0]["content"]["buttons"][0]
    click = message(fake, button["text"], conversation=CHANNEL_THREAD, conversation_type="channel",
                    activity_id="msg-click", value=button["value"])

    assert rasa.post(click, fake.token()).status_code == 200
    [sent] = fake.wait_for_messages(1)
    assert without_footer(sent.activity["text"]) == \
        expected(content, "role_details", role="intelligence_analyst")


@model
def test_channel_mention_is_stripped_understood_and_answered_in_thread(rasa, fake, posted, content):
    mention = {"type": "mention", "text": "<at>Pathway</at>", "mentioned": BOT}
    activity = message(fake, "<at>Pathway</at> what is the IPP?\n", conversation=CHANNEL_THREAD,
                       conversation_type="channel", activity_id="1700000000099",
                       entities=[mention])

    assert rasa.post(activity, fake.token()).status_code == 200
    [sent] = fake.wait_for_messages(1)
    assert without_footer(sent.activity["text"]) == expected(content, "ipp")
    assert sent.conversation_id == CHANNEL_THREAD
    assert (sent.reply_to_path, sent.activity["replyToId"]) == ("1700000000099", "1700000000099")
    # In a channel the topics are card buttons that carry the payload.
    buttons = sent.activity["attachments"][0]["content"]["buttons"]
    assert {"type": "messageBack", "title": "What about CPD?", "text": "What about CPD?",
            "displayText": "What about CPD?", "value": {"payload": "/cpd"}} in buttons
    tracker = rasa.loop_thread.run(rasa.agent.tracker_store.retrieve(f"{CHANNEL_THREAD}|{USER['id']}"))
    assert tracker.latest_message.text == "what is the IPP?"


@model
def test_installing_the_bot_sends_the_welcome(rasa, fake, posted, content):
    update = {"type": "conversationUpdate", "id": "f:install-1", "channelId": "msteams",
              "serviceUrl": fake.service_url, "from": USER, "recipient": BOT,
              "conversation": {"id": "a:personal-chat-3", "conversationType": "personal"},
              "channelData": {"tenant": {"id": TENANT}}, "membersAdded": [BOT]}

    assert rasa.post(update, fake.token()).status_code == 200
    [sent] = fake.wait_for_messages(1)
    assert sent.activity["text"] == answer(content, Turn(intent="greet", text="hello")).text
    assert sent.reply_to_path is None and "replyToId" not in sent.activity
    assert sent.conversation_id == "a:personal-chat-3"


@model
def test_server_starts_without_metadata_and_answers_once_keys_load(loop_thread, agent, fake,
                                                                   posted, content):
    fake.metadata_up = False
    try:
        with Server(loop_thread, credentials(fake, openid_retry_seconds=0), agent=agent) as server:
            assert requests.get(f"{server.url}/", timeout=30).status_code == 503
            refused = server.post(message(fake, "what is the IPP?", conversation="a:late"), fake.token())
            assert refused.status_code == 503
            assert posted == []

            fake.metadata_up = True
            answered = server.post(message(fake, "what is the IPP?", conversation="a:late"),
                                   fake.token())
            assert answered.status_code == 200
            [sent] = fake.wait_for_messages(1)
            assert without_footer(sent.activity["text"]) == expected(content, "ipp")
            assert requests.get(f"{server.url}/", timeout=30).status_code == 200
    finally:
        fake.metadata_up = True


# --- the channel with a stub assistant (no model) ----------------------------------------

def test_other_members_joining_gets_no_message(stub, fake):
    update = {"type": "conversationUpdate", "id": "f:join-1", "channelId": "msteams",
              "serviceUrl": fake.service_url, "from": USER, "recipient": BOT,
              "conversation": {"id": "19:pathway-team@thread.tacv2", "conversationType": "channel"},
              "channelData": {"tenant": {"id": TENANT}}, "membersAdded": [{"id": "29:someone-else"}]}

    assert stub.post(update, fake.token()).status_code == 200
    assert stub.assistant.received == [] and fake.posted == []


def test_the_answers_sources_are_a_footer_with_each_url_once(stub, fake, content):
    # S1 and S2 are two pages at one address: the link is shown once.
    stub.assistant.reply = {"text": "About the pathway.", "sources": ["S1", "S2", "S3"]}
    stub.post(message(fake, "what is the pathway?"), fake.token())

    [sent] = fake.wait_for_messages(1)
    text = sent.activity["text"]
    assert text.startswith("About the pathway.\n\nSources: ")
    assert text.count(f"({PATHWAY_URL})") == 1
    assert f"({content.sources['S3'].url})" in text


def test_a_reply_without_sources_has_no_footer(stub, fake):
    stub.assistant.reply = {"text": "Hello! Ask me about intelligence careers.", "sources": []}
    stub.post(message(fake, "hello"), fake.token())

    [sent] = fake.wait_for_messages(1)
    assert sent.activity["text"] == "Hello! Ask me about intelligence careers."


def test_long_text_with_control_characters_is_cleaned_as_in_every_channel(stub, fake):
    stub.post(message(fake, "what is the IPP?\x00" + "x" * 20_000), fake.token())

    fake.wait_for_messages(1)
    [text] = stub.assistant.texts()
    assert "\x00" not in text and text.startswith("what is the IPP?x")
    assert len(text) == MAX_MESSAGE_CHARS + 1  # one over: the answer asks for a shorter question


def test_a_link_button_becomes_an_open_url_card_button(stub, fake):
    stub.assistant.reply = {"text": "Read more:", "buttons": [
        {"title": "College of Policing", "url": PATHWAY_URL, "type": "web_url"},
        {"title": "What about CPD?", "payload": "/cpd"}]}
    stub.post(message(fake, "links?"), fake.token())

    [sent] = fake.wait_for_messages(1)
    buttons = sent.activity["attachments"][0]["content"]["buttons"]
    assert {"type": "openUrl", "title": "College of Policing", "value": PATHWAY_URL} in buttons
    assert "suggestedActions" not in sent.activity  # Teams suggests imBack only


# Requests that are not from the Bot Framework for this bot are refused before anything runs.
BAD_TOKENS = {
    "forged (signed by another key)": lambda fake: fake.token(key=new_rsa_key(), kid=KEY_ID),
    "unsigned": lambda fake: fake.token(algorithm="none"),
    "expired": lambda fake: fake.token(expires_in=-3600),
    "no exp": lambda fake: fake.token(expires=False),
    "wrong audience": lambda fake: fake.token(audience="another-bot-app-id"),
    "wrong issuer": lambda fake: fake.token(issuer="https://evil.example.com"),
    "emulator issuer": lambda fake: fake.token(
        issuer="https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"),
    "key not endorsed for Teams": lambda fake: fake.token(key=fake.webchat_key, kid=WEBCHAT_KEY_ID),
    "unknown key id": lambda fake: fake.token(key=new_rsa_key(), kid="not-published"),
    "wrong serviceUrl": lambda fake: fake.token(service_url="https://attacker.example.com/"),
    "not a JWT": lambda fake: "not-a-token",
    "no token": lambda fake: None,
}


@pytest.mark.parametrize("bad", BAD_TOKENS, ids=list(BAD_TOKENS))
def test_requests_without_a_valid_token_are_refused_and_not_answered(stub, fake, bad):
    tokens_before = len(fake.token_requests)

    reply = stub.post(message(fake, "what is the IPP?", activity_id=f"bad-{bad}"), BAD_TOKENS[bad](fake))

    assert reply.status_code == 401
    assert stub.assistant.received == [] and fake.posted == []
    assert len(fake.token_requests) == tokens_before


def test_a_token_for_another_service_url_cannot_redirect_replies(stub, fake):
    activity = message(fake, "what is the IPP?")
    activity["serviceUrl"] = "https://attacker.example.com/"

    assert stub.post(activity, fake.token()).status_code == 401
    assert stub.assistant.received == [] and fake.posted == []


NOT_FOR_THIS_BOT = {
    "channelId webchat": {"channelId": "webchat"},
    "empty channelId": {"channelId": ""},
    "another tenant": {"channelData": {"tenant": {"id": OTHER_TENANT}}},
    "no tenant": {"channelData": {}},
}


@pytest.mark.parametrize("change", NOT_FOR_THIS_BOT, ids=list(NOT_FOR_THIS_BOT))
def test_activities_from_another_channel_or_tenant_are_forbidden(stub, fake, change):
    activity = {**message(fake, "what is the IPP?"), **NOT_FOR_THIS_BOT[change]}

    assert stub.post(activity, fake.token()).status_code == 403
    assert stub.assistant.received == [] and fake.posted == []


def test_a_multi_tenant_bot_answers_any_tenant(loop_thread, fake):
    multi = credentials(fake, app_type="MultiTenant", tenant_id="")
    with Server(loop_thread, multi, assistant=StubAssistant()) as server:
        activity = {**message(fake, "hello"), "channelData": {"tenant": {"id": OTHER_TENANT}}}
        fake.reset()
        assert server.post(activity, fake.token()).status_code == 200
        assert len(fake.wait_for_messages(1)) == 1
    assert server.assistant.texts() == ["hello"]


def test_an_oversized_body_is_refused_before_it_is_read_or_authenticated(stub, fake):
    # 30 MB announced, only the headers sent: the answer comes without the body.
    with socket.create_connection(("127.0.0.1", stub.port), timeout=WAIT_LIMIT) as sock:
        sock.sendall(b"POST /webhooks/teams/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Authorization: Bearer x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 30000000\r\n\r\n{\"type\": \"message\"")
        answer_head = b""
        while b"\r\n" not in answer_head:  # the status line, however the bytes arrive
            chunk = sock.recv(200)
            if not chunk:
                break
            answer_head += chunk
    assert answer_head.startswith(b"HTTP/1.1 413")
    assert stub.assistant.received == []


def test_an_oversized_chunked_body_is_refused_even_with_a_valid_token(stub, fake):
    def chunks():
        for _ in range(40):
            yield b" " * 10_000  # 400 KB, no Content-Length

    reply = requests.post(f"{stub.url}/webhook", data=chunks(), timeout=120,
                          headers={"Authorization": f"Bearer {fake.token()}"})
    assert reply.status_code == 413
    assert stub.assistant.received == []


def test_bad_json_with_a_valid_token_is_a_bad_request(stub, fake):
    assert stub.post_raw(b'{"type": "message", "text": ', fake.token()).status_code == 400
    assert stub.post_raw(b'["not", "an", "activity"]', fake.token()).status_code == 400
    assert stub.post_raw(b"", fake.token()).status_code == 400
    assert stub.post_raw("\u00e9".encode("latin-1"), fake.token()).status_code == 400
    assert stub.assistant.received == []


@pytest.mark.parametrize("field", ["conversation", "from"])
def test_an_activity_without_conversation_or_sender_is_a_bad_request(stub, fake, field):
    activity = message(fake, "what is the IPP?")
    del activity[field]

    assert stub.post(activity, fake.token()).status_code == 400
    assert stub.assistant.received == [] and fake.posted == []


@pytest.mark.parametrize("conversation", ["a:chat\ud800", "a:chat\x00", "a:chat\u202e",
                                          "", "a" * 201])
def test_an_activity_with_an_unusable_conversation_id_is_a_bad_request(stub, fake, conversation):
    activity = message(fake, "what is the IPP?", conversation=conversation)

    assert stub.post(activity, fake.token()).status_code == 400
    assert stub.assistant.received == [] and fake.posted == []


def test_a_conversation_over_its_limit_gets_429_and_nothing_is_answered(stub, fake, monkeypatch):
    monkeypatch.setenv("PATHWAY_LIMIT_TEAMS_PER_CONVERSATION", "2")
    monkeypatch.setattr("bot.rasa_server.http_guard.REFUSAL_DELAY_SECONDS", 0)
    conversation = f"a:flood-{uuid.uuid4().hex}"
    replies = [stub.post(message(fake, "hi", activity_id=f"m{n}", conversation=conversation),
                         fake.token()) for n in range(6)]
    refused = [r for r in replies if r.status_code == 429]
    assert refused and int(refused[0].headers["Retry-After"]) > 0
    other = stub.post(message(fake, "hi", conversation=f"a:other-{uuid.uuid4().hex}"), fake.token())
    assert other.status_code == 200
    accepted = len(replies) - len(refused) + 1
    assert len(fake.wait_for_messages(accepted)) == accepted  # (answered in the background)
    assert len(stub.assistant.received) == accepted <= 5  # two windows of 2 at most, and other


def test_a_rate_limited_reply_is_sent_again_after_retry_after(stub, fake):
    fake.connector_failures.append((429, {"Retry-After": "0"}))

    assert stub.post(message(fake, "hello"), fake.token()).status_code == 200
    [sent] = fake.wait_for_messages(1)
    assert sent.activity["text"].startswith("A stub answer.")
    assert fake.connector_attempts == 2


@pytest.mark.parametrize("status", [412, 502, 504])
def test_other_transient_connector_errors_are_retried(stub, fake, status):
    fake.connector_failures.append((status, {}))

    assert stub.post(message(fake, "hello"), fake.token()).status_code == 200
    assert len(fake.wait_for_messages(1)) == 1
    assert fake.connector_attempts == 2


def wait_for_log(caplog, text: str) -> List[str]:
    deadline = time.monotonic() + WAIT_LIMIT
    while time.monotonic() < deadline:
        found = [r.getMessage() for r in caplog.records if text in r.getMessage()]
        if found:
            return found
        time.sleep(0.05)
    return []


def test_a_connector_error_is_logged_and_teams_still_gets_200(stub, fake, caplog):
    caplog.set_level(logging.ERROR)
    fake.connector_failures.append((500, {}))

    assert stub.post(message(fake, "hello", conversation="a:broken"), fake.token()).status_code == 200
    [logged] = wait_for_log(caplog, "Could not send a reply")
    assert "a:broken" in logged and "500" in logged
    assert fake.connector_attempts == 1  # a 500 is not retried
    assert fake.messages() == []


def test_a_token_endpoint_that_hangs_delays_no_request_and_fails_within_the_bound(
        loop_thread, fake, caplog):
    caplog.set_level(logging.ERROR)
    fake.reset()
    fake.token_hangs = True
    try:  # a new server: no token cached yet
        with Server(loop_thread, credentials(fake, token_timeout_seconds=1),
                    assistant=StubAssistant()) as server:
            started = time.monotonic()
            assert server.post(message(fake, "hello", conversation="a:hang"),
                               fake.token()).status_code == 200
            assert time.monotonic() - started < WAIT_LIMIT / 2  # generous bound
            [logged] = wait_for_log(caplog, "Could not send a reply")
            assert "No token" in logged and fake.messages() == []

            fake.token_hangs = False  # Entra ID is back: the next reply goes out
            server.post(message(fake, "hello again", conversation="a:hang"), fake.token())
            assert len(fake.wait_for_messages(1)) == 1
    finally:
        fake.token_hangs = False


class FailingAssistant(StubAssistant):
    async def __call__(self, message: Any) -> None:
        self.received.append(message)
        raise RuntimeError("the tracker store is down")


def test_when_the_assistant_fails_the_user_gets_the_apology_and_the_operator_the_log(
        loop_thread, fake, caplog, content):
    caplog.set_level(logging.ERROR)
    fake.reset()
    with Server(loop_thread, credentials(fake), assistant=FailingAssistant()) as server:
        assert server.post(message(fake, "hello", conversation="a:down"),
                           fake.token()).status_code == 200
        [sent] = fake.wait_for_messages(1)
    assert sent.activity["text"] == content.reply("action_failed").answer
    assert wait_for_log(caplog, "Could not answer a Teams message activity in a:down")


def test_an_adaptive_card_action_is_answered_with_the_invoke_response_teams_expects(stub, fake):
    action = {**message(fake, ""), "type": "invoke", "name": "adaptiveCard/action",
              "value": {"action": {"type": "Action.Execute", "verb": "role",
                                   "data": {"payload": "/role_details{\"role\": \"intelligence_analyst\"}"}}}}

    reply = stub.post(action, fake.token())

    assert reply.status_code == 200
    assert reply.json()["statusCode"] == 200
    assert reply.json()["type"] == "application/vnd.microsoft.activity.message"
    fake.wait_for_messages(1)
    assert stub.assistant.texts() == ['/role_details{"role": "intelligence_analyst"}']


def test_invokes_the_bot_does_not_handle_get_501(stub, fake):
    invoke = {**message(fake, ""), "type": "invoke", "name": "composeExtension/query", "value": {}}

    assert stub.post(invoke, fake.token()).status_code == 501
    assert stub.assistant.received == []


# --- rules that need no server --------------------------------------------------------

def test_mentions_of_the_bot_are_removed_and_other_people_keep_their_name():
    activity = {"text": "<at>Pathway</at> can <at>Jo Bloggs</at> join the IPP?&nbsp;",
                "recipient": BOT,
                "entities": [{"type": "mention", "text": "<at>Pathway</at>", "mentioned": BOT},
                             {"type": "mention", "text": "<at>Jo Bloggs</at>",
                              "mentioned": {"id": "29:jo"}}]}
    assert render.incoming_text(activity) == "can Jo Bloggs join the IPP?"
    assert render.strip_mentions("<at>Pathway</at> hello") == "hello"


def test_more_buttons_than_teams_suggests_become_a_card_even_in_personal_chat():
    buttons = [{"title": f"Role {n}", "payload": f"/role_details{{\"role\": \"r{n}\"}}"} for n in range(4)]
    activity = render.message("Which role?", buttons, "personal")
    assert "suggestedActions" not in activity
    assert [b["value"]["payload"] for b in activity["attachments"][0]["content"]["buttons"]] == \
        [b["payload"] for b in buttons]


def test_the_connector_s_retry_after_is_honoured_else_backoff_grows():
    assert retry_delay(0, "7") == 7.0
    assert retry_delay(3, "Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past
    no_jitter = [retry_delay(n, None, jitter=lambda: 1.0) for n in range(6)]
    assert no_jitter == sorted(no_jitter) and no_jitter[0] < no_jitter[-1] <= 8.0


def test_settings_come_from_the_environment_and_single_tenant_uses_its_own_authority():
    config = TeamsConfig.load(None, {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "x",
                                     "MICROSOFT_APP_TENANT_ID": TENANT})
    assert config.authority == f"https://login.microsoftonline.com/{TENANT}"
    assert not config.multi_tenant
    assert config.cloud.openid_metadata_url == \
        "https://login.botframework.com/v1/.well-known/openidconfiguration"
    gov = TeamsConfig.load({"cloud": "government"}, {"MICROSOFT_APP_ID": APP_ID,
                                                     "MICROSOFT_APP_PASSWORD": "x",
                                                     "MICROSOFT_APP_TENANT_ID": TENANT})
    assert gov.cloud.government and gov.cloud.oauth_scope == "https://api.botframework.us"
    with pytest.raises(TeamsConfigError, match="MICROSOFT_APP_PASSWORD"):
        TeamsConfig.load(None, {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_TENANT_ID": TENANT})


def test_a_bot_without_its_tenant_does_not_start_unless_it_says_it_is_multi_tenant():
    env = {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "x"}
    with pytest.raises(TeamsConfigError, match="MICROSOFT_APP_TENANT_ID"):
        TeamsConfig.load(None, env)
    multi = TeamsConfig.load(None, {**env, "MICROSOFT_APP_TYPE": "MultiTenant"})
    assert multi.multi_tenant and multi.authority.endswith("/botframework.com")
    with pytest.raises(TeamsConfigError, match="MICROSOFT_APP_TYPE"):
        TeamsConfig.load(None, {**env, "MICROSOFT_APP_TYPE": "UserAssignedMSI"})


# --- the Teams app package (make teams-package) ---------------------------------------

def _packager():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "teams_package.py"
    spec = importlib.util.spec_from_file_location("teams_package", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_package_holds_a_valid_manifest_for_the_bot_and_both_icons(tmp_path):
    import io
    import json
    import zipfile

    from PIL import Image

    packager = _packager()
    out = tmp_path / "pathway-teams.zip"
    packager.build(out, {"MICROSOFT_APP_ID": APP_ID, "TEAMS_WEBSITE_URL": "https://pathway.example.org"})

    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        color = Image.open(io.BytesIO(package.read("color.png")))
        outline = Image.open(io.BytesIO(package.read("outline.png")))
    assert packager.schema_errors(manifest) == []
    assert manifest["manifestVersion"] == "1.17"
    assert manifest["id"] == manifest["bots"][0]["botId"] == APP_ID
    assert set(manifest["bots"][0]["scopes"]) == {"personal", "team", "groupChat"}
    assert manifest["developer"]["privacyUrl"] == "https://pathway.example.org/privacy"
    assert (color.size, outline.size) == ((192, 192), (32, 32))
    # Teams wants the outline icon white on transparent, nothing else.
    assert {pixel for pixel in outline.convert("RGBA").getdata()
            if pixel[3]} == {(255, 255, 255, 255)}


def test_package_refuses_a_manifest_the_schema_rejects(tmp_path):
    packager = _packager()
    with pytest.raises(packager.PackageError, match="botId"):
        packager.build(tmp_path / "x.zip", {"MICROSOFT_APP_ID": "not-a-guid",
                                            "TEAMS_WEBSITE_URL": "https://pathway.example.org"})
    with pytest.raises(packager.PackageError, match="MICROSOFT_APP_ID"):
        packager.build(tmp_path / "x.zip", {"TEAMS_WEBSITE_URL": "https://pathway.example.org"})
    assert not (tmp_path / "x.zip").exists()
    assert packager.schema_errors({**packager.manifest(
        {"MICROSOFT_APP_ID": APP_ID, "TEAMS_WEBSITE_URL": "https://pathway.example.org"}),
        "manifestVersion": "1.16"})  # `const` is enforced
