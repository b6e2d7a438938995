"""The editors' review page end to end, in headless Chromium (as the widget's tests), against
the real servers: a visitor asks through the widget, the question shows in the inbox, an
editor signs in, reviews it, `rasa data validate` still passes, `make train` retrains, and the
model now gets the question right. axe-core audits every view. Needs `make train`, the built
widget and web/node_modules (npm ci).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from axe import audit
from browser import chromium, read_feedback
from editors_page import SECRET, EditorsPage, examples, project_copy, validate
from servers import (PROJECT, action_server, free_port, patched_rasa, server_env, start, stop,
                     wait_until_up)

pytestmark = [pytest.mark.model, pytest.mark.timeout(1800)]

WAIT_MS = 60_000  # an upper bound for a slow CI machine, not a speed requirement
#: Questions in words the training data does not use, each with the intent a right reading
#: has. The loop takes the first one the model gets wrong and is unsure of (so it reaches the
#: inbox); if the model comes to get every one right, add a harder one.
CANDIDATES = [
    ("who tells the intel lot what to go and look for", "intelligence_units"),
    ("whats the lowdown on getting licensed as an intel professional", "ipp"),
    ("is there a programme that stamps you as a proper intel person", "ipp"),
    ("who dishes out the jobs to intel folk then", "intelligence_units"),
]
#: What `make train` needs to retrain the copy and nothing else: the generated files and the
#: set-up stay as they are (their inputs are the repository's, unchanged).
KEEP = ("data/nlu/synonyms.yml", "data/rules.yml", "domain.yml", ".venv/.installed",
        ".spacy/en_pathway/meta.json")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """Action server, `rasa run` with the widget's channels and an SQLite store, and the review
    page over a copy of the project and the same database."""
    tmp = tmp_path_factory.mktemp("editors-browser")
    project = project_copy(tmp / "project")
    action_port, port = free_port(), free_port()
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
                         "tracker_store:\n  type: bot.rasa_server.stores.RedactingSQLTrackerStore\n"
                         f"  dialect: sqlite\n  db: {tmp / 'tracker.db'}\n")
    env = server_env()
    procs = [start(action_server(action_port), tmp / "actions.log", env),
             start(patched_rasa() + ["run", "--model", "models/pathway.tar.gz", "--endpoints",
                                     str(endpoints), "--credentials", "credentials.yml",
                                     "--port", str(port)], tmp / "rasa.log", env)]
    page = None
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", procs[0], tmp / "actions.log")
        wait_until_up(f"http://127.0.0.1:{port}/webhooks/web/", procs[1], tmp / "rasa.log")
        page = EditorsPage(project, endpoints, tmp / "editors.log",
                           model=project / "models" / "pathway.tar.gz")
        yield {"rasa": f"http://127.0.0.1:{port}", "page": page, "db": tmp / "tracker.db",
               "project": project}
    finally:
        stop(procs + ([page.process] if page else []))


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def tab(browser):
    # The page's Content-Security-Policy allows no script at all; axe-core is injected by the
    # test, so the test's browser lets it in (the page itself is served unchanged).
    context = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def stored(db: Path, question: str, limit: float = 30, channel: str = "") -> list:
    """The editors' records of `question` (written off the server's loop: waits for them, and
    for one from `channel` if given)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        with sqlite3.connect(db) as connection:
            try:
                rows = connection.execute("SELECT reason, intent, channel FROM editor_records "
                                          "WHERE question = ?", (question,)).fetchall()
            except sqlite3.OperationalError:
                rows = []
        if rows and (not channel or channel in {row[2] for row in rows}):
            return rows
        time.sleep(0.3)
    return []


def wrong_and_unsure(stack) -> tuple:
    """The first candidate the running model gets wrong and records for the editors."""
    for question, intent in CANDIDATES:
        requests.post(stack["rasa"] + "/webhooks/rest/webhook", timeout=120,
                      json={"sender": f"pick-{time.monotonic_ns()}", "message": question})
        rows = stored(stack["db"], question, limit=10)
        if rows and all(row[1] != intent for row in rows):
            return question, intent
    pytest.fail("the model now gets every candidate right or is sure of it: add a harder one "
                "to CANDIDATES")


def ask_in_widget(tab: Page, rasa: str, question: str) -> None:
    tab.goto(rasa + "/webhooks/web/")
    tab.get_by_role("button", name="Ask about intelligence careers").click()
    box = tab.get_by_label("Your question")
    box.fill(question)
    box.press("Enter")
    log = tab.get_by_role("log", name="Conversation")
    expect(log.locator(".msg.bot").nth(1)).to_be_visible(timeout=WAIT_MS)


