"""Personal data never reaches the server's logs, even at --debug, nor through Sanic's loggers.

A real action server and `rasa run --debug --logging-config-file logging.yml`, started through
bot.rasa_server.patches as `make run` does (PYTHONPATH=. so logging.yml can import
bot.rasa_server.logs), on free ports; messages and a URL carrying personal data go to it, then
the server's captured output is searched. Needs `make train`. Sanic's error, access and server
lines are also checked without a model, with and without --enable-api, after Rasa's own
logging set-up steps.
"""

from __future__ import annotations

import logging
import subprocess
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
    # LOG_LEVEL_LIBRARIES=INFO shows Sanic's access lines, which hold the request's URL.
    env = server_env(PYTHONPATH=str(PROJECT), LOG_LEVEL_LIBRARIES="INFO")
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


@pytest.mark.model
def test_sanic_access_lines_are_logged_redacted(server):
    """Sanic's loggers do not propagate to the root's redacting handler (Rasa turns that off)."""
    url, log = server
    response = requests.get(f"{url}/?email=jo.bloggs@example.com&phone=07700900123&reg=AB12CDE",
                            timeout=60)
    assert response.status_code == 200, response.text

    output = log.read_text(errors="replace")
    assert "?email=[email]&phone=[phone]&reg=[number-plate]" in output, "no access line"
    for value in ("jo.bloggs", "07700900123", "AB12CDE"):
        assert value not in output, f"{value!r} is in the server log"


# Rasa's own steps for `rasa run --logging-config-file logging.yml` (rasa/__main__.py and
# rasa/core/run.py), with the project's patches, then one line on each of Sanic's loggers as
# Sanic writes them: an unhandled exception, an access line, a dropped request.
SANIC_LINES = """
import logging, sys
enable_api = sys.argv[1] == "api"
sys.argv = ["rasa", "run", "--logging-config-file", "logging.yml"]
from bot.rasa_server.patches import install
install()
import rasa.utils.io
from rasa.core import run
from rasa.utils.common import configure_logging_and_warnings, update_sanic_log_level
configure_logging_and_warnings(logging.DEBUG, "logging.yml")
rasa.utils.io.configure_colored_logging(logging.DEBUG)
app = run.configure_app(None, enable_api=enable_api)
update_sanic_log_level()
from sanic.log import access_logger, error_logger, logger
try:
    raise ValueError("no conversation for jo.bloggs@example.com")
except ValueError:
    error_logger.exception("Exception occurred while handling uri: %s", "'http://h/?to=07700900123'")
access_logger.info("", extra={"status": 200, "byte": 2, "host": "127.0.0.1:1",
                              "request": "GET http://h/?postcode=SW1A%201AA"})
logger.info("Request: GET http://h/?dob=01/02/1990 stopped. Transport is closed.")
"""


@pytest.mark.parametrize("api", ["channels only", "api"])
def test_sanic_lines_are_redacted_as_rasa_configures_logging(api):
    """With --enable-api Sanic configures its loggers' handlers itself (unfiltered); without,
    they have none and their errors went to logging's last resort, unfiltered."""
    done = subprocess.run([sys.executable, "-c", SANIC_LINES, api], cwd=PROJECT,
                          env=server_env(PYTHONPATH=str(PROJECT), LOG_LEVEL_LIBRARIES="DEBUG"),
                          capture_output=True, text=True, timeout=300)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    for line in ("handling uri: 'http://h/?to=[phone]'", "ValueError: no conversation for [email]",
                 "GET http://h/?postcode=[postcode]", "GET http://h/?dob=[date] stopped"):
        assert line in output, f"{line!r} not in:\n{output[-3000:]}"
    for value in ("jo.bloggs", "07700900123", "SW1A", "1990"):
        assert value not in output, f"{value!r} is logged:\n{output[-3000:]}"


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
