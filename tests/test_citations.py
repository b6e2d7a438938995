"""Sources shown with answers: each page once, and none under replies that are not answers from
the sources (chit-chat, safety signposts, known unknowns)."""

import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswer
from bot.action_server.answers import Turn, answer
from bot.action_server.citations import source_links
from bot.shared.content import TOPIC_IDS

URL = re.compile(r"https://[^\s);]+")


def said(text, intent, **slots):
    """The action's one message for `text` understood as `intent`, as the channels get it."""
    tracker = Tracker("u", slots, {"text": text, "intent": {"name": intent, "confidence": 0.99},
                                   "entities": [], "intent_ranking": [
                                       {"name": intent, "confidence": 0.99}]},
                      [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    ActionAnswer().run(dispatcher, tracker, {})
    return dispatcher.messages[0]


def test_two_sources_on_one_page_give_one_link(content):
    shared = [s for s in content.sources if content.sources[s].url == content.sources["S1"].url]
    assert len(shared) >= 2, "the content no longer has two sources on one page"
    assert source_links(content, shared) == [
        {"title": content.sources[shared[0]].title, "url": content.sources["S1"].url}]


@pytest.mark.parametrize("topic_id", [t for t in TOPIC_IDS if t != "role_details"])
def test_where_is_that_from_lists_each_page_once(content, topic_id):
    reply = answer(content, Turn(intent="ask_source", text="where is that from?", topic=topic_id))
    urls = URL.findall(reply.text)
    expected = {content.sources[s].url for s in content.topics[topic_id].sources}
    assert sorted(urls) == sorted(expected), reply.text


def test_an_answer_carries_its_source_links(content):
    message = said("what is the IPP?", "ipp")
    ipp = content.topics["ipp"]
    assert message["links"] == source_links(content, ipp.sources)
    assert message["links"] and all(link["url"].startswith("https://") for link in message["links"])


@pytest.mark.parametrize("text,intent,kind", [
    ("hello", "greet", "greet"),
    ("thanks", "thanks", "thanks"),
    ("I want to report a burglary", "report_crime", "safety"),
    ("what's the salary like?", "ask_unknown", "unknown"),
])
def test_replies_that_are_not_answers_carry_no_links(text, intent, kind):
    message = said(text, intent)
    assert (message["topic"], message["links"]) == (kind, [])
