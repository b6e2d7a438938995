"""Load and validate the pathway content in `data/pathway/*.yml`.

Editors change answers by editing YAML, without retraining, so the content is checked
strictly at load time: a typo fails here, naming the file, the place inside it and what is
wrong, instead of surfacing later as an odd answer or a stack trace from inside Rasa.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Dict, Hashable, List, Literal, Optional

import yaml
from pydantic import BaseModel, Extra, ValidationError, constr, validator

CONTENT_DIR = Path(__file__).resolve().parents[2] / "data" / "pathway"

#: Topic ids the web page, tests and analytics rely on: content must define all of them.
TOPIC_IDS = (
    "what_is_intelligence", "information_sources", "information_formats",
    "intelligence_units", "entry_routes", "working_environment", "day_to_day", "skills",
    "suitability", "roles", "role_details", "role_profiles", "career_stories", "training",
    "ipp", "cpd", "resources", "fast_track",
)
ROLE_IDS = (
    "intelligence_analyst", "intelligence_officer", "intelligence_researcher",
    "intelligence_supervisor",
)
#: Topics whose answer can be said for one role ("what skills does an analyst need?"): each
#: needs a `for_role` template, and a role may add what its profile says (`adds`).
ROLE_KINDS = ("entry_routes", "skills", "training", "day_to_day", "working_environment",
              "suitability", "role_profiles", "cpd", "ipp")
#: Follow-up questions a topic may answer directly ("how long does it take?").
ASPECTS = ("duration", "eligibility", "outcome", "provider", "timing")
#: Follow-ups read from the question's words alone (`follow_up_cues`), not an intent the model
#: is trained on: "when does it open?" is asked of the fast track only.
WORDS_ONLY_ASPECTS = ("timing",)
#: Replies the assistant needs besides topic answers.
REPLY_IDS = (
    "greet", "goodbye", "thanks", "bot_challenge", "help", "did_you_mean", "something_else",
    "which_role", "no_more_details", "no_follow_up", "no_context", "source", "empty", "too_long",
    "not_english", "action_failed", "compare", "compare_programmes", "each_role", "unknown", "said",
    "own_sources", "more_button", "checked",
)

#: What a topic's `for_role` text may name: the role, its summary, or its one line (`in_short`).
FOR_ROLE_PLACEHOLDERS = frozenset({"role", "summary", "in_short"})
#: Replies that are templates, and the placeholders each may use.
REPLY_PLACEHOLDERS = {"no_more_details": {"title", "url"}, "no_follow_up": {"title", "url"},
                      "source": {"sources"}, "unknown": {"subject"}, "said": {"said"},
                      "own_sources": {"sources"}, "checked": {"answer", "sources"}}

Text = constr(strip_whitespace=True, min_length=1)
SourceId = constr(regex=r"^S[1-6]$")
MAX_ANSWER_CHARS = 450
MAX_SENTENCES = 4


#: Sections that one file holds whole.
SINGLE_SECTIONS = ("out_of_scope", "safety", "unknowns")


class ContentError(ValueError):
    """Content that cannot be served; the message says where and why."""


class _Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False


def _short_answer(value: str) -> str:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", value.strip()) if s]
    if len(value) > MAX_ANSWER_CHARS or len(sentences) > MAX_SENTENCES:
        raise ValueError(
            f"answers must be short: at most {MAX_SENTENCES} sentences and "
            f"{MAX_ANSWER_CHARS} characters (this one has {len(sentences)} and {len(value)})"
        )
    return value


class Source(_Strict):
    title: Text
    url: constr(regex=r"^https://")


def _some(value: List[str]) -> List[str]:
    if not value:
        raise ValueError("at least one is needed")
    return value


class FollowUp(_Strict):
    answer: Text
    sources: List[SourceId]

    _short = validator("answer", allow_reuse=True)(_short_answer)
    _sourced = validator("sources", allow_reuse=True)(_some)


class Topic(_Strict):
    title: Text
    button: Text
    answer: Text
    details: List[Text] = []
    follow_ups: Dict[str, FollowUp] = {}
    next: List[Text] = []
    #: The sections of the fact sheet (../shared/pathway-facts.md) this topic draws on; the
    #: sources it and its follow-ups cite must be ones those sections give (checked at load).
    facts: List[Text]
    sources: List[SourceId]
    aliases: List[Text] = []
    #: The answer said for one role; `{role}` becomes the role's name ("intelligence analyst").
    for_role: Optional[Text] = None
    #: Instead of `for_role`: said for one role, this kind of question is that role's own
    #: answer (what a role does day to day is what its profile says it does).
    for_role_is: Optional[Literal["role_details"]] = None
    #: A programme in one line for side-by-side comparisons ("IPP or CPD, what's the
    #: difference?"): what sets it apart, where the answer's first sentence does not say.
    in_short: Optional[Text] = None
    #: Words that show a question is of this kind ("become", "get into" for entry_routes),
    #: used where the model confuses it with a neighbour (bot/action_server/answers.py).
    cues: List[Text] = []
    #: How people ask for this topic without naming it ("who acts on it?" asks who uses
    #: intelligence): such a question naming no role is about this topic.
    asked_for_as: List[Text] = []
    #: How people ask whether the work takes in a kind of crime ("do intel teams work on
    #: insurance fraud?"): these words with a crime the safety net knows ask for this topic.
    asked_with_a_crime: List[Text] = []
    #: Subjects (topics people name, such as the intelligence units) this kind of question is
    #: said of: "what does an FIB do day to day?" asks of the day's work, not of the unit.
    said_of: List[Text] = []
    #: The pathway says this of every role alike ("most intelligence roles are office-based"):
    #: "which of those two is office based?" gets this answer, not the two roles side by side.
    alike_for_roles: bool = False
    #: The topic that gives examples of what this answer speaks of: "like what?" after "using
    #: information from many sources" asks for the formats it comes in.
    examples_in: Optional[Text] = None

    _short = validator("answer", allow_reuse=True)(_short_answer)

    @validator("follow_ups")
    def _known_aspects(cls, value: Dict[str, FollowUp]) -> Dict[str, FollowUp]:
        unknown = sorted(set(value) - set(ASPECTS))
        if unknown:
            raise ValueError(f"unknown follow-up {unknown}; allowed: {list(ASPECTS)}")
        return value

    _sourced = validator("sources", allow_reuse=True)(_some)
    _placed = validator("facts", allow_reuse=True)(_some)


class Role(_Strict):
    name: Text
    synonyms: List[Text]
    summary: Text
    #: One line for side-by-side comparisons ("Intelligence analyst: ...").
    in_short: Text
    details: List[Text] = []
    #: What the role's profile adds to a kind of question (a ROLE_KINDS id), where it says so.
    adds: Dict[str, Text] = {}
    #: How people ask for this role without naming it ("who would I report to?" asks for the
    #: role that leads a team): such a question is about this role, whatever role it names.
    asked_for_as: List[Text] = []
    #: The work the role is named by, said as a job ("the research one", "the analysis role"):
    #: this role, like "the researcher one".
    work: List[Text] = []
    #: As for topics: the fact sheet sections the role draws on.
    facts: List[Text]
    sources: List[SourceId]

    @validator("adds")
    def _known_kinds(cls, value: Dict[str, str]) -> Dict[str, str]:
        unknown = sorted(set(value) - set(ROLE_KINDS))
        if unknown:
            raise ValueError(f"unknown kind {unknown}; allowed: {list(ROLE_KINDS)}")
        return value

    _short = validator("summary", allow_reuse=True)(_short_answer)


class Reply(_Strict):
    answer: Text
    next: List[Text] = []


class OutOfScope(_Strict):
    answer: Text
    next: List[Text] = []
    #: Phrases about things elsewhere (other jobs, recipes, football): out of scope...
    elsewhere: List[Text]
    #: ...unless the message also has one of these (police, intelligence ...).
    in_scope: List[Text]
    #: Asking the assistant to do a task ("help me write my essay", "book me leave"): out of
    #: scope whatever it names.
    tasks: List[Text] = []
    #: The visitor setting a question aside from the rest ("unrelated, but", "random one")...
    set_aside: List[Text] = []
    #: ...or asking the assistant what it knows of the world ("do you know if", "can you
    #: recommend"): with nothing in scope named, out of scope.
    asks_general: List[Text] = []


class Safety(_Strict):
    """Who gets the 999 / 101 / Crimestoppers reply first (rules in bot/action_server/safety.py)."""

    answer: Text
    source: SourceId
    urgent: List[Text]
    crime: List[Text]
    telling: List[Text]
    near_me: List[Text]
    career: List[Text]
    #: People close to the visitor (family, friends, neighbours): harm to one of them that the
    #: model is sure of is a report, whatever job words come with it.
    close_to_me: List[Text] = []
    own_past: List[Text] = []
    #: The visitor's own job, in whose words crime is work ("loss prevention and shoplifting").
    own_work: List[Text] = []
    #: Going on now, or only suspected so far ("right now", "I'm pretty sure it's county
    #: lines"): what the visitor sees at work is then not yet known to the police.
    ongoing: List[Text] = []
    #: Something new since the visitor reported it at work ("ten minutes ago", "just posted"):
    #: going on now too, and what keeps a report made at work urgent.
    since_reported: List[Text] = []
    #: A question asking whether intelligence works on crime like the one told ("would an
    #: analyst look at stuff like that?"): the crime is asked about as the work, and what the
    #: message tells of it is the visitor's experience, unless it is `recent` or `ongoing`.
    as_the_work: List[Text] = []
    #: Crime known from experience, seen often or long ago ("loads of", "comes up constantly",
    #: "last year"): with `as_the_work`, what a visitor knows, not what they report.
    experience: List[Text] = []
    #: A time long past ("last summer", "years ago", "when I was 17"): a crime told then, with
    #: nothing `recent` or `ongoing`, is the visitor's past, not a report.
    long_ago: List[Text] = []
    #: A crime told as happening lately or now ("again this morning", "I've got the reg").
    recent: List[Text] = []
    #: Words of a job's routine ("day in day out", "caseload"): beside the visitor's job, the
    #: crimes they deal with, not one happening to someone.
    routine: List[Text] = []
    #: Words for crime in general ("crime documentaries"): they count only with someone telling.
    general: List[Text] = []
    #: Words that make the crime word before them a field of work, not a crime stated
    #: ("fraud intelligence", "a burglary series", "the drugs team", "exploitation cases").
    field: List[Text] = []
    #: Words after which the crimes named are what someone studies, reads or works on
    #: ("coursework on the Soham murders", "tip-offs about cocaine"): a field, not a crime
    #: stated. Only the next few words count.
    studied: List[Text] = []
    #: Words by which a question asks whether the work takes in the crimes named after them
    #: ("do intelligence units work on things like domestic abuse and stalking?"): no danger
    #: told. Only for the urgent phrases: the crimes still name what the question is about.
    asked_of_the_work: List[Text] = []
    #: A crime already reported or dealt with ("she reported it and got a crime number"):
    #: told as the reason for a career question, not a report.
    already_reported: List[Text] = []
    #: Not reported yet ("he hasn't reported it"): `already_reported` does not count then.
    not_reported: List[Text] = []
    #: Questions about reporting itself ("what's the number for Crimestoppers?"): the signpost
    #: is their answer.
    reporting: List[Text] = []
    #: Phrases that ask about reporting only in a part of the message that asks something
    #: ("999 or 101?", "how do I tell the police without my name?"); said as a statement
    #: ("I take 999 and 101 calls") they are not.
    reporting_questions: List[Text] = []
    #: Said right after the signpost, goes on about the report: doubting it ("maybe I'm being
    #: paranoid") or saying who it happens to ("she's 12"): the signpost again.
    still_telling: List[Text] = []
    #: Ways to report, asked about right after the signpost ("and online?", "is it anonymous?"):
    #: the signpost again.
    follow_up: List[Text] = []
    #: An `urgent` phrase inside one of these is asked about, not happening ("would he be in
    #: danger?").
    hypothetical: List[Text] = []
    #: The police have already dealt with it ("he's in custody"): `urgent` phrases do not count.
    dealt_with: List[Text] = []
    #: After a signpost, the visitor saying they act on it ("ok I'll ring 101 tonight", "calling
    #: the police now"): beside a question, that piece is no more of the report.
    acting_on_it: List[Text] = []

    @validator("answer")
    def _signposts(cls, value: str) -> str:
        missing = [n for n in ("999", "101", "0800 555 111") if n not in value]
        if missing:
            raise ValueError(f"the safety reply must give {missing}")
        return value


class UnknownSubject(_Strict):
    name: Text
    phrases: List[Text]
    #: Names of places: this subject only when said as where ("jobs in Cornwall", "near
    #: Leeds"), not as where the visitor is from ("I'm from Leeds, what does an analyst do?").
    places: List[Text] = []
    nearest: Optional[Text] = None
    #: The nearest thing said when the question names a programme (programme id -> a key of
    #: `Unknowns.nearest`): "is the IPP mandatory?" is told who the IPP is open to.
    nearest_for_programme: Dict[str, Text] = {}
    #: Often said as the visitor's own background (a degree): see Unknowns.asks_required.
    background: bool = False
    #: Not this subject when the question names a programme ("is the IPP a qualification?"
    #: asks about the IPP).
    not_with_programme: bool = False
    #: Programmes whose own content answers it: "is CPD mandatory?" is CPD's ("you must commit").
    answered_by: List[Text] = []
    #: False for a subject that compares the roles: never said "for the analyst role".
    said_for_a_role: bool = True
    #: Something about the visitor that could stand in their way (their age, a record, a
    #: nationality): "would that stop me?" after telling it asks about it. Pay or a pension
    #: told in passing ("my pension's fine, can someone like me come back?") is not asked.
    about_the_visitor: bool = False
    #: A past the force weighs (a record): "could someone like me ...?" after telling it asks
    #: about it, where after telling a job, an age or a degree it asks the way in.
    a_past: bool = False


class Unknowns(_Strict):
    """Recruitment questions the sources do not answer, and where to look instead."""

    pointer: Text
    nearest: Dict[str, Text] = {}
    #: The topic each nearest thing said comes from (a key of `nearest` -> a topic id), which
    #: the conversation is then about; none for a role's sentence.
    nearest_from: Dict[str, Text] = {}
    subjects: Dict[str, UnknownSubject]
    #: Words that ask whether something is required ("do I need a degree?"). A `background`
    #: subject named with none of them in a "how do I get in" question is what the visitor
    #: has, not what they ask ("I'm a maths teacher, how do I become ...").
    asks_required: List[Text] = []
    #: Words that ask whether something the visitor told stands in their way ("I got a caution
    #: at 15. Would that stop me?") or helps them ("... a criminology degree. Would that help
    #: her case?"): the subject may then be anywhere in the message.
    asks_if_it_bars: List[Text] = []
    #: Words that ask whether the visitor's past (`a_past`) stands in their way, and nothing
    #: else they told: "i did 18 months inside ... could someone like me ever work in intel".
    asks_if_a_past_bars: List[Text] = []

    @validator("pointer")
    def _points_somewhere(cls, value: str) -> str:
        if "force" not in value and "College" not in value:
            raise ValueError("the pointer must name the force's or the College's pages")
        return value

    @validator("subjects")
    def _nearest_exists(cls, value: Dict[str, UnknownSubject], values) -> Dict[str, UnknownSubject]:
        known = set(values.get("nearest") or {})
        for subject_id, subject in value.items():
            for nearest in (subject.nearest, *subject.nearest_for_programme.values()):
                if nearest is not None and nearest not in known:
                    raise ValueError(f"{subject_id}: nearest '{nearest}' is not one of {sorted(known)}")
        return value


class ContentFile(_Strict):
    """The keys one YAML file may hold; content may be split over files as editors like."""

    sources: Dict[str, Source] = {}
    topics: Dict[str, Topic] = {}
    roles: Dict[str, Role] = {}
    replies: Dict[str, object] = {}
    out_of_scope: Optional[OutOfScope] = None
    safety: Optional[Safety] = None
    unknowns: Optional[Unknowns] = None
    #: Words that mean the same when picking the fact a question asks for (bot/action_server/facts.py).
    related_words: List[List[Text]] = []
    #: Words a visitor may not know, each with the plain glosses that may explain it.
    jargon: Dict[str, List[Text]] = {}
    #: The words that ask each kind of follow-up ("how long", "who picks"), per aspect.
    follow_up_cues: Dict[str, List[Text]] = {}
    #: What people say for each chit-chat ("cheers", "ta", "wat is this"), when a message says
    #: only that.
    said_as: Dict[str, List[Text]] = {}
    #: The fact sheet's sections and the sources each gives (see `Topic.facts`).
    fact_sheet: Dict[str, List[SourceId]] = {}


class Content(BaseModel):
    """All pathway content, merged from every file and checked as a whole."""

    sources: Dict[str, Source]
    topics: Dict[str, Topic]
    roles: Dict[str, Role]
    replies: Dict[str, object]
    out_of_scope: OutOfScope
    safety: Safety
    unknowns: Unknowns
    related_words: List[List[str]] = []
    jargon: Dict[str, List[str]] = {}
    follow_up_cues: Dict[str, List[str]] = {}
    said_as: Dict[str, List[str]] = {}
    fact_sheet: Dict[str, List[str]] = {}

    def reply(self, reply_id: str) -> Reply:
        """A reply by id; short replies written as plain strings become `Reply(answer=...)`."""
        value = self.replies[reply_id]
        return value if isinstance(value, Reply) else Reply(answer=value)

    def sources_of(self, source_ids: List[str]) -> List[Source]:
        """The sources behind `source_ids`, each address once: two sources can be one page
        (S1 and S2 are the short and long versions of the same College page)."""
        by_url: Dict[str, Source] = {}
        for source_id in source_ids:
            by_url.setdefault(self.sources[source_id].url, self.sources[source_id])
        return list(by_url.values())

    def role_names(self) -> Dict[str, str]:
        """Every name people use for a role, lower-cased, mapped to the role id."""
        names = {}
        for role_id, role in self.roles.items():
            for name in (role_id, role_id.replace("_", " "), role.name, *role.synonyms):
                names[name.lower()] = role_id
        return names

    def topic_aliases(self) -> Dict[str, str]:
        """Every alias of a topic (`ipp`, `fast track`), lower-cased, mapped to the topic id."""
        names = {}
        for topic_id, topic in self.topics.items():
            for name in (topic_id, topic_id.replace("_", " "), *topic.aliases):
                names[name.lower()] = topic_id
        return names


def _line_of(text: str, loc) -> Optional[int]:
    """The line (from 1) where the deepest key or item of `loc` that exists starts, so an
    editor can go straight to it; None when even the first is missing."""
    node, line = yaml.compose(text), None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _problem(file: Path, text: str, loc, message: str) -> str:
    """"training.yml: topics.ipp.answer: field required (line 28)"."""
    loc = [part for part in loc if part != "__root__"]
    inside = ".".join(str(part) for part in loc)
    where = f"{file.name}: {inside}" if inside else file.name
    line = _line_of(text, loc) if loc else None
    return f"{where}: {message}" + (f" (line {line})" if line else "")


def _invalid(file: Path, text: str, error: ValidationError, prefix=()) -> ContentError:
    return ContentError("\n".join(_problem(file, text, (*prefix, *e["loc"]), e["msg"])
                                  for e in error.errors()))


class _UniqueKeys(yaml.SafeLoader):
    """Safe YAML loading that refuses a key given twice in one mapping: PyYAML would keep the
    last one silently, so a second `asked_for_as` an editor adds would hide the first."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                continue  # PyYAML's own check refuses it
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' is given twice in one place", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def _load_file(file: Path) -> ContentFile:
    text = file.read_text(encoding="utf-8")
    try:
        raw = yaml.load(text, Loader=_UniqueKeys)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(error, "problem", None) or str(error)
        raise ContentError(f"{file.name}: not valid YAML{at}: {what}") from None
    if not isinstance(raw, dict):
        raise ContentError(f"{file.name}: expected a mapping at the top of the file")
    try:
        parsed = ContentFile.parse_obj(raw)
    except ValidationError as error:
        raise _invalid(file, text, error) from None
    replies = {}
    for reply_id, value in parsed.replies.items():
        if isinstance(value, str):
            replies[reply_id] = value
            continue
        try:
            replies[reply_id] = Reply.parse_obj(value)
        except ValidationError as error:
            raise _invalid(file, text, error, ("replies", reply_id)) from None
    return parsed.copy(update={"replies": replies})


