"""Editors change content while the assistant runs: replies have their edit as soon as it is
loaded, no visitor's turn waits for the loading, and an edit that breaks the content is logged
as an ERROR while replies carry on from the last good content.

Runs the action the way the action server does, on a tracker fixture, over a copy of the
content, with a fake clock so nothing waits on time; and once against the real action server."""

import logging
import shutil
import threading
import time
from pathlib import Path

import pytest
import requests
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from servers import action_server, free_port, server_env, start, stop, wait_until_up

from actions.actions import ActionAnswer
from bot.action_server import live_content
from bot.action_server.live_content import LiveContent
from bot.shared.content import CONTENT_DIR

NEW_ANSWER = "The IPP, as an editor has just reworded it for this test."


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def pathway(tmp_path: Path) -> Path:
    target = tmp_path / "pathway"
    shutil.copytree(CONTENT_DIR, target)
    return target


@pytest.fixture
def clock() -> Clock:
    return Clock()


def serve(pathway, clock, monkeypatch, prepare=live_content.prepare) -> LiveContent:
    """The action serves the copy, looking for edits at most every 2 s of the fake clock."""
    served = LiveContent(pathway, check_seconds=2, clock=clock, prepare=prepare)
    monkeypatch.setattr(live_content, "_live", served)
    return served


@pytest.fixture
def live(pathway, clock, monkeypatch) -> LiveContent:
    return serve(pathway, clock, monkeypatch)


def reply_to_ipp_question(tracker_json) -> str:
    dispatcher = CollectingDispatcher()
    ActionAnswer().run(dispatcher, Tracker.from_dict(tracker_json("ipp_question")), domain={})
    return dispatcher.messages[0]["text"]


def reword_ipp(pathway: Path, new_answer: str = NEW_ANSWER) -> str:
    """Edit the IPP's answer in training.yml as an editor would; return the old one."""
    path = pathway / "training.yml"
    text = path.read_text()
    start = text.index("    answer: >-\n      The Intelligence Professionalisation Programme (IPP) is")
    end = text.index("\n    details:", start)
    path.write_text(text[:start] + f"    answer: {new_answer}" + text[end:])
    return text[start:end]


def reply_once_loaded(live: LiveContent, tracker_json) -> str:
    """A turn notices the edit; the reply after the background load has finished."""
    reply_to_ipp_question(tracker_json)
    live.settle(timeout=30)
    return reply_to_ipp_question(tracker_json)


def test_replies_have_the_edit_once_it_is_loaded(live, pathway, clock, tracker_json):
    before = reply_to_ipp_question(tracker_json)
    reword_ipp(pathway)
    clock.now += 2
    assert reply_once_loaded(live, tracker_json) == NEW_ANSWER != before


def test_no_turn_waits_for_an_edit_to_load(pathway, clock, tracker_json, monkeypatch):
    """Loading and preparing content takes about half a second; a visitor's turn that notices
    an edit is answered at once from the content already served."""
    release = threading.Event()

    def slow_prepare(content):
        if not release.is_set() and content.topics["ipp"].answer == NEW_ANSWER:
            release.wait(30)
        live_content.prepare(content)

    served = serve(pathway, clock, monkeypatch, slow_prepare)
    before = reply_to_ipp_question(tracker_json)
    reword_ipp(pathway)
    clock.now += 2
    started = time.monotonic()
    assert reply_to_ipp_question(tracker_json) == before
    assert time.monotonic() - started < 10, "the turn waited for the load"
    assert served.reloading()
    release.set()
    served.settle(timeout=30)
    assert reply_to_ipp_question(tracker_json) == NEW_ANSWER


def test_files_are_looked_at_no_more_often_than_the_interval(live, pathway, clock, tracker_json):
    before = reply_to_ipp_question(tracker_json)
    reword_ipp(pathway)
    clock.now += 1.5
    assert reply_to_ipp_question(tracker_json) == before
    live.settle(timeout=30)
    assert reply_to_ipp_question(tracker_json) == before
    clock.now += 0.5
    assert reply_once_loaded(live, tracker_json) == NEW_ANSWER


def test_broken_yaml_keeps_the_last_good_content_and_logs_file_and_line(
        live, pathway, clock, tracker_json, caplog):
    reword_ipp(pathway)
    clock.now += 2
    assert reply_once_loaded(live, tracker_json) == NEW_ANSWER
    (pathway / "training.yml").write_text("topics:\n  ipp: [unclosed\n")
    clock.now += 2
    with caplog.at_level(logging.ERROR, logger="bot.action_server.live_content"):
        assert reply_once_loaded(live, tracker_json) == NEW_ANSWER
        clock.now += 2
        assert reply_once_loaded(live, tracker_json) == NEW_ANSWER
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1, "one ERROR per broken edit, not one per message"
    assert "training.yml: not valid YAML at line 3, column 1" in errors[0].getMessage()


