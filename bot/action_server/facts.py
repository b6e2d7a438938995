"""The one fact a question asks for ("do analysts prepare products for court?").

Picked from the content's own sentences (a role's or a topic's details and follow-ups) by
lemma overlap with the question, with the content's related words (`related_words` in
data/pathway/conversation.yml) counted as the same word. Never composes a sentence: it returns one the
content holds, or None when nothing matches well enough.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from bot.shared.content import Content
from bot.shared.words import built_once, is_word, lemmas, similar

#: A fact must share at least this much weighted meaning with the question.
MIN_SCORE = 1.5

#: Words that say nothing about which fact is meant.
_IGNORE = set("""a an the i im me my we our you your it its is are was be been am do does did to
of in on at for with and or but so if that this what how can could would should will any there
their they them he she his her just really also get go about like as from who which when where
why role job work intelligence intel police policing analyst officer researcher supervisor
analysts officers researchers supervisors intelligence-led people person one thing not no yes
need want know tell have has have had may might must doe look out up off over into onto then now
some sort kind lot bit thing things even still much very too actually anyway own
someone somebody fit suit best all sense well see same
college say says said
describe describes described explain explains define outline summarise summarize""".split())
# ("same": "is police intelligence the same thing as MI5?" asks for no detail about "the same
# technology", blind set BT)
# ("college", "say": who says it, not what is said: "what sort of person does the College say
# it suits?" asks for the answer, not the detail that names the College; "describe": how it
# is asked for, "For the piece, describe the working environment" is not the detail "The
# College describes the roles as rewarding", blind set CA's first look)


class FactIndex:
    def __init__(self, content: Content) -> None:
        #: A related word, and a related phrase ("open source", "in charge") read as one, to
        #: the word its group stands for: the words of a phrase mean nothing alone ("source"
        #: is not "open source").
        self.related: Dict[str, str] = {}
        phrases: Dict[Tuple[str, ...], str] = {}
        for group in content.related_words:
            head = "_".join(lemmas(group[0]))
            for word in group:
                bases = tuple(lemmas(word))
                if len(bases) == 1:
                    self.related.setdefault(bases[0], head)
                elif bases:
                    phrases.setdefault(bases, head)
        self.phrases = sorted(phrases.items(), key=lambda p: -len(p[0]))
        self._meanings: Dict[str, FrozenSet[str]] = {}
        self.sentences: Dict[str, FrozenSet[str]] = {}
        for text in _all_sentences(content):
            self.sentences[text] = self._meaning(text)
        counts = Counter(w for words in self.sentences.values() for w in words)
        # The words a misspelt one may be: the content's own and the related words, before
        # related words are counted as one ("recognsied" is "recognise", then "certificate").
        self.vocabulary = sorted({*counts, *self.related} |
                                 {w for text in self.sentences for w in lemmas(text)
                                  if w not in _IGNORE and len(w) > 1})
        total = max(len(self.sentences), 1)
        self.weight = {w: 1.0 + math.log(total / n) / 3 for w, n in counts.items()}
        #: The content's jargon ("open and closed sources", "collection plan"), as the words a
        #: question names it by in any order ("researcher sources open vs closed").
        self.terms = {term: frozenset(w for w in lemmas(term) if w not in _IGNORE)
                      for term in content.jargon}

    def _meaning(self, text: str) -> FrozenSet[str]:
        """The words `text` means, related words and phrases read as the word of their group.
        Remembered: each turn reads the same content texts (a topic's answer, its details and
        cues) again."""
        hit = self._meanings.get(text)
        if hit is None:
            if len(self._meanings) > 8192:
                self._meanings.clear()
            hit = self._meanings[text] = frozenset(self._read_meaning(text))
        return hit

    def _read_meaning(self, text: str) -> Set[str]:
        words, meaning, at = lemmas(text), set(), 0
        while at < len(words):
            phrase = next(((bases, head) for bases, head in self.phrases
                           if tuple(words[at:at + len(bases)]) == bases), None)
            if phrase:
                meaning.add(phrase[1])
                at += len(phrase[0])
                continue
            word = words[at]
            if word not in _IGNORE and len(word) > 1:
                meaning.add(self.related.get(word, word))
            at += 1
        return meaning

    def _asked(self, question: str, about: str) -> Set[str]:
        """What the question asks, minus what it is about (the topic's own name); a misspelt
        word ("cort") counts as the content word it is closest to ("court")."""
        asked = set()
        for word in self._meaning(question) - self._meaning(about):
            if word not in self.weight and word not in self.related and not is_word(word):
                word = next((v for v in self.vocabulary if similar(word, v, 0.8)), word)
            asked.add(self.related.get(word, word))
        return asked

    def score(self, asked: Set[str], text: str, terms: Sequence[str] = ()) -> float:
        shared = asked & (self.sentences.get(text) or self._meaning(text))
        return sum(self.weight.get(w, 1.0) for w in shared) + \
            MIN_SCORE * sum(1 for term in terms if term.lower() in text.lower())

    def terms_named(self, question: str) -> List[str]:
        """The jargon whose every word the question uses: it asks for the sentence that holds
        the term, not one that only shares a word of it."""
        said = set(lemmas(question))
        return [term for term, words in self.terms.items() if words and words <= said]

    def best(self, question: str, answer: str, candidates: Sequence[str],
             about: str = "", minimum: float = MIN_SCORE) -> Optional[str]:
        asked = self._asked(question, about)
        if not asked:
            return None
        terms = self.terms_named(question)
        score, text = max(((self.score(asked, c, terms), c) for c in candidates), key=lambda p: p[0])
        if score < minimum or (answer and self.score(asked, answer, terms) >= score):
            return None
        return text


def _all_sentences(content: Content) -> Iterable[str]:
    for topic in content.topics.values():
        yield topic.answer
        yield from topic.details
        yield from (f.answer for f in topic.follow_ups.values())
    for role in content.roles.values():
        yield role.summary
        yield from role.details


_index = built_once(FactIndex)


def fact_for(content: Content, question: str, answer: str, candidates: Sequence[str],
             about: str = "", minimum: float = MIN_SCORE) -> Optional[str]:
    """The candidate sentence `question` asks about, when it matches better than `answer`
    (the general answer the question would otherwise get); else None. Words of `about` (the
    topic's name) do not count: every sentence of the topic shares them. A sentence that
    does not stand alone ("Criminals exploit the same technology.") comes after the one it
    refers back to: the sentence before it in the content, else the general answer."""
    if not candidates:
        return None
    question = _ASKED_TO_EXPLAIN.sub("", question)  # "explain like im 5 what an analyst does"
    question = _HOW_IT_IS_MEANT.sub(" ", question)  # "what's the day job like, in practice"
    fact = _index(content).best(question, answer, candidates, about, minimum)
    if fact is None or stands_alone(fact):
        return fact
    position = list(candidates).index(fact)
    before = candidates[position - 1] if position > 0 else answer
    return f"{before} {fact}" if before and fact not in before else fact


#: A request to explain, which asks for no detail about explaining: "explain like im 5 what an
#: analyst does", "can you explain simply what ...".
_ASKED_TO_EXPLAIN = re.compile(
    r"^\W*(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+|pls\s+)?explain\b"
    r"(?:\s+(?:it\s+)?like\s+(?:i'?m|im|i am)\s+(?:5|five|a child|a kid|stupid|thick))?"
    r"(?:\s+(?:simply|briefly|in simple terms|in plain english|to me))?", re.IGNORECASE)


#: Words that say how a question is meant, not what it asks about: "what's the day job
#: actually like, in practice" asks for the day's work, not "codes of practice" (blind set
#: CC); "in reality", "in a nutshell".
_HOW_IT_IS_MEANT = re.compile(r"\bin\s+(?:practice|reality|real life|real terms|general|theory|"
                              r"short|brief|a nutshell|a word|plain english)\b", re.IGNORECASE)


#: What a sentence says when it leans on the one before it ("it" and "they" are the subject
#: the visitor asked about, and need nothing before them; "Other routes in include ..." leans on
#: the routes before it, blind set CD's first look).
_REFERS_BACK = re.compile(r"^(also|such|these|those|that|and|but|so|then|other|another)\b|\bthe same\b",
                          re.IGNORECASE)


def stands_alone(sentence: str) -> bool:
    """Whether a sentence of the content can be read without the one before it."""
    return not _REFERS_BACK.search(sentence.strip())


def only_in_details(content: Content, phrase: str, answer: str, details: Sequence[str]) -> bool:
    """Whether `phrase` means something a detail says and the general answer does not: a
    question saying it asks for that detail ("is it stressful?": the roles are challenging)."""
    index = _index(content)
    meaning = index._meaning(phrase)
    return bool(meaning) and not meaning & index._meaning(answer) \
        and any(meaning & index._meaning(detail) for detail in details)


def scores(content: Content, question: str, candidates: Sequence[str]) -> Dict[str, float]:
    """How well each candidate matches the question (0 when nothing is shared)."""
    index = _index(content)
    asked = index._asked(question, "")
    return {text: index.score(asked, text) for text in candidates}
