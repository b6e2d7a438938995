"""The Teams channel at the HTTP boundary, offline.

A local fake Bot Framework (tests/fake_botframework.py) signs requests, serves keys and
tokens, and records what the bot posts back. The real Rasa server app runs with the Teams
channel and the trained model on a free local port. Tests that need the model are marked
`model`; the rest check the channel's pure rules and run without it.
"""

from __future__ import annotations

import socket
from typing import Any, Dict, Optional

import pytest
import requests

from bot.answers import Turn, answer
from bot.channels import teams_render as render
from bot.channels.teams_config import TeamsConfig, TeamsConfigError
from fake_botframework import KEY_ID, FakeBotFramework, LoopThread, new_rsa_key

APP_ID = "3f0c9d3e-7a51-4f0e-9d8e-2b6a1c4e5f70"
TENANT = "8c2f4b1a-5d3e-4c6f-a7b8-9e0d1c2b3a40"
BOT = {"id": f"28:{APP_ID}", "name": "Pathway"}
USER = {"id": "29:user-1", "name": "A. Officer", "aadObjectId": "b1c2d3e4-0000-4000-8000-000000000001"}
CHANNEL_THREAD = "19:pathway-team@thread.tacv2;messageid=1700000000001"
model = pytest.mark.model


# --- infrastructure -------------------------------------------------------------------

@pytest.fixture(scope="module")
def loop_thread():
    from sanic import Sanic

    loop_thread = LoopThread()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Sanic, "test_mode", True)  # several Rasa apps in one test process
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
    from bot.runtime import load

    return load()


class RasaServer:
    """The real Rasa server app with only the Teams channel, served on a free port."""

    def __init__(self, loop_thread: LoopThread, agent: Any, credentials: Dict[str, Any]) -> None:
        self.loop_thread, self.agent, self.credentials = loop_thread, agent, credentials

    async def _start(self) -> None:
        from rasa.core.run import configure_app

        from bot.channels.teams import TeamsInput

        self.channel = TeamsInput.from_credentials(self.credentials)
        app = configure_app([self.channel], enable_api=False)
        app.ctx.agent = self.agent
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}/webhooks/teams"
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

    def __enter__(self) -> "RasaServer":
        self.loop_thread.run(self._start())
        return self

    def __exit__(self, *exc: Any) -> None:
        self.loop_thread.run(self._stop())

    def post(self, activity: Dict[str, Any], token: Optional[str]) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.post(f"{self.url}/webhook", json=activity, headers=headers, timeout=120)


def credentials(fake: FakeBotFramework, **extra: Any) -> Dict[str, Any]:
    return {"app_id": APP_ID, "app_password": "not-a-real-secret", "tenant_id": TENANT,
            "openid_metadata_url": fake.metadata_url, "login_url": fake.login_url, **extra}


@pytest.fixture(scope="module")
def rasa(loop_thread, agent, fake):
    with RasaServer(loop_thread, agent, credentials(fake)) as server:
        yield server


@pytest.fixture
def posted(fake):
    """What the bot posts during one test."""
    fake.posted.clear()
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


# --- the conversation in Teams --------------------------------------------------------

@model
def test_personal_chat_question_is_answered_with_the_bots_tenant_token(rasa, fake, posted, content):
    reply = rasa.post(message(fake, "what is the IPP?"), fake.token())

    assert reply.status_code == 200
    [sent] = posted
    assert sent.activity["text"] == expected(content, "ipp")
    assert sent.conversation_id == "a:personal-chat-1"
    assert (sent.reply_to_path, sent.activity["replyToId"]) == ("msg-1", "msg-1")
    assert sent.activity["from"] == BOT and sent.activity["recipient"] == USER
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
def test_the_token_is_reused_until_it_expires(rasa, fake, posted):
    rasa.post(message(fake, "hello", activity_id="msg-a"), fake.token())
    requested = len(fake.token_requests)
    rasa.post(message(fake, "what skills do I need?", activity_id="msg-b"), fake.token())

    assert len(posted) == 2
    assert len(fake.token_requests) == requested
    assert posted[0].authorization == posted[1].authorization


@model
def test_clicking_a_suggested_action_reaches_its_topic(rasa, fake, posted, content):
    conversation = {"conversation": "a:personal-chat-2"}
    rasa.post(message(fake, "what is the IPP?", **conversation), fake.token())
    # imBack sends the button's title as the user's text.
    rasa.post(message(fake, "What about CPD?", activity_id="msg-2", **conversation), fake.token())

    assert [p.activity["text"] for p in posted] == [expected(content, "ipp"), expected(content, "cpd")]


@model
def test_clicking_a_card_button_in_a_channel_sends_its_payload(rasa, fake, posted, content):
    payload = render.message("Which role?", [{"title": "Intelligence analyst", "payload":
                                              '/role_details{"role": "intelligence_analyst"}'}],
                             "channel")["attachments"][0]["content"]["buttons"][0]
    click = message(fake, payload["text"], conversation=CHANNEL_THREAD, conversation_type="channel",
                    activity_id="msg-click", value=payload["value"])

    assert rasa.post(click, fake.token()).status_code == 200
    [sent] = posted
    assert sent.activity["text"] == expected(content, "role_details", role="intelligence_analyst")


