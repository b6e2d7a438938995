"""Soak test: many concurrent users over the REST channel for a fixed time, real servers.

Starts `python -m rasa_sdk` and `rasa run` on free ports (helpers from bench/latency.py), then
50 users (default) hold scripted conversations back to back, without pauses, for 60 seconds.
Prints errors (non-200, empty reply, client error; target 0), apologies (action server too
slow, see bot/action_fallback.py), p50/p95/p99, messages per second, and the memory (RSS) of
both servers before and after.

    python bench/soak.py [--users 50] [--seconds 60] [--credentials credentials.yml]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.latency import (CONVERSATIONS, PROJECT, VENV_BIN, free_port,  # noqa: E402
                           percentile, rss_mb, wait_ready)
from bot.action_fallback import apology  # noqa: E402


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


async def run(args: argparse.Namespace) -> None:
    action_port, rasa_port = free_port(), free_port()
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false",
           "PYTHONWARNINGS": "ignore"}
    with tempfile.TemporaryDirectory() as tmp:
        env["PATHWAY_UNANSWERED_FILE"] = str(Path(tmp) / "unanswered.jsonl")
        env["PATHWAY_FEEDBACK_FILE"] = str(Path(tmp) / "feedback.jsonl")
        endpoints = Path(tmp) / "endpoints.yml"
        endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
        logs = open(Path(tmp) / "servers.log", "w")
        actions = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
             "--port", str(action_port)], cwd=PROJECT, env=env, stdout=logs, stderr=logs)
        server = subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "--model", args.model, "--endpoints", str(endpoints),
             "--credentials", args.credentials, "--port", str(rasa_port)],
            cwd=PROJECT, env=env, stdout=logs, stderr=logs)
        try:
            await wait_ready(f"http://127.0.0.1:{action_port}/health", 60)
            await wait_ready(f"http://127.0.0.1:{rasa_port}/", 120)
            url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
            await soak(url, 1, 3)  # the first replies load the model's lazy parts
            before = rss_mb(server.pid), rss_mb(actions.pid)
            print(f"{args.users} users, {args.seconds:.0f} s, credentials {args.credentials}")
            print(f"memory before: rasa {before[0]:.0f} MB, actions {before[1]:.0f} MB")
            started = time.perf_counter()
            stats = await soak(url, args.users, args.seconds)
            elapsed = time.perf_counter() - started
            after = rss_mb(server.pid), rss_mb(actions.pid)
            timings = stats["timings"]
            print(f"messages {len(timings)}, {len(timings) / elapsed:.1f} msg/s")
            print(f"p50 {percentile(timings, 50):.0f} ms, p95 {percentile(timings, 95):.0f} ms, "
                  f"p99 {percentile(timings, 99):.0f} ms, max {max(timings) * 1000:.0f} ms")
            print(f"errors {len(stats['errors'])} (target 0), apologies {len(stats['apologies'])}")
            for error in stats["errors"][:5]:
                print(f"  error: {error}")
            print(f"memory after: rasa {after[0]:.0f} MB, actions {after[1]:.0f} MB")
            alive = server.poll() is None and actions.poll() is None
            print(f"servers still running: {'yes' if alive else 'NO'}")
            if stats["errors"] or not alive:
                raise SystemExit(1)
        finally:
            for process in (server, actions):
                process.terminate()
            for process in (server, actions):
                process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/pathway.tar.gz")
    parser.add_argument("--credentials", default="credentials.yml")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
