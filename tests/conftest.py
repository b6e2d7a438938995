import json
from pathlib import Path

import pytest

from bot.shared.content import default_content

TESTS = Path(__file__).resolve().parent


def pytest_configure(config):
    """Tests are a launch path too: the Rasa the tests import runs with the project's patches,
    and the run stops at once on a Rasa version they were not written for."""
    from bot.rasa_server.patches import install

    install()


@pytest.fixture(autouse=True)
def records(tmp_path, monkeypatch):
    """Unanswered questions and feedback go to this test's own files, never the project's."""
    paths = {"unanswered": tmp_path / "unanswered.jsonl", "feedback": tmp_path / "feedback.jsonl"}
    monkeypatch.setenv("PATHWAY_UNANSWERED_FILE", str(paths["unanswered"]))
    monkeypatch.setenv("PATHWAY_FEEDBACK_FILE", str(paths["feedback"]))
    return paths


@pytest.fixture(scope="session")
def content():
    return default_content()


@pytest.fixture
def tracker_json():
    """Load a tracker fixture from tests/trackers/ (the way financial-demo tests actions)."""

    def load(name: str) -> dict:
        return json.loads((TESTS / "trackers" / f"{name}.json").read_text(encoding="utf-8"))

    return load
