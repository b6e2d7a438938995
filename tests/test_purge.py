"""Retention (`python -m bot purge`, bot/tools/purge.py) of the editors' records: the lines older
than the retention period go from both JSON-lines files, and the command says what it deleted
(SQLite in a temporary folder, no model). The purge of events from the tracker store is tested
with the store, in tests/test_stores.py."""

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.shared.records import purge_before
from bot.tools import purge
from test_stores import endpoints_file, save, store_from, user_says

PROJECT = Path(__file__).resolve().parent.parent


def test_purge_removes_old_records_from_the_editors_files(tmp_path, records):
    endpoints = endpoints_file(tmp_path, tmp_path / "tracker.db")
    save(store_from(endpoints), "recent", user_says("hello", time.time()))
    now = datetime.now(timezone.utc)

    def line(days_ago, **fields):
        moment = (now - timedelta(days=days_ago)).isoformat(timespec="seconds")
        return json.dumps({"timestamp": moment, **fields}) + "\n"

    unanswered = [line(40, text="what is the pay?"), line(31, text="any vacancies?"),
                  "not json\n", json.dumps({"text": "no timestamp"}) + "\n",
                  line(29, text="can I work part-time?"), "\n", line(1, text="hello")]
    records["unanswered"].write_text("".join(unanswered), encoding="utf-8")
    feedback = [line(45, value="down"), line(2, value="up", topic="ipp")]
    records["feedback"].write_text("".join(feedback), encoding="utf-8")
    records["feedback"].chmod(0o640)

    message = purge.main(endpoints, days=30)

    assert records["unanswered"].read_text(encoding="utf-8") == unanswered[4] + unanswered[6]
    assert records["feedback"].read_text(encoding="utf-8") == feedback[1]
    assert f"{records['unanswered']}: 2 record(s), and 2 unreadable line(s)" in message
    assert f"{records['feedback']}: 1 record(s)" in message
    assert records["feedback"].stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".purge") == []

    # Nothing old: the files are not rewritten.
    before = records["unanswered"].stat().st_ino
    assert f"{records['unanswered']}: 0 record(s)" in purge.main(endpoints, days=30)
    assert records["unanswered"].stat().st_ino == before


def test_purge_leaves_missing_and_special_record_files_alone(tmp_path, monkeypatch):
    endpoints = endpoints_file(tmp_path, tmp_path / "tracker.db")
    monkeypatch.setenv("PATHWAY_UNANSWERED_FILE", os.devnull)  # as the benchmarks set it
    message = purge.main(endpoints, days=30)
    assert f"{os.devnull}: not a regular file" in message and "feedback.jsonl: no such file" in message
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)


def test_a_line_still_being_written_is_left_for_the_next_purge(tmp_path):
    path = tmp_path / "unanswered.jsonl"
    old = json.dumps({"timestamp": "2020-01-01T00:00:00+00:00", "text": "old"}) + "\n"
    path.write_text(old + '{"timestamp": "2030-01-01T00:00:00+00:00", "te', encoding="utf-8")
    assert purge_before(path, cutoff=time.time()) == (1, 0)
    assert path.read_text(encoding="utf-8") == '{"timestamp": "2030-01-01T00:00:00+00:00", "te'


def test_the_purge_command_prints_what_it_deleted(tmp_path, records):
    endpoints = endpoints_file(tmp_path, tmp_path / "tracker.db")
    save(store_from(endpoints), "old", user_says("hello", time.time() - 40 * 86400))
    records["feedback"].write_text(
        json.dumps({"timestamp": "2020-01-01T00:00:00+00:00", "value": "up"}) + "\n")
    done = subprocess.run([sys.executable, "-m", "bot", "purge", "--endpoints", str(endpoints),
                           "--days", "30"], cwd=PROJECT, capture_output=True, text=True,
                          env=os.environ.copy(), timeout=300)
    assert done.returncode == 0, done.stderr
    assert "1 event(s); 1 conversation(s) idle for more than 30 day(s) emptied" in done.stdout
    assert f"{records['feedback']}: 1 record(s)" in done.stdout
    assert f"{records['unanswered']}: no such file" in done.stdout
