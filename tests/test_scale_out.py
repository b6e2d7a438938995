"""Scale-out: two Rasa servers sharing PostgreSQL and Redis serve one conversation.

Real processes over HTTP: one action server and two `rasa run` servers on two ports, both with
endpoints.scale.yml. One conversation alternates between them, as it would behind a load
balancer, and must keep its context; afterwards PostgreSQL holds every user message, redacted.
Needs PostgreSQL and Redis on loopback (`scripts/ci-services.sh`); fails, never skips, without.
"""

import asyncio
import time
import uuid

import pytest
import requests
from ci_services import (SERVICES, forget, require_postgresql, require_redis, setting,
                         stored_user_texts)
from servers import PROJECT, free_port, server_env, two_servers

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
    credentials.write_text("rest:\n", encoding="utf-8")
    action_port = free_port()
    env = server_env(**services, ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook",
                     SQLALCHEMY_SILENCE_UBER_WARNING="1")
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
    try:
        assert "idle for more than 365 day(s)" in purge.main(endpoints, days=365)
        assert stored_user_texts(old) == [] and stored_user_texts(recent) == ["hello"]
    finally:
        forget(old), forget(recent)
