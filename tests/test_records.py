"""What editors see, kept in the tracker store's database (bot/shared/records.py): questions
not answered or answered with low confidence, and thumbs up/down, redacted; read by
`python -m bot report`, loaded from old JSON-lines files by `python -m bot import-records`.
SQLite in the test's folder, no model: the real action marks the answer, the real tracker store
writes the row. (PostgreSQL and two servers: tests/test_scale_out.py; a real server:
tests/test_abuse.py.)"""

import asyncio
import json
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from rasa.core.actions.action import create_bot_utterance
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import LOW_CONFIDENCE, UNANSWERED, ActionAnswer
from bot.rasa_server.channels.web import feedback_store, rated_answer
from bot.shared import records
from bot.shared.redaction import redact

ROOT = Path(__file__).resolve().parent.parent
EMAIL, PHONE = "jo.bloggs@example.com", "07700 900123"


def test_redaction_removes_emails_phone_numbers_and_postcodes():
    text = "I'm jo.bloggs@example.com, call 07700 900123 or +44 20 7946 0958, I live in SW1A 1AA"
    assert redact(text) == "I'm [email], call [phone] or [phone], I live in [postcode]"


def test_redaction_leaves_decimals_in_log_lines_alone():
    line = "intent 'ask_ipp' confidence 0.98765432 at 1732541234.5678, call 07700 900123."
    assert redact(line) == ("intent 'ask_ipp' confidence 0.98765432 at 1732541234.5678, "
                            "call [phone].")


# --- the action marks what editors should see ------------------------------------------------

