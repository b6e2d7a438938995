"""Compose the assistant's reply for one turn, from the content alone.

Plain Python with no Rasa import, so every answer can be tested directly. The Rasa action in
`actions/` only turns a `Turn` into an `Answer` with `answer()`, and sends it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Sequence, Tuple

from bot.action_server import safety, unknowns
from bot.action_server.citations import source_links
from bot.action_server.facts import MIN_SCORE, fact_for
from bot.action_server.facts import scores as fact_scores
from bot.action_server.names import programmes_in, roles_in
from bot.shared import inputs
from bot.shared.content import ASPECTS, ROLE_KINDS, TOPIC_IDS, Content
from bot.shared.focus import MAX_PARTS, question_part
from bot.shared.words import Phrases, analyse, built_once, tokens

CHITCHAT = ("greet", "goodbye", "thanks", "bot_challenge", "help")
FOLLOW_UPS = {f"ask_{aspect}": aspect for aspect in ASPECTS}
FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"
#: Every intent the model knows; the domain and NLU data must list exactly these.
INTENTS = (*TOPIC_IDS, *CHITCHAT, *FOLLOW_UPS, "more_details", "ask_source", OUT_OF_SCOPE,
           safety.REPORT_INTENT, unknowns.ASK_UNKNOWN)
#: Intents that are not a question about the pathway.
NOT_ANSWERS = (OUT_OF_SCOPE, FALLBACK, safety.REPORT_INTENT, unknowns.ASK_UNKNOWN)
#: Intents that, with a role named, mean "tell me about that role".
ROLE_QUESTIONS = ("roles", "more_details", FALLBACK, OUT_OF_SCOPE, "what_is_intelligence",
                  "intelligence_units", "information_sources", "information_formats")
#: Intents the model gives "how do I become ..." questions by mistake.
CONFUSED_WITH_ENTRY = ("suitability", "roles", "role_details", "intelligence_units",
                       "what_is_intelligence", "day_to_day", "working_environment", FALLBACK,
                       OUT_OF_SCOPE, unknowns.ASK_UNKNOWN, safety.REPORT_INTENT, *CHITCHAT)
#: Topics that are programmes or training, and the general topics a question about a named
#: programme is read as the programme's answer rather than ("what does the IPP involve day
#: to day?").
PROGRAMME_TOPICS = ("ipp", "cpd", "fast_track", "training")
GENERAL_TOPICS = ("what_is_intelligence", "day_to_day", "suitability", "working_environment",
                  "intelligence_units", "roles", "entry_routes", "career_stories")
#: Intents the model gives a kind of question about a role by mistake, when the question
#: has one of that kind's cues ("do researchers sit in an office?").
CONFUSED_WITH_KIND = ("roles", "role_details", "what_is_intelligence", "career_stories",
                      "resources", "intelligence_units", FALLBACK, OUT_OF_SCOPE,
                      unknowns.ASK_UNKNOWN, safety.REPORT_INTENT, *CHITCHAT)
#: A report_crime guess the safety net did not back is read as the next topic from here.
RUNNER_UP = 0.2
#: Topics whose cue asks for the general answer, never one detail ("how do I get in?").
GENERAL_FIRST = ("entry_routes", "cpd")
#: Follow-ups that only make sense after an answer; an unsure one is taken when there is one.
CONTEXT_INTENTS = (*FOLLOW_UPS, "more_details", "ask_source")
#: Below this confidence an ask_unknown that names a role or programme is re-read.
UNKNOWN_SURE = 0.6
#: What an answer is about, besides topic ids and chit-chat intents.
SAFETY, UNKNOWN, COMPARE = "safety", "unknown", "compare"
DID_YOU_MEAN_CHOICES = 2
#: Suggestions under an answer: more would crowd a phone screen (and Teams shows three).
MAX_SUGGESTIONS = 3
#: Questions of one message answered (each briefly); more are not read (`MAX_PARTS`).
MAX_ANSWERED = 3


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
    #: A message holding several things (bot/rasa_server/question_parts.py): the parts that
    #: ask something, each read by the model on its own.
    questions: Tuple["Turn", ...] = ()

    @classmethod
    def from_parse(cls, parse: Dict, topic: Optional[str] = None,
                   role: Optional[str] = None) -> "Turn":
        """A turn from Rasa's parse of the message (`tracker.latest_message`) and the context.
        A long message's question part is what the model classified; the whole message is
        kept as `full_text` (bot/rasa_server/nlu/question_focus.py), and safety reads all of it."""
        entities: Dict[str, str] = {}
        for entity in parse.get("entities") or []:
            entities.setdefault(entity.get("entity"), entity.get("value"))
        ranking = [(i.get("name"), i.get("confidence", 0.0))
                   for i in parse.get("intent_ranking") or []]
        parts = [p for p in parse.get("parts") or [] if isinstance(p, dict)][:MAX_PARTS]
        return cls(
            intent=(parse.get("intent") or {}).get("name") or FALLBACK,
            # Cleaned and cut here too: the action server answers whoever can reach it.
            text=inputs.clean_text(str(parse.get("full_text") or parse.get("text") or "")),
            entities=entities, ranking=ranking, topic=topic, role=role,
            questions=tuple(cls.from_parse(p, topic, role) for p in parts if p.get("asks")),
        )


@dataclass(frozen=True)
class Answer:
    """The reply, and what it was about: `topic` is a topic id, a chit-chat intent, `safety`,
    `unknown`, `compare`, `out_of_scope` or `fallback`; only topic ids become conversation
    context."""

    text: str
    topic: str
    buttons: Tuple[Button, ...] = ()
    role: Optional[str] = None
    sources: Tuple[str, ...] = ()
    #: For known unknowns, what was asked about (`pay`, `age` ...), for the editors' report.
    subject: Optional[str] = None


def payload(intent: str, **entities: str) -> str:
    """A button payload that Rasa reads as an intent with entities, skipping the NLU model."""
    return f"/{intent}{json.dumps(entities) if entities else ''}"


def answer(content: Content, turn: Turn) -> Answer:
    """Pick the reply for one message; never raises for any intent the model can produce.

    In order (README, "How it understands a question"): an empty message is asked for a
    question; safety, on the whole message, whatever was predicted; a message that reports a
    crime or danger gets the signpost first, then the answers to the questions it also asks;
    a message with several questions gets each answered in turn (at most `MAX_ANSWERED`), a
    later one reading an earlier one's subject as its context, and so does one the model read
    as a greeting or could not place as a whole; any other message is one question
    (`answer_question`)."""
    if not turn.text.strip():
        return _reply(content, "empty", "help")
    confidence = turn.ranking[0][1] if turn.ranking else 0.0
    if safety.check(content, turn.text, turn.intent, confidence).signpost:
        questions = [q for q in turn.questions
                     if not safety.check(content, q.text, q.intent).signpost]
        return _together(content, [_safety(content), *_answers(content, questions)])
    whole = answer_question(content, turn)
    if inputs.too_long(turn.text) or len(turn.questions) < 2 and not (
            turn.questions and not _answers_it(content, whole)):
        return whole
    # Several questions, or one the whole message was not read as ("hiya, what is it?"): each
    # is answered; the whole message's reading leads when it answers something else again.
    answers = _answers(content, list(turn.questions))
    if _answers_it(content, whole):
        if all(whole.text != a.text for a in answers):
            answers = [whole, *answers][:MAX_ANSWERED]
        return _together(content, answers, whole) if len(answers) >= 2 else whole
    return _together(content, answers) if answers else whole


def _answers(content: Content, questions: List[Turn]) -> List[Answer]:
    """Each question's answer, in order, that answers it from the content; a question after
    the first is read in the context of the one before ("... how long is it?")."""
    answers: List[Answer] = []
    topic, role = (questions[0].topic, questions[0].role) if questions else (None, None)
    for question in questions[:MAX_ANSWERED]:
        reply = answer_question(content, replace(question, topic=topic, role=role))
        if _answers_it(content, reply):
            if all(reply.text != a.text for a in answers):
                answers.append(reply)
            if reply.topic in content.topics:
                topic, role = reply.topic, reply.role
    return answers


def _answers_it(content: Content, reply: Answer) -> bool:
    """Whether a reply answers from the content (a topic, a comparison, an honest unknown),
    rather than asking back, declining or chatting."""
    return reply.topic in content.topics or reply.topic in (UNKNOWN, COMPARE)


def _together(content: Content, answers: List[Answer], main: Optional[Answer] = None) -> Answer:
    """Several answers as one reply, in order; it is about `main`, else the first question
    answered (the signpost counts only when nothing else was answered)."""
    main = main or next((a for a in answers if a.topic != SAFETY), answers[0])
    return Answer("\n\n".join(a.text for a in answers), main.topic, main.buttons, main.role,
                  tuple(dict.fromkeys(s for a in answers for s in a.sources)), main.subject)


def answer_question(content: Content, turn: Turn) -> Answer:
    """The reply to one question: what the sources cannot answer first, then the kind of
    question (the intent) said for its subject (roles, programme)."""
    if inputs.too_long(turn.text):
        return _reply(content, "too_long", "help")
    if _mostly_non_latin(turn.text):
        return _reply(content, "not_english", "help")
    if turn.text.lstrip().startswith("/"):  # a button: the payload is the whole question
        return _understood(content, turn, turn.intent, "", _entity_roles(content, turn),
                           _resolve(turn.entities.get("programme"), content.topic_aliases()))

    question = question_part(turn.text)
    if _elsewhere(content, question):
        return _out_of_scope(content)
    roles = roles_in(content, question) or _entity_roles(content, turn)
    if (not roles and turn.role and _names_only(question)) or (roles and _names_two(question)):
        # "and for the officer?" after a role; "analyst or officer?": a bare "officer" is the
        # intelligence officer only when roles are being talked about.
        roles = roles_in(content, question, bare=True) or roles
    programme = (_resolve(turn.entities.get("programme"), content.topic_aliases())
                 or next(iter(programmes_in(content, question)), None)
                 or _programme_referred_to(content, turn, question))
    in_context = turn.topic in content.topics and bool(content.topics[turn.topic].aliases)
    about_programmes = programme or in_context or turn.intent in PROGRAMME_TOPICS
    subject = unknowns.subject_of(content, question, programme_named=bool(about_programmes))
    if subject and _background(content, subject, question):
        subject = None  # "I'm a maths teacher. How would I go about becoming an analyst?"
    if subject or _unknown_intent(content, turn, question, roles, programme):
        in_context = None if subject or roles or programme else _from_context(content, turn, question)
        return in_context or Answer(
            unknowns.reply_text(content, subject, roles[0] if roles else None), UNKNOWN,
            _buttons(content, ["entry_routes", "roles"]), subject=subject)
    if not (roles or programme or turn.topic) and turn.intent not in (*CHITCHAT, *CONTEXT_INTENTS) \
            and _says_nothing(question):
        return _did_you_mean(content, turn, None)  # "tell me stuff", "??"
    if turn.topic and _asks_for_source(question):
        return _source(content, turn)  # "source?" after an answer
    intent = _rescue(content, turn, question, roles, programme)
    if not roles and turn.role and intent in ROLE_KINDS and _REFERS_TO_ROLE.search(question):
        roles = [turn.role]  # "how would I get into that?" after the researcher's answer
    if not roles and intent in ("roles", "role_details", FALLBACK):
        roles = _role_for_duty(content, question)
        intent = "role_details" if roles else intent
    if len(roles) == 1 and turn.role and turn.role != roles[0] and _asks_difference(question):
        roles = [turn.role, roles[0]]  # "how's that different from a researcher?"
    return _understood(content, turn, intent, question, roles, programme)


def _understood(content: Content, turn: Turn, intent: str, question: str, roles: List[str],
                programme: Optional[str]) -> Answer:
    """The answer to a question understood as `intent` about `roles` / `programme`."""
    role = roles[0] if roles else None
    if intent == FALLBACK and turn.topic and turn.ranking and turn.ranking[0][0] in CONTEXT_INTENTS:
        intent = turn.ranking[0][0]  # an unsure "how do I get on it?" after a topic
    if intent in (FALLBACK, OUT_OF_SCOPE, safety.REPORT_INTENT):
        in_context = None if roles or programme else _from_context(content, turn, question)
        if in_context:
            return in_context
    if intent == FALLBACK:
        return _did_you_mean(content, turn, role)
    if intent in (OUT_OF_SCOPE, safety.REPORT_INTENT):
        return _out_of_scope(content)
    if intent in CHITCHAT:
        return _reply(content, intent, intent)
    if role and question and _names_only(question) and turn.topic in ROLE_KINDS and len(roles) == 1:
        return _for_role(content, turn.topic, role)  # "and for the officer?"
    if len(roles) >= 2 and intent not in FOLLOW_UPS:
        return _compare(content, roles[0], roles[1])
    if role and intent in ROLE_KINDS:
        return _for_role(content, intent, role, question)
    if intent == "role_details" and not (role or turn.role) and _about_intelligence(question):
        intent = "what_is_intelligence"  # "does the intel tell bosses where to put patrols?"
    if intent == "role_details" or (role and intent in ROLE_QUESTIONS):
        return _role(content, role or turn.role, question)
    if programme and intent in ROLE_QUESTIONS:
        return _topic(content, programme, question)
    if intent in content.topics:
        return _topic(content, intent, question)
    if intent == "more_details":
        return _more(content, turn)
    if intent in FOLLOW_UPS:
        topic_id = programme or turn.topic
        role = turn.role if topic_id == turn.topic else None
        return _follow_up(content, FOLLOW_UPS[intent], topic_id, intent, role, question)
    if intent == "ask_source":
        return _source(content, turn)
    return _did_you_mean(content, turn, role)


def _from_context(content: Content, turn: Turn, question: str) -> Optional[Answer]:
    """Before a turn is declined: the fact it asks for among what the conversation is about
    (the topic's answer, details and follow-ups, or the role's profile): "can detectives
    apply?" after the fast track. None when nothing there answers it well enough."""
    if not question or turn.topic not in content.topics:
        return None
    topic = content.topics[turn.topic]
    if turn.topic == "role_details" and turn.role in content.roles:
        role = content.roles[turn.role]
        candidates, about, sources = [role.summary, *role.details], role.name, role.sources
    else:
        candidates = [topic.answer, *topic.details, *(f.answer for f in topic.follow_ups.values())]
        about, sources = " ".join([topic.title, *topic.aliases]), topic.sources
    fact = fact_for(content, question, "", candidates, about)
    return Answer(fact, turn.topic, _buttons(content, topic.next), turn.role,
                  tuple(sources)) if fact else None


