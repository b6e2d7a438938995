"""Compose the assistant's reply for one turn, from the content alone.

Plain Python with no Rasa import, so every answer can be tested directly. The Rasa action in
`actions/` only turns a `Turn` into an `Answer` with `answer()`, and sends it.

`answer()` is one pipeline, each step its own function, in this order (README, "How it
understands a question"): `safety_first` -> `readable` -> `split_questions` -> for each
question `read_frame` -> `fill_from_context` (bot/action_server/frames.py) -> `choose_content`
-> `compose` -> `keep_context`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import AbstractSet, Any, Callable, Dict, FrozenSet, List, Optional, Sequence, Tuple

from bot.action_server import safety, unknowns
from bot.action_server.citations import source_links
from bot.action_server.facts import fact_for, only_in_details
from bot.action_server.names import programmes_in, roles_in
from bot.shared.intents import ASK_UNKNOWN, FALLBACK, OUT_OF_SCOPE, REPORT_INTENT
from bot.action_server.frames import (ASKS_OF_WHAT_WAS_TOLD, CHITCHAT, ELSEWHERE, FACT, FOLLOW_UPS,
                                      UNKNOWN, VAGUE, Context, Frame,
                                      chitchat_said, cued_follow_up, cued_kind, moved_on, fact_in_context,
                                      fill_from_context, has_cue, names_scope, only_filler,
                                      opens_with_thanks, read_frame, role_named_in_message,
                                      roles_holding, signs_off, subject_sentences,
                                      topic_asked_for, UNSURE, about_elsewhere, asks_which_to_start_in,
                                      asks_where_you_get_it, asks_what_it_stands_on, doubts_it)
from bot.shared import inputs
from bot.shared.content import ROLE_KINDS, TOPIC_IDS, WORDS_ONLY_ASPECTS, Content, Topic
from bot.shared.focus import MAX_PARTS, asks, clauses, pieces, sentences, stands_alone, without_greeting
from bot.shared.words import INTELLIGENCE_WORK, analyse, lower_first, spoken_names, tokens

#: Every intent the model knows; the domain and NLU data must list exactly these.
INTENTS = (*TOPIC_IDS, *CHITCHAT,
           *(k for k, aspect in FOLLOW_UPS.items() if aspect not in WORDS_ONLY_ASPECTS),
           "more_details", "ask_source", OUT_OF_SCOPE, REPORT_INTENT, ASK_UNKNOWN)
#: Topics whose cue asks for the general answer, never one detail ("how do I get in?").
GENERAL_FIRST = ("entry_routes", "cpd")
#: What an answer is about, besides topic ids and chit-chat intents.
SAFETY, COMPARE = "safety", "compare"
#: The topic of a reply that answers nothing yet: "did you mean" or "which part do you mean?".
FALLBACK_TOPIC = "fallback"
#: What intelligence work is: said beside a role asked whether it works on a kind of crime.
WORK = "what_is_intelligence"
DID_YOU_MEAN_CHOICES = 2
#: Suggestions under an answer: more would crowd a phone screen (and Teams shows three).
MAX_SUGGESTIONS = 3
#: Questions of one message answered (each briefly); more are not read (`MAX_PARTS`).
MAX_ANSWERED = 3
#: From this score the danger reader's (bot/rasa_server/nlu/danger.py) is the safety net's
#: model reading of a text the intent model reads as something else.
DANGER_SURE = 0.7
#: ... and from this one, a part of a message it reads as a report needs nothing more to back it.
DANGER_ALONE = 0.8


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


def _score(value: Any) -> float:
    """A score from a parse result, 0 when it is missing or no number (a hostile caller)."""
    try:
        score = float(value)
    except (TypeError, ValueError):
        return 0.0
    return score if 0.0 <= score <= 1.0 else 0.0


@dataclass(frozen=True)
class Turn:
    """What the user said, as the model understood it, plus the conversation so far (the
    `topic`, `role` and `kind` slots)."""

    intent: str
    text: str = ""
    entities: Dict[str, str] = field(default_factory=dict)
    ranking: Sequence[Tuple[str, float]] = ()
    topic: Optional[str] = None
    role: Optional[str] = None
    kind: Optional[str] = None
    other_role: Optional[str] = None
    programme: Optional[str] = None
    #: A message holding several things (bot/rasa_server/question_parts.py): the parts that
    #: ask something, each read by the model on its own.
    questions: Tuple["Turn", ...] = ()
    #: The reply before this message was the signpost: a short "and online?" is still about
    #: reporting (bot/action_server/safety.py, `follows_signpost`).
    after_signpost: bool = False
    #: A reply earlier in this conversation held the signpost: the visitor may go on about
    #: what they told (`safety.reported_in_session`).
    reported_earlier: bool = False
    #: In a message that also states something, its questions read as one text by the model
    #: (bot/rasa_server/question_parts.py), when it asks more than one.
    asked: Optional["Turn"] = None
    #: The parts of such a message that ask nothing, each read by the model on its own: the
    #: safety net's reading of what the visitor tells beside their questions.
    said: Tuple["Turn", ...] = ()
    #: How surely the danger reader (bot/rasa_server/nlu/danger.py) finds the text tells of a
    #: crime or danger: the safety net's second reading.
    danger: float = 0.0
    #: For a part of a message, the whole message (its other sentences may name the role the
    #: part asks about: "she wants to be an analyst ... what does the job involve?").
    message: str = ""

    @property
    def context(self) -> Context:
        return Context(self.topic, self.role, self.kind, self.other_role, self.programme)

    @classmethod
    def from_parse(cls, parse: Dict, topic: Optional[str] = None,
                   role: Optional[str] = None, kind: Optional[str] = None,
                   after_signpost: bool = False, other_role: Optional[str] = None,
                   reported_earlier: bool = False, programme: Optional[str] = None) -> "Turn":
        """A turn from Rasa's parse of the message (`tracker.latest_message`) and the context.
        A long message's question part is what the model classified; the whole message is
        kept as `full_text` (bot/rasa_server/nlu/question_focus.py), and safety reads all of it."""
        entities: Dict[str, str] = {}
        for entity in parse.get("entities") or []:
            entities.setdefault(entity.get("entity"), entity.get("value"))
        ranking = [(i.get("name"), i.get("confidence", 0.0))
                   for i in parse.get("intent_ranking") or []]
        parts = [p for p in parse.get("parts") or [] if isinstance(p, dict)][:MAX_PARTS]
        told = [p for p in parse.get("told") or [] if isinstance(p, dict)][:1]
        asked = parse.get("asked")
        # Cleaned and cut here too: the action server answers whoever can reach it.
        # The names voice typing spelt out are read as names, as the model read them.
        text = spoken_names(inputs.clean_text(str(parse.get("full_text") or parse.get("text") or "")))
        return cls(
            intent=(parse.get("intent") or {}).get("name") or FALLBACK,
            text=text, entities=entities, ranking=ranking, topic=topic, role=role, kind=kind,
            danger=_score(parse.get("danger")),
            other_role=other_role, programme=programme,
            questions=tuple(replace(cls.from_parse(p, topic, role, kind, other_role=other_role,
                                                   programme=programme),
                                    message=text) for p in parts if p.get("asks")),
            # what the message tells, for the safety net: the parts that ask nothing, and
            # those the model reads as a report ("theres a guy ... takng pics of kids rite now
            # wat do i do")
            said=tuple(cls.from_parse(p) for p in [*parts, *told] if not p.get("asks")
                       or (p.get("intent") or {}).get("name") == REPORT_INTENT),
            after_signpost=after_signpost, reported_earlier=reported_earlier,
            asked=replace(cls.from_parse(asked, topic, role, kind, other_role=other_role,
                                         programme=programme),
                          message=text)
            if isinstance(asked, dict) else None,
        )


@dataclass(frozen=True)
class Answer:
    """The reply, and what it was about: `topic` is a topic id, a chit-chat intent, `safety`,
    `unknown`, `compare`, `out_of_scope` or `fallback`; only topic ids become conversation
    context, with `role` and `kind` (the kind of question answered). `frame` says how each
    question was understood, for `/why`."""

    text: str
    topic: str
    buttons: Tuple[Button, ...] = ()
    role: Optional[str] = None
    sources: Tuple[str, ...] = ()
    #: For known unknowns, what was asked about (`pay`, `age` ...), for the editors' report.
    subject: Optional[str] = None
    kind: Optional[str] = None
    frame: str = ""
    #: The programme the question named in its own words (not one the conversation gave it),
    #: also when the reply says it does not hold what was asked of it; in a reply composed of
    #: several, the first one named, which the next turn follows on from (`context_slots`).
    programme: Optional[str] = None
    #: The reply holds the signpost (alone, or before the answers to the questions beside a
    #: report): a short next turn may go on about the report.
    signposted: bool = False
    #: In a comparison, the second role.
    other_role: Optional[str] = None
    #: What the question left open and the conversation filled ("topic", "role", "kind").
    from_context: Tuple[str, ...] = ()


def payload(intent: str, **entities: str) -> str:
    """A button payload that Rasa reads as an intent with entities, skipping the NLU model."""
    return f"/{intent}{json.dumps(entities) if entities else ''}"


# --- The pipeline ------------------------------------------------------------------------------

def answer(content: Content, turn: Turn) -> Answer:
    """The reply to one message; never raises for any intent the model can produce. The steps,
    in order: `safety_first`, `readable`, `split_questions`, `answer_question` for each
    question (`read_frame`, `fill_from_context`, `choose_content`), `compose` (or, for one
    answer that finds nothing, `question_alone`), then `keep_context`. An empty message is
    asked for a question."""
    return keep_context(content, turn, _reply_to(content, turn))


def _reply_to(content: Content, turn: Turn) -> Answer:
    if not turn.text.strip():
        return _reply(content, "empty", "help")
    signpost = safety_first(content, turn)
    if signpost:
        questions = split_questions(content, turn, signposted=True)
        if not questions:
            return signpost  # a pure report
        each = answer_each(content, questions, turn.context,
                           read_whole_first=questions[0] is turn.asked)
        kept = [_naming_its_subject(content, r) for r in _together(
            content, each, questions[0] is turn.asked) if answers_it(content, r)]
        return compose([signpost, *(kept or _unsure_beside(content, questions, each))])
    if (turn.after_signpost or turn.reported_earlier) and _all_acts_on_it(content, turn.text):
        return _reply(content, "thanks", "thanks")  # "ok im tellin him to ring 999 now"
    unreadable = readable(content, turn)
    if unreadable:
        return unreadable
    questions = split_questions(content, turn, False)
    whole_first = questions[0] is turn and len(questions) > 1
    replies = answer_each(content, questions, turn.context, whole_first)
    if whole_first:
        # a part that asks only of what the message told, and finds nothing, says nothing the
        # whole does not ("Someone from probation mentioned a 'CVF'. Does that apply here
        # too?": the whole answers what "that" is)
        replies = [replies[0], *(r for q, r in zip(questions[1:], replies[1:])
                                 if not (_finds_nothing(r) and ASKS_OF_WHAT_WAS_TOLD.search(q.text)))]
    replies = _together(content, replies, questions[0] is turn)
    return compose(replies) if len(replies) >= 2 else question_alone(content, turn, replies[0])


def question_alone(content: Content, turn: Turn, reply: Answer) -> Answer:
    """Before a message that tells something and then asks is declined or asked back, its
    question read by its own words (bot/rasa_server/question_parts.py): "im doing a school
    project on police jobs, what is intelligence?" is read whole as something the sources do
    not hold, but asks what intelligence is. The reply stands when the question alone finds
    nothing either."""
    if not (turn.asked and not turn.questions and _finds_nothing(reply)):
        return reply
    alone = answer_question(content, turn.asked, turn.context)
    return alone if answers_it(content, alone) and not _finds_nothing(alone) else reply


def _finds_nothing(reply: Answer) -> bool:
    """A reply that answers nothing asked: did-you-mean, out of scope, or "I don't hold
    information on that" with no subject the sources are known not to hold."""
    return reply.topic in (FALLBACK_TOPIC, OUT_OF_SCOPE) or reply.topic == UNKNOWN and not reply.subject


