"""The widget's Socket.IO channel without a server: which origins it lets in (from the same
setting as the HTTP API's CORS headers) and what it reads from a message. The same checks run
against the real server in tests/test_widget.py."""

from types import SimpleNamespace

import pytest
from rasa.server import configure_cors
from sanic import Sanic

from bot.rasa_server.channels.web_socket import origin_allowed, paragraphs, user_message
from bot.shared.inputs import MAX_MESSAGE_CHARS

OWN = {"wsgi.url_scheme": "https", "HTTP_HOST": "chat.example.police.uk"}


def environ_for(cors, name):
    """What engine.io passes the origin check, for a server started with `--cors cors`."""
    app = Sanic(name)
    configure_cors(app, cors)
    return {**OWN, "sanic.request": SimpleNamespace(app=app)}


@pytest.mark.parametrize("cors,origin,allowed", [
    (None, "https://chat.example.police.uk", True),  # the server's own pages (the demo)
    (None, "https://recruitment.example.police.uk", False),
    (["https://recruitment.example.police.uk"], "https://recruitment.example.police.uk", True),
    (["https://recruitment.example.police.uk"], "https://evil.example", False),
    (["https://recruitment.example.police.uk"], "http://recruitment.example.police.uk", False),
    ("*", "https://evil.example", True),
])
def test_origins_are_those_given_to_cors_and_the_servers_own(cors, origin, allowed):
    environ = environ_for(cors, f"origins{abs(hash((str(cors), origin)))}")
    assert bool(origin_allowed(origin, environ)) is allowed


def test_a_message_is_cleaned_and_cut_like_every_channels():
    read = user_message({"message": "hi\x00 there" + "x" * 5000, "session_id": "s",
                         "customData": '{"page": "p"}'}, "customData")
    assert read["text"] == ("hi there" + "x" * 5000)[:MAX_MESSAGE_CHARS + 1]
    assert read["metadata"] == {"page": "p"}
    assert "session_id" not in read  # a socket speaks in its own conversation only


@pytest.mark.parametrize("custom", ['{"x": "' + "a" * 5000 + '"}', "{" * 600, "not json",
                                    '{"a": {"b": {"c": {"d": {"e": 1}}}}}', '["a list"]'])
def test_metadata_that_is_large_deep_or_not_an_object_is_dropped(custom):
    assert user_message({"message": "hi", "customData": custom}, "customData")["metadata"] == {}


@pytest.mark.parametrize("data", [None, "hello", {"message": 5}, {"message": None}, {}])
def test_an_event_without_a_text_message_is_not_read(data):
    assert user_message(data, "customData") is None


def test_source_links_go_with_the_last_paragraph_and_its_suggestions():
    links = [{"title": "Page", "url": "https://example.org/"}]
    sent = paragraphs("First.\n\nSecond.", [{"title": "More", "payload": "/more"}], links)
    assert [m["text"] for m in sent] == ["First.", "Second."]
    assert "links" not in sent[0] and sent[1]["links"] == links
    assert sent[1]["quick_replies"][0]["title"] == "More"
