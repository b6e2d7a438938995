"""Words and lemmas of a message, for the matching the content drives (safety, known unknowns,
names, facts).

The lemmas come from spaCy's English lookup table (the `spacy-lookups-data` package the NLU
pipeline uses too), so "stabbed", "robbing" and "analysts" match "stab", "rob" and "analyst"
without a model. Plain Python: no Rasa, no spaCy pipeline.
"""

from __future__ import annotations

import difflib
import gzip
import json
import re
import unicodedata
from functools import lru_cache
from typing import Any, Callable, Dict, List, Sequence, Tuple, TypeVar

T = TypeVar("T")

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_ANY_CASE_TOKEN = re.compile(_TOKEN.pattern, re.IGNORECASE)
#: Intelligence work named as such ("intel", "intelligence analysis", "the FIB", "an IU").
INTELLIGENCE_WORK = re.compile(r"\b(intel|intelligence|fibs?|ius?)\b", re.IGNORECASE)
#: Short forms people type, spelt out so patterns need only one spelling.
_SPELLING = {
    "u": "you", "ur": "your", "r": "are", "im": "i'm", "ive": "i've", "dont": "don't",
    "cant": "can't", "wont": "won't", "isnt": "isn't", "doesnt": "doesn't", "didnt": "didn't",
    "whats": "what's", "theres": "there's", "thats": "that's", "hes": "he's", "shes": "she's",
    "sum1": "someone", "some1": "someone", "sumone": "someone", "ppl": "people", "bc": "because",
    "coz": "because", "cos": "because", "b4": "before", "2day": "today",
    "tonite": "tonight", "pls": "please", "plz": "please", "nd": "and", "n": "and",
    "intel": "intelligence", "wat": "what", "wot": "what", "ya": "you", "yr": "your",
    "wats": "what's", "wots": "what's", "hw": "how", "wud": "would", "cud": "could", "shud": "should",
    "in2": "into", "nite": "night", "2nite": "tonight", "bcoz": "because", "some1s": "someone",
    "acc": "actually", "tho": "though", "jobb": "job", "w": "with", "wiv": "with", "wi": "with",
    "dose": "does", "waht": "what", "whta": "what", "hwat": "what", "teh": "the",
    # Scots: "whit kinda info dae they use", "am I too auld tae be thinkin aboot it"
    "whit": "what", "dae": "do", "kinda": "kind of", "auld": "old", "tae": "to", "aboot": "about",
    "nae": "no", "polis": "police", "tak": "take", "aff": "off", "wid": "would", "fae": "from",
    "frae": "from", "oot": "out", "dinnae": "don't", "cannae": "can't",
    # Northern English: "would that count for owt?", "would I have to gan to HQ"
    "owt": "anything", "nowt": "nothing", "summat": "something", "gan": "go",
    # Doric: "foo lang dis that tak?"
    "foo": "how", "lang": "long", "dis": "does",
    # Spelt as said: "wich roll wud be doin that bit", "is ther wun that ..."
    "wich": "which", "whitch": "which", "roll": "role", "rolls": "roles", "doin": "doing",
    "wun": "one", "ther": "there", "uthers": "others", "werk": "work",
    # Yorkshire: "me mam wer burgled last yeer n t'police caught em"
    "yeer": "year", "yeers": "years", "t'police": "the police", "em": "them",
    # typed fast on a phone: "wot els is ther then", "hw dae ye get intae intel if yer no polis"
    "els": "else", "hav": "have", "haf": "have", "cn": "can", "culd": "could", "evn": "even",
    "dus": "does", "trak": "track", "intae": "into", "ye": "you", "yer": "your",
    "whens": "when's", "wheres": "where's", "whos": "who's", "payd": "paid", "trane": "train",
    "teenajer": "teenager",
    # text-speak on a phone (blind set AY): "wot u hav 2 be gud at tho", "hows that diff from
    # the analyst", "a car sat outside rn"
    "gud": "good", "gd": "good", "soundz": "sounds", "diff": "different", "hows": "how's",
    "wen": "when", "abt": "about", "cuz": "because", "becos": "because", "anythin": "anything",
    "somethin": "something", "sumthin": "something", "nuthin": "nothing", "evry": "every",
    "rn": "right now", "atm": "at the moment", "1": "one",
    # short forms at work: "wud i hav to be a sgt", "wud my nursing quals count 4 anything"
    "sgt": "sergeant", "sgts": "sergeants", "quals": "qualifications", "qual": "qualification",
    # "any cert at the end" (blind set BT's first look)
    "cert": "certificate", "certs": "certificates",
    # the pathway's own words misspelt (blind set BZ's first look: "wots intelligense work in
    # the polise", "inan ofice all day"; not "reserch", which names the researcher misspelt)
    "intelligense": "intelligence", "inteligence": "intelligence", "inteligense": "intelligence",
    "intellegence": "intelligence", "intelegence": "intelligence", "polise": "police",
    "pollice": "police", "ofice": "office",
    "offce": "office",
}
#: Short forms that are also words of their own after these words: "not on any school roll"
#: is no role.
_ROLL_KEPT_AFTER = frozenset({"school", "electoral", "sausage", "bread", "toilet", "spring", "egg"})
_KEPT_AFTER = {"roll": _ROLL_KEPT_AFTER, "rolls": _ROLL_KEPT_AFTER}
#: ... and before "of" and a thing: "rolls of cash" (blind set CC's first look, a boy being
#: groomed) is no roles, where "the rolls of an analyst" or "rolls of intel staff" are.
_KEPT_BEFORE = re.compile(r"\s+of\s+(?!(?:a|an|the|each|all|these|those|them|intelligence|intel|"
                          r"police|analysts?|officers?|researchers?|supervisors?|staff)\b)\w",
                          re.IGNORECASE)