def _entity_roles(content: Content, turn: Turn) -> List[str]:
    role = _resolve(turn.entities.get("role"), content.role_names())
    return [role] if role else []


def _unknown_intent(content: Content, turn: Turn, question: str, roles: List[str],
                    programme: Optional[str]) -> bool:
    """The model's ask_unknown, trusted when it is sure or no role is named, and never when
    a programme is (whose content may answer it)."""
    if turn.intent != unknowns.ASK_UNKNOWN:
        return False
    if _has_cue(content, "entry_routes", question) or _kind_cued(content, question):
        return False  # "what do I need to do to land a job?", "what skills do they look for?"
    if programme:
        return False  # "how often does the fast track take applications?" is about it
    confidence = turn.ranking[0][1] if turn.ranking else 1.0
    return confidence >= UNKNOWN_SURE or not roles


def _rescue(content: Content, turn: Turn, question: str, roles: List[str],
            programme: Optional[str]) -> str:
    """Correct the model where it is known to slip: a question that names a role or a
    programme is in scope; "how do I become ..." is about entry routes."""
    intent = turn.intent
    entry_cue = _has_cue(content, "entry_routes", question)
    if entry_cue and intent in CONFUSED_WITH_ENTRY and not programme:
        return "entry_routes"  # (how to get on the fast track is the fast track's to say)
    kind = _kind_cued(content, question)
    if kind and intent in CONFUSED_WITH_KIND and not programme:
        return kind  # "do researchers sit in an office?" is about where they work
    if intent == "entry_routes" and roles and not entry_cue:
        return "role_details"  # "do researchers look into fraud?" is not about getting in
    if programme and (not roles and intent in (*NOT_ANSWERS, *GENERAL_TOPICS)
                      or roles and intent in ROLE_KINDS and programme in ROLE_KINDS):
        # "My manager keeps bringing up the IPP. What does it involve?": the programme's
        # answer, or the follow-up the model saw in the question ("how long ...").
        return next((c for c, confidence in turn.ranking
                     if c in FOLLOW_UPS and confidence >= RUNNER_UP), programme)
    in_scope = roles or programme or (intent == safety.REPORT_INTENT and (
        _names_scope(content, question) or _runner_up(turn) >= RUNNER_UP))
    if intent not in NOT_ANSWERS or not in_scope:
        return intent
    for candidate, _confidence in turn.ranking:
        if candidate not in NOT_ANSWERS and candidate not in CHITCHAT:
            return candidate
    return "role_details" if roles else programme or intent