def _together(content: Content, replies: List[Answer], whole_first: bool = True) -> List[Answer]:
    """The replies to send for a message read whole (or, beside a report, its questions read
    as one) and then part by part: each part answered, in the order asked; the whole's
    reading leads when it answers something no part does ("hiya, what is it?" is one
    question its parts do not answer) and fewer than three parts were answered. Without
    `whole_first` the replies are all to parts ("ok. is it shifts, and is it a desk job?")."""
    if not whole_first:
        return _distinct(content, replies) or replies[:1]
    whole, parts = replies[0], replies[1:]
    if not parts:
        return [whole]
    answered = _distinct(content, parts)
    if whole.topic == UNKNOWN and whole.subject and answered:
        if all("topic" in r.from_context for r in answered):
            # "PAY. how much.": a part that only follows up ("how much") asks about the
            # subject the message names, not about the conversation's
            return [whole]
        if all(r.subject != whole.subject for r in answered):
            # "my english is not perfect. is it an office job?": said, not asked
            return answered
    if not answered and (whole.topic == FALLBACK_TOPIC or whole.kind == "more_details"):
        # "understood. sorry to land that on a chatbot. you are a bot, right?": the whole
        # unplaced, or read as "tell me more", a part chit-chat the assistant can answer
        said = [r for r in parts if r.topic in CHITCHAT]
        if said:
            return said[:1]
    if answers_it(content, whole) and all(r.text != whole.text for r in answered) \
            and len(answered) < MAX_ANSWERED:  # three questions asked: each part answered
        # ... without a part whose answer says again what the whole's says ("analyst.
        # skills?": the analyst's skills, not the general ones after them)
        return [whole, *(r for r in answered if not _says_again(r, whole))][:MAX_ANSWERED]
    return answered or [whole]


def readable(content: Content, turn: Turn) -> Optional[Answer]:
    """Step 2: a message that cannot be read as a question gets a reply saying so: too long,
    or mostly in another script (the model only knows English, so a guess would be noise)."""
    if inputs.too_long(turn.text):
        return _reply(content, "too_long", "help")
    if _mostly_non_latin(turn.text):
        return _reply(content, "not_english", "help")
    return None


def safety_reading(turn: Turn) -> Tuple[str, float]:
    """The model's reading of a message (or a part of one) for the safety net: the intent
    model's, or a report as surely as the danger reader (bot/rasa_server/nlu/danger.py) finds
    one when it is surer of it: the intent model reads a report told in everyday words as out
    of scope ("old girl on my route not been at her stop 3 days, curtains shut")."""
    confidence = turn.ranking[0][1] if turn.ranking else 0.0
    if turn.intent == REPORT_INTENT:
        return turn.intent, max(confidence, turn.danger)
    if turn.danger >= DANGER_SURE:
        return REPORT_INTENT, turn.danger
    return turn.intent, confidence


def said_for_safety(turn: Turn) -> List[Tuple[str, str, float]]:
    """What the message tells beside its questions, each part as `safety_reading` reads it."""
    return [(part.text, *safety_reading(part)) for part in turn.said]


def sure_of_danger(turn: Turn) -> FrozenSet[str]:
    """The parts the message tells that the danger reader is sure report a crime or danger:
    the safety net needs nothing more to back them."""
    return frozenset(part.text for part in turn.said if part.danger >= DANGER_ALONE)


def safety_first(content: Content, turn: Turn) -> Optional[Answer]:
    """Step 1: the signpost (999, 101, Crimestoppers) when the whole message reports a crime or
    danger or asks how to report one (bot/action_server/safety.py), whatever the model read."""
    if chitchat_said(content, turn.text):
        return None  # "ok thank you my friend" reports nothing, whatever the model read
    intent, confidence = safety_reading(turn)
    if safety_verdict(content, turn.text, intent, confidence, said=said_for_safety(turn),
                      sure=sure_of_danger(turn),
                      after_signpost=turn.after_signpost, reported_earlier=turn.reported_earlier,
                      leaning=safety.leaning_of(turn.ranking)).signpost:
        return Answer(content.safety.answer, SAFETY, frame="safety: signpost", signposted=True)
    return None


