"""Each question read as a frame: what kind of question it is, what it is about, and the fact
it asks for.

Two steps of the pipeline (bot/action_server/answers.py, `answer`), in this order:

- `read_frame`: what the question itself says. The kind comes from the model's reading, and
  from the content's `cues` when the model's reading names no kind of its own; the subject from
  the names in the words (roles and programmes, misspelt ones included); the fact asked is the
  question's own words, matched later against the subject's sentences.
- `fill_from_context`: only what the question leaves open ("how long is it?", "and for the
  officer?", "how's that different from a researcher?", a short turn nothing else answers) is
  taken from the conversation: the subject, role and kind of the answer just given. A frame
  complete on its own ignores the context.

Plain Python, no Rasa: the conversation is the `Context` the action reads from its slots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from bot.action_server import safety, unknowns
from bot.action_server.choices import PLACES
from bot.action_server.facts import MIN_SCORE, fact_for
from bot.action_server.facts import scores as fact_scores
from bot.action_server.names import programmes_in, roles_in
from bot.shared.content import ASPECTS, ROLE_KINDS, Content, Topic
from bot.shared.intents import ASK_UNKNOWN, FALLBACK, OUT_OF_SCOPE, REPORT_INTENT
from bot.shared.focus import (MIN_QUESTION_WORDS, asked_only, asks, clauses, pieces, question_part, sentences,
                              without_shape)
from bot.shared.spelling import common_word
from bot.shared.words import INTELLIGENCE_WORK, Phrases, analyse, built_once, lemma, lemmas, similar, tokens

CHITCHAT = ("greet", "goodbye", "thanks", "bot_challenge", "help")
FOLLOW_UPS = {f"ask_{aspect}": aspect for aspect in ASPECTS}
#: Below this, the model's reading of a general topic is a guess the question's words overrule.
UNSURE = 0.5
#: Kinds a frame has besides the model's intents: a subject the sources do not hold, another
#: subject entirely, a message that says nothing, and a fact of the subject in context.
UNKNOWN, ELSEWHERE, VAGUE, FACT = "unknown", "elsewhere", "vague", "fact"
#: Readings that say the question is not one the content answers.
NOT_ANSWERS = (OUT_OF_SCOPE, FALLBACK, REPORT_INTENT, ASK_UNKNOWN)
#: Follow-ups that only make sense after an answer.
CONTEXT_KINDS = (*FOLLOW_UPS, "more_details", "ask_source")
#: The visitor lost by the answer: "wait what", "huh?", "come again?".
_LOST = re.compile(r"^\W*(?:wait\W+)?(?:what|wat|wut|huh|eh|come again|you what|sorry what|"
                   r"i don'?t get it|i don'?t understand|wdym|what do you mean|meaning|"
                   r"meaning what|which means)\W*$", re.IGNORECASE)
#: The visitor pressing for the answer again, or asking it said more simply: "so yes or no?",
#: "that doesn't answer it", "say that simpler", "give me something real" (blind sets BH, BI),
#: or said in a line.
_ASKS_AGAIN = re.compile(
    r"\b(?:yes or no|(?:that|it|you) (?:doesn'?t|didn'?t|does not|did not|hasn'?t|has not) "
    r"answer|not what i (?:asked|meant)|answer the question|straight answer|something real|"
    r"say (?:that|it) (?:again|simpler|more simply|shorter|in plain english)|simpler|"
    r"more simply|plain english|shorter|repeat (?:that|it)|"
    # (blind set BO): "So is that a yes or a no?", "So that's a no, then?", "In one line, please"
    r"a yes or a no|yes or a no|(?:that'?s|thats|so) a (?:no|yes)|in one line|one line|in a sentence|"
    r"in one sentence|in a nutshell|sum (?:it|that) up|summari[sz]e|"
    # said more plainly (blind set BQ's first look): "still to many big words. say it like to a
    # kid", "can you say it again but like you would to a mate"
    r"(?:big|long|hard|fancy) words|say (?:it|that) like|"
    r"like (?:you would|you'd|youd) to|like (?:to|for) a (?:kid|child|mate)|dumb (?:it|that) down|"
    # the shape pushed back on (blind set BU's first look): "Too long. Ten words max.", "short
    # version please"
    r"too long|(?:the )?(?:short|shorter|quick|brief) version|words max|max(?:imum)? \w+ words|"
    r"keep it short|tl;?dr|sentences max|explain (?:it|that) like|like (?:i'?m|i am) (?:\d{1,2}|five|ten|"
    r"twelve|a child|a kid))\b",
    re.IGNORECASE)
#: All the roles named as what is asked: "One line each for the roles please" (blind set BU's
#: first look) asks a line on each role, not the last answer again in a line.
_EVERY_ROLE = re.compile(r"\b(?:each|every|all)\b(?:\s+\w+){0,3}\s+roles?\b", re.IGNORECASE)
#: A turn of at most this many words may ask for the last answer again in any sentence of it.
SHORT_ASKED_AGAIN = 14
#: Asking what else there is to know: "what else?", "anything else I should know?" ...
_WHAT_ELSE = re.compile(r"\b(?:what|wat|wot|anything)\s+else\b", re.IGNORECASE)
#: ... not what else the assistant can do.
_WHAT_ELSE_YOU_DO = re.compile(r"\belse\s+(?:can|could)\s+(?:you|u)\s+(?:do|help)\b", re.IGNORECASE)
#: Asking for more of what was said: "tell me more", "anything else", "go on", "in detail".
_ASKS_FOR_MORE = re.compile(r"\b(?:more|else|go on|elaborate|expand|further|details?|explain)\b",
                            re.IGNORECASE)
#: Below this confidence a reading the words give no cue of gives way to the kind they cue,
#: when the model reads that kind next ...
UNSURE_OF_KIND = 0.5
#: ... from this confidence.
CUED_RUNNER_UP = 0.1
#: A runner-up reading of the model counts from this confidence.
RUNNER_UP = 0.2
#: A turn of at most this many words that names nothing may lean on the conversation whole.
SHORT_TURN = 8
#: Below this confidence an ask_unknown that names a role is re-read.
UNKNOWN_SURE = 0.6
#: From this confidence the model's reading of a general topic stands, even in a question
#: about "them" while a role is talked about ("wat kind of info would they use for that",
#: information formats at 0.77, is not a duty of the analyst).
FAIRLY_SURE = 0.7


@dataclass(frozen=True)
class Context:
    """What the conversation was about before this turn: the `topic`, `role`, `kind` and
    `other_role` slots, set from the answer just given."""

    topic: Optional[str] = None
    role: Optional[str] = None
    kind: Optional[str] = None
    #: The role talked about before `role` (or beside it, in a comparison): "which is more
    #: senior?" compares the two.
    other_role: Optional[str] = None
    #: The last programme (the IPP, CPD, the fast track) the conversation was about, kept
    #: through answers on other subjects: "who chooses the candidates for it?" after a turn
    #: on the researcher still asks of the fast track.
    programme: Optional[str] = None


@dataclass(frozen=True)
class Frame:
    """One question as understood: its kind (a topic id, a follow-up `ask_*`, `more_details`,
    `ask_source`, a chit-chat intent, or `unknown`, `elsewhere`, `vague`, `fact`, `out_of_scope`,
    `nlu_fallback`), its subject (a topic or programme, one or two roles, or a subject the
    sources do not hold), and the words the fact asked for is matched by. `from_context`
    names the parts the conversation filled in."""

    kind: str
    question: str = ""
    topic: Optional[str] = None
    roles: Tuple[str, ...] = ()
    unknown: Optional[str] = None
    ranking: Tuple[Tuple[str, float], ...] = ()
    from_context: Tuple[str, ...] = ()
    #: In a comparison of two programmes, the second ("how is that different from CPD?").
    other: Optional[str] = None
    #: A term whose meaning is asked and which the pathway only names ("what does RIPA stand
    #: for?"): said back with the pathway's own sentence using it.
    term: Optional[Tuple[str, str]] = None

    @property
    def role(self) -> Optional[str]:
        return self.roles[0] if self.roles else None

    def describe(self) -> str:
        """One line for `/why`: each part of the frame, marked where the context gave it."""
        def mark(name: str, value: str) -> str:
            return f"{value} (from the conversation)" if name in self.from_context else value

        parts = [f"kind {mark('kind', self.kind)}"]
        if self.topic:
            parts.append(f"subject {mark('topic', self.topic)}"
                         + (f" and {self.other}" if self.other else ""))
        if self.roles:
            parts.append(f"role {mark('role', ' and '.join(self.roles))}")
        if self.unknown:
            parts.append(f"not in the sources: {self.unknown}")
        if self.question and self.kind not in (*CHITCHAT, ELSEWHERE, VAGUE):
            # Never the visitor's words: this line travels in the bot message's metadata,
            # which the tracker store keeps unredacted.
            parts.append("the fact asked: found in the subject's sentences" if self.kind == FACT
                         else "the fact asked: matched by the question's words")
        return ", ".join(parts)


# --- Step: read the frame from the question alone --------------------------------------------

def read_frame(content: Content, intent: str, text: str,
               ranking: Sequence[Tuple[str, float]] = (), entities: Optional[Dict[str, str]] = None,
               whole: str = "", programme_in_context: Optional[str] = None,
               told: str = "") -> Frame:
    """The frame of one question from its own words and the model's reading of it. `whole`
    is the message the question is part of (a long message's other sentences may name the
    programme it says "it" about); `told`, the message a part of it was cut from, for what the
    visitor told about themselves ("I got a caution at 15. Would that stop me?")."""
    entities = entities or {}
    ranking = tuple(ranking)
    entity_roles = _entity_roles(content, entities)
    programme = _resolve(entities.get("programme"), content.topic_aliases())
    if text.lstrip().startswith("/"):  # a button: the payload is the whole question
        return Frame(intent, "", programme, tuple(entity_roles), None, ranking)
    question = without_shape(question_part(text))
    said = taking_leave(content, question) or chitchat_said(content, question) \
        or signs_off(content, question)
    if said:  # "cheers", "ta", "k thx": nothing but thanks, whatever the model made of it
        return Frame(said, question, ranking=ranking)
    if asks_what_else(content, question) or _only_emoji(question):
        return Frame("help", question, ranking=ranking)
    greeted = _opens_with_greeting(content, question)
    if intent in (FALLBACK, "goodbye", "help", OUT_OF_SCOPE, REPORT_INTENT,
                  ASK_UNKNOWN) and not asks(question) and greeted:
        # "Good afternoon, dear. My great-grandson has asked me to find out about police work
        # for him.": a greeting and what brings them, no question yet: the greeting, which
        # says what the assistant can tell them. "Good afternoon. I hope this is the right
        # place." opens the conversation, whatever the model made of "good afternoon". "Hello
        # dear, I'm a live-in carer and the gentleman I look after has asked me to find
        # something out for his grandson." (read as a report, which the safety net has weighed)
        # "hiya lol saw ur advert on tiktok" (read as something not held)
        return Frame("greet", question, ranking=ranking)
    if intent not in CHITCHAT and (_ASKS_IF_THIS_IS_THE_PLACE.match(
            " ".join(sentences(question)[1:]) if greeted else question)
            or greeted and _ASKS_IF_THIS_IS_THE_PLACE.match(sentences(question)[-1])):
        # ("Hello. I work in NHS counter fraud ... Do you mind if I ask a few things?")
        # "Hiya!! Is this where I ask about police intelligence jobs?!" (read as a report: "is
        # this where I ..."): what the assistant can tell them, as a greeting when they greet
        greeted = greeted or _opens_with_greeting(content, whole)
        return Frame("greet" if greeted else "help", question, ranking=ranking)
    if about_elsewhere(content, question) or set_aside_from_the_pathway(content, question,
                                                                         ranking):
        if _LIKENED.search(question) and (names_scope(content, question) or _THE_JOB.search(question)):
            # "Do the intel lot work on the big gangs like in the films ...", "so is it like
            # MI6 or is that a different thing": the work set beside a picture of it from
            # elsewhere asks what the work is
            return Frame("what_is_intelligence", question, ranking=ranking)
        return Frame(ELSEWHERE, question, ranking=ranking)
    defined = definition_asked(content, question)
    if defined:  # "What does RIPA stand for?", "You said 'closed sources'. Closed to whom?"
        return Frame(UNKNOWN, question, unknown=MEANINGS, term=defined, ranking=ranking)
    term = _term_asked(content, question)
    if term:  # "what's this CVF I keep seeing?", "what does NPCC stand for?"
        kind, role = term
        return Frame(kind, question, None, (role,) if role else (), ranking=ranking)
    if _NAMES_THE_JOBS.match(_after_greeting(content, question) if greeted else question):
        # "intel jobs?", "hi, intel jobs?": which roles there are
        return Frame("roles", question, ranking=ranking)
    if _ASKS_WHICH_IS_CLOSEST.search(question) and not roles_in(content, question):
        # "I map metal theft along the line ... then I brief the transport police. Which
        # police intelligence role does that sound like?": the role whose profile holds what
        # the message tells, else the roles there are (not "which role is closest to piecing
        # things together, the researcher?", which names one)
        duty = _role_for_duty(content, whole or text)
        if duty:
            return Frame("role_details", question, None, tuple(duty), ranking=ranking)
        return Frame("roles", question, ranking=ranking)
    # (not beside a programme named: "my boss wants a one-liner on what the IPP is")
    asked_for = [] if programmes_in(content, question) else _role_asked_for(content, question)
    if asked_for:  # "who would I report to?": what that role does, not a detail with "boss"
        return Frame("role_details", "", None, tuple(asked_for), ranking=ranking)
    topic_asked = topic_asked_for(content, question, told or whole)
    if topic_asked != "roles" and _ASKS_WHICH_ROLE.search(question):
        topic_asked = None  # "which role would my CCTV experience be most useful in?"
    if topic_asked == "roles" and _asks_if_it_counts(_asking(question), whole or question):
        topic_asked = None  # "This is good for intelligence job here?" asks if it counts
    of_the_jobs = unknowns.subject_of(content, _asking(question)) if topic_asked == "roles" else None
    if of_the_jobs and not content.unknowns.subjects[of_the_jobs].about_the_visitor:
        # "any of the jobs at night?" asks about shifts, which no list of the roles says;
        # "im 17, wat jobs r there" tells the visitor's age and asks for the list
        topic_asked = None
    # "I'm a researcher. What other roles could I move into?": the role named is the visitor's
    roles = [] if _OTHER_ROLES.search(question) else roles_in(content, question) or entity_roles
    if topic_asked and not (programme or programmes_in(content, question)) \
            and (not roles or topic_asked == intent and _general(content, topic_asked)):
        # "who acts on it then?"; "what forms of information do analysts examine?", read so by
        # the model too, asks about the information, the same for every role, not what the
        # analyst does
        duty = _role_for_duty(content, question) if topic_asked == "roles" and not roles \
            and _ASKS_FOR_ONE.search(question) else []
        if duty:  # "which of the jobs is the one digging through databases?": that role
            return Frame("role_details", question, None, tuple(duty), ranking=ranking)
        return Frame(topic_asked, question, None, tuple(roles), ranking=ranking)
    if roles and _names_two(question):
        roles = roles_in(content, question, bare=True) or roles  # "analyst or officer?"
    programme = programme or next(iter(programmes_in(content, question)), None) \
        or _programme_elsewhere_in_message(content, intent, question, whole or text)
    asking = _asking(question)
    if roles and asking != question and programmes_in(content, asking) \
            and not roles_in(content, asking) and not _HOLDS_A_ROLE.search(question):
        # "I'm a DS supervising intel officers. is the fast track open to me?" asks of the fast
        # track; "I'm an analyst already. What's expected of me on CPD?" of CPD for the analyst
        roles = []
    # the programme asked about: named, in context, or the model's reading
    named = programme or programme_in_context or (intent if intent in _programmes(content) else None)
    about_programme = named is not None
    # The subject asked about is in the sentences that ask ("I'm 17, doing A levels. What's
    # the youngest you can start?" asks about age), else anywhere in the question.
    kept = _SET_ASIDE.sub(" ", question)  # "Grade aside, what would they want to see?"
    subject = unknowns.subject_of(content, _asking(kept), programme_named=about_programme) \
        or unknowns.subject_of(content, kept, programme_named=about_programme)
    if subject and _only_told(content, subject, kept):
        subject = None  # "I live in London, how do I become an analyst?" asks the way in
    if not subject and (_asks_if_it_bars(content, question) or _asks_if_it_is_accepted(question)):
        # "I got a caution when I was 15. I'm 20 now. Would that stop me getting in?"; "My
        # accountancy qualification was awarded in Kampala. Would a police force accept it?"
        subject = unknowns.subject_of(content, told or whole or text,
                                      programme_named=about_programme, about_the_visitor=True)
    elif not subject and _phrases(content.unknowns.asks_if_a_past_bars).find(analyse(question)):
        past = unknowns.subject_of(content, told or whole or text, programme_named=about_programme,
                                   about_the_visitor=True)
        subject = past if past and content.unknowns.subjects[past].a_past else None
    if subject and _background(content, subject, question):
        subject = None  # "I'm a maths teacher. How would I go about becoming an analyst?"
    if subject and _only_in_their_job(content, subject, kept):
        subject = None  # "I'm an auditor, mostly of pension schemes. How would I get in?"
    # "Would thirty years of reconciling pension records be relevant?", "my experience from
    # the border, it helps?": whether the visitor's background counts is how people get in,
    # whatever it names; not a degree or a record, which the force's pages answer
    # (a programme the model read, named nowhere, is no programme asked about: "would track
    # inspection experience count for anything?" read as the fast track)
    counts = not (programme or programme_in_context) and _asks_if_it_counts(_asking(kept), kept)
    if counts and subject and _NAMES_BACKGROUND.search(kept) and not (
            content.unknowns.subjects[subject].background
            or content.unknowns.subjects[subject].about_the_visitor):
        subject = None  # ("would my rank carry over?" asks about grades)
    if subject and named in content.unknowns.subjects[subject].answered_by:
        subject = None  # "is CPD mandatory?": CPD's content says you must commit to it
    if not _asks_where_from(question):
        # "how's that different from the officer?" asks no source, whatever the model read:
        # no later step takes that reading back
        ranking = tuple(r for r in ranking if r[0] != "ask_source")
    if intent in _SAID_ONLY and asks(question) and (
            roles or programme or not _says_any_chitchat(content, question)) \
            or intent == "help" and (roles or programme):  # "what's the supervisor answerable for"
        # "Hi can you tell me about the intelligent analyst roll?": a greeting that names a
        # role or a programme asks about it. "ok what even is it then" read as a greeting
        # ("even" is much of "evening") holds no greeting at all: it asks.
        intent, ranking = FALLBACK, tuple(r for r in ranking if r[0] not in CHITCHAT)
    frame = Frame(intent, question, programme, tuple(roles), subject, ranking)
    if roles and not (subject or programme) and _ASKS_IF_IT_EXISTS.search(question):
        # "is there such a thing as an intelligence researcher?": what that role is
        return replace(frame, kind="role_details")
    if not (roles or programme or subject) and _ASKS_A_SUM.search(question):
        return replace(frame, kind=OUT_OF_SCOPE)  # "what is fifteen per cent of 42,000?"
    if subject or _unknown_reading(content, frame) and not counts:
        return replace(frame, kind=UNKNOWN)
    if counts:
        return replace(frame, kind="entry_routes")
    if not (roles or programme) and intent not in (*CHITCHAT, *CONTEXT_KINDS) \
            and _says_nothing(question):
        return replace(frame, kind=VAGUE)  # "tell me stuff", "??"
    if _WHY.match(question):
        return replace(frame, kind="more_details")  # "why?", "how come?": say more of it
    if _asks_for_source(question):
        return replace(frame, kind="ask_source")  # "source?"
    frame = replace(frame, kind=_kind(content, frame))
    if frame.kind == "entry_routes" and not roles and _GETS_TO_DO.search(question) \
            and not has_cue(content, "entry_routes", question):
        # "would I get to work on cybercrime?": what the work takes in, not a way into it
        frame = replace(frame, kind="what_is_intelligence")
    if not roles and (frame.kind in ("roles", "role_details", FALLBACK)
                      or _ASKS_WHICH_ROLE.search(question)
                      and not has_cue(content, "entry_routes", question)):
        # ("which role is the entry level one?" asks how people get in, not for a duty)
        # "which of them leads a team?", "which role would analyse that kind of pattern?":
        # the words ask for a role, whatever else the model read in them
        # (not "what does the job actually involve?", whose role the conversation names)
        duty = _role_for_duty(content, question, of_a_role=frame.kind == "role_details"
                              and not _REFERS_BACK.search(question)
                              and not _THE_JOB_ITSELF.search(question))
        if duty:
            frame = replace(frame, kind="role_details", roles=tuple(duty))
        elif not programme and _ASKS_WHICH_ROLE.search(question) and (
                frame.kind in _WHICH_ROLE_KINDS or frame.kind in content.topics
                and not has_cue(content, frame.kind, question)):
            # "which role would suit a criminology graduate?": no duty names one, so the roles
            # there are, to choose from; not what suits intelligence work in general
            # ("which roles work with partner agencies?" keeps its words: each role's part).
            # So too for a reading the words give no cue for: "Which intel role would go
            # through money trails like that?" read as training
            frame = replace(frame, kind="roles",
                            question=question if len(roles_holding(content, question)) >= 2 else "")
    return frame


#: A sum to work out ("unrelated: 2^20?", "what is fifteen per cent of 42,000?"): nothing the
#: pathway holds, not something it does not hold.
_ASKS_A_SUM = re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"fifty|hundred)\b)\s*(?:[+*x\u00d7^%]|plus|minus|times|multiplied by|divided by|"
    r"per ?cent of|percent of|squared|cubed|to the power of)\s*(?:of\s+)?\d", re.IGNORECASE)


#: Asking whether this is the place for their questions, not asking one yet.
_ASKS_IF_THIS_IS_THE_PLACE = re.compile(
    r"^(?:(?:yo|oi|ey|so|ok)\W+)?(?:is|r)\s+(?:this|it|here)\s+(?:where|the (?:right )?place|"
    r"the right (?:chat|page|site)|the (?:\w+\s+){0,3}(?:thing|thingy|thingie|bot|chat|chatbot|page|"
    # "yo is this the police intel page or what"
    r"site|service)(?:\s+(?:or what|or not|yeah|right|then))?\s*[?!.]*$)|"
    r"^am i in the right place|^(?:can|do) i ask (?:you )?(?:questions|things|stuff) here|"
    # "um hi. sorry. is it ok to ask about jobs on here"
    r"^(?:is it|is that) (?:ok|okay|alright|all right) (?:to|if i) ask (?:about \w+ )?(?:on )?here\b|"
    # "I'm asking on behalf of my daughter, I hope that's all right?"
    r"^i'?m asking (?:on behalf of|for) [^.?!,]*,?\s*(?:i )?hope (?:that's|thats|that is|this is|it's|"
    r"its) (?:ok|okay|alright|all right|fine)\W*$|"
    # "Do you mind if I ask a few things?" (blind set AZ)
    r"^(?:do you mind if|would you mind if|mind if|is it ok if|can|could|may) i ask (?:you )?"
    r"(?:a (?:few|couple of|couple)|some) (?:questions|things|qs)\W*$",
    re.IGNORECASE)

#: Asking for one of the roles ("which of the jobs is the one ...?"), not for all of them.
_ASKS_FOR_ONE = re.compile(r"\b(?:the one|which one|which of|wich of|which (?:(?:intel|intelligence|"
                           r"police) )?(?:role|job|position)\b(?!s))", re.IGNORECASE)

#: Asking which role is nearest to what the visitor does or told: "which police intelligence
#: role is closest to that?", "which role does that sound like?".
_ASKS_WHICH_IS_CLOSEST = re.compile(
    r"\b(?:which|what|wich)\b[^?.!]{0,40}?\b(?:role|job|position|post)s?\b[^?.!]{0,30}?\b(?:closest|"
    r"nearest|most like|most similar|sounds? like|sound most like|is most like|matches|"
    r"lines up with|comes closest|"
    # "which job is like mine?", not "what a day in the job is like" (blind set BQ)
    r"is like\s+(?:a|an|the|my|mine|what|that|this))\b", re.IGNORECASE)

#: Asking for roles other than the one named.
_OTHER_ROLES = re.compile(r"\b(other|different|another)\s+(roles?|jobs?|positions?|posts?)\b|"
                          r"\b(roles?|jobs?|positions?|posts?)\s+(?:(?:sit|sits|are|is|come|comes)\s+)?"
                          r"(?:above|beyond|after|higher than|next to)\b", re.IGNORECASE)

#: One job pointed back to ("this job", "that role").
_THIS_JOB = re.compile(r"\b(?:this|that)\s+(?:job|role|post|position)\b(?!s)", re.IGNORECASE)
#: "What is it" and nothing more: what the thing named before it is ("and the supervisor one -
#: what is it exactly, and would I need the IPP first?", blind set BR).
_WHAT_IS_IT = re.compile(r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:what(?:'s|s| is)|wat is|whats)\s+"
                         r"(?:it|that|this|that one|this one)(?:\s+(?:exactly|then|actually|again))?\W*$",
                         re.IGNORECASE)

#: The visitor saying they hold an intelligence role: "as a researcher", "I'm an analyst
#: already", "i'm an intel researcher" (not "I'm a police officer", nor "I'm a DS supervising
#: intel officers").
_HOLDS_A_ROLE = re.compile(r"\b(?:i'?m|im|i am|i work as|as)\s+(?:an?\s+)?(?:[\w-]+\s+)?"
                           r"(?:intel(?:ligence)?\s+)?(?:analyst|researcher|supervisor)\b|"
                           r"\b(?:i'?m|im|i am|i work as|as)\s+an?\s+(?:[\w-]+\s+)?"
                           r"intel(?:ligence)?\s+officer\b", re.IGNORECASE)
#: The visitor saying which intelligence role they want: "the researcher role caught my eye",
#: "I want to become an analyst", "interested in the officer job".
_WANTS_A_ROLE = re.compile(
    r"\b(?:intel(?:ligence)?\s+)?(?:analyst|researcher|supervisor|officer)\s+(?:role|job|post|one)\s+"
    r"(?:caught my eye|appeals|interests me|sounds good)|"
    r"\b(?:want|wanna|would like|'d like|hoping|hope|planning|aiming)\s+to\s+(?:be|become|go for|"
    r"apply for|get into)\s+(?:an?\s+|the\s+)?(?:intel(?:ligence)?\s+)?(?:analyst|researcher|supervisor|"
    r"officer)\b|"
    r"\binterested in\s+(?:the\s+|being\s+an?\s+|becoming\s+an?\s+)?(?:intel(?:ligence)?\s+)?"
    r"(?:analyst|researcher|supervisor|officer)\b", re.IGNORECASE)
#: A question the visitor asks of themselves.
_OF_THEMSELVES = re.compile(r"\b(?:i|i'm|im|i'd|me|my)\b", re.IGNORECASE)


#: Readings a "which role ...?" question that no duty settles is answered with the roles for.
_WHICH_ROLE_KINDS = ("suitability", "day_to_day", "role_details", "what_is_intelligence", FALLBACK,
                     ASK_UNKNOWN)


#: A question asking which of two: "Which is closer to what I'd be good at?", "which would suit me".
_WHICH_OF_THE_TWO = re.compile(r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:which|wich)\s+(?:one\s+)?"
                               r"(?:is|would|suits?|fits?|should|could|do|does|of the two)\b", re.IGNORECASE)


def role_named_in_message(content: Content, frame: Frame, message: str) -> Frame:
    """A question about "the job" that names no role, in a message that names one elsewhere
    ("she wants to be an analyst ... what does the job involve?"): that role, not "which
    role?". A question about what a role does that names one by its last word ("and the
    officer, do they talk to people outside the police?") asks about that role."""
    if len(frame.roles) < 2 and _WHICH_OF_THE_TWO.match(frame.question):
        # "Analyst or researcher. Which is closer to what I'd be good at?": the two the message
        # names, side by side
        named = roles_in(content, message, bare=True)
        if len(named) == 2 and not roles_in(content, frame.question, bare=True):
            return replace(frame, roles=tuple(named))
    if not frame.roles and (frame.kind == "roles" and _THIS_JOB.search(frame.question)
                            or _WHAT_IS_IT.match(frame.question)):
        # "My nephew say police have intelligence officer job. Please what is this job": the
        # one job the message names, not the list of them (and "what is it exactly" after one)
        named = roles_in(content, message)
        return replace(frame, kind="role_details", roles=tuple(named)) if len(named) == 1 else frame
    held = (_HOLDS_A_ROLE.search(message) or _WANTS_A_ROLE.search(message)) \
        if not frame.roles and frame.kind in ROLE_KINDS else None
    if held and _OF_THEMSELVES.search(frame.question):
        # "3 wks into the FIB as a researcher ... what are the key skills I should be
        # showing?": the role the visitor holds (or wants: "the researcher role caught my eye.
        # Which of my skills might carry over?"), asked of themselves, the one role the
        # message names ("I'm an analyst and want to supervise" names two)
        named = roles_in(content, held.group(0), bare=True)
        if len(named) == 1 and len(roles_in(content, message, bare=True)) == 1:
            return replace(frame, roles=tuple(named))
    refers = [m.group(1).lower() for m in _REFERS_TO_ROLE.finditer(frame.question)]
    if frame.topic in _programmes(content):
        # "... handle requests from researchers ... What does CPD mean in police intelligence,
        # and is it actually required of people?": "it" is the programme
        refers = [r for r in refers if r not in ("it", "that", "this")]
    if frame.roles or not (frame.kind == "role_details" or frame.kind in ROLE_KINDS and refers):
        return frame  # "... research roles. Where can I read the official role profile?"
    named = roles_in(content, without_other_jobs(message)) or (
        roles_in(content, frame.question, bare=True) if frame.kind == "role_details" else [])
    return replace(frame, roles=tuple(named)) if len(named) == 1 else frame