def _background(content: Content, subject: str, question: str) -> bool:
    """An unknown subject named as the visitor's background in a "how do I get in" question,
    not asked about: nothing in it asks whether that is needed."""
    unknowns_ = content.unknowns
    return (unknowns_.subjects[subject].background
            and _has_cue(content, "entry_routes", question)
            and not _phrases(unknowns_.asks_required).find(analyse(question)))


def _kind_cued(content: Content, question: str) -> Optional[str]:
    """The kind of question (other than getting in) one of whose cues the question has."""
    return next((k for k in ROLE_KINDS if k != "entry_routes" and content.topics[k].cues
                 and _has_cue(content, k, question)), None)


def _has_cue(content: Content, topic_id: str, question: str) -> bool:
    return bool(_cues(content.topics[topic_id]).find(analyse(question)))


_cues = built_once(lambda topic: Phrases(topic.cues))


def _runner_up(turn: Turn) -> float:
    """The confidence of the model's best answer that is a topic."""
    return next((c for i, c in turn.ranking if i not in NOT_ANSWERS and i not in CHITCHAT), 0.0)


def _names_scope(content: Content, question: str) -> bool:
    """Names something the assistant covers (police, intelligence, the roles ...): a
    report_crime guess the safety net did not back is then read as its next intent."""
    words = analyse(question)
    return bool(_phrases(content.out_of_scope.in_scope).find(words)) or any(
        w in ("intelligence", "intel") for w, _ in words)


