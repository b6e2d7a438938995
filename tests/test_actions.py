"""The custom action, run the way the action server runs it, on tracker fixtures (no network)."""

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswer


def run(tracker_json, name):
    dispatcher = CollectingDispatcher()
    events = ActionAnswer().run(dispatcher, Tracker.from_dict(tracker_json(name)), domain={})
    assert len(dispatcher.messages) == 1, "one reply per turn"
    return dispatcher.messages[0], events


def test_topic_question_answers_sets_context_and_suggests_next(tracker_json, content):
    message, events = run(tracker_json, "ipp_question")
    assert message["text"] == content.topics["ipp"].answer
    assert [b["payload"] for b in message["buttons"]] == ["/more_details", "/cpd", "/training"]
    assert message["topic"] == "ipp" and message["sources"] == ["S1", "S3"]
    assert events == [SlotSet("topic", "ipp"), SlotSet("role", None), SlotSet("kind", "ipp"),
                      SlotSet("programme", "ipp")]


def test_a_programme_talked_about_before_is_read_from_its_slot(tracker_json, content):
    message, events = run(tracker_json, "fast_track_then_researcher_then_who_chooses")
    assert message["text"] == content.topics["fast_track"].follow_ups["provider"].answer
    assert SlotSet("topic", "fast_track") in events


def test_follow_up_uses_the_topic_slot(tracker_json, content):
    message, events = run(tracker_json, "ipp_then_how_long")
    assert message["text"] == content.topics["ipp"].follow_ups["duration"].answer
    assert SlotSet("topic", "ipp") in events


def test_role_entity_after_roles_gives_that_role_and_remembers_it(tracker_json, content):
    message, events = run(tracker_json, "roles_then_analyst_one")
    assert message["text"] == content.roles["intelligence_analyst"].summary
    assert events == [SlotSet("topic", "role_details"), SlotSet("role", "intelligence_analyst"),
                      SlotSet("kind", "more_details")]


def test_low_confidence_offers_did_you_mean_buttons_and_keeps_the_subject(tracker_json, content):
    message, events = run(tracker_json, "unsure")
    assert message["text"] == content.reply("did_you_mean").answer
    assert [b["payload"] for b in message["buttons"]] == ["/ipp", "/training", "/help"]
    assert message["topic"] == "fallback"
    # The topic and role stay; the kind of question before it is forgotten (nothing was answered).
    assert events == [SlotSet("kind", None)]


def test_crime_report_points_to_999_and_101_and_keeps_context(tracker_json):
    message, events = run(tracker_json, "report_crime")
    assert "999" in message["text"] and "101" in message["text"]
    assert events == []


def test_an_answer_carries_its_source_links_each_address_once(tracker_json, content):
    """S1 and S2 are the short and long versions of one College page: one link, not two."""
    tracker = tracker_json("ipp_question")
    tracker["latest_message"]["intent"]["name"] = "what_is_intelligence"
    tracker["latest_message"]["text"] = "what is intelligence work?"
    tracker["latest_message"]["intent_ranking"] = [{"name": "what_is_intelligence", "confidence": 0.99}]
    dispatcher = CollectingDispatcher()
    ActionAnswer().run(dispatcher, Tracker.from_dict(tracker), domain={})
    message = dispatcher.messages[0]
    assert message["sources"] == ["S1", "S2"]
    assert message["links"] == [{"title": content.sources["S1"].title,
                                        "url": content.sources["S1"].url}]


def test_ipp_links_to_the_pathway_and_the_ipp_page(tracker_json, content):
    message, _ = run(tracker_json, "ipp_question")
    assert [link["url"] for link in message["links"]] == [
        content.sources["S1"].url, content.sources["S3"].url]


def test_safety_reply_carries_no_source_link(tracker_json):
    message, _ = run(tracker_json, "report_crime")
    assert message["links"] == []


def test_a_short_turn_after_the_signpost_is_still_about_reporting(tracker_json):
    """"and can I do it online?" right after the signpost asks about reporting: the signpost
    again (the tracker's last bot message was it); the same words after a career answer are
    not a report."""
    message, events = run(tracker_json, "signpost_then_online")
    assert "999" in message["text"] and "101" in message["text"] and events == []
    after_career = tracker_json("signpost_then_online")
    after_career["events"][1]["metadata"] = {"topic": "ipp"}
    dispatcher = CollectingDispatcher()
    ActionAnswer().run(dispatcher, Tracker.from_dict(after_career), domain={})
    assert "999" not in dispatcher.messages[0]["text"]


def test_the_second_one_after_did_you_mean_is_the_second_suggestion(tracker_json, content):
    message, events = run(tracker_json, "unsure_then_second_one")
    assert message["topic"] == "training"
    assert message["text"].startswith(content.topics["training"].answer[:40])
    assert SlotSet("topic", "training") in events
    # Without a reply with buttons before it, "the second one" is read as the model read it.
    tracker = tracker_json("unsure_then_second_one")
    tracker["events"] = tracker["events"][-1:]
    dispatcher = CollectingDispatcher()
    ActionAnswer().run(dispatcher, Tracker.from_dict(tracker), domain={})
    assert dispatcher.messages[0]["topic"] == "out_of_scope"