def sign_in(tab: Page, page: EditorsPage, secret: str = SECRET) -> None:
    tab.goto(page.url)
    expect(tab.get_by_role("heading", name="Sign in")).to_be_visible()
    tab.get_by_label("Editors' secret").fill(secret)
    tab.get_by_role("button", name="Sign in").click()


def row(tab: Page, question: str):
    return tab.locator("li.row").filter(has=tab.get_by_role("heading", name=question, exact=True))


def test_a_wrong_secret_shows_nothing(stack, tab):
    sign_in(tab, stack["page"], secret="not the secret at all")
    expect(tab.get_by_role("alert")).to_have_text("That secret is not right.")
    assert tab.locator("li.row").count() == 0
    assert tab.get_by_role("navigation").count() == 0
    assert audit(tab) == []


def test_the_rasa_server_serves_no_review_page(stack):
    assert requests.get(stack["rasa"] + "/editors/", timeout=30).status_code == 404


def test_review_retrain_loop(stack, tab):
    """A question the model gets wrong, asked through the widget, reviewed on the page, learnt
    by `make train`, then answered right; axe finds nothing on any view on the way."""
    question, intent = wrong_and_unsure(stack)
    ask_in_widget(tab, stack["rasa"], question)
    assert stored(stack["db"], question, channel="socketio"), \
        "the widget's question was not recorded"

    page = stack["page"]
    sign_in(tab, page)
    expect(tab.get_by_role("heading", name="Inbox: questions to review")).to_be_visible()
    entry = row(tab, question)
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("2 time(s)")  # over REST, then in the widget
    expect(entry).to_contain_text("socketio")
    assert audit(tab) == []
    (PROJECT / "results").mkdir(exist_ok=True)
    tab.screenshot(path=str(PROJECT / "results" / "editors.png"), full_page=False)

    entry.get_by_label("This was about").select_option(intent)
    entry.get_by_role("button", name="Add as training example").click()
    expect(tab.get_by_role("status")).to_contain_text(f"Added 1 example(s) under {intent}")
    expect(tab.locator(".retrain")).to_contain_text("1 reviewed example(s)")
    expect(row(tab, question)).to_have_count(0)
    assert examples(stack["project"]) == {intent: [question]}
    done = validate(stack["project"])
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert audit(tab) == []

    for view, heading in (("?status=reviewed", "Inbox: questions to review"),
                          ("feedback", "Feedback"), ("charts", "Charts"),
                          ("gaps", "Content gaps")):
        tab.goto(page.url + view)
        expect(tab.get_by_role("heading", level=1)).to_contain_text(heading)
        assert audit(tab) == [], view
    tab.goto(page.url + "?status=reviewed")
    expect(row(tab, question)).to_contain_text(f"about {intent}")

    retrained = subprocess.run(["make", "--no-print-directory", "train",
                                *[arg for kept in KEEP for arg in ("-o", kept)]],
                               cwd=stack["project"], env=server_env(), capture_output=True,
                               text=True, timeout=1500)
    assert retrained.returncode == 0, retrained.stdout[-3000:] + retrained.stderr[-3000:]
    model = stack["project"] / "models" / "pathway.tar.gz"
    assert model.is_file()
    tab.goto(page.url)
    expect(tab.locator(".retrain")).to_contain_text("has every reviewed example")

    reading = json.loads(subprocess.run(
        [sys.executable, "-c", READ, str(model), question], cwd=PROJECT, env=server_env(),
        capture_output=True, text=True, timeout=600, check=True).stdout.splitlines()[-1])
    assert reading["intent"] == intent, reading


#: Reads a question with a given model and the real actions, in a process of its own.
READ = """
import asyncio, json, sys
from pathlib import Path
from bot.tools.cli import turn
from bot.tools.runtime import load
result = asyncio.run(turn(load(Path(sys.argv[1])), "loop", sys.argv[2]))
print(json.dumps({"intent": result["intent"], "topic": result["topic"]}))
"""


def test_feedback_from_the_widget_shows_on_the_page(stack, tab):
    ask_in_widget(tab, stack["rasa"], "how long is the fast track")
    tab.get_by_role("button", name="Not helpful", exact=True).first.click()
    assert read_feedback(stack["db"], limit=30)
    sign_in(tab, stack["page"])
    tab.goto(stack["page"].url + "feedback")
    expect(tab.locator("table.down")).to_contain_text("how long is the fast track")
    expect(tab.locator("table.down")).to_contain_text("fast_track")
    assert audit(tab) == []