@model
def test_channel_mention_is_stripped_understood_and_answered_in_thread(rasa, fake, posted, content):
    mention = {"type": "mention", "text": "<at>Pathway</at>", "mentioned": BOT}
    activity = message(fake, "<at>Pathway</at> what is the IPP?\n", conversation=CHANNEL_THREAD,
                       conversation_type="channel", activity_id="1700000000099",
                       entities=[mention])

    assert rasa.post(activity, fake.token()).status_code == 200
    [sent] = posted
    assert sent.activity["text"] == expected(content, "ipp")
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
              "membersAdded": [BOT]}

    assert rasa.post(update, fake.token()).status_code == 200
    [sent] = posted
    assert sent.activity["text"] == answer(content, Turn(intent="greet", text="hello")).text
    assert sent.reply_to_path is None and "replyToId" not in sent.activity
    assert sent.conversation_id == "a:personal-chat-3"


@model
def test_other_members_joining_gets_no_message(rasa, fake, posted):
    update = {"type": "conversationUpdate", "id": "f:join-1", "channelId": "msteams",
              "serviceUrl": fake.service_url, "from": USER, "recipient": BOT,
              "conversation": {"id": "19:pathway-team@thread.tacv2", "conversationType": "channel"},
              "membersAdded": [{"id": "29:someone-else"}]}

    assert rasa.post(update, fake.token()).status_code == 200
    assert posted == []


# --- requests that are not from the Bot Framework for this bot ------------------------

BAD_TOKENS = {
    "wrong issuer": lambda fake: fake.token(issuer="https://evil.example.com"),
    "wrong audience": lambda fake: fake.token(audience="another-bot-app-id"),
    "expired": lambda fake: fake.token(expires_in=-3600),
    "unsigned": lambda fake: fake.token(algorithm="none"),
    "signed by another key": lambda fake: fake.token(key=new_rsa_key(), kid=KEY_ID),
    "unknown key id": lambda fake: fake.token(key=new_rsa_key(), kid="not-published"),
    "wrong serviceUrl": lambda fake: fake.token(service_url="https://attacker.example.com/"),
    "not a JWT": lambda fake: "not-a-token",
    "no token": lambda fake: None,
}


@model
@pytest.mark.parametrize("bad", BAD_TOKENS, ids=list(BAD_TOKENS))
def test_requests_without_a_valid_token_are_refused_and_not_answered(rasa, fake, posted, bad):
    tokens_before = len(fake.token_requests)

    reply = rasa.post(message(fake, "what is the IPP?", activity_id=f"bad-{bad}"), BAD_TOKENS[bad](fake))

    assert reply.status_code == 401
    assert posted == []
    assert len(fake.token_requests) == tokens_before


@model
def test_a_token_for_another_service_url_cannot_redirect_replies(rasa, fake, posted):
    activity = message(fake, "what is the IPP?")
    activity["serviceUrl"] = "https://attacker.example.com/"

    assert rasa.post(activity, fake.token()).status_code == 401
    assert posted == []


# --- start-up while Microsoft's metadata is unreachable -------------------------------

@model
def test_server_starts_without_metadata_and_answers_once_keys_load(loop_thread, agent, fake,
                                                                   posted, content):
    fake.metadata_up = False
    try:
        with RasaServer(loop_thread, agent, credentials(fake, openid_retry_seconds=0)) as server:
            assert requests.get(f"{server.url}/", timeout=30).status_code == 503
            refused = server.post(message(fake, "what is the IPP?", conversation="a:late"), fake.token())
            assert refused.status_code == 503
            assert posted == []

            fake.metadata_up = True
            answered = server.post(message(fake, "what is the IPP?", conversation="a:late"),
                                   fake.token())
            assert answered.status_code == 200
            assert [p.activity["text"] for p in posted] == [expected(content, "ipp")]
            assert requests.get(f"{server.url}/", timeout=30).status_code == 200
    finally:
        fake.metadata_up = True


# --- rules that need no server --------------------------------------------------------

def test_mentions_of_the_bot_are_removed_and_other_people_keep_their_name():
    activity = {"text": "<at>Pathway</at> can <at>Jo Bloggs</at> join the IPP?&nbsp;",
                "recipient": BOT,
                "entities": [{"type": "mention", "text": "<at>Pathway</at>", "mentioned": BOT},
                             {"type": "mention", "text": "<at>Jo Bloggs</at>",
                              "mentioned": {"id": "29:jo"}}]}
    assert render.incoming_text(activity, render.ButtonMemory()) == "can Jo Bloggs join the IPP?"
    assert render.strip_mentions("<at>Pathway</at> hello") == "hello"


def test_more_buttons_than_teams_suggests_become_a_card_even_in_personal_chat():
    buttons = [{"title": f"Role {n}", "payload": f"/role_details{{\"role\": \"r{n}\"}}"} for n in range(4)]
    activity = render.message("Which role?", buttons, "personal")
    assert "suggestedActions" not in activity
    assert [b["value"]["payload"] for b in activity["attachments"][0]["content"]["buttons"]] == \
        [b["payload"] for b in buttons]


def test_settings_come_from_the_environment_and_single_tenant_uses_its_own_authority():
    config = TeamsConfig.load(None, {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "x",
                                     "MICROSOFT_APP_TENANT_ID": TENANT})
    assert config.authority == f"https://login.microsoftonline.com/{TENANT}"
    assert config.cloud.openid_metadata_url == \
        "https://login.botframework.com/v1/.well-known/openidconfiguration"
    gov = TeamsConfig.load({"cloud": "government"}, {"MICROSOFT_APP_ID": APP_ID,
                                                     "MICROSOFT_APP_PASSWORD": "x"})
    assert gov.cloud.government and gov.cloud.oauth_scope == "https://api.botframework.us"
    with pytest.raises(TeamsConfigError, match="MICROSOFT_APP_PASSWORD"):
        TeamsConfig.load(None, {"MICROSOFT_APP_ID": APP_ID})


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
