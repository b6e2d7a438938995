"""Rasa's REST channel with its input checked at the door.

Same URL and contract as Rasa's `rest:` channel (POST /webhooks/rest/webhook with
{"sender", "message", "metadata"}, replies as a JSON list), registered in credentials.yml as
`bot.rasa_server.channels.rest.RestInput`. Rasa's own channel answers 500 or an empty list for a body that
is not a JSON object or a message that is not a string, and passes on any length of text. This
one answers 400 with a reason for those, cleans the message with `bot.shared.inputs.clean_text` (the
answer logic then politely asks for a shorter question; PostgreSQL cannot store NUL), and sends
the apology if handling the message fails unexpectedly, so a well-formed message always gets a
reply. Broken JSON and non-UTF-8 bodies already get 400 from
Sanic.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from bot.rasa_server.action_fallback import apology
from bot.shared.inputs import clean_text, has_control_characters

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 128


class RestInput(RasaRestInput):
    """POST /webhooks/rest/webhook, refusing malformed requests with 400."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @staticmethod
    def _body(req: Request) -> Dict[str, Any]:
        body = req.json  # Sanic answers 400 itself for broken JSON or bytes that are not UTF-8
        if not isinstance(body, dict):
            raise InvalidUsage('Send a JSON object: {"sender": "...", "message": "..."}')
        return body

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = self._body(req).get("sender")
        if sender is None:
            return None  # Rasa then uses its default conversation id, as before
        if not isinstance(sender, (str, int)) or isinstance(sender, bool):
            raise InvalidUsage("'sender' must be a string")
        sender = str(sender)
        if not sender.strip() or len(sender) > MAX_SENDER_CHARS or has_control_characters(sender):
            raise InvalidUsage(f"'sender' must be 1 to {MAX_SENDER_CHARS} printable characters")
        return sender

    def _extract_message(self, req: Request) -> Optional[Text]:
        message = self._body(req).get("message")
        if not isinstance(message, str):
            raise InvalidUsage("'message' must be a string")
        return clean_text(message)

    def _extract_input_channel(self, req: Request) -> Text:
        return self.name()  # not the caller's choice: it is what the conversation records

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = self._body(request).get("metadata")
        if metadata is not None and not isinstance(metadata, dict):
            raise InvalidUsage("'metadata' must be a JSON object")
        return metadata

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def handle(message: UserMessage) -> None:
            try:
                await on_new_message(message)
            except Exception:  # noqa: BLE001 - the operator gets the log, the user a reply
                logger.exception("Could not handle a message from %s; sent the apology.",
                                 message.sender_id)
                await message.output_channel.send_text_message(message.sender_id, apology())

        return super().blueprint(handle)
