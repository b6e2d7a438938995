"""The question in a long message.

Visitors write "I'm 34, I've worked in retail for ten years and I love puzzles ... how would I
become an analyst?". Classifying all of it answers a word in the context; classifying the
question sentence answers the question. Used by the NLU pipeline (bot/nlu/question_focus.py)
and by the answer composition, so both see the same question.
"""

from __future__ import annotations

import re
from typing import List

#: Messages up to this many words are classified whole.
SHORT_WORDS = 22
#: A question sentence with fewer content words than this keeps the sentence before it
#: ("I want to be an analyst. How do I start?").
MIN_CONTENT_WORDS = 3

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|(?<=[a-z0-9])\s*[;]\s+", re.IGNORECASE)
_QUESTION_START = re.compile(
    r"^(how|what|whats|what's|which|who|whom|where|when|why|can|could|do|does|did|is|are|am|"
    r"was|will|would|should|shall|may|might|have|has|any|tell me|i want to know|i'd like to know|"
    r"i would like to know|wondering|i was wondering|so how|so what|so can|but how|but what|"
    r"and how|and what)\b",
    re.IGNORECASE,
)
_STOP = set("""a an the i im i'm me my we our you your it its is are was be been am do does did
to of in on at for with and or but so if that this what how can could would should will any
there their they them he she his her just really also get got go about like as from""".split())


def sentences(text: str) -> List[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _content_words(sentence: str) -> int:
    return sum(1 for w in re.findall(r"[a-z']+", sentence.lower()) if w not in _STOP)


def question_part(text: str) -> str:
    """The part of `text` that asks something: the whole of a short message, else the last
    sentence that reads as a question (with the one before it when it says little)."""
    if len(text.split()) <= SHORT_WORDS:
        return text
    parts = sentences(text)
    if len(parts) < 2:
        return text
    asking = [i for i, s in enumerate(parts) if s.endswith("?")]
    if not asking:
        asking = [i for i, s in enumerate(parts) if _QUESTION_START.match(s)]
    index = asking[-1] if asking else len(parts) - 1
    chosen = parts[index]
    if _content_words(chosen) < MIN_CONTENT_WORDS and index > 0:
        chosen = f"{parts[index - 1]} {chosen}"
    return chosen
