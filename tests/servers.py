"""The real servers for the tests that talk to them over HTTP: the action server and `rasa run`
on free ports, with a quiet environment, started with their output in a log file, awaited until
they answer, and stopped even when a test fails."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator, List

import pytest
import requests

from bot.rasa_server.limits import LIMITS

PROJECT = Path(__file__).resolve().parent.parent
RASA = str(Path(sys.executable).with_name("rasa"))
START_LIMIT = 300  # seconds for a server to load the model; a guard for slow CI, not a speed test
TWO_SERVERS_LIMIT = 600  # seconds for two servers loading at once; a guard, not an assertion


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: The limits per client turned off: these servers' tests all speak from 127.0.0.1, as many
#: visitors at once. tests/test_abuse.py puts them back (`WITH_LIMITS`) and tests them.
NO_LIMITS = {f"PATHWAY_LIMIT_{name.upper()}": "0" for name in LIMITS}
WITH_LIMITS = {name: "" for name in NO_LIMITS}


def server_env(**extra: str) -> dict:
    """This process's environment with TensorFlow, telemetry and warnings quiet and the limits
    per client off, plus `extra`."""
    return {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false",
            "PYTHONWARNINGS": "ignore", **NO_LIMITS, **extra}


def patched_rasa() -> List[str]:
    """Rasa's command line with the project's patches, as `make run` / `make shell` start it."""
    return [sys.executable, "-m", "bot.rasa_server.patches"]


def action_server(port: int) -> List[str]:
    """The command that serves the project's actions, as `make run` does."""
    return [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]


def start(command: List[str], log: Path, env: dict) -> subprocess.Popen:
    """Start `command` in the project directory, its output appended to `log`."""
    return subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log.open("ab"),
                            stderr=subprocess.STDOUT)


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


def wait_until_up(url: str, process: subprocess.Popen, log: Path,
                  limit: float = START_LIMIT) -> None:
    """Return once `url` answers 200; fail with the server's log if it exits or never does."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server for {url} exited with {process.returncode}:\n{tail(log)}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    pytest.fail(f"{url} not up after {limit} s:\n{tail(log)}")


def stop(processes: Iterable[subprocess.Popen]) -> None:
    """Terminate every process, then kill what has not exited after 30 s."""
    processes = [process for process in processes if process is not None]
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@contextlib.contextmanager
def two_servers(logs: Path, credentials: Path, env: dict, action_port: int,
                health_path: str = "/") -> Iterator[List[str]]:
    """One action server on `action_port` and two `rasa run` (patched, as `make run` starts
    them) on the scale-out endpoints, all stopped afterwards; yields the two base URLs. A Rasa
    server is up once `health_path` answers 200."""
    ports = [free_port(), free_port()]
    processes = []
    try:
        processes.append(start(action_server(action_port), logs / "actions.log", env))
        for port in ports:
            processes.append(start([*patched_rasa(), "run", "--model", "models/pathway.tar.gz",
                                    "--endpoints", "endpoints.scale.yml",
                                    "--credentials", str(credentials),
                                    "--port", str(port), "--interface", "127.0.0.1"],
                                   logs / f"{port}.log", env))
        wait_until_up(f"http://127.0.0.1:{action_port}/health", processes[0], logs / "actions.log",
                      TWO_SERVERS_LIMIT)
        for port, process in zip(ports, processes[1:]):
            wait_until_up(f"http://127.0.0.1:{port}{health_path}", process, logs / f"{port}.log",
                          TWO_SERVERS_LIMIT)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        stop(processes)
