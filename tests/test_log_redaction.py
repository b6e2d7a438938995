"""Emails, phone numbers and UK postcodes never reach the server's logs, even at --debug.

A real action server and `rasa run --debug --logging-config-file logging.yml`, started through
bot.rasa_server.patches as `make run` does (PYTHONPATH=. so logging.yml can import
bot.rasa_server.logs), on free
ports; messages carrying personal
data go over the REST channel, then the server's captured output is searched. Needs
`make train`.
"""

from __future__ import annotations

import logging
import sys

import pytest
import requests

from bot.rasa_server.logs import RedactFilter
from servers import PROJECT, action_server, free_port, patched_rasa, server_env, start, stop, wait_until_up

IPP_ANSWER = "Intelligence Professionalisation Programme"
# Each message carries one personal value; together in one message they make the question
# out of scope for the model, and the test wants the real answer back.
MESSAGES = {"jo.bloggs@example.com": "jo.bloggs@example.com here, what is the IPP?",
            "07700 900123": "what is the IPP? call me on 07700 900123",
            "SW1A 1AA": "what is the IPP? SW1A 1AA"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The action server and `rasa run --debug` with logging.yml; yields (url, log file)."""
    tmp = tmp_path_factory.mktemp("log-redaction")
    action_port, port = free_port(), free_port()
    (tmp / "endpoints.yml").write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
    (tmp / "credentials.yml").write_text("bot.rasa_server.channels.rest.RestInput:\n")
    env = server_env(PYTHONPATH=str(PROJECT))
    processes = [start(action_server(action_port), tmp / "actions.log", env),
                 start([*patched_rasa(), "run", "--debug", "--logging-config-file", "logging.yml",
                        "--model", "models/pathway.tar.gz",
                        "--endpoints", str(tmp / "endpoints.yml"),
                        "--credentials", str(tmp / "credentials.yml"),
                        "--interface", "127.0.0.1", "--port", str(port)], tmp / "rasa.log", env)]
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", processes[0], tmp / "actions.log")
        wait_until_up(f"http://127.0.0.1:{port}/", processes[1], tmp / "rasa.log")
        yield f"http://127.0.0.1:{port}", tmp / "rasa.log"
    finally:
        stop(processes)

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


def test_make_run_and_shell_pass_the_logging_config():
    makefile = (PROJECT / "Makefile").read_text()
    assert "RASA_PATCHED := PYTHONPATH=. " in makefile
    for command in ("$(RASA_PATCHED) run ", "$(RASA_PATCHED) shell "):
        line = makefile[makefile.index(command):].split("\n\n")[0]
        assert "--logging-config-file logging.yml" in line, command
