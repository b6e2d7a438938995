"""`python -m bot ask` with the trained model and the real actions, as editors and CI use it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.model


def ask(*args, stdin=None):
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, "-m", "bot", "ask", *args], input=stdin, cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def ask_json(*args, stdin=None):
    return [json.loads(line) for line in ask("--json", *args, stdin=stdin).splitlines()]


@pytest.fixture(scope="module")
def single_turns():
    questions = [
        "what is the IPP?",
        "how long does the ipp take",
        "what does an intel analist do",
        "what skills do I need for intelligence work?",
        "I'm a PCSO, can I get into intelligence?",
        "I want to report a burglary",
        "how much do analysts get paid",
        "hello",
        "how do I become an intelligence officer?",
        "analyst vs supervisor, what's the difference?",
        "do analysts prepare products for court?",
        "whats an intel superviser",
        "there's a lad trying car door handles on my street",
    ]
    return {r["question"]: r for r in ask_json(stdin="\n".join(questions) + "\n")}


def test_json_lines_carry_every_field(single_turns):
    for result in single_turns.values():
        assert list(result) == ["question", "text", "intent", "confidence", "topic", "role", "buttons"]
        assert 0.0 <= result["confidence"] <= 1.0


def test_topic_questions_are_answered_from_the_content(single_turns, content):
    ipp = single_turns["what is the IPP?"]
    assert (ipp["intent"], ipp["topic"]) == ("ipp", "ipp")
    assert ipp["text"] == content.topics["ipp"].answer
    assert {"title": content.topics["cpd"].button, "payload": "/cpd"} in ipp["buttons"]
    assert single_turns["what skills do I need for intelligence work?"]["topic"] == "skills"
    assert single_turns["I'm a PCSO, can I get into intelligence?"]["topic"] == "entry_routes"


def test_each_line_is_a_new_conversation_unless_asked(single_turns, content):
    # The second line names the programme, so it is answered even without context.
    assert single_turns["how long does the ipp take"]["text"] == \
        content.topics["ipp"].follow_ups["duration"].answer


def test_role_misspelling_lands_on_the_role(single_turns):
    result = single_turns["what does an intel analist do"]
    assert (result["topic"], result["role"]) == ("role_details", "intelligence_analyst")


def test_crime_reports_get_999_and_101_first_and_unknowns_an_honest_pointer(single_turns, content):
    for question in ("I want to report a burglary", "there's a lad trying car door handles on my street"):
        crime = single_turns[question]
        assert crime["topic"] == "safety" and "999" in crime["text"] and "101" in crime["text"]
    pay = single_turns["how much do analysts get paid"]
    assert pay["topic"] == "unknown" and pay["text"].startswith(
        content.reply("unknown").answer.split("{subject}")[0])
    assert content.unknowns.pointer in pay["text"]
    assert single_turns["hello"]["topic"] == "greet"


def test_what_visitors_ask_most_is_answered_for_the_role_they_name(single_turns):
    become = single_turns["how do I become an intelligence officer?"]
    assert (become["topic"], become["role"]) == ("entry_routes", "intelligence_officer")
    assert "at any level" in become["text"]
    compare = single_turns["analyst vs supervisor, what's the difference?"]
    assert compare["topic"] == "compare"
    assert "Intelligence analyst:" in compare["text"] and "Intelligence supervisor:" in compare["text"]
    fact = single_turns["do analysts prepare products for court?"]
    assert fact["text"] == "Analysts may prepare analytical products for court."
    misspelt = single_turns["whats an intel superviser"]
    assert (misspelt["topic"], misspelt["role"]) == ("role_details", "intelligence_supervisor")


def test_and_for_the_officer_keeps_the_question_and_changes_the_role():
    turns = ask_json("--conversation", stdin="what skills does an analyst need?\nand for the officer?\n")
    assert [(t["topic"], t["role"]) for t in turns] == [
        ("skills", "intelligence_analyst"), ("skills", "intelligence_officer")]


def test_conversation_keeps_context_for_follow_ups(content):
    turns = ask_json("--conversation", stdin="tell me about the IPP\nhow long does it take?\n"
                     "who can do it?\nwhat roles are there?\ntell me more about the analyst one\n"
                     "tell me more\n")
    assert [t["topic"] for t in turns] == ["ipp", "ipp", "ipp", "roles", "role_details", "role_details"]
    follow_ups = content.topics["ipp"].follow_ups
    assert turns[1]["text"] == follow_ups["duration"].answer
    assert turns[2]["text"] == follow_ups["eligibility"].answer
    assert turns[4]["role"] == "intelligence_analyst"
    assert "court" in turns[5]["text"]


def test_without_conversation_a_follow_up_has_no_context():
    turns = ask_json(stdin="tell me about the IPP\nhow long does it take?\n")
    assert turns[1]["topic"] == "fallback"
    assert '/ask_duration{"programme": "ipp"}' in [b["payload"] for b in turns[1]["buttons"]]


def test_questions_as_arguments_and_readable_output(content):
    out = ask("what is CPD?")
    assert out.startswith(f"> what is CPD?\n{content.topics['cpd'].answer}\n")
    assert "(cpd " in out


def test_ask_writes_editors_records_only_when_asked(records_db):
    """An evaluation tool: its questions are not visitors'. With --record, the answers editors
    should see go into the database of $ENDPOINTS (here the test's own, tests/conftest.py)."""
    question = "what is the weather like tomorrow?"
    ask(question)
    assert records_db.rows("editor_records") == []
    ask("--record", question, "what is the IPP?")
    rows = records_db.rows("editor_records")
    assert [(r["reason"], r["channel"], r["question"], r["intent"]) for r in rows] == [
        ("out_of_scope", "ask", question, "out_of_scope")]
    assert rows[0]["conversation"].startswith("ask-")
