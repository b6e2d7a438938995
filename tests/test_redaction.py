"""Personal data out of what is kept (bot/shared/redaction.py): each kind and its look-alikes,
what must stay as it is, nested values, log records, and a guard that hostile text is redacted
in time proportional to its length (`python bench/redaction.py` prints the figures)."""

import logging
import random
import subprocess
import sys
from pathlib import Path

import pytest

from bot.shared.redaction import DROPPED, MAX_DEPTH, redact, redact_event, redact_record, redact_value

PROJECT = Path(__file__).resolve().parent.parent

REDACTED = {
    # emails, also with a look-alike "@" and a local part longer than an address may have
    "write to jo.bloggs+cv@mail.example.co.uk please": "write to [email] please",
    "jo.bloggs＠example.com": "[email]",
    "jo﹫example.com": "[email]",
    "x" * 70 + "@example.com": "xxxxxx[email]",
    "GET /?email=jo.bloggs%40example.com 200": "GET /?email=[email] 200",
    # National Insurance numbers
    "my NI is QQ 12 34 56 C": "my NI is [ni-number]",
    "qq123456c": "[ni-number]",
    "QQ-12-34-56-C.": "[ni-number].",
    # number plates: current, prefix and suffix styles
    "my car is AB12 CDE": "my car is [number-plate]",
    "reg ab12cde": "reg [number-plate]",
    "A123 BCD": "[number-plate]",
    "ABC 123D was parked": "[number-plate] was parked",
    # dates of birth and full dates
    "dob 01/02/1990": "dob [date]",
    "1.2.90": "[date]",
    "1990-02-01": "[date]",
    "born 1 February 1990": "born [date]",
    "February 1st, 1990": "[date]",
    "born 3rd march 85": "born [date]",
    "the 21st of June 2001": "the [date]",
    "Feb. 1 1990": "[date]",
    "dob=01/02/1990": "dob=[date]",
    # phone numbers, with separators and look-alike digits
    "07700.900.123": "[phone]",
    "07700-900-123": "[phone]",
    "+44 (0)7700 900123": "[phone]",
    "07700 900 123": "[phone]",
    "(020) 7946 0958": "[phone]",
    "call ０７７００ ９００１２３": "call [phone]",
    "07700\u00a0900123": "[phone]",
    "text=07700900123": "text=[phone]",
    # postcodes, also in full-width letters
    "I live in SW1A 1AA": "I live in [postcode]",
    "ＳＷ１Ａ １ＡＡ": "[postcode]",
}


@pytest.mark.parametrize("text", REDACTED)
def test_each_kind_and_its_look_alikes_are_redacted(text):
    assert redact(text) == REDACTED[text]


KEPT = [
    "intent 'ask_ipp' confidence 0.98765432 at 1732541234.5678",
    "I qualified in 2024 and have two years in the job",
    "tell me about the IPP, CPD and PIP2",
    "is an A1 role the same as an intelligence analyst, researcher or supervisor?",
    "The IPP takes 12 to 18 months",
    "in May 2024 or March 2025",
    "from 2023 to 2024",
    "on 5 may I apply?",
    "Rasa 3.6.21 on Python 3.10.12, Sanic 21.12.2",
    "listening on 127.0.0.1:5005, pid 12345",
    "weights [0.25, 0.125, 0.0625] after 30 epochs",
    "message_id d3b07384d113edec49eaa6238ad5ff00",
    "12/30",
    "Sixty-four people, 1 to 3 years, 10.5 hours",
    "100% sure, 50%off",
    "\ufb01nd the IPP page",  # a ligature: nothing to replace, so not normalised either
]


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_text_numbers_and_codes_are_kept(text):
    assert redact(text) == text


def test_redaction_is_idempotent():
    once = redact(" ".join(REDACTED))
    assert redact(once) == once


def test_values_are_redacted_keys_included_and_the_input_untouched():
    value = {"text": "07700 900123", "jo@example.com": [("SW1A 1AA", 3)], "n": 1.5}
    assert redact_value(value) == {"text": "[phone]", "[email]": [("[postcode]", 3)], "n": 1.5}
    assert value["text"] == "07700 900123"


