"""Stored conversations: personal data redacted, events older than the retention period purged
(SQLite, no model; more on the purge in tests/test_purge.py)."""

import asyncio
import json
import logging
import sqlite3
import time

import pytest
from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from bot.rasa_server.stores import RedactingSQLTrackerStore
from bot.tools import purge

TYPED = "I'm jo.bloggs@example.com, 07700 900123, living at SW1A 1AA: tell me about the IPP"


def endpoints_file(tmp_path, db):
    path = tmp_path / "endpoints.yml"
    path.write_text("tracker_store:\n  type: bot.rasa_server.stores.RedactingSQLTrackerStore\n"
                    f"  dialect: sqlite\n  db: {db}\n", encoding="utf-8")
    return path


def store_from(endpoints):
    """The store exactly as `rasa run --endpoints` builds it."""
    return create_tracker_store(read_endpoint_config(str(endpoints), "tracker_store"),
                                Domain.empty())


def user_says(text, timestamp=None):
    parse = {"text": text, "intent": {"name": "ipp", "confidence": 0.9},
             "entities": [{"entity": "role", "value": "analyst", "start": 0, "end": 1}]}
    return UserUttered(text, parse["intent"], parse["entities"], parse, timestamp=timestamp)


def save(store, sender, *events):
    tracker = DialogueStateTracker.from_events(sender, list(events))
    asyncio.run(store.save(tracker))
    return tracker


def stored_rows(db):
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT sender_id, type_name, data FROM events").fetchall()


def test_rasa_loads_the_redacting_store_from_the_endpoints_file(tmp_path):
    store = store_from(endpoints_file(tmp_path, tmp_path / "var" / "tracker.db"))
    assert isinstance(store, RedactingSQLTrackerStore)
    assert (tmp_path / "var" / "tracker.db").exists()


def test_emails_phone_numbers_and_postcodes_never_reach_the_database(tmp_path):
    db = tmp_path / "tracker.db"
    store = store_from(endpoints_file(tmp_path, db))
    tracker = save(store, "visitor", ActionExecuted("action_listen"), user_says(TYPED),
                   SlotSet("role", "call me on 07700 900123"),
                   BotUttered("The IPP takes 12 to 18 months."))

    raw = " ".join(data for _, _, data in stored_rows(db))
    for personal in ("jo.bloggs@example.com", "07700 900123", "SW1A 1AA"):
        assert personal not in raw
    user = next(json.loads(data) for _, kind, data in stored_rows(db) if kind == "user")
    assert user["text"] == user["parse_data"]["text"] == \
        "I'm [email], [phone], living at [postcode]: tell me about the IPP"
    assert user["parse_data"]["intent"]["name"] == "ipp"
    assert "The IPP takes 12 to 18 months." in raw
    # The turn in progress still has what the user typed.
    assert tracker.latest_message.text == TYPED


def test_a_restarted_server_gets_the_conversation_back_redacted(tmp_path):
    endpoints = endpoints_file(tmp_path, tmp_path / "tracker.db")
    save(store_from(endpoints), "visitor", ActionExecuted("action_listen"), user_says(TYPED))
    second = user_says("how long does it take?")
    earlier = asyncio.run(store_from(endpoints).retrieve("visitor"))
    earlier.update(second)
    asyncio.run(store_from(endpoints).save(earlier))

    restored = asyncio.run(store_from(endpoints).retrieve("visitor"))
    texts = [e.text for e in restored.events if isinstance(e, UserUttered)]
    assert texts == ["I'm [email], [phone], living at [postcode]: tell me about the IPP",
                     "how long does it take?"]


