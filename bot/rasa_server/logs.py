"""Keep personal data (bot/shared/redaction.py) out of the server's logs.

At DEBUG, Rasa logs what users type, mostly as structlog events ("processor.message.parse",
tracker states) and some stdlib lines. Rasa 3.6 sends structlog's rendered line to a stdlib
logger (structlog.stdlib.LoggerFactory), so one filter on the handlers sees every line.
`RedactFilter` is attached to the handlers by logging.yml, which `rasa run` / `rasa shell` load
with `--logging-config-file logging.yml` (the Makefile passes it, with PYTHONPATH=. since
Rasa reads the file before the project directory is on sys.path). Rasa then swaps the console
handler for its coloured one, keeping the handler's filters. Handlers added by `--log-file` or
`--use-syslog` do not get the filter: write log files with a handler in logging.yml instead.

Sanic's loggers (`SANIC_LOGGERS`) do not reach those handlers: Rasa sets them not to
propagate, and Sanic 21.12 gives them handlers of its own when Rasa builds the app with the HTTP
API (`--enable-api`), replacing any from logging.yml. Their lines hold the request's URL (access
lines, "Exception occurred while handling uri: ...") and exception messages. So logging.yml
gives them redacting handlers *and* a RedactFilter on the loggers themselves, which Sanic's
configuration leaves in place, and `check_installed` adds the logger filter (and one on
logging's last-resort handler, which prints for a logger without handlers) wherever it is
missing, before the app is built.
"""

from __future__ import annotations

import logging
import sys

from bot.shared.redaction import redact_record

#: Sanic's loggers (sanic/log.py; `sanic.server` and `sanic.websockets` in later versions).
SANIC_LOGGERS = ("sanic.root", "sanic.error", "sanic.access", "sanic.server", "sanic.websockets")


class RedactFilter(logging.Filter):
    """Replaces a record's message, traceback and extra attributes by their redacted text
    (bot/shared/redaction.py); drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def _add_filter(target: logging.Filterer) -> None:
    if not any(isinstance(f, RedactFilter) for f in target.filters):
        target.addFilter(RedactFilter())


def redact_sanic_logs() -> None:
    """Put a RedactFilter on each of Sanic's loggers and on logging's last-resort handler
    (idempotent). A logger's filters outlive the handlers Sanic configures for it."""
    for name in SANIC_LOGGERS:
        _add_filter(logging.getLogger(name))
    if logging.lastResort is not None:
        _add_filter(logging.lastResort)


def check_installed() -> None:
    """Redact Sanic's lines (`redact_sanic_logs`); log an ERROR when `--logging-config-file`
    was given but no handler redacts.

    Rasa applies the file before it puts the working directory on sys.path and ignores a file
    it cannot apply (saying so only at DEBUG), so without `PYTHONPATH=.` the logs would be
    silently unredacted. Called (bot/rasa_server/patches.py) once the server's logging is set
    up and before the Sanic app is built.
    """
    redact_sanic_logs()
    given = any(arg.startswith("--logging-config-file") for arg in sys.argv)
    handlers = logging.getLogger().handlers
    if given and not any(isinstance(f, RedactFilter) for h in handlers for f in h.filters):
        logging.getLogger(__name__).error(
            "--logging-config-file was given but bot.rasa_server.logs.RedactFilter is not installed, so "
            "personal data in the logs is NOT redacted. Run rasa from the project directory "
            "with PYTHONPATH=. (as `make run` does) so logging.yml can import bot.rasa_server.logs.")