def _merge(files: Dict[Path, ContentFile]) -> Dict[str, dict]:
    merged: Dict[str, dict] = {"sources": {}, "topics": {}, "roles": {}, "replies": {},
                               "jargon": {}, "follow_up_cues": {}, "said_as": {},
                               "fact_sheet": {}}
    origin: Dict[str, str] = {}
    singles: Dict[str, object] = {}
    related: List[List[str]] = []
    for file, part in files.items():
        related.extend(part.related_words)
        for section in merged:
            for key, value in getattr(part, section).items():
                if key in merged[section]:
                    raise ContentError(
                        f"{file.name}: {section}.{key}: already defined in {origin[section + key]}"
                    )
                merged[section][key] = value
                origin[section + key] = file.name
        for section in SINGLE_SECTIONS:
            value = getattr(part, section)
            if value is None:
                continue
            if section in singles:
                raise ContentError(f"{file.name}: {section}: already defined in {origin[section]}")
            singles[section], origin[section] = value, file.name
    for section in SINGLE_SECTIONS:
        if section not in singles:
            raise ContentError(f"{section}: missing (no content file defines it)")
    return {**merged, **singles, "related_words": related}, origin


def _check_whole(data: Dict[str, dict], origin: Dict[str, str]) -> None:
    """Cross-file checks: everything referenced exists, every name means one thing."""
    problems = []
    for kind, required in (("topics", TOPIC_IDS), ("roles", ROLE_IDS), ("replies", REPLY_IDS)):
        for missing in sorted(set(required) - set(data[kind])):
            problems.append(f"{kind}.{missing}: missing (required)")
    for unknown in sorted(set(data["topics"]) - set(TOPIC_IDS)):
        problems.append(f"{origin['topics' + unknown]}: topics.{unknown}: unknown topic id")
    for unknown in sorted(set(data["roles"]) - set(ROLE_IDS)):
        problems.append(f"{origin['roles' + unknown]}: roles.{unknown}: unknown role id")
    for unknown in sorted(set(data["replies"]) - set(REPLY_IDS)):
        problems.append(f"{origin['replies' + unknown]}: replies.{unknown}: unknown reply id")
    for chat in sorted(set(data["said_as"]) - {"greet", "goodbye", "thanks", "help", "bot_challenge"}):
        problems.append(f"said_as.{chat}: not a chit-chat reply (greet, goodbye, thanks, help, "
                        "bot_challenge)")
    for aspect in sorted(set(ASPECTS) ^ set(data["follow_up_cues"])):
        problems.append(f"follow_up_cues.{aspect}: "
                        + ("unknown aspect" if aspect not in ASPECTS else "missing (required)"))

    def check_refs(where: str, next_ids: List[str], source_ids: List[str]) -> None:
        for topic_id in next_ids:
            if topic_id not in data["topics"]:
                problems.append(f"{where}.next: unknown topic '{topic_id}'")
        for source_id in source_ids:
            if source_id not in data["sources"]:
                problems.append(f"{where}: unknown source '{source_id}'")

    for topic_id, topic in data["topics"].items():
        where = f"{origin['topics' + topic_id]}: topics.{topic_id}"
        sources = [*topic.sources, *(s for f in topic.follow_ups.values() for s in f.sources)]
        check_refs(where, topic.next, sources)
        if topic_id in topic.next:
            problems.append(f"{where}.next: a topic cannot suggest itself")
        if topic.examples_in is not None and topic.examples_in not in data["topics"]:
            problems.append(f"{where}.examples_in: unknown topic '{topic.examples_in}'")
        for subject in topic.said_of:
            if subject not in data["topics"]:
                problems.append(f"{where}.said_of: unknown topic '{subject}'")
    for role_id, role in data["roles"].items():
        check_refs(f"{origin['roles' + role_id]}: roles.{role_id}", [], role.sources)
    problems.extend(_cited_beyond_facts(data, origin))
    for reply_id, reply in data["replies"].items():
        text = reply.answer if isinstance(reply, Reply) else reply
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        unknown = used - REPLY_PLACEHOLDERS.get(reply_id, set())
        if unknown:
            problems.append(
                f"{origin['replies' + reply_id]}: replies.{reply_id}: unknown placeholder "
                f"{sorted(unknown)}; allowed: {sorted(REPLY_PLACEHOLDERS.get(reply_id, []))}"
            )
        if isinstance(reply, Reply):
            check_refs(f"{origin['replies' + reply_id]}: replies.{reply_id}", reply.next, [])
    for key, topic_id in data["unknowns"].nearest_from.items():
        if key not in data["unknowns"].nearest or topic_id not in data["topics"]:
            problems.append(f"{origin['unknowns']}: unknowns.nearest_from.{key}: "
                            f"no such nearest, or unknown topic '{topic_id}'")
    check_refs(f"{origin['out_of_scope']}: out_of_scope", data["out_of_scope"].next, [])
    check_refs(f"{origin['safety']}: safety", [], [data["safety"].source])
    for topic_id, topic in data["topics"].items():
        if topic.for_role:
            used = {n for _, n, _, _ in string.Formatter().parse(topic.for_role) if n is not None}
            if used - FOR_ROLE_PLACEHOLDERS:
                problems.append(f"{origin['topics' + topic_id]}: topics.{topic_id}.for_role: "
                                f"unknown placeholder {sorted(used - FOR_ROLE_PLACEHOLDERS)}; "
                                f"allowed: {sorted(FOR_ROLE_PLACEHOLDERS)}")
    for kind in ROLE_KINDS:
        topic = data["topics"].get(kind)
        if topic and not topic.for_role and not topic.for_role_is:
            problems.append(f"{origin['topics' + kind]}: topics.{kind}.for_role: missing "
                            "(needed to answer it for one role; or `for_role_is`)")

    for where, text in _short_texts(data, origin):
        unglossed = _unglossed(text, data["jargon"])
        if unglossed:
            problems.append(f"{where}: {', '.join(unglossed)}: jargon without a plain gloss; "
                            "keep it for the details (\"Tell me more\") or add a gloss the "
                            "fact sheet supports (jargon.yml)")

    seen: Dict[str, str] = {}
    names = [(r, n) for r, role in data["roles"].items() for n in (role.name, *role.synonyms)]
    names += [(t, a) for t, topic in data["topics"].items() for a in topic.aliases]
    for owner, name in names:
        key = name.lower()
        if key in seen and seen[key] != owner:
            problems.append(f"synonym '{name}' is used by both {seen[key]} and {owner}")
        elif key in seen:
            problems.append(f"{owner}: synonym '{name}' is listed twice")
        seen[key] = owner
    if problems:
        raise ContentError("\n".join(problems))


