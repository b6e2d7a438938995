"""Emails, phone numbers and UK postcodes never reach the server's logs, even at --debug.

A real action server and `rasa run --debug --logging-config-file logging.yml` (as `make run`,
with PYTHONPATH=. so logging.yml can import bot.logs) on free ports; messages carrying personal
data go over the REST channel, then the server's captured output is searched. Needs
`make train`.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from bot.logs import RedactFilter

PROJECT = Path(__file__).resolve().parent.parent
RASA = str(Path(sys.executable).with_name("rasa"))
IPP_ANSWER = "Intelligence Professionalisation Programme"
START_LIMIT = 300  # seconds; a guard for a slow CI machine, not a speed requirement
# Each message carries one personal value; together in one message they make the question
# out of scope for the model, and the test wants the real answer back.
MESSAGES = {"jo.bloggs@example.com": "jo.bloggs@example.com here, what is the IPP?",
            "07700 900123": "what is the IPP? call me on 07700 900123",
            "SW1A 1AA": "what is the IPP? SW1A 1AA"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(cmd: list, log: Path, env: dict, ready_url: str) -> subprocess.Popen:
    """Start a server with its output captured in `log`; return once `ready_url` answers 200."""
    process = subprocess.Popen(cmd, cwd=PROJECT, env=env, stdout=log.open("wb"),
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(ready_url, timeout=2).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.5)
    process.kill()
    pytest.fail(f"{' '.join(cmd[:3])} did not start (exit code {process.poll()}):\n"
                f"{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The action server and `rasa run --debug` with logging.yml; yields (url, log file)."""
    tmp = tmp_path_factory.mktemp("log-redaction")
    action_port, port = free_port(), free_port()
    (tmp / "endpoints.yml").write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
    (tmp / "credentials.yml").write_text("bot.channels.rest.RestInput:\n")
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "TF_CPP_MIN_LOG_LEVEL": "3",
           "RASA_TELEMETRY_ENABLED": "false", "PYTHONWARNINGS": "ignore"}
    processes = []
    try:
        processes.append(start([sys.executable, "-m", "rasa_sdk", "--actions", "actions",
                                "--port", str(action_port)], tmp / "actions.log", env,
                               f"http://127.0.0.1:{action_port}/health"))
        processes.append(start([RASA, "run", "--debug", "--logging-config-file", "logging.yml",
                                "--model", "models/pathway.tar.gz",
                                "--endpoints", str(tmp / "endpoints.yml"),
                                "--credentials", str(tmp / "credentials.yml"),
                                "--interface", "127.0.0.1", "--port", str(port)],
                               tmp / "rasa.log", env, f"http://127.0.0.1:{port}/"))
        yield f"http://127.0.0.1:{port}", tmp / "rasa.log"
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.model
def test_personal_data_is_answered_but_never_logged(server):
    url, log = server
    for text in MESSAGES.values():
        response = requests.post(f"{url}/webhooks/rest/webhook",
                                 json={"sender": "redaction", "message": text}, timeout=60)
        assert response.status_code == 200, response.text
        assert IPP_ANSWER in " ".join(m.get("text") or "" for m in response.json()), text

    output = log.read_text(errors="replace")
    # The debug lines about the received messages are there, with the values replaced...
    assert "processor.message.parse" in output and "DEBUG" in output
    assert "[email]" in output and "[phone]" in output and "[postcode]" in output
    assert "here, what is the IPP?" in output
    # ...and the values themselves appear nowhere.
    for value in MESSAGES:
        assert value not in output, f"{value!r} is in the server log"
        assert value.split()[0] not in output, f"{value.split()[0]!r} is in the server log"


def test_filter_redacts_arguments_and_tracebacks():
    try:
        raise ValueError("bad input from jo.bloggs@example.com")
    except ValueError:
        record = logging.LogRecord("rasa", logging.ERROR, __file__, 1, "user %s said %r",
                                   ("jo", "SW1A 1AA, 07700 900123"), sys.exc_info())
    assert RedactFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "user jo said '[postcode], [phone]'" in text and "[email]" in text
    assert "jo.bloggs" not in text and "SW1A" not in text and "07700" not in text


def test_make_run_and_chat_pass_the_logging_config():
    makefile = (PROJECT / "Makefile").read_text()
    for command in ("$(RASA) run ", "$(RASA) shell "):
        line = makefile[makefile.index(command):].split("\n\n")[0]
        assert "--logging-config-file logging.yml" in line, command
        assert "PYTHONPATH=. " + command in makefile, command
