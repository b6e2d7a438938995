"""Rasa's REST channel, for server-to-server callers, with its input checked at the door.

Same URL and contract as Rasa's `rest:` channel (POST /webhooks/rest/webhook with
{"sender", "message", "metadata"}, replies as a JSON list), registered in credentials.yml as
`bot.rasa_server.channels.rest.RestInput`. Over Rasa's channel:

- when `PATHWAY_REST_TOKEN` is set (always in production: deploy/), a caller must send
  `Authorization: Bearer <token>`, else 401; the public talks through the widget and Teams;
- `sender` is required (Rasa's channel put every caller without one into one shared
  conversation, `default`) and checked like every identifier (`bot.shared.inputs.checked_id`),
  then kept apart from the other channels' conversations: it is stored as `rest:<sender>`,
  so no REST caller can read or write a web or Teams conversation by naming it;
- a body that is not a JSON object, or a message that is not a string, gets 400 with a reason
  (Rasa's answered 500 or an empty list); the message is cleaned
  (`bot.shared.inputs.clean_text`) and `metadata` kept only when small and shallow;
- a well-formed message always gets a reply: the apology if handling it fails.

Broken JSON and non-UTF-8 bodies get 400 from Sanic; bodies over the route's cap get 413 and
callers over their limit 429, before any of this (bot/rasa_server/http_guard.py).
"""

from __future__ import annotations

import hmac
import logging
import os
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage, Unauthorized
from sanic.request import Request

from bot.rasa_server.action_fallback import apology
from bot.shared.inputs import BadInput, bounded_metadata, checked_id, clean_text

logger = logging.getLogger(__name__)

TOKEN_ENV = "PATHWAY_REST_TOKEN"
MAX_SENDER_CHARS = 128
#: What REST conversation ids start with in the tracker store.
SENDER_PREFIX = "rest:"


def authorised(header: Optional[str]) -> bool:
    """Whether the request may use the channel: always without a token configured, else only
    with `Bearer <token>` (compared in constant time)."""
    token = os.environ.get(TOKEN_ENV)
    if not token:
        return True
    given = header[7:] if isinstance(header, str) and header.startswith("Bearer ") else ""
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


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
        if not authorised(req.headers.get("Authorization")):
            raise Unauthorized("Send the REST token: Authorization: Bearer <token>",
                               scheme="Bearer")
        try:
            sender = checked_id(self._body(req).get("sender"), "sender", MAX_SENDER_CHARS)
        except BadInput as error:
            raise InvalidUsage(str(error)) from None
        return SENDER_PREFIX + sender

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
        return bounded_metadata(metadata)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def handle(message: UserMessage) -> None:
            try:
                await on_new_message(message)
            except Exception:  # noqa: BLE001 - the operator gets the log, the user a reply
                logger.exception("Could not handle a message of %s; sent the apology.",
                                 message.sender_id)
                await message.output_channel.send_text_message(message.sender_id, apology())

        return super().blueprint(handle)
