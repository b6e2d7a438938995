"""Grade the assistant on the blind visitor sets (tests/visitor_holdout*.yml).

A case is "answered right" when the reply's topic is one the case accepts, the reply holds
every group of required words (any one word of a group), and it is about the role(s) the case
names. Used by `tests/test_visitor_holdout.py` (make test) and `bench/nlu.py` (figures per kind,
side by side with Rasa's default config). The sets were written blind and are never edited to
fit the model.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Sequence

import yaml

TESTS = Path(__file__).resolve().parent
SETS = {"A": TESTS / "visitor_holdout.yml", "B": TESTS / "visitor_holdout_b.yml",
        "C": TESTS / "visitor_holdout_c.yml", "D": TESTS / "visitor_holdout_d.yml",
        "E": TESTS / "visitor_holdout_e.yml", "F": TESTS / "visitor_holdout_f.yml"}
KINDS = ("become", "fact", "role_aspect", "compare", "unknown", "safety", "crime_career",
         "typo", "long", "chitchat", "oos", "vague")
#: What a role is called in a reply, to check a reply is about the role a case names.
ROLE_WORDS = {"intelligence_analyst": "analyst", "intelligence_officer": "officer",
              "intelligence_researcher": "researcher", "intelligence_supervisor": "supervisor"}


@dataclass
class Case:
    text: str
    kind: str
    topics: List[str]
    must_contain: List[List[str]]
    role: Optional[str] = None
    roles: List[str] = field(default_factory=list)
    after: Optional[str] = None


@dataclass
class Graded:
    case: Case
    text: str
    topic: str
    role: Optional[str]
    right: bool
    why: str


def load_cases(path: Path) -> List[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for raw in data["cases"]:
        groups = [[g] if isinstance(g, str) else list(g) for g in raw.get("must_contain") or []]
        cases.append(Case(text=str(raw["text"]), kind=raw["kind"], topics=list(raw["topics"]),
                          must_contain=groups, role=raw.get("role"),
                          roles=list(raw.get("roles") or []), after=raw.get("after")))
    return cases


#: The assistant's own topic ids that are one of the set's topics under another name: a
#: "compare" reply is the two roles' details side by side (set C was written without it).
SAME_AS = {"compare": {"role_details", "roles"}}
SAFETY = "safety"
ROLE_TOPIC = "role_details"


def grade(case: Case, text: str, topic: str, role: Optional[str]) -> Graded:
    lowered = text.lower()
    problems = []
    # A report answered with the signpost first and then the answer to the question it also
    # asked is about that question's topic: the signpost (999 and 101, in must_contain) is
    # what a safety case asks for.
    signposted = SAFETY in case.topics and "999" in text and "101" in text
    # A role's id among the topics (set writers are given them as topic ids) names that role's
    # details: the reply's role is checked below.
    topics = set(case.topics) | ({ROLE_TOPIC} if set(case.topics) & set(ROLE_WORDS) else set())
    if topic not in topics and not (SAME_AS.get(topic, set()) & topics) and not signposted:
        problems.append(f"topic {topic} not in {case.topics}")
    for group in case.must_contain:
        if not any(word.lower() in lowered for word in group):
            problems.append(f"missing {group}")
    for wanted in ([case.role] if case.role else []) + case.roles:
        if role != wanted and ROLE_WORDS.get(wanted, wanted) not in lowered:
            problems.append(f"not about {wanted}")
    return Graded(case, text, topic, role, not problems, "; ".join(problems))


Reply = Dict[str, Any]  # {"text", "topic", "role"}
Answerer = Callable[[List[str]], Awaitable[List[Reply]]]


async def run(cases: Sequence[Case], conversation: Answerer) -> List[Graded]:
    """Answer each case (after its `after` message, in the same conversation) and grade it."""
    graded = []
    for case in cases:
        replies = await conversation([case.after, case.text] if case.after else [case.text])
        last = replies[-1]
        graded.append(grade(case, last["text"] or "", last["topic"] or "", last.get("role")))
    return graded


def in_process(agent: Any) -> Answerer:
    """Conversations through the real model and the real custom action, in this process."""
    from bot.tools.cli import ask

    async def conversation(messages: List[str]) -> List[Reply]:
        return [reply async for reply in ask(messages, True, agent)]

    return conversation


def nlu_only(agent: Any) -> Answerer:
    """Conversations through an NLU-only model (e.g. Rasa's default config) and the same
    answer composition the custom action runs, carrying the context slots the way it does."""
    from bot.action_server import choices
    from bot.action_server.answers import Turn, answer, context_slots
    from bot.action_server.frames import Context
    from bot.shared.content import default_content

    async def conversation(messages: List[str]) -> List[Reply]:
        slots: dict = {"topic": None, "role": None, "kind": None, "other_role": None,
                       "programme": None}
        after_signpost = reported_earlier = False
        buttons: list = []
        replies = []
        for message in messages:
            picked = choices.chosen(message, buttons)  # "the second one", as the action reads it
            parse = choices.as_parse(picked) if picked else await agent.parse_message(message)
            reply = answer(default_content(), Turn.from_parse(parse, **slots,
                                                              after_signpost=after_signpost,
                                                              reported_earlier=reported_earlier))
            after_signpost = reply.signposted
            reported_earlier = reported_earlier or reply.signposted
            buttons = [{"payload": b.payload} for b in reply.buttons]
            slots.update(context_slots(default_content(), reply, Context(**slots)))
            replies.append({"text": reply.text, "topic": reply.topic, "role": reply.role})
        return replies

    return conversation


def per_kind(graded: Sequence[Graded]) -> Dict[str, float]:
    """Share answered right, per kind and overall ("all")."""
    by_kind: Dict[str, List[bool]] = defaultdict(list)
    for g in graded:
        by_kind[g.case.kind].append(g.right)
    rates = {k: sum(v) / len(v) for k, v in by_kind.items()}
    rates["all"] = sum(g.right for g in graded) / max(len(graded), 1)
    return rates


def counts(graded: Sequence[Graded]) -> Dict[str, int]:
    by_kind: Dict[str, int] = defaultdict(int)
    for g in graded:
        by_kind[g.case.kind] += 1
    by_kind["all"] = len(graded)
    return by_kind
