"""Turn Teams activities into what Rasa reads, and Rasa replies into Teams activities.

Pure functions, so the Teams-specific rules are readable in one place and testable without
a server:
- `<at>Bot</at>` mention markup never reaches the NLU, and text is cleaned as in every
  channel (`bot.shared.inputs.clean_text`: no control characters, one length limit);
- buttons are clickable in Teams: suggested actions (imBack) in personal chat when Teams can
  show them all (it shows at most three), otherwise a hero card whose messageBack buttons
  carry the Rasa payload in `value`; a link button is an openUrl card button;
- an imBack click arrives as the button's title: `payload_for` finds it among the buttons the
  assistant last offered (read from the shared tracker, see `teams_clicks`);
- an answer's sources are a footer line with each link once.
"""

from __future__ import annotations

import html
import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from bot.shared.inputs import clean_text

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


def payload_for(buttons: Iterable[Mapping[str, Any]], text: str) -> Optional[str]:
    """The payload of the offered button whose title is `text` (an imBack click), if any."""
    wanted = normalise(text)
    for button in buttons:
        if isinstance(button.get("payload"), str) and normalise(str(button.get("title", ""))) == wanted:
            return button["payload"]
    return None


def incoming_text(activity: Mapping[str, Any]) -> str:
    """What Rasa should read for a message activity: a button's payload, or the clean text."""
    value = activity.get("value")
    if isinstance(value, Mapping) and isinstance(value.get("payload"), str):
        return clean_text(value["payload"])  # messageBack / Adaptive Card submit from our buttons
    text = activity.get("text")
    return clean_text(strip_mentions(text if isinstance(text, str) else "", bot_mentions(activity)))


def uses_suggested_actions(conversation_type: Optional[str], buttons: Sequence[Any]) -> bool:
    """Suggested actions in one-to-one chats (Teams personal, or Web Chat with no type)."""
    return (conversation_type in (None, "personal") and len(buttons) <= MAX_SUGGESTED_ACTIONS
            and not any(_is_link(b) for b in buttons))  # Teams suggests imBack only


def _is_link(button: Mapping[str, Any]) -> bool:
    return bool(button.get("url")) or button.get("type") == "web_url"


def _card_button(button: Mapping[str, Any]) -> Dict[str, Any]:
    title = str(button.get("title", ""))
    if _is_link(button):
        return {"type": "openUrl", "title": title, "value": button.get("url") or button.get("payload")}
    return {"type": "messageBack", "title": title, "text": title, "displayText": title,
            "value": {"payload": button.get("payload", "")}}


def sources_footer(text: str, sources: Sequence[Tuple[str, str]]) -> str:
    """'Source: [title](url)', each URL once, leaving out URLs the answer already gives."""
    links: Dict[str, str] = {}
    for title, url in sources:
        if url not in text:
            links.setdefault(url, title)
    if not links:
        return ""
    label = "Source" if len(links) == 1 else "Sources"
    return f"{label}: " + " · ".join(f"[{_link_text(title)}]({url})" for url, title in links.items())


def _link_text(title: str) -> str:
    return title.replace("[", "(").replace("]", ")")


def message(text: str, buttons: Sequence[Mapping[str, Any]] = (),
            conversation_type: Optional[str] = None,
            sources: Sequence[Tuple[str, str]] = ()) -> Dict[str, Any]:
    """A message activity with its sources' footer and the buttons Teams can click."""
    footer = sources_footer(text, sources)
    activity: Dict[str, Any] = {"type": "message", "text": f"{text}\n\n{footer}" if footer else text,
                                "textFormat": "markdown"}
    if not buttons:
        return activity
    if uses_suggested_actions(conversation_type, buttons):
        activity["suggestedActions"] = {"actions": [
            {"type": "imBack", "title": b["title"], "value": b["title"]} for b in buttons]}
    else:
        activity["attachments"] = [{"contentType": HERO_CARD, "content": {
            "buttons": [_card_button(b) for b in buttons]}}]
    return activity


def typing() -> Dict[str, Any]:
    return {"type": "typing"}


def image(url: str) -> Dict[str, Any]:
    return {"type": "message",
            "attachments": [{"contentType": HERO_CARD, "content": {"images": [{"url": url}]}}]}


def source_links(source_ids: Any, content: Any) -> List[Tuple[str, str]]:
    """(title, url) of the answer's sources (ids from the message's metadata) the content knows."""
    if not isinstance(source_ids, (list, tuple)):
        return []
    known = [s for s in source_ids if isinstance(s, str) and s in content.sources]
    return [(source.title, source.url) for source in content.sources_of(known)]
