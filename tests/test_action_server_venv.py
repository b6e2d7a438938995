"""The action server runs from its own requirements alone (requirements-actions.lock), as its
small image does (deploy/Dockerfile.actions): a fresh venv gets exactly those pins, without
Rasa or TensorFlow, and serves the real `action_answer`. Slow (a pip install); needs no model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests

from servers import PROJECT, free_port, server_env, start, stop, wait_until_up

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

LOCK = PROJECT / "requirements-actions.lock"


def run(command, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A new venv with the action server's pins and nothing else (--no-deps: a dependency
    missing from the lock shows up as a failure below, not as a quiet extra install)."""
    path = tmp_path_factory.mktemp("actions-venv") / "venv"
    run([sys.executable, "-m", "venv", str(path)])
    python = path / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "-r", str(LOCK)])
    run([str(python), "-m", "pip", "check"])
    return path


def test_the_lock_has_only_what_the_action_server_needs(venv):
    python = str(venv / "bin" / "python")
    for heavy in ("rasa", "tensorflow", "spacy", "sqlalchemy"):
        found = subprocess.run([python, "-c", f"import {heavy}"], capture_output=True)
        assert found.returncode != 0, f"{heavy} is importable in the action server's venv"


def test_pins_match_the_main_lock():
    """One version of each package across both images."""
    def pins(path: Path) -> dict:
        lines = [line for line in path.read_text().splitlines() if line and line[0] != "#"]
        return {line.split("==")[0].lower(): line for line in lines}

    main, actions = pins(PROJECT / "requirements.lock"), pins(LOCK)
    for unfrozen in ("setuptools", "wheel"):  # pip freeze leaves them out of requirements.lock
        actions.pop(unfrozen)
    assert {name: main.get(name) for name in actions} == actions


def test_the_action_server_answers_from_its_own_venv(venv, tmp_path, content):
    port = free_port()
    log = tmp_path / "actions.log"
    env = {key: value for key, value in server_env(PYTHONPATH=str(PROJECT)).items()
           if key not in ("VIRTUAL_ENV", "PYTHONHOME")}
    server = start([str(venv / "bin" / "python"), "-m", "rasa_sdk", "--actions", "actions",
                    "--port", str(port)], log, env)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", server, log)
        message = {"text": "what is the IPP?", "intent": {"name": "ipp", "confidence": 0.99},
                   "intent_ranking": [{"name": "ipp", "confidence": 0.99}], "entities": []}
        body = {"next_action": "action_answer", "sender_id": "venv", "version": "3.6.2",
                "domain": {}, "tracker": {"sender_id": "venv", "slots": {}, "events": [],
                                          "latest_message": message, "paused": False,
                                          "followup_action": None, "active_loop": {},
                                          "latest_action_name": "action_listen"}}
        response = requests.post(f"http://127.0.0.1:{port}/webhook", json=body, timeout=30)
        assert response.status_code == 200, response.text
        assert [r["text"] for r in response.json()["responses"]] == [content.topics["ipp"].answer]
    finally:
        stop([server])
