"""The web widget's server side: two Rasa custom connectors for credentials.yml.

`SocketIO` (bot/rasa_server/channels/web_socket.py) is Rasa's built-in `socketio` channel, fixed and made
safe to expose: the session room joined, every message cleaned and size-limited, origins
enforced, source links sent with the answer.

`WebChat` adds, inside the same `rasa run` process and port, what that channel lacks: the
widget script and a demo page (so `make run` serves everything), and a feedback endpoint for
the thumbs up / down. Routes, under /webhooks/web/:

- GET  /            the demo recruitment page that embeds the widget
- GET  /widget.js   the built widget (web/dist/chat-widget.js, made by `npm run build` in web/),
                    with this server's settings filled in (the message length limit)
- POST /feedback    {"session_id", "message_id", "value": "up"|"down", "text"} -> 204, nothing
                    in the body. `session_id` is the widget's session token (only a token
                    this server signed counts), `text` the answer being rated, which must be
                    an answer of that conversation (else 404); each answer takes one vote
                    (409 for another, whichever replica took the first). Stored, redacted, in
                    the tracker store's database (table `feedback`, bot/shared/records.py)
                    with the answer's topic, the answer as the conversation's tracker holds it
                    and the question it answered; 503 when it cannot be stored (no SQL tracker
                    store, or the database failing), which the widget reports as not sent.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, NamedTuple, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.core.events import BotUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.rasa_server.channels.web_sessions import conversation_of
from bot.rasa_server.channels.web_socket import SocketIO  # noqa: F401 - named in credentials.yml
from bot.rasa_server.limits import LIMITER
from bot.rasa_server.http_guard import too_many
from bot.rasa_server.stores import first_line
from bot.shared import records
from bot.shared.inputs import MAX_MESSAGE_CHARS, BadInput, checked_id, clean_text
from bot.tools.purge import retention_days

logger = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parents[3]
WEB_DIR = PROJECT_DIR / "web"
VALUES = ("up", "down")
#: Where web/build.mjs leaves room in the built widget for this server's settings.
SERVER_CONFIG_MARK = "{} /* server config */"


def widget_script(built: Path) -> Text:
    """The built widget with this server's settings in it, so the widget's limits are the
    server's (one number, `bot.shared.inputs.MAX_MESSAGE_CHARS`, not a copy in JavaScript)."""
    config = json.dumps({"maxMessageChars": MAX_MESSAGE_CHARS, "retentionDays": retention_days()})
    return built.read_text(encoding="utf-8").replace(SERVER_CONFIG_MARK, config, 1)


def parse_feedback(body: Any) -> Optional[Dict[Text, Text]]:
    """The feedback fields (`conversation` in place of the token), or None when the body is
    not a well-formed vote from a session this server started."""
    if not isinstance(body, dict) or body.get("value") not in VALUES:
        return None
    conversation = conversation_of(body.get("session_id"))
    text = body.get("text")
    try:
        message_id = checked_id(body.get("message_id"), "message_id")
    except BadInput:
        return None
    if conversation is None or not isinstance(text, str) or not text.strip():
        return None
    return {"conversation": conversation, "message_id": message_id, "value": body["value"],
            "text": clean_text(text)}


class Rated(NamedTuple):
    """The answer a vote is for, and the visitor's message it answered (None if the tracker
    no longer holds it)."""

    answer: BotUttered
    question: Any


async def rated_answer(agent: Any, conversation: Text, text: Text) -> Optional[Rated]:
    """The conversation's bot answer whose text the widget showed, from the tracker.

    The socketio channel splits an answer into paragraphs, so the widget sends the paragraphs
    it grouped as one answer; the latest bot event containing the first of them is the one."""
    tracker = await agent.tracker_store.retrieve(conversation) if agent else None
    if tracker is None:
        return None
    first = text.strip().split("\n\n")[0].strip()
    events = list(tracker.events)
    for event in reversed(events):
        if isinstance(event, BotUttered) and first and first in (event.text or ""):
            return Rated(event, records.question_before(events, event))
    return None


def feedback_store(agent: Any) -> Any:
    """The project's tracker store behind Rasa's wrappers (FailSafeTrackerStore ...), if it
    can keep feedback (bot/rasa_server/stores.py), else None."""
    store = getattr(agent, "tracker_store", None)
    for _ in range(4):
        if hasattr(store, "record_feedback"):
            return store
        store = getattr(store, "_tracker_store", None)
    return None


class WebChat(InputChannel):
    """Serves the widget, its demo page and the feedback endpoint; chat goes over socketio."""

    @classmethod
    def name(cls) -> Text:
        return "web"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        web = Blueprint("web_widget", __name__)

        @web.route("/", methods=["GET"])
        async def demo(_: Request) -> HTTPResponse:
            return await response.file(WEB_DIR / "demo" / "index.html")

        @web.route("/widget.js", methods=["GET"])
        async def widget(_: Request) -> HTTPResponse:
            built = WEB_DIR / "dist" / "chat-widget.js"
            if not built.is_file():
                return response.text("Widget not built: run `npm ci && npm run build` in web/.", 503)
            return response.text(widget_script(built), content_type="text/javascript; charset=utf-8",
                                 headers={"Cache-Control": "no-cache"})

        @web.route("/feedback", methods=["POST"])
        async def feedback(request: Request) -> HTTPResponse:
            try:
                fields = parse_feedback(json.loads(request.body or b"null"))
            except (ValueError, RecursionError):
                fields = None
            if fields is None:
                return response.json({"error": "expected the session's token, message_id, "
                                               "text and value 'up' or 'down'"}, status=400)
            verdict = await LIMITER.hit("feedback_per_session", fields["conversation"])
            if not verdict.allowed:
                return await too_many(verdict.retry_after)
            agent = getattr(request.app.ctx, "agent", None)
            rated = await rated_answer(agent, fields["conversation"], fields["text"])
            if rated is None:
                return response.json({"error": "no such answer in this conversation"}, 404)
            store = feedback_store(agent)
            if store is None:
                logger.error("Feedback not kept: the tracker store is not the project's SQL "
                             "store (bot.rasa_server.stores.RedactingSQLTrackerStore in the "
                             "endpoints file).")
                return response.json({"error": "feedback cannot be kept now"}, 503)
            row = records.feedback_row(fields["conversation"], rated.answer, rated.question,
                                       fields["value"], fields["message_id"])
            try:
                stored = await store.record_feedback(row)
            except Exception as error:  # noqa: BLE001 - the database failing or hung
                logger.error("Could not store feedback for conversation %s (%s); not kept.",
                             fields["conversation"], first_line(error))
                return response.json({"error": "feedback cannot be kept now"}, 503)
            if not stored:
                return response.json({"error": "this answer has a vote already"}, 409)
            return response.empty()

        return web