def test_purge_deletes_old_events_of_every_conversation_and_keeps_recent_ones(tmp_path):
    db = tmp_path / "tracker.db"
    endpoints = endpoints_file(tmp_path, db)
    store = store_from(endpoints)
    now = time.time()
    save(store, "old", user_says("hello", now - 40 * 86400))
    save(store, "still-in-use", user_says("I'm jo, born 1 February 1990", now - 40 * 86400),
         user_says("hello again", now - 31 * 86400), user_says("and again", now - 86400))
    save(store, "recent", user_says("hello", now - 3600))

    message = purge.main(endpoints, days=30)

    assert message.startswith("Deleted what was older than 30 day(s), from before ")
    assert ("3 event(s); 1 conversation(s) idle for more than 30 day(s) emptied, "
            "1 still in use trimmed") in message
    rows = stored_rows(db)
    assert {sender for sender, _, _ in rows} == {"still-in-use", "recent"}
    # The conversation in use keeps only what was said within the retention period.
    texts = [json.loads(data)["text"] for sender, _, data in rows if sender == "still-in-use"]
    assert texts == ["and again"]
    assert asyncio.run(store_from(endpoints).retrieve("still-in-use")).latest_message.text == \
        "and again"


def test_retention_comes_from_the_environment_when_not_given(tmp_path, monkeypatch):
    db = tmp_path / "tracker.db"
    endpoints = endpoints_file(tmp_path, db)
    save(store_from(endpoints), "last-week", user_says("hello", time.time() - 7 * 86400))
    monkeypatch.setenv("PATHWAY_RETENTION_DAYS", "5")
    message = purge.main(endpoints)
    assert message.startswith("Deleted what was older than 5 day(s)")
    assert "1 conversation(s) idle for more than 5 day(s) emptied" in message
    assert stored_rows(db) == []


def test_purge_refuses_an_endpoints_file_without_an_sql_store(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text('action_endpoint:\n  url: "http://localhost:5055/webhook"\n')
    with pytest.raises(purge.PurgeError, match="no SQL tracker_store"):
        purge.main(endpoints, days=30)


def test_turns_read_then_saved_store_each_event_once(tmp_path):
    """Each turn is read, grown and saved (as Rasa's processor does): every event is stored
    once, whether the store counts what it read or asks the database."""
    db = tmp_path / "tracker.db"
    store = store_from(endpoints_file(tmp_path, db))
    save(store, "visitor", ActionExecuted("action_listen"), user_says("what is the IPP?"))
    for turn in range(3):
        tracker = asyncio.run(store.retrieve("visitor"))
        tracker.update(BotUttered(f"answer {turn}"))
        tracker.update(user_says(f"question {turn}"))
        asyncio.run(store.save(tracker))
    events = asyncio.run(store.retrieve("visitor")).events
    other_server = store_from(endpoints_file(tmp_path, db))  # has read nothing: asks the database
    save(other_server, "visitor", *events, BotUttered("saved by another server"))
    kinds = [row[1] for row in stored_rows(db) if row[0] == "visitor"]
    assert kinds == ["action", "user"] + ["bot", "user"] * 3 + ["bot"]
    assert len(asyncio.run(store.retrieve("visitor")).events) == len(kinds)


@pytest.mark.parametrize("sender", ["x\ud800", "x\x00y"], ids=["lone surrogate", "NUL"])
def test_a_sender_id_the_database_cannot_take_never_stops_the_server(tmp_path, sender, caplog):
    """The driver's ValueError for such text (SQLite: a lone surrogate) is not Rasa's
    "schema not found", which exits the server: the turn is answered without history and not
    stored, and the store goes on serving."""
    store = store_from(endpoints_file(tmp_path, tmp_path / "tracker.db"))
    caplog.set_level(logging.WARNING)
    try:
        asyncio.run(store.retrieve(sender))
        save(store, sender, ActionExecuted("action_listen"), user_says("hello"))
        assert asyncio.run(store.exists(sender)) in (True, False)
    except SystemExit as exit_:
        pytest.fail(f"the store exited the server ({exit_})")
    assert "schema" not in caplog.text
    assert "Is the database up" not in caplog.text  # the id, not the database, is the trouble
    save(store, "visitor", ActionExecuted("action_listen"), user_says("what is the IPP?"))
    assert asyncio.run(store.retrieve("visitor")) is not None
