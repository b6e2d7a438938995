"""Scale-out: two Rasa servers sharing PostgreSQL and Redis serve one conversation.

Real processes over HTTP: one action server and two `rasa run` servers on two ports, both with
endpoints.scale.yml. One conversation alternates between them, as it would behind a load
balancer, and must keep its context; afterwards PostgreSQL holds every user message, redacted.
Both servers write the editors' records into PostgreSQL, and `python -m bot report` and the
editors' review page show them together; a vote taken by one server is refused by the other.
Needs PostgreSQL and Redis on loopback (`scripts/ci-services.sh`); fails, never skips, without.
"""

import asyncio
import os
import subprocess
import sys
import time
import uuid

import aiohttp
import pytest
import requests
from ci_services import (SERVICES, database, forget, require_postgresql, require_redis, setting,
                         stored_user_texts)
from editors_page import EditorsPage, row_ids
from servers import PROJECT, free_port, server_env, two_servers
from socket_client import SocketIOClient

# Two servers loading at once may take TWO_SERVERS_LIMIT each (tests/servers.py): more than
# the default timeout.
pytestmark = [pytest.mark.model, pytest.mark.timeout(1500)]


@pytest.fixture(scope="module")
def services():
    """PostgreSQL and Redis must be up: a missing service is a failure, not a skip."""
    require_postgresql()
    require_redis()
    return {name: setting(name) for name in SERVICES}


@pytest.fixture(scope="module")
def servers(services, tmp_path_factory):
    """One action server and two Rasa servers; yields the two servers' base URLs."""
    logs = tmp_path_factory.mktemp("scale-out")
    credentials = logs / "credentials.yml"
    # REST, and the web widget's channels (its conversations and thumbs up/down).
    credentials.write_text("rest:\nbot.rasa_server.channels.web.SocketIO:\n"
                           "  session_persistence: true\n"
                           "bot.rasa_server.channels.web.WebChat:\n", encoding="utf-8")
    action_port = free_port()
    env = server_env(**services, ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook",
                     SQLALCHEMY_SILENCE_UBER_WARNING="1",
                     PATHWAY_SESSION_SECRET="scale-out-secret")  # the same on every replica
    with two_servers(logs, credentials, env, action_port) as urls:
        yield urls

def say(server, sender, text):
    response = requests.post(f"{server}/webhooks/rest/webhook",
                             json={"sender": sender, "message": text}, timeout=120)
    assert response.status_code == 200, response.text
    return " ".join(message.get("text") or "" for message in response.json())


def test_one_conversation_alternating_between_two_servers_keeps_its_context(servers):
    first, second = servers
    sender = f"scale-out-{uuid.uuid4().hex}"
    try:
        assert "IPP" in say(first, sender, "tell me about the IPP")
        assert "12 to 18 months" in say(second, sender, "how long does it take?")
        assert say(first, sender, "thanks, my email is jo.bloggs@example.com")

        assert stored_user_texts(sender) == [
            "tell me about the IPP", "how long does it take?", "thanks, my email is [email]"]
    finally:
        forget(sender)


def test_purge_deletes_idle_conversations_from_postgresql(services, monkeypatch):
    from rasa.core.tracker_store import create_tracker_store
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import read_endpoint_config

    from bot.tools import purge

    for name, value in {**services, "ACTION_ENDPOINT_URL": "http://127.0.0.1:5055/webhook"}.items():
        monkeypatch.setenv(name, value)
    endpoints = str(PROJECT / "endpoints.scale.yml")
    store = create_tracker_store(read_endpoint_config(endpoints, "tracker_store"), Domain.empty())
    run = uuid.uuid4().hex
    old, recent = f"purge-old-{run}", f"purge-recent-{run}"
    for sender, age_days in ((old, 400), (recent, 1)):
        event = UserUttered("hello", timestamp=time.time() - age_days * 86400)
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, [event])))
    from bot.shared import records

    now = time.time()
    for sender, age_days in ((old, 400), (recent, 1)):
        records.add_feedback(store.engine, {
            "timestamp": now - age_days * 86400, "conversation": sender, "answer_id": "1",
            "message_id": None, "channel": None, "value": "up", "topic": "ipp",
            "question": "q", "answer": "a"})
    try:
        message = purge.main(endpoints, days=365)
        assert "idle for more than 365 day(s)" in message
        assert "feedback vote(s)" in message
        assert stored_user_texts(old) == [] and stored_user_texts(recent) == ["hello"]
        assert stored_votes(old) == [] and stored_votes(recent) == [("up", "ipp")]
    finally:
        forget(old), forget(recent)


