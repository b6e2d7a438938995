"""Replies to Teams: Rasa's messages as Teams activities, posted to the conversation they answer.

A reply that cannot be delivered is logged, not raised, so Rasa still records the turn; a
typing indicator is shown while the assistant works and never arrives after the answer.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Mapping, Optional, Text, Tuple
from urllib.parse import quote

from rasa.core.channels.channel import OutputChannel

from bot.rasa_server.channels import teams_render as render
from bot.rasa_server.channels.teams_connector import Connector, SendFailed
from bot.shared.content import default_content

logger = logging.getLogger(__name__)

TYPING_WINDOW = 3.0  # seconds for the typing indicator: one attempt, never delays the reply long


class TeamsOutput(OutputChannel):
    """Posts replies to the conversation an activity came from, through its serviceUrl."""

    @classmethod
    def name(cls) -> Text:
        return "teams"

    def __init__(self, activity: Mapping[str, Any], connector: Connector, reply: bool = True) -> None:
        self.service_url = str(activity["serviceUrl"]).rstrip("/")
        self.conversation = activity["conversation"]
        self.bot = activity.get("recipient") or {}
        self.user = activity.get("from") or {}
        self.reply_to_id = activity.get("id") if reply else None
        self.connector = connector
        self._typing: Optional[asyncio.Task] = None

    @property
    def conversation_type(self) -> Optional[str]:
        return self.conversation.get("conversationType")

    def _url(self) -> str:
        url = f"{self.service_url}/v3/conversations/{quote(self.conversation['id'], safe='')}/activities"
        return f"{url}/{quote(str(self.reply_to_id), safe='')}" if self.reply_to_id else url

    def _addressed(self, activity: Dict[str, Any]) -> Dict[str, Any]:
        activity = {**activity, "from": self.bot, "recipient": self.user,
                    "conversation": {"id": self.conversation["id"]}}
        if self.reply_to_id:
            activity["replyToId"] = self.reply_to_id
        return activity

    def start_typing(self) -> None:
        """Show "typing..." while the assistant works (not in channels, where Teams omits it)."""
        if self.conversation_type != "channel":
            self._typing = asyncio.ensure_future(self.connector.send(
                self._url(), self._addressed(render.typing()), retry=False, window=TYPING_WINDOW))

    async def post(self, activity: Dict[str, Any]) -> None:
        """Send one activity; a reply goes to the user's message, so channels thread it."""
        if self._typing is not None:  # the indicator must not arrive after the answer
            await asyncio.wait([self._typing])
            if not self._typing.cancelled() and self._typing.exception():
                logger.info("No typing indicator for %s: %s", self.conversation["id"],
                            self._typing.exception())
            self._typing = None
        try:
            await self.connector.send(self._url(), self._addressed(activity))
        except SendFailed as error:
            logger.error("Could not send a reply to Teams conversation %s: %s",
                         self.conversation["id"], error)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.post(render.message(text, (), self.conversation_type, _sources(kwargs)))

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        await self.post(render.message(text, buttons, self.conversation_type, _sources(kwargs)))

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.post(render.image(image))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any],
                               **kwargs: Any) -> None:
        """A response's `custom` is sent as the activity itself (e.g. an Adaptive Card)."""
        await self.post({"type": "message", **json_message})


def _sources(kwargs: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """The answer's sources: `actions.py` puts their ids in each bot message's metadata."""
    return render.source_links(kwargs.get("sources"), default_content())