def _only_acts_on_it(content: Content, text: str) -> bool:
    """After a report, a message that says help is on its way and, beside that, at most
    thanks, in any words said to the assistant ("my boss has rung 999, they're sending
    someone. Thanks for being straight with me."; "Thank you, I've rung them and they're
    sending someone. You've been very patient with me."): the visitor has acted on the
    signpost, and tells nothing new. ("I've called it in. Shaking a bit" still tells of them.)"""
    return _acts_on_it_beside(content, text, lambda p: (
        chitchat_said(content, p) or opens_with_thanks(content, p)
        or not asks(p) and _TO_THE_ASSISTANT.search(p) and not _SOMEONE_ELSE.search(p))
        and not safety.check(content, p).signpost)


#: Words said to the assistant: "You've been very patient with me."
_TO_THE_ASSISTANT = re.compile(r"^\W*(?:you|you've|youve|you're|youre|your)\b", re.IGNORECASE)


def _only_signs_off(content: Content, text: str) -> bool:
    """Thanks or a goodbye (`signs_off`) beside words that speak of no one but the visitor
    and tell, read on their own, of no crime or danger: "thanks, he's back outside now" still
    speaks of him."""
    return bool(signs_off(content, text)) and not _SOMEONE_ELSE.search(text) \
        and not safety.check(content, text).signpost


#: Words for someone other than the visitor.
_SOMEONE_ELSE = re.compile(r"\b(?:he|she|they|him|her|them|his|hers|their|he's|she's|they're|hes|"
                           r"shes|theyre|someone|somebody|anyone|man|woman|guy|lad|kid|child)\b",
                           re.IGNORECASE)


def _all_acts_on_it(content: Content, text: str) -> bool:
    """After a report, a message all of whose words say someone acts on the signpost ("ok im
    tellin him to ring 999 now"): acknowledged as thanks would be. Beside thanks, a goodbye
    or a question ("ok shes phoned. wat else"), those are answered instead."""
    return _acts_on_it_beside(content, text, only_filler)


def _acts_on_it_beside(content: Content, text: str, beside: Callable[[str], bool]) -> bool:
    """Whether a piece of the message acts on the signpost (`safety.acts_on_it`, which never
    asks) and every other piece is one `beside` allows."""
    split = pieces(text)
    acting = [p for p in split if safety.acts_on_it(content, p)]
    return bool(acting) and all(p in acting or beside(p) for p in split)


def safety_verdict(content: Content, text: str, intent: Optional[str], confidence: float,
                   after_signpost: bool = False, **signals: Any) -> safety.Verdict:
    """The safety net's verdict on a message (`safety.check`), as the answer and `/why` read
    it: the model's reading is no report when the words name something else entirely ("is it
    going to rain next week, off camping with the kids"); the phrases of a report still
    count."""
    if (after_signpost or signals.get("reported_earlier")) and _only_acts_on_it(content, text):
        # "my boss has rung 999, they're sending someone. Thanks for that."
        return safety.Verdict(False, "acts on the signpost, tells nothing new")
    if signals.get("reported_earlier") and _only_signs_off(content, text):
        # "Ok. Cheers for being straight with me.", "ok diolch, I'll have a proper look
        # tonight": the visitor's own thanks and plans, later in a conversation that had a report
        return safety.Verdict(False, "thanks the visitor, tells of no one")
    # ... unless the words name a crime: "one of the dads on the ward is kicking off and
    # threatening the midwife" is a report, wherever it happens; and a message that asks
    # nothing asks about nothing elsewhere ("Lad's just taken a Golf off the forecourt for a
    # test drive and not come back. ... left me a driving licence that I reckon is fake.",
    # blind set CE's first look)
    elsewhere = about_elsewhere(content, text) and not safety.crimes_in(content, analyse(text)) \
        and any(asks(piece) for piece in pieces(text))
    return safety.check(content, text, None if elsewhere else intent,
                        confidence, after_signpost=after_signpost,
                        moved_on=after_signpost and moved_on(content, text), **signals)


def split_questions(content: Content, turn: Turn, signposted: bool) -> List[Turn]:
    """Step 3: the questions to answer, in order. Beside a report, the message's parts that ask
    something and are not reports themselves (a pure report has none). Otherwise the whole
    message as the model read it, then, when it holds several questions or its one question
    is not what the whole was read as, each asking part (bot/rasa_server/question_parts.py)."""
    if signposted:
        # A part is judged by its own words: beside a report the model tends to read every
        # part as one ("and does my boyfriend need any qualifications for it"). The questions
        # read as one come first, as the whole message does otherwise ("who is the supervisor
        # in intelligence, what he do?" reads better whole than cut at its comma).
        if not turn.questions:
            return _asked_in_one_part(content, turn)
        parts = [q for q in (_question_beside(content, p) for p in turn.questions) if q]
        if len(parts) == 1:
            parts = [_read_with_whole(turn, parts[0])]
        if parts and turn.asked and not safety.check(content, turn.asked.text).signpost:
            return [turn.asked, *parts[:MAX_ANSWERED]]
        return parts[:MAX_ANSWERED]
    if turn.questions and (turn.intent in CHITCHAT or turn.said and all(
            chitchat_said(content, part.text) or only_filler(part.text)
            or turn.reported_earlier and safety.acts_on_it(content, part.text)
            for part in turn.said)):
        # "Thank you. She wants to join the police one day. Is there a quick way up?": the
        # whole read as thanks is no question of its own; its questions are. So too when all
        # it says beside them is a greeting or thanks ("Evening. What exactly is a force
        # intelligence bureau?"): the whole is its question, read less well. "ok." beside
        # it says nothing either, nor, after a report, "thanks he'll report it".
        return list(turn.questions[:MAX_ANSWERED])
    if _read_as_what_it_tells(turn):
        # "Keeping up with legislation sounds like a lot of reading. Do they train you up?":
        # the whole was read as what it tells (the work), its one question asks of training;
        # a role the message names is still the question's ("the analyst one. do they look
        # at local stuff or bigger picture?")
        return [replace(turn.questions[0], entities={**turn.entities, **turn.questions[0].entities})]
    if _surer_in_parts(content, turn):
        # "I think I've got the asking-questions part covered. What about wanting things done
        # properly - what does that mean in practice?": the whole was a guess (the IPP at
        # 0.43), its question was read surely (skills at 0.70): the questions, not the guess
        return list(turn.questions[:MAX_ANSWERED])
    return [turn, *turn.questions[:MAX_ANSWERED]]


def _surer_in_parts(content: Content, turn: Turn) -> bool:
    """Whether the model guessed at the whole message but read its questions by their own
    words: one surely, as a topic, and the others not as something else ("which of them
    assesses threat, risk and harm?" read as a report needs the whole); and the message names
    no role or programme a question leaves to it ("the researcher. what he do exactly?"), nor
    does a question lean on what came before ("What's the actual job in there?")."""
    sure = turn.ranking[0][1] if turn.ranking else 0.0
    if sure >= UNSURE or any(q.intent != FALLBACK and (q.intent not in TOPIC_IDS or not q.ranking
                                                        or q.ranking[0][1] < UNSURE)
                             for q in turn.questions):
        return False  # (a question guessed at too: "The police use data science?")
    asked = " ".join(q.text for q in turn.questions)
    if set(roles_in(content, turn.text)) - set(roles_in(content, asked)) or \
            set(programmes_in(content, turn.text)) - set(programmes_in(content, asked)):
        return False
    return any(q.intent in TOPIC_IDS and stands_alone(q.text) for q in turn.questions)


def _read_as_what_it_tells(turn: Turn) -> bool:
    """Whether the model read a message of one question as what it tells beside it: the whole
    read, as a topic or as something not held, as one of its statements was, and not as its
    question was. (A whole it could not read may still be answered from the conversation:
    "He's brilliant at spotting patterns. Is that part of the job?")"""
    if len(turn.questions) != 1:
        return False
    question = turn.questions[0]
    # a question with its own subject ("Do they train you up?"), not a bare one that leans on
    # what was told ("How I can start?", "Is it similar in intelligence?")
    # ("Back to the jobs. Is there a maximum age? I am 45.": the whole read as the jobs, its
    # question as something not held)
    return turn.intent in (*TOPIC_IDS, ASK_UNKNOWN) \
        and question.intent in (*TOPIC_IDS, ASK_UNKNOWN) \
        and stands_alone(question.text) and turn.intent != question.intent \
        and any(part.intent == turn.intent for part in turn.said)