def _kept_as_typed(word: str, before: str, after: str) -> bool:
    """Whether a short form (`word`, lower case) is a word of its own here, by the word
    `before` it and the text `after` it: "on the school roll", "rolls of cash"."""
    return word in _KEPT_AFTER and (before in _KEPT_AFTER[word] or bool(_KEPT_BEFORE.match(after)))


#: Endings of contractions, dropped after the split ("who's" -> "who").
_CONTRACTIONS = ("'s", "'re", "'ve", "'ll", "'d", "'m")
_NEGATIVE = {"can't": "can", "won't": "will", "shan't": "shall"}


@lru_cache(maxsize=1)
def _lemma_table() -> Dict[str, str]:
    """spaCy's English lemma lookup table, read once per process (about 0.2 s)."""
    import importlib.resources

    path = importlib.resources.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
    return json.loads(gzip.decompress(path.read_bytes()))


def spelt_out(text: str) -> str:
    """`text` with the short forms people type spelt out ("wat do u do" -> "what do you do"),
    its punctuation and everything else kept, so a pattern written for one spelling reads
    them all."""
    text = text.replace("\u2019", "'")

    def spelt(m: "re.Match[str]") -> str:
        word = m.group(0).lower()
        if word in _KEPT_AFTER:  # the word before, from the few characters before it
            before = _ANY_CASE_TOKEN.findall(text[max(0, m.start() - 24):m.start()])[-1:]
            if _kept_as_typed(word, before[0].lower() if before else "", text[m.end():]):
                return m.group(0)
        return _SPELLING.get(word, m.group(0))

    return _ANY_CASE_TOKEN.sub(spelt, text)


#: Where a role's name ends: the end, a mark, or a word that asks of it ("do", "role").
_NAME_ENDS = r"(?=\s*(?:$|[?.!,;:]|(?:do|does|did|role|roles|job|jobs|post|one|then|is|are|and|or)\b))"
#: The pathway's names as voice typing writes them down, and the names they are: "what does a
#: intelligence office her do", "and see pee dee whats that", "whats rip a got to do with it",
#: "whats the fast truck" (blind set BM's first look).
_SPOKEN_NAMES = [
    # (not "the office her husband runs": only where a role's name stands)
    (re.compile(r"\b(intelligence|intel|an?|the)\s+office\s+her(s?)\b" + _NAME_ENDS, re.IGNORECASE),
     r"\1 officer\2"),
    (re.compile(r"\b(intelligence|intel|an?|the)\s+research\s+her(s?)\b" + _NAME_ENDS, re.IGNORECASE),
     r"\1 researcher\2"),
    (re.compile(r"\bsuper\s+visor(s?)\b", re.IGNORECASE), r"supervisor\1"),
    (re.compile(r"\b(?:see|sea|c)[\s.-]+(?:pee|p)[\s.-]+(?:dee|d)\b", re.IGNORECASE), "CPD"),
    (re.compile(r"\b(?:eye|i)[\s.-]+(?:pee|p)[\s.-]+(?:pee|p)\b", re.IGNORECASE), "IPP"),
    (re.compile(r"\b(?:ef|f)[\s.-]+(?:eye|i)[\s.-]+(?:bee|b)\b", re.IGNORECASE), "FIB"),
    (re.compile(r"\brip\s+a\b(?=\s+(?:got|is|mean|means|about|have|has|for)\b|\s*[?.!]|\s*$)",
                re.IGNORECASE), "RIPA"),
    (re.compile(r"\bfast\s+truck\b", re.IGNORECASE), "fast track"),
    (re.compile(r"\bpath\s+way\b", re.IGNORECASE), "pathway"),
]


