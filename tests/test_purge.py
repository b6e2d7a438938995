"""Retention (`python -m bot purge`, bot/tools/purge.py) of the editors' records: the records
and feedback older than the retention period are deleted from the database's tables, and the
command says what it deleted (SQLite in a temporary folder, no model). The purge of events
from the tracker store is tested with the store, in tests/test_stores.py; on PostgreSQL in
tests/test_scale_out.py."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.shared import records
from bot.tools import purge
from test_stores import save, user_says

PROJECT = Path(__file__).resolve().parent.parent


def record(days_ago, question, now):
    row = {"timestamp": now - days_ago * 86400, "conversation": "c", "channel": "rest",
           "reason": "out_of_scope", "topic": "out_of_scope", "subject": None, "intent": None,
           "confidence": None, "question": question, "answer": None}
    row["record_key"] = records._key(question, days_ago)
    return row


def vote(days_ago, answer_id, now):
    return {"timestamp": now - days_ago * 86400, "conversation": "c", "answer_id": answer_id,
            "message_id": None, "channel": None, "value": "up", "topic": "ipp",
            "question": "q", "answer": "a"}


def test_purge_deletes_old_records_and_feedback_and_keeps_recent_ones(records_db):
    engine = records_db.engine()
    now = time.time()
    records.write_records(engine, [record(40, "what is the pay?", now),
                                   record(31, "any vacancies?", now),
                                   record(29, "can I work part-time?", now),
                                   record(1, "hello", now)])
    for days_ago, answer in ((45, "1"), (2, "2")):
        records.add_feedback(engine, vote(days_ago, answer, now))

    message = purge.main(records_db.endpoints, days=30)

    assert "  editors' records: 2 question(s) not answered or answered unsure, " \
           "1 feedback vote(s)" in message
    assert [r["question"] for r in records_db.rows("editor_records")] == [
        "can I work part-time?", "hello"]
    assert [r["answer_id"] for r in records_db.rows("feedback")] == ["2"]
    # Nothing old: nothing deleted.
    assert "editors' records: 0 question(s) not answered or answered unsure, 0 feedback vote(s)" \
        in purge.main(records_db.endpoints, days=30)


def test_purge_of_a_database_without_the_records_tables_deletes_only_events(records_db):
    save(records_db.store(), "old", user_says("hello", time.time() - 40 * 86400))
    with sqlite3.connect(records_db.db) as connection:  # the store made them: dropped here
        connection.executescript("DROP TABLE editor_records; DROP TABLE feedback;")
    message = purge.main(records_db.endpoints, days=30)
    assert "1 event(s)" in message and "editors' records: 0 question(s)" in message


def test_the_purge_command_prints_what_it_deleted(records_db):
    save(records_db.store(), "old", user_says("hello", time.time() - 40 * 86400))
    records.add_feedback(records_db.engine(), vote(400, "1", time.time()))
    # No --endpoints: $ENDPOINTS (this test's database, tests/conftest.py), as `make purge`.
    done = subprocess.run([sys.executable, "-m", "bot", "purge", "--days", "30"], cwd=PROJECT,
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    assert done.returncode == 0, done.stderr
    assert "1 event(s); 1 conversation(s) idle for more than 30 day(s) emptied" in done.stdout
    assert "editors' records: 0 question(s) not answered or answered unsure, 1 feedback vote(s)" \
        in done.stdout
    assert str(records_db.db) in done.stdout
    assert records_db.rows("feedback") == []