def _asked_in_one_part(content: Content, turn: Turn) -> List[Turn]:
    """Beside a report, the question a message of one part ends with ("my neighbour is dealing
    from his flat, how do I become an analyst"). The model read the whole as the report, so
    the question is read from its own words, with the model's other readings as its unsure
    ones."""
    asked = _questions_not_reports(content, pieces(turn.text)[1:])
    if not asked and asks(turn.text) and not safety.check(content, turn.text).signpost:
        # a question signposted only for what came before it ("how do i get from web dev into
        # that" right after a report): the signpost again, and the question answered
        return [turn]
    if not asked:
        return []
    if turn.asked and asked[-1] in turn.asked.text and turn.asked.intent not in NOT_A_QUESTION:
        # the model read the question by its own words too (bot/rasa_server/question_parts.py):
        # "... said if i grass theyll do me, and do u reckon someone like me could even do
        # intel" asks of the ways in, whatever the whole was read as
        return [turn.asked]
    ranking = tuple(r for r in turn.ranking if r[0] not in NOT_A_QUESTION)
    return [replace(turn, text=asked[-1], intent=FALLBACK, ranking=ranking, entities={})]


#: Readings that are no question about the pathway, beside a report.
NOT_A_QUESTION = (REPORT_INTENT, OUT_OF_SCOPE, FALLBACK)


def _read_with_whole(turn: Turn, question: Turn) -> Turn:
    """Beside a report, the one question the model was unsure of, read alone, as the whole
    message was surely read: that reading can only come from the question ("... lads dealing
    out the flat below me ... saw police intel jobs, wat do u actually do in them": alone
    "them" is nothing; whole it asks what the work is)."""
    sure = turn.ranking[0][1] if turn.ranking else 0.0
    # ... or read as a report itself: "Also the lad wants to know how the roles fit together"
    # beside a cable theft (blind set BS's first look) asks what the whole was read as
    if question.intent not in (FALLBACK, REPORT_INTENT) or \
            turn.intent in (*NOT_A_QUESTION, *CHITCHAT) or sure < UNSURE:
        return question
    return replace(question, intent=turn.intent, ranking=turn.ranking)


def _unsure_beside(content: Content, questions: List[Turn], replies: List[Answer]) -> List[Answer]:
    """Beside a report, when no question could be answered: "did you mean" for a question the
    model was unsure of that names something the assistant covers ("also do u have to be
    clever to do intel"), so the signpost does not swallow it; never for one about the report
    ("what do I do?")."""
    return [reply for question, reply in zip(questions, replies)
            if reply.topic == FALLBACK_TOPIC and names_scope(content, question.text)][:1]


def _question_beside(content: Content, part: Turn) -> Optional[Turn]:
    """A part of a message beside a report, as the question to answer: the part itself, or,
    when the part holds the report too ("my sister says a man keeps offering her lifts, how
    long is the IPP"), the question it ends with; None when it asks nothing but about the
    report."""
    if safety.WHETHER_TO_ACT.match(part.text):
        return None  # "Should I?", "should i have?", "what should I do?": the signpost answers
    if not safety.check(content, part.text).signpost:
        return part
    asked = _questions_not_reports(content, pieces(part.text))
    return replace(part, text=asked[-1]) if asked else None


def _naming_its_subject(content: Content, reply: Answer) -> Answer:
    """An answer after the signpost that opens with "It ..." ("It combines a learning
    curriculum ..."), with its topic's answer first: after 999 and 101, "it" names nothing."""
    topic = content.topics.get(reply.topic)
    if topic is None or not _PRONOUN_FIRST.match(reply.text) or reply.text.startswith(topic.answer):
        return reply
    text = topic.answer if reply.text in topic.answer else f"{topic.answer} {reply.text}"
    return replace(reply, text=text)


def _questions_not_reports(content: Content, split: List[str]) -> List[str]:
    """The pieces of a message that ask something and are no report themselves."""
    return [p for p in split if asks(p) and not safety.check(content, p).signpost]


def answer_each(content: Content, questions: List[Turn], context: Context,
                whole_first: bool = False, read_whole_first: bool = False) -> List[Answer]:
    """Each question answered in turn, a later one read in the context of the answer before
    it ("... how long is it?"). With `whole_first`, the first is the whole message, whose
    parts follow: a programme the whole was read as is no "it" of a part before the one
    that names it ("1) can specials go into intelligence roles 2) what's the IPP" does not
    ask whether specials can do the IPP). With `read_whole_first`, the first is the asking
    parts read as one (beside a report), so the second is the first part."""
    replies: List[Answer] = []
    for question in questions:
        reply = answer_question(content, question, context)
        if reply.topic == FALLBACK_TOPIC and replies and replies[-1].topic in content.topics \
                and not ((whole_first or read_whole_first) and len(replies) == 1) \
                and asks(question.text) \
                and not stands_alone(question.text):
            # "what's IPP and is it hard": the part before answered on a topic, this one asks
            # of it ("it") and nothing answers it
            reply = _not_held_of(content, context) or reply
        replies.append(reply)
        if whole_first and len(replies) == 1 and (reply.programme or reply.topic) in programmes_in(
                content, " ".join(q.text for q in questions[2:])):
            context = replace(context, role=reply.role or context.role)
            continue
        if reply.topic in content.topics:
            role = reply.role or (context.role if _role_stays(content, reply.topic) else None)
            context = Context(reply.topic, role, reply.kind,
                              _other_role(reply, context) or context.other_role,
                              _programme_of(content, reply) or context.programme)
        elif reply.topic == COMPARE and reply.role:
            # "which is more chill, analyst or researcher, and which one goes to court?": "which
            # one" is one of the two
            context = replace(context, role=reply.role, other_role=reply.other_role)
        elif reply.topic == UNKNOWN and reply.programme:
            # "is the IPP mandatory, and how long does it take?": "it" is the IPP
            context = Context(reply.programme, reply.role or context.role, reply.programme,
                              programme=_programme_of(content, reply))
    return replies


def _not_held_of(content: Content, context: Context) -> Optional[Answer]:
    """A part of a message that asks something no content answers, after a part answered on
    a topic ("what's IPP and is it hard"): an honest "I don't hold that for the IPP", not a
    "did you mean" in the middle of an answer, nor silence."""
    if context.topic not in content.topics:
        return None
    return _not_held_for(content, context.topic, context.role)


def _not_held_for(content: Content, topic_id: str, role: Optional[str]) -> Answer:
    """An honest "I don't hold that for <topic>", with the page to read: the subject in
    context stays what the conversation is about."""
    topic = content.topics[topic_id]
    url = content.sources_of(topic.sources)[0].url
    # the role asked about, when there is one ("how long til i could make supervisor")
    title = f"the {lower_first(content.roles[role].name)} role" if role in content.roles \
        else lower_first(topic.title)
    text = content.reply("no_follow_up").answer.format(title=title, url=url)
    return Answer(text, UNKNOWN, _buttons(content, topic.next), role)


def answer_question(content: Content, turn: Turn, context: Optional[Context] = None) -> Answer:
    """Steps 4 to 6 for one question: its frame from its own words, what it leaves open filled
    from the conversation, and the content chosen for it."""
    context = context or turn.context
    frame = read_frame(content, turn.intent, turn.text, turn.ranking, turn.entities,
                       whole=turn.message, told=turn.message)
    frame = fill_from_context(content, frame, context, turn.intent, turn.text, turn.entities,
                              told=turn.message)
    frame = role_named_in_message(content, frame, turn.message or turn.text)
    return choose_content(content, frame, context)


def _distinct(content: Content, replies: List[Answer]) -> List[Answer]:
    """The replies that answer from the content, each said once: not a reply on the same
    topic whose words an earlier one mostly holds already ("You can enter intelligence roles
    at any level ..." then "Entry can be at any level ..." for "or can you come in higher?")."""
    kept: List[Answer] = []
    for reply in replies:
        if answers_it(content, reply) and not any(_says_again(reply, k) for k in kept):
            kept.append(reply)
    return kept