def message(text, ranking, intent=None):
    """A parse as Rasa sends it to the action server: `ranking` is [(intent, confidence)]."""
    top = intent or ranking[0][0]
    return {"text": text, "intent": {"name": top, "confidence": dict(ranking).get(top, 0.0)},
            "entities": [], "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}


#: (what the visitor typed, the model's parse) -> the record the action asks for, or None.
KINDS = {
    "out of scope": (message(f"what is the weather like? email me at {EMAIL}",
                             [("out_of_scope", 0.98)]),
                     {"reason": "out_of_scope", "intent": "out_of_scope", "confidence": 0.98}),
    "did you mean": (message("intel course length?", [("nlu_fallback", 0.3), ("ipp", 0.29),
                                                      ("ask_duration", 0.28)]),
                     {"reason": "did_you_mean", "intent": "ipp", "confidence": 0.29}),
    "not in the sources": (message(f"what's the salary like? call me on {PHONE}",
                                   [("ask_unknown", 0.9)]),
                           {"reason": "not_in_sources", "intent": "ask_unknown",
                            "confidence": 0.9, "subject": "pay"}),
    "low confidence": (message("tell me about the IPP", [("ipp", 0.42), ("cpd", 0.3)]),
                       {"reason": "low_confidence", "intent": "ipp", "confidence": 0.42}),
}
ANSWERED = {
    "sure of itself": message("tell me about the IPP", [("ipp", 0.99)]),
    "a crime report, however unsure": message("someone broke into my house, I want to report it",
                                              [("report_crime", 0.35), ("ipp", 0.3)]),
    "a button": message("/ipp", [("ipp", 1.0)]),
}


def action_message(parse, slots=None):
    """The bot message the action sends for `parse`, as the action server returns it."""
    dispatcher = CollectingDispatcher()
    tracker = Tracker("visitor", slots or {"topic": None, "role": None}, parse, [], False, None,
                      {}, "action_listen")
    ActionAnswer().run(dispatcher, tracker, {})
    assert len(dispatcher.messages) == 1
    return dispatcher.messages[0]


@pytest.mark.parametrize("kind", KINDS)
def test_the_action_marks_each_kind_of_answer_editors_should_see(kind):
    parse, expected = KINDS[kind]
    sent = action_message(parse)
    assert sent["record"] == expected
    assert sent["record"]["reason"] in records.REASONS


@pytest.mark.parametrize("kind", ANSWERED)
def test_the_action_marks_nothing_for_an_answer_given_with_confidence(kind):
    assert "record" not in action_message(ANSWERED[kind])


def test_the_action_and_the_records_agree_on_the_reasons():
    assert set(UNANSWERED.values()) | {"low_confidence"} == set(records.REASONS)
    assert set(UNANSWERED.values()) == set(records.UNANSWERED)
    assert 0 < LOW_CONFIDENCE < 1


# --- the tracker store writes them -----------------------------------------------------------

def turn_events(parse, channel="socketio", at=None):
    """What the Rasa server holds after one turn: the visitor's message and the action's bot
    message (built from the action's response as Rasa builds it)."""
    at = at or time.time()
    sent = dict(action_message(parse))
    for unused in ("template", "response", "json_message"):
        sent.pop(unused, None)
    bot = create_bot_utterance(sent)
    bot.timestamp = at + 0.5
    return [ActionExecuted("action_listen", timestamp=at),
            UserUttered(parse["text"], parse["intent"], [], parse, timestamp=at,
                        input_channel=channel),
            bot]


def save(store, sender, events):
    tracker = DialogueStateTracker.from_events(sender, events)
    asyncio.run(store.save(tracker))
    return tracker


@pytest.mark.parametrize("kind", KINDS)
def test_the_store_writes_one_redacted_record_for_each_kind(kind, records_db):
    parse, expected = KINDS[kind]
    store = records_db.store()
    events = turn_events(parse)
    save(store, f"visitor-{kind}", events)

    [row] = records_db.rows("editor_records")
    assert row["reason"] == expected["reason"]
    assert row["conversation"] == f"visitor-{kind}" and row["channel"] == "socketio"
    assert row["intent"] == expected["intent"] and row["confidence"] == expected["confidence"]
    assert row["subject"] == expected.get("subject")
    assert row["topic"] == events[-1].metadata["topic"]
    assert row["question"] == redact(parse["text"])
    assert row["answer"] == events[-1].text
    assert row["timestamp"] == events[-1].timestamp
    stored = json.dumps(records_db.rows("editor_records")) + json.dumps(records_db.rows("events"))
    assert EMAIL not in stored and PHONE not in stored


def test_answers_given_with_confidence_are_not_recorded_and_each_answer_once(records_db):
    store = records_db.store()
    tracker = save(store, "visitor", turn_events(ANSWERED["sure of itself"]))
    assert records_db.rows("editor_records") == []
    # The next turn, read back and saved (by this server, then by one that read nothing).
    earlier = asyncio.run(store.retrieve("visitor"))
    for event in turn_events(KINDS["out of scope"][0]):
        earlier.update(event)
    asyncio.run(store.save(earlier))
    assert len(records_db.rows("editor_records")) == 1
    other_server = records_db.store()
    later = asyncio.run(other_server.retrieve("visitor"))
    for event in turn_events(KINDS["low confidence"][0]):
        later.update(event)
    asyncio.run(records_db.store().save(later))
    assert [r["reason"] for r in records_db.rows("editor_records")] == ["out_of_scope",
                                                                     "low_confidence"]
    assert len(records_db.rows("events")) == 3 * len(tracker.events)


def test_a_question_longer_than_kept_is_cut_after_redaction():
    long = "a" * 490 + f" {EMAIL} " + "b" * 600
    events = [UserUttered(long, {"name": "out_of_scope"}, timestamp=1.0),
              BotUttered("Sorry.", metadata={"topic": "out_of_scope",
                                             "record": {"reason": "out_of_scope"}},
                         timestamp=2.0)]
    [row] = records.rows_from_events("c", events)
    assert len(row["question"]) == records.QUESTION_CHARS
    assert row["question"].startswith("a" * 490 + " [email] ")
    assert "jo.bloggs" not in row["question"]


# --- a failing database never costs the answer -----------------------------------------------

def failing_store(records_db, caplog, sql):
    store = records_db.store()
    with sqlite3.connect(records_db.db) as connection:
        connection.executescript(sql)
    caplog.set_level(logging.ERROR)
    return store


@pytest.mark.parametrize("sql", [
    "DROP TABLE editor_records;",
    # What SQLite says when its disk is full, on every insert into the table.
    "CREATE TRIGGER full BEFORE INSERT ON editor_records "
    "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
], ids=["dropped table", "full"])
def test_a_record_that_cannot_be_written_is_logged_and_dropped(records_db, caplog, sql):
    store = failing_store(records_db, caplog, sql)
    parse = KINDS["not in the sources"][0]
    save(store, "visitor", turn_events(parse))  # returns: nothing raised to Rasa

    assert [r["type_name"] for r in records_db.rows("events")] == ["action", "user", "bot"]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "the record is dropped" in errors[0].getMessage()
    assert "visitor" in errors[0].getMessage()
    for personal in (parse["text"], "salary", PHONE, "[phone]"):
        assert personal not in caplog.text
    # The conversation goes on.
    assert asyncio.run(store.retrieve("visitor")).latest_message.text == parse["text"].replace(
        PHONE, "[phone]")


def test_a_record_write_that_hangs_is_abandoned_at_the_deadline(records_db, caplog, monkeypatch):
    monkeypatch.setenv("PATHWAY_DB_TIMEOUT", "0.5")
    store = records_db.store()
    caplog.set_level(logging.ERROR)
    release = threading.Event()
    monkeypatch.setattr(records, "write_records", lambda *_: release.wait(60))
    try:
        save(store, "visitor", turn_events(KINDS["out of scope"][0]))
        assert "no answer within 0.5 s" in caplog.text and "the record is dropped" in caplog.text
        assert len(records_db.rows("events")) == 3
    finally:
        release.set()


def test_a_bug_in_the_records_never_reaches_rasa(records_db, caplog, monkeypatch):
    store = FailSafeTrackerStore(records_db.store())
    caplog.set_level(logging.ERROR)

    def broken(*_):
        raise KeyError("a bug")

    monkeypatch.setattr(records, "rows_from_events", broken)
    asyncio.run(store.save(DialogueStateTracker.from_events(
        "visitor", turn_events(KINDS["out of scope"][0]))))
    assert "the record is dropped" in caplog.text
    assert "Falling back" not in caplog.text  # Rasa's in-memory fallback never kicked in


# --- feedback --------------------------------------------------------------------------------

class Agent:
    def __init__(self, store):
        self.tracker_store = FailSafeTrackerStore(store)


def test_feedback_keeps_the_question_and_answer_redacted_once_per_answer(records_db):
    store = records_db.store()
    parse = message(f"tell me about the IPP, I'm {EMAIL}", [("ipp", 0.99)])
    save(store, "0123abcd", turn_events(parse))
    agent = Agent(store)
    rated = asyncio.run(rated_answer(agent, "0123abcd", "The Intelligence Professionalisation"))
    assert rated is not None and rated.question.text.endswith("I'm [email]")
    row = records.feedback_row("0123abcd", rated.answer, rated.question, "down", "m-2")

    assert asyncio.run(feedback_store(agent).record_feedback(row)) is True
    again = records.feedback_row("0123abcd", rated.answer, rated.question, "up", "m-2")
    assert asyncio.run(feedback_store(agent).record_feedback(again)) is False
    # Another replica (another store on the same database) refuses it too.
    assert asyncio.run(records_db.store().record_feedback(again)) is False

    [vote] = records_db.rows("feedback")
    assert vote["value"] == "down" and vote["topic"] == "ipp" and vote["channel"] == "socketio"
    assert vote["conversation"] == "0123abcd" and vote["message_id"] == "m-2"
    assert vote["question"] == "tell me about the IPP, I'm [email]"
    assert vote["answer"] == rated.answer.text
    assert EMAIL not in json.dumps(records_db.rows("feedback"))


def test_no_answer_to_rate_and_no_sql_store():
    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.domain import Domain

    memory = Agent(InMemoryTrackerStore(Domain.empty()))
    assert feedback_store(memory) is None
    assert asyncio.run(rated_answer(memory, "nobody", "anything")) is None


# --- the report --------------------------------------------------------------------------------

def at(day, hour=10):
    return datetime(2026, 11, day, hour, tzinfo=timezone.utc).timestamp()


def record_row(day, reason, question, topic=None, subject=None, hour=10):
    row = {"timestamp": at(day, hour), "conversation": f"c{day}{hour}", "channel": "socketio",
           "reason": reason, "topic": topic or {"out_of_scope": "out_of_scope",
                                                "did_you_mean": "fallback",
                                                "not_in_sources": "unknown"}.get(reason),
           "subject": subject, "intent": "x", "confidence": 0.4, "question": question,
           "answer": "..."}
    row["record_key"] = records._key(*row.values())
    return row


def vote_row(day, value, topic, question=None, hour=10):
    return {"timestamp": at(day, hour), "conversation": f"c{day}{hour}", "answer_id": "1.0",
            "message_id": "1", "channel": "socketio", "value": value, "topic": topic,
            "question": question, "answer": "..."}


@pytest.fixture
def filled(records_db):
    engine = records_db.engine()
    records.write_records(engine, [
        record_row(1, "out_of_scope", "How much is the pay"),
        record_row(2, "out_of_scope", "how much is  the pay"),
        record_row(2, "did_you_mean", "blorp", hour=11),
        record_row(2, "not_in_sources", "what's the salary", subject="pay", hour=12),
        record_row(2, "low_confidence", "tell me abuot teh ipp", topic="ipp", hour=13),
        record_row(10, "did_you_mean", "too late"),
        record_row(1, "did_you_mean", "too early", hour=0) | {"timestamp": at(1) - 86400},
    ])
    for vote in (vote_row(1, "up", "ipp"), vote_row(1, "down", "ipp", "is the IPP paid?", 11),
                 vote_row(3, "up", "skills")):
        records.add_feedback(engine, vote)
    return engine


def test_report_lists_unanswered_low_confidence_and_feedback_in_the_date_range(filled):
    text = records.report(filled, since=date(2026, 11, 1), until=date(2026, 11, 2))
    assert "Unanswered questions: 4 (2 out of scope, 1 did-you-mean, 1 not in the sources)" in text
    assert "     2  how much is the pay" in text
    assert "Asked for but not in the sources, per subject:\n     1  pay" in text
    assert "Answered with low confidence: 1\n     1  tell me abuot teh ipp  -> ipp" in text
    assert "  ipp                         1     1" in text
    assert "is the IPP paid?  -> ipp" in text
    assert "too early" not in text and "too late" not in text and "skills" not in text


def test_report_command_reads_the_database_of_the_endpoints(filled, records_db):
    done = subprocess.run([sys.executable, "-m", "bot", "report", "--since", "2026-11-02"],
                          cwd=ROOT, capture_output=True, text=True, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    assert "1  how much is the pay" in done.stdout and "1  too late" in done.stdout
    # The same database named explicitly; and an endpoints file without one is an error.
    explicit = subprocess.run([sys.executable, "-m", "bot", "report", "--endpoints",
                               str(records_db.endpoints), "--until", "2026-11-01"], cwd=ROOT,
                              capture_output=True, text=True, env=os.environ.copy())
    assert "Unanswered questions: 2 (1 out of scope, 1 did-you-mean" in explicit.stdout
    assert "too early" in explicit.stdout
    bad = records_db.endpoints.with_name("none.yml")
    bad.write_text('action_endpoint:\n  url: "http://localhost:5055/webhook"\n')
    refused = subprocess.run([sys.executable, "-m", "bot", "report", "--endpoints", str(bad)],
                             cwd=ROOT, capture_output=True, text=True, env=os.environ.copy())
    assert refused.returncode == 1 and "no SQL tracker_store" in refused.stderr


def test_report_on_a_database_not_made_yet_is_empty_and_makes_nothing(records_db):
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{records_db.db.with_name('never.db')}")
    assert "Unanswered questions: 0" in records.report(engine)
    assert not records_db.db.with_name("never.db").exists()


# --- importing the files of earlier versions ---------------------------------------------------

def test_import_records_loads_old_files_redacted_once(records_db, tmp_path):
    unanswered, votes = tmp_path / "unanswered.jsonl", tmp_path / "feedback.jsonl"
    unanswered.write_text("\n".join([
        json.dumps({"timestamp": "2026-11-01T10:00:00+00:00", "topic": "out_of_scope",
                    "intent": "out_of_scope", "confidence": 0.9,
                    "text": f"what is the weather? {EMAIL}"}),
        json.dumps({"timestamp": "2026-11-01T11:00:00", "topic": "unknown", "intent": "ask_unknown",
                    "confidence": 0.8, "text": "what's the pay", "subject": "pay"}),
        "not json", json.dumps({"text": "no timestamp"}), ""]) + "\n", encoding="utf-8")
    votes.write_text(json.dumps({"timestamp": "2026-11-01T12:00:00+00:00", "session_id": "abc",
                                 "message_id": "3", "value": "down", "topic": "ipp",
                                 "text": f"The IPP ... {PHONE}"}) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "bot", "import-records", "--unanswered", str(unanswered),
               "--feedback", str(votes)]

    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=os.environ.copy())
    assert first.returncode == 0, first.stderr
    assert f"{unanswered}: 2 new record(s), 0 there already, 2 unreadable line(s)" in first.stdout
    assert f"{votes}: 1 new record(s), 0 there already" in first.stdout
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env=os.environ.copy())
    assert f"{unanswered}: 0 new record(s), 2 there already" in second.stdout
    assert f"{votes}: 0 new record(s), 1 there already" in second.stdout

    rows = records_db.rows("editor_records")
    assert [(r["reason"], r["question"], r["subject"]) for r in rows] == [
        ("out_of_scope", "what is the weather? [email]", None),
        ("not_in_sources", "what's the pay", "pay")]
    assert rows[1]["timestamp"] == datetime(2026, 11, 1, 11, tzinfo=timezone.utc).timestamp()
    [vote] = records_db.rows("feedback")
    assert vote["answer"] == "The IPP ... [phone]" and vote["conversation"] == "abc"
    text = records.report(records_db.engine())
    assert "1 out of scope" in text and "1  pay" in text and "ipp" in text


