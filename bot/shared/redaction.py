"""Personal data taken out of everything the project keeps: the editors' records
(bot/shared/records.py), the stored conversations (bot/rasa_server/stores.py) and the server's
log lines (bot/rasa_server/logs.py). The patterns and the rules for what is user text live here
only, so a new kind of personal data is added once and reaches all three.

What is replaced: emails `[email]`, dates of birth and other full dates `[date]` ("01/02/1990",
"1.2.90", "1990-02-01", "1 February 1990", "February 1st, 1990", "born 3rd march 85"),
National Insurance numbers `[ni-number]`, phone numbers `[phone]` (spaces, hyphens, dots,
"+44 (0)"), UK postcodes `[postcode]` and UK number plates `[number-plate]` (current, prefix and
suffix styles). Left alone: decimals and timestamps in log lines ("0.98765432",
"1732541234.5678"), a year on its own, short codes ("A1", "PIP2", "IPP").

The text is matched in its NFKC form, so look-alikes count: a full-width "＠" is an "@", and
full-width digits are digits; percent-escapes are decoded too ("jo%40example.com" in a URL).
A text in which something was replaced comes back in that form; a text with nothing to
replace comes back as it was.

The server is on the public internet, so every text is hostile: each pattern starts only where
its first character cannot continue a longer run (a lookbehind) and every repetition is bounded,
so no pattern backtracks more than a fixed number of steps from any position and redaction
takes time in proportion to the text's length (`bench/redaction.py`: 1 MB of letters, digits,
dots, "a.a.a.", "1 1 1 1", "@@@@" ...). Keep it so when adding a pattern.

Plain Python (no Rasa import): the action server uses it too.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any, Dict, List, Match, Pattern, Tuple
from urllib.parse import unquote

# A character that may be part of an email's local part (Python's \w is Unicode-aware).
_LOCAL = r"[\w.+-]"
# Local part (at most 64 characters), "@", then 2 to 9 labels of at most 63 characters.
_EMAIL = re.compile(rf"(?<!{_LOCAL}){_LOCAL}{{1,64}}@[\w-]{{1,63}}(?:\.[\w-]{{1,63}}){{1,8}}")
# An "@" and domain the pattern above left: its local part is longer than 64 characters.
_EMAIL_TAIL = re.compile(rf"(?<={_LOCAL})@[\w-]{{1,63}}(?:\.[\w-]{{1,63}}){{1,8}}")

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|'?\d{2})"
# "1 February 1990", "3rd of march, 85", "February 1st, 1990", "Feb. 1 1990": a day, a month
# name and a year (a month and a year alone are not a date of birth, nor is "in May 2024").
_WORD_DATE = re.compile(
    rf"(?<!\w)(?:\d{{1,2}}{_ORDINAL}(?:\s{{1,3}}of)?\s{{0,3}}{_MONTH}\.?"
    rf"|{_MONTH}\.?\s{{0,3}}(?:the\s{{1,3}})?\d{{1,2}}{_ORDINAL})"
    rf"(?:,\s{{0,3}}|\s{{1,3}}){_YEAR}(?!\w)", re.IGNORECASE)
# "01/02/1990", "1.2.90", "1-2-1990" (one separator throughout), "1990-02-01"; not a part of
# a longer run of numbers ("10.1.2.3", "0.98765432").
_NUMBER_DATE = re.compile(
    r"(?<![\w.+/-])(?:(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})|(\d{4})([/.-])(\d{1,2})\6(\d{1,2}))"
    r"(?!\w|[./:-]\d)")
# National Insurance number: two letters, three pairs of digits, an optional letter A to D.
_NI_NUMBER = re.compile(r"(?<!\w)[A-Z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}(?:[ -]?[A-D])?(?!\w)",
                        re.IGNORECASE)
# Groups of digits separated by single spaces or hyphens ("07700 900 123", "07700-900-123"),
# or by dots when there are at least three groups of two or more digits ("07700.900.123";
# so never a decimal), after an optional "+44" / "+44 (0)" and "(020)". `_phone` wants nine
# digits or more. Not digits inside a word or after a dot (decimals, versions), nor followed
# by a decimal part.
_PHONE = re.compile(
    r"(?<![\w.+])"
    r"(?:\+\d{1,3}[ .-]?(?:\(0\)[ .-]?)?)?"
    r"(?:\(\d{2,6}\)[ .-]?)?"
    r"(?:\d{2,6}(?:\.\d{2,6}){2,5}|\d{1,20}(?:[ -]\d{1,6}){0,6})"
    r"(?!\w|\.\d)")
_POSTCODE = re.compile(r"(?<!\w)[A-Z]{1,2}\d[A-Z\d]?[ \t]{0,2}\d[A-Z]{2}(?!\w)", re.IGNORECASE)
# Current style ("AB12 CDE", also typed in lower case); prefix ("A123 BCD") and suffix
# ("ABC 123D") styles only in capitals, since in lower case they are words ("a1 and").
_PLATE_CURRENT = re.compile(r"(?<!\w)[A-Z]{2}\d{2} ?[A-Z]{3}(?!\w)", re.IGNORECASE)
_PLATE_OLD = re.compile(r"(?<!\w)(?:[A-Z]\d{1,3} ?[A-Z]{3}|[A-Z]{3} ?\d{1,3}[A-Z])(?!\w)")

#: Containers nested deeper than this inside a value are replaced by DROPPED (a hostile message
#: may carry metadata nested a thousand levels deep; a Rasa event is a handful of levels).
MAX_DEPTH = 32
DROPPED = "[dropped]"

# Event keys that are identifiers, never user text: left alone so nothing breaks on reload.
_KEEP_KEYS = {"event", "timestamp", "message_id", "input_channel", "name", "policy"}
# Event types that carry what the user typed or values taken from it.
_USER_DERIVED_EVENTS = {"user", "slot", "user_featurization", "entities"}


def _number_date(match: Match[str]) -> str:
    """`[date]` for a real day and month (either order), else the text as it was. A dotted date
    with a two-digit year from 11 to 39 is taken for a version number."""
    if match.group(1):
        first, second, year = int(match.group(1)), int(match.group(3)), match.group(4)
        real = (1 <= first <= 31 and 1 <= second <= 12) or (1 <= first <= 12 and 1 <= second <= 31)
        if match.group(2) == "." and len(year) == 2 and 11 <= int(year) <= 39:
            real = False  # a version in a log line ("Rasa 3.6.21"), not a visitor's birthday
    else:
        real = 1 <= int(match.group(7)) <= 12 and 1 <= int(match.group(8)) <= 31
    return "[date]" if real else match.group(0)


def _phone(match: Match[str]) -> str:
    """`[phone]` for nine digits or more ("0800 555 111"), else the text as it was."""
    number = match.group(0)
    return "[phone]" if sum(c.isdigit() for c in number) >= 9 else number


# Each needs a digit: a text without one (most log lines at DEBUG have one) skips them all.
_NUMBERED: List[Tuple[Pattern[str], Any]] = [
    (_WORD_DATE, "[date]"),
    (_NUMBER_DATE, _number_date),
    (_NI_NUMBER, "[ni-number]"),
    (_PHONE, _phone),
    (_POSTCODE, "[postcode]"),
    (_PLATE_CURRENT, "[number-plate]"),
    (_PLATE_OLD, "[number-plate]"),
]
_DIGIT = re.compile(r"\d")


def _is_local(char: str) -> bool:
    return char.isalnum() or char in "_.+-"


def _email_tails(text: str) -> str:
    """Replace an "@domain" whose local part is too long for `_EMAIL`, with the 64 characters
    before it: at most 64 steps back per match, so still linear."""
    pieces, end = [], 0
    for match in _EMAIL_TAIL.finditer(text):
        start = match.start()
        while start > max(end, match.start() - 64) and _is_local(text[start - 1]):
            start -= 1
        pieces += [text[end:start], "[email]"]
        end = match.end()
    return "".join(pieces) + text[end:] if pieces else text


def redact(text: str) -> str:
    """Replace the personal data in `text` (see the module's docstring); linear in its length."""
    normalised = text if text.isascii() else unicodedata.normalize("NFKC", text)
    if "%" in normalised:  # a URL in a log line: "jo%40example.com"
        normalised = unquote(normalised)
    redacted = normalised
    if "@" in redacted:
        redacted = _email_tails(_EMAIL.sub("[email]", redacted))
    if _DIGIT.search(redacted):
        for pattern, replacement in _NUMBERED:
            redacted = pattern.sub(replacement, redacted)
    return text if redacted == normalised else redacted


def redact_value(value: Any, _depth: int = 0) -> Any:
    """Redact every string (keys included) inside a JSON-like value: new containers, the input
    untouched; containers more than MAX_DEPTH levels down become DROPPED."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, (list, tuple, dict)) and _depth >= MAX_DEPTH:
        return DROPPED
    if isinstance(value, list):
        return [redact_value(item, _depth + 1) for item in value]
    if isinstance(value, tuple):
        return tuple(redact_value(item, _depth + 1) for item in value)
    if isinstance(value, dict):
        return {redact(key) if isinstance(key, str) else key: redact_value(item, _depth + 1)
                for key, item in value.items()}
    return value


#: Keys of a bot message's metadata that quote the visitor: how each question was read, for
#: `/why` (bot/action_server/frames.py, `Frame.describe`: "fact asked by '...'").
_QUOTING_METADATA = ("frame",)


def redact_event(data: Dict[str, Any]) -> Dict[str, Any]:
    """A serialised Rasa event with user-derived text redacted; other events come back as they
    are (the bot's own replies and actions hold no personal data, except the metadata that
    quotes the visitor)."""
    metadata = data.get("metadata")
    if data.get("event") == "bot" and isinstance(metadata, dict) \
            and any(key in metadata for key in _QUOTING_METADATA):
        return {**data, "metadata": {key: redact_value(value) if key in _QUOTING_METADATA
                                     else value for key, value in metadata.items()}}
    if data.get("event") not in _USER_DERIVED_EVENTS:
        return data
    return {key: value if key in _KEEP_KEYS else redact_value(value)
            for key, value in data.items()}


_traceback = logging.Formatter()
# Attributes every log record has; any other is an `extra` of the call (Sanic's access lines
# carry the request's URL as `request`), which is redacted too.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"asctime"}


def redact_record(record: logging.LogRecord) -> None:
    """Redact a log record in place: its message (arguments merged in), traceback, stack and
    extra attributes. A call whose arguments do not fit its message is redacted too."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - logging reports the bad call; its text must be redacted
        message = f"{record.msg!s} {record.args!r}"
    record.msg, record.args = redact(message), ()
    if record.exc_info and not record.exc_text:
        record.exc_text = _traceback.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    for key, value in list(vars(record).items()):
        if key == "message" or (key not in _RECORD_ATTRIBUTES
                                and isinstance(value, (str, list, tuple, dict))):
            setattr(record, key, record.msg if key == "message" else redact_value(value))