#: The visitor's own job, or one they held, named like a role: "I was a baggage handling
#: shift supervisor at the airport", "I work as a data analyst for a bank".
_HAD_A_JOB = re.compile(r"\b(?:i'?m|im|i am|i was|i'?ve been|i have been|i worked as|i work as|"
                        r"working as|worked as)\s+(?:an?\s+)?"
                        # (not "I'm also interested in analyst roles", blind set P)
                        r"(?:(?!(?:interested|keen|want|wanting|hoping|thinking|looking|considering|"
                        r"applying|curious|into|becoming)\b)[\w-]+\s+){0,4}?"
                        r"(?:analyst|researcher|supervisor|officer)s?\b(?:\W+\w+){0,5}", re.IGNORECASE)


def without_other_jobs(message: str) -> str:
    """`message` without the jobs the visitor tells they hold or held outside intelligence
    work (blind set CC: "I was a baggage handling shift supervisor at the airport ... Is that
    realistic for someone who's been out of work?" asks of no intelligence supervisor); "I'm a
    researcher in the FIB" stays."""
    return _HAD_A_JOB.sub(lambda m: m.group(0) if INTELLIGENCE_WORK.search(m.group(0)) else " ",
                          message)


def _kind(content: Content, frame: Frame) -> str:
    """The kind of question. The model's reading, except where the words say more: a kind's
    cue ("office based", "suit me") decides when the model's reading names no kind of its own
    (a general topic, an unsure or out-of-scope reading, chit-chat); a cue of getting in ("how
    do I become", "where do I start"), the question's own verb, also decides over another
    kind whose cue the question lacks; a named programme is the subject of a
    reading that is not the programme's own (see `_asked_of_a_programme`); a reading that
    declines a question naming something in scope gives way to the model's best answer."""
    intent, question, roles, programme = frame.kind, frame.question, frame.roles, frame.topic
    # (a cue in a sentence that only tells is none: "Very Interesting. Is There A Website I
    # Can Read About It"; but "fancy coming back as civilian intel staff. is that a thing?"
    # and "... a career change into police intelligence ... is that realistic or am i kidding
    # myself" ask of what they tell)
    best = next((k for k, _ in frame.ranking if k != FALLBACK), None)
    if intent == FALLBACK and best == "ask_source" and question and asks_where_you_get_it(question):
        # the model unsure, but leaning to a source, and the words ask for one (blind set CE's
        # first look: "Good morning. Before I consider anything, please state your sources.")
        intent = best
    asking = _asking(question)
    cued = cued_kind(content, question if len(asking.split()) < MIN_QUESTION_WORDS
                     or _POINTS_BACK.search(asking) else asking)
    if intent == "more_details" and cued and _ONCE_MORE.search(question):
        # "Could you give me the skills once more as a short list, please?": the skills again,
        # not more of the role talked of
        return cued
    if intent == "ask_source" and question and (not _asks_where_from(question)
                                                or cued == "entry_routes"):
        # "is that the kind of thing that counts as intelligence?" asks no source, nor "is that
        # the kind of background police intelligence takes people from?" (where people come
        # from is the ways in): the model's next reading that answers something, else unsure
        # (or what the words ask for by name: "What does the College actually say the roles
        # are?", read as a source at 0.55)
        # (or the follow-up its words ask that the model also saw: "Is that the one that takes
        # five years?", read as a source at 0.98 and a duration after it, blind set CB's first
        # look; not "would end up in front of an analyst", whose readings hold no outcome)
        intent = next((k for k, confidence in frame.ranking if k not in NOT_ANSWERS
                       and k not in CHITCHAT and k != "ask_source" and confidence >= RUNNER_UP),
                      None) or topic_asked_for(content, question) \
            or _follow_up_also_read(content, frame) or FALLBACK
    if intent == "more_details" and not (roles or programme) and question \
            and _asked_for_as(content, analyse(question))[0] == "resources":
        return "resources"  # "wher do i look for more": where to read more, not more of it
    # A follow-up reading ("can they ...?") the question's words do not ask is no kind of its
    # own either: "also is it office based" is about where they work. Nor is "tell me more"
    # when the words ask how to get in ("ok so how would a reservoir keeper get in at all?").
    general = _general(content, intent) or (intent in FOLLOW_UPS and not _asks_follow_up(
        content, question, intent)) or (intent == "more_details" and (
            cued == "entry_routes" or cued and not _ASKS_FOR_MORE.search(question)))
    if general and intent in content.topics and question \
            and _asked_for_as(content, analyse(_asking(question)))[0] == intent:
        # "are there case studies of people who moved from CID into intelligence?": the words
        # name what the model read (career stories), whatever way in they also tell
        general = False
    if roles and not programme and (_asks_what_it_involves(question) or _ITS_DUTIES.search(question)
                                    or intent == ASK_UNKNOWN
                                    and _WHAT_A_ROLE_DOES.search(question)):
        # "she wants to be an analyst, what would she actually do?", "Is that close to what
        # an intelligence researcher does?" (read as something not held)
        return "role_details"
    # a cue of getting in said only before the question ("I've been thinking about a career
    # change: what does an officer do?") is no cue of what is asked
    if cued == "entry_routes" and not has_cue(content, cued, asked_only(question)):
        cued = None
    if cued and not programme and (general or cued == "entry_routes" and intent in ROLE_KINDS
                                   and not has_cue(content, intent, question)):
        # "do researchers sit in an office?" is about where they work; "I'd love to be an
        # analyst, how do I go about it?" is about getting in, "what skills do I need to
        # become one?" about skills.
        return cued
    if cued and not programme and cued != intent and _confidence(frame) < UNSURE_OF_KIND \
            and intent in content.topics and not has_cue(content, intent, question) \
            and any(k == cued and c >= CUED_RUNNER_UP for k, c in frame.ranking):
        # "do intel officers go out on jobs or stay inside", read as CPD at 0.45 with where
        # they work next: the words say where they work, and the model half agrees
        return cued
    if intent == "entry_routes" and roles and not has_cue(content, "entry_routes", question):
        return "role_details"  # "do researchers look into fraud?" is not about getting in
    if programme and intent == programme and not roles:
        # "what does the IPP lead to?", read as the IPP: the follow-up its words ask
        asked = follow_up_asked(content, question, programme, intent)
        if asked:
            return asked
    if programme and (not roles and not _asked_of_a_programme(content, intent)
                      or roles and intent in ROLE_KINDS and programme in ROLE_KINDS
                      # "does the IPP cover researchers as well as analysts?": the programme
                      # for both, not the two roles side by side
                      or len(roles) >= 2 and intent == "role_details"):
        # "My manager keeps bringing up the IPP. What does it involve?": the programme's
        # answer, or the follow-up the model saw in the question ("how long ...").
        return follow_up_asked(content, question, programme, intent) or next(
            (k for k, confidence in frame.ranking if k in FOLLOW_UPS and confidence >= RUNNER_UP),
            programme)
    in_scope = roles or programme or (intent == REPORT_INTENT and (
        names_scope(content, question) or _runner_up(frame) >= RUNNER_UP))
    if intent == OUT_OF_SCOPE and not in_scope and names_scope(content, question) \
            and asks(question) and len(sentences(question)) == 1:
        # "do prisons have their own intel teams?": about policing, but nothing the content
        # holds; an honest "I don't hold that", with where to ask, not "outside what I cover"
        return UNKNOWN
    if intent not in NOT_ANSWERS or not in_scope:
        return intent
    return next((k for k, _ in frame.ranking if k not in NOT_ANSWERS and k not in CHITCHAT),
                "role_details" if roles else programme or intent)


