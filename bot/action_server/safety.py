"""Safety first: does this message describe a crime, danger or someone at risk?

A deterministic net over lemmas, driven by the phrase lists in `data/pathway/safety.yml`, runs
before any answer is composed, so a visitor who reports a crime gets 999 / 101 / Crimestoppers
whatever the model predicted. The model's `report_crime` intent is one more signal, never the
only one. Career questions that mention crime ("do analysts work on drug cases?") are told
apart by their career framing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import AbstractSet, Iterator, List, Optional, Sequence, Set, Tuple

from bot.shared.content import Content, Safety
from bot.shared.focus import asks, clauses, pieces, stands_alone
from bot.shared.intents import FALLBACK as UNSURE
from bot.shared.intents import OUT_OF_SCOPE, REPORT_INTENT
from bot.shared.words import Phrases, analyse, built_once

#: The model's report_crime alone, with nothing in the message to back it, counts from here.
#: Below this, the model's "report" reading of a message that only asks is a guess.
UNSURE_REPORT = 0.5
MODEL_SURE = 0.9
#: ... or this sure beside the visitor's doubt that it matters, or later in a conversation
#: that has had a report.
REPORT_GOES_ON = 0.6
#: A follow-up to a signpost this short may go on about the report ("and online?").
FOLLOW_UP_WORDS = 20
#: The model's readings that are no question about the pathway: later in a conversation that
#: has had a report, a statement read as one of these may be the report going on.
NOT_ABOUT_THE_PATHWAY = frozenset({REPORT_INTENT, OUT_OF_SCOPE, "help"})
#: A statement this long or longer may tell something ("ok", "right then" do not).
TELLS_WORDS = 4
#: Readings of a message that ask no question about the pathway and are no small talk either:
#: right after a signpost, such a message goes on about the report; so does one read as out of
#: scope that says no one acts on it ("He's gone home now, his sergeant knows.").
UNSURE_OR_NOT_ASKING = frozenset({None, UNSURE, REPORT_INTENT, "help", "greet", "goodbye", "thanks"})
#: Small talk the model may read surely beside what a visitor tells after a signpost.
_SMALL_TALK = frozenset({"greet", "goodbye", "thanks"})
#: Someone other than the visitor: thanks beside them may go on about the report ("thanks, he's
#: still outside her flat though").
_SOMEONE_ELSE = re.compile(r"\b(?:he|she|they|him|her|them|his|their|he's|she's|they're|someone|somebody|"
                           r"man|woman|lad|guy|bloke|kid|child|girl|boy|people)\b", re.IGNORECASE)
#: ... or the model this unsure of any other reading.
PATHWAY_SURE = 0.5
#: ... or, for a message that tells and asks nothing of the pathway in its words, less sure
#: than this ("theyve gone round the side" read as the roles at 0.6; "wots the pay like" is
#: read as a question not held at 0.999).
TOLD_SURE = 0.9
#: How many words after "coursework on", "tip-offs about" ... name what is studied or worked on.
STUDIED_WORDS = 8


#: Words that tell it is happening as the visitor writes.
_HAPPENING_NOW = re.compile(r"\b(?:right now|as we speak)\b", re.IGNORECASE)

#: A part of a message as the model read it on its own: (text, intent, confidence).
Reading = Tuple[str, Optional[str], float]


@dataclass(frozen=True)
class Verdict:
    """Whether to signpost, and why (the phrases found), for `/why` and the tests."""

    signpost: bool
    reason: str = ""


class SafetyNet:
    def __init__(self, safety: Safety) -> None:
        self.urgent = Phrases([*safety.urgent, *safety.reporting])
        self.danger = Phrases(safety.urgent)  # without the ways to report
        self.asked_reporting = Phrases(safety.reporting_questions)
        self.crime = Phrases(safety.crime)
        self.telling = Phrases(safety.telling)
        self.near_me = Phrases(safety.near_me)
        self.close_to_me = Phrases(safety.close_to_me)
        self.career = Phrases(safety.career, cutoff=0.9)
        self.own_past_or_work = Phrases([*safety.own_past, *safety.own_work,
                                         *safety.already_reported])
        self.general = set(safety.general)
        self.general_phrases = Phrases(safety.general)
        self.field = set(safety.field)
        self.studied = Phrases(safety.studied)
        self.studied_or_asked = Phrases([*safety.studied, *safety.asked_of_the_work])
        self.follow_up = Phrases(safety.follow_up)
        self.still_telling = Phrases(safety.still_telling)
        self.hypothetical = Phrases(safety.hypothetical)
        self.own_work = Phrases(safety.own_work)
        self.own_past = Phrases(safety.own_past)
        self.own_work_phrases = set(safety.own_work)
        self.ongoing = Phrases([*safety.ongoing, *safety.since_reported])
        self.since_reported = Phrases(safety.since_reported)
        self.already_reported = Phrases(safety.already_reported)
        self.not_reported = Phrases(safety.not_reported)
        self.dealt_with = Phrases(safety.dealt_with)
        self.acting_on_it = Phrases(safety.acting_on_it)
        self.as_the_work = Phrases(safety.as_the_work)
        self.recent = Phrases([*safety.recent, *safety.ongoing, *safety.since_reported])
        self.routine = Phrases(safety.routine)
        self.experience = Phrases(safety.experience)
        self.long_ago = Phrases(safety.long_ago)

    def check(self, text: str, intent: Optional[str] = None, confidence: float = 0.0,
              after_signpost: bool = False, said: Sequence[Reading] = (),
              reported_earlier: bool = False, leaning: Optional[str] = None,
              moved_on: bool = False, sure: AbstractSet[str] = frozenset()) -> Verdict:
        """Each clause of the message on its own first (`bot.shared.focus.clauses`), so a
        career question in one does not hide a report in the next; then each piece that asks
        nothing (`bot.shared.focus.pieces`: a clause's statement read apart from the question
        after it); then the whole message, and the model's intent.

        A piece that states a crime or an act of harm (not a general crime word), with someone
        it happens to, a place or a time near the visitor, or someone seeing or telling it, is
        a report whatever the career words elsewhere, unless the message is about the
        visitor's own past or work or a crime already reported: the signpost costs the visitor
        no answer, since the questions beside it are answered too
        (bot/action_server/answers.py)."""
        if text.lstrip().startswith("/"):  # a button payload, not words
            return Verdict(False)
        # what the visitor did about it counts below, though the piece is not read again: "Ok
        # I've called 101 and they've taken details. ... would researchers help on cases like
        # that?" tells of a crime already reported
        acted_text, acted = text, analyse(text)
        whole = acted
        if after_signpost or reported_earlier:
            text, said = self._without_acting_on_it(text, said)
            whole = analyse(text)
            if text != acted_text:
                intent = None  # the model read the whole, with what the visitor did about it
        if after_signpost:
            verdict = self._still_reporting(text, whole)
            if not verdict.signpost and not moved_on:
                verdict = self._not_yet_back(text, whole, intent, confidence)
            if verdict.signpost:
                return verdict
        if reported_earlier:
            verdict = self._report_goes_on(text, whole, leaning or intent)
            if verdict.signpost:
                return verdict
        parts = clauses(text)
        # "DS on a DA team ... Coercive control, stalking, non-fatal strangulation, day in day
        # out": the crimes the visitor's job deals with, told nowhere as one happening
        as_work = self._crime_as_the_work(text, parts)
        for part in parts if len(parts) > 1 and not as_work else []:
            verdict = self._check(analyse(part), None, message=whole)
            if verdict.signpost:
                return verdict
        split = pieces(text)
        # A question that stands on its own words asks of itself: "would not having any
        # qualifications stop me?" says nothing of the dumping told before it, where "would
        # that stop me?" is about what was told (and ", which was reported to Action Fraud"
        # goes on telling)
        told_pieces = split if text == acted_text else pieces(acted_text)
        about_what_was_told = analyse(" ".join(
            p for p in told_pieces if not (asks(p) and stands_alone(p)) or _RELATIVE.match(p)))
        own_or_reported = as_work or self._own_or_reported(about_what_was_told) or \
            self._dealt_with(acted) or self._asked_as_the_work(acted)
        for piece in split:
            # Asking how to report is answered with the signpost whoever asks ("... on my
            # patch. who do I tell?"); a statement only when it is not the visitor's own
            # work or past, nor already reported or dealt with.
            verdict = (self._asks_reporting if asks(piece) else
                       self._stated if len(split) > 1 and not own_or_reported else None)
            verdict = verdict(analyse(piece)) if verdict else Verdict(False)
            if verdict.signpost:
                return verdict
        told = [piece for piece in split if not asks(piece)]
        if told and not own_or_reported and any(WHETHER_TO_ACT.match(p) for p in split):
            # "what do i do?" after telling of a crime asks what to do about it (blind set
            # BS's first look: "bloke just hired a disc cutter and a crowbar ... then drove off
            # in a van with no plates. what do i do")
            said_told = analyse(" ".join(told))
            if self._specific(said_told) and not self.career.find(said_told):
                return Verdict(True, "asks what to do about the crime it tells")
        if len(told) > 1 and len(told) < len(split) and not own_or_reported:
            # what the message tells, read together apart from its question: "my manager is
            # paying invoices to a company that doesn't exist - the bank details match his own
            # account ... how would I get into fraud intelligence?"
            verdict = self._stated(analyse(" ".join(told)), someone_else=True)
            if verdict.signpost:
                return verdict
        for clause in parts:
            # A condition belongs to the question it leads to: "if she wanted to tell someone
            # but not give her name, who would that be?"
            verdict = self._asks_reporting(analyse(clause)) if _CONDITION.match(clause) and \
                asks(clause) else Verdict(False)
            if verdict.signpost:
                return verdict
        verdict = self._read_as_report(said, whole, reported_earlier, bool(own_or_reported),
                                       asks_nothing=not any(asks(piece) for piece in split), sure=sure)
        if verdict.signpost:
            return verdict
        # a message that only asks ("Is there anywhere I can read about people who've done it,
        # like my friend?") is backed by someone near the visitor no more than by its reading
        only_asks = all(asks(piece) for piece in split)
        if as_work:
            return Verdict(False, "crime as the visitor's work")
        return self._check(whole, intent, confidence, message=whole, only_asks=only_asks)

    def _crime_as_the_work(self, text: str, parts: Sequence[str]) -> bool:
        """Whether the visitor tells their job (`own_work`, or "I'm a probation officer in
        ...") and every clause naming a crime tells what that job deals with: with no one, no
        time, nothing going on and no one telling near the visitor, once the words of the
        job's `routine` ("every day", "caseload") are set aside. "I'm a carer at a home. One
        of my residents is being hit by her son" names someone near them: a report."""
        if not (self.own_work.find(analyse(text)) or _STATES_A_JOB.search(text) or any(
                _THE_VISITOR_DOES.search(part) and self.routine.find(analyse(part)) for part in parts)):
            return False
        # the job itself ("I'm a support worker in a hostel") is no one the crime happens to
        told = [analyse(_STATES_A_JOB.sub(" ", part)) for part in parts if not asks(part)]
        if any(self.ongoing.find(words) for words in told):
            return False  # "... one of them is in his house right now"
        # (and what the job brings as often as that, in any words: "At least once a week
        # someone tries to sell me a two-grand road bike for eighty quid")
        named = [words for words in told if self._specific(words) or self.urgent.find(words)
                 or self.routine.find(words)]
        return bool(named) and all(self._of_the_work(words) for words in named)

    def _of_the_work(self, words: Sequence[Tuple[str, str]]) -> bool:
        routine = {word for phrase in self.routine.find(words) for word, _ in analyse(phrase)}
        # as often as that, "someone" is whoever comes, and "me" the visitor at work: "At least
        # once a week someone tries to sell me a stolen watch"
        anyone = _ANYONE_AT_WORK if routine else frozenset()
        rest = [(word, base) for word, base in words if word not in routine and word not in anyone]
        if any(word in _ONE_PERSON for word, _ in rest) or _SOMEONE_PARTICULAR.search(
                " ".join(word for word, _ in rest)):
            return False  # "a pupil is being groomed", "she's being followed": one person
        # "my work" in "most of my work is sextortion" is the job, no place near the visitor
        own = self.own_work.find(rest)
        near = [n for n in self.near_me.find(rest) if not any(n in job for job in own)
                and not (n in _REPEATED and _OWN_DOING.search(" ".join(w for w, _ in rest)))]
        return not (self.close_to_me.find(rest) or near or self.recent.find(rest)
                    or self.telling.find(rest))

    def _without_acting_on_it(self, text: str, said: Sequence[Reading]
                              ) -> Tuple[str, Sequence[Reading]]:
        """After a signpost, the message without the pieces that say the visitor acts on it
        ("Okay, calling the police now. Last question, which teams ... hold the
        intelligence?"), when another piece asks something: the visitor has heard the
        signpost and moved on. A piece that also tells of a crime or danger stays ("I'll ring
        101, he's outside now with a knife"), and a message that only acts on it is read
        whole."""
        split = pieces(text)
        acting = [p for p in split if self.acts_on_it(p)]
        rest = [p for p in split if p not in acting]
        if not acting or not any(asks(p) for p in rest):
            return text, said
        # cut from the message as written, so what is left keeps its punctuation: joined up,
        # a statement runs into the question after it ("shes rung them. honestly i know whos
        # been selling nicked bikes round ours as well, could knowing stuff like that get me in")
        kept = text
        for piece in acting:
            at = kept.find(piece)
            if at >= 0:
                kept = kept[:at] + kept[at + len(piece):]
        kept = kept.strip(" ,.;:-") or " ".join(rest)
        return kept, [r for r in said if r[0] not in acting]

    def acts_on_it(self, piece: str) -> bool:
        """Whether a piece of a message says the visitor (or someone) acts on the signpost
        ("ok am phoning", "thanks he'll report it", "my manager rang them") and tells of no
        crime or danger itself; not one that asks ("should I ring 999?")."""
        words = analyse(piece)
        return bool(self.acting_on_it.find(words)) and not asks(piece) and not self.danger.find(words) \
            and not self.still_telling.find(words) \
            and not self._specific(words) and not _IF_THE_VISITOR.search(piece) \
            and not _REFUSING.search(piece)

    def _read_as_report(self, said: Sequence[Reading], message: Sequence[Tuple[str, str]],
                        reported_earlier: bool = False, own_or_reported: bool = False,
                        asks_nothing: bool = False, sure: AbstractSet[str] = frozenset()) -> Verdict:
        """A part beside the questions that asks nothing and that the model, reading it on its
        own, is sure is a report: it has learned reports told in words no phrase list holds
        ("a man from an online game keeps asking her cousin for photos"). Not when the message
        says the police have dealt with it, nor when the visitor speaks of themselves ("I've
        managed a shop for 15 years", unless they doubt it matters) or of a career ("doorman 8
        years, seen every fight"), but "my colleague" is someone near them. Backed by someone
        near the visitor, someone telling it ("they look terrified") or the visitor doubting
        it matters. Later in a conversation that has had a report, beside the visitor's doubt,
        or in a message that asks nothing, the model need only lean that way: "two of them are
        outside right now" goes on about it; "A man at the park, he is sleeping in car with two
        small children, two days now. The children look cold and hungry." asks no career
        question a signpost could cost.

        Harm to someone close to the visitor (`close_to_me`: "my little brother keeps
        disappearing ... from 'a mate he does jobs for'"), told as lately or now, is a report
        whatever job words the part holds and whatever the visitor's own work elsewhere in the
        message (`own_or_reported`), unless the message says it was reported."""
        if self._dealt_with(message):
            return Verdict(False)
        reported = bool(self._reported(message))
        # "I do the books ... payments to a company that doesn't seem to exist. I don't know if
        # it matters.": a visitor unsure whether what they tell matters is telling of it
        doubting = self.still_telling.find(message)
        for text, intent, confidence in said:
            if intent != REPORT_INTENT or confidence < (
                    REPORT_GOES_ON if reported_earlier or doubting or asks_nothing else MODEL_SURE) or \
                    _ABOUT_THE_VISITOR.match(text) and not doubting \
                    and not (text in sure and _SOMEONE_THERE.search(text) and not self.acts_on_it(text)):
                # (a part that opens on the visitor and goes on to someone there, which the
                # danger reader is sure of, is a report: "I'm at a school in Ashford now and
                # there's a man parked outside the gates who's been filming the playground",
                # blind set CD's first look; not "I spend my days poring over burglary
                # hotspots, cars nicked off driveways", the visitor's work)
                continue
            words = analyse(text)
            near = self.near_me.find(words)
            # ... or told as happening lately ("the same fake landlord just messaged her
            # again"): the model is sure, and it is no story from the visitor's past
            recent = self.recent.find(words)
            backing = near + self.telling.find(words) + doubting + recent
            if text in sure:
                # the danger reader, taught reports apart from what visitors tell of
                # themselves, is sure of it on its own: "old girl on my route not been at her
                # stop 3 days, curtains shut, milk on the step" (blind set BX's first look)
                backing.append("the danger reader")
            if asks(text):
                # a part that asks is backed by someone else, not by the visitor's own story:
                # "what i wanted to ask is like i've been farming pigs thirty odd years ..."
                backing = [b for b in backing if b.split()[0] not in _THE_VISITOR]
            # (or, told as going on now, the danger reader is sure of it whatever job words it
            # holds: "a colleague's just shown me her husband's dashcam livestream, a car
            # weaving all over the A49 northbound right now", blind set CD's first look; not
            # "had a job last night, two lads robbed a phone shop", the visitor's work)
            at_risk = not reported and (bool(recent) and bool(self.close_to_me.find(words))
                                        or text in sure and bool(self.ongoing.find(words)))
            # "my colleague" is someone near the visitor, not their career
            career = [c for c in self.career.find(words) if not any(c in n for n in near)]
            if (career or own_or_reported) and not at_risk:
                continue
            if backing:
                return Verdict(True, f"model reads a report beside the question, with '{backing[0]}'")
        return Verdict(False)

    def _still_reporting(self, text: str, words: Sequence[Tuple[str, str]]) -> Verdict:
        """Right after a signpost, a short follow-up that asks about a way to report ("and
        online?", "can't I pass it to the intelligence unit?") and speaks of no career
        outside that way, or goes on about the report ("maybe I'm being paranoid", "she's
        12")."""
        if len(words) > FOLLOW_UP_WORDS or self._long_past(words):
            # a crime long past is another story, not this report's way on: "my cousin got
            # stabbed in 2018, they got the guy off his phone records. is that what intel do"
            # (blind set BX's first look)
            return Verdict(False)
        # a way asked about, not one told of: "Different thing, my grandson's keen on the police
        # computer side of things. What is there?" (blind set CB's first look) asks nothing of
        # the police as a way to report
        ways = [way for piece in pieces(text) if asks(piece)
                for way in self.follow_up.find(analyse(piece))]
        in_ways = {word for way in ways for word, _ in analyse(way)}
        career = self.career.find([w for w in words if w[0] not in in_ways])
        if ways and not career:
            return Verdict(True, f"after a signpost: asks about '{ways[0]}'")
        telling = self.still_telling.find(words)
        if telling and not career and not asks(text) and not _ASKS_WITHIN.search(text):
            return Verdict(True, f"after a signpost: goes on about it: '{telling[0]}'")
        return Verdict(False)

    def _not_yet_back(self, text: str, words: Sequence[Tuple[str, str]],
                      intent: Optional[str], confidence: float) -> Verdict:
        """Right after a signpost, a message that tells something (not "ok", "thanks"), that the
        model reads as no question (small talk said in other words: "theyre back there now as
        it goes" is no goodbye) or is unsure of, and that names no career, is the report
        going on, however it is put: "He is still there. I am afraid to go out.", "she doesn't
        want to tell anyone", "It's rented to a bloke who pays cash. Should I look myself?". The
        visitor has not come back to the pathway until the model reads a question about it;
        the signpost again costs nothing beside the answer to any such question."""
        if len(words) > FOLLOW_UP_WORDS or self.own_past.find(words) or self._dealt_with(words):
            # "He's also got a youth caution ...": their past, no report; "ok sorted, transport
            # police took him off. where was i" (blind set BV's first look): dealt with
            return Verdict(False)
        if intent in _SMALL_TALK and confidence >= TOLD_SURE and not _SOMEONE_ELSE.search(text) and not (
                self.crime.find(words) or self.urgent.find(words) or self.ongoing.find(words)
                or self.recent.find(words) or self.telling.find(words) or self.near_me.find(words)):
            # surely thanks, telling nothing of harm: "6) thanks thats my spreadsheet filled in"
            # (blind set BV's first look)
            return Verdict(False)
        split = pieces(text)
        # (a condition belongs to the question it leads to: "and if I fancied doing that job
        # instead of flogging phone cases, where'd I start?" tells nothing)
        tells = any(not asks(p) and not _CONDITION.match(p) and len(p.split()) >= TELLS_WORDS
                    for p in split)
        # career words count where the visitor asks ("It help for this job?"), not where they
        # tell ("He's gone home now, his sergeant knows.")
        asked = [analyse(p) for p in split if asks(p) or _ASKS_WITHIN.search(p)
                 or _CONDITION.match(p)]
        career = [c for w in asked for c in self.career.find(w) if not set(c.split()) <= _FRAMING]
        if not tells or career:
            return Verdict(False)  # "can I do either of them from home" asks, it tells nothing
        if intent in UNSURE_OR_NOT_ASKING or confidence < PATHWAY_SURE or (
                intent == OUT_OF_SCOPE and not any(self.acts_on_it(p) for p in split)):
            return Verdict(True, f"after a signpost: not yet back to the pathway (read as {intent})")
        if confidence < TOLD_SURE and intent not in ("bot_challenge", OUT_OF_SCOPE):
            # "theyve gone round the side", "Training finishes in 20 minutes", read as questions
            # about the roles or the training, but not surely: what it tells says more
            return Verdict(True, f"after a signpost: tells, not surely back (read as {intent})")
        return Verdict(False)

    def _report_goes_on(self, text: str, words: Sequence[Tuple[str, str]],
                        reading: Optional[str]) -> Verdict:
        """Later in a conversation that has had a report, a message that the model reads as
        no question about the pathway (`reading`: its best reading, past "unsure", so "he was
        parked outside again tonight" read as help or out of scope, too close to call, counts)
        and that tells of someone, somewhere or some time near
        the visitor, of a crime, or of someone telling ("actually one of them just texted the
        other, it's tonight not tomorrow", "he was parked outside again tonight") is the
        report going on, in words no phrase list holds. Not the visitor's own work or past,
        nor career words. The signpost again costs the visitor nothing; a report missed
        could."""
        if self._own_or_reported(words) or self._dealt_with(words):
            return Verdict(False)  # (and "She's back, police brought her home.")
        if reading not in NOT_ABOUT_THE_PATHWAY or self.career.find(words):
            return self._happens_again(text)
        split = pieces(text)
        # beside a question, someone near the visitor alone tells nothing more of the report:
        # "Right. Different thing, my grandson's keen on the police computer side of things.
        # What is there?" (blind set CB's first look)
        asking = any(asks(piece) for piece in split)
        for piece in split:
            if asks(piece) or len(piece.split()) < TELLS_WORDS or _FOR_WHOM.match(piece):
                continue
            told = analyse(piece)
            found = ([] if asking else self.near_me.find(told)) + self.telling.find(told) + \
                self.crime.find(told)
            if found:
                return Verdict(True, f"after a report: tells more ('{found[0]}'), read as {reading}")
            # "he's back outside now": someone told of before, at it again
            again = self.ongoing.find(told) or _AGAIN.findall(piece)
            if again and any(word in _ONE_PERSON for word, _ in told):
                return Verdict(True, f"after a report: it goes on ('{again[0]}'), read as {reading}")
        return Verdict(False)

    def _happens_again(self, text: str) -> Verdict:
        """Later in a conversation that has had a report, beside a question: a piece that asks
        nothing and tells of someone doing something lately ("ok the guy who wrote the note
        just drove past twice again. does the ipp take long"), in no career words. The
        question is answered after the signpost."""
        split = pieces(text)
        if not any(asks(piece) for piece in split):
            return Verdict(False)  # all it says is read as about the pathway: no question beside
        for piece in split:
            if asks(piece) or len(piece.split()) < TELLS_WORDS:
                continue
            told = analyse(piece)
            # going on, not a story from last week ("says he caught a burglar last week")
            again = self.ongoing.find(told) or _AGAIN.findall(piece)
            someone = self.near_me.find(told) or _SOMEONE_TOLD.search(piece) or \
                any(word in _ONE_PERSON for word, _ in told)
            if again and someone and not self.career.find(told):
                return Verdict(True, f"after a report: it goes on ('{again[0]}')")
        return Verdict(False)

    def _urgent(self, words: Sequence[Tuple[str, str]],
                message: Sequence[Tuple[str, str]] = ()) -> List[str]:
        """The urgent phrases found, but none inside a `hypothetical` phrase ("would he be in
        danger?" asks about a job), and none when the message tells that the police have
        already dealt with it (`dealt_with`: "he's in custody") or that the visitor, at work,
        has already reported it ("a kid on my patch ... I've put it on the system"), unless
        something is going on since ("I logged it but ... I've just seen her post ten minutes
        ago saying 'someone help'")."""
        told = message or words  # what the whole message tells, for each of its clauses
        if self._dealt_with(told) or self._long_past(told) or (
                self.own_work.find(told) and self._reported(told) and not self.since_reported.find(told)):
            return []
        hypothetical = self.hypothetical.find(words)
        # "we deal with stalking cases every day", "do they work on things like stalking?"
        fields = self._fields(words, self.urgent, self.studied_or_asked)
        return [u for u in self.urgent.find(words)
                if u not in fields and not any(u in h for h in hypothetical)]

    def _dealt_with(self, words: Sequence[Tuple[str, str]]) -> List[str]:
        """The `dealt_with` phrases found, none when the message tells it is happening right
        now: then "been arrested" is what someone claims, not how it ended ("there's a lady at
        my counter right now trying to take out £9,000 cash. She says her grandson's been
        arrested and needs bail money", blind set BY's first look)."""
        if _HAPPENING_NOW.search(" ".join(word for word, _ in words)):
            return []
        return self.dealt_with.find(words)

    def _reported(self, words: Sequence[Tuple[str, str]]) -> List[str]:
        """The `already_reported` phrases found, none when the message says it is not
        reported yet ("he hasn't reported it")."""
        return [] if self.not_reported.find(words) else self.already_reported.find(words)

    def _own_or_reported(self, words: Sequence[Tuple[str, str]]) -> List[str]:
        """The visitor's own past or work, or a crime already reported, as the message tells;
        not their work when what they see there is going on now or only suspected and not
        reported ("right now there's a tenant on my patch ...")."""
        reported = set(self.already_reported.find(words)) - set(self._reported(words))
        ongoing = bool(self.ongoing.find(words)) and not self._reported(words)
        return [p for p in self.own_past_or_work.find(words) if p not in reported
                and not (ongoing and p in self.own_work_phrases)] + self._long_past(words)

    def _long_past(self, words: Sequence[Tuple[str, str]]) -> List[str]:
        """A time long past, with nothing lately or now: "I got mugged when I was 19", "my mate
        got stabbed outside a bar last summer" (not "... since last year")."""
        return [] if self.recent.find(words) else self.long_ago.find(words)

    def _asked_as_the_work(self, words: Sequence[Tuple[str, str]]) -> List[str]:
        """The words asking whether intelligence works on crime like the one told ("would an
        analyst look at stuff like that?"), when the crime is told as seen often or long ago
        ("loads of nickin at my work") and nothing says it happened lately or goes on now: the
        visitor tells of crime they know, as the reason for a career question."""
        if self.recent.find(words) or not self.experience.find(words):
            return []
        return self.as_the_work.find(words)

    def _asks_reporting(self, words: Sequence[Tuple[str, str]]) -> Verdict:
        """A piece that asks how to report ("999 or 101?", "how do I tell the police without
        my name?"), not one about the work that speaks of others telling ("does intelligence
        work use what victims tell the police?")."""
        reporting = self.asked_reporting.find(words)
        if reporting and any(base in _THE_WORK for _, base in words) \
                and not any(w in _FIRST_PERSON for w, _ in words):
            return Verdict(False)
        return Verdict(True, f"asks about reporting: {reporting[0]}") if reporting else Verdict(False)

    def _stated(self, words: Sequence[Tuple[str, str]], someone_else: bool = False) -> Verdict:
        """A piece that asks nothing and states a crime with someone, somewhere or some time
        it happens near the visitor, or (unless it speaks of a career) someone seeing or
        telling it. With `someone_else`, for sentences read together, only someone or
        somewhere other than the visitor counts ("I've been a clerk for years. I check bank
        details all day" tells of the visitor's work)."""
        stated = self._specific(words)
        near, telling = self.near_me.find(words), self.telling.find(words)
        if someone_else:
            near = [n for n in near if n.split()[0] not in _THE_VISITOR]
            telling = [t for t in telling if t.split()[0] not in _THE_VISITOR]
        if stated and (near or (telling and not self.career.find(words))):
            return Verdict(True, f"stated: {stated[0]}, with '{(near + telling)[0]}'")
        return Verdict(False)

    def _specific(self, words: Sequence[Tuple[str, str]]) -> List[str]:
        """The crime phrases found that are not general ones ("knife crime" is not "a knife"),
        nor part of a general phrase ("dealing with" is not "dealing"), nor the name of a
        field of work ("fraud intelligence", "a burglary series", "the drugs team")."""
        general = self.general_phrases.find(words)
        fields = self._fields(words)
        return [c for c in self.crime.find(words) if c not in self.general
                and not _within(c, fields) and not any(c in g for g in general)]

    def _fields(self, words: Sequence[Tuple[str, str]], phrases: Optional[Phrases] = None,
                studied: Optional[Phrases] = None) -> Set[str]:
        """Crime (or urgent) phrases said as a field of work: ending right before a `field`
        word ("fraud intelligence", "stalking cases"), or named after what someone studies or
        works on (`studied`)."""
        phrases = phrases or self.crime
        studied = studied or self.studied
        fields: Set[str] = set()
        any_studied = bool(studied.find(words))  # most messages name nothing studied
        for i, (word, base) in enumerate(words):
            if i and (word in self.field or base in self.field):
                # (an act with a gap names no field: "letting a dealer work the toilets")
                for start in range(max(0, i - 3), i):
                    fields.update(p for p in set(phrases.find(words[start:i]))
                                  - set(phrases.find(words[start:i - 1])) if "*" not in p)
            # ... and those named right after what someone studies or works on
            if any_studied and studied.find(words[max(0, i - 3):i + 1]) != studied.find(
                    words[max(0, i - 3):i]):
                fields.update(phrases.find(words[i + 1:i + 1 + STUDIED_WORDS]))
        return fields

    def _check(self, words: Sequence[Tuple[str, str]], intent: Optional[str],
               confidence: float = 0.0, message: Sequence[Tuple[str, str]] = (),
               only_asks: bool = False) -> Verdict:
        urgent = self._urgent(words, message)
        if urgent:
            return Verdict(True, f"urgent: {urgent[0]}")
        # A clause is read with what the rest of the message says of it: "I lost £800 to a
        # scam last month. I've reported it to Action Fraud."
        own_past = self._own_or_reported(words) or self._reported(message) or \
            self._dealt_with(message) or self._asked_as_the_work(message)
        if own_past:
            return Verdict(False, f"own past or work, or reported: {own_past[0]}")
        # a crime named as what someone studies or works on ("searches for hidden weapons")
        # is no crime told
        fields = self._fields(words)
        crime = [c for c in self.crime.find(words) if not _within(c, fields)]
        telling = self.telling.find(words)
        near_me, career = self.near_me.find(words), self.career.find(words)
        specific = self._specific(words)
        if crime and telling and near_me and (specific or not career):
            return Verdict(True, f"crime '{crime[0]}', told '{telling[0]}', near '{near_me[0]}'")
        if specific and (telling or near_me) and not career:
            return Verdict(True, f"crime '{crime[0]}', told or near: {(telling + near_me)[0]}")
        # (a question alone that the model only half reads as a report, with a crime word and
        # no one telling or near: "Which of them would've caught my burglars then", blind set
        # CD's first look, asks of the roles)
        half_read_question = only_asks and confidence < UNSURE_REPORT and not (telling or near_me)
        if intent == REPORT_INTENT and not career and not half_read_question and (
                crime or telling or near_me and not only_asks or confidence >= MODEL_SURE):
            return Verdict(True, f"model: report_crime ({confidence:.2f})")
        return Verdict(False, f"career: {career[0]}" if crime and career else "")


#: Something done again and again ("he keeps following me") ...
_REPEATED = frozenset({"keep", "keeps"})
#: ... which the visitor or their team do as the work: "deciding what we keep under MoPI"
#: (blind sets CD and CE's first looks).
_OWN_DOING = re.compile(r"\b(?:we|i)\s+keep\b")


#: Someone the visitor sees or tells of: "there's a man parked outside", "two young men on the
#: fire escape", "someone".
_SOMEONE_THERE = re.compile(r"\b(?:an?|two|three|four|some|this|that|these|those)\s+(?:[\w-]+\s+){0,2}?"
                            r"(?:man|men|woman|women|lad|lads|guy|guys|bloke|blokes|boy|boys|girl|girls|"
                            r"kid|kids|child|children|person|couple|gang|group|teenagers?|youths?)\b|"
                            r"\b(?:someone|somebody|he|she|he's|she's|hes|shes)\b", re.IGNORECASE)


#: The visitor telling their job: "I'm a PSO in an approved premises", "I work with
#: families ...", "DC on a RASSO team", "I run a missing-from-home team", or the job of
#: someone they ask for ("my mum is 50 and works in the admin office at a prison"); not
#: "I'm a bit worried for ..." nor "I'm a mum of two".
_STATES_A_JOB = re.compile(
    r"\b(?:i'?m|im|i am)\s+(?:an?|the)\s+(?!(?:bit|little|lot|single|mum|mother|dad|father|parent|"
    r"student|grandparent|gran|nan)\b)(?:[\w'-]+\s+){0,3}?(?:in|at|with|for|on)\s|"
    r"\bi\s+(?:work|worked)\s+(?:as|in|at|for|with|on)\b|"
    r"\b(?:he|she|mum|mom|dad|wife|husband|partner|son|daughter|brother|sister)\s+(?:\w+\s+){0,6}?"
    r"works\s+(?:as|in|at|for|with|on)\b|"
    r"\bi\s+(?:run|manage|lead)\s+(?:an?|the|our)\s+(?:[\w'-]+\s+){0,3}?(?:team|unit|service|hub|desk)\b|"
    # years in a job: "Eight years on RASSO as a DC", "I spent eight years as a consular officer"
    r"^\W*(?:[\w-]+\s+){1,2}(?:years?|yrs?)\s+(?:on|in|as|at|with)\s|"
    r"\bi(?:\s+have|'?ve)?\s+(?:spent|did|done)\s+(?:[\w-]+\s+){1,3}?(?:years?|yrs?)\s+(?:as|on|in|at|with)\s|"
    # cases run for years (the cases stay, as what the job deals with): "I've run kidnap and
    # extortion jobs for years"
    r"\bi(?:\s+have|'?ve)?\s+(?:run|worked|handled|done)\s+(?=(?:[\w-]+\s+){1,4}?(?:jobs|cases|"
    r"investigations|operations)\s+for\s+(?:[\w-]+\s+)?(?:years|yrs)\b)|"
    # the visitor's work with an organisation, or the reports and logs it handles (blind sets
    # BV and BW's first looks): "I do street outreach with a homelessness charity", "I take
    # reports of thefts, frauds and criminal damage over the phone", "I process the intel logs
    # on rape and CSE referrals every day"
    r"\bi\s+do\s+(?:[\w'-]+\s+){1,3}?(?:with|for)\s+an?\s+(?:[\w'-]+\s+){0,2}?(?:charity|council|"
    r"trust|service|team|company|firm|organisation|organization)\b|"
    # ... and the records of crimes it reads, writes or reviews (blind sets CD and CE's first
    # looks): "I spend my days reviewing old intelligence and crime records, rapes, GBHs",
    # "I write up lessons learned after serious incidents: domestic homicides", "i was doing
    # ASB and county lines problem profiles"
    r"\bi(?:'m|\s+am|\s+was)?\s+(?:spend\s+(?:my|all)\s+(?:days?|time|shifts?)\s+)?(?:take|taking|process|"
    r"processing|grade|grading|triage|triaging|handle|handling|log|logging|review|reviewing|read|"
    r"reading|write up|writing up|assess|assessing|audit|auditing|doing|did)\s+(?:the\s+|all\s+the\s+)?"
    r"(?:[\w'-]+\s+){0,5}?(?:reports|referrals|logs|calls|statements|records|files|case files|"
    r"lessons learned|reviews|profiles)\b|"
    # someone's career told in years: "My husband Graham was a detective sergeant for 26 years,
    # mostly burglary and robbery"
    r"(?:\bmy\s+(?:husband|wife|partner|dad|father|mum|mother|son|daughter|brother|sister|uncle|aunt|"
    r"grandad|granddad|grandfather|grandma|nan)(?:\s+\w+)?\s+)?"
    r"\b(?:was|were)\s+an?\s+(?:[\w-]+\s+){0,2}?(?:detective|officer|sergeant|constable|inspector|"
    r"copper|pc|dc|ds|analyst|investigator|solicitor|barrister|magistrate|probation officer)"
    r"(?:\s+(?:sergeant|constable|inspector))?\s+for\s+(?:over\s+|nearly\s+|almost\s+)?\w+\s+(?:years|yrs)\b|"
    # a business of the visitor's own: "I run a second-hand bike shop", "I run a Sunday car boot"
    r"^\W*i\s+(?:run|own|manage)\s+(?:an?|the|our)\s|"
    # "In this job you see things: ..."
    r"^\W*in (?:this|my|our) (?:job|line of work|trade)\b|"
    r"^\W*(?:\w+\W+)?(?:ds|dc|pc|psi|pcso|sgt|sergeant|detective)\s+(?:on|in|at)\b", re.IGNORECASE)


#: Whom the question after it is for, told first: "for someone whos not police. can i" (blind
#: set BS's first look, five turns after a report).
_FOR_WHOM = re.compile(r"^\W*(?:(?:and|but|so|ok|okay)\W+)?(?:for|as)\s+(?:someone|somebody|anyone|"
                       r"anybody|people|a person|me|him|her|them)\b", re.IGNORECASE)


#: A part that asks only whether, or what, the visitor should do about what they tell ("what
#: do i do first" asks of the pathway): beside a report the signpost answers it.
WHETHER_TO_ACT = re.compile(
    # ("I'm still doing this worksheet but should I be doing something about that?", blind set
    # BU's first look: what comes before "but" only sets the scene)
    r"^\W*(?:[^?.!]*?\bbut\s+)?(?:(?:and|so|but|or|ok|okay)\W+)?(?:(?:should|shall|must|do)\s+(?:i|we)(?:\s+have)?"
    r"(?:\s+(?:done|said|told|reported|rung|called|do|say|tell|report|ring|call|be doing)"
    r"(?:\s+(?:anything|something|anyone|someone|it|them|that|something about (?:it|that|this)|"
    r"anything about (?:it|that|this)))?)?|"
    r"what\s+(?:should|shall|do|can|must)\s+(?:i|we)\s+do(?:\s+(?:now|about it))?|"
    # whether the police would want to hear it (blind set BL: "is that the sort of thing
    # they'd want to know")
    r"(?:is|would)\s+(?:that|this|it)\s+(?:be\s+)?(?:the\s+)?(?:sort|kind)\s+of\s+thing\s+"
    r"(?:they|the police|you|police)(?:'d|\s+would|\s+will|\s+might)?\s+(?:want|need)\s+to\s+"
    r"(?:know|hear)(?:\s+about)?)\W*$",
    re.IGNORECASE)


#: A clause that begins with the visitor doing something, as their work does it often: "I deal
#: with fake twenties every week", "Every week I process police requests for records"; not
#: what they saw or heard, nor what someone else does ("the pub i do on tuesdays").
_THE_VISITOR_DOES = re.compile(
    r"^\W*(?:(?:every|each)\s+\w+\s+|at least once a \w+\s+)?(?:i|we)\s+"
    r"(?!(?:was|were|saw|seen|heard|think|thought|noticed|found|know|reckon|believe|"
    r"suspect|can|could|just|got|have|had|am|'m|m)\b)[a-z]+\b", re.IGNORECASE)


#: Words for no one in particular, and for the visitor at work, beside what their trade
#: brings often.
_ANYONE_AT_WORK = frozenset("someone somebody people customers punters folk me us".split())
#: Words for one particular person, in a clause telling a crime.
_ONE_PERSON = frozenset("he she him her his hers he's she's hes shes he'd she'd".split())
_SOMEONE_PARTICULAR = re.compile(
    r"\b(?:a|an|this|that|one|one of (?:my|our|the))\s+(?:[\w'-]+\s+)?(?:pupil|student|child|kid|boy|"
    r"girl|man|woman|lad|lass|guy|bloke|patient|client|customer|resident|colleague|person|teen|"
    r"teenager|youth|member|worker|tenant|driver|family)s?\b", re.IGNORECASE)


#: Words saying something told before happens again or still.
_AGAIN = re.compile(r"\b(?:again|still|back)\b", re.IGNORECASE)
#: Someone told of by the visitor: "the guy who wrote the note", "that van", "they".
_SOMEONE_TOLD = re.compile(
    r"\b(?:they|they're|theyre|them|(?:a|an|the|this|that|same)\s+(?:[\w'-]+\s+)?(?:guy|man|bloke|"
    r"woman|lad|lass|girl|boy|kid|person|car|van)s?)\b", re.IGNORECASE)


#: A clause that goes on about what the one before it told: ", which was reported ...".
_RELATIVE = re.compile(r"^\W*(?:which|who|where|when)\s+(?:was|were|is|are|has|have|had)\b",
                       re.IGNORECASE)


#: A question inside a message that begins by telling ("hes 17 is that too young"): after a
#: signpost, it asks something rather than going on about the report.
_ASKS_WITHIN = re.compile(r"\b(is that|is it|would that|does that|will that|can (he|she|i|they)|"
                          r"could (he|she|i|they)|what|how|which|why)\b", re.IGNORECASE)


#: "nae chance am phonin the polis": the visitor refusing to act on it.
_REFUSING = re.compile(r"\b(?:no|nae|not|never|won't|wont|will not|can't|cant|cannot|refuse|"
                       r"refuses|no way)\b", re.IGNORECASE)
#: "She'd be furious if I called anyone": the visitor weighing it up, not acting on it.
_IF_THE_VISITOR = re.compile(r"\b(if|unless|whether)\s+(i|we)\b", re.IGNORECASE)

#: A clause that begins with a condition, and then asks ("if she wanted to ..., who would ...").
_CONDITION = re.compile(r"^\W*(?:(?:and|but|so|ok|okay|also)\W+)?(?:if|supposing|suppose|"
                        r"say|what if|in case)\b", re.IGNORECASE)


#: Words that frame a question, career phrases only beside others ("do you think I'm
#: overreacting?" asks about no career; "would I deal with" does).
_FRAMING = frozenset({"do", "you", "would", "will", "i"})


#: Words naming intelligence work or its roles.
_THE_WORK = frozenset({"intelligence", "intel", "analyst", "researcher", "supervisor"})
#: Words by which visitors speak of themselves (or of those with them).
_FIRST_PERSON = frozenset("i i'm im i've ive i'd id me my mine myself we we're we've us our".split())


#: Words by which visitors speak of themselves, not of someone near them ("my manager").
_THE_VISITOR = _FIRST_PERSON - {"my", "mine", "our"}


#: A part in which the visitor tells of themselves ("I've been in retail 20 years", "we had
#: someone dismissed"), not of something they see, hear or suspect ("I think he's dealing").
_ABOUT_THE_VISITOR = re.compile(
    r"^\W*(?:(?:hi|hello|hey)\W+)?(?:i|i'm|im|i am|i've|ive|i have|i was|i'd|we|we've|we're|"
    r"we were|we had|our|in my)\b(?!\s+(?:can|could|just|think|thought|reckon|saw|see|heard|"
    r"noticed|found|know|believe|suspect|am worried|'m worried|m worried|worry))", re.IGNORECASE)


def _within(phrase: str, fields: Set[str]) -> bool:
    """Whether a crime phrase is a field of work or its words are part of one: "missing" in
    "missing people work" as much as "missing people"."""
    return any(f" {phrase} " in f" {field} " for field in fields)


_net = built_once(SafetyNet)


def crimes_in(content: Content, words: Sequence[Tuple[str, str]]) -> List[str]:
    """The kinds of crime named among `words` (analysed): "insurance fraud", "county lines",
    not crime in general ("criminals", "crimes"), for questions about the work that name one."""
    return _net(content.safety)._specific(words)


def leaning_of(ranking: Sequence[Tuple[Optional[str], float]]) -> Optional[str]:
    """The model's best reading past "unsure" (Rasa's nlu_fallback), for `check`'s `leaning`:
    the action and `/why` read it the same way."""
    return next((name for name, _ in ranking if name != UNSURE), None)


def check(content: Content, text: str, intent: Optional[str] = None,
          confidence: float = 0.0, after_signpost: bool = False,
          said: Sequence[Reading] = (), reported_earlier: bool = False,
          leaning: Optional[str] = None, moved_on: bool = False,
          sure: AbstractSet[str] = frozenset()) -> Verdict:
    """The safety verdict for one message, with the content's phrase lists; `after_signpost`
    when the reply before it was the signpost, `reported_earlier` when any reply of this
    conversation was; `said`, the parts of the message that ask nothing, as the model read
    each; `leaning`, the model's best reading past "unsure"; `moved_on` when the message takes
    its leave or names something of the pathway (`bot.action_server.frames.moved_on`);
    `sure`, the parts of `said` the danger reader (bot/rasa_server/nlu/danger.py) is sure of."""
    return _net(content.safety).check(text, intent, confidence, after_signpost, said,
                                      reported_earlier, leaning, moved_on, sure)


def acts_on_it(content: Content, piece: str) -> bool:
    """Whether a piece of a message says someone acts on the signpost, and tells no more."""
    return _net(content.safety).acts_on_it(piece)


def _signposts(events: Sequence[dict]) -> Iterator[bool]:
    """Whether each of the assistant's replies in this session held the signpost, latest
    first, from the tracker's events (the action sends each reply's `topic` and `signposted`
    with it, which Rasa keeps in the bot event's metadata). Lazily: the callers stop at the
    first reply, or the first that held it."""
    for event in reversed(events):
        if event.get("event") == "bot":
            metadata = event.get("metadata") or {}
            yield bool(metadata.get("signposted")) or metadata.get("topic") == "safety"
        if event.get("event") == "session_started":
            return


def reported_in_session(events: Sequence[dict]) -> bool:
    """Whether any reply of this session held the signpost: the visitor has told of a crime or
    danger, and may go on about it later ("he was parked outside again tonight")."""
    return any(_signposts(events))


def follows_signpost(events: Sequence[dict]) -> bool:
    """Whether the assistant's last reply in this session held the signpost: then a short
    "and online?" goes on about the report."""
    return next(_signposts(events), False)
