"""The web widget's conversations belong to the browser they were started in.

A browser that starts a conversation gets a session token, `<conversation id>.<signature>`,
signed with `PATHWAY_SESSION_SECRET` (HMAC-SHA256). It keeps the token to resume the
conversation after a reload, and shows it with its thumbs up/down. A token the server did not
sign is never resumed: the browser gets a new conversation. The conversation id alone (what
the tracker store and the logs hold) cannot be turned into a token without the secret.

Every replica must have the same secret (from a Kubernetes Secret, see deploy/). Without one,
each process makes its own at start-up: conversations then survive a page reload but not a
restart of the server, which is right for `make run` and wrong for replicas (logged).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import uuid
from functools import lru_cache
from typing import Any, Optional

logger = logging.getLogger(__name__)

SECRET_ENV = "PATHWAY_SESSION_SECRET"


@lru_cache(maxsize=1)
def _secret() -> bytes:
    secret = os.environ.get(SECRET_ENV)
    if secret:
        return secret.encode("utf-8")
    logger.warning("%s is not set: web conversations cannot be resumed after a restart, and "
                   "replicas will not resume each other's. Set it (the same on every replica).",
                   SECRET_ENV)
    return secrets.token_bytes(32)


def _signature(conversation_id: str) -> str:
    return hmac.new(_secret(), conversation_id.encode("ascii"), hashlib.sha256).hexdigest()[:32]


def new_token() -> str:
    """A token for a new conversation."""
    conversation_id = uuid.uuid4().hex
    return f"{conversation_id}.{_signature(conversation_id)}"


def conversation_of(token: Any) -> Optional[str]:
    """The conversation id a token this server signed stands for, else None."""
    if not isinstance(token, str) or len(token) != 65 or token[32] != ".":
        return None
    conversation_id, signature = token[:32], token[33:]
    if not all(c in "0123456789abcdef" for c in conversation_id):
        return None
    return conversation_id if hmac.compare_digest(signature, _signature(conversation_id)) else None