# --- the editors' records, shared by the replicas ---------------------------------------------

def stored_records(conversation):
    with database() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT reason, channel, question FROM editor_records "
                       "WHERE conversation = %s ORDER BY id", (conversation,))
        return cursor.fetchall()


def stored_votes(conversation):
    with database() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT value, topic FROM feedback WHERE conversation = %s ORDER BY id",
                       (conversation,))
        return cursor.fetchall()


def forget_records(*conversations):
    with database() as connection, connection.cursor() as cursor:
        for conversation in conversations:
            cursor.execute("DELETE FROM editor_records WHERE conversation = %s", (conversation,))
            cursor.execute("DELETE FROM feedback WHERE conversation = %s", (conversation,))
            cursor.execute("DELETE FROM events WHERE sender_id = %s", (conversation,))


def test_both_servers_write_editors_records_and_the_report_and_page_show_both(
        servers, services, tmp_path):
    logs = tmp_path
    run = uuid.uuid4().hex[:8]
    asked = {f"records-{run}-1": "what is the weather like tomorrow? mail me at jo@example.com",
             f"records-{run}-2": "how do I renew my passport?"}
    try:
        for server, (sender, question) in zip(servers, asked.items()):
            assert say(server, sender, question).startswith("Sorry, that's outside")
        assert stored_records(f"records-{run}-1") == [
            ("out_of_scope", "rest", "what is the weather like tomorrow? mail me at [email]")]
        assert stored_records(f"records-{run}-2") == [
            ("out_of_scope", "rest", "how do I renew my passport?")]
        # `python -m bot report`, from anywhere that reaches the database, reads both.
        done = subprocess.run([sys.executable, "-m", "bot", "report", "--endpoints",
                               "endpoints.scale.yml"], cwd=PROJECT, capture_output=True,
                              text=True, timeout=300,
                              env={**os.environ, **services,
                                   "ACTION_ENDPOINT_URL": "http://127.0.0.1:5055/webhook"})
        assert done.returncode == 0, done.stderr
        assert "  what is the weather like tomorrow? mail me at [email]" in done.stdout
        assert "  how do i renew my passport?" in done.stdout
        assert "jo@example.com" not in done.stdout
        # The editors' review page, pointed at the same database, shows both.
        page = EditorsPage(PROJECT, PROJECT / "endpoints.scale.yml", logs / "editors.log",
                           env={**services, "ACTION_ENDPOINT_URL": "http://127.0.0.1:5055/webhook"})
        try:
            inbox = row_ids(page.session().get(page.url, timeout=60).text)
        finally:
            page.stop()
        assert "what is the weather like tomorrow? mail me at [email]" in inbox
        assert "how do I renew my passport?" in inbox
    finally:
        forget_records(*asked)


def test_a_vote_taken_by_one_server_is_refused_by_the_other(servers):
    first, second = servers

    async def ask_in_the_widget():
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as http:
            client = SocketIOClient(http, first, "websocket", first)
            await client.connect()
            try:
                await client.emit("session_request", {"session_id": None})
                token = (await client.events_until("session_confirm"))[-1][1]
                ack = await client.emit("user_uttered", {"message": "what is the IPP?"}, ack=True)
                events = await client.events_until(ack_id=ack)
            finally:
                await client.close()
        return token, [data.get("text") for name, data in events if name == "bot_uttered"]

    token, replies = asyncio.run(ask_in_the_widget())
    conversation = token.split(".")[0]
    vote = {"session_id": token, "message_id": "1", "value": "up", "text": replies[0]}
    try:
        statuses = [requests.post(f"{server}/webhooks/web/feedback", json=vote,
                                  timeout=120).status_code for server in (first, second)]
        assert statuses == [204, 409]
        assert stored_votes(conversation) == [("up", "ipp")]
    finally:
        forget_records(conversation)
