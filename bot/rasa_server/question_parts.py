"""A message that holds several things is read part by part.

"What does the fast track involve, how long is it, and can detectives apply?" asks three
questions; "someone stole my bike lol anyway how long is the fast track" holds a report and a
question. The model gives a message one intent, so Rasa's parse is extended: the message is cut
into parts (`bot.shared.focus.question_parts`), and each part is parsed on its own by the same
model. The parse result gets `parts`: one entry per part, with its text, whether it asks, and
its intent, ranking and entities. The custom action answers each part that asks
(bot/action_server/answers.py); a part that only states something is one more reading for the
safety net (the model knows reports in words no phrase list holds). Messages of one part, most of them,
are parsed once, as before. Installed by `bot.rasa_server.patches.install()`.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from bot.shared.focus import asks, pieces, question_parts, stands_alone, unjoined
from bot.shared.words import spoken_names

PARTS = "parts"
#: A message that states something and asks more than one thing: its asking parts as one text,
#: parsed whole ("the boss takes her passport. Also who is the supervisor, what he do?"); in a
#: message of one part with a `TOLD` statement, its question alone (`question_alone`).
ASKED = "asked"
#: A message of one part that tells something before its question: what it tells, parsed on its
#: own, one more reading for the safety net ("someone keeps sharing my address ... also how
#: long is the IPP": read whole, the question's words outweigh the report).
TOLD = "told"
#: Shorter statements ("I'm a nurse, ...") tell of no one else, so they are not parsed again.
TOLD_WORDS = 6
#: Intents kept per part: enough for "did you mean" and the runner-up reading.
RANKING = 5


def _reading(parsed: Dict[str, Any]) -> Dict[str, Any]:
    """What the model read in one part: its intent and ranking, entities, and the danger
    reader's score (bot/rasa_server/nlu/danger.py)."""
    return {"intent": parsed.get("intent"),
            "intent_ranking": list(parsed.get("intent_ranking") or [])[:RANKING],
            "entities": list(parsed.get("entities") or []), "danger": parsed.get("danger")}


def parts_of(parse: Any, text: str) -> List[Dict[str, Any]]:
    """The parts of `text`, each parsed by `parse(part_text)`."""
    parts = []
    for part in question_parts(text):
        parsed = parse(unjoined(part))  # "Also," says nothing the model should weigh
        parts.append({"text": part, "asks": asks(part), **_reading(parsed)})
    return parts


def told_of(parse: Any, text: str) -> List[Dict[str, Any]]:
    """For a message of one part whose statement comes before its question in one sentence,
    that statement, when long enough, parsed by `parse` and marked as asking nothing: one
    parse more at most, whatever the message."""
    split = pieces(text)
    if len(split) < 2 or asks(split[0]) or not asks(split[1]) \
            or len(split[0].split()) < TOLD_WORDS:
        return []
    parsed = parse(split[0])
    return [{"text": split[0], "asks": False, **_reading(parsed)}]


def question_alone(parse: Any, text: str) -> Optional[Dict[str, Any]]:
    """For a message of one part whose statement `told_of` parsed, its question by its own
    words, parsed by `parse`: read whole, what the visitor tells can outweigh what they ask
    ("im doing a school project on police jobs, what is intelligence?" reads as something the
    sources do not hold). The answer uses it only when the whole's reading finds nothing.
    None for a question that leans on what was told ("... do they help wiv that"): no parse."""
    text = ", ".join(pieces(text)[1:])
    if not stands_alone(text):
        return None  # "... i hav dislexia. do they help wiv that": "that" is what it told
    parsed = parse(text)
    return {"text": text, **_reading(parsed)}


def asked_of(parse: Any, parts: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The asking parts of a message that also states something, as one text parsed by
    `parse`; None when the message states nothing or asks one thing (that part is parsed)."""
    asking = [p["text"] for p in parts if p["asks"]]
    if len(asking) < 2 or len(asking) == len(parts):
        return None
    text = ", ".join(asking)
    parsed = parse(text)
    return {"text": text, **_reading(parsed)}


def install() -> None:
    """Wrap MessageProcessor.parse_message (idempotent)."""
    from rasa.core.channels.channel import UserMessage
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.trackers import DialogueStateTracker

    if getattr(MessageProcessor.parse_message, "reads_parts", False):
        return
    original = MessageProcessor.parse_message

    async def parse_message(self: MessageProcessor, message: UserMessage,
                            tracker: Optional[DialogueStateTracker] = None,
                            only_output_properties: bool = True) -> Dict[str, Any]:
        parse_data = await original(self, message, tracker, only_output_properties)
        # (the names voice typing spelt out, written as names, as the model read them)
        text = spoken_names(parse_data.get("full_text") or parse_data.get("text") or "")
        if self.http_interpreter is None and text and not text.startswith("/"):
            empty = DialogueStateTracker.from_events(message.sender_id, [])

            def parse(part: str) -> Dict[str, Any]:
                return self._parse_message_with_graph(
                    UserMessage(part, sender_id=message.sender_id), empty, True)

            parts = parts_of(parse, text)
            if parts:
                parse_data[PARTS] = parts
                asked = asked_of(parse, parts)
                if asked:
                    parse_data[ASKED] = asked
            else:
                told = told_of(parse, text)
                if told:
                    parse_data[TOLD] = told
                    alone = question_alone(parse, text)
                    if alone:
                        parse_data[ASKED] = alone
        return parse_data

    parse_message.reads_parts = True
    MessageProcessor.parse_message = parse_message
