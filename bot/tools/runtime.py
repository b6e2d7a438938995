"""Run the trained model with the real custom actions inside one process.

The `ask` command and the tests use this: the same model and the same `actions` package
as the servers, without starting an action server and talking HTTP to it. Conversations stay
in memory (no tracker store), so nothing reaches the database or the editors' records: only
`python -m bot ask --record` writes those, itself (bot/tools/cli.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict, Optional

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from rasa.core.agent import Agent  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402
from rasa_sdk.executor import ActionExecutor  # noqa: E402

from bot.rasa_server import patches as rasa_patches  # noqa: E402

PROJECT_DIR = Path(__file__).resolve().parents[2]
MODELS_DIR = PROJECT_DIR / "models"


class InProcessActions(EndpointConfig):
    """An action endpoint that runs rasa_sdk actions in this process instead of over HTTP."""

    def __init__(self, package: str = "actions") -> None:
        super().__init__(url="in-process://actions")
        self.executor = ActionExecutor()
        self.executor.register_package(package)

    async def request(self, method: str = "post", subpath: Optional[str] = None,
                      content_type: Optional[str] = "application/json", compress: bool = False,
                      **kwargs: Any) -> Optional[Dict[str, Any]]:
        return await self.executor.run(kwargs["json"])


def quiet() -> None:
    """Keep Rasa, TensorFlow and friends to errors only, so output stays readable."""
    import logging

    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.ERROR)
    configure_structlog(logging.ERROR)


def latest_model(models_dir: Path = MODELS_DIR) -> Path:
    """The newest trained model; a clear error when there is none yet."""
    models = sorted(Path(models_dir).glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SystemExit(f"No trained model in {models_dir}: run `make train` first.")
    return models[-1]


def load(model: Optional[Path] = None) -> Agent:
    """Load the model once, wired to the in-process actions, with the project's Rasa patches
    (so a failing action gets the apology here too).

    Works from the project directory, since the config names the spaCy pipeline by a
    path relative to it."""
    os.chdir(PROJECT_DIR)
    quiet()
    rasa_patches.install()
    agent = Agent.load(str(model or latest_model()), action_endpoint=InProcessActions())
    if not agent.is_ready():
        raise SystemExit(f"Could not load the model {model or latest_model()}.")
    return agent
