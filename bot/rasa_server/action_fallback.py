"""Apologise quickly when the action server is down or slow, instead of staying silent.

Every intent goes to the custom action `action_answer`. In Rasa 3.6 `RemoteAction.run` waits up
to 5 minutes for the action server (a hard-coded `timeout=DEFAULT_REQUEST_TIMEOUT`, which the
endpoints file cannot change) and, when it cannot connect, raises; the processor logs the error
and the user gets nothing. This wraps `run` with a deadline (`ACTION_TIMEOUT_SECONDS`, default
1.5 s, so the apology arrives within 2 s) and turns any failure into a short apology, returned
as an ordinary `BotUttered` event, so every channel (REST, web chat, Teams) sends it and the
tracker records it. The error is still logged for the operator. Installed by
`bot.rasa_server.patches.install()`, on every launch path.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, List

logger = logging.getLogger(__name__)

TIMEOUT_ENV = "ACTION_TIMEOUT_SECONDS"
DEFAULT_TIMEOUT = 1.5
REPLY_ID = "action_failed"
#: Used only until data/pathway/conversation.yml has the `action_failed` reply.
DEFAULT_APOLOGY = ("Sorry, I can't answer right now because of a technical problem. "
                   "Please try again in a minute.")


def timeout() -> float:
    """The action deadline in seconds, from the environment."""
    return float(os.environ.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT)


def apology() -> str:
    """The apology text from the content (conversation.yml), or the built-in default."""
    try:
        from bot.shared.content import default_content

        return default_content().reply(REPLY_ID).answer
    except Exception:  # noqa: BLE001 - the apology must never fail itself
        return DEFAULT_APOLOGY


def install() -> None:
    """Wrap RemoteAction.run with the deadline and the apology (idempotent)."""
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.shared.core.events import BotUttered

    if getattr(RemoteAction.run, "with_apology", False):
        return
    original = RemoteAction.run

    async def run(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any,
                  domain: Any) -> List[Any]:
        try:
            return await asyncio.wait_for(original(self, output_channel, nlg, tracker, domain),
                                          timeout())
        except ActionExecutionRejection:
            raise  # part of Rasa's form handling, not a failure
        except asyncio.TimeoutError:
            logger.error("Action '%s' took longer than %.1f s (%s); sent the apology.",
                         self.name(), timeout(), TIMEOUT_ENV)
        except Exception:  # noqa: BLE001 - any failure gets the apology; the log keeps why
            logger.exception("Action '%s' failed; sent the apology.", self.name())
        return [BotUttered(apology(), metadata={"action_failed": True})]

    run.with_apology = True
    RemoteAction.run = run
