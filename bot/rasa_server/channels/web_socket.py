"""The web widget's chat connection: Rasa's `socketio` channel, made safe to expose.

Registered in credentials.yml as `bot.rasa_server.channels.web.SocketIO` (re-exported there). Over Rasa's
built-in channel it:

- joins the browser to its session's room (Rasa 3.6 calls python-socketio 5's coroutine
  `enter_room` without awaiting it, so the browser never got an answer: RasaHQ/rasa#13027);
- cleans every message with `bot.shared.inputs.clean_text`, as every channel does (control characters
  dropped, cut one character over the limit), and ignores events that carry no text message;
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
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint
from sanic_cors.core import try_match_any

from bot.shared.inputs import clean_text

logger = logging.getLogger(__name__)

#: The largest Socket.IO message accepted, in bytes. The widget sends at most
#: `MAX_MESSAGE_CHARS` characters; this leaves room for a long paste from another client (it
#: is cut and gets the "please ask a shorter question" answer) and bounds what one message can
#: make the server hold (python-socketio's default is 1 MB).
MAX_SOCKET_BYTES = 64 * 1024


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
    """The text (cleaned), session id and metadata of a `user_uttered` event; None when it
    carries no text message (Rasa's channel would fail on it)."""
    if not isinstance(data, dict) or not isinstance(data.get("message"), str):
        return None
    metadata = data.get(metadata_key) or {}
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            metadata = {}
    session_id = data.get("session_id")
    return {"text": clean_text(data["message"]),
            "session_id": session_id if isinstance(session_id, str) else None,
            "metadata": metadata if isinstance(metadata, dict) else {}}


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

        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            session_id = (data or {}).get("session_id") if isinstance(data, dict) else None
            session_id = session_id if isinstance(session_id, str) and session_id else uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        async def handle_message(sid: Text, data: Any) -> None:
            message = user_message(data, self.metadata_key)
            if message is None:
                logger.warning("Ignored a Socket.IO message without text from %s.", sid)
                return
            if self.session_persistence and not message["session_id"]:
                logger.warning("Ignored a Socket.IO message without a session id: the widget "
                               "sends one after `session_request`.")
                return
            sender = message["session_id"] if self.session_persistence else sid
            await on_new_message(UserMessage(
                message["text"], Output(sio, self.bot_message_evt), sender,
                input_channel=self.name(), metadata=message["metadata"]))

        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handle_message, namespace=self.namespace)
        return socketio_webhook
