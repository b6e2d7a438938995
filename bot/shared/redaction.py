"""Personal data (emails, phone numbers, UK postcodes) taken out of everything the project
keeps: the editors' records (bot/shared/records.py), the stored conversations
(bot/rasa_server/stores.py) and the server's log lines (bot/rasa_server/logs.py). The patterns
and the rules for what is user text live here only, so a new kind of personal data is added
once and reaches all three.

Plain Python (no Rasa import): the action server uses it too.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Not digits inside decimals ("0.98765432" confidences, "1732541234.56" timestamps in logs).
_PHONE = re.compile(r"(?<![\w.])(\+?\d[\d ()-]{7,}\d)(?!\w|\.\d)")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)

# Event keys that are identifiers, never user text: left alone so nothing breaks on reload.
_KEEP_KEYS = {"event", "timestamp", "message_id", "input_channel", "name", "policy"}
# Event types that carry what the user typed or values taken from it.
_USER_DERIVED_EVENTS = {"user", "slot", "user_featurization", "entities"}


def redact(text: str) -> str:
    """Replace emails, phone numbers and UK postcodes, which nobody running the service needs."""
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub("[phone]", text)
    return _POSTCODE.sub("[postcode]", text)


def redact_value(value: Any) -> Any:
    """Redact every string inside a JSON-like value (new containers; the input is untouched)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_value(item) for item in value]
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    return value


def redact_event(data: Dict[str, Any]) -> Dict[str, Any]:
    """A serialised Rasa event with user-derived text redacted; other events come back as they
    are (the bot's own replies and actions hold no personal data)."""
    if data.get("event") not in _USER_DERIVED_EVENTS:
        return data
    return {key: value if key in _KEEP_KEYS else redact_value(value)
            for key, value in data.items()}


_traceback = logging.Formatter()


def redact_record(record: logging.LogRecord) -> None:
    """Redact a log record in place: its message (arguments merged in), traceback and stack."""
    record.msg, record.args = redact(record.getMessage()), ()
    if record.exc_info and not record.exc_text:
        record.exc_text = _traceback.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
