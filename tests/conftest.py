import json
import sqlite3
from pathlib import Path

import pytest

from bot.shared.content import default_content

TESTS = Path(__file__).resolve().parent


def pytest_configure(config):
    """Tests are a launch path too: the Rasa the tests import runs with the project's patches,
    and the run stops at once on a Rasa version they were not written for."""
    from bot.rasa_server.patches import install

    install()


class RecordsDatabase:
    """A test's own database for the editors' records: an endpoints file with an SQLite
    tracker store in the test's folder (bot/shared/records.py keeps the records there)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        self.db = folder / "tracker.db"
        self.endpoints = folder / "endpoints.yml"
        self.endpoints.write_text(
            "tracker_store:\n  type: bot.rasa_server.stores.RedactingSQLTrackerStore\n"
            f"  dialect: sqlite\n  db: {self.db}\n", encoding="utf-8")

    def store(self):
        """The tracker store as `rasa run --endpoints` builds it (it makes the tables)."""
        from rasa.core.tracker_store import create_tracker_store
        from rasa.shared.core.domain import Domain
        from rasa.utils.endpoints import read_endpoint_config

        return create_tracker_store(read_endpoint_config(str(self.endpoints), "tracker_store"),
                                    Domain.empty())

    def engine(self):
        import sqlalchemy as sa

        from bot.shared import records

        engine = sa.create_engine(f"sqlite:///{self.db}")
        records.create_tables(engine)
        return engine

    def rows(self, table: str) -> list:
        """The table's rows as dicts, oldest first ([] before anything was written)."""
        if not self.db.exists():
            return []
        with sqlite3.connect(self.db) as connection:
            connection.row_factory = sqlite3.Row
            if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?",
                                      (table,)).fetchone():
                return []
            return [dict(row) for row in
                    connection.execute(f"SELECT * FROM {table} ORDER BY id")]  # noqa: S608


@pytest.fixture(autouse=True)
def records_db(tmp_path, monkeypatch):
    """The editors' records go to this test's own database, never the project's var/: the
    commands that would use the project's endpoints.yml (`python -m bot report`, `purge`,
    `import-records`, `ask --record`) take $ENDPOINTS, which points here."""
    database = RecordsDatabase(tmp_path / "editors-records")
    monkeypatch.setenv("ENDPOINTS", str(database.endpoints))
    return database


@pytest.fixture(scope="session")
def content():
    return default_content()


@pytest.fixture
def said(content):
    """What the assistant says to `text` when the model gave `intent`: a plain turn, no model,
    so a round's tests pin the reading and the composition, not the classifier."""
    from bot.action_server.answers import Turn, answer

    def say(text, intent="role_details", **context):
        return answer(content, Turn(intent, text, **context))
    return say


@pytest.fixture
def tracker_json():
    """Load a tracker fixture from tests/trackers/ (the way financial-demo tests actions)."""

    def load(name: str) -> dict:
        return json.loads((TESTS / "trackers" / f"{name}.json").read_text(encoding="utf-8"))

    return load
