"""Compose the assistant's reply for one turn, from the content alone.

Plain Python with no Rasa import, so every answer can be tested directly. The Rasa action in
`actions/` only turns a `Turn` into an `Answer` with `answer()`, and sends it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from bot.content import ASPECTS, TOPIC_IDS, Content

CHITCHAT = ("greet", "goodbye", "thanks", "bot_challenge", "help")
FOLLOW_UPS = {f"ask_{aspect}": aspect for aspect in ASPECTS}
FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"
#: Every intent the model knows; the domain and NLU data must list exactly these.
INTENTS = (*TOPIC_IDS, *CHITCHAT, *FOLLOW_UPS, "more_details", "ask_source", OUT_OF_SCOPE)
DID_YOU_MEAN_CHOICES = 2
#: Questions longer than this get asked to be shorter rather than guessed at.
MAX_QUESTION_CHARS = 500


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Turn:
    """What the user said, as the model understood it, plus the conversation so far."""

    intent: str
    text: str = ""
    entities: Dict[str, str] = field(default_factory=dict)
    ranking: Sequence[Tuple[str, float]] = ()
    topic: Optional[str] = None
    role: Optional[str] = None


@dataclass(frozen=True)
class Answer:
    """The reply, and what it was about: `topic` is a topic id, a chit-chat intent,
    `out_of_scope` or `fallback`; only topic ids become conversation context."""

    text: str
    topic: str
    buttons: Tuple[Button, ...] = ()
    role: Optional[str] = None
    sources: Tuple[str, ...] = ()


def payload(intent: str, **entities: str) -> str:
    """A button payload that Rasa reads as an intent with entities, skipping the NLU model."""
    return f"/{intent}{json.dumps(entities) if entities else ''}"


def answer(content: Content, turn: Turn) -> Answer:
    """Pick the reply for `turn`; never raises for any intent the model can produce."""
    if not turn.text.strip():
        return _reply(content, "empty", "help")
    if len(turn.text) > MAX_QUESTION_CHARS:
        return _reply(content, "too_long", "help")
    if _mostly_non_latin(turn.text):
        return _reply(content, "not_english", "help")
    intent = turn.intent
    role = _resolve(turn.entities.get("role"), content.role_names())
    programme = _resolve(turn.entities.get("programme"), content.topic_aliases())

    if intent == FALLBACK:
        return _did_you_mean(content, turn, role)
    if intent == OUT_OF_SCOPE:
        return _out_of_scope(content, turn.text)
    if intent in CHITCHAT:
        return _reply(content, intent, intent)
    if intent == "role_details" or (role and intent in ("roles", "more_details")):
        return _role(content, role or turn.role)
    if intent in content.topics:
        return _topic(content, intent)
    if intent == "more_details":
        return _more(content, turn)
    if intent in FOLLOW_UPS:
        topic_id = programme or turn.topic
        role = turn.role if topic_id == turn.topic else None
        return _follow_up(content, FOLLOW_UPS[intent], topic_id, intent, role)
    if intent == "ask_source":
        return _source(content, turn)
    return _did_you_mean(content, turn, role)


def _mostly_non_latin(text: str) -> bool:
    """True for text written mostly in another script (Chinese, Arabic...): the model only
    knows English, so a guess would be noise."""
    letters = [c for c in text if c.isalpha()]
    latin = [c for c in letters if ord(c) < 0x250]
    return bool(letters) and len(latin) < len(letters) / 2


def _resolve(value: Optional[str], names: Dict[str, str]) -> Optional[str]:
    """Map what the user typed ("intel analist") to an id, via the content's synonyms."""
    if not value:
        return None
    key = re.sub(r"\s+", " ", str(value).lower().strip(" ?!.'\""))
    if key in names:
        return names[key]
    singular = key[:-1] if key.endswith("s") else key
    return names.get(singular)


def _buttons(content: Content, topic_ids: Sequence[str]) -> Tuple[Button, ...]:
    return tuple(Button(content.topics[t].button, payload(t)) for t in topic_ids)


def _reply(content: Content, reply_id: str, topic: str) -> Answer:
    reply = content.reply(reply_id)
    return Answer(reply.answer, topic, _buttons(content, reply.next))


def _topic(content: Content, topic_id: str) -> Answer:
    topic = content.topics[topic_id]
    return Answer(topic.answer, topic_id, _buttons(content, topic.next), None, tuple(topic.sources))


def _role_buttons(content: Content) -> Tuple[Button, ...]:
    return tuple(
        Button(role.name, payload("role_details", role=role_id))
        for role_id, role in content.roles.items()
    )


