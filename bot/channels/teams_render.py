"""Turn Teams activities into what Rasa reads, and Rasa replies into Teams activities.

Pure functions plus one small memory, so the Teams-specific rules are readable in one
place and testable without a server:
- `<at>Bot</at>` mention markup never reaches the NLU;
- buttons are clickable in Teams: suggested actions (imBack) in personal chat when Teams can
  show them all (it shows at most three), otherwise a hero card whose messageBack buttons
  carry the Rasa payload in `value`;
- an imBack click arrives as the button's title, which the memory turns back into its payload.
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from typing import Any, Dict, List, Mapping, Optional, Sequence

AT_MENTION = re.compile(r"<at[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
MAX_SUGGESTED_ACTIONS = 3  # Teams displays only the first three suggested actions
HERO_CARD = "application/vnd.microsoft.card.hero"


def bot_mentions(activity: Mapping[str, Any]) -> List[str]:
    """The `<at>...</at>` strings that mention this bot, from the activity's entities."""
    bot_id = (activity.get("recipient") or {}).get("id")
    return [entity.get("text") or "" for entity in activity.get("entities") or []
            if entity.get("type") == "mention"
            and (entity.get("mentioned") or {}).get("id") == bot_id]


def strip_mentions(text: str, bot_mention_texts: Sequence[str] = ()) -> str:
    """Remove the bot's mention; other people's mentions keep just their name.

    Without mention entities we cannot tell whose mention is whose, so all are removed."""
    for mention in bot_mention_texts:
        if mention:
            text = text.replace(mention, " ")
    keep_names = bool(bot_mention_texts)
    text = AT_MENTION.sub(lambda m: f" {m.group(1)} " if keep_names else " ", text)
    return " ".join(html.unescape(text).split())


def normalise(title: str) -> str:
    return " ".join(title.split()).casefold()


class ButtonMemory:
    """The suggested actions last offered in each conversation, title -> payload (bounded)."""

    def __init__(self, max_conversations: int = 10_000) -> None:
        self.max_conversations = max_conversations
        self._offers: "OrderedDict[str, Dict[str, str]]" = OrderedDict()

    def remember(self, conversation_id: str, buttons: Sequence[Mapping[str, str]]) -> None:
        self._offers[conversation_id] = {normalise(b["title"]): b["payload"] for b in buttons}
        self._offers.move_to_end(conversation_id)
        while len(self._offers) > self.max_conversations:
            self._offers.popitem(last=False)

    def payload_for(self, conversation_id: str, text: str) -> Optional[str]:
        return self._offers.get(conversation_id, {}).get(normalise(text))


def incoming_text(activity: Mapping[str, Any], memory: ButtonMemory) -> str:
    """What Rasa should read for a message activity: a button's payload, or the clean text."""
    value = activity.get("value")
    if isinstance(value, Mapping) and isinstance(value.get("payload"), str):
        return value["payload"]  # messageBack / Adaptive Card submit from our buttons
    text = strip_mentions(activity.get("text") or "", bot_mentions(activity))
    conversation_id = (activity.get("conversation") or {}).get("id") or ""
    return memory.payload_for(conversation_id, text) or text


def uses_suggested_actions(conversation_type: Optional[str], buttons: Sequence[Any]) -> bool:
    """Suggested actions in one-to-one chats (Teams personal, or Web Chat with no type)."""
    return conversation_type in (None, "personal") and len(buttons) <= MAX_SUGGESTED_ACTIONS


def message(text: str, buttons: Sequence[Mapping[str, str]] = (),
            conversation_type: Optional[str] = None) -> Dict[str, Any]:
    """A message activity with the buttons rendered the way Teams can click them."""
    activity: Dict[str, Any] = {"type": "message", "text": text, "textFormat": "markdown"}
    if not buttons:
        return activity
    if uses_suggested_actions(conversation_type, buttons):
        activity["suggestedActions"] = {"actions": [
            {"type": "imBack", "title": b["title"], "value": b["title"]} for b in buttons]}
    else:
        activity["attachments"] = [{"contentType": HERO_CARD, "content": {"buttons": [
            {"type": "messageBack", "title": b["title"], "text": b["title"],
             "displayText": b["title"], "value": {"payload": b["payload"]}}
            for b in buttons]}}]
    return activity


def image(url: str) -> Dict[str, Any]:
    return {"type": "message",
            "attachments": [{"contentType": HERO_CARD, "content": {"images": [{"url": url}]}}]}