#: The work likened to something seen elsewhere (blind set BT's first look): "like in the
#: films", "is it like MI6 or is that a different thing", "is intel basically ...".
_LIKENED = re.compile(
    r"\b(?:is|are|isn't|isnt)\s+(?:it|that|this|they|police intelligence|intelligence|intel|the work|the job)"
    r"\s+(?:\w+\s+){0,2}?like\b|\blike (?:on|in) (?:the )?(?:tv|telly|television|films?|movies?)\b|"
    r"\bis that a real job\b|\bis (?:it|that) a (?:completely )?different (?:thing|world)\b", re.IGNORECASE)


#: Asking for something again, not for more of it.
_ONCE_MORE = re.compile(r"\b(?:once more|one more time|again)\b", re.IGNORECASE)


def _asks_what_it_involves(question: str) -> bool:
    """Whether a piece of the question asks what the subject does: "she wants to be an
    analyst, what would she actually do?"."""
    return any(_WHAT_IT_INVOLVES.search(piece) and not _GETTING_THERE.search(piece)
               for piece in pieces(question))


#: "what's involved in getting there?" asks what it takes to get in.
_GETTING_THERE = re.compile(r"\b(getting|becoming|become|get there|get in|applying|joining)\b",
                            re.IGNORECASE)


def _asking(question: str) -> str:
    """The sentences of a question that ask, or all of it when none does on its own."""
    asking = [s for s in sentences(question) if asks(s)]
    return " ".join(asking) if asking else question


def _follow_up_also_read(content: Content, frame: Frame) -> Optional[str]:
    """The follow-up the question's words cue, when it is among the model's three best
    readings too; else None."""
    follow_up = cued_follow_up(content, frame.question)
    return follow_up if follow_up and any(k == follow_up for k, _ in frame.ranking[:3]) else None


def _asked_of_a_programme(content: Content, intent: str) -> bool:
    """Whether a reading is one a programme answers as it is: a programme, a follow-up
    ("how long ..."), "tell me more", "where is that from", or chit-chat. Any other reading of
    a question that names a programme and no role is about the programme."""
    return intent in _programmes(content) or intent in CONTEXT_KINDS or intent in CHITCHAT


def _general(content: Content, intent: str) -> bool:
    """Whether a reading names no kind of question of its own: a topic that is neither said
    for a role (`for_role`) nor a programme, a reading that declines, or chit-chat."""
    if intent in content.topics:
        topic = content.topics[intent]
        return not (topic.for_role or topic.for_role_is or topic.aliases)
    return intent in NOT_ANSWERS or intent in CHITCHAT


def _unknown_reading(content: Content, frame: Frame) -> bool:
    """The model's ask_unknown, trusted when it is sure or no role is named, and never when a
    programme is named (whose content may answer it) or the words cue a kind."""
    if frame.kind != ASK_UNKNOWN or frame.topic:
        return False
    if cued_kind(content, frame.question, with_entry=True):
        return False  # "what do I need to do to land a job?", "what skills do they look for?"
    if _ASKS_WHICH_ROLE.search(frame.question):
        return False  # "which of the roles would fit someone who ...?": the roles answer it
    if frame.roles and (_WHAT_A_ROLE_DOES.search(frame.question) or _asks_what_it_involves(frame.question)):
        # "Is that close to what an intelligence researcher does?": its profile; so too "If I
        # went for a researcher post first, what would the work actually be?"
        return False
    return _confidence(frame) >= UNKNOWN_SURE or not frame.roles


#: A role's duties asked for: "For the researcher, please list its tasks as bullet points."
_ITS_DUTIES = re.compile(r"\b(?:its|their|his|her|the)\s+(?:main\s+|key\s+|day-to-day\s+)?"
                         r"(?:tasks|duties|responsibilities)\b", re.IGNORECASE)
#: Asking what a role named does: "what an intelligence researcher does", "what do analysts do".
_WHAT_A_ROLE_DOES = re.compile(r"\bwhat\s+(?:an?\s+|the\s+)?(?:intel(?:ligence)?\s+)?"
                               r"(?:analysts?|researchers?|officers?|supervisors?)\s+"
                               r"(?:does|do|actually does|actually do|is for)\b", re.IGNORECASE)


# --- Step: fill what the question leaves open from the conversation ---------------------------

def fill_from_context(content: Content, frame: Frame, context: Context, intent: str = "",
                      text: str = "", entities: Optional[Dict[str, str]] = None,
                      told: str = "") -> Frame:
    """Fill the parts of the frame the question leaves open from the conversation, and only
    those; a frame complete on its own is returned as it is. `intent`, `text` and `entities`
    are the question as the model read it, for a question that reads differently once a
    programme is in context ("how much does it cost?" after the IPP)."""
    question, kind = frame.question, frame.kind
    if kind == "help" and context.topic in content.topics \
            and not str(context.kind or "").startswith(UNKNOWN) \
            and _WHAT_ELSE.search(question) and not _WHAT_ELSE_YOU_DO.search(question) \
            and all(only_filler(piece) for piece in pieces(told or question)[:-1]):
        # "what else?", "ugh. ok. anything else I should know?" right after an answer on a
        # topic: more of it, or when it holds no more, the next thing worth knowing from there
        # (the help's list of everything when nothing was answered, after something not held,
        # or after other words: "Sorry, I lost my thread. What else is there?")
        topic = content.topics[context.topic]
        roles = (context.role,) if context.role and context.topic == "role_details" else ()
        if topic.details or roles:
            return replace(frame, kind="more_details", topic=context.topic, roles=roles,
                           from_context=("topic", "role") if roles else ("topic",))
        if topic.next:
            return replace(frame, kind=topic.next[0], from_context=("topic",))
    examples = content.topics[context.topic].examples_in if context.topic in content.topics else None
    if examples and question and _asks_for_examples(question) and not (frame.roles or frame.unknown):
        # "like what tho", "Which information? Example please." right after what intelligence
        # work is (blind sets CA and CC's first looks): the examples the content gives of it
        return replace(frame, kind=examples, topic=None, from_context=("topic",))
    if kind in _SAID_ONLY and question and (chitchat_said(content, question)
                                            or signs_off(content, question)):
        return frame  # "So not for me then. Thanks anyway": thanks, whatever came before
    if question and _term_asked(content, question):
        return frame  # "what's this CVF I keep seeing?" after the officer: the term, for every role
    asked = unknown_in_context(content, context.kind)
    # (or in a first sentence that asks: "So is that a yes or a no? I can't write 'it depends'
    # on a poster.")
    first = sentences(question)[0] if question else ""
    asked_again = question if len(tokens(question)) <= SHORT_ASKED_AGAIN else \
        first if len(tokens(first)) <= SHORT_TURN and first.rstrip().endswith("?") else ""
    # (not a turn that names what it asks: "Please list the roles and, for each, one line on
    # its purpose", blind set BR's first look)
    again = bool(asked_again) and not (frame.roles or frame.topic or frame.unknown) \
        and bool(_ASKS_AGAIN.search(asked_again)) and not cued_kind(content, asked_again) \
        and not topic_asked_for(content, asked_again) and not _EVERY_ROLE.search(asked_again)
    if question and context.topic in content.topics and (
            _LOST.match(question) or again and not asked):
        # "wait what", "huh?" right after an answer, whatever the model read in two words, or
        # "say that simpler", "that doesn't answer it": that answer again
        roles = (context.role,) if context.role and context.topic == "role_details" else ()
        # (the shape it is asked in chooses no fact: "explain it like I'm 12" is not the
        # sentence holding "12 to 18 months")
        return replace(frame, kind=context.topic, topic=None, roles=roles, unknown=None,
                       question=without_shape(frame.question, whole_if_short=False),
                       from_context=("topic", "role") if roles else ("topic",))
    if _programme_answers_it(content, frame, context):
        # "Who decides whether a force takes part?" after the fast track, read as intelligence
        # units at 0.54: the programme talked of says it, the topic the model guessed does not
        return replace(frame, kind=context.programme, from_context=("topic",))
    if asked and question and not (frame.roles or frame.topic or frame.unknown) \
            and len(tokens(question)) <= SHORT_TURN and (_PRESSES.search(question) or again):
        # "cmon just guess a number" after pay: still not held, whatever the visitor tries
        return replace(frame, kind=UNKNOWN, unknown=asked, from_context=("kind",))
    if asked and question and kind not in CHITCHAT and _names_only(question) \
            and not _says_more_than_names(content, question):
        # "and the supervisor?" after "what does a researcher earn?": the same unknown again
        # (not "is CPD compulsory?" after pay: it asks something of CPD)
        roles = frame.roles or tuple(roles_in(content, question, bare=True))
        if roles or frame.topic:
            return replace(frame, kind=UNKNOWN, unknown=asked, roles=roles, from_context=("kind",))
    if not frame.roles and context.topic == "roles" and not context.role \
            and _WHICH_OF_THEM.search(question or ""):
        # "which of those suits me" right after the list of roles: a role, by what the question
        # asks it to do, else the roles again
        duty = _role_for_duty(content, question)
        return replace(frame, kind="role_details" if duty else "roles", roles=tuple(duty),
                       from_context=("topic",))
    placed = _role_by_place(content, frame, context)
    if placed:  # "The second one. Would my interview experience carry over?"
        # a pointer alone ("the 2nd"), or with a question the model could not place or read
        # as what a programme gives ("The second one, what does it actually produce at the
        # end?"), asks what that role does
        kind = "role_details" if frame.kind in _OF_THE_ROLE_PLACED or _names_only(question) \
            else frame.kind
        frame = replace(frame, kind=kind, roles=(placed,), from_context=("role",))
    compared = _the_two_roles(content, frame, context) or \
        _the_two_programmes(content, frame, context)
    if compared:
        return compared
    if question and context.role in content.roles and not (frame.topic or frame.unknown) \
            and (not frame.roles and _asks_difference(question) or len(frame.roles) == 1
                 and frame.roles[0] != context.role and _SETS_AGAINST_ONE.search(question)):
        # ("how does that differ from the analyst post advertised alongside it?" names one)
        # "how's that different from the officer?" after the supervisor: a bare "officer"
        # is the intelligence officer here
        other = [r for r in roles_in(content, question, bare=True) if r != context.role]
        if len(other) == 1:
            return replace(frame, kind="compare", roles=(context.role, other[0]),
                           from_context=("role",))
    topic = context.topic if context.topic in content.topics else None
    role = context.role if context.role in content.roles else None
    named_here = None  # the subject the question's own words name, which is not context
    if kind in FOLLOW_UPS and not frame.topic and question:
        # "how long is the training?": the follow-up of the topic the words name, or name by
        # what it does ("how long does it take to get qualified in intelligence?": the IPP)
        named_here = (cued_kind(content, question, with_entry=False)
                      if len(tokens(question)) <= SHORT_TURN else None) \
            or _asked_for_as(content, analyse(question))[0] \
            or programme_by_its_words(content, question, topic)
        topic = named_here or topic
    if kind in FOLLOW_UPS and not frame.topic and topic and question \
            and FOLLOW_UPS[kind] not in content.topics[topic].follow_ups:
        cued = cued_kind(content, question)
        if cued and cued != topic:  # "... whether you have to be a police officer" after the day's work
            return replace(frame, kind=cued)
    if kind == "entry_routes" and not (frame.topic or frame.roles) and topic and question \
            and content.topics[topic].aliases and "eligibility" in content.topics[topic].follow_ups \
            and (len(tokens(question)) <= CONDITION_WORDS and _A_CONDITION.search(question)
                 or len(tokens(question)) <= DOING_IT_WORDS and _DOING_IT.search(question)) \
            and not INTELLIGENCE_WORK.search(question):
        # "so I'd have to be a police officer first?", "can i do that straight out of school"
        # after the fast track: who the programme is for, not the ways into intelligence
        return replace(frame, kind="ask_eligibility", topic=topic, from_context=("topic",))
    if topic is None and not frame.topic and _asks_who_can_do_intelligence(frame):
        # "is intelligence analysis open to teachers?" with nothing in context: who can get
        # into intelligence work
        from_role = bool(role) and not frame.roles
        return replace(frame, kind="ask_eligibility", topic="entry_routes",
                       roles=(role,) if from_role else frame.roles,
                       from_context=("role",) if from_role else ())
    if topic is None and not (frame.topic or frame.roles) and question \
            and (kind in (FALLBACK, OUT_OF_SCOPE) or kind == UNKNOWN and not frame.unknown) \
            and _THE_JOB.search(question) and not any(
                k not in NOT_ANSWERS and k not in CHITCHAT and confidence >= RUNNER_UP
                for k, confidence in frame.ranking):
        # Context before "I don't know" with no subject yet and no other reading of the
        # model's: "the job" is the work itself ("ok rang them. back to the job thing, does
        # it involve numbers")
        found = _fact_of_the_work(content, frame, role)
        if found:
            return found
    if topic is None and not (frame.topic or frame.roles) and question \
            and _WHAT_IS_IT.search(question) and told and told != question \
            and INTELLIGENCE_WORK.search(told):
        # "i keep hearing about police intelligence. what even is it xx": with nothing in
        # context, "it" is the intelligence work the message names
        return replace(frame, kind="what_is_intelligence", topic=None)
    if topic is None and not (frame.topic or frame.roles) and kind == "more_details" \
            and told and INTELLIGENCE_WORK.search(told):
        # "intelligence jobs. tell me more" with nothing in context: more of the work itself
        return replace(frame, kind="what_is_intelligence", topic=None)
    if topic is None:  # only a role so far ("what does an analyst earn?"), or nothing
        return _role_from_context(frame, role)
    if question and (content.topics[topic].aliases or topic == "what_is_intelligence") \
            and not (frame.topic or frame.roles) and _WHAT_IS_IT.search(question):
        # after the IPP; "ok so what IS it for then?" after what intelligence is
        return replace(frame, kind=topic, topic=topic if content.topics[topic].aliases else None,
                       from_context=("topic",))
    if question and content.topics[topic].aliases and kind != topic and kind in _programmes(content) \
            and not (frame.topic or frame.roles) and _REFERS_TO_IT.search(question) \
            and not _NAMES_A_PROGRAMME.search(question) \
            and not has_cue(content, kind, question) and not _asked_for_as(content, analyse(question))[0]:
        # "what's the point of it then, in a line" after the fast track, read as the IPP: the
        # words name no programme, and "it" is the one the conversation is about
        return replace(frame, kind=topic, topic=topic, from_context=("topic",))
    if question and role and not (frame.topic or frame.roles) and not content.topics[topic].aliases \
            and _WHAT_IT_INVOLVES.search(question):
        # "could I become a researcher, what does it involve?": what the role does
        return replace(frame, kind="role_details", roles=(role,), from_context=("role",))
    if kind == UNKNOWN and frame.unknown and not frame.topic \
            and topic in content.unknowns.subjects[frame.unknown].answered_by:
        # "is it compulsory?" after CPD: CPD's content says so
        return replace(frame, kind=topic, topic=topic, unknown=None, from_context=("topic",))
    if kind == UNKNOWN and frame.unknown and not frame.topic and content.topics[topic].aliases \
            and text:
        reread = read_frame(content, intent, text, frame.ranking, entities,
                            programme_in_context=topic, told=told)
        # (a role named is not the programme: "pay for the supervisor?" after the IPP)
        if reread.unknown != frame.unknown and not (frame.roles and reread.kind == topic):
            frame, kind = reread, reread.kind  # the programme's content may answer it
        elif _REFERS_TO_IT.search(question):
            # "could a 61-year-old clockmaker apply for it?" after the fast track: not held,
            # and what the content says of who the programme is for
            return replace(frame, topic=topic, from_context=("topic",))
    if kind == VAGUE:
        frame, kind = replace(frame, kind=intent or FALLBACK), intent or FALLBACK
    if kind == FALLBACK and frame.ranking and frame.ranking[0][0] in CONTEXT_KINDS and not (
            frame.ranking[0][0] == "ask_source" and question and not _asks_where_from(question)):
        kind = frame.ranking[0][0]  # an unsure "how do I get on it?" after a topic
        frame = replace(frame, kind=kind, from_context=("topic",))
    if not frame.roles and (kind in FOLLOW_UPS or kind in NOT_ANSWERS or kind == topic
                            or kind == UNKNOWN and not frame.unknown
                            or _unsure_uncued(content, frame)):
        # "when does it open?" after the fast track, read as "can I ...?" or as unsure: the
        # follow-up its words ask, when the subject holds one
        asked = follow_up_asked(content, question, frame.topic or topic, kind)
        if asked and asked != kind:
            frame, kind = replace(frame, kind=asked), asked
    if question and role and not frame.roles and (_names_only(question)
                                                  or _opens_with_another_role(content, question, role)):
        bare = roles_in(content, question, bare=True)
        if bare:  # "and for the officer?": a bare "officer" is the intelligence officer here
            frame = replace(frame, roles=tuple(bare))
            frame = replace(frame, kind=_kind(content, replace(frame, kind=intent or kind)))
            kind = frame.kind
    if question and len(frame.roles) == 1 and not (frame.topic or frame.unknown) and _names_only(question) \
            and topic in ROLE_KINDS:
        return replace(frame, kind=topic, from_context=("kind",))  # "and for the officer?"
    if question and not frame.roles and frame.topic and _names_only(question) \
            and _SAME_AGAIN.search(question) and context.kind in FOLLOW_UPS \
            and not _says_more_than_names(content, question):
        # "and the fast track?", not "is ipp for managers too" (who it is for)
        return replace(frame, kind=context.kind, from_context=("kind",))
    if kind == UNKNOWN and frame.unknown and not frame.roles and role:
        # "what does that one pay?" after the researcher: pay for the researcher role
        return replace(frame, roles=(role,), from_context=("role",))
    if kind in (OUT_OF_SCOPE, ELSEWHERE) and not (frame.roles or frame.topic) \
            and _confidence(frame) < UNSURE and asks(question) \
            and _phrases(content.unknowns.asks_required).find(analyse(question)) \
            and not (names_scope(content, question) or cued_kind(content, question)
                     or _fact_frame(content, frame, topic, role)):
        # "do you need a driving licence?", which the model cannot place, in a conversation
        # about the pathway: something the job may require that the sources do not hold
        return replace(frame, kind=UNKNOWN, from_context=("topic",))
    reads_nothing = kind in (FALLBACK, OUT_OF_SCOPE, REPORT_INTENT) or \
        kind == UNKNOWN and not (frame.unknown or frame.roles or frame.topic)
    # ("can paramedics even do it?" names another job, but asks of the subject in context)
    # ("could I do it while I'm still at my accountancy firm?" after the IPP names another job
    # as where the visitor is now, and asks of "it")
    follow_up = cued_follow_up(content, question) \
        if (reads_nothing or kind in CHITCHAT or kind == ELSEWHERE) \
        and not (frame.roles or frame.topic) and (len(tokens(question)) <= SHORT_TURN or (
            kind == ELSEWHERE and topic and _REFERS_TO_IT.search(question)
            and not unknowns.subject_of(content, question))) else None
    if follow_up:
        # "can specials even do it?" after the IPP, whatever the model took it for: a
        # follow-up, by its own words, of what the conversation is about
        frame, kind = replace(frame, kind=follow_up), follow_up
    elif reads_nothing:
        # Context before "I don't know": the fact asked among what the conversation is about,
        # else, for a short turn naming nothing ("is it stressful?", "who would I be
        # briefing?"), the model's best reading that is a question, asked of that subject.
        if frame.roles or frame.topic:
            return frame
        found = _fact_frame(content, frame, topic, role)
        if not found and kind != UNKNOWN and _THE_JOB_SAID.search(question):
            # "He's brilliant at spotting patterns. Is that actually part of the job?": the
            # work itself, when the subject in context does not hold it
            found = _fact_of_the_work(content, frame, role)
        if found:
            return found
        best = next((k for k, confidence in frame.ranking if k not in NOT_ANSWERS
                     and k not in CHITCHAT and confidence >= RUNNER_UP), None)
        if not best or len(tokens(question)) > SHORT_TURN:
            return frame
        frame, kind = replace(frame, kind=best), best
    elif not (frame.roles or frame.topic) and _uncued_about_them(content, frame, role):
        found = _fact_frame(content, frame, topic, role)
        if found:
            return found
    if kind in FOLLOW_UPS and not frame.topic and FOLLOW_UPS[kind] not in \
            content.topics[topic].follow_ups and not frame.roles:
        # "how long does that take?" after training, whose answer names the IPP: the
        # programme the answer named, when it holds that follow-up
        named = [p for p in programmes_in(content, content.topics[topic].answer)
                 if p != topic and FOLLOW_UPS[kind] in content.topics[p].follow_ups]
        if len(named) == 1:
            return replace(frame, topic=named[0], from_context=() if named_here else ("topic",))
        # "who would I be briefing?" after the analyst: not a follow-up the subject holds,
        # but maybe one of its sentences, or of the role's profile
        found = _fact_frame(content, frame, topic, role)
        if found:
            return found
        earlier = content.topics.get(context.programme or "")
        held = earlier.follow_ups.get(FOLLOW_UPS[kind]) if earlier and context.programme != topic \
            else None
        if held and _REFERS_TO_IT.search(question) and fact_for(content, question, "",
                                                                     [held.answer]):
            # "who chooses the candidates for it?" after a turn on the researcher: the
            # programme talked about before, when its answer has the words asked about
            return replace(frame, topic=context.programme, from_context=("topic",))
    if kind in FOLLOW_UPS and not frame.topic:  # "how long does it take?"
        # (a role the question names stays: "that supervisor one how many years experience")
        filled = ("role",) if role and not frame.roles else ()
        return replace(frame, topic=topic, roles=frame.roles or ((role,) if role else ()),
                       from_context=filled if named_here else ("topic", *filled))
    if kind in ("more_details", "ask_source") and not (frame.topic or frame.roles):
        return replace(frame, topic=topic, roles=(role,) if role else (),
                       from_context=("topic", "role") if role else ("topic",))
    filled = _role_from_context(frame, role)
    if filled is not frame:
        return filled
    if len(frame.roles) == 1 and role and role != frame.roles[0] and _asks_difference(question):
        # "how's that different from a researcher?"
        return replace(frame, roles=(role, frame.roles[0]), from_context=("role",))
    return frame