#: A reply whose words an earlier reply on its topic holds this much of says it again.
SAID_AGAIN = 0.7


def _says_again(reply: Answer, before: Answer) -> bool:
    if reply.text == before.text or reply.topic == before.topic == UNKNOWN \
            and reply.subject is not None and reply.subject == before.subject:
        return True  # (the same thing not held, once for the whole message and once for a part)
    if reply.topic != before.topic or reply.topic not in TOPIC_IDS \
            or reply.kind not in (before.kind, FACT):
        return False  # "... how long is it?": the duration, though the answer before says it
    words = {w for w in tokens(reply.text) if len(w) > 3}
    held = {w for w in tokens(before.text) if len(w) > 3}
    return bool(words) and len(words & held) >= SAID_AGAIN * len(words)


def answers_it(content: Content, reply: Answer) -> bool:
    """Whether a reply answers from the content (a topic, a comparison, an honest unknown),
    rather than asking back, declining or chatting."""
    return reply.topic in content.topics or reply.topic in (UNKNOWN, COMPARE)


def compose(answers: List[Answer]) -> Answer:
    """Step 7: several answers as one reply, in order; it is about the first question answered
    (the signpost counts only when nothing else was answered), which the next turn follows on
    from, unless a later one named a programme (the IPP, CPD, the fast track) and the first did
    not: "what training is there, and would he have to do the IPP?" then "who designed it?"
    asks about the IPP."""
    main = next((a for a in answers if a.topic != SAFETY), answers[0])
    if not main.programme:
        main = next((a for a in answers if a.programme and a.topic != UNKNOWN), main)
    roles = {a.role for a in answers if a.role}  # "how do I get in, and what does it involve?"
    role = main.role or (roles.pop() if len(roles) == 1 else None)
    return Answer("\n\n".join(a.text for a in answers), main.topic, main.buttons, role,
                  tuple(dict.fromkeys(s for a in answers for s in a.sources)), main.subject,
                  main.kind, " | ".join(a.frame for a in answers if a.frame),
                  signposted=any(a.signposted for a in answers), other_role=main.other_role,
                  programme=main.programme or next((a.programme for a in answers if a.programme),
                                                   None))


def keep_context(content: Content, turn: Turn, reply: Answer) -> Answer:
    """Step 8: what the conversation is about after this turn (the action keeps it in the
    `topic`, `role` and `kind` slots): an answer from the content sets the topic and kind, and
    the role it names, else the role already in context stays ("what's the starting salary?"
    two turns after the analyst is still about the analyst) unless the answer moved on to a
    programme. Other replies change nothing."""
    if reply.topic in content.topics and reply.role is None and turn.role in content.roles \
            and _role_stays(content, reply.topic):
        return replace(reply, role=turn.role)
    return reply


def context_slots(content: Content, reply: Answer,
                  before: Optional[Context] = None) -> Dict[str, Optional[str]]:
    """The conversation's slots after a reply (the action sets them): an answer from the
    content sets its topic, role and kind, and, when it moves from one role to another or
    compares two, the other role (`other_role`, so "which is more senior?" compares them); an
    honest "I don't hold that" keeps the subject it declined as the kind (`unknown:pay`) and
    the role it was said for, so "and the supervisor?" asks the same again and "what do they
    do?" asks of that role; either way a programme the reply's question named ("is the IPP
    mandatory?", not held) becomes the topic, so "how long is it?" asks of it; "did you mean"
    forgets the kind of question asked before it (the next "the analyst one" picks from its
    choices, not "the same again"); any other reply changes nothing. A reply about a
    programme also sets `programme`, which later answers on other subjects keep."""
    slots = _context_slots(content, reply, before or Context())
    programme = _programme_of(content, reply)
    return {**slots, "programme": programme} if programme else slots


def _context_slots(content: Content, reply: Answer, before: Context) -> Dict[str, Optional[str]]:
    if reply.kind == "ask_source":
        return {}  # where the answer comes from: the conversation is still on its subject
    other = _other_role(reply, before)
    if reply.topic == COMPARE:
        return {"role": reply.role, "other_role": reply.other_role}
    if reply.topic in content.topics:
        slots = {"topic": reply.topic, "role": reply.role, "kind": reply.kind}
        if reply.programme in content.topics and reply.programme != reply.topic:
            # "... and would he have to do the IPP?", not held, then "who designed it?"
            slots.update(topic=reply.programme, kind=reply.programme)
        return {**slots, "other_role": other} if other else slots
    if reply.topic == UNKNOWN and (reply.subject or reply.role):
        # "I don't hold that for the analyst role": the next "what do they do?" is about the
        # analyst, whatever was not held
        slots: Dict[str, Optional[str]] = {
            "kind": f"{UNKNOWN}:{reply.subject}" if reply.subject else None}
        if reply.programme:  # "is the IPP mandatory?" then "how long is it?": the IPP
            slots["topic"] = reply.programme
        elif not (reply.role or before.topic):
            # with nothing talked of before, "I don't hold age limits. What the pathway does
            # say: you can enter ... at any level" then "Any level of what?" (blind set CD's
            # first look): the ways in; after the fast track, "age cut off?" then "who picks who
            # goes" is still about the fast track
            nearest = unknowns.nearest_topic(content, reply.subject)
            if nearest:
                slots["topic"] = nearest
        if reply.role:
            slots["role"] = reply.role
        return slots
    if reply.topic == FALLBACK_TOPIC:
        return {"kind": None}
    return {}


def _programme_of(content: Content, reply: Answer) -> Optional[str]:
    """The programme (the IPP, CPD, the fast track) a reply was about, if any: the `programme`
    slot, kept through later answers on other subjects."""
    return next((t for t in (reply.topic, reply.programme) if t and _is_programme(content, t)), None)


def _other_role(reply: Answer, before: Context) -> Optional[str]:
    """The role the conversation was about before this reply moved to another one."""
    if reply.role and before.role and reply.role != before.role:
        return before.role
    return None


def _role_stays(content: Content, topic: str) -> bool:
    """A role talked about stays the conversation's role through answers that name none,
    except a programme's (the IPP, CPD, the fast track), which are no role's."""
    return not content.topics[topic].aliases


def choose_content(content: Content, frame: Frame, context: Optional[Context] = None) -> Answer:
    """Step 6: what the content says for a frame: the kind of question said for its subject
    (one role: the kind's `for_role` text; two roles side by side; a programme's own answer),
    the fact asked where one of the subject's sentences answers it, an honest "I don't hold
    that", or, when nothing fits, "did you mean". `context`, the conversation before, says
    what a question's "it" can point back to."""
    context = context or Context()
    reply = _content_for(content, frame, {context.topic, context.programme} - {None})
    if reply.topic in content.topics and _ASKS_A_NUMBER.search(frame.question) \
            and not _A_NUMBER.search(reply.text):
        # "How many CPD hours a year do intel staff have to log?", "roughly what % of officers
        # pass IPP first time": a number asked is answered by a number, which this topic's
        # content does not hold ("how many years to insp?" gets the fast track's two years)
        reply = _not_held_for(content, reply.topic, reply.role)
    named = frame.topic if "topic" not in frame.from_context else None
    # a role the question names stays the conversation's, though the answer is the same for
    # every role ("would the analyst look at the cctv herself?", then "who does she tell?")
    role = reply.role or (frame.roles[0] if len(frame.roles) == 1 and _general(content, reply.topic)
                          and "role" not in frame.from_context else None)
    return replace(reply, role=role, kind=frame.kind, frame=frame.describe(),
                   programme=named if reply.topic in (named, UNKNOWN) else None,
                   from_context=frame.from_context)


#: A question asking for a count or a share.
_ASKS_A_NUMBER = re.compile(r"\bhow many\b|\bwhat\s+(?:%|per ?cent(?:age)?|proportion|share|fraction)\b|"
                            r"\b\d*\s*%\s+of\b", re.IGNORECASE)
#: A number in a reply, in figures or words.
_A_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                       r"fifteen|twenty|thirty|forty|fifty|hundred|thousand|dozen|once|twice|"
                       r"half|single)\b", re.IGNORECASE)