def test_import_records_says_which_files_are_missing(records_db, tmp_path):
    done = subprocess.run([sys.executable, "-m", "bot", "import-records", "--unanswered",
                           str(tmp_path / "none.jsonl"), "--feedback", str(tmp_path / "no.jsonl")],
                          cwd=ROOT, capture_output=True, text=True, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    assert f"{tmp_path / 'none.jsonl'}: no such file" in done.stdout


def test_nothing_writes_a_records_file_any_more():
    for folder in ("bot", "actions"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for name in ("PATHWAY_UNANSWERED_FILE", "PATHWAY_FEEDBACK_FILE", "append_line"):
                assert name not in text, f"{path} still names {name}"


def test_the_action_server_needs_no_database_package():
    """The action only marks answers; its venv (requirements-actions.lock) has no SQLAlchemy
    and no driver (tests/test_action_server_venv.py installs it; this is the quick check)."""
    blocked = ("import sys\n"
               "class Block:\n"
               "    def find_spec(self, name, path=None, target=None):\n"
               "        if name.split('.')[0] in ('sqlalchemy', 'psycopg2', 'rasa'):\n"
               "            raise ImportError(name)\n"
               "sys.meta_path.insert(0, Block())\n"
               "import actions.actions\n")
    done = subprocess.run([sys.executable, "-c", blocked], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
