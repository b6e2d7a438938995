"""What every channel does to what a caller sends, before anything reads or stores it.

One place for the rules of the boundary, used by REST, Socket.IO (the web widget), the feedback
endpoint, Teams and the terminal chat:

- a visitor's text is cleaned (`clean_text`): control characters (C0 and C1), bidi overrides,
  zero-width characters and lone surrogates dropped (PostgreSQL cannot store NUL, a surrogate
  cannot be encoded at all), and cut to one character over the longest question answered, so
  the answer can still tell that the message was too long;
- an identifier (sender, session, message or conversation id) is taken as it is or refused
  (`checked_id`): bounded, printable text, never cleaned into another id;
- metadata is kept only when small and shallow (`bounded_metadata`), otherwise dropped: it is
  stored with the turn, and nothing in it is needed to answer.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any, Dict, Optional

#: The longest question the assistant answers (about 200 words): a visitor's story before
#: their question, as blind sets BD and BE wrote them (120 to 145 words), fits. Longer ones are
#: asked to be shorter (env PATHWAY_MAX_MESSAGE_CHARS).
MAX_MESSAGE_CHARS = int(os.environ.get("PATHWAY_MAX_MESSAGE_CHARS") or 1200)
#: The longest identifier accepted: a Teams conversation id with its user id fits in 200.
MAX_ID_CHARS = 200
#: Metadata kept with a turn: at most this many bytes of JSON, nested at most this deep.
MAX_METADATA_BYTES = 2048
MAX_METADATA_DEPTH = 4

# C0 controls but tab and newlines, DEL and C1 controls; bidi embeddings, overrides and isolates
# and the marks; zero-width space, joiners, word joiner, BOM; lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]")
# Identifiers are single-line: no tab or newline either.
_UNSAFE_IN_ID = re.compile(_UNSAFE.pattern[:-1] + "\t\n\r]")


class BadInput(ValueError):
    """A field a caller sent cannot be used; the message says which and why (answer 400)."""


def has_unsafe_characters(text: str) -> bool:
    return bool(_UNSAFE.search(text))


def clean_text(text: str) -> str:
    """The message as stored and read: unsafe characters dropped, at most one character
    over `MAX_MESSAGE_CHARS` kept (enough to know it was too long). The cut comes first, so
    a huge message costs no more than a long one."""
    return _UNSAFE.sub("", text[: 4 * MAX_MESSAGE_CHARS])[: MAX_MESSAGE_CHARS + 1]


def too_long(text: str) -> bool:
    return len(text) > MAX_MESSAGE_CHARS


def checked_id(value: Any, field: str, max_chars: int = MAX_ID_CHARS) -> str:
    """`value` if it is a usable identifier, else BadInput naming `field`: a string of 1 to
    `max_chars` printable characters (numbers are taken as their text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise BadInput(f"'{field}' must be a string")
    if not value.strip() or len(value) > max_chars or _UNSAFE_IN_ID.search(value):
        raise BadInput(f"'{field}' must be 1 to {max_chars} printable characters")
    return value


def _depth(value: Any, limit: int) -> int:
    """How deep `value` nests, counting no further than `limit + 1` (so never recursing far)."""
    if limit < 0 or not isinstance(value, (dict, list)):
        return 0
    items = value.values() if isinstance(value, dict) else value
    return 1 + max((_depth(item, limit - 1) for item in items), default=0)


def bounded_metadata(value: Any) -> Optional[Dict[str, Any]]:
    """`value` when it is a small, shallow JSON object of clean text; None (dropped) otherwise.

    The JSON text is measured first (bounded by the body caps), then the depth is counted
    no deeper than the limit, so a value nested 500 deep is dropped, never walked."""
    if not isinstance(value, dict):
        return None
    try:
        encoded = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return None
    if (len(encoded.encode("utf-8", "surrogatepass")) > MAX_METADATA_BYTES
            or _UNSAFE_IN_ID.search(encoded) or _depth(value, MAX_METADATA_DEPTH) > MAX_METADATA_DEPTH):
        return None
    return value