def test_content_that_fails_validation_is_not_served_until_fixed(
        live, pathway, clock, tracker_json, caplog):
    before = reply_to_ipp_question(tracker_json)
    path = pathway / "training.yml"
    good = path.read_text()
    path.write_text(good.replace("    sources: [S1, S3]\n", "    sources: [S9]\n", 1))
    clock.now += 2
    with caplog.at_level(logging.ERROR, logger="bot.action_server.live_content"):
        assert reply_once_loaded(live, tracker_json) == before
    assert "training.yml: topics.training.sources.0: string does not match regex" in caplog.text
    assert "(line " in caplog.text
    reword_ipp(pathway)  # the editor fixes the file and rewords the IPP
    path.write_text(path.read_text().replace("    sources: [S9]\n", "    sources: [S1, S3]\n", 1))
    clock.now += 2
    assert reply_once_loaded(live, tracker_json) == NEW_ANSWER


def test_content_answers_cannot_use_is_not_served(pathway, clock, tracker_json, monkeypatch,
                                                   caplog):
    """Content that validates but breaks answering (a case the schema missed) must not replace
    the content every visitor is being answered from."""
    def prepare(content):
        if content.topics["ipp"].answer == NEW_ANSWER:
            raise KeyError("a case the schema missed")
        live_content.prepare(content)

    served = serve(pathway, clock, monkeypatch, prepare)
    before = reply_to_ipp_question(tracker_json)
    reword_ipp(pathway)
    clock.now += 2
    with caplog.at_level(logging.ERROR, logger="bot.action_server.live_content"):
        assert reply_once_loaded(served, tracker_json) == before
    assert "answering from it failed" in caplog.text


def test_a_topic_moved_to_a_new_file_is_picked_up(live, pathway, clock):
    """Content may be split over files as editors like, while the assistant runs."""
    path = pathway / "training.yml"
    text = path.read_text()
    start, end = text.index("  resources:\n"), text.index("  fast_track:\n")
    moved = text[start:end].replace("Training, guidance and research", "Guidance and research", 1)
    path.write_text(text[:start] + text[end:])
    (pathway / "resources.yml").write_text("topics:\n" + moved)
    clock.now += 2
    live.get()
    live.settle(timeout=30)
    assert live.get().topics["resources"].answer.startswith("Guidance and research")


def test_a_broken_start_fails_loudly(pathway):
    """With no good content to fall back on, the server must not start serving nothing."""
    (pathway / "training.yml").write_text("topics: [unclosed\n")
    with pytest.raises(ValueError, match="training.yml: not valid YAML"):
        LiveContent(pathway)


@pytest.fixture
def action_server_on_copy(pathway, tmp_path, tracker_json):
    """The real action server (python -m rasa_sdk, as `make run` starts it) serving the copy,
    looking at the files on every call; `ask()` sends it the IPP question."""
    port, log = free_port(), tmp_path / "actions.log"
    env = server_env(PATHWAY_CONTENT_DIR=str(pathway), PATHWAY_CONTENT_CHECK_SECONDS="0")
    process = start(action_server(port), log, env)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", process, log)

        def ask() -> str:
            body = {"next_action": "action_answer", "sender_id": "editor",
                    "tracker": tracker_json("ipp_question"), "domain": {}}
            response = requests.post(f"http://127.0.0.1:{port}/webhook", json=body, timeout=30)
            response.raise_for_status()
            return response.json()["responses"][0]["text"]

        def ask_until(expected: str, seconds: float = 30) -> str:
            """Ask until the reply is `expected` (the edit loads in the background)."""
            deadline = time.monotonic() + seconds
            while (reply := ask()) != expected and time.monotonic() < deadline:
                time.sleep(0.2)
            return reply

        yield ask, ask_until, log
    finally:
        stop([process])


def test_running_action_server_serves_the_edit_and_survives_a_broken_one(
        action_server_on_copy, pathway):
    ask, ask_until, log = action_server_on_copy
    before = ask()
    reword_ipp(pathway)
    assert ask_until(NEW_ANSWER) == NEW_ANSWER != before
    (pathway / "training.yml").write_text("topics:\n  ipp: [unclosed\n")
    deadline = time.monotonic() + 30
    while "not valid YAML" not in log.read_text() and time.monotonic() < deadline:
        assert ask() == NEW_ANSWER
        time.sleep(0.2)
    assert ask() == NEW_ANSWER
    assert "ERROR" in log.read_text() and \
        "training.yml: not valid YAML at line 3, column 1" in log.read_text()