def _confidence(frame: Frame) -> float:
    """The model's confidence in its best reading (1 for a frame it did not read)."""
    return frame.ranking[0][1] if frame.ranking else 1.0


def _asks_who_can_do_intelligence(frame: Frame) -> bool:
    """An eligibility question (or one the model is unsure of, reading eligibility first)
    that names intelligence work as what it asks of."""
    eligibility = frame.kind == "ask_eligibility" or frame.kind == FALLBACK and \
        bool(frame.ranking) and frame.ranking[0][0] == "ask_eligibility"
    return eligibility and bool(INTELLIGENCE_WORK.search(frame.question or ""))


#: A message that only names intelligence jobs ("intel jobs?", "police intelligence roles").
_NAMES_THE_JOBS = re.compile(r"^\W*(?:(?:what|which|wat|any|the)\s+)?(?:police\s+)?(?:(?:intel\w*|inteli\w*)"
                             r"\s+)?(?:jobs?|roles?|careers?|positions?|posts?)(?:\s+(?:then|there|"
                             r"available|please|pls))?\W*$|"
                             # "intel ones" after "jobs?"
                             r"^\W*(?:the\s+)?(?:intel\w*|inteli\w*)\s+ones\W*$", re.IGNORECASE)


def _the_two_roles(content: Content, frame: Frame, context: Context) -> Optional[Frame]:
    """"What's the difference between them?", "which is more senior?" naming no role, after
    two roles: the two compared."""
    two = (context.other_role, context.role)
    if frame.roles or frame.topic or not all(two) or two[0] == two[1]:
        return None
    if frame.kind == UNKNOWN or unknowns.subject_of(content, frame.question):
        return None  # "which pays more?", "which uses more coding?": not in the sources
    if not (_BETWEEN.find(analyse(frame.question)) or _WHICH_MORE.search(frame.question)):
        return None
    if frame.kind == "role_profiles" and not _asks_difference(frame.question):
        return None  # "where are the full role profiles for those two": the profiles, for both
    return replace(frame, kind="compare", roles=two, from_context=("role",))


def _the_two_programmes(content: Content, frame: Frame, context: Context) -> Optional[Frame]:
    """"IPP and fast track, what's the difference?"; "fast track or ipp, which is more use?";
    "how is that different from CPD?" after the IPP (the only part the conversation gives):
    two programmes side by side."""
    # ("which is quicker, that or the fast track": the one talked of, set against the one named)
    sets_against = bool(_SETS_AGAINST.search(frame.question) or _THAT_OR_ANOTHER.search(frame.question)
                        and _WHICH_MORE.search(frame.question))
    if frame.roles or not (sets_against or _WHICH_MORE.search(frame.question)):
        return None
    named = programmes_in(content, frame.question)
    if len(named) >= 2:
        return replace(frame, kind="compare", topic=named[0], other=named[1])
    if not sets_against:
        return None  # "which is better, the IPP?" sets it against nothing
    before = context.programme or context.topic
    if len(named) == 1 and before != named[0] and before in _programmes(content):
        return replace(frame, kind="compare", topic=before, other=named[0], from_context=("topic",))
    return None


#: The one talked of against one named: "that or the fast track", "the IPP or that one".
_THAT_OR_ANOTHER = re.compile(r"\b(?:that|this|it)(?:\s+one)?\s+or\s+\w|\bor\s+(?:that|this|it)\b",
                              re.IGNORECASE)


#: Words that set one thing against another ("different from", "the difference", "vs"),
#: not "different roles".
_SETS_AGAINST = re.compile(r"\bdifferen(?:t|ce)\s+(?:from|to|than|between)\b|\bdiffer\b|"
                           r"\bthe difference\b|\bcompar(?:e|ed|ing|ison)\b|\bvs\b|\bversus\b|"
                           r"\bthe same (?:thing )?as\b", re.IGNORECASE)


_BETWEEN = Phrases(["different", "difference", "differ", "compare", "compared", "versus", "vs",
                    "between them", "between the two", "the two of them", "those two", "these two",
                    "of the two", "either of them", "either of those"])
#: "which is the more senior", "which one's better for me".
_WHICH_MORE = re.compile(r"\bwhich\b.*\b(more|most|less|least|better|best|worse|harder|easier|"
                         r"senior|higher|lower|bigger|greater|closer|closest|nearer|nearest|"
                         r"quicker|quickest|faster|fastest|slower|longer|shorter|sooner|"
                         r"suits?|fits?)\b|\bwhich of (the|them|those) (two|both)\b|"
                         # "whats better for me fast track or IPP"
                         r"\b(?:what|whats|what's|wat|wats)\s+(?:is\s+)?(?:better|best)\b",
                         re.IGNORECASE)


def _role_from_context(frame: Frame, role: Optional[str]) -> Frame:
    """The role in context for a question about a role that names none: "what do they do?",
    "how would I get into that?"."""
    if frame.roles or not role:
        return frame
    if frame.kind == "role_details" or frame.kind in ROLE_KINDS and \
            _REFERS_TO_ROLE.search(frame.question):
        return replace(frame, roles=(role,), from_context=("role",))
    return frame


def unknown_in_context(content: Content, kind: Optional[str]) -> Optional[str]:
    """The subject the sources do not hold that the last answer declined (the `kind` slot
    holds `unknown:<subject>` after such an answer), or None."""
    prefix, _, subject = (kind or "").partition(":")
    return subject if prefix == UNKNOWN and subject in content.unknowns.subjects else None


def _fact_frame(content: Content, frame: Frame, topic: str, role: Optional[str]) -> Optional[Frame]:
    """A frame asking for the fact the question names among the topic in context, else
    among the role in context's profile; None when neither holds it. A question about
    people ("is there a law they work under?") asks the role first: "they" are its holders."""
    subjects = (topic, "role_details") if role and topic != "role_details" else (topic,)
    if len(subjects) == 2 and _ABOUT_PEOPLE.search(frame.question or ""):
        subjects = subjects[::-1]
    for subject in subjects:
        if fact_in_context(content, frame.question, subject, role):
            return replace(frame, kind=FACT, topic=subject, roles=(role,) if role else (),
                           from_context=("topic", "role") if role else ("topic",))
    return None


def _fact_of_the_work(content: Content, frame: Frame, role: Optional[str]) -> Optional[Frame]:
    """A frame asking for the fact the question names in what the work itself is (its
    topics `_THE_WORK_TOPICS`, for the role in context when there is one), or None."""
    return next((replace(frame, kind=FACT, topic=subject, roles=(role,) if role else (),
                         from_context=("role",) if role else ())
                 for subject in _THE_WORK_TOPICS
                 if fact_in_context(content, frame.question, subject, role)), None)


#: Words for the people doing a job, not for a thing or a topic ("it").
_ABOUT_PEOPLE = re.compile(r"\b(they|them|their|theyre|they're|he|she|his|her)\b", re.IGNORECASE)


def fact_in_context(content: Content, question: str, topic: Optional[str],
                    role: Optional[str]) -> Optional[str]:
    """The fact the question asks for among what the conversation is about (the topic's
    answer, details and follow-ups, or the role's profile), or None when nothing there
    answers it well enough: "can detectives apply?" after the fast track."""
    if not question or topic not in content.topics:
        return None
    candidates, about, _sources = subject_sentences(content, topic, role)
    return fact_for(content, question, "", candidates, about)


def subject_sentences(content: Content, topic: str,
                      role: Optional[str]) -> Tuple[List[str], str, List[str]]:
    """The sentences a subject holds, the words naming it, and its sources."""
    if topic == "role_details" and role in content.roles:
        r = content.roles[role]
        return [r.summary, *r.details], r.name, list(r.sources)
    t = content.topics[topic]
    return ([t.answer, *t.details, *(f.answer for f in t.follow_ups.values())],
            " ".join([t.title, *t.aliases]), list(t.sources))


# --- The words of a question -----------------------------------------------------------------

def cued_kind(content: Content, question: str, with_entry: bool = True) -> Optional[str]:
    """The kind of question one of whose cues the question has: the one with the longest cue
    found ("keep doing courses after you get in" is about CPD, not getting in), getting in
    first, then the others in their order, on a tie."""
    kinds = [k for k in ROLE_KINDS if content.topics[k].cues]
    if not with_entry:
        kinds = [k for k in kinds if k != "entry_routes"]
    return _longest_cue(content, question, kinds)[0]


def _longest_cue(content: Content, question: str, kinds: Sequence[str] = ROLE_KINDS
                 ) -> Tuple[Optional[str], int]:
    """The kind whose cue is the longest found in the question, past any condition it is
    asked under, and that cue's length (`_longest_found`)."""
    return _longest_found(((k, _cues(content.topics[k])) for k in kinds),
                          analyse(asked_past_premise(question)))


def _longest_found(owners: Iterable[Tuple[str, Phrases]], words: Sequence[Tuple[str, str]]
                   ) -> Tuple[Optional[str], int]:
    """The owner of the longest phrase found in `words`, and its length in the words it
    matches; on a tie the first owner. (None, 0) when none is found."""
    best, longest = None, 0
    for owner, phrases in owners:
        length = max((_phrase_length(p) for p in phrases.find(words)), default=0)
        if length > longest:
            best, longest = owner, length
    return best, longest


@lru_cache(maxsize=None)
def _phrase_length(phrase: str) -> int:
    """A phrase's length in the words it matches: "if i'm a" is three, "can * apply" two."""
    return len([w for w, _ in analyse(phrase) if w != "*"])


def cued_follow_up(content: Content, question: str) -> Optional[str]:
    """The follow-up (`ask_duration` ...) whose words the question has, if any: the one with
    the longest cue ("when can he apply" asks when, not whether he can)."""
    aspect = _longest_found(_follow_up_cues(content).items(), analyse(question))[0]
    return f"ask_{aspect}" if aspect else None


#: How well a programme's sentence must match a question to take it from the topic the model
#: read: more than one word shared, or one rare one ("Who decides whether a force takes part?"
#: shares "force", "decide" and "take part" with the fast track's 7.7; "who do they work with
#: outside the police" shares only "agency"-like words with the IPP's 1.7; "would quad thefts
#: end up with an intel unit" shares "end" with it, 2.4).
PROGRAMME_MATCH = 3.0


def _programme_answers_it(content: Content, frame: Frame, context: Context) -> bool:
    """Whether a question naming no subject, read as a general topic without that topic's
    cue and with no great confidence, is answered better by the programme the conversation
    is about: one of the programme's sentences matches its words (`facts.scores`), better
    than any of the topic's."""
    programme, kind, question = context.programme, frame.kind, frame.question
    if not (question and programme in content.topics and kind in content.topics) or kind == programme \
            or frame.roles or frame.topic or frame.unknown or content.topics[kind].aliases \
            or _confidence(frame) >= FAIRLY_SURE or has_cue(content, kind, question):
        return False
    best = max(fact_scores(content, question, _sentences_of(content.topics[programme])).values())
    return best >= PROGRAMME_MATCH and best > max(
        fact_scores(content, question, _sentences_of(content.topics[kind])).values())


def _sentences_of(topic: Topic) -> List[str]:
    """What a topic says: its answer, details and follow-ups."""
    return [topic.answer, *topic.details, *(f.answer for f in topic.follow_ups.values())]


def _unsure_uncued(content: Content, frame: Frame) -> bool:
    """The model unsure of a topic, not a programme, whose cues the question lacks ("how does
    my force decide who goes forward?" read as intelligence units, at 0.44; "could I go on it
    as a member of the public?" after the fast track, read as ways in, at 0.41)."""
    return frame.kind in content.topics and not content.topics[frame.kind].aliases \
        and _confidence(frame) < UNSURE and not has_cue(content, frame.kind, frame.question)


def _uncued_about_them(content: Content, frame: Frame, role: Optional[str]) -> bool:
    """A general topic read without its cue, in a question about "them" while a role is
    talked about ("And the legal side, what do they have to stay within?" after the officer,
    read as the list of roles at 0.54): "they" are the role's holders, so the question asks
    for a fact of that role before the model's guess."""
    guessed = bool(frame.ranking) and frame.kind == frame.ranking[0][0]  # not words' reading
    return bool(role) and guessed and _confidence(frame) < FAIRLY_SURE \
        and frame.kind in content.topics \
        and frame.kind != "role_details" and not content.topics[frame.kind].aliases \
        and bool(_ABOUT_PEOPLE.search(frame.question)) \
        and not has_cue(content, frame.kind, frame.question) \
        and topic_asked_for(content, frame.question) != frame.kind


def follow_up_asked(content: Content, question: str, subject: Optional[str],
                    reading: Optional[str] = None) -> Optional[str]:
    """The follow-up the question's own words ask ("is it every year?"), when the subject holds
    one and the words do not also ask the follow-up the model read (`reading`): the words
    decide over the model's guess."""
    if not question:
        return None
    words = analyse(question)
    cues = _follow_up_cues(content)
    aspect, longest = _longest_found(cues.items(), words)
    if reading in FOLLOW_UPS and _longest_found([(reading, cues[FOLLOW_UPS[reading]])],
                                                words)[1] >= longest:
        return None  # the words ask what the model read at least as plainly
    asked = f"ask_{aspect}" if aspect else None
    if asked and subject in content.topics and FOLLOW_UPS[asked] in content.topics[subject].follow_ups:
        return asked
    return None


def _asks_follow_up(content: Content, question: str, follow_up: Optional[str]) -> bool:
    """Whether the question's words are among those of the follow-up (`ask_duration` ...)."""
    return follow_up in FOLLOW_UPS and bool(
        _follow_up_cues(content)[FOLLOW_UPS[follow_up]].find(analyse(question)))


