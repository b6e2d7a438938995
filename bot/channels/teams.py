"""Microsoft Teams channel for Rasa: register as `bot.channels.teams.TeamsInput:` in credentials.yml.

Replaces Rasa's `botframework` connector, which cannot serve a bot registered today: this
one gets its token from the bot's own tenant (single-tenant bots), validates every request
with Microsoft's library including issuer and serviceUrl, never blocks the event loop,
starts even when Microsoft's key metadata is unreachable (answering 503 until the keys
load), renders buttons that Teams can click, threads replies, welcomes on install and strips
`<at>` mentions. Settings: `bot.channels.teams_config`; auth: `bot.channels.teams_auth`;
Teams rendering: `bot.channels.teams_render`.

Webhook: POST /webhooks/teams/webhook (the Azure Bot's messaging endpoint).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Text
from urllib.parse import quote

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import teams_render as render
from bot.channels.teams_auth import (
    BotToken,
    KeysUnavailable,
    OpenIdKeys,
    RequestAuthenticator,
    Unauthorized,
)
from bot.channels.teams_config import TeamsConfig

logger = logging.getLogger(__name__)

WELCOME_PAYLOAD = "/greet"  # the welcome is the assistant's own greeting
POST_TIMEOUT = aiohttp.ClientTimeout(total=30)


class TeamsOutput(OutputChannel):
    """Posts replies to the conversation an activity came from, through its serviceUrl."""

    @classmethod
    def name(cls) -> Text:
        return "teams"

    def __init__(self, activity: Mapping[str, Any], token: BotToken,
                 memory: render.ButtonMemory, reply: bool = True) -> None:
        self.service_url = str(activity["serviceUrl"]).rstrip("/")
        self.conversation = activity.get("conversation") or {}
        self.bot = activity.get("recipient") or {}
        self.user = activity.get("from") or {}
        self.reply_to_id = activity.get("id") if reply else None
        self.token = token
        self.memory = memory

    @property
    def conversation_type(self) -> Optional[str]:
        return self.conversation.get("conversationType")

    def _url(self) -> str:
        url = f"{self.service_url}/v3/conversations/{quote(self.conversation['id'], safe='')}/activities"
        return f"{url}/{quote(self.reply_to_id, safe='')}" if self.reply_to_id else url

    async def post(self, activity: Dict[str, Any]) -> None:
        """Send one activity; a reply goes to the user's message, so channels thread it."""
        activity = {**activity, "from": self.bot, "recipient": self.user,
                    "conversation": {"id": self.conversation["id"]}}
        if self.reply_to_id:
            activity["replyToId"] = self.reply_to_id
        headers = {"Authorization": f"Bearer {await self.token.get()}"}
        async with aiohttp.ClientSession(timeout=POST_TIMEOUT) as session:
            async with session.post(self._url(), json=activity, headers=headers) as answer:
                if answer.status >= 300:
                    body = await answer.text()
                    raise RuntimeError(f"Bot Connector refused the reply: {answer.status} {body[:500]}")

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.post(render.message(text))

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        self.memory.remember(self.conversation["id"], buttons)
        await self.post(render.message(text, buttons, self.conversation_type))

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.post(render.image(image))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any],
                               **kwargs: Any) -> None:
        """A response's `custom` is sent as the activity itself (e.g. an Adaptive Card)."""
        await self.post({"type": "message", **json_message})


def sender_id(activity: Mapping[str, Any]) -> str:
    """One Rasa conversation per user per Teams conversation (a channel thread is one)."""
    return f"{(activity.get('conversation') or {}).get('id')}|{(activity.get('from') or {}).get('id')}"


def bot_was_added(activity: Mapping[str, Any]) -> bool:
    bot_id = (activity.get("recipient") or {}).get("id")
    return any(member.get("id") == bot_id for member in activity.get("membersAdded") or [])


class TeamsInput(InputChannel):
    """The Teams webhook: authenticate, then hand messages and installs to Rasa."""

    @classmethod
    def name(cls) -> Text:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls(TeamsConfig.load(credentials))

    def __init__(self, config: TeamsConfig) -> None:
        self.config = config
        self.keys = OpenIdKeys(config.cloud.openid_metadata_url, config.openid_retry_seconds)
        self.authenticator = RequestAuthenticator(config, self.keys)
        self.token = BotToken(config)
        self.memory = render.ButtonMemory()
        self._keys_task: Optional[asyncio.Task] = None

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        activity = request.json or {}
        conversation = activity.get("conversation") or {}
        return {"teams": {"conversation_type": conversation.get("conversationType"),
                          "tenant_id": conversation.get("tenantId"),
                          "channel_id": activity.get("channelId")}}

    def user_message(self, activity: Mapping[str, Any],
                     request: Request) -> Optional[UserMessage]:
        """The Rasa message for an activity, or None when it needs no answer."""
        if activity.get("type") == "message":
            text, reply = render.incoming_text(activity, self.memory), True
        elif activity.get("type") == "conversationUpdate" and bot_was_added(activity):
            text, reply = WELCOME_PAYLOAD, False
        else:
            return None
        return UserMessage(text=text, sender_id=sender_id(activity), input_channel=self.name(),
                           output_channel=TeamsOutput(activity, self.token, self.memory, reply),
                           metadata=self.get_metadata(request))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        teams = Blueprint("teams_webhook", __name__)

        @teams.listener("after_server_start")
        async def load_keys(app: Any, loop: Any) -> None:
            self._keys_task = asyncio.ensure_future(self.keys.keep_loaded())

        @teams.listener("before_server_stop")
        async def stop_loading_keys(app: Any, loop: Any) -> None:
            if self._keys_task:
                self._keys_task.cancel()

        @teams.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            status = 200 if self.keys.loaded else 503
            return response.json({"status": "ok" if status == 200 else "waiting for keys"},
                                 status=status)

        @teams.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            auth_header = request.headers.get("Authorization")
            if not auth_header:
                return response.text("Unauthorized", status=401)
            try:
                activity = request.json
            except Exception:  # sanic raises on a malformed body
                activity = None
            if not isinstance(activity, dict):
                return response.text("Bad request", status=400)
            try:
                await self.authenticator.authenticate(auth_header, activity)
            except KeysUnavailable:
                return response.text("Service unavailable", status=503,
                                     headers={"Retry-After": "30"})
            except Unauthorized as error:
                logger.warning("Rejected a Teams request: %s", error)
                return response.text("Unauthorized", status=401)

            message = self.user_message(activity, request)
            if message is None:
                return response.empty(status=200)
            try:
                await on_new_message(message)
            except Exception:
                logger.exception("Could not answer a Teams %s activity.", activity.get("type"))
                return response.text("Error", status=500)
            return response.empty(status=200)

        return teams