def _cited_beyond_facts(data: Dict[str, dict], origin: Dict[str, str]) -> List[str]:
    """Citations the fact sheet does not back: a source that none of the sections a topic or
    role draws on gives (an S1 fact cited as S2), or a section the sheet does not have."""
    sheet, problems = data["fact_sheet"], []
    items = [("topics", i, t) for i, t in data["topics"].items()]
    items += [("roles", i, r) for i, r in data["roles"].items()]
    for kind, item_id, item in items:
        where = f"{origin[kind + item_id]}: {kind}.{item_id}"
        unknown = [f for f in item.facts if f not in sheet]
        if unknown:
            problems.append(f"{where}.facts: {unknown} not among the fact sheet sections "
                            f"{sorted(sheet)} (fact_sheet in sources.yml)")
            continue
        given = {s for f in item.facts for s in sheet[f]}
        cited = [(f"{where}.sources", item.sources)]
        cited += [(f"{where}.follow_ups.{a}.sources", f.sources)
                  for a, f in getattr(item, "follow_ups", {}).items()]
        for place, sources in cited:
            beyond = [s for s in sources if s not in given]
            if beyond:
                problems.append(f"{place}: {beyond} not given by its fact sheet sections "
                                f"{item.facts} (they give {sorted(given)})")
    return problems


