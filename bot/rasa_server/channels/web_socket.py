"""The web widget's chat connection: Rasa's `socketio` channel, made safe to expose.

Registered in credentials.yml as `bot.rasa_server.channels.web.SocketIO` (re-exported there). Over Rasa's
built-in channel it:

- gives each browser a signed session token (bot/rasa_server/channels/web_sessions.py) and
  resumes a conversation only for a token it signed; a socket hears and speaks in its own
  conversation only, whatever session id a message names (Rasa's channel let any client
  join or write into any conversation by naming it);
- joins the socket to its conversation's room (Rasa 3.6 calls python-socketio 5's coroutine
  `enter_room` without awaiting it, so the browser never got an answer: RasaHQ/rasa#13027);
- cleans every message with `bot.shared.inputs.clean_text`, as every channel does, keeps
  metadata only when small and shallow, and ignores events that carry no text message;
- limits per client (bot/rasa_server/limits.py): new connections and conversations per
  address, messages per conversation and per address; over a limit the socket is told to
  slow down, and nothing is stored;
- sends the apology when a turn cannot be handled (Redis or the database down), as REST and
  Teams do, so the widget never waits for nothing;
- refuses a Socket.IO message over `MAX_SOCKET_BYTES` (the connection is closed);
- accepts connections, polling and websocket alike, only from the page's own origin and the
  origins given to `rasa run --cors` (`CORS_ORIGINS` in `make run`): Rasa's channel accepted
  every origin;
- sends an answer's source links (`links` in the action's message) with its last paragraph, so
  the widget shows them under the answer.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint
from sanic_cors.core import try_match_any

from bot.rasa_server.action_fallback import apology
from bot.rasa_server.channels.web_sessions import conversation_of, new_token
from bot.rasa_server.http_guard import MAX_SOCKET_BYTES, client_address
from bot.rasa_server.limits import LIMITER, SLOW_DOWN
from bot.shared.inputs import MAX_METADATA_BYTES, bounded_metadata, clean_text

logger = logging.getLogger(__name__)


def configured_origins(app: Any) -> List[Text]:
    """The origins `rasa run --cors` gave the HTTP API (sanic-cors' setting for every path):
    ['.*'] for "*", [''] for none."""
    context = getattr(app.ctx, "sanic_cors", None)
    if context is None:
        return []
    return [origin for _pattern, options in context.resources for origin in options["origins"]]


def origin_allowed(origin: Text, environ: Dict[Text, Any]) -> bool:
    """engine.io's origin check: the server's own origin, or one of the configured ones
    (matched the way sanic-cors matches them for HTTP, "*" and patterns included)."""
    request = environ.get("sanic.request")
    own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
    if origin.lower() == own.lower():
        return True
    origins = [o for o in configured_origins(request.app) if o] if request is not None else []
    return bool(origins) and try_match_any(origin, origins)


def paragraphs(text: Text, buttons: List[Dict[Text, Any]], links: Any) -> List[Dict[Text, Any]]:
    """The messages Rasa's socketio channel sends for one answer (one per paragraph, the
    suggestions on the last), with the answer's source links on the last as well."""
    messages: List[Dict[Text, Any]] = [{"text": part} for part in (text or "").strip().split("\n\n")]
    if buttons:
        messages[-1]["quick_replies"] = [
            {"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in buttons]
    if isinstance(links, list) and links:
        messages[-1]["links"] = [{"title": link["title"], "url": link["url"]} for link in links
                                 if isinstance(link, dict) and {"title", "url"} <= set(link)]
    return messages


class Output(SocketIOOutput):
    """Rasa's socketio output, with the answer's source links."""

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for message in paragraphs(text, [], kwargs.get("links")):
            await self._send_message(recipient_id, message)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        for message in paragraphs(text, buttons, kwargs.get("links")):
            await self._send_message(recipient_id, message)


def user_message(data: Any, metadata_key: Text) -> Optional[Dict[Text, Any]]:
    """The text (cleaned) and metadata (bounded, else dropped) of a `user_uttered` event; None
    when it carries no text message. Any session id in it is ignored: a socket speaks only in
    its own conversation."""
    if not isinstance(data, dict) or not isinstance(data.get("message"), str):
        return None
    metadata = data.get(metadata_key)
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata) if len(metadata) <= MAX_METADATA_BYTES else None
        except (ValueError, RecursionError):
            metadata = None
    return {"text": clean_text(data["message"]), "metadata": bounded_metadata(metadata) or {}}


class SocketIO(SocketIOInput):
    """Rasa's socketio channel with the changes listed in the module doc."""

    def get_output_channel(self) -> Optional[Output]:
        return Output(self.sio, self.bot_message_evt) if self.sio is not None else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        sio = self.sio
        sio.eio.max_http_buffer_size = MAX_SOCKET_BYTES
        sio.eio.cors_allowed_origins = origin_allowed
        # sanic-cors already adds the HTTP CORS headers (from the same setting); engine.io's
        # own would duplicate them, which browsers reject.
        sio.eio._cors_headers = lambda environ: []
        namespace = self.namespace

        async def say(sid: Text, text: Text) -> None:
            """A reply to this socket only, outside any conversation (nothing is stored)."""
            await sio.emit(self.bot_message_evt, {"text": text}, room=sid, namespace=namespace)

        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            request = environ.get("sanic.request")
            address = client_address(request) if request is not None else "unknown"
            if not (await LIMITER.hit("socket_connections_per_address", address)).allowed:
                logger.warning("Refused a Socket.IO connection: too many from one address.")
                return False
            await sio.save_session(sid, {"address": address}, namespace=namespace)
            return True

        async def session_request(sid: Text, data: Any) -> None:
            """Resume the conversation of a token this server signed, else start one; this
            socket then hears that conversation only."""
            state = await sio.get_session(sid, namespace=namespace)
            address = state.get("address", "unknown")
            if not (await LIMITER.hit("socket_sessions_per_address", address)).allowed:
                await say(sid, SLOW_DOWN)
                return
            token = data.get("session_id") if isinstance(data, dict) else None
            if conversation_of(token) is None:
                token = new_token()
            if state.get("conversation"):
                await sio.leave_room(sid, state["conversation"], namespace=namespace)
            state["conversation"] = conversation_of(token)
            await sio.save_session(sid, state, namespace=namespace)
            await sio.enter_room(sid, state["conversation"], namespace=namespace)
            await sio.emit("session_confirm", token, room=sid, namespace=namespace)

        async def handle_message(sid: Text, data: Any) -> None:
            message = user_message(data, self.metadata_key)
            if message is None:
                logger.warning("Ignored a Socket.IO message without text.")
                return
            state = await sio.get_session(sid, namespace=namespace)
            conversation = state.get("conversation")
            if not conversation:
                logger.warning("Ignored a Socket.IO message before `session_request`.")
                return
            address = state.get("address", "unknown")
            if not ((await LIMITER.hit("socket_messages_per_session", conversation)).allowed
                    and (await LIMITER.hit_all(("socket_burst_per_address",
                                                "socket_messages_per_address"), address)).allowed):
                await say(sid, SLOW_DOWN)
                return
            output = Output(sio, self.bot_message_evt)
            try:
                await on_new_message(UserMessage(
                    message["text"], output, conversation, input_channel=self.name(),
                    metadata=message["metadata"]))
            except Exception:  # noqa: BLE001 - the operator gets the log, the visitor a reply
                logger.exception("Could not handle a widget message of %s; sent the apology.",
                                 conversation)
                await output.send_text_message(conversation, apology())

        sio.on("connect", connect, namespace=namespace)
        sio.on("session_request", session_request, namespace=namespace)
        sio.on(self.user_message_evt, handle_message, namespace=namespace)
        return socketio_webhook