def _content_for(content: Content, frame: Frame, talked_of: AbstractSet[str] = frozenset()) -> Answer:
    kind, role, question = frame.kind, frame.role, frame.question
    named_role = role if "role" not in frame.from_context else None
    if kind in (ELSEWHERE, OUT_OF_SCOPE, REPORT_INTENT):
        return _out_of_scope(content)
    if kind == UNKNOWN:
        return Answer(unknowns.reply_text(content, frame.unknown, role, frame.topic, frame.term), UNKNOWN,
                      _buttons(content, ["entry_routes", "roles"]), role, subject=frame.unknown)
    if kind == VAGUE:
        return _did_you_mean(content, frame, None)
    if kind == FACT:
        return _fact_in_context(content, frame)
    if kind == FALLBACK:
        return _did_you_mean(content, frame, role)
    if kind in CHITCHAT:
        return _reply(content, kind, kind)
    if kind == COMPARE and frame.other:
        return _compare_programmes(content, frame.topic, frame.other, frame.question)
    if len(frame.roles) >= 2 and kind == "entry_routes" and asks_which_to_start_in(content, question):
        # "would I have to start as a researcher or could I go straight for analyst?": how
        # people get in, at any level, not the two roles side by side
        return _topic(content, kind, question)
    same_for_each = cued_kind(content, question) if len(frame.roles) >= 2 else None
    if same_for_each in content.topics and content.topics[same_for_each].alike_for_roles \
            and kind in (same_for_each, COMPARE, "role_details"):
        # "which of those two jobs is office based" (blind set CC's first look): what the
        # pathway says of every role alike, not the two side by side
        return _topic(content, same_for_each, question)
    if len(frame.roles) >= 2 and kind not in FOLLOW_UPS and not _is_programme(content, kind):
        # ("does the IPP cover analysts as well as researchers?" asks about the IPP)
        return _compare(content, frame.roles[0], frame.roles[1])
    if role and kind in ROLE_KINDS:
        if content.topics[kind].for_role_is:
            general = None if named_role else _general_fact(content, kind, role, question)
            return general or _role(content, role, question)
        return _for_role(content, kind, role, question)
    if kind == "more_details" and frame.topic and "topic" in frame.from_context:
        return _more(content, frame.topic, frame.role)
    if kind in ("role_details", "roles") and not role and _EACH_ROLE.search(question) \
            and _WHAT_THEY_DO.search(question):
        return _each_role(content)  # "what does each intel role do, a sentence each"
    if kind == "role_details" and not role and _about_intelligence(question):
        holders = roles_holding(content, question) if _THE_PEOPLE.search(question) else []
        if len(holders) >= 2:  # "do the intelligence teams work with partner agencies?"
            return _roles_holding(content, holders)
        kind = WORK  # "does the intel tell bosses where to put patrols?"
    if kind == "role_details" or named_role and (kind == "more_details" or _general(content, kind)
                                                 and topic_asked_for(content, question) != kind):
        return _role(content, role, question)
    if kind == "more_details":
        return _topic(content, frame.topic, question) if frame.topic else \
            _no_context(content, list(content.reply("help").next))
    holders = roles_holding(content, question) if kind == "roles" and question else []
    if len(holders) >= 2:
        return _roles_holding(content, holders)
    if kind in content.topics:
        return _topic(content, kind, question, others_talked_of=bool(talked_of - {kind}))
    if kind in FOLLOW_UPS:
        return _follow_up(content, FOLLOW_UPS[kind], frame.topic, kind, frame.role, question)
    if kind == "ask_source":
        # where its information comes from in general is its pages, whatever was said last
        if asks_where_you_get_it(question):
            return _source(content, None, None, asked_of_itself=True)
        return _source(content, frame.topic, frame.role, doubted=doubts_it(question),
                       stands_on=asks_what_it_stands_on(question))
    return _did_you_mean(content, frame, role)


def _is_programme(content: Content, kind: str) -> bool:
    """A programme (the IPP, CPD, the fast track): a topic people name by its aliases."""
    return kind in content.topics and bool(content.topics[kind].aliases)


def _general(content: Content, kind: str) -> bool:
    """A general topic: neither said for a role nor a programme."""
    topic = content.topics.get(kind)
    return topic is not None and not (topic.for_role or topic.for_role_is or topic.aliases)


def _fact_in_context(content: Content, frame: Frame) -> Answer:
    """The fact asked for among what the conversation is about."""
    fact = fact_in_context(content, frame.question, frame.topic, frame.role)
    _candidates, _about, sources = subject_sentences(content, frame.topic, frame.role)
    return Answer(fact or content.topics[frame.topic].answer, frame.topic,
                  _buttons(content, content.topics[frame.topic].next), frame.role, tuple(sources))


def _roles_holding(content: Content, holders: Sequence[Tuple[str, str]]) -> Answer:
    """What each role that does what is asked says of it ("which roles work with partner
    agencies?"), from the roles' profiles (`frames.roles_holding`)."""
    sources = tuple(dict.fromkeys(s for role_id, _ in holders for s in content.roles[role_id].sources))
    return Answer(" ".join(text for _, text in holders), "role_details",
                  _buttons(content, ["roles"]), None, sources)


def _about_intelligence(question: str) -> bool:
    """Asks about intelligence work in general, naming no role or job: "do intel teams track
    gangs online?" is answered from what intelligence work is, not with "which role?"."""
    return bool(INTELLIGENCE_WORK.search(question) or _THAT_WORK.search(question)) \
        and not _A_ROLE.search(question)


#: The work pointed to without naming it: "so what does that kind of work actually involve?"
_THAT_WORK = re.compile(r"\b(?:that|this|the|such)\s+(?:(?:kind|sort|type|line)\s+of\s+)?work\b",
                        re.IGNORECASE)


#: The people who do intelligence work, asked about as such: what they do is in the roles.
_THE_PEOPLE = re.compile(r"\b(teams?|people|staff|units?)\b", re.IGNORECASE)
_A_ROLE = re.compile(r"\b(roles?|jobs?|posts?|positions?|titles?|who)\b", re.IGNORECASE)


def _mostly_non_latin(text: str) -> bool:
    """True for text written mostly in another script (Chinese, Arabic...): the model only
    knows English, so a guess would be noise."""
    letters = [c for c in text if c.isalpha()]
    latin = [c for c in letters if ord(c) < 0x250]
    return bool(letters) and len(latin) < len(letters) / 2


def _buttons(content: Content, topic_ids: Sequence[str]) -> Tuple[Button, ...]:
    return tuple(Button(content.topics[t].button, payload(t)) for t in topic_ids)


def _reply(content: Content, reply_id: str, topic: str) -> Answer:
    reply = content.reply(reply_id)
    return Answer(reply.answer, topic, _buttons(content, reply.next))


def _more_button(content: Content, title: Optional[str] = None) -> Button:
    return Button(title or content.reply("more_button").answer, payload("more_details"))


def _topic(content: Content, topic_id: str, question: str = "",
           others_talked_of: bool = False) -> Answer:
    """A topic's answer; when the question asks for one of its details, that detail first.
    With `others_talked_of`, the conversation was about something else, so the question's
    "it" is that, not this topic ("what's an FIB?" then "is there a course for it")."""
    topic = content.topics[topic_id]
    buttons = _buttons(content, topic.next)
    if topic.details:
        buttons = (_more_button(content),) + buttons
    buttons = buttons[:MAX_SUGGESTIONS]
    candidates = [*topic.details, *(f.answer for f in topic.follow_ups.values())]
    about = " ".join([topic.title, *topic.aliases])
    # "what skills ..." asks no detail by saying "skills"; "is it stressful?" asks the detail
    # that says the roles are challenging.
    about += "".join(f" {cue}" for cue in topic.cues
                     if not only_in_details(content, cue, topic.answer, topic.details))
    fact = fact_for(content, question, topic.answer, candidates, about) \
        if question and not _asks_what_it_is(topic, question) else None
    if fact and topic_id in GENERAL_FIRST and has_cue(content, topic_id, question):
        # "do people get into intelligence from councils?": the general answer first, then
        # the detail that names councils
        text = topic.answer if fact in topic.answer else f"{topic.answer} {fact}"
    elif fact and _PRONOUN_FIRST.match(fact) and not _names_or_refers_back(
            topic, question, others_talked_of):
        # "is there a course you do once you're in?" is not answered by "It combines a
        # learning curriculum with ...": the answer says what "it" is first
        text = topic.answer if fact in topic.answer else f"{topic.answer} {fact}"
    else:
        text = _leading(topic.answer, fact)
    return Answer(text, topic_id, buttons, None, tuple(topic.sources))


