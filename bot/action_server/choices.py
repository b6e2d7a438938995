"""A suggestion chosen by its place: "2", "the second one", "option 3", "the last one".

Right after a reply with buttons, a visitor who types where a button stands means its
question, on every channel (the terminal chat maps a bare number the same way before sending).
The buttons come from the tracker: the action sends them with each reply, and Rasa keeps
them in the bot event.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional, Sequence

#: Each place word and the place it names, counted from 1 (-1: the last).
PLACES = {"one": 1, "first": 1, "1st": 1, "two": 2, "second": 2, "2nd": 2, "three": 3,
           "third": 3, "3rd": 3, "four": 4, "fourth": 4, "4th": 4, "five": 5, "fifth": 5,
           "5th": 5, "last": -1}
_CHOICE = re.compile(
    r"^\W*(?:(?:the|option|number|no\.?|choice|button)\s*)?"
    r"(?P<place>\d|one|two|three|four|five|first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|"
    r"5th)(?:\s+(?:one|option|choice|button|please|pls|thanks|ta))*\W*$", re.IGNORECASE)


def last_buttons(events: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The buttons of the assistant's last reply in this session (none after a reply without)."""
    for event in reversed(events):
        if event.get("event") == "bot":
            return list((event.get("data") or {}).get("buttons") or [])
        if event.get("event") == "session_started":
            break
    return []


#: A choice is a few words ("the second one please"); longer text is never matched.
MAX_CHOICE_CHARS = 40


def chosen(text: str, buttons: Sequence[Dict[str, Any]]) -> Optional[str]:
    """The payload of the button `text` names by its place, or None."""
    match = _CHOICE.match(text) if text and len(text) <= MAX_CHOICE_CHARS else None
    if not match or not buttons:
        return None
    place = match.group("place").lower()
    number = int(place) if place.isdigit() else PLACES[place]
    if number == -1:
        number = len(buttons)
    if not 1 <= number <= len(buttons):
        return None
    return buttons[number - 1].get("payload")


def as_parse(payload: str) -> Dict[str, Any]:
    """What Rasa's parse of a button's payload holds ("/role_details{"role": "..."}")."""
    name, _, entities = payload.lstrip("/").partition("{")
    values = json.loads("{" + entities) if entities else {}
    return {"text": payload, "intent": {"name": name, "confidence": 1.0},
            "intent_ranking": [{"name": name, "confidence": 1.0}],
            "entities": [{"entity": k, "value": v} for k, v in values.items()]}