def _programme_referred_to(content: Content, turn: Turn, question: str) -> Optional[str]:
    """In a long message, the programme the question is about without naming it ("My manager
    keeps bringing up the IPP. What does it involve?", "I'm interested in the fast track ...
    Do forces have to take part?"), when the message names only one."""
    if question == turn.text or not (_REFERS_TO_IT.search(question) or turn.intent in FOLLOW_UPS
                                     or turn.intent in NOT_ANSWERS):
        return None
    named = programmes_in(content, turn.text)
    return named[0] if len(named) == 1 else None


def _about_intelligence(question: str) -> bool:
    """Asks about intelligence work in general, naming no role or job: "do intel teams track
    gangs online?" is answered from what intelligence work is, not with "which role?"."""
    return bool(_INTELLIGENCE.search(question)) and not _A_ROLE.search(question)


_INTELLIGENCE = re.compile(r"\b(intel|intelligence|fibs?|ius?)\b", re.IGNORECASE)
_A_ROLE = re.compile(r"\b(roles?|jobs?|posts?|positions?|titles?|who)\b", re.IGNORECASE)
_REFERS_TO_ROLE = re.compile(r"\b(it|that|this|they|them|their|the role|the job|that job)\b",
                             re.IGNORECASE)
_WHO = re.compile(r"\b(who|whose|which)\b", re.IGNORECASE)
_REFERS_TO_IT = re.compile(r"\b(it|that|this)\b", re.IGNORECASE)


