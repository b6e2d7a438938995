"""How much one client may ask of the server: counts per window, per client, per channel.

A fixed window: each (limit, client) pair has a counter for the current window (a minute, or
a second for the limits on bursts); past the limit the request is refused until the window
ends (`Retry-After`). On one machine
the counters are in this process's memory; with replicas (a Redis lock store in the endpoints
file) they are in that Redis, so every replica counts the same client alike. When Redis does
not answer within `REDIS_SECONDS`, this replica counts in memory until it does again: a limit
must never be why a visitor gets no answer.

Why not a library: `limits`, the obvious fit, needs packaging>=21 where Rasa 3.6.21 pins it
below 21; pyrate-limiter keeps a bucket (a Redis sorted set) per client with no expiry, and its
Redis support needs redis>=6.2 where Rasa pins 4.x. A fixed window is one INCR and one EXPIRE.

The limits (`PATHWAY_LIMIT_<NAME>` in the environment changes one, 0 turns it off):
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

logger = logging.getLogger(__name__)

REDIS_SECONDS = 0.25
#: Counters kept in memory at once; past it the old windows are dropped, then all of them.
MAX_MEMORY_KEYS = 100_000
KEY_PREFIX = "pathway:limit"

#: name -> (default count, window in seconds, what it counts).
LIMITS: Dict[str, Tuple[int, int, str]] = {
    "rest_per_address": (60, 60, "REST messages from one address"),
    "rest_burst_per_address": (5, 1, "REST messages from one address"),
    "socket_connections_per_address": (30, 60, "new Socket.IO connections from one address"),
    "socket_sessions_per_address": (30, 60, "conversations started or resumed from one address"),
    "socket_messages_per_session": (20, 60, "widget messages in one conversation"),
    "socket_messages_per_address": (120, 60, "widget messages from one address"),
    "socket_burst_per_address": (10, 1, "widget messages from one address"),
    "feedback_per_session": (10, 60, "thumbs up/down in one conversation"),
    "feedback_per_address": (30, 60, "thumbs up/down from one address"),
    "teams_per_conversation": (30, 60, "Teams messages in one conversation"),
}
__doc__ += "\n".join(f"- {name}: {count} a {'minute' if window == 60 else 'second'} ({what})"
                     for name, (count, window, what) in LIMITS.items())

#: What a visitor over a limit is told (the widget shows it as a reply; HTTP sends it in 429).
SLOW_DOWN = ("You're sending messages faster than I can answer. Please wait a minute, "
             "then try again.")


def allowed_per_window(name: str) -> int:
    """The limit `name` from the environment, else its default."""
    value = os.environ.get(f"PATHWAY_LIMIT_{name.upper()}")
    return int(value) if value not in (None, "") else LIMITS[name][0]


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds until the window ends, when refused


class Limiter:
    """Fixed-window counters, in Redis when one is given, else in memory."""

    def __init__(self) -> None:
        self._counts: Dict[str, Tuple[int, int]] = {}  # key -> (window, count)
        self._redis: Any = None
        self._redis_down_until = 0.0

    def use_redis(self, client: Any) -> None:
        """Count in this Redis from now on (a `redis.asyncio.Redis`)."""
        self._redis = client

    async def hit(self, name: str, client: str, cost: int = 1) -> Verdict:
        """Count one request of `client` against the limit `name`."""
        limit, seconds = allowed_per_window(name), LIMITS[name][1]
        if limit <= 0:
            return Verdict(True)
        now = time.time()
        window = int(now // seconds)
        key = f"{KEY_PREFIX}:{name}:{client}:{window}"
        count = (await self._count_in_redis(key, cost, seconds) if self._redis is not None
                 else None)
        if count is None:
            count = self._count_in_memory(key, window * seconds, cost)
        if count <= limit:
            return Verdict(True)
        return Verdict(False, max(1, int((window + 1) * seconds - now + 0.999)))

    async def hit_all(self, names: Tuple[str, ...], client: str) -> Verdict:
        """Count one request against each limit in turn; the first refusal, else allowed."""
        for name in names:
            verdict = await self.hit(name, client)
            if not verdict.allowed:
                return verdict
        return Verdict(True)

    async def _count_in_redis(self, key: str, cost: int, seconds: int) -> Optional[int]:
        if time.monotonic() < self._redis_down_until:
            return None
        try:
            pipe = self._redis.pipeline(transaction=True)
            pipe.incrby(key, cost)
            pipe.expire(key, seconds + 5)
            count, _ = await asyncio.wait_for(pipe.execute(), REDIS_SECONDS)
            return int(count)
        except Exception as error:  # noqa: BLE001 - any Redis failure: count in memory
            self._redis_failed(error)
            return None

    def _redis_failed(self, error: Exception) -> None:
        """Count in memory for the next 30 s, and say so once."""
        if time.monotonic() >= self._redis_down_until:
            logger.error("Rate limits: Redis did not answer (%s); counting in this replica's "
                         "memory for 30 s.", type(error).__name__)
        self._redis_down_until = time.monotonic() + 30

    def _count_in_memory(self, key: str, window: int, cost: int) -> int:
        """`window` is the window's start in seconds, so old windows of every length compare."""
        seen_window, count = self._counts.get(key, (window, 0))
        count = (count if seen_window == window else 0) + cost
        if key not in self._counts:
            self._make_room()
        self._counts[key] = (window, count)
        return count

    def _make_room(self) -> None:
        """Past `MAX_MEMORY_KEYS`: drop the windows that have ended (none is over a minute)."""
        if len(self._counts) < MAX_MEMORY_KEYS:
            return
        current = int(time.time()) - 60
        self._counts = {k: v for k, v in self._counts.items() if v[0] > current}
        if len(self._counts) >= MAX_MEMORY_KEYS:
            self._counts.clear()


#: The process's one limiter; `bot.rasa_server.http_guard` points it at Redis at start-up.
LIMITER = Limiter()


def redis_client_like(sync_client: Any) -> Any:
    """An asyncio Redis client to the same server as a lock store's `redis.StrictRedis`,
    with the limiter's short timeouts."""
    import redis.asyncio as aioredis
    from redis.connection import SSLConnection

    kwargs = dict(sync_client.connection_pool.connection_kwargs)
    ssl = issubclass(sync_client.connection_pool.connection_class, SSLConnection)
    keep = ("host", "port", "db", "username", "password", "ssl_keyfile", "ssl_certfile",
            "ssl_cert_reqs", "ssl_ca_certs")
    options = {k: v for k, v in kwargs.items() if k in keep and v is not None}
    return aioredis.Redis(**options, ssl=ssl, socket_timeout=REDIS_SECONDS,
                          socket_connect_timeout=REDIS_SECONDS, socket_keepalive=True)