def spoken_names(text: str) -> str:
    """`text` with the pathway's names written as names where voice typing spelt them out as
    other words ("intelligence office her" -> "intelligence officer", "see pee dee" -> "CPD"):
    the model and the patterns know the names, not what a phone heard."""
    for spoken, name in _SPOKEN_NAMES:
        text = spoken.sub(name, text)
    return text


def plain_letters(text: str) -> str:
    """`text` with accents taken off its letters ("dziękuję" -> "dziekuje", "olá" -> "ola"), so
    a word typed with or without them is one word, not pieces around the accented letter."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokens(text: str) -> List[str]:
    """Lower-cased words, accents off, common text-speak spelt out, contractions split off."""
    words = []
    previous = ""
    found = _TOKEN.findall(plain_letters(text.lower().replace("\u2019", "'")))
    for at, token in enumerate(found):
        kept = _kept_as_typed(token, previous, " " + " ".join(found[at + 1:at + 3]))
        token, previous = (token if kept else _SPELLING.get(token, token)), token
        if token.endswith("n't") and len(token) > 3:
            words.extend(_NEGATIVE.get(token, token[:-3]).split() + ["not"])
            continue
        for ending in _CONTRACTIONS:
            if token.endswith(ending) and len(token) > len(ending):
                token = token[: -len(ending)]
                break
        words.extend(token.split())
    return words


#: English words of five letters or more that never inflect, so the lemma table lacks them:
#: a closed set (conjunctions, prepositions, pronouns, a few adverbs).
_UNINFLECTED = frozenset("""
    whether although though through throughout because before after above below between beyond
    during except inside outside since until unless without within while whilst where which
    whose whom there their theirs these those other another every either neither about against
    along among amongst around behind beside besides despite toward towards under upon again
    always never often rather quite still already maybe perhaps really actually anyway whatever
    whoever whenever wherever however therefore instead otherwise together enough almost
    whereas thereby hence across beneath onto unlike versus alongside nobody everybody
    somebody anybody nothing something anything everything someone anyone everyone
""".split())


@lru_cache(maxsize=1)
def _lexicon() -> frozenset:
    table = _lemma_table()
    return frozenset(table) | frozenset(table.values()) | _UNINFLECTED


def is_word(word: str) -> bool:
    """True for a real English word: those are never read as a misspelling of another
    ("office" is not "officer")."""
    return word in _lexicon()


@lru_cache(maxsize=1)
def _base_forms() -> frozenset:
    return frozenset(_lemma_table().values())


#: Where the lookup table's guess is wrong for this project's words.
_LEMMA_FIXES = {"does": "do", "doing": "do",
                # "would he have to write things?" is answered by "brief stakeholders in writing"
                "writing": "write", "written": "write"}


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The word's base form; a word that is itself a base form stays as it is ("feed" is not
    "fee", "opening" is not "open")."""
    if word in _LEMMA_FIXES:
        return _LEMMA_FIXES[word]
    if word in _base_forms():
        return word
    return _lemma_table().get(word, word)


def lemmas(text: str) -> List[str]:
    return [lemma(word) for word in tokens(text)]


@lru_cache(maxsize=100_000)
def similar(word: str, target: str, cutoff: float) -> bool:
    """True when `word` is `target` misspelt (only for words long enough to judge, and never
    for a word that is itself English)."""
    if word == target:
        return True
    if len(target) < 5 or abs(len(word) - len(target)) > 2 or word[:1] != target[:1]:
        return False
    if is_word(word):
        return False
    return difflib.SequenceMatcher(None, word, target).ratio() >= cutoff