def _role(content: Content, role_id: Optional[str]) -> Answer:
    if role_id not in content.roles:
        return Answer(content.reply("which_role").answer, "role_details", _role_buttons(content))
    role = content.roles[role_id]
    topic = content.topics["role_details"]
    buttons = _buttons(content, topic.next)
    if role.details:
        buttons = (Button(f"More on the {role.name.lower()} role", payload("more_details")),) + buttons
    return Answer(role.summary, "role_details", buttons, role_id, tuple(role.sources))


def _bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _context(content: Content, turn: Turn) -> Optional[Tuple[str, List[str], List[str]]]:
    """What the conversation is about: its title, details and sources (a role counts when the
    topic is role_details); None when there is no context yet."""
    if turn.topic == "role_details" and turn.role in content.roles:
        role = content.roles[turn.role]
        return f"the {role.name.lower()} role", role.details, role.sources
    if turn.topic in content.topics:
        topic = content.topics[turn.topic]
        return _lower_first(topic.title), topic.details, topic.sources
    return None


def _more(content: Content, turn: Turn) -> Answer:
    """'Tell me more': the details of whatever the conversation is about."""
    context = _context(content, turn)
    if context is None:
        return _no_context(content, list(content.reply("help").next))
    title, details, sources = context
    buttons = _buttons(content, content.topics[turn.topic].next)
    if not details:
        url = content.sources_of(sources)[0].url
        text = content.reply("no_more_details").answer.format(title=title, url=url)
        return Answer(text, turn.topic, buttons, turn.role, tuple(sources))
    text = f"More on {title}:\n{_bullets(details)}"
    return Answer(text, turn.topic, buttons, turn.role, tuple(sources))


def _follow_up(content: Content, aspect: str, topic_id: Optional[str], intent: str,
               role: Optional[str]) -> Answer:
    """'How long does it take?': a follow-up fact of the topic in context (and its role)."""
    if topic_id not in content.topics:
        having = [t for t, topic in content.topics.items() if aspect in topic.follow_ups]
        buttons = tuple(
            Button(content.topics[t].title, payload(intent, programme=t)) for t in having
        )
        return Answer(content.reply("no_context").answer, "fallback", buttons)
    topic = content.topics[topic_id]
    if aspect not in topic.follow_ups:
        url = content.sources_of(topic.sources)[0].url
        text = content.reply("no_follow_up").answer.format(title=_lower_first(topic.title), url=url)
        return Answer(text, topic_id, _buttons(content, topic.next), role, tuple(topic.sources))
    fact = topic.follow_ups[aspect]
    return Answer(fact.answer, topic_id, _buttons(content, topic.next), role, (fact.source,))


def _source(content: Content, turn: Turn) -> Answer:
    """'Where is that from?': the sources behind the topic in context, with links."""
    context = _context(content, turn)
    if context is None:
        return _no_context(content, list(content.reply("help").next))
    source_ids = context[2]
    named = "; ".join(f"{s.title} ({s.url})" for s in content.sources_of(source_ids))
    text = content.reply("source").answer.format(sources=named)
    return Answer(text, turn.topic, (), turn.role, tuple(source_ids))


def _no_context(content: Content, topic_ids: List[str]) -> Answer:
    return Answer(content.reply("no_context").answer, "fallback", _buttons(content, topic_ids))


def _out_of_scope(content: Content, text: str) -> Answer:
    """A kind deflection; for crime, pay, vacancies, vetting and dates, where to go instead."""
    scope = content.out_of_scope
    words = f" {' '.join(re.findall(r'[a-z0-9]+', text.lower()))} "
    for deflection in scope.kinds.values():
        if any(f" {keyword.lower()} " in words for keyword in deflection.keywords):
            return Answer(deflection.answer, OUT_OF_SCOPE, _buttons(content, scope.next))
    return Answer(scope.answer, OUT_OF_SCOPE, _buttons(content, scope.next))


def _did_you_mean(content: Content, turn: Turn, role: Optional[str]) -> Answer:
    """Low confidence: offer the likeliest topics as buttons, plus 'something else'."""
    choices: List[Button] = []
    for intent, _confidence in turn.ranking:
        if len(choices) == DID_YOU_MEAN_CHOICES:
            break
        if intent == "role_details" and role:
            name = content.roles[role].name
            choices.append(Button(name, payload("role_details", role=role)))
        elif intent in content.topics:
            choices.append(Button(content.topics[intent].button, payload(intent)))
    if not choices:
        return _out_of_scope(content, turn.text)
    choices.append(Button(content.reply("something_else").answer, payload("help")))
    return Answer(content.reply("did_you_mean").answer, "fallback", tuple(choices))


def _lower_first(title: str) -> str:
    """'The IPP' -> 'the IPP', but keep acronyms such as 'FIBs' as they are."""
    first = title.split(" ", 1)[0]
    return title if first.isupper() or first[1:2].isupper() else title[0].lower() + title[1:]