_follow_up_cues = built_once(
    lambda content: {aspect: Phrases(cues) for aspect, cues in content.follow_up_cues.items()})


def has_cue(content: Content, topic_id: str, question: str) -> bool:
    return bool(_cues(content.topics[topic_id]).find(analyse(asked_past_premise(question))))


#: A condition that takes getting in as given ("if I did get in", "if I went in as an
#: officer,", "once you join"): up to its comma, or to the question word that follows it.
_ONCE_IN = re.compile(
    r"^\W*(?:(?:and|but|so|ok|okay|also)\W+)?(?:if|once|when|say)\s+(?:i|you|he|she|they|we)\s+"
    r"(?:did\s+|do\s+|does\s+|ever\s+|actually\s+|eventually\s+)?"
    r"(?:get|got|gets|went|go|goes|join|joined|joins|became|become|becomes)\s+(?:in|into|as)\b"
    r"[^,?]*?(?:,|(?=\b(?:what|how|would|will|do|does|could|can|is|are|should|where|who|which)\b))",
    re.IGNORECASE)


def asked_past_premise(question: str) -> str:
    """The question without a condition that takes getting in as given: "if I went in as an
    officer, would I need authorisation?" asks what the job needs, not how to get in, and
    "... can I work towards once I'm in?" asks for what is worked towards, so the condition's
    words are no cue of the kind of question."""
    rest = _ONCE_IN_AFTER.sub("", _ONCE_IN.sub("", question, count=1)).strip()
    return rest if rest else question


#: The same condition after the question: "... once I'm in?", "... after you get in".
_ONCE_IN_AFTER = re.compile(
    r"[\s,]+(?:once|after|when)\s+(?:i'm|im|i am|you're|youre|you are|i get|you get|i got|"
    r"i'd got|i've got)\s+in\W*$", re.IGNORECASE)


_cues = built_once(lambda topic: Phrases(topic.cues))


def programme_by_its_words(content: Content, question: str, talked_of: Optional[str]) -> Optional[str]:
    """The programme a follow-up names by a word only its own content uses, when that is not
    the programme talked of: "How long does that portfolio take?" after the fast track asks of the
    IPP, whose content alone has a portfolio (blind set CD's first look); "work", said of
    everything, names nothing."""
    owners = programmes_own_words(content)
    said = tokens(question)
    # a thing named as one ("that portfolio", "the certificate"), not who ("can detectives do it?")
    things = [lemma(w) for before, w in zip(said, said[1:]) if before in _POINTS_AT_A_THING]
    named = {owners[w] for w in things if len(w) > 3 and w in owners}
    # (from one programme to another: after a role, "who picks the candidates for it?" is not
    # the fast track's candidates)
    return next(iter(named)) if len(named) == 1 and talked_of not in named \
        and talked_of in _programmes(content) else None


_POINTS_AT_A_THING = frozenset({"the", "that", "this", "its", "those", "these"})


@built_once
def programmes_own_words(content: Content) -> Dict[str, str]:
    """The words only one programme's content uses (its answer, details and follow-ups), no
    other topic's nor any role's, and that are not everyday English ("all", "through",
    "year"): each to that programme."""
    texts = {topic_id: [topic.answer, *topic.details, *(f.answer for f in topic.follow_ups.values())]
             for topic_id, topic in content.topics.items()}
    texts.update({role_id: [role.summary, *role.details] for role_id, role in content.roles.items()})
    users: Dict[str, set] = {}
    for owner, said in texts.items():
        for word in {w for text in said for w in lemmas(text)}:
            users.setdefault(word, set()).add(owner)
    programmes = set(_programmes(content))
    return {w: next(iter(found)) for w, found in users.items()
            if len(found) == 1 and found <= programmes and not common_word(w)}


def _programmes(content: Content) -> Tuple[str, ...]:
    """Topics named by aliases of their own: the programmes (the IPP, CPD, the fast track)."""
    return tuple(t for t, topic in content.topics.items() if topic.aliases)


def _programme_elsewhere_in_message(content: Content, intent: str, question: str,
                                    whole: str) -> Optional[str]:
    """In a long message, the programme the question is about without naming it ("My manager
    keeps bringing up the IPP. What does it involve?"), when what the message tells names only
    one; a programme another question of the message asks about is that question's ("Would my
    background count, and is it true the IPP takes years?")."""
    if question == whole or not (_REFERS_TO_IT.search(question) or intent in FOLLOW_UPS
                                 or intent in NOT_ANSWERS):
        return None
    named = programmes_in(content, " ".join(p for p in pieces(whole) if not asks(p)))
    return named[0] if len(named) == 1 else None


def _only_told(content: Content, subject: str, question: str) -> bool:
    """An unknown subject the visitor only tells of (where they live), in no piece that asks,
    beside a question that names something the content covers in its own words: the question
    is what to answer. Not the visitor's own circumstances or background ("I have a caution,
    how do I get in?" is told where the force's pages hold what matters)."""
    subject_ = content.unknowns.subjects[subject]
    if subject_.about_the_visitor or subject_.background:
        return False
    # by piece, or by sentence, or without what the visitor tells after its comma ("so how do
    # people actually get into it, I haven't got anything police on my cv at all")
    first = _TOLD_AFTER.split(_asking(question))[0]
    # ... or by the last piece, when it asks and no sentence before it does ("i catch
    # shoplifters most shifts ..., is that the sort of thing intelligence is")
    last = pieces(question)[-1:] if not any(s.endswith("?") for s in sentences(question)[:-1]) else []
    asked = min(asked_only(question), _asking(question), *([first] if asks(first) else []),
                *(last if last and asks(last[0]) else []), key=len)
    # ... or names intelligence work at all ("... a shift manager ... what does a day actually
    # look like for someone working in an FIB?" asks nothing of shifts)
    return asked != question and not unknowns.subject_of(content, asked) and bool(
        cued_kind(content, asked) or programmes_in(content, asked) or roles_in(content, asked)
        or INTELLIGENCE_WORK.search(asked))


#: A comma after which the visitor tells of themselves.
_TOLD_AFTER = re.compile(r",\s+(?=(?:i|i'm|im|i've|ive|i have|i haven't|i havent|i don't|i dont|"
                         r"i am|i was|i did|my)\s+(?!(?:ask|asking|wonder|wondering|mean)\b))",
                         re.IGNORECASE)


def _background(content: Content, subject: str, question: str) -> bool:
    """An unknown subject named as the visitor's background in a "how do I get in" question,
    not asked about: nothing in it asks whether that is needed."""
    unknowns_ = content.unknowns
    return (unknowns_.subjects[subject].background
            and has_cue(content, "entry_routes", question)
            and not _phrases(unknowns_.asks_required).find(analyse(question))
            and not _asks_if_it_bars(content, question))


def _only_in_their_job(content: Content, subject: str, question: str) -> bool:
    """An unknown subject named only where the visitor tells their job ("I'm an external
    auditor, mostly of pension schemes, and ..."; "I work in payroll and pensions."): what they
    do, not what they ask. Not the visitor's circumstances (age, a record), which the force's
    pages weigh however they are told."""
    if content.unknowns.subjects[subject].about_the_visitor:
        return False
    rest = _THEIR_JOB.sub(" ", question)
    return rest != question and not unknowns.subject_of(content, rest)


#: The visitor telling their job, up to the end of the clause that tells it: "I'm an external
#: auditor, mostly of pension schemes", "I work in payroll".
_JOB_ENDS = (r"(?=\band\b|\bbut\b|[.;:!?]|$|,\s*(?:can|could|would|will|is|are|do|does|did|how|"
             r"what|which|where|when|who|should|so|i)\b)")
_THEIR_JOB = re.compile(r"\b(?:i'?m|im|i am|i've been|ive been|i was|i have been)\s+an?\s+[^.;:!?]*?"
                        + _JOB_ENDS + r"|\bi\s+work(?:ed)?\s+(?:as|in|at|for|with|on)\b[^.;:!?]*?"
                        + _JOB_ENDS, re.IGNORECASE)


#: Being given the chance to do something in the work ("get to work on", "get to deal with"),
#: not getting into it.
_GETS_TO_DO = re.compile(r"\b(?:get|gets|getting)\s+to\s+(?:work|deal|look|investigate|go)\s+"
                         r"(?:on|with|at|into|after)\b", re.IGNORECASE)


def _asks_if_it_is_accepted(question: str) -> bool:
    """Asks whether what was told ("it", "that") is accepted where the visitor would work:
    "Would a police force accept it, or must I requalify?" (not whether it counts as
    experience, which is how people get in)."""
    return bool(_THAT.search(question)) and bool(_ACCEPTED.search(question))


#: Whether a force takes a qualification from elsewhere.
_ACCEPTED = re.compile(r"\b(?:accept|accepts|accepted|recogni[sz]e|recogni[sz]ed|requalify|"
                       r"re-qualify|re-sit|resit|retake|convert)\b", re.IGNORECASE)


def _asks_if_it_bars(content: Content, question: str) -> bool:
    """"Would that stop me?", "could someone like me ever ...": asks whether what the visitor
    told stands in their way ("how'd someone like me even get in, got no qualifications");
    not in a clause that asks what, which or where ("what sort of role would someone like me
    start in?" asks for a role)."""
    bars = _phrases(content.unknowns.asks_if_it_bars)
    return any(bars.find(analyse(clause)) and not _ASKS_WHICH.match(clause)
               or _BARE_BAR.match(clause) for clause in clauses(question))


#: A clause that is only "problem?" or "any issue?" after what the visitor told of themselves.
_BARE_BAR = re.compile(r"^\W*(?:(?:is\s+)?(?:that|this|it)\s+)?(?:an?\s+|any\s+)?(?:problem|issue)s?\s*\?",
                       re.IGNORECASE)


#: A clause asking what, which or where, not whether.
_ASKS_WHICH = re.compile(r"^\W*(?:(?:and|so|but|ok|also)\W+)*(?:what|which|where|wat|wot)\b",
                         re.IGNORECASE)


def _runner_up(frame: Frame) -> float:
    """The confidence of the model's best reading that is a question."""
    return next((c for i, c in frame.ranking if i not in NOT_ANSWERS and i not in CHITCHAT), 0.0)


def names_scope(content: Content, question: str) -> bool:
    """Names something the assistant covers (police, intelligence, the roles ...)."""
    words = analyse(question)
    return bool(_phrases(content.out_of_scope.in_scope).find(words)) or any(
        w in ("intelligence", "intel") for w, _ in words)


#: "The job", "the work", "it", with no subject in the conversation yet: intelligence work.
_THE_JOB = re.compile(r"\b(?:the|this|that)\s+(?:job|work)\b|\bit\b", re.IGNORECASE)
#: Where what the work is like is told: what you do, what it is, where you do it.
#: ... said in words, not "it", which may be the subject in context.
_THE_JOB_SAID = re.compile(r"\b(?:the|this|that)\s+(?:job|work)\b", re.IGNORECASE)
_THE_WORK_TOPICS = ("day_to_day", "what_is_intelligence", "working_environment")


def _after_greeting(content: Content, text: str) -> str:
    """What follows the greeting a message opens with: "intel jobs?" in "hi, intel jobs?"."""
    opening = sentences(text)
    if len(opening) > 1 and chitchat_said(content, opening[0]) == "greet":
        return " ".join(opening[1:])
    before, comma, after = text.partition(",")
    return after.strip() if comma and after.strip() and chitchat_said(content, before) == "greet" \
        else text


def _opens_with_greeting(content: Content, text: str) -> bool:
    """A greeting, then more: "Good evening. I'm asking for ...", "Hello dear, I'm a ..."."""
    if _after_greeting(content, text) != text:
        return True
    # "hiya lol saw ur advert on tiktok", "hi i need to write down 3 things ..."
    first, _, rest = text.strip().partition(" ")
    # (the cheap checks first: `chitchat_said` reads misspellings, and this runs on every turn)
    return len(rest.split()) >= 2 and not _QUESTION_WORD.search(rest) \
        and chitchat_said(content, first) == "greet"  # not "hi im 17 ... wat jobs r there"


#: A word that asks, anywhere in a message.
_QUESTION_WORD = re.compile(r"\b(?:what|whats|wat|wats|wot|how|hw|which|who|where|when|why|"
                            r"do|does|did|is|are|r|can|could|would|will|should|if|whether|"
                            r"too late|know)\b|\?", re.IGNORECASE)


def about_elsewhere(content: Content, question: str) -> bool:
    """About something else entirely (another job, a recipe) with nothing in scope named, or
    asking the assistant to do a task for the visitor ("can you help me write my essay?"). The
    safety net then does not take the model's "report" reading alone ("is it going to rain
    next week, off camping with the kids" is no report, however sure the model is)."""
    words = analyse(question)
    scope = content.out_of_scope
    found = _phrases(scope.elsewhere).find(words)
    if found:  # "a parking bay near the door" is part of something the sources do not hold
        held_back = unknowns.phrases_in(content, question)
        found = [f for f in found if not any(f in p and f != p for p in held_back)]
    # "do paramedics ever move into it?" names another job but asks how people get in;
    # "how do I train to be a paramedic?" asks how to get into that job
    goal = any(re.search(rf"\b(?:be|become|becoming|as)\s+(?:an?\s+)?{re.escape(job)}", question,
                         re.IGNORECASE) for job in found)
    # "is there proper training if you come into it from teaching?" (blind set BW's first
    # look): every other job named is where the visitor comes from, and the question is of
    # this work ("how do I get from teaching into nursing?" names one more)
    origin = bool(found) and all(re.search(rf"\b(?:from|out of|leaving|left|after)\s+(?:my\s+|the\s+|an?\s+)?"
                                           rf"{re.escape(job)}", question, re.IGNORECASE) for job in found) \
        and not _INTO_ANOTHER.search(question)
    # "do I need a driving licence for it?" asks what the job needs, which the sources do not
    # say ("what grades do you need for a nursing degree?" asks of another job)
    required = _phrases(content.unknowns.asks_required).find(words) \
        and all(unknowns.subject_of(content, f) for f in found)
    # "wud my nursing quals count 4 anything": the visitor's own background, asked about as
    # something the sources do not hold
    own = bool(found) and _own_background(content, question, found)
    # "is the salary comparable with accountancy?" asks about this work beside the other
    compared = bool(found) and _COMPARED.search(question) and unknowns.subject_of(content, question)
    # (a cue in a sentence that asks nothing is no question: "boring. whats the weather doing
    # in bristol tmrw")
    return bool(found) and not _phrases(scope.in_scope).find(words) and not required \
        and not own and not compared and not origin \
        and (goal or not cued_kind(content, _asking(question))) \
        or bool(_phrases(scope.tasks).find(words))


def _only_emoji(text: str) -> bool:
    """Emoji with no words ("👀🕵️‍♀️❓"): nothing to read, so what the assistant can tell them.
    Marks alone ("??") are left to the model, whose "did you mean" they get."""
    return bool(text) and not any(c.isalnum() for c in text) and any(ord(c) > 0x2000 for c in text)


def set_aside_from_the_pathway(content: Content, question: str,
                               ranking: Sequence[Tuple[str, float]] = ()) -> bool:
    """A question the visitor sets aside ("Unrelated: is it going to be clear tonight?") or
    one asking what the assistant knows of the world ("can you recommend a good curry house?")
    that the model cannot place, naming nothing in scope, no kind of question the pathway
    answers and nothing it does not hold: out of scope, not something to guess a topic for."""
    words = analyse(question)
    scope = content.out_of_scope
    aside = bool(_phrases(scope.set_aside).find(words))
    # ("do you know if they take over-50s?" asks of what was said; "do you know where I can
    # read career stories?" is read so by the model)
    general = not aside and bool(_phrases(scope.asks_general).find(words)) \
        and not _REFERS_BACK.search(question) \
        and not (ranking and ranking[0][0] in content.topics and ranking[0][1] >= UNSURE)
    return (aside or general) and not names_scope(content, question) \
        and not cued_kind(content, question) and not _asked_for_as(content, words)[0] \
        and not unknowns.subject_of(content, question)


#: A word that may stand for something said before.
_REFERS_BACK = re.compile(r"\b(?:it|its|they|them|their|this|that|those|these|he|she|him|her|"
                          r"one)\b", re.IGNORECASE)


#: Words setting one thing beside another.
_COMPARED = re.compile(r"\b(?:compar\w*|than|versus|vs|same as|similar to|different (?:from|to)|"
                       # (blind set BW's first look): "is the pay for that anywhere near the upper
                       # pay scale for teachers?"
                       r"differ from|anywhere near|as much as|as good as|match(?:es)?)\b", re.IGNORECASE)


#: Moving into something that is not this work: "how do I get from teaching into nursing?"
_INTO_ANOTHER = re.compile(r"\binto\s+(?!(?:it|that|this|them|there|the police|police|intel|"
                           r"intelligence|policing|an? (?:fib|iu)|the (?:fib|iu|unit|bureau))\b)\w+",
                           re.IGNORECASE)


def _own_background(content: Content, question: str, jobs: Sequence[str]) -> bool:
    """Whether every other job named is the visitor's own ("my nursing") and the question asks
    about a background subject the sources do not hold (qualifications)."""
    subject = unknowns.subject_of(content, question)
    # ("only got a level 2 in IT through the army": where the visitor comes from)
    return bool(subject) and content.unknowns.subjects[subject].background and all(
        re.search(rf"\b(?:my|his|her|their|(?:through|from|in|left|after) the|ex-?)\s*"
                  rf"{re.escape(job)}", question, re.IGNORECASE)
        for job in jobs)


_phrases = built_once(Phrases)


def _role_for_duty(content: Content, question: str, of_a_role: bool = False) -> List[str]:
    """"Which of them leads a team?": the one role whose profile holds what is asked, well
    ahead of every other role's. The work a role is named by counts too: "which role would
    analyse that kind of pattern?" is the analyst, though the officer also finds patterns.
    `of_a_role`: the model read a question about a role that names none ("what standards
    should my team's products meet"), so it need not ask "which"."""
    if not (of_a_role or _WHO.search(question) or _ASKS_WHICH_ROLE.search(question)):
        return []  # "recommend a good podcast" asks for no role
    asked = set(lemmas(question))
    best: Dict[str, float] = {}
    for role_id, role in content.roles.items():
        matched = fact_scores(content, question, [role.summary, *role.details])
        named_by = any(set(lemmas(work)) <= asked for work in role.work)
        best[role_id] = max(matched.values()) + (WORK_NAMED if named_by else 0.0)
    ranked = sorted(best, key=best.get, reverse=True)
    if best[ranked[0]] >= MIN_SCORE and best[ranked[0]] - best[ranked[1]] >= AHEAD:
        return [ranked[0]]
    return []


