"""The one custom action: hand the turn to `bot.answers` and send what it composes.

Kept thin on purpose: all the logic is in `bot/`, testable without Rasa running.
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import TOPIC_IDS, Turn, answer
from bot.content import default_content
from bot.records import record_unanswered


def turn_from_tracker(tracker: Tracker) -> Turn:
    """What the latest user message means, plus the context held in slots."""
    message = tracker.latest_message or {}
    entities: Dict[Text, Text] = {}
    for entity in message.get("entities") or []:
        entities.setdefault(entity.get("entity"), entity.get("value"))
    ranking = [(i.get("name"), i.get("confidence", 0.0)) for i in message.get("intent_ranking") or []]
    return Turn(
        intent=(message.get("intent") or {}).get("name") or "nlu_fallback",
        text=message.get("text") or "",
        entities=entities,
        ranking=ranking,
        topic=tracker.get_slot("topic"),
        role=tracker.get_slot("role"),
    )


class ActionAnswer(Action):
    def name(self) -> Text:
        return "action_answer"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        turn = turn_from_tracker(tracker)
        reply = answer(default_content(), turn)
        if reply.topic in ("out_of_scope", "fallback"):
            confidence = turn.ranking[0][1] if turn.ranking else 0.0
            record_unanswered(turn.text, reply.topic, turn.intent, confidence)
        dispatcher.utter_message(
            text=reply.text,
            buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons],
            topic=reply.topic,
            role=reply.role,
            sources=list(reply.sources),
        )
        if reply.topic not in TOPIC_IDS:
            return []
        return [SlotSet("topic", reply.topic), SlotSet("role", reply.role)]
