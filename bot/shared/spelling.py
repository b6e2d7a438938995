"""Misspelt words read as the common words they were meant to be ("how lnog does it tkae" ->
"how long does it take", "acurate" -> "accurate", "certifcate" -> "certificate").

A typo is a word that English text almost never holds; what was meant is the most frequent
word one edit away (a letter dropped, added, changed, or two swapped). Frequencies come from
spaCy's English lexeme probabilities (`spacy-lookups-data`, a PyPI package, read once per
process, about half a second), so no list of the project's own is kept. Real words stay as
typed ("office" is never "officer"), as do short words, words in capitals ("IPP", "FIB"),
words with digits, and any word the project names itself ("ripa", "npcc").
"""

from __future__ import annotations

import gzip
import importlib.resources
import re
from functools import lru_cache
from typing import Dict, FrozenSet, Iterator, Tuple

from bot.shared.words import is_word

#: Log probabilities: a word that is not English (not in spaCy's lemma table) is a typo when a
#: word one slip away is at least this common ...
COMMON = -14.5
#: ... and, less what the slip costs, this much more common than what was typed (natural log:
#: 3 is twenty times; "recieve" is typed too, but "receive" 20 times as often) ...
MARGIN = 3.0
#: ... taking a word the table lacks (rarer than any it holds) as this common.
UNSEEN = -20.0
#: Shorter words have too many neighbours to guess from ("fib", "ipp", "cpd").
MIN_LENGTH = 4
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: Contractions typed without the apostrophe ("arent", "theyre"): words, not typos of "rent".
_NO_APOSTROPHE = re.compile(r"^(?:(?:are|is|was|were|do|does|did|have|has|had|could|would|should|must|"
                            r"need|ca|wo|ai)nt|(?:they|you|we)(?:re|ve|ll|d)|(?:i|he|she|it)(?:ll|d)|"
                            r"(?:that|what|there|who|where|when|how|it|he|she)s|im|ive)$")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_ENTRY = re.compile(r'"([a-z]{2,})": ?(-1[0-5]\.\d+|-\d\.\d+)')


@lru_cache(maxsize=1)
def _frequencies() -> Dict[str, float]:
    """Words seen often enough to be meant or typed on purpose, with their log probabilities:
    the ~48,000 of spaCy's table above e^-16, parsed without building the whole million-entry
    table (a quarter of a gigabyte)."""
    path = importlib.resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    raw = gzip.decompress(path.read_bytes()).decode("utf-8")
    return {m.group(1): float(m.group(2)) for m in _ENTRY.finditer(raw)}


@lru_cache(maxsize=1)
def _own_words() -> FrozenSet[str]:
    """Words the project's content uses (names, abbreviations, jargon): never typos."""
    from bot.shared.content import CONTENT_DIR

    found = set()
    for path in CONTENT_DIR.glob("*.yml"):
        found.update(w.lower() for w in _WORD.findall(path.read_text(encoding="utf-8")))
    return frozenset(found)


_VOWELS = frozenset("aeiouy")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_AT = {c: (row, col) for row, keys in enumerate(_ROWS) for col, c in enumerate(keys)}

#: What each kind of slip costs (natural log), so that a likely slip beats a more common word
#: reached by an unlikely one: "stabing" is "stabbing", not "staying"; "nife" is "knife".
DOUBLED, SWAPPED, VOWEL, LETTER, NEAR_KEY, OTHER_KEY = 0.5, 1.0, 1.0, 1.5, 3.0, 5.0


def _near(a: str, b: str) -> bool:
    (row_a, col_a), (row_b, col_b) = _KEY_AT[a], _KEY_AT[b]
    return abs(row_a - row_b) <= 1 and abs(col_a - col_b) <= 1


def _edits(word: str) -> Iterator[Tuple[str, float]]:
    """Every word one slip from `word`, with what that slip costs."""
    for at in range(len(word) + 1):
        left, right = word[:at], word[at:]
        if right:  # a letter typed that was not meant
            doubled = at > 0 and word[at - 1] == right[0]
            yield left + right[1:], DOUBLED if doubled else VOWEL if right[0] in _VOWELS else LETTER
            for c in _LETTERS:  # one letter for another
                if c != right[0]:
                    same_kind = c in _VOWELS and right[0] in _VOWELS
                    yield left + c + right[1:], (VOWEL * 2 if same_kind else NEAR_KEY
                                                 if _near(c, right[0]) else OTHER_KEY)
        if len(right) > 1 and right[0] != right[1]:  # two letters swapped
            yield left + right[1] + right[0] + right[2:], SWAPPED
        for c in _LETTERS:  # a letter left out
            doubled = (at > 0 and word[at - 1] == c) or (right[:1] == c)
            yield left + c + right, DOUBLED if doubled else VOWEL if c in _VOWELS else LETTER


@lru_cache(maxsize=20_000)
def meant(word: str) -> str:
    """The word `word` (lower case) was meant to be: itself unless it is a typo of a common
    word."""
    if len(word) < MIN_LENGTH or not word.isalpha() or is_word(word) or word in _own_words() \
            or _NO_APOSTROPHE.match(word):
        return word
    frequencies = _frequencies()
    typed = frequencies.get(word, UNSEEN)
    best, best_score = word, typed + MARGIN
    for edit, cost in _edits(word):
        frequency = frequencies.get(edit)
        if frequency is not None and frequency > COMMON and frequency - cost > best_score:
            best, best_score = edit, frequency - cost
    return best


def respelt(text: str) -> str:
    """`text` with its typos spelt as meant, everything else as typed."""

    def fix(m: "re.Match[str]") -> str:
        typed = m.group(0)
        if "'" in typed or typed.isupper() and len(typed) > 1:
            return typed
        word = meant(typed.lower())
        if word == typed.lower():
            return typed
        return word.capitalize() if typed[:1].isupper() else word

    return _WORD.sub(fix, text)


def warm_up() -> None:
    """Read the word frequencies now (half a second), so no visitor waits for them."""
    _frequencies()
    _own_words()


#: Words at least this frequent (natural log probability) are everyday English.
EVERYDAY = -9.5


def common_word(word: str) -> bool:
    """Whether a (lower-case) word is everyday English ("all", "through", "year"), too common
    to name one thing: "portfolio" and "superintendent" are not."""
    return _frequencies().get(word, UNSEEN) > EVERYDAY