def roles_holding(content: Content, question: str) -> List[Tuple[str, str]]:
    """The roles whose profile holds what is asked (each with its sentence that does), when
    it is not one role's alone: "which roles work with partner agencies?" is the officer's
    networks with partners and the supervisor's partner agencies."""
    found = []
    for role_id, role in content.roles.items():
        matched = fact_scores(content, question, role.details)
        if matched and max(matched.values()) >= MIN_SCORE:
            best = max(matched.values())
            found.append((best, role_id, next(t for t, v in matched.items() if v == best)))
    top = max((score for score, _, _ in found), default=0.0)
    return [(role_id, text) for score, role_id, text in found if top - score < AHEAD]


#: What naming a role's work ("analyse", "research") adds to that role's match.
WORK_NAMED = 2.0
#: How far ahead of the next role the chosen one must match.
AHEAD = 1.0
#: "which role ...", "which of the jobs ...", "what role would ...": a question asking for a role.
#: "is there a role that is mostly research?" too.
#: Which of the things just listed: "which of those suits me", "which one of them would I fit?"
_WHICH_OF_THEM = re.compile(r"\bwhich\s+(?:one\s+)?of\s+(?:those|them|these|em)(?:\s+(?:roles?|jobs?|ones?))?"
                            r"(?:\s*\?|\s*$|\s+(?:suits?|fits?|would|is|are|do|does|should|could|can|will|"
                            r"might|pays?|needs?|leads?|works?|has|have|involves?)\b)", re.IGNORECASE)
_ASKS_WHICH_ROLE = re.compile(
    r"\b(which|wich|what)\s+(of\s+(the|these|those|them|their)\s+)?((intel|intelligence|police)\s+)?"
    r"(role|job|position)s?\b(?!\s+(are|r|is)\s+there)|"
    # "Out of the roles, which one is the most about data and spotting trends?"
    r"\b(?:of|out of|from)\s+(?:the|these|those|all the)\s+(?:\w+\s+)?(?:roles|jobs)\W+which\s+(?:one|1)\b|"
    # "Which one is most about databases?" after the roles (blind set BQ's first look)
    r"^\W*(?:(?:and|so|ok|okay)\W+)?which\s+(?:one|1)\s+(?:is|does|would|has)\s+(?:the\s+)?"
    r"(?:most|more|mostly)\s+(?:about|to do with|into|on)\b|"
    # "Which one looks for patterns?" (blind set BT's first look)
    r"^\W*(?:(?:and|so|ok|okay)\W+)?which\s+(?:one|1)\s+(?:looks|leads|finds|spots|works|searches|"
    r"handles|deals|manages|writes|builds|checks|assesses|analyses|researches|runs|does)\b|"
    r"\b(a|an|any)\s+((intel|intelligence|police)\s+)?(role|job|position)s?\s+"
    r"((in particular|specifically|especially)\s+)?(that|which|where|for)\b",
    re.IGNORECASE)


#: Words the visitor sets aside, so the question is not about them: "Grade aside, ...",
#: "pay apart, ...", "never mind the money, ...", "leaving the shifts aside".
#: One thing set against another named after it: "how does that differ from the analyst?"
#: (not "works at different levels").
_SETS_AGAINST_ONE = re.compile(r"\b(?:differ|differs|different|difference|compare|compares|"
                               r"compared)\s+(?:from|to|with)\b|\b(?:versus|vs)\b|"
                               # "whats the difference between that and the analyst" (set BU)
                               r"\bdifference between (?:that|this|it|him|her) and\b", re.IGNORECASE)
#: Pressing for an answer not held: a guess, a rough figure.
_PRESSES = re.compile(r"\b(?:guess|roughly|rough idea|rough figure|ballpark|estimate|approx\w*|"
                      r"just tell me|off the record|between us)\b", re.IGNORECASE)


def _role_by_place(content: Content, frame: Frame, context: Context) -> Optional[str]:
    """The role a question names by its place among the two just set side by side ("the
    second one", "the former", "the latter"), or in the list of roles just given ("wot jobs r
    ther" then "the 2nd"), when it names none itself."""
    match = _BY_PLACE.search(frame.question)
    if frame.roles or not match:
        return None
    place = match.group(1).lower()
    two = (context.role, context.other_role)
    if all(r in content.roles for r in two) and two[0] != two[1] and place not in _IN_LONGER_LISTS:
        return two[0] if place in ("first", "1st", "former") else two[1]
    if context.topic == "roles" and not context.role:
        listed = list(content.roles)  # in the order the list of roles gives them
        number = PLACES.get(place, 0)
        return listed[-1] if number == -1 else listed[number - 1] if 0 < number <= len(listed) else None
    return None


_IN_LONGER_LISTS = ("third", "3rd", "fourth", "4th")
#: Kinds that, for a role named by its place, ask what the role does.
_OF_THE_ROLE_PLACED = (FALLBACK, "ask_outcome")
#: One of two things named by its place.
_BY_PLACE = re.compile(r"\bthe\s+(first|1st|second|2nd|third|3rd|fourth|4th|last|former|latter)\b"
                       r"(?:\s+(?:one|role|job|post|of (?:those|them|the two)))?(?=\W|$)"
                       r"(?!\s+(?:step|thing|time|bit|part|year|day|week|month|few|couple|stage))",
                       re.IGNORECASE)


def _asks_if_it_counts(question: str, told: str = "") -> bool:
    """Whether a question asks if something of the visitor's (their experience, years,
    background, job) counts, helps or carries over ("does that kind of exposure count for
    intelligence work?", "would my interview and disclosure experience carry over?"), or
    whether "that" does after the visitor told their job ("I'm a DS on a DA team ... would
    that count for an analyst job?": `told`, the whole message)."""
    found = _IT_COUNTS.search(question)
    if found and _AS_A_BACKGROUND.match(question[found.end():]):
        return True  # "would payroll in a private company count as a background they'd look at"
    if not found or _COUNTS_AS_SOMETHING.match(question[found.end():]):
        return False
    return bool(_THEIR_BACKGROUND.search(question[:found.end()])
                or _TELLS_THEIR_JOB.search(told) and _THAT.search(question[:found.end()]))


#: Asking whether something counts, helps or carries over: a yes-or-no question ("which of
#: my habits would count?" asks for skills), not whether it counts against the visitor.
_IT_COUNTS = re.compile(
    r"(?:^|[.,;:!?(]\s*|\b(?:and|but|so|or|then|ok|okay)\s+)(?:would|will|does|do|did|could|can|is|are|"
    r"might|may|doesn't|doesnt|wouldn't|wouldnt|isn't|isnt)\b[^?.!]*?\b(?:count|counts|help|helps|"
    # "Doesn't that show I can do it?" (blind set BP's first look)
    r"shows? (?:that )?i can|proves? (?:that )?i can|be relevant|relevant|carry over|carries over|"
    r"transfer|transfers|be useful|be any use|any use|of use|be valued|valued|stand me in good stead|"
    r"go towards|a stretch|worth anything|mean anything)\b(?!\s+against)|"
    r"\b(?:it|that|this)\s+(?:helps?|counts?)\s*\?|"
    # in a second language: "this experience is ok for england police intelligence?", "This
    # is good for intelligence job here?" (blind sets BP and BQ's first looks)
    r"\b(?:this|that|it)\s+(?:experience\s+|background\s+|work\s+|job\s+)?is\s+(?:ok|okay|good|useful|"
    r"helpful|enough)\s+for\b|"
    # "He'd like to know whether that kind of research is relevant to intelligence roles."
    # (not "whether that kind of eye for detail is useful", which asks what the work needs)
    r"\b(?:whether|if)\b[^?.!]*?\b(?:is|are|would be|will be|could be)\s+relevant\b", re.IGNORECASE)
#: What it would count as or towards, when named: "count towards a higher starting salary",
#: "count as working in the field" ask of that.
_COUNTS_AS_SOMETHING = re.compile(r"\s+(?:as|towards|toward)\s+(?!(?:experience|relevant|"
                                  r"anything|something|owt|summat|aught|a route|a way)\b)\w", re.IGNORECASE)
#: Counted as a background or as experience: "count as a law enforcement background".
_AS_A_BACKGROUND = re.compile(r"\s+as\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:background|experience)\b",
                              re.IGNORECASE)
#: Words naming a background, in which other words are what the visitor did: "thirty years
#: of reconciling pension records".
_NAMES_BACKGROUND = re.compile(r"\b(?:years?|yrs|experience|background|skills?|ability|abilities|"
                               r"knowledge|work|job|career)\b", re.IGNORECASE)
#: The visitor telling what they do: "I'm a DS on ...", "I work in ...", "I've been a ...".
_TELLS_THEIR_JOB = re.compile(r"\b(?:i'?m|im|i am|i've been|ive been|i was)\s+an?\s+\w|"
                              r"\bi\s+work(?:ed)?\s+(?:as|in|at|for|with|on)\b|"
                              # "I did the intel work that flagged the boat"
                              r"\bi\s+did\s+the\s+(?:[\w-]+\s+){0,2}?(?:work|tracing|analysis|research)\b",
                              re.IGNORECASE)
#: "that" or "this", pointing back to what was told.
_THAT = re.compile(r"\b(?:that|this|it)\b", re.IGNORECASE)
#: Words for the visitor's background: theirs, or their years, experience or skills.
_THEIR_BACKGROUND = re.compile(
    r"\b(?:my|his|her|their|our|that kind of|that sort of|this kind of|this sort of)\b|"
    r"\b(?:years?|yrs|experience|background|ability|abilities)\b", re.IGNORECASE)


_SET_ASIDE = re.compile(r"(?:^|(?<=[.,;:!?])\s*)(?:(?:leaving|setting|putting)\s+)?"
                        r"(?:the\s+|my\s+)?\w+(?:\s+\w+)?\s+(?:aside|apart)\b|"
                        r"\b(?:never mind|forget|leaving aside|setting aside|putting aside)\s+"
                        r"(?:the\s+|my\s+|about\s+(?:the\s+)?)?\w+(?:\s+side)?",
                        re.IGNORECASE)


def _term_asked(content: Content, question: str) -> Optional[Tuple[str, Optional[str]]]:
    """For "what is <term>?" of a term the content uses (an abbreviation it spells out, or
    a jargon word), where the content says it: the topic whose title names it, else the
    topic or role whose sentence first uses it, as (kind, role). None otherwise. The last
    answer is kept: `read_frame` and then `fill_from_context` ask it of the same question."""
    last = _LAST_TERM_ASKED.get("last")
    if last is not None and last[0] is content and last[1] == question:
        return last[2]
    found = _find_term_asked(content, question)
    _LAST_TERM_ASKED["last"] = (content, question, found)
    return found


#: What people do there, asked with "do" and when: "what does an FIB do from day to day?",
#: "what does the IU do all day".
_ITS_DAY = re.compile(r"\bdo\s+(?:from\s+|on\s+a\s+|in\s+a\s+)?(?:day\s+to\s+day|day-to-day|all\s+day|"
                      r"each\s+day|every\s+day|typical\s+day|normal\s+day)\b", re.IGNORECASE)
#: The last question `_term_asked` read, with its content and answer.
_LAST_TERM_ASKED: Dict[str, Tuple[Content, str, Optional[Tuple[str, Optional[str]]]]] = {}


def _find_term_asked(content: Content, question: str) -> Optional[Tuple[str, Optional[str]]]:
    # the clause that asks it first: "What's RIPA, I seen it on a job advert for an
    # intelligence officer" asks what RIPA is, where "what does an FIB analyst do?" asks of
    # the analyst; then, naming no role, the whole ("thinking about moving into the FIB. what
    # do they actually do there")
    split = re.split(r"(?<=[,.;?!])\s+", question)
    asking = [c for c in split if _ASKS_WHAT.search(c)]
    if question not in asking and _ASKS_WHAT.search(question):
        asking.append(question)
    told_then_asked = sentences(question)
    pointed_back = not asking and len(told_then_asked) == 2 and told_then_asked[1].endswith("?") \
        and len(told_then_asked[1].split()) < MIN_QUESTION_WORDS \
        and bool(ASKS_OF_WHAT_WAS_TOLD.search(told_then_asked[1]))
    if pointed_back:
        # a term told, then asked of by "that" alone: "Someone from probation mentioned a
        # 'CVF'. Does that apply here too?" (not "... Would that help me get a job in a force
        # intelligence bureau?", which asks of more)
        asking = [told_then_asked[0]]
    for piece in asking:
        # words quoted from an answer: "What exactly do you mean by 'at any level'?"
        quoted = next((place for q in _QUOTED.findall(piece) if not _names_a_subject(content, q)
                       for place in [_place_said(content, q)] if place), None)
        if quoted:
            return quoted
        # asked only by "what does": the term must be what does it ("what does the FIB do?"),
        # not where someone is ("What does someone in an FIB actually do all day?")
        only_does = not pointed_back and not _ASKS_WHAT.search(_WHAT_DOES.sub(" ", piece))
        term, place = next(((term, place) for term, place in _terms(content).items()
                            if re.search(rf"\b{re.escape(term)}s?\b", piece, re.IGNORECASE)
                            and not (only_does and not _asks_what_it_does(term, piece))),
                           (None, None))
        # (the roles named, looked for only where a term is: the slower search; and not where
        # the piece asks something not held of it: "What's the working pattern like in the
        # FIB?" asks about shifts, not what an FIB is)
        # (nor where the piece asks what the days or the work are like there: "what is the day
        # to day like in an FIB" asks what people there do, blind set BR's first look; "What
        # does an FIB actually decide day to day?" still asks what the FIB does, where "What
        # does a force intelligence bureau do from day to day?" asks the day's work, blind set
        # CC's first look): the kinds of question said of the place (`said_of` in the content)
        life = {kind for kind, topic in content.topics.items()
                if place[0] in topic.said_of} if place else set()
        if place and not roles_in(content, piece) and not unknowns.subject_of(content, piece) \
                and (cued_kind(content, piece) not in life or _asks_what_it_does(term, piece)
                     and not _ITS_DAY.search(piece)):
            return _as_said_for(content, term, place, roles_in(content, question))
    return None


def _asks_what_it_does(term: str, piece: str) -> bool:
    """Whether the piece asks what the term itself does: "what does the FIB do?"."""
    return bool(re.search(rf"{_WHAT_DOES.pattern}\s+(?:the\s+|an?\s+)?{re.escape(term)}s?\b", piece,
                          re.IGNORECASE))


def _as_said_for(content: Content, term: str, place: Tuple[str, Optional[str]],
                 named: List[str]) -> Tuple[str, Optional[str]]:
    """Where a term is said, for the one role the message names when that role's profile says
    it too: "For intelligence officer, what is meant by advising on tactical options?" is the
    officer's "advise on tactical options", not the analyst's "tactical level", said first."""
    kind, role = place
    if role is None or len(named) != 1 or named[0] == role:
        return place
    other = content.roles[named[0]]
    said = any(re.search(rf"\b{re.escape(term)}s?\b", text, re.IGNORECASE)
               for text in [other.summary, *other.details])
    return (kind, named[0]) if said else place


#: The unknown subject of what a term means beyond the pathway's words (data/pathway/unknowns.yml).
MEANINGS = "meanings"


def definition_asked(content: Content, question: str) -> Optional[Tuple[str, str]]:
    """The term whose meaning the question asks beyond what the pathway says, with the
    pathway's sentence using it: a `jargon` term (which the sources gloss nowhere), or words
    quoted from an answer ("'community sources' - is that defined anywhere?"), asked what they
    stand for, how they are defined, which ones or whose they are ("Closed to whom?"), or how
    two or more of them differ ("Strategic, tactical, operational. What's the actual
    difference?"). Not "what's RIPA about?" nor "what do you mean by 'any level'?", which the
    pathway's own sentence answers."""
    if not _ASKS_A_DEFINITION.search(question):
        return None
    named = [term for term in content.jargon
             if re.search(rf"\b{re.escape(term)}s?\b", question, re.IGNORECASE)]
    named = [term for term in named if not any(term != other and term.lower() in other.lower()
                                               for other in named)]
    quoted = [q for q in _QUOTED.findall(question) if not _names_a_subject(content, q)]
    if _ASKS_A_DIFFERENCE.search(question) and not _ASKS_A_DEFINITION.search(
            _ASKS_A_DIFFERENCE.sub(" ", question)):
        # a difference asked: of two or more terms, or of one that joins two
        named = named if len(named) > 1 or any(" and " in term for term in named) else []
        quoted = []
    said = {term: _said_in(content, term) for term in [*quoted, *named]}
    terms = [term for term, sentence in said.items() if sentence]
    terms = [term for n, term in enumerate(terms) if not any(
        term.lower() in other.lower() for other in terms[:n])]  # 'closed sources', not again "closed source"
    if not terms:
        return None
    quotes = [f"“{term}”" for term in terms]
    return " and ".join([", ".join(quotes[:-1]), quotes[-1]] if len(quotes) > 1 else quotes), \
        said[terms[0]]


#: What a question asking a term's meaning beyond the pathway's words says: how terms differ,
#: what one stands for, how it is defined, which ones, to or by whom, what it covers only.
_ASKS_A_DIFFERENCE = re.compile(
    r"\b(?:what'?s|what\s+is|whats)\s+the\s+(?:\w+\s+)?diff(?:erence|rence|rance)?\b", re.IGNORECASE)
_ASKS_A_DEFINITION = re.compile(
    rf"{_ASKS_A_DIFFERENCE.pattern}|\bstands?\s+for\b|\bdefin(?:e|ed|es|ition)\b|"
    r"\bwhich\s+ones\s+(?:are|is)\s+(?:those|they|these|that)\b|\b(?:to|by)\s+whom?\b|"
    r"\bwhat\s+level\s+of\s+it\b|\bmeans?\s+(?:\w+\s+){1,4}only\b", re.IGNORECASE)
#: Words quoted from an answer: 'closed sources', "community sources".
_QUOTED = re.compile(r"(?<!\w)['‘\"“]([^'‘’\"“”?]{3,40}?)['’\"”](?!\w)")


