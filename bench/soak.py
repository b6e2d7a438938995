"""Soak test: many concurrent users over the REST channel for a fixed time, real servers.

Starts `python -m rasa_sdk` and `rasa run` on free ports (helpers from bench/latency.py), then
50 users (default) hold scripted conversations back to back, without pauses, for 60 seconds.
Prints errors (non-200, empty reply, client error; target 0), apologies (action server too
slow, see bot/rasa_server/action_fallback.py), p50/p95/p99, messages per second, the memory (RSS) of
both servers before and after, and, with the project's SQLite tracker store (the default), how
many answered messages were not stored (target 0).

    python bench/soak.py [--users 50] [--seconds 60] [--credentials credentials.yml] [--in-memory]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.latency import CONVERSATIONS, percentile, rss_mb, servers  # noqa: E402
from bot.rasa_server.action_fallback import apology  # noqa: E402


async def user(session: aiohttp.ClientSession, url: str, deadline: float,
               stats: Dict[str, List]) -> None:
    index = 0
    while time.perf_counter() < deadline:
        sender = f"soak-{uuid.uuid4().hex}"
        for text in CONVERSATIONS[index % len(CONVERSATIONS)]:
            if time.perf_counter() >= deadline:
                return
            started = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": text}) as r:
                    body = await r.json(content_type=None)
                    if r.status != 200 or not body or not body[0].get("text"):
                        stats["errors"].append(f"{r.status} {body!r:.80}")
                    elif body[0]["text"] == apology():
                        stats["apologies"].append(text)
            except Exception as error:  # noqa: BLE001 - every failure counts as an error
                stats["errors"].append(repr(error))
            stats["timings"].append(time.perf_counter() - started)
        index += 1


async def soak(url: str, users: int, seconds: float) -> Dict[str, List]:
    stats: Dict[str, List] = {"timings": [], "errors": [], "apologies": []}
    deadline = time.perf_counter() + seconds
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30),
                                     connector=aiohttp.TCPConnector(limit=users)) as session:
        await asyncio.gather(*(user(session, url, deadline, stats) for _ in range(users)))
    return stats


def stored_user_messages(db: Path) -> int:
    """User turns written to the SQLite tracker store (the project's default) by the servers."""
    with contextlib.closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT count(*) FROM events WHERE type_name = 'user'"
                                  ).fetchone()[0]


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = None if args.in_memory else Path(tmp) / "tracker.db"
        async with servers(args.model, args.credentials, tracker_store=not args.in_memory,
                           db=db) as (url, server, actions, _):
            await soak(url, 1, 3)  # the first replies load the model's lazy parts
            warm_up = stored_user_messages(db) if db else 0
            before = rss_mb(server.pid), rss_mb(actions.pid)
            print(f"{args.users} users, {args.seconds:.0f} s, credentials {args.credentials}, "
                  f"conversations {'in memory' if db is None else 'in SQLite (endpoints.yml)'}")
            print(f"memory before: rasa {before[0]:.0f} MB, actions {before[1]:.0f} MB")
            started = time.perf_counter()
            stats = await soak(url, args.users, args.seconds)
            elapsed = time.perf_counter() - started
            after = rss_mb(server.pid), rss_mb(actions.pid)
            alive = server.poll() is None and actions.poll() is None
            timings = stats["timings"]
            print(f"messages {len(timings)}, {len(timings) / elapsed:.1f} msg/s")
            print(f"p50 {percentile(timings, 50):.0f} ms, p95 {percentile(timings, 95):.0f} ms, "
                  f"p99 {percentile(timings, 99):.0f} ms, max {max(timings) * 1000:.0f} ms")
            print(f"errors {len(stats['errors'])} (target 0), apologies {len(stats['apologies'])}")
            for error in stats["errors"][:5]:
                print(f"  error: {error}")
            print(f"memory after: rasa {after[0]:.0f} MB, actions {after[1]:.0f} MB")
            print(f"servers still running: {'yes' if alive else 'NO'}")
            lost = 0
            if db:
                stored = stored_user_messages(db) - warm_up
                lost = len(timings) - len(stats["errors"]) - stored
                print(f"user messages stored {stored} of {len(timings) - len(stats['errors'])} "
                      f"answered (lost: {lost})")
            if stats["errors"] or not alive or lost:
                raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/pathway.tar.gz")
    parser.add_argument("--credentials", default="credentials.yml")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--in-memory", action="store_true",
                        help="keep conversations in memory instead of the SQLite tracker store")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
