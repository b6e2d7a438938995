"""Redis lock store that cannot freeze the server when Redis hangs.

Rasa locks each conversation while it handles a message (`Agent.handle_message` wraps the turn in
`lock_store.lock(sender_id)`), so two replicas never answer one conversation at once. Rasa's
`RedisLockStore` makes that lock's Redis calls (a ticket: GET and SET; the wait: a GET per
second; the release: GET, SET, GET and DEL) with the blocking client, on the event loop, with a
10 s socket timeout and no connect timeout: a Redis that accepts connections but does not answer
froze every conversation of the replica for 10 s and more per call.

This subclass keeps every one of those calls off the event loop, on a small thread pool of its
own, each step with a deadline (`connect_timeout + socket_timeout`, 2 s by default), and gives
the client short socket timeouts, TCP keepalives and health checks. When Redis cannot be
reached or does not answer, taking the lock fails within about a second with Rasa's
`LockError`: the channels then send the apology, and the event loop has served everyone else
meanwhile. A lock that cannot be released is logged; it expires by itself after its lifetime
(`TICKET_LOCK_LIFETIME`, 60 s by default).

Why off the loop, and not only short timeouts on it: a lock is at least six round trips, a
health check adds a PING, and the socket timeouts do not cover a DNS lookup of the Redis host;
with the calls on the loop a hung Redis would still freeze it for several seconds per turn.
The short timeouts are there too so that a thread waiting on a hung Redis is free again soon.

Each change of a lock is also one atomic step (Redis WATCH/MULTI/EXEC, retried if another
replica changed the lock meanwhile). Rasa reads the lock, changes it and writes it back in
separate calls: a replica releasing the lock (remove its ticket; nobody waiting? delete the
lock) could delete the ticket another replica had just taken, whose turn then failed with
`LockError` ("Could not acquire lock"), and two replicas taking a ticket at once could take the
same one and answer one conversation together. A click sent by Teams the moment the buttons
arrived, to the other replica, met exactly that.

Configured in endpoints.scale.yml (Rasa imports it by module path and passes the endpoint
config, so the keys are the ones of Rasa's `type: redis`, plus the timeouts below):

    lock_store:
      type: bot.rasa_server.lock_store.TimeLimitedRedisLockStore
      url: ${REDIS_HOST}
      port: ${REDIS_PORT}
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Callable, Dict, Optional, Text, Tuple, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_server.stores import DeadlineCalls, StoreTimeout, shown

logger = logging.getLogger(__name__)

#: Seconds to open a connection to Redis (TCP, and TLS when `use_ssl`): on a working network
#: Redis connects in milliseconds.
DEFAULT_CONNECT_TIMEOUT = 1.0
#: Seconds to wait for Redis's answer to one command: a GET or SET of a lock takes well under a
#: millisecond, so 1 s means Redis is not answering; the turn fails fast with the apology.
DEFAULT_SOCKET_TIMEOUT = 1.0
#: A pooled connection idle for longer is PINGed before use, so one that Redis or a firewall
#: dropped meanwhile is replaced instead of failing a turn.
DEFAULT_HEALTH_CHECK_INTERVAL = 30
#: Threads for the lock's Redis calls (each turn makes its calls one after another).
LOCK_THREADS = 4
#: TCP keepalive on idle connections: first probe after 30 s, then every 10 s, 3 unanswered
#: probes close the connection (Linux option names; skipped where the platform lacks them).
KEEPALIVE = {"TCP_KEEPIDLE": 30, "TCP_KEEPINTVL": 10, "TCP_KEEPCNT": 3}

Result = TypeVar("Result")
#: What a change of a lock returns for the lock to keep: this, to write nothing.
UNCHANGED = object()


def keepalive_options() -> Dict[int, int]:
    return {getattr(socket, name): value for name, value in KEEPALIVE.items()
            if hasattr(socket, name)}


def _flag(value: Any) -> bool:
    """A yes/no from the endpoints file, where `${VAR}` expands to a string."""
    return value if isinstance(value, bool) else str(value).strip().lower() in (
        "1", "true", "yes", "on")


class TimeLimitedRedisLockStore(RedisLockStore):
    """RedisLockStore whose Redis calls run off the event loop with a deadline (see the
    module doc)."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None,
                 host: Text = "localhost", port: Any = 6379, db: Any = 1,
                 username: Optional[Text] = None, password: Optional[Text] = None,
                 use_ssl: Any = False, ssl_certfile: Optional[Text] = None,
                 ssl_keyfile: Optional[Text] = None, ssl_ca_certs: Optional[Text] = None,
                 ssl_cert_reqs: Text = "required", ssl_check_hostname: Any = False,
                 key_prefix: Optional[Text] = None,
                 socket_timeout: Any = DEFAULT_SOCKET_TIMEOUT,
                 socket_connect_timeout: Any = DEFAULT_CONNECT_TIMEOUT,
                 health_check_interval: Any = DEFAULT_HEALTH_CHECK_INTERVAL) -> None:
        if endpoint_config is not None:  # how Rasa builds a lock store from a module path
            try:
                self.__init__(host=endpoint_config.url or host, **endpoint_config.kwargs)
            except TypeError as error:  # a misspelt key: say where
                raise TypeError(f"lock_store in the endpoints file: {error}") from None
            return
        socket_timeout, socket_connect_timeout = float(socket_timeout), float(
            socket_connect_timeout)
        super().__init__(host=host, port=int(port), db=int(db), key_prefix=key_prefix)
        self.red = redis.StrictRedis(
            host=host, port=int(port), db=int(db), username=username or None,
            password=password or None, ssl=_flag(use_ssl), ssl_certfile=ssl_certfile,
            ssl_keyfile=ssl_keyfile, ssl_ca_certs=ssl_ca_certs, ssl_cert_reqs=ssl_cert_reqs,
            ssl_check_hostname=_flag(ssl_check_hostname),
            socket_timeout=socket_timeout, socket_connect_timeout=socket_connect_timeout,
            socket_keepalive=True, socket_keepalive_options=keepalive_options(),
            health_check_interval=int(health_check_interval), retry_on_timeout=False)
        self.where = f"Redis at {host}:{port}"  # for log lines: never the password
        # Each step: a connection, then an answer; the socket timeouts normally fire first
        # with Redis's own error, the deadline covers what they do not (a DNS lookup, a
        # thread pool full of calls to a hung Redis).
        self._calls = DeadlineCalls("lock-store", LOCK_THREADS,
                                    socket_connect_timeout + socket_timeout)

    def _change_lock(self, conversation_id: Text,
                     change: Callable[[Optional[TicketLock]], Tuple[Any, Result]]) -> Result:
        """Read the lock, `change` it, and write what `change` returns (a lock to save, None to
        delete, UNCHANGED to leave), all in one Redis transaction: if another replica changed
        the lock in between, Redis refuses the write and the change is made again on the new
        lock. Returns `change`'s result."""
        key = self.key_prefix + conversation_id

        def attempt(pipe: Any) -> Result:
            stored = pipe.get(key)  # watched: immediate, before MULTI
            lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
            pipe.multi()
            if lock is None:
                pipe.delete(key)
            elif lock is not UNCHANGED:
                pipe.set(key, lock.dumps())
            return result

        return self.red.transaction(attempt, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """Rasa's, as one atomic change: two replicas never take the same ticket."""
        def take(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change_lock(conversation_id, take)
        except Exception as error:  # as Rasa's: _call reports the cause
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        """Rasa's (drop expired tickets), as one atomic change."""
        def drop_expired(lock: Optional[TicketLock]) -> Tuple[Any, None]:
            if lock is None:
                return UNCHANGED, None
            lock.remove_expired_tickets()
            return lock, None

        self._change_lock(conversation_id, drop_expired)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Rasa's (remove the ticket; delete the lock if nobody waits), as one atomic change,
        so a ticket another replica takes meanwhile is never deleted with the lock."""
        def release(lock: Optional[TicketLock]) -> Tuple[Any, None]:
            if lock is None:
                return UNCHANGED, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change_lock(conversation_id, release)

    async def _call(self, conversation_id: Text, what: str,
                    function: Callable[..., Result], *args: Any) -> Result:
        """`function(*args)` off the event loop; LockError if Redis fails or is too slow."""
        try:
            return await self._calls.run(function, *args)
        except (StoreTimeout, redis.RedisError, OSError, LockError) as error:
            cause = (error.__cause__ or error.__context__ or error) if isinstance(
                error, LockError) else error  # issue_ticket wraps Redis's error in a LockError
            reason = (str(cause).strip().splitlines() or [type(cause).__name__])[-1]
            if isinstance(cause, ValueError):  # e.g. an id Redis's client cannot encode
                logger.warning("Could not %s conversation %s in the lock store (%s: %s).",
                               what, shown(conversation_id), type(cause).__name__, reason)
            else:
                logger.error("Could not %s conversation %s in the lock store, %s (%s). Is "
                             "Redis up?", what, shown(conversation_id), self.where, reason)
            raise LockError(f"Could not {what} conversation {shown(conversation_id)} in the "
                            f"lock store, {self.where}: {reason}") from None

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        """Rasa's `LockStore.lock`, its Redis calls off the event loop. Raises LockError if
        Redis does not answer; a lock that cannot be released is logged (it expires)."""
        ticket = await self._call(conversation_id, "lock", self.issue_ticket, conversation_id,
                                  lock_lifetime)
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            try:
                await self._call(conversation_id, "release the lock of", self.cleanup,
                                 conversation_id, ticket)
            except LockError:
                logger.error("The lock of conversation %s stays in Redis until it expires, "
                             "in at most %g s.", shown(conversation_id), lock_lifetime)

    async def _acquire_lock(self, conversation_id: Text, ticket: int,
                            wait_time_in_seconds: float) -> TicketLock:
        """Rasa's `LockStore._acquire_lock`, its Redis calls off the event loop."""
        while True:
            lock = await self._call(conversation_id, "read the lock of", self.get_lock,
                                    conversation_id)
            if not lock:
                break
            if not lock.is_locked(ticket):
                logger.debug("Acquired lock for conversation '%s'.", conversation_id)
                return lock
            await asyncio.sleep(wait_time_in_seconds)
            await self._call(conversation_id, "update the lock of", self.update_lock,
                             conversation_id)
        raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
