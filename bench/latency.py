"""Latency over the REST channel with the real server and the real action server.

Starts `python -m rasa_sdk` and `rasa run` (with the project's endpoints.yml, tracker store
included, on a temporary database) on free ports, waits until both answer, then sends
scripted conversations over the REST channel and prints p50/p95/p99 per message, errors,
messages per second, server start-up time and memory (RSS) per process, for two kinds of load:

- chatting: 5, 20 and 50 users, each pausing 1 to 3 s between a reply and their next
  message (a quick reader; people take longer), which is how concurrent users of a chat
  assistant behave;
- no pause: 1, 5 and 20 users sending their next message the moment the reply arrives, the
  most one server can take (20 such users send as much as hundreds of real ones).

With several --model values (e.g. the project's and Rasa's default config, both trained by
bench/train.py), each is served and measured in turn, the same way.

    python bench/latency.py [--model models/pathway.tar.gz ...] [--messages 200]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, AsyncIterator, List, Optional, Tuple

import aiohttp
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.rasa_server.limits import LIMITS  # noqa: E402

#: Every limit per client off (0): the simulated visitors all come from 127.0.0.1.
NO_LIMITS = {f"PATHWAY_LIMIT_{name.upper()}": "0" for name in LIMITS}

PROJECT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CONVERSATIONS = [
    ["tell me about the IPP", "how long does it take?", "who can do it?", "thanks"],
    ["what roles are there?", "tell me more about the analyst one", "tell me more"],
    ["hi", "what skills do I need?", "what would I do day to day?", "bye"],
    ["how much do analysts earn?", "what is the fast track?", "who is it for?"],
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    pids = [pid] + [int(p) for p in subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


async def wait_ready(url: str, timeout: float) -> float:
    started = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        while time.perf_counter() - started < timeout:
            try:
                async with session.get(url) as response:
                    if response.status < 500:
                        return time.perf_counter() - started
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"{url} not ready after {timeout} s")


async def user(session: aiohttp.ClientSession, url: str, budget: List[int],
               timings: List[float], errors: List[str], pause: Tuple[float, float],
               index: int) -> None:
    """One visitor: whole conversations, one message at a time, pausing between them."""
    rng = random.Random(index)
    if pause[1]:  # visitors arrive at different moments, not all in the same millisecond
        await asyncio.sleep(rng.uniform(0, pause[1]))
    while budget[0] > 0:
        sender = f"bench-{uuid.uuid4().hex}"
        for text in CONVERSATIONS[index % len(CONVERSATIONS)]:
            if budget[0] <= 0:
                return
            budget[0] -= 1
            started = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": text}) as r:
                    body = await r.json()
                    if r.status != 200 or not body or not body[0].get("text"):
                        errors.append(f"{r.status} {body!r:.80}")
            except Exception as error:  # noqa: BLE001 - every failure counts as an error
                errors.append(repr(error))
            timings.append(time.perf_counter() - started)
            if pause[1]:
                await asyncio.sleep(rng.uniform(*pause))
        index += 1


async def level(url: str, users: int, messages: int, pause: Tuple[float, float] = (0, 0)
                ) -> Tuple[List[float], List[str], float]:
    timings: List[float] = []
    errors: List[str] = []
    budget = [messages]
    started = time.perf_counter()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        await asyncio.gather(*(user(session, url, budget, timings, errors, pause, i)
                               for i in range(users)))
    return timings, errors, time.perf_counter() - started


def percentile(values: List[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


@contextlib.asynccontextmanager
async def servers(model: str, credentials: str = "credentials.yml", tracker_store: bool = True,
                  db: Optional[Path] = None, extra_env: Optional[dict] = None
                  ) -> AsyncIterator[Tuple[str, Any, Any, float]]:
    """Start the action server and `rasa run` (through bot.rasa_server.patches, as `make run`) on free
    ports, stop them afterwards.

    Uses the project's endpoints.yml with this run's ports (and, with `tracker_store`, its
    tracker store on a temporary database, or on `db`, where the editors' records of the run go
    too, never the project's var/; otherwise conversations stay in memory and nothing is
    recorded),
    the limits per client off (every simulated visitor speaks from 127.0.0.1), and `extra_env`
    added to both servers' environment. Yields the REST webhook URL, both
    processes, and when the Rasa server was started."""
    action_port, rasa_port = free_port(), free_port()
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false",
           "PYTHONWARNINGS": "ignore", **NO_LIMITS, **(extra_env or {})}
    with tempfile.TemporaryDirectory() as tmp:
        config = yaml.safe_load((PROJECT / "endpoints.yml").read_text())
        config["action_endpoint"]["url"] = f"http://127.0.0.1:{action_port}/webhook"
        if not tracker_store:
            config.pop("tracker_store", None)
        elif config.get("tracker_store", {}).get("dialect") == "sqlite":
            config["tracker_store"]["db"] = str(db or Path(tmp) / "tracker.db")
        endpoints = Path(tmp) / "endpoints.yml"
        endpoints.write_text(yaml.safe_dump(config))
        logs = open(Path(tmp) / "servers.log", "w")
        actions = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
             "--port", str(action_port)], cwd=PROJECT, env=env, stdout=logs, stderr=logs)
        started = time.perf_counter()
        server = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "bot.rasa_server.patches", "run", "--model", model,
             "--endpoints", str(endpoints),
             "--credentials", credentials, "--port", str(rasa_port)],
            cwd=PROJECT, env=env, stdout=logs, stderr=logs)
        try:
            await wait_ready(f"http://127.0.0.1:{action_port}/health", 60)
            await wait_ready(f"http://127.0.0.1:{rasa_port}/", 120)
            yield f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook", server, actions, started
        finally:
            for process in (server, actions):
                process.terminate()
            for process in (server, actions):
                process.wait(timeout=30)


LOADS = [("chatting", (1.0, 3.0), (5, 20, 50)), ("no pause", (0.0, 0.0), (1, 5, 20))]


async def measure(model: str, messages: int) -> None:
    async with servers(model) as (url, server, actions, started):
        # "/" answers before the model is loaded: the first real reply marks readiness.
        await level(url, 1, 1)
        ready = time.perf_counter() - started
        print(f"model {model}")
        print(f"server ready (first reply) after {ready:.1f} s")
        print(f"memory before: rasa {rss_mb(server.pid):.0f} MB, actions {rss_mb(actions.pid):.0f} MB\n")
        await level(url, 1, 20)  # warm-up
        print(f"{'load':<9} {'users':>5} {'messages':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
              f"{'msg/s':>7} {'errors':>7}")
        for load, pause, levels in LOADS:
            for users in levels:
                # at least 8 messages a user, so that every user is in the figures
                timings, errors, seconds = await level(url, users, max(messages, 8 * users), pause)
                print(f"{load:<9} {users:>5} {len(timings):>9} {percentile(timings, 50):>8.1f} "
                      f"{percentile(timings, 95):>8.1f} {percentile(timings, 99):>8.1f} "
                      f"{len(timings) / seconds:>7.1f} {len(errors):>7}", flush=True)
                for error in errors[:3]:
                    print(f"      error: {error}")
        print(f"\nmemory after: rasa {rss_mb(server.pid):.0f} MB, actions {rss_mb(actions.pid):.0f} MB\n")


async def run(args: argparse.Namespace) -> None:
    for model in args.model:
        await measure(model, args.messages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", nargs="+", default=["models/pathway.tar.gz"])
    parser.add_argument("--messages", type=int, default=200, help="messages per concurrency level")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
