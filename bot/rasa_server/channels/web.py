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
- POST /feedback    {"session_id", "message_id", "value": "up"|"down", "text"} -> 201; appended
                    as one JSON line to $PATHWAY_FEEDBACK_FILE (default var/feedback.jsonl),
                    with the answer's topic looked up in the conversation's tracker.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.core.events import BotUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.rasa_server.channels.web_socket import SocketIO  # noqa: F401 - named in credentials.yml
from bot.shared.inputs import MAX_MESSAGE_CHARS
from bot.shared.records import feedback_file

PROJECT_DIR = Path(__file__).resolve().parents[3]
WEB_DIR = PROJECT_DIR / "web"
VALUES = ("up", "down")
MAX_FIELD = 200  # ids are short; this bounds what a stranger can make us write
#: Where web/build.mjs leaves room in the built widget for this server's settings.
SERVER_CONFIG_MARK = "{} /* server config */"


def widget_script(built: Path) -> Text:
    """The built widget with this server's settings in it, so the widget's limits are the
    server's (one number, `bot.shared.inputs.MAX_MESSAGE_CHARS`, not a copy in JavaScript)."""
    config = json.dumps({"maxMessageChars": MAX_MESSAGE_CHARS})
    return built.read_text(encoding="utf-8").replace(SERVER_CONFIG_MARK, config, 1)


def parse_feedback(body: Any) -> Optional[Dict[Text, Text]]:
    """The feedback fields, or None when the body is not a well-formed feedback object."""
    if not isinstance(body, dict) or body.get("value") not in VALUES:
        return None
    fields = {key: body.get(key) for key in ("session_id", "message_id", "text")}
    if not all(isinstance(v, str) and v for v in fields.values()):
        return None
    if len(fields["session_id"]) > MAX_FIELD or len(fields["message_id"]) > MAX_FIELD:
        return None
    return {**fields, "value": body["value"]}


async def topic_of(agent: Any, session_id: Text, text: Text) -> Optional[Text]:
    """The topic of the bot answer whose text the widget showed, from the tracker.

    The socketio channel splits an answer into paragraphs, so the widget sends the paragraphs
    it grouped as one answer; the latest bot event containing the first of them is the one."""
    tracker = await agent.tracker_store.retrieve(session_id) if agent else None
    if tracker is None:
        return None
    first = text.strip().split("\n\n")[0].strip()
    for event in reversed(tracker.events):
        if isinstance(event, BotUttered) and first and first in (event.text or ""):
            return (event.metadata or {}).get("topic")
    return None


def append_line(path: Path, record: Dict[Text, Any]) -> None:
    """Append one JSON line (one write call, so concurrent lines do not interleave)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


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
            except ValueError:
                fields = None
            if fields is None:
                return response.json({"error": "expected session_id, message_id, text and "
                                               "value 'up' or 'down'"}, status=400)
            agent = getattr(request.app.ctx, "agent", None)
            record = {
                "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "session_id": fields["session_id"],
                "message_id": fields["message_id"],
                "value": fields["value"],
                "topic": await topic_of(agent, fields["session_id"], fields["text"]),
                "text": fields["text"][:1000],
            }
            await asyncio.get_running_loop().run_in_executor(
                None, append_line, feedback_file(), record)
            return response.json({"ok": True, "topic": record["topic"]}, status=201)

        return web
