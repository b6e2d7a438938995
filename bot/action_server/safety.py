"""Safety first: does this message describe a crime, danger or someone at risk?

A deterministic net over lemmas, driven by the phrase lists in `data/pathway/safety.yml`, runs
before any answer is composed, so a visitor who reports a crime gets 999 / 101 / Crimestoppers
whatever the model predicted. The model's `report_crime` intent is one more signal, never the
only one. Career questions that mention crime ("do analysts work on drug cases?") are told
apart by their career framing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

from bot.shared.content import Content, Safety
from bot.shared.focus import asks, clauses
from bot.shared.words import Phrases, analyse, built_once

REPORT_INTENT = "report_crime"
#: The model's report_crime alone, with nothing in the message to back it, counts from here.
MODEL_SURE = 0.9


@dataclass(frozen=True)
class Verdict:
    """Whether to signpost, and why (the phrases found), for `/why` and the tests."""

    signpost: bool
    reason: str = ""


class SafetyNet:
    def __init__(self, safety: Safety) -> None:
        self.urgent = Phrases([*safety.urgent, *safety.reporting])
        self.crime = Phrases(safety.crime)
        self.telling = Phrases(safety.telling)
        self.near_me = Phrases(safety.near_me)
        self.career = Phrases(safety.career, cutoff=0.9)
        self.own_past_or_work = Phrases([*safety.own_past, *safety.own_work,
                                         *safety.already_reported])
        self.general = set(safety.general)
        self.general_phrases = Phrases(safety.general)

    def check(self, text: str, intent: Optional[str] = None, confidence: float = 0.0) -> Verdict:
        """Each clause on its own first (`bot.shared.focus.clauses`), so a career question in
        one does not hide a report in the next; then the whole message, and the model's
        intent. In a message of several clauses, one that states a crime (a crime word that
        is not a general one, in a clause that asks nothing and is not about the visitor's
        own past or work or a crime already reported) is a report when it is near the
        visitor or told by someone, or not framed as a career question: the signpost costs
        the visitor no answer, since the questions beside it are answered too
        (bot/action_server/answers.py)."""
        if text.lstrip().startswith("/"):  # a button payload, not words
            return Verdict(False)
        parts = clauses(text)
        for part in parts if len(parts) > 1 else []:
            words = analyse(part)
            verdict = self._check(words, None)
            if verdict.signpost:
                return verdict
            if not asks(part) and not self.own_past_or_work.find(words):
                general = self.general_phrases.find(words)  # "knife crime" is not "a knife"
                stated = [c for c in self.crime.find(words)
                          if c not in self.general and not any(c in g for g in general)]
                near = self.telling.find(words) or self.near_me.find(words)
                if stated and (near or not self.career.find(words)):
                    return Verdict(True, f"stated beside a question: {stated[0]}")
        return self._check(analyse(text), intent, confidence)

    def _check(self, words: Sequence[Tuple[str, str]], intent: Optional[str],
               confidence: float = 0.0) -> Verdict:
        urgent = self.urgent.find(words)
        if urgent:
            return Verdict(True, f"urgent: {urgent[0]}")
        own_past = self.own_past_or_work.find(words)
        if own_past:
            return Verdict(False, f"own past or work, or reported: {own_past[0]}")
        crime, telling = self.crime.find(words), self.telling.find(words)
        near_me, career = self.near_me.find(words), self.career.find(words)
        specific = [c for c in crime if c not in self.general]
        if crime and telling and near_me and (specific or not career):
            return Verdict(True, f"crime '{crime[0]}', told '{telling[0]}', near '{near_me[0]}'")
        if specific and (telling or near_me) and not career:
            return Verdict(True, f"crime '{crime[0]}', told or near: {(telling + near_me)[0]}")
        if intent == REPORT_INTENT and not career and (
                crime or telling or near_me or confidence >= MODEL_SURE):
            return Verdict(True, f"model: report_crime ({confidence:.2f})")
        return Verdict(False, f"career: {career[0]}" if crime and career else "")


_net = built_once(SafetyNet)


def check(content: Content, text: str, intent: Optional[str] = None,
          confidence: float = 0.0) -> Verdict:
    """The safety verdict for one message, with the content's phrase lists."""
    return _net(content.safety).check(text, intent, confidence)