def _elsewhere(content: Content, question: str) -> bool:
    """About something else entirely (another job, a recipe) with nothing in scope named."""
    words = analyse(question)
    scope = content.out_of_scope
    return bool(_phrases(scope.elsewhere).find(words)) and not _phrases(scope.in_scope).find(words)


_phrases = built_once(Phrases)


def _role_for_duty(content: Content, question: str) -> List[str]:
    """"Which of them leads a team?": the one role whose profile holds what is asked."""
    if not _WHO.search(question):
        return []  # "recommend a good podcast" asks for no role
    best: Dict[str, float] = {}
    for role_id, role in content.roles.items():
        matched = fact_scores(content, question, [role.summary, *role.details])
        best[role_id] = max(matched.values())
    ranked = sorted(best, key=best.get, reverse=True)
    if best[ranked[0]] >= MIN_SCORE and best[ranked[1]] == 0:
        return [ranked[0]]
    return []


def _asks_difference(question: str) -> bool:
    return bool(_DIFFERENCE.find(analyse(question)))


def _names_two(question: str) -> bool:
    words = analyse(question)
    return bool(_DIFFERENCE.find(words) or _AND.find(words))


_DIFFERENCE = Phrases(["different", "difference", "differ", "compare", "compared", "versus",
                       "vs", "better", "instead", "rather", "or", "between", "overlap"])