def _names_a_subject(content: Content, words: str) -> bool:
    """Whether quoted words name what the content answers for itself: intelligence work, a
    role, a programme, a topic ("Define 'intelligence' as the College uses it", "define
    'police intelligence' for me")."""
    lowered = re.sub(r"^(?:the|an?)\s+(?:police\s+)?|^police\s+", "", words.strip().lower())
    return bool(roles_in(content, words) or programmes_in(content, words)
                or not INTELLIGENCE_WORK.sub("", lowered).strip(" -")
                or any(lowered in topic.title.lower() for topic in content.topics.values()))


def _said_in(content: Content, term: str) -> Optional[str]:
    """The first sentence of the content that uses the term, if any."""
    pattern = re.compile(rf"\b{re.escape(term)}s?\b", re.IGNORECASE)
    titles = {topic.title for topic in content.topics.values()}  # names, not what is said
    return next((sentence for _kind, _role, text in _places(content) if text not in titles
                 for sentence in sentences(text) if pattern.search(sentence)), None)




_ASKS_WHAT = re.compile(r"\b(what|wat|wot)\s*(is|'s|s|are|does|do)\b|\bwhats\b|\bstands? for\b|"
                        r"\bmeans?\b|\bmeaning\b|\bexplain\b|"
                        # "where does RIPA come into it" (blind set BJ)
                        r"\bwhere\s+(?:does|do|would|will)\s+[\w-]+\s+(?:come|comes|fit|fits)\s+in",
                        re.IGNORECASE)


#: A question about what was just told: "Does that apply here too?", "is this a thing here?"
ASKS_OF_WHAT_WAS_TOLD = re.compile(r"^\W*(?:and\s+|so\s+)?(?:does|do|would|will|is|are|can)\s+"
                                   r"(?:that|this|those|these)\b", re.IGNORECASE)


#: "what does" (or "what do"), which asks what a term is only when the term follows.
_WHAT_DOES = re.compile(r"\b(?:what|wat|wot)\s*(?:does|do)\b", re.IGNORECASE)


def _place_said(content: Content, words: str) -> Optional[Tuple[str, Optional[str]]]:
    """Where the content first says these words, as (kind, role)."""
    pattern = re.compile(rf"\b{re.escape(words)}s?\b", re.IGNORECASE)
    return next(((kind, role) for kind, role, text in _places(content) if pattern.search(text)), None)


def _places_of(content: Content) -> List[Tuple[str, Optional[str], str]]:
    """Everything the content says, as (kind, role, text): the topics' titles, answers and
    details, then the roles'."""
    return [
        *((t, None, topic.title) for t, topic in content.topics.items()),
        *((t, None, topic.answer) for t, topic in content.topics.items()),
        *((t, None, detail) for t, topic in content.topics.items() for detail in topic.details),
        *(("role_details", r, text) for r, role in content.roles.items()
          for text in (role.summary, *role.details))]


_places = built_once(_places_of)


def _term_places(content: Content) -> Dict[str, Tuple[str, Optional[str]]]:
    """Each term the content uses (the longest first) and where it says it."""
    places = _places(content)
    programmes = {a.lower() for topic in content.topics.values() for a in topic.aliases}
    terms: Dict[str, Tuple[str, Optional[str]]] = {}
    for found in sorted({*content.jargon, *_abbreviations_spelt_out(places)}, key=len, reverse=True):
        if found.lower() in programmes:
            continue  # the programmes have their own answers
        where = next(((kind, role) for kind, role, text in places
                      if re.search(rf"\b{re.escape(found)}s?\b", text, re.IGNORECASE)), None)
        if where:
            terms[found] = where
    return terms


_terms = built_once(_term_places)


def _abbreviations_spelt_out(places: Sequence[Tuple[str, Optional[str], str]]) -> List[str]:
    """Abbreviations the content spells out, and their long forms: "Competency and Values
    Framework (CVF)" gives both."""
    found: List[str] = []
    for _kind, _role, text in places:
        for match in re.finditer(r"\(([A-Z]{2,})s?\)", text):
            abbreviation = match.group(1)
            words = text[:match.start()].split()
            long: List[str] = []
            letters = list(abbreviation)
            while words and letters:
                word = words.pop()
                if word.lower() in ("and", "of", "the") and long:
                    long.insert(0, word)
                elif word[0].lower() == letters[-1].lower():
                    long.insert(0, word)
                    letters.pop()
                else:
                    break
            found.append(abbreviation)
            if not letters:
                found.append(" ".join(long).rstrip("s'"))
    return found


def topic_asked_for(content: Content, question: str, told: str = "") -> Optional[str]:
    """"Who acts on it?", "what happens to it once it goes to intel?": the topic asked for by
    what it is about (`asked_for_as` in the content), not by name; unless a kind's cue says
    more ("are the jobs office based?" asks where you work) or the question asks whether
    something is needed ("do I need a formal qualification?" asks what it takes to get in).
    `told`: the message the question was cut from, for the crime "that" refers to."""
    # (in the sentences that ask: "fair enough." before them is no "enough" asked of)
    if _phrases(content.unknowns.asks_required).find(analyse(_asking(question))):
        return None
    # a condition it is asked under is no cue ("is there a formal qualification I can work
    # towards once I'm in?" asks for the qualification, not for learning once in)
    _kind, cue = _longest_cue(content, question)
    # the longest way of asking wins: "where do their people come from" over "where does it";
    # in the sentences that ask ("Back to the jobs. Is there a maximum age?" asks the age),
    # unless they point back to what was told ("... tracing dodgy transactions. Is that the
    # sort of thing police intelligence deals with?")
    asking = _asking(question)
    topic_id, length = _asked_for_as(content, analyse(
        question if _REFERS_BACK.search(asking) else asking))
    return topic_id if length > cue else _asked_with_a_crime(content, question, told)


def _asked_for_as(content: Content, words: Sequence[Tuple[str, str]]) -> Tuple[Optional[str], int]:
    """The topic whose `asked_for_as` phrase found in `words` is longest, and that length."""
    return _longest_found(((t, _phrases(topic.asked_for_as))
                           for t, topic in content.topics.items() if topic.asked_for_as), words)


def _asked_with_a_crime(content: Content, question: str, told: str = "") -> Optional[str]:
    """"Do intelligence teams work on insurance fraud?", "would I end up on counter-terrorism
    cases?": whether the work takes in a kind of crime (`asked_with_a_crime` in the content,
    with a crime the safety net knows) asks what the work is, not the neighbouring topic
    its other words suggest. Only in what the message asks ("I work on fraud cases at a bank.
    How do I get in?" tells of the visitor's work), and never a way in. The crime may be
    the one the message told, when the question points back to it ("... blokes takin wheels
    off cars that aint theres. would intel look at that sorta thing?")."""
    asked = _IF_I_JOINED.sub("", asked_only(question))  # a condition asks no way in
    words = analyse(asked)
    if has_cue(content, "entry_routes", asked) or _ASKS_WHICH_ROLE.search(asked):
        return None  # "which intel role deals with threat, risk and harm?" asks for a role
    crimes = safety.crimes_in(content, words)
    if not crimes and told and _POINTS_BACK.search(asked):
        crimes = safety.crimes_in(content, analyse(told))
    for topic_id, topic in content.topics.items():
        ways = _phrases(topic.asked_with_a_crime).find(words) if topic.asked_with_a_crime else []
        # "dealing with" asks; it names no crime ("dealing" alone might)
        asking = {base for way in ways for _, base in analyse(way)}
        if ways and any({base for _, base in analyse(c)} - asking for c in crimes):
            return topic_id
    return None


#: "... if I joined": the condition a question is asked under, not a question about joining.
_IF_I_JOINED = re.compile(r"\b(?:if|once|when) (?:i|you|u) (?:joined|join|got in|get in|was in|"
                          r"were in|went for it)\b.*$", re.IGNORECASE)

#: A question pointing back to what the message told: "that sort of thing", "stuff like this".
_POINTS_BACK = re.compile(r"\b(?:that|this|these|those)\b", re.IGNORECASE)


def _role_asked_for(content: Content, question: str) -> List[str]:
    """"Who would I report to?", "who's in charge of the officers?": the role asked for by
    what it does (`asked_for_as` in the content), not by name."""
    words = analyse(question)
    return [role_id for role_id, role in content.roles.items()
            if role.asked_for_as and _phrases(role.asked_for_as).find(words)][:1]


def _entity_roles(content: Content, entities: Dict[str, str]) -> List[str]:
    role = _resolve(entities.get("role"), content.role_names())
    return [role] if role else []


def _resolve(value: Optional[str], names: Dict[str, str]) -> Optional[str]:
    """Map what the user typed ("intel analist") to an id, via the content's synonyms."""
    if not value:
        return None
    key = re.sub(r"\s+", " ", str(value).lower().strip(" ?!.'\""))
    if key in names:
        return names[key]
    singular = key[:-1] if key.endswith("s") else key
    return names.get(singular)


def _asks_difference(question: str) -> bool:
    """Whether a question naming one role sets it against another: "how's that different from
    the officer?"; not a bare "or", which may join two questions ("would my experience count
    or would I have to be an officer first?")."""
    return any(found != "or" for found in _DIFFERENCE.find(analyse(question)))


def asks_which_to_start_in(content: Content, question: str) -> bool:
    """Whether a question asks which of two roles to get in as ("would I go in as a
    researcher or could I apply straight for an officer post?", "would I have to be an officer
    first?"): both named, one or the other or one first, in a piece that asks, with a cue of
    getting in there too; not "I'm a researcher, want to become an analyst", nor "I'd have to
    be a cop first. Which role would use my coding more, analyst or researcher?"."""
    return any(asks(piece) and has_cue(content, "entry_routes", piece) and (
        _OR.search(piece) and len(roles_in(content, piece)) >= 2
        or _FIRST.search(piece) and len(roles_in(content, question)) >= 2)
        for piece in pieces(question))


_OR = re.compile(r"\bor\b", re.IGNORECASE)
#: One role before the other, the first named anywhere in the message ("Back to the
#: supervisor, would I have to be an intelligence officer first?").
_FIRST = re.compile(r"\b(?:first|before)\b", re.IGNORECASE)


def _names_two(question: str) -> bool:
    words = analyse(question)
    return bool(_DIFFERENCE.find(words) or _AND.find(words))


_DIFFERENCE = Phrases(["different", "difference", "differ", "compare", "compared", "versus",
                       "vs", "better", "instead", "rather", "or", "between", "overlap",
                       # "is that the same as the officer" (blind set BM)
                       "the same as", "same as the", "similar to"])
_AND = Phrases(["and"])


#: Asking for examples of what was just said: "like what?", "such as?", "example please".
_FOR_EXAMPLE = re.compile(r"\b(?:like what|such as|for example|for instance|examples?|e\.?g|"
                          r"what sort of (?:things|stuff)|what kind of (?:things|stuff))\b", re.IGNORECASE)
#: The most words a message asking only for examples has.
EXAMPLE_WORDS = 8


def _asks_for_examples(question: str) -> bool:
    """Whether a short message asks for examples of what was just said ("like what tho",
    "Which information? Example please.")."""
    return len(tokens(question)) <= EXAMPLE_WORDS and bool(_FOR_EXAMPLE.search(question))


#: A bare "why?" after an answer asks for more of it.
_WHY = re.compile(r"^\W*(why|y|how come|why's that|whys that|why is that|why that one|why that)"
                  r"\W*$", re.IGNORECASE)


def _asks_for_source(question: str) -> bool:
    """"source?", "link?", "where's that from": a short message asking where an answer is from;
    or the assistant asked where its words come from, in any length ("Is that your phrase or
    the College's? I have to credit the source", "Where does the 'any level' line come from?")."""
    if _ASKS_YOUR_SOURCE.search(question) or asks_where_you_get_it(question) or \
            _CHECKS_ITS_AUTHORITY.search(question) or doubts_it(question):
        return True
    words = tokens(question)
    return bool(words) and len(words) <= 5 and bool(_SOURCE & set(words)) and \
        set(words) <= _SOURCE | {"where", "from", "that", "this", "is", "it", "the", "a", "what",
                                 "your", "please", "pls", "for", "any", "got", "s"}


def asks_where_you_get_it(question: str) -> bool:
    """Whether the assistant is asked where its information comes from in general ("And where
    does your information come from?"), not where the last answer's words do: its pages."""
    return bool(_ASKS_WHERE_YOU_GET_IT.search(question))


_SOURCE = {"source", "sources", "link", "links", "reference", "references", "ref"}
#: The assistant asked where its own words come from (blind set BO).
_ASKS_YOUR_SOURCE = re.compile(
    r"\bwhere do (?:you|u) get (?:the|this|that|all this|all that) (?:info|information|facts|answers)\b|"
    r"\byour (?:phrase|words|wording|own words)\b|\bcredit (?:the|a|your) source\b|"
    r"\bwhere (?:does|did) (?:the|that|this) (?:[\w'‘’\"“”-]+\s+){0,4}?(?:line|quote|phrase|wording|bit|"
    r"sentence|figure|claim) come from\b|"
    # (blind set BR's first look): "What is the source for what you have told me about entry?"
    r"\bsources? (?:for|of|behind) what (?:you|u)(?:'ve| have)? (?:told|said|gave|given)\b",
    re.IGNORECASE)
#: ... or whether what it said is the College's, official, to be cited (blind set CB's first
#: look, written by people who check everything): "Is that official?", "Is that the College's
#: phrase or yours?", "Is every bit of that from the College of Policing?", "Citation? I need
#: a page", "wheres that, on the collage of policing site?"
_CHECKS_ITS_AUTHORITY = re.compile(
    r"\b(?:is|was|are)\s+(?:all\s+|every\s+(?:bit|word|part|line)\s+of\s+)?(?:that|this|it|those|these)\s+"
    r"(?:all\s+|really\s+|actually\s+)?(?:official|from\s+the\s+(?:college|collage)|the\s+(?:college|collage)'?s|"
    r"(?:a\s+)?(?:direct\s+)?quote|verbatim|word\s+for\s+word)\b(?!\s+(?:that|to|for|in|on|whether|if)\b)|"
    r"\b(?:college|collage)'?s\s+(?:own\s+)?(?:phrase|words|wording|term|line|language)\b|"
    r"^\W*(?:a\s+)?citation\b|\bwhat\s+(?:page|source)\s+(?:should|do|can|would)\s+i\s+cite\b|"
    r"\bwhere(?:'s|s|\s+is)\s+(?:that|this)\W+(?:on|from)\s+(?:the\s+)?(?:college|collage|site|website|page)",
    re.IGNORECASE)
#: Doubt of the answer just given, said alone: "are you sure?", "says who?", "really?"
_DOUBTS_IT = re.compile(
    # (after the words doubted, echoed: "Two years? Are you sure? That sounds very quick.")
    r"^(?:[^?]{1,20}\?\s*)?\W*(?:(?:are|r)\s+(?:you|u)\s+sure|(?:you|u)\s+sure|says\s+who|who\s+says(?:\s+so)?|"
    r"is\s+that\s+(?:right|true|correct|really\s+(?:right|true|so))|that\s+can'?t\s+be\s+right|"
    r"prove\s+it)\b\W*(?:$|[?!.,;:-]\s*(?=\S))|^\W*really\W*$", re.IGNORECASE)
#: How many words a doubting message may have beside its doubt.
DOUBT_WORDS = 14


def doubts_it(question: str) -> bool:
    """Whether a short message doubts the answer just given ("are you sure? thats not what
    people on there are saying at all", "says who? our L&D team have never once mentioned
    it"): the answer again, with where it comes from."""
    return bool(_DOUBTS_IT.match(question)) and len(tokens(question)) <= DOUBT_WORDS


#: ... or where its information comes from in general (blind sets BO and BP): "where do you
#: get your information from?", "And where does your information come from?"
_ASKS_WHERE_YOU_GET_IT = re.compile(
    r"\bwhere do (?:you|u) get (?:your|ur) (?:info|information|facts|answers)\b|"
    r"\bwhere (?:does|do|did) (?:your|ur) (?:info|information|facts|answers|knowledge) come from\b|"
    r"\bwhere(?:'s| is) (?:your|ur) (?:info|information|facts|answers|knowledge) from\b|"
    # everything said so far, credited or quoted (blind sets BT and BU's first looks; not "where
    # does all that info come from?", which asks where intelligence comes from): "Where's
    # all this coming from? I want to credit it properly.", "Can I quote you? What are your
    # sources?", "Give me a link to put at the bottom of the slide."
    r"\bwhere(?:'s| is) all (?:this|that|of this|of that) (?:coming |come )?from\b|"
    r"\bwhat (?:are|r) (?:your|ur) sources\b|\b(?:name|state|cite|list|give) (?:the|your|ur) sources?\b|"
    r"\bgive (?:me|us) (?:a|the) link\b", re.IGNORECASE)
#: The words of asking where an answer comes from: a `_SOURCE` word, or "where's that from?",
#: "says who?".
_WHERE_FROM = re.compile(r"(?<!open )(?<!closed )(?<!open-)\b(" + "|".join(sorted(_SOURCE)) +
                         r"|refs|says who|who says|how "
                         r"do you know|where did you|where does it say|proof|evidence|cite|"
                         r"citation|where (?:are|is|can i (?:find|read|see)|do i (?:find|read|see)) "
                         r"(?:those|these|they|them|it|that|this))\b"
                         # "where's that from?", not "Where do those fragments come from, then?"
                         # nor "analysts who came from abroad" (blind set CB's round)
                         r"|(?<!different )(?<!differ )(?<!apart )\bfrom\s*(?:[?!.]|$)", re.IGNORECASE)
#: Words asking what an answer stands on (to cite, credit or check it), not where to find or
#: read more of its subject ("where are those?" after the career stories).
_ITS_SOURCE = re.compile(r"(?<!open )(?<!closed )(?<!open-)\b(?:sources?|cite|citation|official|references?|"
                         r"refs?|credit|attribute|quote|"
                         r"phrase|wording|says who|who says|college|collage)\b|\bfrom\s*(?:[?!.]|$)",
                         re.IGNORECASE)


def asks_what_it_stands_on(question: str) -> bool:
    """Whether a question about where an answer comes from asks what it stands on (its source,
    to cite or check: an answer about the resources), not where to find its subject."""
    return bool(_ITS_SOURCE.search(question))


