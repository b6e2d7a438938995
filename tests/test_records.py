"""What editors see: unanswered questions (redacted) and feedback, via `python -m bot report`."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswer
from bot.shared.records import redact, report

ROOT = Path(__file__).resolve().parent.parent


def test_redaction_removes_emails_phone_numbers_and_postcodes():
    text = "I'm jo.bloggs@example.com, call 07700 900123 or +44 20 7946 0958, I live in SW1A 1AA"
    assert redact(text) == "I'm [email], call [phone] or [phone], I live in [postcode]"


def test_redaction_leaves_decimals_in_log_lines_alone():
    line = "intent 'ask_ipp' confidence 0.98765432 at 1732541234.5678, call 07700 900123."
    assert redact(line) == ("intent 'ask_ipp' confidence 0.98765432 at 1732541234.5678, "
                            "call [phone].")


def test_the_action_records_out_of_scope_questions_redacted(tracker_json, records):
    data = tracker_json("report_crime")
    data["latest_message"]["text"] = "what is the weather like? email me at a@b.co.uk"
    data["latest_message"]["intent"]["name"] = "out_of_scope"
    ActionAnswer().run(CollectingDispatcher(), Tracker.from_dict(data), domain={})
    ActionAnswer().run(CollectingDispatcher(), Tracker.from_dict(tracker_json("ipp_question")), {})
    lines = [json.loads(line) for line in records["unanswered"].read_text().splitlines()]
    assert len(lines) == 1, "answered questions are not recorded"
    assert lines[0]["text"] == "what is the weather like? email me at [email]"
    assert lines[0]["topic"] == "out_of_scope"


def write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "not json\n")


def test_report_lists_top_unanswered_and_feedback_per_topic_in_the_date_range(records):
    write(records["unanswered"], [
        {"timestamp": "2026-11-01T10:00:00+00:00", "topic": "out_of_scope", "text": "How much is the pay"},
        {"timestamp": "2026-11-02T10:00:00+00:00", "topic": "out_of_scope", "text": "how much is  the pay"},
        {"timestamp": "2026-11-02T11:00:00+00:00", "topic": "fallback", "text": "blorp"},
        {"timestamp": "2026-10-01T10:00:00+00:00", "topic": "fallback", "text": "too early"},
    ])
    write(records["feedback"], [
        {"timestamp": "2026-11-01T10:00:00+00:00", "topic": "ipp", "value": "up"},
        {"timestamp": "2026-11-01T10:05:00+00:00", "topic": "ipp", "value": "down"},
        {"timestamp": "2026-11-03T10:05:00+00:00", "topic": "skills", "value": "up"},
    ])
    text = report(since=date(2026, 11, 1), until=date(2026, 11, 2))
    assert "Unanswered questions: 3 (2 out of scope, 1 did-you-mean, 0 not in the sources)" in text
    assert "     2  how much is the pay" in text
    assert "too early" not in text
    assert "ipp" in text and "skills" not in text


def test_report_command_runs_from_the_command_line(records):
    write(records["unanswered"], [
        {"timestamp": "2026-11-05T10:00:00+00:00", "topic": "fallback", "text": "what is a widget"}])
    done = subprocess.run([sys.executable, "-m", "bot", "report", "--since", "2026-11-01"],
                          cwd=ROOT, capture_output=True, text=True, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    assert "1  what is a widget" in done.stdout