#: A detail whose subject is a pronoun: "It combines ...", "They are ...".
_PRONOUN_FIRST = re.compile(r"^(?:it|they|this)\b", re.IGNORECASE)
#: A question that points back to what was said: its "it" is the detail's.
_POINTS_BACK = re.compile(r"\b(?:it|its|it's|they|them|this|that)\b", re.IGNORECASE)


def _names_or_refers_back(topic: Topic, question: str, others_talked_of: bool = False) -> bool:
    """Whether a question names the topic (its title or another name for it) or points back
    to it (when nothing else was talked of), so a detail that calls it "it" reads as an
    answer."""
    lowered = question.lower()
    return bool(_POINTS_BACK.search(question)) and not others_talked_of or any(
        name.lower() in lowered for name in (topic.title, *topic.aliases) if name)


def _asks_what_it_is(topic: Topic, question: str) -> bool:
    """Whether the question's first clause asks only what the topic is ("whats fast track, saw
    it on the page"): its answer leads, whatever the rest shares with a detail."""
    first = re.split(r"[,;:.!?]", clauses(without_greeting(question))[0])[0] if question.strip() else ""
    words = tokens(_WHERE_THEY_SAW_IT.sub("", first))
    named = {w for alias in [topic.title, *topic.aliases] for w in tokens(alias)}
    return bool(words) and words[0] in _WHAT and not [w for w in words[1:] if w not in named
                                                        and w not in _WHAT_IS_WORDS]


#: Where the visitor came across it, told after its name: "whats the fast track i saw on the page".
_WHERE_THEY_SAW_IT = re.compile(r"\s+(?:that\s+|which\s+)?(?:i|i've|ive|i have)\s+(?:just\s+)?"
                                r"(?:saw|seen|read|heard|noticed|spotted|keep seeing|keep hearing)\b.*$",
                                re.IGNORECASE)
_WHAT = {"what", "whats", "what's", "wat", "wats", "wot"}
_WHAT_IS_WORDS = {"is", "s", "the", "a", "an", "this", "that", "exactly", "actually", "then",
                  "thing", "programme", "program", "again", "about", "all"}


#: A topic's detail of fewer words than this is a remark on it ("Digital evidence keeps
#: growing."), not an answer to a question by itself ("It combines a learning curriculum with
#: an assessed portfolio." is one).
STANDS_AS_ANSWER = 6


def _leading(answer: str, fact: Optional[str]) -> str:
    """A detail asked for leads when it answers the question by itself; a short remark
    follows the topic's answer instead ("what kind of digital stuff?" is answered by the
    kinds of information, then that digital evidence keeps growing)."""
    if not fact:
        return answer
    if len(fact.split()) >= STANDS_AS_ANSWER or fact in answer:
        return fact
    return f"{answer} {fact}"


def _for_role(content: Content, kind: str, role_id: str, question: str = "") -> Answer:
    """A kind of question said for one role: the topic's `for_role` text for that role, and
    what the role's profile adds to it, where the content says. A question that asks for
    one of the role's duties gets that duty instead."""
    topic, role = content.topics[kind], content.roles[role_id]
    text = topic.for_role.format(role=role.name.lower(), summary=role.summary, in_short=role.in_short)
    if kind in role.adds:
        text = f"{text} {role.adds[kind]}"
    if question and not has_cue(content, kind, question) and not _is_programme(content, kind) \
            and topic_asked_for(content, question) != kind \
            and fact_for(content, question, text, role.details, " ".join(topic.cues)):
        # (a question cued or asked for as the kind ("what are they judged against,
        # behaviour-wise?"), or about a programme, asks no duty)
        return _role(content, role_id, question)
    # (its follow-ups too, as for the topic itself: "Is that recognised by other agencies?" of
    # the IPP for a researcher)
    candidates = [*topic.details, *(f.answer for f in topic.follow_ups.values())]
    detail = fact_for(content, question, text, candidates, topic.title) if question else None
    if detail and detail not in text:  # "would she work with other forces?" of any role
        text = f"{text} {detail}"
    buttons = (Button(f"What does an {role.name.lower()} do?", payload("role_details", role=role_id)),
               *_buttons(content, [t for t in topic.next if t != "roles"]))[:MAX_SUGGESTIONS]
    return Answer(text, kind, buttons, role_id, tuple(dict.fromkeys([*topic.sources, *role.sources])))


def _compare(content: Content, first: str, second: str) -> Answer:
    """Two roles named in one question: each in one line, side by side."""
    roles = [content.roles[first], content.roles[second]]
    lines = "\n".join(f"- {role.name}: {role.in_short}" for role in roles)
    text = f"{content.reply('compare').answer}\n{lines}"
    buttons = tuple(Button(f"More on the {role.name.lower()} role", payload("role_details", role=r))
                    for r, role in zip((first, second), roles))
    buttons += _buttons(content, ["entry_routes"])
    return Answer(text, COMPARE, buttons, first, tuple(dict.fromkeys(s for r in roles for s in r.sources)),
                  other_role=second)


def _each_role(content: Content) -> Answer:
    """What every role does, each in one line ("what do the 4 roles do in short?")."""
    lines = "\n".join(f"- {role.name}: {role.in_short}" for role in content.roles.values())
    sources = tuple(dict.fromkeys(s for role in content.roles.values() for s in role.sources))
    return Answer(f"{content.reply('each_role').answer}\n{lines}", "role_details",
                  _role_buttons(content), None, sources)


#: Asking what every role does, not one of them.
_EACH_ROLE = re.compile(r"\b(?:each|every|all(?:\s+(?:of\s+)?the)?|the\s+(?:4|four))\s+(?:of\s+the\s+)?"
                        r"(?:(?:intel|intelligence|different)\s+)?(?:roles?|jobs?)\b(?!\s+(?:is|are)\s+\w+ed\b)|"
                        r"\b(?:a|one) (?:sentence|line) (?:each|on each|for each|under each)\b",
                        re.IGNORECASE)
#: Asking what they do, not only which there are ("what are the four roles again?").
_WHAT_THEY_DO = re.compile(r"\b(?:do|does|involve|involves|in short|in a line|(?:a|one) (?:sentence|line))\b",
                           re.IGNORECASE)


def _compare_programmes(content: Content, first: str, second: str, question: str = "") -> Answer:
    """Two programmes in one question ("IPP and fast track, what's the difference?"): the
    line that says what each is (its `in_short`, or its answer's first sentence), side by
    side; or, when the question weighs them on a follow-up both hold ("which is quicker, that
    or the fast track?", "who is each one for?"), each one's answer to it. The conversation
    goes on about the second, the one the question named last ("how does that compare with
    the fast track?" then "does being CID matter for it?")."""
    topics = [content.topics[first], content.topics[second]]
    asked = cued_follow_up(content, question) if question else None
    aspect = FOLLOW_UPS.get(asked or "") or ("duration" if _WHICH_TAKES_LONGER.search(question) else None)
    if aspect and all(aspect in topic.follow_ups for topic in topics):
        lines = "\n".join(f"- {topic.title}: {topic.follow_ups[aspect].answer}" for topic in topics)
    else:
        lines = "\n".join(f"- {topic.in_short or sentences(topic.answer)[0]}" for topic in topics)
    return Answer(f"{content.reply('compare_programmes').answer}\n{lines}", second,
                  _buttons(content, [first, second]),
                  sources=tuple(dict.fromkeys(s for topic in topics for s in topic.sources)))


#: Weighing two things by how long they take: "which is quicker, that or the fast track?"
_WHICH_TAKES_LONGER = re.compile(r"\b(?:quicker|quickest|faster|fastest|slower|longer|longest|shorter|"
                                 r"shortest|sooner)\b", re.IGNORECASE)


def _role_buttons(content: Content) -> Tuple[Button, ...]:
    return tuple(
        Button(role.name, payload("role_details", role=role_id))
        for role_id, role in content.roles.items()
    )


