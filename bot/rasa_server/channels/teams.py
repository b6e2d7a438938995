"""Microsoft Teams channel for Rasa: register as
`bot.rasa_server.channels.teams.TeamsInput:` in credentials.yml.

Replaces Rasa's `botframework` connector, which cannot serve a bot registered today: this
one gets its token from the bot's own tenant, validates every request with Microsoft's
library, never blocks the event loop, starts even when Microsoft's key metadata is
unreachable (answering 503 until the keys load), renders buttons that Teams can click on any
replica, shows each answer's sources, threads replies, welcomes on install and strips `<at>`
mentions. Settings: `teams_config`; auth: `teams_auth`; replies: `teams_output` over
`teams_connector`; Teams rendering: `teams_render`; clicks: `teams_clicks`.

Webhook: POST /webhooks/teams/webhook (the Azure Bot's messaging endpoint). In order: a body
over MAX_BODY_BYTES is refused (413) unread, the token is checked (401/503) before the body is
read, then the body is parsed (400), tied to the token (serviceUrl 401; channelId, tenant
403), checked for shape (400) and counted against the conversation's limit (429,
bot/rasa_server/limits.py). A message is answered 200 at once and replied to in the
background, with a typing indicator meanwhile; a failed reply is logged, never a 500.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Dict, Mapping, Optional, Set, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.rasa_server.action_fallback import apology
from bot.rasa_server.channels import teams_render as render
from bot.rasa_server.channels.teams_auth import (
    BotToken,
    Forbidden,
    KeysUnavailable,
    OpenIdKeys,
    RequestAuthenticator,
    Unauthorized,
)
from bot.rasa_server.channels.teams_clicks import clicked_payload
from bot.rasa_server.channels.teams_config import TeamsConfig
from bot.rasa_server.channels.teams_connector import Connector
from bot.rasa_server.channels.teams_output import TeamsOutput
from bot.rasa_server.http_guard import too_many
from bot.rasa_server.limits import LIMITER
from bot.shared.inputs import BadInput, checked_id

logger = logging.getLogger(__name__)

WELCOME_PAYLOAD = "/greet"  # the welcome is the assistant's own greeting
MAX_BODY_BYTES = 256 * 1024  # Teams activities are a few KB; the text is cut to 800 characters
INVOKE_MESSAGE = "application/vnd.microsoft.activity.message"
INVOKE_ERROR = "application/vnd.microsoft.error"


def sender_id(activity: Mapping[str, Any]) -> str:
    """One Rasa conversation per user per Teams conversation (a channel thread is one)."""
    return f"{activity['conversation']['id']}|{activity['from']['id']}"


def bot_was_added(activity: Mapping[str, Any]) -> bool:
    bot_id = (activity.get("recipient") or {}).get("id")
    members = activity.get("membersAdded")
    return isinstance(members, list) and any(
        isinstance(member, Mapping) and member.get("id") == bot_id for member in members)


def shape_problem(activity: Mapping[str, Any]) -> Optional[str]:
    """Why an authenticated activity cannot be handled (answer 400), or None."""
    conversation, sender = activity.get("conversation"), activity.get("from")
    try:
        checked_id((conversation or {}).get("id") if isinstance(conversation, Mapping) else None,
                   "conversation.id")
        checked_id((sender or {}).get("id") if isinstance(sender, Mapping) else None, "from.id")
    except BadInput as error:
        return str(error)
    if not isinstance(activity.get("type"), str):
        return "no type"
    return None


def invoke_answer(status: int, kind: str, value: Any) -> HTTPResponse:
    """The body Teams expects for an Adaptive Card action (AdaptiveCardInvokeResponse)."""
    return response.json({"statusCode": status, "type": kind, "value": value})


async def read_body(request: Request, limit: int) -> Optional[bytes]:
    """The request body, or None as soon as it grows past `limit` (chunked uploads)."""
    chunks, size = [], 0
    async for chunk in request.stream:
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


class TeamsInput(InputChannel):
    """The Teams webhook: limit, authenticate, parse, then hand messages and installs to Rasa."""

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
        self.connector = Connector(BotToken(config), config.send_window_seconds)
        self._keys_task: Optional[asyncio.Task] = None
        self._replies: Set[asyncio.Task] = set()

    @staticmethod
    def metadata(activity: Mapping[str, Any]) -> Dict[Text, Any]:
        conversation = activity["conversation"]
        return {"teams": {"conversation_type": conversation.get("conversationType"),
                          "tenant_id": conversation.get("tenantId"),
                          "channel_id": activity.get("channelId")}}

    async def _answer(self, activity: Mapping[str, Any], text: str, reply: bool, agent: Any,
                      on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """Background: resolve a click, let Rasa answer; if that fails, log and apologise
        (as the REST channel does), so a user who wrote always gets a reply."""
        output = TeamsOutput(activity, self.connector, reply)
        try:
            if reply:
                output.start_typing()
            if reply and output.conversation_type in (None, "personal") \
                    and not isinstance(activity.get("value"), Mapping):
                text = await clicked_payload(agent, sender_id(activity), text) or text
            await on_new_message(UserMessage(
                text=text, sender_id=sender_id(activity), input_channel=self.name(),
                output_channel=output, metadata=self.metadata(activity)))
        except Exception:  # noqa: BLE001 - Teams already has its 200; the operator gets the log
            logger.exception("Could not answer a Teams %s activity in %s; sent the apology.",
                             activity.get("type"), activity["conversation"]["id"])
            await output.send_text_message(sender_id(activity), apology())

    def _in_background(self, coroutine: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._replies.add(task)
        task.add_done_callback(self._replies.discard)

    async def wait_for_replies(self, timeout: float) -> None:
        """Let replies in progress finish (server stop); what remains after `timeout` is cancelled."""
        if self._replies:
            _, pending = await asyncio.wait(set(self._replies), timeout=timeout)
            for task in pending:
                task.cancel()

    def handle(self, activity: Mapping[str, Any], agent: Any,
               on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        """Answer an authenticated, well-formed activity."""
        kind = activity["type"]
        if kind == "invoke":
            return self._invoke(activity, agent, on_new_message)
        if kind == "message":
            self._in_background(self._answer(activity, render.incoming_text(activity), True,
                                             agent, on_new_message))
        elif kind == "conversationUpdate" and bot_was_added(activity):
            self._in_background(self._answer(activity, WELCOME_PAYLOAD, False, agent, on_new_message))
        return response.empty(status=200)

    def _invoke(self, activity: Mapping[str, Any], agent: Any,
                on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        """Adaptive Card Action.Execute carrying a payload is answered like a click; other
        invokes get 501, as Microsoft's SDK answers invokes a bot does not handle."""
        if activity.get("name") != "adaptiveCard/action":
            return response.json({"error": f"invoke {activity.get('name')!r} is not handled"},
                                 status=501)
        value = activity.get("value")
        action = value.get("action") if isinstance(value, Mapping) else None
        data = action.get("data") if isinstance(action, Mapping) else None
        payload = data.get("payload") if isinstance(data, Mapping) else None
        if not isinstance(payload, str) or not payload.strip():
            return invoke_answer(400, INVOKE_ERROR, {"code": "BadRequest",
                                                     "message": "The action has no payload."})
        clean = render.incoming_text({"value": {"payload": payload}})
        self._in_background(self._answer(activity, clean, False, agent, on_new_message))
        return invoke_answer(200, INVOKE_MESSAGE, "Thanks: the answer follows in the chat.")

    async def receive(self, request: Request,
                      on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        """The webhook, in the order of the module docstring: cheap refusals first."""
        request.stream.request_max_size = MAX_BODY_BYTES  # Sanic never drains a huge body
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return response.text("Payload too large", status=413)
        try:
            identity = await self.authenticator.authenticate(request.headers.get("Authorization"))
        except KeysUnavailable:
            return response.text("Service unavailable", status=503, headers={"Retry-After": "30"})
        except Unauthorized as error:
            logger.warning("Rejected a Teams request: %s", error)
            return response.text("Unauthorized", status=401)

        body = await read_body(request, MAX_BODY_BYTES)
        if body is None:
            return response.text("Payload too large", status=413)
        try:
            activity = json.loads(body)
        except ValueError:  # broken JSON or bytes that are not UTF-8
            return response.text("Bad request: the body is not JSON", status=400)
        if not isinstance(activity, dict):
            return response.text("Bad request: the body is not an activity", status=400)
        try:
            self.authenticator.check_activity(identity, activity)
        except Unauthorized as error:
            logger.warning("Rejected a Teams request: %s", error)
            return response.text("Unauthorized", status=401)
        except Forbidden as error:
            logger.warning("Refused a Teams activity: %s", error)
            return response.text("Forbidden", status=403)
        problem = shape_problem(activity)
        if problem:
            logger.warning("Refused a malformed Teams activity: %s", problem)
            return response.text(f"Bad request: {problem}", status=400)
        verdict = await LIMITER.hit("teams_per_conversation", activity["conversation"]["id"])
        if not verdict.allowed:
            return await too_many(verdict.retry_after)
        return self.handle(activity, getattr(request.app.ctx, "agent", None), on_new_message)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        teams = Blueprint("teams_webhook", __name__)

        @teams.listener("after_server_start")
        async def load_keys(app: Any, loop: Any) -> None:
            self._keys_task = asyncio.ensure_future(self.keys.keep_loaded())

        @teams.listener("before_server_stop")
        async def stop(app: Any, loop: Any) -> None:
            if self._keys_task:
                self._keys_task.cancel()
            await self.wait_for_replies(self.config.send_window_seconds + 5)
            await self.connector.close()

        @teams.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            status = 200 if self.keys.loaded else 503
            return response.json({"status": "ok" if status == 200 else "waiting for keys"},
                                 status=status)

        @teams.route("/webhook", methods=["POST"], stream=True)
        async def webhook(request: Request) -> HTTPResponse:
            return await self.receive(request, on_new_message)

        return teams
