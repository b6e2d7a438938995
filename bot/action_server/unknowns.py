"""Known unknowns: recruitment questions the pathway does not answer (pay, age, vetting ...).

The subjects and the phrases people use for them are content (`data/pathway/unknowns.yml`),
matched over lemmas; the reply says plainly that the assistant does not hold it, adds the
nearest thing the content does say, and points to the force's or the College's pages.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from bot.shared.content import Content, Unknowns
from bot.shared.words import Phrases, analyse, built_once, lower_first


class SubjectFinder:
    def __init__(self, unknowns: Unknowns) -> None:
        self.subjects: List[Tuple[str, Phrases]] = [
            (subject_id, Phrases(subject.phrases, cutoff=0.88))
            for subject_id, subject in unknowns.subjects.items()
        ]
        self.places = [(subject_id, Phrases(_said_as_where(subject.places)))
                       for subject_id, subject in unknowns.subjects.items() if subject.places]
        self.not_with_programme = {s: subject.not_with_programme
                                   for s, subject in unknowns.subjects.items()}
        self.about_the_visitor = {s for s, subject in unknowns.subjects.items()
                                  if subject.about_the_visitor}

    def find(self, text: str, programme_named: bool = False,
             about_the_visitor: bool = False) -> Optional[str]:
        """The subject asked about: the one with the most (then the longest) phrases found;
        with `about_the_visitor`, only a subject that could stand in the visitor's way. A place
        counts only in words about the work or what was said ("any jobs in Cornwall?", "is it
        the same in Scotland?"), not in "do I need a coat in Leeds today"."""
        words = analyse(_PAID_WORK.sub(" ", text))
        best: Tuple[int, int, str] = (0, 0, "")
        places = self.places if _OF_THE_WORK.search(text) else []
        for subject_id, phrases in [*self.subjects, *places]:
            if programme_named and self.not_with_programme[subject_id]:
                continue
            if about_the_visitor and subject_id not in self.about_the_visitor:
                continue
            found = phrases.find(words)
            if found:
                score = (len(found), max(len(p) for p in found), subject_id)
                best = max(best, score)
        return best[2] or None


#: "paid" naming a kind of work, not asking about pay: "out of paid work for this long", "as
#: my paid job" (blind set BG).
_PAID_WORK = re.compile(r"\bpaid(?=\s+(?:work|jobs?|careers?|employment)\b)", re.IGNORECASE)


#: The words before a place that say it is where the work would be ("any jobs in Leeds").
WHERE = ("in", "near", "around", "round", "to", "across", "about", "leave", "outside",
         "down in", "up in", "over in", "out in")


#: Words of a question about the work, or pointing back to what was said, beside a place.
_OF_THE_WORK = re.compile(r"\b(?:jobs?|roles?|posts?|positions?|work|working|based|vacanc\w*|forces?|"
                          r"stations?|units?|teams?|move|moving|relocat\w*|live|it|they|them|that|"
                          r"this|these|those|there|same|about)\b", re.IGNORECASE)


def _said_as_where(places: List[str]) -> List[str]:
    """"in Cornwall", "near Leeds", "Wales based"."""
    return [f"{where} {place}" for place in places for where in WHERE] + \
        [f"{place} {based}" for place in places for based in ("based", "-based")]


_finder = built_once(SubjectFinder)


def subject_of(content: Content, text: str, programme_named: bool = False,
               about_the_visitor: bool = False) -> Optional[str]:
    """The unknown subject `text` asks about, if any (`age`, `pay`, ...)."""
    return _finder(content.unknowns).find(text, programme_named, about_the_visitor)


def phrases_in(content: Content, text: str) -> List[str]:
    """Every phrase of a subject the sources do not hold found in `text` ("parking bay")."""
    words = analyse(_PAID_WORK.sub(" ", text))
    return [p for _, phrases in _finder(content.unknowns).subjects for p in phrases.find(words)]


def reply_text(content: Content, subject_id: Optional[str], role_id: Optional[str] = None,
               programme: Optional[str] = None, term: Optional[Tuple[str, str]] = None) -> str:
    """'I don't hold information on pay.' + the nearest fact (for the programme asked about,
    where the subject has one) + where to look. With `term` (the term and the pathway's
    sentence using it), what the term means: the nearest fact is that sentence."""
    unknowns = content.unknowns
    subject = unknowns.subjects.get(subject_id) if subject_id else None
    name = subject.name if subject else "that"
    if term:
        name = name.format(term=term[0])
        # ("... does say: intelligence officers work ...", "... does say: RIPA ...")
        said = content.reply("said").answer.format(said=lower_first(term[1]))
        return " ".join([content.reply("unknown").answer.format(subject=name), said,
                         unknowns.pointer])
    if role_id in content.roles and (subject is None or subject.said_for_a_role):
        name = f"{name} for the {content.roles[role_id].name.lower()} role"
    parts: List[str] = [content.reply("unknown").answer.format(subject=name)]
    nearest = _nearest(content, subject_id, programme)
    if nearest:
        parts.append(unknowns.nearest[nearest])
    parts.append(unknowns.pointer)
    return " ".join(parts)


def _nearest(content: Content, subject_id: Optional[str], programme: Optional[str] = None
             ) -> Optional[str]:
    """The key of the nearest thing said for a subject not held (for the programme asked
    about, where the subject has one)."""
    subject = content.unknowns.subjects.get(subject_id or "")
    return subject and (subject.nearest_for_programme.get(programme or "") or subject.nearest)


def nearest_topic(content: Content, subject_id: Optional[str], programme: Optional[str] = None
                  ) -> Optional[str]:
    """The topic the nearest thing said for a subject not held comes from (`nearest_from` in
    the content): what the conversation is about next, so after "I don't hold age limits.
    What the pathway does say: you can enter ... at any level" the visitor's "any level of
    what?" asks of the ways in."""
    key = _nearest(content, subject_id, programme)
    return content.unknowns.nearest_from.get(key) if key else None
