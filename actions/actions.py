"""The one custom action: hand the turn to `bot.action_server.answers` and send what it composes.

Kept thin on purpose: all the logic is in `bot/`, testable without Rasa running.
"""

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.action_server.answers import (FALLBACK, SAFETY, UNKNOWN, Answer, Turn, answer,
                                       context_slots)
from bot.action_server import choices, safety
from bot.action_server.citations import source_links
from bot.action_server.live_content import current as current_content

# The content and the indices built from it (lemmas, phrases, facts) are made at start-up: made
# on the first visitor's turn instead, they took that turn past the action deadline (1.5 s)
# on a slow, busy machine, and the visitor got the apology. Editors' later edits are loaded
# and prepared in the background (bot/action_server/live_content.py).
current_content()

#: Replies editors should see in `python -m bot report`, by the reason they are recorded
#: (bot/shared/records.py REASONS): the assistant could not answer.
UNANSWERED = {"out_of_scope": "out_of_scope", "fallback": "did_you_mean",
              UNKNOWN: "not_in_sources"}
#: Below this confidence of the model in its reading, an answer is recorded for the editors as
#: a low-confidence one. On the blind visitor sets A and F, about one answer in ten is under
#: 0.5, and a quarter of those are wrong, against one in twenty of the others.
LOW_CONFIDENCE = 0.5


def turn_from_tracker(tracker: Tracker) -> Turn:
    """What the latest user message means, plus the context held in slots. "2" or "the second
    one" right after a reply with buttons is that button's question."""
    parse = tracker.latest_message or {}
    picked = choices.chosen(str(parse.get("text") or ""), choices.last_buttons(tracker.events))
    if picked:
        parse = choices.as_parse(picked)
    return Turn.from_parse(parse, tracker.get_slot("topic"),
                           tracker.get_slot("role"), tracker.get_slot("kind"),
                           after_signpost=safety.follows_signpost(tracker.events),
                           other_role=tracker.get_slot("other_role"),
                           programme=tracker.get_slot("programme"),
                           reported_earlier=safety.reported_in_session(tracker.events))


def model_reading(parse: Dict[Text, Any]) -> Tuple[Optional[Text], Optional[float]]:
    """The intent the model itself liked best and its confidence: Rasa's nlu_fallback, which
    only says the model was unsure, is passed over. None when the parse has no confidence."""
    for ranked in parse.get("intent_ranking") or []:
        if ranked.get("name") != FALLBACK:
            return ranked.get("name"), float(ranked.get("confidence") or 0.0)
    intent = parse.get("intent") or {}
    confidence = intent.get("confidence")
    return intent.get("name"), None if confidence is None else float(confidence)


def editors_record(parse: Dict[Text, Any], turn: Turn, reply: Answer) -> Optional[Dict[Text, Any]]:
    """What the Rasa server needs to write the editors' record of this answer (it is sent in
    the bot message's metadata as `record`; bot/rasa_server/stores.py writes the row, so the
    action server needs no database), or None when editors need not see it."""
    intent, confidence = model_reading(parse)
    if reply.topic in UNANSWERED:
        reason = UNANSWERED[reply.topic]
    elif (confidence is not None and confidence < LOW_CONFIDENCE and reply.topic != SAFETY
          and turn.text.strip() and not turn.text.lstrip().startswith("/")):
        reason = "low_confidence"
    else:
        return None
    record: Dict[Text, Any] = {"reason": reason, "intent": intent,
                               "confidence": None if confidence is None else round(confidence, 4)}
    if reply.subject:
        record["subject"] = reply.subject
    return record


class ActionAnswer(Action):
    def name(self) -> Text:
        return "action_answer"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        turn = turn_from_tracker(tracker)
        content = current_content()  # editors' saved changes, once valid
        reply = answer(content, turn)
        extra: Dict[Text, Any] = {}
        record = editors_record(tracker.latest_message or {}, turn, reply)
        if record:
            extra["record"] = record
        dispatcher.utter_message(
            text=reply.text,
            buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons],
            topic=reply.topic,
            role=reply.role,
            sources=list(reply.sources),
            # What the channels show under the answer: one titled link per URL, from the
            # content being served.
            links=source_links(content, reply.sources),
            # How each question was understood, for `/why` in the terminal chat.
            frame=reply.frame,
            # Whether it holds the signpost: a short next turn may go on about the report.
            signposted=reply.signposted,
            **extra,
        )
        return [SlotSet(name, value)
                for name, value in context_slots(content, reply, turn.context).items()]