@pytest.mark.parametrize("container", [dict, list])
def test_deeply_nested_values_are_cut_not_a_recursion_error(container):
    deep = "jo@example.com"
    for _ in range(500):
        deep = {"k": deep} if container is dict else [deep]
    redacted = redact_value(deep)
    for _ in range(MAX_DEPTH):
        redacted = redacted["k"] if container is dict else redacted[0]
    assert redacted == DROPPED
    shallow = {"a": [{"b": "jo@example.com"}]}
    assert redact_value(shallow) == {"a": [{"b": "[email]"}]}


def test_events_user_text_redacted_identifiers_and_bot_replies_kept():
    user = {"event": "user", "timestamp": 1732541234.5, "message_id": "07700900123",
            "text": "born 1.2.90, QQ123456C", "metadata": {"reg": "AB12 CDE"}}
    assert redact_event(user) == {**user, "text": "born [date], [ni-number]",
                                  "metadata": {"reg": "[number-plate]"}}
    bot = {"event": "bot", "text": "Crimestoppers on 0800 555 111"}
    assert redact_event(bot) is bot


def test_log_records_extras_and_broken_calls_are_redacted():
    access = logging.LogRecord("sanic.access", logging.INFO, __file__, 1, "", (), None)
    access.request, access.host, access.status = "GET /?email=jo@example.com", "1.2.3.4:5", 200
    redact_record(access)
    assert access.request == "GET /?email=[email]" and access.status == 200
    broken = logging.LogRecord("x", logging.ERROR, __file__, 1, "%s and %s", ("07700 900123",), None)
    redact_record(broken)
    assert "07700" not in broken.getMessage() and "[phone]" in broken.getMessage()


SIZE = 1_000_000
# The shapes that make a backtracking pattern slow: long runs a pattern starts in but cannot
# finish, and repeated almost-matches. Used by bench/redaction.py too.
SHAPES = {
    "letters": "a",
    "digits": "1",
    "spaces": " ",
    "dots": ".",
    "a.a.a.": "a.",
    "1 1 1 1": "1 ",
    "1.1.1.": "1.",
    "1-1-1-": "1-",
    "@@@@": "@",
    "a@a@": "a@",
    "a@a.": "a@a.",
    "+1 (1) ": "+1 (1) ",
    "A1 A1 ": "A1 ",
    "QQ12 ": "QQ12 ",
    "1st may ": "1st may ",
    "x*100@a.b ": "x" * 100 + "@a.b ",
    "full-width": "Ａ１＠．１ ",
    "%40%40": "%40",
    "%%%%": "%",
    "mixed": "".join(random.Random(1).choice("aZ1 .@+-/()'\n") for _ in range(997)),
}
# A guard against patterns that backtrack (the old email pattern took 21 s on 32,000 letters
# and hours on 1 MB), not a speed test: 1 MB takes about a second here.
LIMIT_SECONDS = 20


@pytest.mark.parametrize("shape", SHAPES)
def test_a_megabyte_of_hostile_text_is_redacted_in_linear_time(shape):
    script = ("import sys; from bot.shared.redaction import redact; "
              "unit = sys.argv[1]; redact(unit * (int(sys.argv[2]) // len(unit)))")
    try:
        done = subprocess.run([sys.executable, "-c", script, SHAPES[shape], str(SIZE)],
                              cwd=PROJECT, capture_output=True, text=True,
                              timeout=LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"1 MB of {shape!r} not redacted within {LIMIT_SECONDS} s")
    assert done.returncode == 0, done.stderr


def test_how_a_question_was_read_is_redacted_in_the_bot_message_too():
    """`/why` keeps each question's frame in the bot message's metadata, quoting the visitor."""
    from bot.shared.redaction import redact_event

    event = {"event": "bot", "text": "The fast track takes two years.",
             "metadata": {"topic": "fast_track",
                          "frame": "kind ask_duration, fact asked by 'mail jo@example.com'"}}
    stored = redact_event(event)
    assert stored["metadata"]["frame"] == "kind ask_duration, fact asked by 'mail [email]'"
    assert stored["text"] == event["text"] and stored["metadata"]["topic"] == "fast_track"
    assert event["metadata"]["frame"].endswith("jo@example.com'")  # the event itself unchanged
