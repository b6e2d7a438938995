"""A suggestion chosen by its place, typed instead of pressed (bot/action_server/choices.py)."""

import pytest

from bot.action_server.choices import as_parse, chosen, last_buttons

BUTTONS = [{"title": "IPP", "payload": "/ipp"},
           {"title": "The analyst", "payload": '/role_details{"role": "intelligence_analyst"}'},
           {"title": "Something else", "payload": "/help"}]


@pytest.mark.parametrize("text, payload", [
    ("2", BUTTONS[1]["payload"]), ("the second one", BUTTONS[1]["payload"]),
    ("Option 1", "/ipp"), ("first one please", "/ipp"), ("the last one", "/help"),
    ("3rd", "/help"), ("number 3", "/help"),
])
def test_a_place_names_its_button(text, payload):
    assert chosen(text, BUTTONS) == payload


@pytest.mark.parametrize("text", ["4", "the second analyst", "2 years", "one more thing", "",
                                  "is it the second one I need?", "2" + " " * 100 + "x",
                                  " " * 5000 + "2"])
def test_anything_else_is_no_choice(text):
    assert chosen(text, BUTTONS) is None


def test_no_buttons_no_choice():
    assert chosen("2", []) is None


def test_the_buttons_are_those_of_the_last_reply_in_the_session():
    bot = {"event": "bot", "data": {"buttons": BUTTONS}}
    assert last_buttons([bot, {"event": "user", "text": "2"}]) == BUTTONS
    assert last_buttons([bot, {"event": "bot", "data": {}}, {"event": "user"}]) == []
    assert last_buttons([bot, {"event": "session_started"}, {"event": "user"}]) == []


def test_a_payload_reads_as_its_intent_and_entities():
    parse = as_parse(BUTTONS[1]["payload"])
    assert parse["intent"]["name"] == "role_details"
    assert parse["entities"] == [{"entity": "role", "value": "intelligence_analyst"}]