_AND = Phrases(["and"])


def _asks_for_source(question: str) -> bool:
    """"source?", "link?", "where's that from": a short message asking where an answer is from."""
    words = tokens(question)
    return bool(words) and len(words) <= 5 and bool(_SOURCE & set(words)) and \
        set(words) <= _SOURCE | {"where", "from", "that", "this", "is", "it", "the", "a", "what",
                                 "your", "please", "pls", "for", "any", "got", "s"}


_SOURCE = {"source", "sources", "link", "links", "reference", "references", "ref"}


def _says_nothing(question: str) -> bool:
    """True for a message with no word that could say what it is about."""
    return not [w for w in tokens(question) if w not in _VAGUE]


_VAGUE = set("""what about it then tell me stuff info information idk dunno just thing things
the a an some more please pls so ok okay um hmm eh anything everything something know want to
i you can do is this that and or any lol yeah yes no go on help hi""".split())


def _names_only(question: str) -> bool:
    """True for "and for the officer?", "what about researchers": a role and nothing else."""
    rest = [w for w in tokens(question) if w not in _FILLER]
    return len(rest) <= 2 and len(tokens(question)) <= 7  # "does ... do" asks a question


_FILLER = set("""and for the a an what about how same with as then ok okay so is it that
intelligence role roles one ones please pls too also""".split())


def _safety(content: Content) -> Answer:
    return Answer(content.safety.answer, SAFETY)


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


def _more_button(content: Content, title: Optional[str] = None) -> Button:
    return Button(title or content.reply("more_button").answer, payload("more_details"))


