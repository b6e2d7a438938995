"""The one custom action: hand the turn to `bot.action_server.answers` and send what it composes.

Kept thin on purpose: all the logic is in `bot/`, testable without Rasa running.
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.action_server.answers import TOPIC_IDS, UNKNOWN, Turn, answer
from bot.action_server.citations import source_links
from bot.action_server.live_content import current as current_content
from bot.shared.records import record_unanswered


#: Replies editors should see in `python -m bot report`: the assistant could not answer.
UNANSWERED = ("out_of_scope", "fallback", UNKNOWN)


def turn_from_tracker(tracker: Tracker) -> Turn:
    """What the latest user message means, plus the context held in slots."""
    return Turn.from_parse(tracker.latest_message or {}, tracker.get_slot("topic"),
                           tracker.get_slot("role"))


class ActionAnswer(Action):
    def name(self) -> Text:
        return "action_answer"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        turn = turn_from_tracker(tracker)
        content = current_content()  # editors' saved changes, once valid
        reply = answer(content, turn)
        if reply.topic in UNANSWERED:
            confidence = turn.ranking[0][1] if turn.ranking else 0.0
            record_unanswered(turn.text, reply.topic, turn.intent, confidence, reply.subject)
        dispatcher.utter_message(
            text=reply.text,
            buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons],
            topic=reply.topic,
            role=reply.role,
            sources=list(reply.sources),
            # What the channels show under the answer: one titled link per URL, from the
            # content being served.
            links=source_links(content, reply.sources),
        )
        if reply.topic not in TOPIC_IDS:
            return []
        return [SlotSet("topic", reply.topic), SlotSet("role", reply.role)]
