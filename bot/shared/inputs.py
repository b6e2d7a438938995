"""What every channel does to a visitor's text before the assistant reads it.

One function and one limit for REST, Socket.IO (the web widget), Teams and the terminal chat:
control characters are dropped (PostgreSQL cannot store NUL) and the text is cut to one
character over the longest question answered, so the answer can still tell that the message
was too long and ask for a shorter one, while no channel stores more than that.
"""

from __future__ import annotations

import os
import re

#: The longest question the assistant answers (about 130 words); a long message with personal
#: context is well under it. Longer ones are asked to be shorter (env PATHWAY_MAX_MESSAGE_CHARS).
MAX_MESSAGE_CHARS = int(os.environ.get("PATHWAY_MAX_MESSAGE_CHARS") or 800)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


def clean_text(text: str) -> str:
    """The message as stored and read: control characters dropped, at most one character
    over `MAX_MESSAGE_CHARS` kept (enough to know it was too long)."""
    return _CONTROL.sub("", text)[: MAX_MESSAGE_CHARS + 1]


def too_long(text: str) -> bool:
    return len(text) > MAX_MESSAGE_CHARS
