"""Headless Chromium for the browser tests (the widget's and the review page's): Debian's
chromium, driven by Playwright, with what a CI machine without a display needs; and the votes
a server stored, which those tests wait for."""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def read_feedback(database: Path, limit: float = 20) -> list:
    """The votes the server stored in its tracker database (bot/shared/records.py): (value,
    topic, conversation) rows, waiting up to `limit` seconds for the first."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if database.exists():
            with sqlite3.connect(database) as db:
                try:
                    rows = db.execute("SELECT value, topic, conversation FROM feedback").fetchall()
                except sqlite3.OperationalError:
                    rows = []
            if rows:
                return rows
        time.sleep(0.2)
    return []
