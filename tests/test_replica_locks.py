"""Two replicas sharing one conversation's lock in Redis (bot/rasa_server/lock_store.py).

Each test makes the other replica act at the worst moment: between one replica reading the
lock and writing it back. Rasa's own lock store lost a ticket there (the click sent by Teams
the moment the buttons arrived, to the other replica, failed to take the lock) or gave two
replicas the same ticket (both answer at once). Needs Redis on loopback
(`scripts/ci-services.sh`); fails, never skips, without.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import read_endpoint_config

from ci_services import SERVICES, require_redis, setting
from servers import PROJECT


def replica() -> LockStore:
    """A lock store exactly as `rasa run` builds it from endpoints.scale.yml."""
    config = read_endpoint_config(str(PROJECT / "endpoints.scale.yml"), "lock_store")
    config.url, config.kwargs["port"] = setting("REDIS_HOST"), int(setting("REDIS_PORT"))
    return LockStore.create(config)


@pytest.fixture
def replicas(monkeypatch):
    require_redis()
    for name, value in {**{name: setting(name) for name in SERVICES},  # the file's ${...}
                        "ACTION_ENDPOINT_URL": "http://127.0.0.1:5055/webhook"}.items():
        monkeypatch.setenv(name, value)
    return replica(), replica()


def once_in_between(monkeypatch, method: str, other_move) -> list:
    """Run `other_move()` the first time a replica calls TicketLock.`method`, i.e. after it
    read the lock from Redis and before it writes it back. Returns what the move returned."""
    original, moves, started = getattr(TicketLock, method), [], []

    def interleaved(self, *args, **kwargs):
        if not started:  # the other replica's own call goes straight through
            started.append(True)
            moves.append(other_move())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TicketLock, method, interleaved)
    return moves


def test_a_click_arriving_while_the_other_replica_releases_the_lock_still_gets_it(
        replicas, monkeypatch):
    first, second = replicas
    sender = f"replicas-{uuid.uuid4().hex}"
    moves = once_in_between(monkeypatch, "remove_ticket_for",
                            lambda: second.issue_ticket(sender))

    async def turns() -> str:
        async with first.lock(sender):
            pass  # the first turn is answered; releasing its lock meets the click
        [ticket] = moves
        acquired = await asyncio.wait_for(second._acquire_lock(sender, ticket, 0.01), 5)
        try:
            return f"the click is answered with ticket {acquired.now_serving}"
        finally:
            second.cleanup(sender, ticket)

    assert asyncio.run(turns()) == f"the click is answered with ticket {moves[0]}"
    assert first.get_lock(sender) is None  # released by both: nothing left behind


def test_two_replicas_taking_a_ticket_at_once_never_share_it(replicas, monkeypatch):
    first, second = replicas
    sender = f"replicas-{uuid.uuid4().hex}"
    moves = once_in_between(monkeypatch, "issue_ticket", lambda: second.issue_ticket(sender))
    try:
        mine = first.issue_ticket(sender)
        [theirs] = moves
        assert mine != theirs
        lock = first.get_lock(sender)
        assert [ticket.number for ticket in lock.tickets] == [theirs, mine]
        assert not lock.is_locked(theirs) and lock.is_locked(mine)  # one answers, one waits
    finally:
        first.delete_lock(sender)
