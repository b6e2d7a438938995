"""Every change this project makes to Rasa's own code, installed from one place.

Rasa 3.6 leaves the user waiting up to 5 minutes for a hung action server, re-checks a fixed
schema on every action response, quietly keeps conversations in memory when the tracker
store's `type:` cannot be loaded, builds DIET's training batches one small array per
example, reads bodies of up to 100 MB with no limit per client, and lets a session grow (and
each turn cost more) without end. The patches that fix this were written against one Rasa
version and replace private functions, so `install()` refuses to run on any other version:
a silent no-op (or a crash mid-conversation) would be worse than not starting.

Installed explicitly by every launch path, never by an import's side effect alone:

- `python -m bot.rasa_server.patches run|shell|train ...`: Rasa's own command line with the
  patches in place; `make run`, `make shell`, `make train`, the Helm values
  (deploy/rasa-values.yaml) and the tests' servers start Rasa this way;
- `bot.tools.runtime.load()`: `make chat`, `bot ask` and the in-process tests;
- `bot.rasa_server.channels` (the channels `rasa run` imports from credentials.yml), as a second line, so a
  plain `rasa run --credentials credentials.yml` is patched too.

`install()` is idempotent. `installed()` tells what is in place (the tests check it).
"""

from __future__ import annotations

import sys
from typing import Any, Dict, List, Optional

#: The Rasa version the patches were written and tested against (requirements.lock).
RASA_VERSION = "3.6.21"


class WrongRasaVersion(RuntimeError):
    """Rasa is not the version the patches were written for: do not start."""


def check_version(version: Optional[str] = None) -> None:
    """Raise WrongRasaVersion unless Rasa is RASA_VERSION."""
    if version is None:
        from rasa.version import __version__ as version
    if version != RASA_VERSION:
        raise WrongRasaVersion(
            f"This project patches Rasa {RASA_VERSION} (bot/rasa_server/patches.py) but Rasa {version} "
            f"is installed. Not starting: the patches (action-server deadline and apology, "
            f"action-response check, strict tracker-store loading) replace private Rasa code "
            f"and may not fit another version. Install requirements.lock, or port and re-test "
            f"the patches and change RASA_VERSION.")


def _check_log_redaction_when_serving() -> None:
    """Run bot.rasa_server.logs.check_installed once Rasa has applied its logging configuration: Rasa
    configures logging before it builds the server app, so the check goes just before that."""
    from rasa.core import run

    if getattr(run.configure_app, "checks_log_redaction", False):
        return
    original = run.configure_app

    def configure_app(*args: Any, **kwargs: Any) -> Any:
        from bot.rasa_server.logs import check_installed

        check_installed()
        return original(*args, **kwargs)

    configure_app.checks_log_redaction = True
    run.configure_app = configure_app


def install() -> None:
    """Check the Rasa version, then install every patch (idempotent)."""
    check_version()
    from bot.rasa_server.action_fallback import install as install_action_fallback
    from bot.rasa_server.faster_action_check import install as install_faster_action_check
    from bot.rasa_server.faster_batches import install as install_faster_batches
    from bot.rasa_server.http_guard import install as install_http_guard
    from bot.rasa_server.question_parts import install as install_question_parts
    from bot.rasa_server.session_cap import install as install_session_cap
    from bot.rasa_server.stores import install_strict_loading

    install_faster_action_check()
    install_faster_batches()
    install_action_fallback()
    install_strict_loading()
    install_session_cap()
    install_question_parts()
    _check_log_redaction_when_serving()
    install_http_guard()  # last: it wraps configure_app around the log check


def installed() -> Dict[str, bool]:
    """Which patches are in place in this process."""
    from rasa.core import run, tracker_store
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor

    from bot.rasa_server import faster_batches
    from bot.rasa_server.stores import strict_loading_installed

    return {
        "faster_batches": faster_batches.installed(),
        "action_fallback": getattr(RemoteAction.run, "with_apology", False),
        "faster_action_check": getattr(RemoteAction._validate_action_result, "prebuilt", False),
        "strict_tracker_store": strict_loading_installed(tracker_store),
        "log_redaction_check": getattr(run.configure_app, "checks_log_redaction", False),
        "http_guard": getattr(run.configure_app, "guarded", False),
        "session_cap": getattr(MessageProcessor._update_tracker_session, "capped", False),
        "question_parts": getattr(MessageProcessor.parse_message, "reads_parts", False),
    }


def main(argv: Optional[List[str]] = None) -> int:
    """`python -m bot.rasa_server.patches <rasa arguments>`: Rasa's command line, patched."""
    try:
        install()
    except WrongRasaVersion as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *(sys.argv[1:] if argv is None else argv)]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
