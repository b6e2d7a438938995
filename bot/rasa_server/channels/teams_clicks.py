"""Suggested-action clicks resolved on any replica, after a restart too.

In personal chat Teams sends a suggested-action click (imBack) as the button's title only.
The buttons the assistant offered are in the conversation's tracker, which every replica
shares (the tracker store), so the title is matched there, not in one process's memory.
The conversation's lock is taken while reading, so the turn that sent the buttons has been
saved even if the click arrives at once.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Iterable, List, Optional

from rasa.shared.core.events import BotUttered, Event, UserUttered

from bot.rasa_server.channels.teams_render import payload_for

logger = logging.getLogger(__name__)

LOCK_POLL_SECONDS = 0.05


def offered_buttons(events: Iterable[Event]) -> List[Dict[str, Any]]:
    """The buttons of the bot messages since the user's last message, latest first."""
    buttons: List[Dict[str, Any]] = []
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            buttons.extend(event.data.get("buttons") or [])
    return buttons


async def clicked_payload(agent: Any, sender_id: str, text: str) -> Optional[str]:
    """The payload behind `text` if it is the title of a button just offered, else None."""
    if agent is None or getattr(agent, "tracker_store", None) is None or not text:
        return None
    try:
        async with agent.lock_store.lock(sender_id, wait_time_in_seconds=LOCK_POLL_SECONDS):
            tracker = await agent.tracker_store.retrieve(sender_id)
    except Exception:  # noqa: BLE001 - the text is still answered, as typed
        logger.exception("Could not read the offered buttons of %s; reading the click as text.",
                         sender_id)
        return None
    return payload_for(offered_buttons(tracker.events), text) if tracker else None