class Phrases:
    """A set of phrases (one or more words each) that can be found in a message. A phrase word
    matches a message word or its lemma, so "stab" matches "stabbed" but "opening" does not
    match "open". Single long words also match when misspelt ("robbd", "burgalry") at
    `cutoff`; `*` inside a phrase stands for up to two words ("sell * drug"), `**` for up to
    four."""

    def __init__(self, phrases: Sequence[str], cutoff: float = 0.84) -> None:
        self.cutoff = cutoff
        self.single: Dict[str, str] = {}
        self.multi: List[Tuple[str, Tuple[str, ...]]] = []
        for phrase in phrases:
            words = tuple(w for part in phrase.split()
                          for w in ([part] if part in _GAPS else tokens(part)))
            if len(words) == 1:
                self.single[words[0]] = phrase
            elif words:
                self.multi.append((phrase, words))
        self._fuzzy_targets = [w for w in self.single if len(w) >= 5]
        #: Multi-word phrases by their first word, so a message is checked only against the
        #: phrases that could start in it (a phrase never starts with `*`).
        self._by_first: Dict[str, List[Tuple[str, Tuple[str, ...]]]] = {}
        for phrase, parts in self.multi:
            self._by_first.setdefault(parts[0], []).append((phrase, parts))
        self._cache: Dict[str, str] = {}
        self._found: Dict[Tuple[Tuple[str, str], ...], List[str]] = {}

    def find(self, message: Sequence[Tuple[str, str]]) -> List[str]:
        """The phrases found in `message`, given as (word, lemma) pairs. Remembered for the
        last messages: one turn reads the same words whole, by clause and by piece."""
        key = tuple(message)
        hit = self._found.get(key)
        if hit is None:
            if len(self._found) > 4096:
                self._found.clear()
            hit = self._found[key] = self._find(key)
        return list(hit)

    def _find(self, message: Sequence[Tuple[str, str]]) -> List[str]:
        found = []
        for word, base in message:
            hit = self.single.get(base) or self.single.get(word) or self._fuzzy(word)
            if hit:
                found.append(hit)
        for phrase, parts in self._candidates(message):
            if _contains(message, parts):
                found.append(phrase)
        return found

    def _candidates(self, message: Sequence[Tuple[str, str]]) -> List[Tuple[str, Tuple[str, ...]]]:
        """The multi-word phrases that could occur: those whose first word is in the message
        (as a word, a lemma or, for a word that is not English, misspelt)."""
        present = {form for token in message for form in token}
        strange = [w for w, _ in message if len(w) >= 5 and not is_word(w)]
        candidates = []
        for first, phrases in self._by_first.items():
            if first in present or any(w[0] == first[0] and similar(w, first, self.cutoff)
                                       for w in strange):
                candidates.extend(phrases)
        return candidates

    def _fuzzy(self, word: str) -> str:
        if len(word) < 5 or word.isdigit() or is_word(word):
            return ""  # ("whether" is not a misspelt "weather")
        if word not in self._cache:
            if len(self._cache) > 20_000:
                self._cache.clear()
            hits = [t for t in self._fuzzy_targets if similar(word, t, self.cutoff)]
            self._cache[word] = self.single[hits[0]] if hits else ""
        return self._cache[word]


#: Gaps a phrase may hold, and how many words each skips at most ("offer ** lift" matches
#: "offered my little sister a lift").
_GAPS = {"*": 2, "**": 4}


def _same(part: str, token: Tuple[str, str]) -> bool:
    """A phrase word against a message word: the word, its lemma, or the word misspelt."""
    return part in token or (len(part) >= 5 and similar(token[0], part, 0.84))


def _contains(message: Sequence[Tuple[str, str]], parts: Tuple[str, ...]) -> bool:
    """True when the phrase `parts` occurs in `message` ((word, lemma) pairs); `*` skips up
    to two words."""
    def match(i: int, j: int) -> bool:
        if j == len(parts):
            return True
        if parts[j] in _GAPS:
            return any(match(i + skip, j + 1) for skip in range(0, _GAPS[parts[j]] + 1)
                       if i + skip <= len(message))
        return i < len(message) and _same(parts[j], message[i]) and match(i + 1, j + 1)

    return any(match(start, 0) for start in range(len(message)))


@lru_cache(maxsize=256)
def analyse(text: str) -> Tuple[Tuple[str, str], ...]:
    """(word, lemma) pairs of `text`, the form `Phrases.find` takes. Cached: one turn reads
    the same question for safety, unknowns, out of scope, cues and comparisons."""
    return tuple((word, lemma(word)) for word in tokens(text))


#: Entries one `built_once` cache holds before it is emptied: well above the lists one content
#: holds (about 100), so a turn never rebuilds what the last turn built.
_BUILT_ONCE_MAX = 1024


def built_once(build: Callable[[Any], T]) -> Callable[[Any], T]:
    """Cache what `build` makes from a content object (content models are not hashable), for
    as long as that object is the one in use. One cache may hold an entry for every list of
    one content (each topic's cues, say): emptied only when far more than one content's worth
    has built up over reloads, never on every turn."""
    cache: Dict[int, Tuple[Any, T]] = {}

    def cached(source: Any) -> T:
        hit = cache.get(id(source))
        if hit is None or hit[0] is not source:
            if len(cache) >= _BUILT_ONCE_MAX:
                cache.clear()
            hit = cache[id(source)] = (source, build(source))
        return hit[1]

    return cached


def lower_first(text: str) -> str:
    """'The IPP' -> 'the IPP', to run on after other words, but keep acronyms such as 'FIBs'
    or 'RIPA' as they are."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() or first[1:2].isupper() else text[0].lower() + text[1:]