def _topic(content: Content, topic_id: str, question: str = "") -> Answer:
    """A topic's answer; when the question asks for one of its details, that detail first."""
    topic = content.topics[topic_id]
    buttons = _buttons(content, topic.next)
    if topic.details:
        buttons = (_more_button(content),) + buttons
    buttons = buttons[:MAX_SUGGESTIONS]
    candidates = [*topic.details, *(f.answer for f in topic.follow_ups.values())]
    about = " ".join([topic.title, *topic.aliases])
    if topic.cues:
        about += " " + " ".join(topic.cues)  # "what skills ..." asks no detail by saying "skills"
    # "how would I get into intelligence from the forces?" asks the general answer first.
    asks_detail = question and not (topic_id in GENERAL_FIRST and _has_cue(content, topic_id, question))
    fact = fact_for(content, question, topic.answer, candidates, about) if asks_detail else None
    text = fact or topic.answer
    return Answer(text, topic_id, buttons, None, tuple(topic.sources))


def _for_role(content: Content, kind: str, role_id: str, question: str = "") -> Answer:
    """A kind of question said for one role: the topic's `for_role` text for that role, and
    what the role's profile adds to it, where the content says. A question that asks for
    one of the role's duties gets that duty instead."""
    topic, role = content.topics[kind], content.roles[role_id]
    text = topic.for_role.format(role=role.name.lower(), summary=role.summary)
    if kind in role.adds:
        text = f"{text} {role.adds[kind]}"
    if question and not _has_cue(content, kind, question) \
            and fact_for(content, question, text, role.details, " ".join(topic.cues)):
        return _role(content, role_id, question)  # (a question cued as the kind asks no duty)
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
    return Answer(text, COMPARE, buttons, first, tuple(dict.fromkeys(s for r in roles for s in r.sources)))


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
    return Answer(fact or role.summary, "role_details", buttons, role_id, tuple(role.sources))


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
               role: Optional[str], question: str = "") -> Answer:
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
        fact = fact_for(content, question, "", [topic.answer, *topic.details]) if question else None
        if fact:
            return Answer(fact, topic_id, _buttons(content, topic.next), role, tuple(topic.sources))
        text = content.reply("no_follow_up").answer.format(title=_lower_first(topic.title), url=url)
        return Answer(text, topic_id, _buttons(content, topic.next), role, tuple(topic.sources))
    fact = topic.follow_ups[aspect]
    # "How often does the fast track take applications?" is read as a duration question; the
    # detail about the application window answers it better. "Can my organisation get
    # permission to run the IPP?" is read as who provides it; who may deliver it answers it.
    about = " ".join([topic.title, *topic.aliases])
    others = [f.answer for a, f in topic.follow_ups.items() if a != aspect]
    detail = fact_for(content, question, fact.answer, [*topic.details, *others], about) \
        if question else None
    if detail:
        return Answer(detail, topic_id, _buttons(content, topic.next), role, tuple(topic.sources))
    return Answer(fact.answer, topic_id, _buttons(content, topic.next), role, tuple(fact.sources))


def _source(content: Content, turn: Turn) -> Answer:
    """'Where is that from?': the sources behind the topic in context, with links."""
    context = _context(content, turn)
    if context is None:
        return _no_context(content, list(content.reply("help").next))
    source_ids = context[2]
    named = "; ".join(f"{link['title']} ({link['url']})" for link in source_links(content, source_ids))
    text = content.reply("source").answer.format(sources=named)
    return Answer(text, turn.topic, (), turn.role, tuple(source_ids))


def _no_context(content: Content, topic_ids: List[str]) -> Answer:
    return Answer(content.reply("no_context").answer, "fallback", _buttons(content, topic_ids))


def _out_of_scope(content: Content) -> Answer:
    """A kind deflection, with topics the assistant does cover."""
    scope = content.out_of_scope
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
        return _out_of_scope(content)
    choices.append(Button(content.reply("something_else").answer, payload("help")))
    return Answer(content.reply("did_you_mean").answer, "fallback", tuple(choices))


def _lower_first(title: str) -> str:
    """'The IPP' -> 'the IPP', but keep acronyms such as 'FIBs' as they are."""
    first = title.split(" ", 1)[0]
    return title if first.isupper() or first[1:2].isupper() else title[0].lower() + title[1:]