def _short_texts(data: Dict[str, dict], origin: Dict[str, str]):
    """Every text said as a short answer, with where it is: everything but the details."""
    for topic_id, topic in data["topics"].items():
        where = f"{origin['topics' + topic_id]}: topics.{topic_id}"
        yield f"{where}.answer", topic.answer
        if topic.for_role:
            yield f"{where}.for_role", topic.for_role
        if topic.in_short:
            yield f"{where}.in_short", topic.in_short
        for aspect, follow_up in topic.follow_ups.items():
            yield f"{where}.follow_ups.{aspect}", follow_up.answer
    for role_id, role in data["roles"].items():
        where = f"{origin['roles' + role_id]}: roles.{role_id}"
        yield f"{where}.summary", role.summary
        yield f"{where}.in_short", role.in_short
        for kind, text in role.adds.items():
            yield f"{where}.adds.{kind}", text
    for reply_id, reply in data["replies"].items():
        yield (f"{origin['replies' + reply_id]}: replies.{reply_id}",
               reply.answer if isinstance(reply, Reply) else reply)
    yield f"{origin['out_of_scope']}: out_of_scope", data["out_of_scope"].answer
    yield f"{origin['safety']}: safety", data["safety"].answer
    yield f"{origin['unknowns']}: unknowns.pointer", data["unknowns"].pointer
    for key, text in data["unknowns"].nearest.items():
        yield f"{origin['unknowns']}: unknowns.nearest.{key}", text


def _unglossed(text: str, jargon: Dict[str, List[str]]) -> List[str]:
    """The jargon words in `text` (plurals too) that none of their glosses explain there."""
    lowered = text.lower()
    return [term for term, glosses in jargon.items()
            if re.search(rf"\b{re.escape(term)}s?\b", text, re.IGNORECASE)
            and not any(gloss.lower() in lowered for gloss in glosses)]


def load_content(directory: Path = CONTENT_DIR) -> Content:
    """Read every `*.yml` in `directory` and return the validated content."""
    files = sorted(Path(directory).glob("*.yml"))
    if not files:
        raise ContentError(f"{directory}: no content files (*.yml) found")
    parsed = {file: _load_file(file) for file in files}
    data, origin = _merge(parsed)
    _check_whole(data, origin)
    return Content(**data)


@lru_cache(maxsize=1)
def default_content() -> Content:
    """The project's content, loaded once per process."""
    return load_content()
