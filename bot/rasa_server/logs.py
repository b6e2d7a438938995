"""Keep emails, phone numbers and UK postcodes out of the server's logs.

At DEBUG, Rasa logs what users type, mostly as structlog events ("processor.message.parse",
tracker states) and some stdlib lines. Rasa 3.6 sends structlog's rendered line to a stdlib
logger (structlog.stdlib.LoggerFactory), so one filter on the handlers sees every line.
`RedactFilter` is attached to the handlers by logging.yml, which `rasa run` / `rasa shell` load
with `--logging-config-file logging.yml` (the Makefile passes it, with PYTHONPATH=. since
Rasa reads the file before the project directory is on sys.path). Rasa then swaps the console
handler for its coloured one, keeping the handler's filters. Handlers added by `--log-file` or
`--use-syslog` do not get the filter: write log files with a handler in logging.yml instead.
"""

from __future__ import annotations

import logging
import sys

from bot.shared.redaction import redact_record


class RedactFilter(logging.Filter):
    """Replaces a record's message (and traceback) by its redacted text (bot/shared/redaction.py);
    drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def check_installed() -> None:
    """Log an ERROR when `--logging-config-file` was given but no handler redacts.

    Rasa applies the file before it puts the working directory on sys.path and ignores a file
    it cannot apply (saying so only at DEBUG), so without `PYTHONPATH=.` the logs would be
    silently unredacted. Called (bot/rasa_server/patches.py) once the server's logging is set up.
    """
    given = any(arg.startswith("--logging-config-file") for arg in sys.argv)
    handlers = logging.getLogger().handlers
    if given and not any(isinstance(f, RedactFilter) for h in handlers for f in h.filters):
        logging.getLogger(__name__).error(
            "--logging-config-file was given but bot.rasa_server.logs.RedactFilter is not installed, so "
            "personal data in the logs is NOT redacted. Run rasa from the project directory "
            "with PYTHONPATH=. (as `make run` does) so logging.yml can import bot.rasa_server.logs.")
