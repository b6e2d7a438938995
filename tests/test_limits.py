"""Limits per client (bot/rasa_server/limits.py): counted per minute in memory, or in Redis
shared by replicas; a Redis that does not answer never costs a visitor their answer."""

import asyncio
import uuid

import pytest

from bot.rasa_server import limits
from bot.rasa_server.limits import Limiter, redis_client_like


def hits(limiter, name, client, n):
    async def go():
        return [await limiter.hit(name, client) for _ in range(n)]

    return asyncio.run(go())


@pytest.fixture
def frozen_minute(monkeypatch):
    """Time stands at the start of a minute, so a test's requests fall in one window."""
    monkeypatch.setattr(limits.time, "time", lambda: 1_800_000_000.0)


def test_a_client_is_refused_past_its_limit_until_the_minute_ends(frozen_minute):
    verdicts = hits(Limiter(), "rest_per_address", "10.0.0.1", 62)
    assert all(v.allowed for v in verdicts[:60])
    assert not verdicts[60].allowed and verdicts[60].retry_after == 60
    assert hits(Limiter(), "rest_per_address", "10.0.0.2", 1)[0].allowed


def test_a_limit_can_be_changed_or_turned_off_in_the_environment(frozen_minute, monkeypatch):
    monkeypatch.setenv("PATHWAY_LIMIT_REST_PER_ADDRESS", "2")
    assert [v.allowed for v in hits(Limiter(), "rest_per_address", "a", 3)] == [True, True, False]
    monkeypatch.setenv("PATHWAY_LIMIT_REST_PER_ADDRESS", "0")
    assert all(v.allowed for v in hits(Limiter(), "rest_per_address", "a", 500))


def test_memory_stays_bounded_when_many_clients_come(frozen_minute, monkeypatch):
    monkeypatch.setattr(limits, "MAX_MEMORY_KEYS", 1000)
    limiter = Limiter()
    for n in range(5000):
        hits(limiter, "rest_per_address", f"client-{n}", 1)
    assert len(limiter._counts) <= 1000


class HangingRedis:
    """A Redis client whose every call hangs (as a Redis that accepts and never answers)."""

    def pipeline(self, transaction=True):
        return self

    def incrby(self, *args):
        pass

    def expire(self, *args):
        pass

    async def execute(self):
        await asyncio.sleep(3600)



def test_a_hanging_redis_is_left_for_memory_within_a_fraction_of_a_second(frozen_minute):
    limiter = Limiter()
    limiter.use_redis(HangingRedis())

    async def go():
        return [await limiter.hit("rest_per_address", "x") for _ in range(61)]

    # asyncio.wait_for bounds each Redis call by REDIS_SECONDS; then 30 s in memory
    verdicts = asyncio.run(asyncio.wait_for(go(), 10))  # a guard, not a speed test
    assert all(v.allowed for v in verdicts[:60]) and not verdicts[60].allowed


def test_replicas_share_counts_in_redis(frozen_minute):
    import redis

    from ci_services import require_redis, setting

    require_redis()
    sync = redis.StrictRedis(host=setting("REDIS_HOST"), port=int(setting("REDIS_PORT")),
                             password=setting("REDIS_PASSWORD") or None)
    client = f"shared-{uuid.uuid4().hex}"

    async def two_replicas():
        first, second = Limiter(), Limiter()
        first.use_redis(redis_client_like(sync))
        second.use_redis(redis_client_like(sync))
        return [await (first if n % 2 else second).hit("rest_per_address", client)
                for n in range(70)]

    verdicts = asyncio.run(two_replicas())
    assert sum(v.allowed for v in verdicts) == 60  # one count for both, not 60 each
