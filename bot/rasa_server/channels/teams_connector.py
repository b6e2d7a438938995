"""Posting activities to the Bot Connector: bounded, retried the way Teams asks, never raising.

Teams asks bots to retry 429, 412, 502 and 504 with exponential back-off and random jitter,
honouring `Retry-After`. Every send here has one budget (TEAMS_SEND_WINDOW_SECONDS, 15 s by
default, Teams' own window) for the token, every attempt and every wait; what does not fit
is given up and logged. One HTTP session (one connection pool) serves every reply.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from typing import Any, Callable, Dict, Mapping, Optional

import aiohttp

from bot.rasa_server.channels.teams_auth import BotToken, TokenUnavailable

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({412, 429, 502, 504})
BACKOFF_BASE, BACKOFF_MAX = 0.5, 8.0
CONNECT_TIMEOUT = 5.0


class SendFailed(Exception):
    """The connector did not take the activity within the budget (or refused it)."""


def retry_delay(attempt: int, retry_after: Optional[str] = None,
                jitter: Callable[[], float] = random.random) -> float:
    """Seconds to wait before attempt `attempt + 1`: the connector's Retry-After (seconds or
    an HTTP date) when it gives one, else exponential back-off with jitter (50-100 %)."""
    if retry_after:
        value = retry_after.strip()
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - time.time())
        except (TypeError, ValueError):
            pass  # unreadable: fall back to our own back-off
    return min(BACKOFF_MAX, BACKOFF_BASE * 2 ** attempt) * (0.5 + jitter() / 2)


class Connector:
    """The Bot Connector client of one channel: one session, bounded, retrying sends."""

    def __init__(self, token: BotToken, window_seconds: float) -> None:
        self.token = token
        self.window = window_seconds
        self._session: Optional[aiohttp.ClientSession] = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.window, connect=CONNECT_TIMEOUT))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, url: str, activity: Mapping[str, Any], *, retry: bool = True,
                   window: Optional[float] = None) -> Dict[str, Any]:
        """POST one activity; returns the connector's answer, raises SendFailed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (window or self.window)
        attempt = 0
        while True:
            try:
                token = await asyncio.wait_for(self.token.get(), max(0.0, deadline - loop.time()))
                remaining = aiohttp.ClientTimeout(total=max(0.1, deadline - loop.time()),
                                                  connect=CONNECT_TIMEOUT)
                async with self._http().post(url, json=activity, timeout=remaining,
                                             headers={"Authorization": f"Bearer {token}"}) as answer:
                    if answer.status < 300:
                        return await answer.json(content_type=None) or {}
                    failure = f"HTTP {answer.status} {(await answer.text())[:300]}"
                    if answer.status not in RETRY_STATUSES:
                        raise SendFailed(failure)
                    delay = retry_delay(attempt, answer.headers.get("Retry-After"))
            except TokenUnavailable as error:
                raise SendFailed(str(error)) from error
            except asyncio.TimeoutError:
                raise SendFailed(f"no answer within {window or self.window:g} s") from None
            except aiohttp.ClientConnectorError as error:  # not connected: nothing was delivered
                failure, delay = f"cannot connect: {error}", retry_delay(attempt)
            except aiohttp.ClientError as error:  # the connector may have it: do not repeat
                raise SendFailed(f"{type(error).__name__}: {error}") from error
            if not retry or loop.time() + delay >= deadline:
                raise SendFailed(f"{failure}; gave up after {attempt + 1} attempt(s)")
            logger.info("Bot Connector answered %s; retrying in %.1f s.", failure, delay)
            await asyncio.sleep(delay)
            attempt += 1