#: A question asked of someone ("what sources would I be searching?", "what sources do
#: analysts use?"): about information sources, not where the answer just given comes from.
_ASKS_OF_SOMEONE = re.compile(
    r"\b(would|will|do|does|did|can|could|should|are|is)\s+(i|we|they|he|she|people|the ones|analysts?|"
    r"officers?|researchers?|supervisors?|intelligence|intel|police|teams?|forces?|staff)\b",
    re.IGNORECASE)


def _asks_where_from(question: str) -> bool:
    """Whether the words ask where the answer just given comes from."""
    return bool(_WHERE_FROM.search(question)) and not _ASKS_OF_SOMEONE.search(question)


#: The most words one phrase of `said_as` may have ("ok not bad for a bot").
SAID_WORDS = 7
#: Emoji that say "ok, thanks" on their own.
_ACKNOWLEDGING = re.compile("[\U0001F44D\U0001F44C\U0001F64F\U0001F60A\U0001F642\U0001F44F"
                            "\u2705\U0001F4AF\U0001F91D\u263A\U0001F3FB-\U0001F3FF\uFE0F]")


def only_filler(text: str) -> bool:
    """Words that say nothing of their own ("ok.", "right then", "oh really"): beside a
    question, the question is the message."""
    words = tokens(text)
    return bool(words) and all(w in _FILLER_CHAT for w in words) or bool(_POINTS_TO_ITEM.match(text))


#: A label pointing to one of the questions asked before ("On 1)", "Re 3", "Q2:"): the
#: question after it is the message.
_POINTS_TO_ITEM = re.compile(r"^\W*(?:on|re|ref|for|about|as for|point|q|question|number|no)?"
                             r"\W*\(?\d{1,2}\)?\W*$", re.IGNORECASE)


def chitchat_said(content: Content, question: str) -> Optional[str]:
    """The chit-chat a message says and nothing else ("cheers", "ok ta", "thank you my friend",
    "cheers gtg"), from the words of each in the content (`said_as`), or None. Said one after
    another, the last one is the message's ("thanks, bye" takes its leave), except that a
    goodbye anywhere takes its leave ("Bye, thanks")."""
    words = tokens(question)
    if not words and question.strip() and not _ACKNOWLEDGING.sub("", question).strip(" .!"):
        return "thanks"  # "👍"
    if not words or len(words) > 12:
        return None
    said: Optional[str] = None
    at = 0
    while at < len(words):
        for length in range(min(SAID_WORDS, len(words) - at), 0, -1):
            kind = _said_as(content).get(tuple(words[at:at + length]))
            if kind:
                said, at = (said if said == "goodbye" and kind == "thanks" else kind), at + length
                break
        else:
            misspelt = _said_misspelt(content, words[at])  # "thnaks", "goodbey"
            if misspelt:
                said, at = misspelt, at + 1
                continue
            if words[at] not in _FILLER_CHAT:
                return None
            at += 1
    return said


def moved_on(content: Content, text: str) -> bool:
    """Whether a message takes its leave ("ok police r here now thx") or names something of
    the pathway (a topic, a role, a programme): right after a signpost, the visitor has moved
    on from the report (bot/action_server/safety.py)."""
    return bool(signs_off(content, text) or topic_asked_for(content, text)
                or roles_in(content, text) or programmes_in(content, text)
                or _BACK_TO_THE_QUESTION.search(text) or asks_what_else(content, text)
                or _OTHER_THING.search(text) and any(asks(p) for p in pieces(text)))


def asks_what_else(content: Content, text: str) -> bool:
    """Whether the message ends asking what else there is to know ("ok shes phoned. wat
    else", "I've lost track now, what else should I know?"), after words that ask nothing:
    the assistant's help, whatever it was told first."""
    parts = pieces(text)
    return len(parts) > 1 and chitchat_said(content, parts[-1]) == "help" \
        and not any(asks(p) for p in parts[:-1])


#: The job or role itself, named by no role: "what does the job actually involve?"
_THE_JOB_ITSELF = re.compile(r"\b(?:the|this|that|your|my)\s+(?:job|role|work|post|position)\b",
                             re.IGNORECASE)
#: Words for a kind of programme: "is there a national programme for it?" asks which.
_NAMES_A_PROGRAMME = re.compile(r"\b(?:programmes?|courses?|qualifications?|certificates?|"
                                r"certification|schemes?)\b", re.IGNORECASE)


#: Saying that what follows is another matter, before a question (blind set CB's first look:
#: "Right. Different thing, my grandson's keen on the police computer side of things. What is
#: there?"); a new report told after it is still read as one, on its own words.
_OTHER_THING = re.compile(r"\b(?:different|other|separate|another|new)\s+(?:thing|question|q|subject|"
                          r"topic|matter)\b|\bchang(?:e|ing)\s+(?:the\s+)?subject\b|\bon another note\b",
                          re.IGNORECASE)
#: The visitor saying they come back to what they asked before ("Ambulance came now, thank
#: you. Back to my question - this officer, he go outside ...?").
_BACK_TO_THE_QUESTION = re.compile(r"\b(?:back to|as i was asking|returning to)\s+(?:my|the|our|your)"
                                   r"\s+(?:original\s+|earlier\s+|other\s+|career\s+|job\s+)?"
                                   r"(?:question|q|query|point)s?\b|"
                                   # ... or to anything said before, opening a sentence (blind set
                                   # CD's first look: "RIGHT sorted, coppers on the way. Back to
                                   # the first thing, the field stuff. Who gets to go out??"); not
                                   # "he went back to the house"
                                   r"(?:^|[.!?;:]\s*|\b(?:ok|okay|right|anyway|so|but)\W+)"
                                   r"(?:going |getting |coming )?back to\s+(?:my|the|our|your|what|that|"
                                   r"this|where|before)\b", re.IGNORECASE)


def signs_off(content: Content, question: str) -> Optional[str]:
    """Thanks or goodbye beside words that ask nothing and name no role or programme ("Legs
    eleven, thanks!", "ok police r here now thx", "thanks so much, I'll have a proper think
    over the weekend"): the thanks, not a question read into the rest. Never in the safety
    net, which reads every message whole."""
    if asks(question) or any(asks(p) for p in pieces(question)) \
            or _ASKS_ANYWHERE.search(_WEIGHING_UP.sub("", question)) or roles_in(content, question) \
            or programmes_in(content, question):
        return None  # "thanks. tbh I want to go into it, where do people come into it from";
        # "ta. do they take people over 35 or is it mostly young ones"
    clauses = [tokens(c) for c in re.split(r"[,.!;]+", question)]
    # a clause, or the last words of one, or thanks that begins one ("thanks so much for
    # taking the time"; not "bye the way ...")
    ends = [" ".join(w[-n:]) for w in clauses for n in (1, 2, 3) if len(w) > n]
    starts = [" ".join(w[:n]) for w in clauses for n in (1, 2, 3) if len(w) > n]
    for part in [" ".join(w) for w in clauses] + ends + starts:
        said = chitchat_said(content, part) if part.strip() else None
        # a goodbye of one word ends no longer clause ("I am afraid to go out")
        if said == "thanks" or said == "goodbye" and part not in starts and (
                " " in part or part not in ends):
            return said
    return None


#: Asks whether a role is real: "is there such a thing as ...", "is that even a real job?"
_ASKS_IF_IT_EXISTS = re.compile(r"\b(such a thing as|(a|an) real (job|role|thing|career|position)|"
                                r"(actually|really|even|still) exists?|does (it|that|this) exist)\b",
                                re.IGNORECASE)
#: The visitor weighing up what to do, which asks nothing: "I'll think about what to do".
_WEIGHING_UP = re.compile(r"\b(think|thinking|decide|work|sort|figure)\s+(about\s+|out\s+|on\s+)?"
                          r"(what|how|who|where|when|which)\s+to\b", re.IGNORECASE)
#: A question word anywhere in a message, however it is punctuated.
_ASKS_ANYWHERE = re.compile(r"\b(what|how|which|why|where|who|when|whats|wat|hw)\b", re.IGNORECASE)


def opens_with_thanks(content: Content, text: str) -> bool:
    """"Thanks for being straight with me.": a part that asks nothing and opens with thanks."""
    words, said = tokens(text), _said_as(content)
    return not asks(text) and any(said.get(tuple(words[:n])) == "thanks"
                                  for n in range(1, SAID_WORDS + 1))


def _says_any_chitchat(content: Content, text: str) -> bool:
    """Whether any words of `text` are thanks, a greeting or a goodbye, misspelt or not."""
    words, said = tokens(text), _said_as(content)
    return any(tuple(words[at:at + n]) in said for at in range(len(words))
               for n in range(1, SAID_WORDS + 1)) or any(_said_misspelt(content, w) for w in words)


def _said_misspelt(content: Content, word: str) -> Optional[str]:
    """The one-word thanks, hello or goodbye that `word` is a slip of, if any: letters held
    down ("hiii", "byeee") count once."""
    held = _HELD_LETTER.sub(r"\1", word)
    if held != word and (held,) in _said_as(content):
        return _said_as(content)[(held,)]
    return next((kind for phrase, kind in _said_as(content).items()
                 if len(phrase) == 1 and similar(word, phrase[0], SLIP)), None)


#: A letter typed three times or more in a row.
_HELD_LETTER = re.compile(r"(\w)\1{2,}")


#: How close a slip must be to the word meant ("thnaks" to "thanks").
SLIP = 0.8


def taking_leave(content: Content, question: str) -> Optional[str]:
    """"Thank you for your patience with me. Goodbye.": a short question part that asks
    nothing, thanks, and ends by taking its leave is a goodbye, whatever else it says. (Without
    the thanks, "... follows me home every night" is no goodbye.) Read after the safety net,
    never instead of it: unlike `chitchat_said`, the message may say more."""
    words = tokens(question)
    if not words or len(words) > LEAVE_WORDS or asks(question):
        return None
    said = _said_as(content)

    def ends_with(end: List[str]) -> Optional[str]:
        return next((said[tuple(end[-n:])] for n in range(4, 0, -1)
                     if len(end) > n and tuple(end[-n:]) in said), None)

    ending = ends_with(words) or ends_with([w for w in words if w not in _FILLER_CHAT])  # "bye now"
    thanks = any(said.get(tuple(words[at:at + n])) == "thanks"
                 for at in range(len(words)) for n in range(1, 5)) or "helpful" in words
    # "You have been most helpful. Good evening.": "good evening" said last takes its leave
    parting = ending == "goodbye" or ending == "greet" and len(words) > 2 \
        and words[-2] == "good" and words[-1] in _TIMES_OF_DAY
    return "goodbye" if parting and thanks else None


#: "Good evening" and the like, which end a conversation as well as open one.
_TIMES_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "day"})


#: At most this many words for a message that ends with a goodbye to be only that.
LEAVE_WORDS = 16


def _said_as_table(content: Content) -> Dict[Tuple[str, ...], str]:
    return {tuple(tokens(phrase)): kind
            for kind, phrases in content.said_as.items() for phrase in phrases}


_said_as = built_once(_said_as_table)


#: Words that add nothing to a thanks, hello or goodbye ("ok thank you my friend", "you have
#: been exceedingly kind").
_FILLER_CHAT = set("""ok okay k kk oh ah right great lovely brill nice lol haha mate so my friend
buddy pal love x xx again very much really all that do it is for now then helpful useful
brilliant perfect cool fab amazing awesome super was you have been ve most exceedingly
extremely incredibly truly ever sir madam well dear everyone your actually
fam bruv bro la lad duck pet hen chuck lover drive butt boyo bab bud mucker
gert proper dead reet mega""".split())
# (the last two lines: what people call each other, and the words that make it stronger, in
# the regions' English: "gert lush cheers drive", "big up, ur actually helpful fam", blind set
# BZ's first look)


#: Chit-chat that is only said ("hi", "thanks", "bye"), never asked.
_SAID_ONLY = ("greet", "thanks", "goodbye")


def _says_nothing(question: str) -> bool:
    """True for a message with no word that could say what it is about."""
    return not [w for w in tokens(question) if w not in _VAGUE]


_VAGUE = set("""what about it then tell me stuff info information idk dunno just thing things
the a an some more please pls so ok okay um hmm eh anything everything something know want to
i you can do is this that and or any lol yeah yes no go on help hi""".split())


#: A question that opens by naming its subject ("and the officer, do they advise anyone?",
#: "what about the analyst - does she ..."): a bare role word there is the intelligence role.
_OPENS_WITH_A_NAME = re.compile(r"^\W*(?:and|so|but|what about|how about|as for)?\s*(?:for\s+)?"
                                r"the\s+\w+\s*(?:one\s*)?[,;:\-]", re.IGNORECASE)


def _opens_with_another_role(content: Content, question: str, role: str) -> bool:
    """Whether a question opens by naming a role other than the one in context by its bare
    word ("and the officer, do they advise anyone?" after the supervisor); the same role
    named again is the context's already."""
    return bool(_OPENS_WITH_A_NAME.match(question)) and \
        roles_in(content, question, bare=True)[:1] not in ([], [role])


def _names_only(question: str) -> bool:
    """True for "and for the officer?", "what about researchers": a name and nothing else."""
    words = tokens(question)
    if _ASKS_A_DOING.intersection(words) or _WHAT_IS_A.match(" ".join(words)) \
            or _WHATS.match(question):
        return False  # "what is researcher do?", "and what does the supervisor involve", "What's RIPA?"
    rest = [w for w in words if w not in _FILLER]
    return len(rest) <= 2 and len(words) <= 7


def _says_more_than_names(content: Content, question: str) -> bool:
    """Whether a short question says a word besides filler and the names of roles, programmes
    and topics it holds: "is CPD compulsory?" asks something of CPD, "and CPD?" does not."""
    names = {w for name in (*content.role_names(), *content.topic_aliases())
             for w in tokens(name)}
    return any(w not in _FILLER and w not in names for w in tokens(question))


#: "whats a collection plan", "wots the ipp", "what is analyst": asks what it is, not the same
#: again (read on the question's words, text-speak spelt out and "'s" dropped).
_WHAT_IS_A = re.compile(r"^(?:and |so )?what (?:is\b|(?:a|an|the)\b)")
_WHATS = re.compile(r"^\W*(?:and\s+|so\s+)?(?:what|wat|wot)(?:'s|\u2019s|s|\s+is)\s", re.IGNORECASE)
_ASKS_A_DOING = {"do", "does", "did", "doing", "involve", "involves", "mean", "means"}
_FILLER = set("""and for the a an what about how same with as then ok okay so is it that
intelligence role roles one ones please pls too also 4""".split())  # ("same 4 analysts?")

#: "what would he be doing?" of a son starting as an officer: the person is the role's holder.
#: ("the full job description", "the role profile": one role, the one talked about).
_REFERS_TO_ROLE = re.compile(r"\b(it|that|this|they|them|their|role|job|post|position|profile|"
                             r"he|she|him|her|his)\b", re.IGNORECASE)
#: "and the fast track?", "what about CPD?", "the fast track too?": the same question again.
_SAME_AGAIN = re.compile(r"^\W*(and|also|what about|how about|same for|same with)\b|"
                         r"\b(too|as well)\W*$", re.IGNORECASE)
_WHO = re.compile(r"\b(who|whose|which)\b", re.IGNORECASE)
#: "so what is it exactly?", "what's that when it's at home": what the subject in context is.
_WHAT_IS_IT = re.compile(r"^\W*((so|and|ok|okay|right|sorry|but)\W+)*(what|wat)"
                         r"(?:\s+(?:actually|exactly|really|even))?\s*(?:'s|s|\s+is)"
                         r"\s+(it|that|this)((\s+|\W+)(exactly|then|actually|again|all about|"
                         r"about|in plain english|when it'?s at home|then\?|even|tho|though|lol|for|"
                         r"x+))*\W*$", re.IGNORECASE)
#: "what does it involve/entail?", "what's involved?", "what will he actually be doing?": what the
#: subject in context is or does.
_WHAT_IT_INVOLVES = re.compile(r"^\W*(?:and\s+|so\s+|ok\s+)?(?:what does (?:it|that|the job|"
                               # (blind set BV's first look): "... a move into a police
                               # intelligence researcher role. What does that role involve?"; "If I
                               # went for a researcher post first, what would the work actually be?"
                               r"the role|(?:that|this) (?:role|job|post))(?:\s+actually)? (?:involve|entail)"
                               r"|"
                               r"what'?s involved|what would the work (?:actually |really )?be\b|"
                               r"what is involved|what would (?:it|that) (?:involve|entail)|"
                               r"wh?at (?:will|would|wud|do|does|dose) (?:he|she|they|i|you|u|we|it|"
                               r"that one) (?:actually |really )?(?:be )?do(?:ing)?"
                               # (not the visitor's next step: "what do i do first")
                               r"\b(?!\s+(?:to|first|next|now)\b)"
                               r"(?!.*\bday\b)|"
                               # "what does an intelligence officer actually do, besides ..."
                               r"what (?:does|do) (?:an?|the) (?:\w+ ){1,2}(?:actually |really )?do"
                               r"\b(?!\s+to\b)(?!.*\bday\b)|"
                               # "wots the reserch one do" (blind set BZ's first look)
                               r"(?:what|wat|wot)(?:'?s| is)? the \w+ one do\b(?!\s+to\b)|"
                               # "What does the College say one does now?" (blind set BO)
                               r"what (?:does|do) (?:the college|the page|the pathway|the profile|it) "
                               r"says? (?:one|they|he|she|an? \w+|the \w+) (?:actually |really )?"
                               r"(?:does|do)\b)",
                               re.IGNORECASE)
_REFERS_TO_IT = re.compile(r"\b(it|that|this)\b", re.IGNORECASE)
#: At most this many words for a condition asked of the programme in context.
CONDITION_WORDS = 12
#: ... and one asking whether the visitor can do it ("Could I do it before I get a job, to help
#: me stand out?").
DOING_IT_WORDS = 16
#: Doing what was talked of: "can i do that ...", "could I apply for it ...".
_DOING_IT = re.compile(r"\b(?:do|apply for|go for|get on|get onto|join|start)\s+(?:that|it|this)\b",
                       re.IGNORECASE)
#: A condition of getting on something: "I'd have to be an officer first?", "must you be staff".
_A_CONDITION = re.compile(r"\b(?:have|need|got)\s+to\s+be\b|\bmust\s+(?:i|you|he|she|they)?\s*be\b|"
                          r"\bbe\b.*\bfirst\b", re.IGNORECASE)
