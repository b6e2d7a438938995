"""What one hostile client costs everyone else, on the real servers (as bench/latency.py starts
them: `rasa run` through the project's patches, the action server, SQLite tracker store).

Prints:
- a flood: one client sending as fast as it can on 8 connections for `--flood` seconds, while
  one visitor chats from another address: the flood's requests served and refused (429), and
  the visitor's p50/p95 during the flood against the same visitor without it (goal: p95 at
  most 2x);
- bodies: the time to refuse a 1 MB REST body and a body declaring 100 MB (413, unread);
- one long conversation of 400 turns: the median turn at turns 1-20 against 381-400 (goal: at
  most 1.5x; sessions are cut at bot/rasa_server/session_cap.py's MAX_SESSION_EVENTS).

The server trusts one proxy's X-Forwarded-For (SANIC_PROXIES_COUNT=1, as behind the ingress),
so the flood, the visitor and the long conversation each speak from an address of their own.

    python bench/abuse.py [--model models/pathway.tar.gz] [--flood 10] [--turns 400]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import socket
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import List

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from latency import CONVERSATIONS, NO_LIMITS, percentile, servers  # noqa: E402

VISITOR_MESSAGES = 120


async def post(session: aiohttp.ClientSession, url: str, address: str, sender: str,
               text: str) -> int:
    async with session.post(url, json={"sender": sender, "message": text},
                            headers={"X-Forwarded-For": address}) as response:
        await response.read()
        return response.status


_visitor_addresses = itertools.count()


async def visitor(session: aiohttp.ClientSession, url: str, messages: int) -> List[float]:
    """Visitors chatting without pause, one after another: the seconds each reply took. Each
    conversation (four messages) comes from an address of its own, as visitors do."""
    timings, sender, address = [], "", ""
    for n in range(messages):
        conversation = CONVERSATIONS[(n // 4) % len(CONVERSATIONS)]
        if n % 4 == 0:
            sender = f"visitor-{uuid.uuid4().hex}"
        if n % 4 == 0:
            k = next(_visitor_addresses)
            address = f"198.51.{k // 250}.{k % 250}"
        started = time.perf_counter()
        status = await post(session, url, address, sender, conversation[n % len(conversation)])
        timings.append(time.perf_counter() - started)
        assert status == 200, status
    return timings


async def flood(session: aiohttp.ClientSession, url: str, seconds: float) -> List[int]:
    """Eight connections from one address sending as fast as they can, each request a new
    conversation (so no lock holds them back): their statuses."""
    statuses: List[int] = []
    deadline = time.perf_counter() + seconds

    async def one() -> None:
        while time.perf_counter() < deadline:
            statuses.append(await post(session, url, "203.0.113.66", uuid.uuid4().hex, "hi"))

    await asyncio.gather(*(one() for _ in range(8)))
    return statuses


def declared_body(port: int, length: int) -> float:
    """Seconds until the server refuses a REST request that declares `length` bytes, unsent."""
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(f"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     f"application/json\r\nContent-Length: {length}\r\n\r\n".encode())
        status = conn.recv(100).split(b" ")[1]
    assert status == b"413", status
    return time.perf_counter() - started


async def main(args: argparse.Namespace) -> None:
    limits_on = {name: "" for name in NO_LIMITS}  # the defaults
    async with servers(args.model, extra_env={"SANIC_PROXIES_COUNT": "1", **limits_on}) as (url, *_):
        port = int(url.split(":")[2].split("/")[0])
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            await visitor(session, url, 20)  # warm-up
            quiet = await visitor(session, url, VISITOR_MESSAGES)
            flood_task = asyncio.ensure_future(flood(session, url, args.flood))
            await asyncio.sleep(0.5)
            busy = []
            while not flood_task.done():
                busy += await visitor(session, url, 8)
            statuses = await flood_task
        print(f"flood: {len(statuses)} requests in {args.flood:g} s from one address on 8 "
              f"connections: {statuses.count(200)} served, {statuses.count(429)} refused (429), "
              f"{len(statuses) - statuses.count(200) - statuses.count(429)} other")
        print(f"another visitor, no pause: p50 {percentile(quiet, 50):.1f} ms, p95 "
              f"{percentile(quiet, 95):.1f} ms without the flood ({len(quiet)} messages); "
              f"p50 {percentile(busy, 50):.1f} ms, p95 {percentile(busy, 95):.1f} ms during it "
              f"({len(busy)} messages): p95 x{percentile(busy, 95) / percentile(quiet, 95):.2f}")

        body = b'{"sender": "big", "message": "' + b"a" * 1_000_000 + b'"}'
        refusals = []
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for n in range(5):
                started = time.perf_counter()
                async with session.post(url, data=body, headers={
                        "Content-Type": "application/json",
                        "X-Forwarded-For": f"192.0.2.{n}"}) as response:
                    await response.read()
                    assert response.status == 413, response.status
                refusals.append(time.perf_counter() - started)
        declared = [declared_body(port, 100_000_000) for _ in range(5)]
        print(f"1 MB body refused (413) in {statistics.median(refusals) * 1000:.1f} ms "
              f"(median of 5); a body declaring 100 MB in "
              f"{statistics.median(declared) * 1000:.1f} ms, before it is sent")

        turns: List[float] = []
        sender = f"long-{uuid.uuid4().hex}"
        questions = [text for conversation in CONVERSATIONS for text in conversation]
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for n in range(args.turns):
                started = time.perf_counter()
                status = await post(session, url, f"192.0.{2 + n // 4}.1", sender,
                                    questions[n % len(questions)])
                turns.append(time.perf_counter() - started)
                assert status == 200, status
        early = statistics.median(turns[:20]) * 1000
        late = statistics.median(turns[-20:]) * 1000
        print(f"one conversation of {args.turns} turns: median turn {early:.1f} ms at turns "
              f"1-20, {late:.1f} ms at turns {args.turns - 19}-{args.turns}: x{late / early:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="models/pathway.tar.gz")
    parser.add_argument("--flood", type=float, default=10.0, help="seconds of flood")
    parser.add_argument("--turns", type=int, default=400)
    asyncio.run(main(parser.parse_args()))
