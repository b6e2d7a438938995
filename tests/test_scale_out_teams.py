"""Scale-out in Teams: a suggested action offered by one replica is clicked on another.

Real processes, as tests/test_scale_out.py: one action server and two `rasa run` servers with
the Teams channel, sharing PostgreSQL and Redis (endpoints.scale.yml), in front of the local
fake Bot Framework. In personal chat Teams sends a click as the button's title only, so the
replica that receives it must find the payload (with its entity) in the shared tracker.
Needs PostgreSQL and Redis on loopback (`scripts/ci-services.sh`); fails, never skips, without.
"""

import uuid

import pytest

from bot.action_server.answers import payload
from ci_services import (SERVICES, forget, require_postgresql, require_redis, setting,
                         stored_user_texts)
from fake_botframework import FakeBotFramework, LoopThread
from servers import free_port, server_env, two_servers
from test_teams import APP_ID, TENANT, USER, expected, message, without_footer

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    loop_thread = LoopThread()
    fake = FakeBotFramework(APP_ID, TENANT, tmp_path_factory.mktemp("fake-botframework"))
    loop_thread.run(fake.start())
    yield fake
    loop_thread.run(fake.stop())
    loop_thread.stop()


@pytest.fixture(scope="module")
def servers(fake, tmp_path_factory):
    """One action server and two Rasa servers with the Teams channel; yields their webhooks."""
    require_postgresql()
    require_redis()
    logs = tmp_path_factory.mktemp("scale-out-teams")
    credentials = logs / "credentials.yml"
    credentials.write_text("bot.rasa_server.channels.teams.TeamsInput:\n", encoding="utf-8")
    action_port = free_port()
    env = server_env(**{name: setting(name) for name in SERVICES},
                     ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook",
                     SQLALCHEMY_SILENCE_UBER_WARNING="1",
                     MICROSOFT_APP_ID=APP_ID, MICROSOFT_APP_PASSWORD="not-a-real-secret",
                     MICROSOFT_APP_TENANT_ID=TENANT,
                     TEAMS_OPENID_METADATA_URL=fake.metadata_url, TEAMS_LOGIN_URL=fake.login_url,
                     REQUESTS_CA_BUNDLE=str(fake.ca_file))  # MSAL trusts the fake's certificate
    # The channel's health answers 200 once the fake's signing keys are loaded.
    with two_servers(logs, credentials, env, action_port, "/webhooks/teams/") as urls:
        yield [f"{url}/webhooks/teams/webhook" for url in urls]


def post(webhook, activity, fake):
    import requests

    reply = requests.post(webhook, json=activity, timeout=120,
                          headers={"Authorization": f"Bearer {fake.token()}"})
    assert reply.status_code == 200, reply.text


def test_a_role_button_offered_by_one_server_and_clicked_on_the_other_answers_that_role(
        servers, fake, content):
    first, second = servers
    conversation = f"a:scale-out-{uuid.uuid4().hex}"
    sender = f"{conversation}|{USER['id']}"
    question = "what is the difference between an intelligence analyst and an intelligence officer?"
    fake.reset()
    try:
        post(first, message(fake, question, conversation=conversation), fake)
        [offer] = fake.wait_for_messages(1)
        titles = [a["title"] for a in offer.activity["suggestedActions"]["actions"]]
        click = next(title for title in titles if "officer" in title.lower())

        # imBack: Teams sends only the title, and to whichever server the balancer picks.
        post(second, message(fake, click, activity_id="msg-click", conversation=conversation), fake)
        sent = fake.wait_for_messages(2)

        assert len(sent) == 2, f"no answer to the click: {fake.posted}"
        assert without_footer(sent[1].activity["text"]) == \
            expected(content, "role_details", role="intelligence_officer")
        assert stored_user_texts(sender) == [
            question, payload("role_details", role="intelligence_officer")]
    finally:
        forget(sender)