def _role(content: Content, role_id: Optional[str], question: str = "") -> Answer:
    """What a role does; when the question asks for one of its duties, that duty first."""
    if role_id not in content.roles:
        return Answer(content.reply("which_role").answer, "role_details", _role_buttons(content))
    role = content.roles[role_id]
    topic = content.topics["role_details"]
    buttons = _buttons(content, topic.next)
    if role.details:
        buttons = (_more_button(content, f"More on the {role.name.lower()} role"),) + buttons
    buttons = buttons[:MAX_SUGGESTIONS]
    fact = fact_for(content, question, role.summary, role.details) if question else None
    text, sources = fact or role.summary, tuple(role.sources)
    if question and topic_asked_for(content, question) == WORK:
        # "do intelligence analysts work on fraud cases?": what the role does, and that the
        # work is crime investigation
        work = content.topics[WORK]
        text, sources = f"{text} {work.answer}", (*sources, *work.sources)
    return Answer(text, "role_details", buttons, role_id, tuple(dict.fromkeys(sources)))


def _general_fact(content: Content, kind: str, role_id: str, question: str) -> Optional[Answer]:
    """A question in the words of a general topic ("would he need to keep up with new laws?"
    after the analyst: the day-to-day work) asking for a fact that topic holds and the role's
    profile does not: the topic's fact, which is true of every role. Only for the role in
    context: a question naming the role asks about that role."""
    role = content.roles.get(role_id)
    if not (question and role and has_cue(content, kind, question)) \
            or fact_for(content, question, role.summary, role.details):
        return None
    topic = content.topics[kind]
    fact = fact_for(content, question, topic.answer, topic.details)
    if not fact:
        return None
    return Answer(fact, kind, _buttons(content, topic.next), role_id, tuple(topic.sources))


def _bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _subject(content: Content, topic: Optional[str],
             role: Optional[str]) -> Optional[Tuple[str, List[str], List[str]]]:
    """What the conversation is about: its title, details and sources (a role counts when the
    topic is role_details); None when there is no context yet."""
    if topic == "role_details" and role in content.roles:
        r = content.roles[role]
        return f"the {r.name.lower()} role", r.details, r.sources
    if topic in content.topics:
        t = content.topics[topic]
        return lower_first(t.title), t.details, t.sources
    return None


def _more(content: Content, topic: Optional[str], role: Optional[str]) -> Answer:
    """'Tell me more': the details of whatever the conversation is about."""
    subject = _subject(content, topic, role)
    if subject is None:
        return _no_context(content, list(content.reply("help").next))
    title, details, sources = subject
    buttons = _buttons(content, content.topics[topic].next)
    if not details:
        url = content.sources_of(sources)[0].url
        text = content.reply("no_more_details").answer.format(title=title, url=url)
        return Answer(text, topic, buttons, role, tuple(sources))
    text = f"More on {title}:\n{_bullets(details)}"
    return Answer(text, topic, buttons, role, tuple(sources))


def _follow_up(content: Content, aspect: str, topic_id: Optional[str], intent: str,
               role: Optional[str], question: str = "") -> Answer:
    """'How long does it take?': a follow-up fact of the topic in context (and its role)."""
    if topic_id not in content.topics and role in content.roles:
        # "how long til i could make supervisor": no role holds a follow-up of its own
        return _not_held_for(content, "role_details", role)
    if topic_id not in content.topics:
        having = [t for t, topic in content.topics.items() if aspect in topic.follow_ups]
        buttons = tuple(
            Button(content.topics[t].title, payload(intent, programme=t)) for t in having
        )
        return Answer(content.reply("no_context").answer, FALLBACK_TOPIC, buttons)
    topic = content.topics[topic_id]
    if aspect not in topic.follow_ups:
        fact = fact_for(content, question, "", [topic.answer, *topic.details]) if question else None
        if fact:
            return Answer(fact, topic_id, _buttons(content, topic.next), role, tuple(topic.sources))
        return _not_held_for(content, topic_id, role)
    fact = topic.follow_ups[aspect]
    # "How often does the fast track take applications?" is read as a duration question; the
    # detail about the application window answers it better. "Can my organisation get
    # permission to run the IPP?" is read as who provides it; who may deliver it answers it.
    # The follow-up's own words ("how long does it take") ask for its answer, not a detail
    # that shares one ("take part").
    # Asked in the follow-up's own words ("could I do it while I'm at the council?"), the
    # follow-up's answer is what is asked, whatever words a detail shares ("Council"). Asked
    # otherwise, a cue word of it counts as any word: "can my force deliver it?" asks about
    # the licence to deliver, though "who delivers" asks who provides it.
    about = " ".join([topic.title, *topic.aliases])
    others = [f.answer for a, f in topic.follow_ups.items() if a != aspect]
    asked_as_such = cued_follow_up(content, question) == f"ask_{aspect}"
    detail = fact_for(content, question, fact.answer, [*topic.details, *others], about) \
        if question and not asked_as_such else None
    if detail:
        return Answer(detail, topic_id, _buttons(content, topic.next), role, tuple(topic.sources))
    return Answer(fact.answer, topic_id, _buttons(content, topic.next), role, tuple(fact.sources))


def _source(content: Content, topic: Optional[str], role: Optional[str],
            asked_of_itself: bool = False, doubted: bool = False, stands_on: bool = True) -> Answer:
    """'Where is that from?': the sources behind the topic in context, with links, an answer
    about the resources when asked what the answer stands on (the conversation stays on its
    subject: `context_slots`), else ("where are those?") under the subject; doubted
    ("are you sure?"), the subject's answer again before them, under its topic. With no
    topic, the pages every answer comes from: what the assistant can help with, or, asked
    where its information comes from, the College's pages (`resources`)."""
    if topic is None and role in content.roles:
        topic = "role_details"  # "You said the analyst assesses threat. Is that the College's phrase?"
    subject = _subject(content, topic, role)
    # nothing answered yet ("Before I believe a word - where do you get your information
    # from?"): the pages every answer comes from
    source_ids = subject[2] if subject else [s for s in content.sources if s != content.safety.source]
    named = "; ".join(f"{link['title']} ({link['url']})" for link in source_links(content, source_ids))
    if subject is None:
        return Answer(content.reply("own_sources").answer.format(sources=named),
                      "resources" if asked_of_itself else "help",
                      _buttons(content, list(content.reply("help").next)), None, tuple(source_ids))
    if doubted:
        said = _answer_of(content, topic, role)
        text = content.reply("checked").answer.format(answer=said, sources=named)
        return Answer(text, topic, (), role, tuple(source_ids))
    text = content.reply("source").answer.format(sources=named)
    return Answer(text, "resources" if stands_on else topic, (), role, tuple(source_ids))


def _answer_of(content: Content, topic: str, role: Optional[str]) -> str:
    """The subject's own answer: the role's summary on role_details, else the topic's."""
    if topic == "role_details" and role in content.roles:
        return content.roles[role].summary
    return content.topics[topic].answer


def _no_context(content: Content, topic_ids: List[str]) -> Answer:
    return Answer(content.reply("no_context").answer, FALLBACK_TOPIC, _buttons(content, topic_ids))


def _out_of_scope(content: Content) -> Answer:
    """A kind deflection, with topics the assistant does cover."""
    scope = content.out_of_scope
    return Answer(scope.answer, OUT_OF_SCOPE, _buttons(content, scope.next))


def _did_you_mean(content: Content, frame: Frame, role: Optional[str]) -> Answer:
    """Low confidence: offer the likeliest topics as buttons, plus 'something else'."""
    choices: List[Button] = []
    for intent, _confidence in frame.ranking:
        if len(choices) == DID_YOU_MEAN_CHOICES:
            break
        if intent == "role_details" and role:
            name = content.roles[role].name
            choices.append(Button(name, payload("role_details", role=role)))
        elif intent in content.topics:
            choices.append(Button(content.topics[intent].button, payload(intent)))
    if not choices:
        return _out_of_scope(content)
    choices.append(Button(content.reply("something_else").answer, payload("help")))
    return Answer(content.reply("did_you_mean").answer, FALLBACK_TOPIC, tuple(choices))

