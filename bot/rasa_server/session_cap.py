"""A turn costs the same at turn 400 as at turn 4: a conversation session has a length cap.

Rasa reads a conversation's current session from the tracker store on every turn, replays it,
featurises it for the policies and sends it whole to the action server, so each turn of a
long session costs more than the last (27.8 ms at turns 1-20, 403 ms at turns 381-400). Rasa
already bounds what it reads by the session: a session ends after
`session_config.session_expiration_time` minutes of silence, and only the events since the
latest session start are read. This patch also ends a session once it holds
`MAX_SESSION_EVENTS` events (about 17 turns; `PATHWAY_MAX_SESSION_EVENTS`), and carries the
slots that hold the conversation's context (`CONTEXT_SLOTS`) into the new one, so a follow-up
after the cap still knows what the visitor was asking about. The policies look back only a
few turns, so nothing they use is lost. Installed by `bot.rasa_server.patches.install()`.
"""

from __future__ import annotations

import os
from typing import Any, Dict

from rasa.shared.core.events import SessionStarted, SlotSet

#: Events in a session before the next turn starts a new one (a turn is about seven events).
MAX_SESSION_EVENTS = int(os.environ.get("PATHWAY_MAX_SESSION_EVENTS") or 120)
#: Slots carried into the session that the cap starts (domain.yml: the conversation's context).
CONTEXT_SLOTS = ("topic", "role", "kind")


def session_length(tracker: Any) -> int:
    """Events since the latest session start, counted from the end (so bounded by the cap)."""
    count = 0
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            break
        count += 1
    return count


def too_long(tracker: Any) -> bool:
    return session_length(tracker) >= MAX_SESSION_EVENTS


def install() -> None:
    """Wrap MessageProcessor's session check with the cap (idempotent)."""
    from rasa.core.processor import MessageProcessor

    if getattr(MessageProcessor._update_tracker_session, "capped", False):
        return
    update_session = MessageProcessor._update_tracker_session
    has_expired = MessageProcessor._has_session_expired

    def _has_session_expired(self: MessageProcessor, tracker: Any) -> bool:
        return has_expired(self, tracker) or too_long(tracker)

    async def _update_tracker_session(self: MessageProcessor, tracker: Any, *args: Any,
                                      **kwargs: Any) -> None:
        carried: Dict[str, Any] = {}
        if too_long(tracker):
            carried = {name: tracker.get_slot(name) for name in CONTEXT_SLOTS
                       if name in tracker.slots and tracker.get_slot(name) is not None}
        await update_session(self, tracker, *args, **kwargs)
        # Made after the session start: the SQL store reads a session by timestamp.
        for name, value in carried.items():
            tracker.update(SlotSet(name, value), self.domain)

    _update_tracker_session.capped = True
    MessageProcessor._has_session_expired = _has_session_expired
    MessageProcessor._update_tracker_session = _update_tracker_session
