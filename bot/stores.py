"""Tracker store that keeps no emails, phone numbers or UK postcodes.

Rasa's SQL tracker store saves every event as JSON. This subclass redacts what the user typed
(and anything derived from it: parse data, entity values, slot values) on the way into the
database, so the conversation history is kept without the personal data. The tracker in memory
is untouched, so NLU and the actions still see the original text during the turn.

Configured in an endpoints file (Rasa imports it by module path and passes the same keyword
arguments as to `type: SQL`):

    tracker_store:
      type: bot.stores.RedactingSQLTrackerStore
      dialect: sqlite
      db: var/tracker.db
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any, Dict, Iterator, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot.records import redact

logger = logging.getLogger(__name__)

# Event keys that are identifiers, never user text: left alone so nothing breaks on reload.
_KEEP = {"event", "timestamp", "message_id", "input_channel", "name", "policy"}
# Event types that carry what the user typed or values taken from it.
_USER_DERIVED = {"user", "slot", "user_featurization", "entities"}


def redact_value(value: Any) -> Any:
    """Redact every string inside a JSON-like value."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_value(item) for item in value]
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    return value


def redact_event(data: Dict[str, Any]) -> Dict[str, Any]:
    """A serialised event with user-derived text redacted; other events come back unchanged."""
    if data.get("event") not in _USER_DERIVED:
        return data
    return {key: value if key in _KEEP else redact_value(value) for key, value in data.items()}


class _Redacted:
    """Stands in for an event while SQLTrackerStore.save serialises it."""

    def __init__(self, event: Any) -> None:
        self.type_name = event.type_name
        self._data = redact_event(copy.deepcopy(event.as_dict()))

    def as_dict(self) -> Dict[str, Any]:
        return self._data


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that writes redacted events; creates the SQLite file's folder."""

    def __init__(self, domain: Optional[Any] = None, dialect: Text = "sqlite",
                 host: Optional[Text] = None, db: Text = "rasa.db", **kwargs: Any) -> None:
        if dialect == "sqlite" and db and not host:
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(domain=domain, dialect=dialect, host=host, db=db, **kwargs)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        """The events not yet stored, as redacted copies (the parent counts, we redact)."""
        for event in super()._additional_events(session, tracker):
            yield _Redacted(event)
