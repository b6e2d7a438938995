"""Rasa looks an event's class up by walking every subclass of Event, for every event it reads.

Reading a stored conversation turns each event's JSON back into an event; Rasa 3.6's
`Event.resolve_by_type` does it by listing all subclasses of `Event` (with an `isabstract`
check each) every time, which was about 4 % of the server's time per message. The classes do
not change while the server runs, so the lookup is kept in a dictionary, rebuilt if a type is
not found (a class defined later, such as a custom event).
"""

from __future__ import annotations

from typing import Dict, Optional, Text, Type

from rasa.shared.core import events
from rasa.shared.utils.common import all_subclasses

_by_type: Dict[Text, Type[events.Event]] = {}


def _resolve_by_type(type_name: Text, default: Optional[Type[events.Event]] = None
                     ) -> Optional[Type[events.Event]]:
    found = _by_type.get(type_name)
    if found is None:
        for cls in all_subclasses(events.Event):  # the first class of a name wins, as in Rasa
            _by_type.setdefault(cls.type_name, cls)
        found = _by_type.get(type_name)
    if found is not None:
        return found
    return _original(type_name, default)  # Rasa's own answer for old or unknown names


_original = events.Event.resolve_by_type


def install() -> None:
    """Idempotent: the lookup is replaced once."""
    if not installed():
        _resolve_by_type.cached = True  # type: ignore[attr-defined]
        events.Event.resolve_by_type = staticmethod(_resolve_by_type)


def installed() -> bool:
    return getattr(events.Event.resolve_by_type, "cached", False)
