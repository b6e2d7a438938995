"""The question in a long message.

Visitors write "I'm 34, I've worked in retail for ten years and I love puzzles ... how would I
become an analyst?". Classifying all of it answers a word in the context; classifying the
question sentence answers the question. Used by the NLU pipeline (bot/rasa_server/nlu/question_focus.py)
and by the answer composition, so both see the same question.
"""

from __future__ import annotations

import re
from typing import List

from bot.shared.words import spelt_out

#: Messages up to this many words are classified whole.
SHORT_WORDS = 22
#: A question sentence shorter than this keeps the sentence before it ("My manager keeps
#: bringing up the IPP. What's involved?"); up to `REFERS_BACK_WORDS` it keeps it when it
#: says "it" or "that" about something said before ("... What does it involve?").
MIN_QUESTION_WORDS = 6
#: Words a message must keep without its shape to ask something of its own ("summarise the IPP").
SHAPED_WORDS = 3
REFERS_BACK_WORDS = 14

# An emoji between words ends a sentence as a mark would: "hiii 👋 is this the careers thing".
# ("i.e." and "e.g." end no sentence: "what would the player 'classes' be, i.e. what roles exist?")
_SENTENCE_END = re.compile(r"(?<!\bi\.e\.)(?<!\be\.g\.)(?<=[.!?\u2600-\u27bf\U0001f300-\U0001faff])\s+|\n+|"
                           r"(?<=[a-z0-9])\s*[;]\s+", re.IGNORECASE)
_QUESTION_START = re.compile(
    # "when I finish my studies, how do I ..." sets when the question holds, it asks nothing
    r"^(how|what|whats|what's|wat|wats|wot|hw|"
    # "..., which appeals because it would use my ability to ..." goes on telling (blind set BR)
    r"which(?!\s+(?:appeals|appealed|means|meant|is why|was why|made me|makes me|led me|leads me|"
    r"got me|gets me|explains)\b)|who|whom|"
    r"(?:where|when)(?!\s+(?:i|i'm|im|you|u|he|she|we|they|my|our|his|her|their)\b)|"
    # "... working out why the tills are short, why we run out of stuff on match days." tells
    r"why(?!\s+(?:i|we|they|he|she|my|our|his|her|their|the)\s+(?!not\b)\w+)|can|could|cud|do|does|"
    # "did a house on tuesday and ..." tells what the visitor did
    r"did(?!\s+(?:a|an|the|some|loads|lots|my|our)\b)|is|are|"
    # "am i too old" asks; "ok am phoning" (Scots "I am") tells
    r"am(?=\s+i\b)|"
    # "was doing a job at a big house last week ..." tells what the visitor was doing
    r"(?:was|were)(?!\s+\w+ing\b)|"
    # "ok will do." agrees, "ok will ring." says what the visitor will do (blind set BJ);
    # "have a good one" takes leave
    r"will(?!\s+do\W*$)(?!\s+(?:ring|call|phone|report|tell|pass|try|check|look|email|contact|text|"
    r"message|give (?:it|them)|have a (?:look|go|think|read)|read up|get in touch|get on)\b)|"
    r"have(?!\s+an?\s+(?:good|nice|great|lovely)\b)|"
    r"would|wud|wld|should|shall|may|might|has|any|tell me|"
    r"i want to know|i'd like to know|"
    r"can't|cant|couldn't|couldnt|won't|wont|wouldn't|wouldnt|isn't|isnt|doesn't|doesnt|"
    r"i would like to know|wondering|i was wondering|so how|so what|so can|but how|but what|"
    r"and how|and what|whether|list|name the|name all|name every|explain|describe|"
    # "at what levels", "in which units"
    r"(?:at|in|on|for|from|with|to|by)\s+(?:what|which|whom))\b",
    re.IGNORECASE,
)
#: The mark of a numbered or bulleted item: "1) what do they do 2) how long is it", "(3)",
#: "(b)" (blind set BU's first look), a line starting "2." or "- ". In a message with two or
#: more, each item is a sentence.
_LIST_ITEM = re.compile(r"(?:^|(?<=\s))(?:\(?\d{1,2}\)|\([a-f]\))[ \t]*|"
                        r"^[ \t]*(?:\d{1,2}\.|[-*\u2022])[ \t]+", re.MULTILINE)


#: Punctuation said aloud to a phone's voice typing: "... my knees are wrecked full stop I've
#: got ADHD ...". Each ends a sentence as the mark would.
_SPOKEN_MARK = re.compile(r"\s*\b(?:full stop|new paragraph|new line|question mark)\b[.?]?\s*",
                          re.IGNORECASE)
#: A bare number before a question word, as typed on a phone: "3 wee things 1 is there a course
#: 2 does it cost anything 3 could i do it from home". Items only when they count 1, 2, 3 ...
_BARE_ITEM = re.compile(r"(?:^|(?<=\s))([1-9])\s+(?=(?:is|are|do|does|did|can|could|would|will|"
                        r"how|hw|what|whats|what's|wat|which|who|where|when|why|should)\b)",
                        re.IGNORECASE)


def _bare_items(text: str) -> str:
    """`text` with a line break for each bare item number, when they count up from 1."""
    numbers = [int(m.group(1)) for m in _BARE_ITEM.finditer(text)]
    if len(numbers) > 1 and numbers == list(range(1, len(numbers) + 1)):
        return _BARE_ITEM.sub("\n", text)
    return text


def sentences(text: str) -> List[str]:
    text = _SPOKEN_MARK.sub(lambda m: "? " if "question" in m.group(0).lower() else ". ", text)
    if len(_LIST_ITEM.findall(text)) > 1:
        text = _LIST_ITEM.sub("\n", text)
    text = _bare_items(text)
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def question_part(text: str) -> str:
    """The part of `text` that asks something: the whole of a short message, else its
    question sentences (ending in "?" or starting like a question), with the sentence before
    them when they are short or say "it" / "that" about something said before."""
    if len(text.split()) <= SHORT_WORDS:
        return text
    parts = [p for p in sentences(text) if not _SIGNS_A_LETTER.match(p)] or sentences(text)
    if len(parts) < 2:
        return _asked_inside(parts[0] if parts else text)
    asking = [i for i, s in enumerate(parts) if s.endswith("?") or _QUESTION_START.match(s)]
    if not asking:
        # no sentence marked as a question: those that ask in other words ("He has asked me
        # to find out ... whether there is a place for someone like him"), else the last
        asking = [i for i, s in enumerate(parts) if asks(s)][-1:] or [len(parts) - 1]
    first = asking[0]
    while first - 1 in asking:
        first -= 1
    chosen = [parts[i] for i in asking if i >= first] if asking[-1] - first < 3 else [parts[asking[-1]]]
    first = asking[-1] if len(chosen) == 1 else first
    words = " ".join(chosen).split()
    if first > 0 and (len(words) < MIN_QUESTION_WORDS or (
            len(words) < REFERS_BACK_WORDS and _REFERS_BACK.search(" ".join(chosen)))):
        chosen.insert(0, parts[first - 1])
    return " ".join(chosen)


#: A letter's closing, which asks nothing: "With kind regards, Mrs Edith Lawrence", "Yours
#: sincerely, E. Lawrence", "Many thanks in advance."
_SIGNS_A_LETTER = re.compile(
    r"^\W*(?:(?:with\s+)?(?:kind|best|warm|warmest|many)?\s*(?:regards|wishes)|yours\s+(?:sincerely|"
    r"faithfully|truly)|(?:with|many)\s+thanks(?:\s+in\s+advance)?|thanks\s+in\s+advance)\b",
    re.IGNORECASE)
#: Where a long message written as one unbroken sentence turns to its question: "... so my
#: question is is building a picture ... part of intelligence work", "... and i just want to
#: know is intelligence analyst a job you can go into ...", "... so which of the jobs ...".
_TURNS_TO_ASK = re.compile(
    r"\b(?:(?:so|and|but)\s+)?(?:my (?:real |actual |main )?question is|the question is|"
    r"i (?:just |really )?(?:want|wanted|need|needed|would like|'d like|d like) to know|"
    # a voice note: "... so what i'm asking is would someone from road haulage ..."
    r"what (?:i'?m|im|i am) (?:really )?asking is|"
    r"(?<=so )(?:(?:um+|uh+|erm+|er|yeah|like|right|basically|anyway)\s+)*"
    r"(?=(?:which|how|can|could|would|is|are|do|does|should)\b|"
    # ("so what sort of skills ..." asks; "so what i did was write everything down" tells)
    r"what\b(?!\s+(?:i|we|he|she|they|my|our|his|her|their)\b)))\s*",
    re.IGNORECASE)
#: The fewest words a question found that way has.
MIN_ASKED_INSIDE = 6


def _asked_inside(text: str) -> str:
    """The question of a long message of one sentence, from where it last turns to ask (see
    `_TURNS_TO_ASK`); the whole text when it never does."""
    turns = [m.end() for m in _TURNS_TO_ASK.finditer(text)
             if len(text[m.end():].split()) >= MIN_ASKED_INSIDE]
    return text[turns[-1]:].strip() if turns else text


#: A greeting a message opens with ("hi, ", "good evening. ", "hey mate, "), possibly more than
#: one. Not read from the content's `said_as` (data/pathway/conversation.yml): what the model
#: sees must not change with an editor's save, only with a retrain.
_GREETING = re.compile(
    r"^\s*(?:(?:hi|hiya|hii+|hello|helo|hey|heya|good (?:morning|afternoon|evening)|morning|"
    r"afternoon|evening|dear (?:sir|madam|sirs|team|all)(?:\s*(?:or|/)\s*madam)?)"
    r"(?:\s+(?:there|all|again|everyone|love|mate|dear|folks|guys|team))?"
    r"[\s,.!:;-]+)+",
    re.IGNORECASE)
#: A question about the chat itself, which the greeting belongs with ("hiya, is this the police
#: careers thing?", "hello, is anyone there?").
_ABOUT_THE_CHAT = re.compile(r"^(?:is|are|r)\s+(?:this|that|it|you|u|anyone|anybody|there)\b|"
                             r"^(?:anyone|anybody)\b", re.IGNORECASE)


def without_shape(text: str, whole_if_short: bool = True) -> str:
    """A question without the shape its answer is asked in ("in three bullet points", "two
    sentences max", "like you're talking to a 15 year old", "yes or no"): the shape is no part
    of what is asked, and its words mislead ("15 year old" is no question of age). A message
    that is only a shape ("too long, ten words max") is kept whole (unless not
    `whole_if_short`): it asks of the answer before."""
    rest = _SHAPE.sub(" ", text)
    if rest == text:
        return text
    rest = re.sub(r"[,;:]+([.?!])", r"\1", re.sub(r"\s+([,.?!])", r"\1", re.sub(r"\s{2,}", " ", rest)))
    rest = rest.strip(" ,;:-")
    return rest if not whole_if_short or len(rest.split()) >= SHAPED_WORDS else text


#: The shape an answer is asked in (blind set BU's first look: "Explain what police
#: intelligence is like you're talking to a 15 year old, 2 sentences max.", "summarise the
#: IPP in three bullet points", "yes/no then explain"; blind set CA's: "in like 10 words",
#: "one or two short lines max", "for 15 year olds", "Slide 2: who it's for", "in bullet
#: points"). Not "in simple words" nor "in one sentence": those ask for the answer again.
_COUNT = r"(?:one|two|three|four|five|six|ten|twenty|\d{1,2}|a few|a couple of)"
_COUNTS = _COUNT + r"(?:\s*(?:or|to|-)\s*" + _COUNT + r")?"
_UNIT = r"(?:bullet\s*points?|bullets?|points|sentences?|lines?|words|paragraphs?)"
#: (not "each": "One line each for the roles" asks a line on each role)
_LIMIT = r"(?:max(?:imum)?|tops|at most|or less|or fewer)"
_SHAPE = re.compile(
    # "in 3 bullet points", "in like 10 words", "as two short paragraphs max"
    r"\b(?:in|as|into)\s+(?:a\s+|like\s+|about\s+|under\s+|around\s+)?" + _COUNTS +
    r"\s+(?:short\s+|simple\s+|quick\s+)?" + _UNIT + r"(?:\s+" + _LIMIT + r")?\b|"
    # "in bullet points", "as a list"
    r"\b(?:in|as)\s+(?:bullet\s*points|bullets|a\s+(?:bulleted\s+)?list|list\s+form)\b|"
    # "2 sentences max", "one or two short lines max"
    r"\b" + _COUNTS + r"\s+(?:short\s+)?" + _UNIT + r"\s+" + _LIMIT + r"\b|"
    # "max 20 words each", "no more than two lines"
    r"\b(?:max(?:imum)?|at most|no more than)\s+" + _COUNTS + r"\s+(?:sentences?|lines?|words)"
    r"(?:\s+a\s+line|\s+each)?\b|"
    # who it is for: "like you're talking to a 15 year old", "like I'm 5", "for 15 year olds"
    r"\blike\s+(?:you'?re|you are|ur|youre)\s+(?:talking|explaining|speaking)\s+to\s+an?\s+"
    r"(?:\d{1,2}|[a-z]+)[ -]year[ -]old\b|"
    r"\b(?:like|as if)\s+i'?m\s+(?:\d{1,2}|five|ten|twelve|a child|a kid)\b|"
    r"\bfor\s+(?:a\s+class\s+of\s+|a\s+group\s+of\s+)?(?:\d{1,2}|[a-z]+teen|ten|eleven|twelve)"
    r"[ -]?(?:year|yr)[ -]?olds\b|"
    # the part of a piece of work it is for: "Slide 2:", "section 3 -"
    r"(?:^|(?<=[.!?]\s))(?:slide|section|para(?:graph)?|part|page)\s*\d{1,2}\s*[:\u2013-]|"
    r"\b(?:in\s+)?a\s+table(?:\s+if\s+you\s+can)?\b|"
    r"\byes\s*(?:or|/)\s*no\b(?:\s+(?:then|and)\s+(?:explain|why))?(?:\s+please)?", re.IGNORECASE)


def without_greeting(text: str) -> str:
    """A question without the greeting it opens with: "hi im doing a project on police jobs,
    what is intelligence" asks what intelligence is, and a greeting word carries more weight
    with the model than the question's own words. A greeting with no question after it is
    kept whole ("hi there, anyone around?" is still a greeting)."""
    rest = _GREETING.sub("", text, count=1)
    if rest != text and len(rest.split()) >= 3 and asks(rest) and not _ABOUT_THE_CHAT.match(rest):
        return rest
    return text


#: "these jobs", "they" mostly mean the jobs asked about, not the sentence before.
_REFERS_BACK = re.compile(r"\b(it|that|this|there|these|those|ones)\b", re.IGNORECASE)
#: Fewer words than this never stand alone ("how?", "why not?").
ALONE_WORDS = 3


def stands_alone(question: str) -> bool:
    """Whether a question can be read without the sentence before it: "what is
    intelligence?" can; "do they help wiv that" and "what should he be studying for it?"
    cannot."""
    return len(question.split()) >= ALONE_WORDS and not _REFERS_BACK.search(question)


#: Words that turn to another thought in one typed sentence ("someone stole my bike lol
#: anyway how long is the fast track"; "... cannabis and I've also been wondering how ...").
_TURN = re.compile(
    r"\s+[-\u2013\u2014]+\s+|[,.]?\s*\b(?:lol\s+)?(?:anyway|anyways|btw|by the way|on another note|"
    r"on a different note|unrelated but|separately|and i(?:'ve| have)? also been wondering|"
    r"i(?:'ve| have)? also been wondering|and i was also wondering|i was also wondering|"
    r"also wondering|but also|random q(?:uestion)?|oh and|oh also|"
    # "... and while I've got you there's been a pickup going round the top fields"
    r"(?:and\s+)?while i(?:'ve| have|ve)? got you|(?:and\s+)?while i have you)\b[,:]?\s*",
    re.IGNORECASE)
#: A comma, "and" or "also" before another question in the same sentence ("what does the fast
#: track involve, how long is it, and can detectives apply?", "... should i say something also
#: what do researchers do", "wots the fasst trak an how lang dus it tak").
_NEXT_QUESTION = re.compile(
    r"\s*(?:,\s*(?:and\s+|an\s+|n\s+|or\s+|also\s+)?|\s+(?:and|an|n|&)\s+(?:also\s+)?)(?=(?:how|hw|what|"
    r"whats|what's|wat|wats|wot|wots|whit|who|when|where|which|why|whether|can|could|do|does|is|are|will|"
    r"would|should|tell me|explain)\b)"
    # "... has found her address and is standing outside now" goes on telling
    r"(?!(?:is|are|was|were)\s+\w+ing\b)|"
    # "What does an analyst assess, at what levels, and do they ever end up in court?"
    # ... "Is languages useful, and from which backgrounds people usually come?"
    r"\s*,\s*(?:and\s+)?(?=(?:at|in|on|for|from|with|to|by)\s+(?:what|which|whom)\s+\w+)|"
    # "also" alone only before a whole question ("also what do researchers do", not "is it
    # also what analysts do")
    r"\s+also\s+(?=(?:how|what|who|when|where|which|why|can|could|do|does|is|are|will|would|"
    r"should)\s+(?:do|does|did|is|are|can|could|would|will|should|long|much|many|i|you|u|they|"
    r"he|she|we|it)\b)", re.IGNORECASE)
#: A clause like a question, not marked as one, and what the visitor says they know or see
#: before it: "I know every farm and who's in and who isn't."
_TOLD_NOT_ASKED = re.compile(r"^\W*(?:who|where|when|which|what)\b[^?]*$", re.IGNORECASE)
_KNOWING = re.compile(r"\b(?:know|knows|knew|see|sees|saw|notice|notices|noticed|remember|hear|"
                      r"hears|heard|tell me everything|tell me all|told me everything)\b", re.IGNORECASE)
#: "Tell me," before whom a question asks of: "Tell me, the people who put all these pieces
#: together, what do they do with their day?"
_NAMES_WHO_IS_ASKED_OF = re.compile(r"^\W*(?:(?:so|and|now|ok|okay)\W+)?tell me\W*,\s*(?:the|those|these|"
                                    r"that|this|your|people|someone|anyone|a|an)\b[^?]*$", re.IGNORECASE)
#: At most this many parts are read in one message (the rest would not be answered anyway).
MAX_PARTS = 4


def unjoined(text: str) -> str:
    """A part of a message without the words that only join it to the part before ("Also,
    which units use it?" -> "which units use it?") or label it ("Last test: name the roles");
    the whole part when that is all it says."""
    text = _JOINING.sub("", text.strip()) or text.strip()
    label, *rest = _COLON.split(text, 1)
    if rest and rest[0].strip() and len(label.split()) <= LABEL_WORDS:
        return rest[0].strip()
    return text


#: A colon that ends a label or a lead-in: followed by a space, unlike "a 2:2" or "10:30".
_COLON = re.compile(r":\s+")


#: Words before a colon that only label what follows ("Last test:", "Quick one:").
LABEL_WORDS = 4


def asks(text: str) -> bool:
    """Whether a part of a message asks something (a question, or "wondering how to ..."),
    after any word that only joins it to the part before ("also do researchers ...")."""
    text = unjoined(spelt_out(text))
    after = _COLON.split(text)[-1].strip()
    text = after or text  # "For a quick overview: what roles are there?"
    if _CAME_FOR.match(text) or _LEAVE_TO_TELL.match(text):
        # "Whit I actually came on for - wid a man my age ...", "Can I tell you something
        # though.": a lead-in to what the visitor says next
        return False
    return (text.endswith("?") or bool(_QUESTION_START.match(text)) or bool(_ASKING.search(text))
            or bool(_ASKS_AFTER_COMMA.search(text)))


#: What the visitor came to ask, said before they ask it.
_CAME_FOR = re.compile(r"^\W*(?:what|wat|wot)\s+i\s+(?:actually\s+|really\s+|originally\s+)?"
                       r"(?:came|come)\s+(?:on\s+|in\s+|here\s+|on here\s+|online\s+)?for\W*$",
                       re.IGNORECASE)


#: Asking leave to tell something, before telling it.
_LEAVE_TO_TELL = re.compile(r"^\W*(?:(?:and|but|so|ok|okay)\W+)?(?:can|could|may|mind if)\s+i\s+(?:just\s+)?"
                            r"(?:tell you|say|mention|share)\s+(?:something|summat|one thing|"
                            r"a thing)(?:\s+(?:though|first|quickly|else))?\W*$", re.IGNORECASE)


def asked_only(text: str) -> str:
    """What a message asks, without what it only tells: its pieces that ask, each without a
    lead-in before a colon ("I've been thinking about a career change: what does an officer
    do?" asks what an officer does), but with the piece before a short one ("want to get into
    the FIB. How?") or one that points back to it ("fancy coming back as civilian staff. is
    that a thing?"). The whole text when no piece asks."""
    split, asked = pieces(text), []
    for i, piece in enumerate(split):
        if not asks(piece):
            continue
        words = len(piece.split())
        if i and (words < MIN_QUESTION_WORDS or words < REFERS_BACK_WORDS and _REFERS_BACK.search(piece)):
            asked.append(split[i - 1])
        asked.append(_COLON.split(unjoined(piece))[-1].strip() or piece)
    return " ".join(asked) or text


#: "Two questions: ...", "two quick ones - ...", "one more thing: ...": what follows is asked.
_ANNOUNCING = (r"(?:(?:can|could|may) i ask (?:you )?|i have |i've got |ive got |got )?"
               r"(?:two|three|2|3|a few|a couple of|couple of|some|quick|one|another)"
               r"(?:\s+more)?(?:\s+quick)?(?:\s+(?:questions?|things?|qs?|q's|ones?))?(?:\s+then)?"
               r"\s*[:\-]\s*")
_JOINING = re.compile(r"^(?:(?:and|also|but|so|ok|okay|oh|plus|then|lastly|finally|"
                      # "also sorry what's CPD": an apology before a question asks nothing
                      r"sorry|soz|"
                      # "an can specials do the IPP": "and" typed fast
                      r"an(?=\s+(?:can|could|do|does|did|is|are|what|how|who|where|when|which|would|"
                      r"will|should)\b)|"
                      # "bro what even is IPP and ...": slang before a question asks nothing
                      r"(?:bro|bruv|mate|ngl|tbh|lol|lmao|omg|hmm+|um+|umm+|uh+|erm+|er)(?=\W+(?:how|hw|what|whats|"
                      r"what's|wat|wats|wot|who|where|when|which|why|can|could|do|does|did|is|are|"
                      r"would|will|should)\b)|"
                      r"while i'?m here|whilst i'?m here|while i have you|long shot|bit of a long "
                      r"shot|random one|silly question|daft question|stupid question|honest "
                      r"question|(?:totally\s+)?(?:random|off topic|unrelated|different)"
                      r"(?:\s+(?:one|question|q))?"
                      r"(?:\s+but)?)\b[,\s]*|" + _ANNOUNCING + ")+", re.IGNORECASE)
_ANNOUNCED = re.compile("^" + _ANNOUNCING, re.IGNORECASE)
#: A clause that only announces the questions to come: "ok 3 wee things", "few q's for you".
_ONLY_ANNOUNCING = re.compile(
    r"^\W*(?:(?:ok|okay|right|so|hi|hiya)\W+)?(?:a\s+)?(?:few|couple of|couple|two|three|four|"
    r"2|3|4)\s+(?:more\s+)?(?:(?:wee|quick|little|small|short)\s+)?(?:questions?|things?|qs?|"
    r"q's|ones?)(?:\s+(?:then|for you|here|please))?\W*$", re.IGNORECASE)


#: A question after a comma, at the end of a part that began by saying something ("she's
#: interested in police intelligence, what age can you join"). Not "who", "when", "where" or
#: "which", which after a comma mostly begin a clause of the sentence (", when I was 16").
_ASKS_AFTER_COMMA = re.compile(
    r",\s*(?:and\s+|or\s+|also\s+|so\s+)?(?:how|what|whats|what's|can|could|do|does|is|are|will|"
    r"would|should)\s+\w+|"
    # "going back to the IPP, who came up with it" (not ", when I was 16", ", which was reported",
    # ", who is a PC,")
    r",\s*(?:and\s+)?(?:who|where)\s+(?:do|does|did|can|could|would|will|"
    r"should|came|comes|designed|designs|runs|decides|chooses|makes|leads|writes|sets)\b",
    re.IGNORECASE)
_ASKING = re.compile(r"\b((?<!only know )(?<!\bi know )how (?:to|do|does|can|would|long|much|many)|"
                     # ("I only know how to turn round a holiday cottage" tells)
                     r"wondering|wondered|"
                     # "at what levels does the analysis happen", "to whom do they report"
                     r"(?:at|in|on|for|from|with|to|by) (?:what|which|whom) \w+ (?:do|does|did|is|are|"
                     r"would|will|can)\b|what (?:is|are|do|"
                     r"does)|"
                     # "... custody databases 10 yrs whats an intel unit even for" (blind set BJ)
                     r"(?:whats|what's) (?:an?|the|it|this|that)\b|"
                     # asked after when it holds (blind set CC's first look): "also after the
                     # IPP do i have to keep training"
                     r"\b(?:do|does|would|will|must|should) (?:i|you|u|we|they) (?:have to|need to|still)\b|"
                     # "For the researcher, please list its tasks as bullet points." (set BK)
                     r"please (?:list|tell|give|describe|outline|summari[sz]e|state|cite|name|provide|"
                     r"share|show)\b|"
                     # (blind set CE's first look): "please state your sources", "cite your source"
                     r"\b(?:state|cite|name|give|show|share)\s+(?:me\s+)?(?:your|the|its|their)\s+"
                     r"(?:sources?|evidence|references?|citations?)\b|"
                     # an answer asked for in a shape (blind set BU's first look): "one
                     # sentence on CPD please", "summarise the IPP in three bullet points"
                     r"\b(?:one|a|two|three)\s+(?:sentence|line|liner|paragraph|bullet point)s?\s+"
                     r"(?:on|about|explaining)\b|\bsummari[sz]e\b|\bsum up\b|"
                     r"\bgive (?:me|us) (?:the |a |an )?(?:police intelligence|intelligence|intel|ipp|cpd|"
                     r"fast track|roles|skills|link|summary|overview|short version|long version)\b|"
                     # not what others tell the visitor: "farmers tell me about it on every visit",
                     # "callers sometimes tell me about assaults ..."
                     r"(?<!rs )(?<!they )(?<!people )(?<!friends )(?<!mates )(?<!sometimes )"
                     r"(?<!often )(?<!always )(?<!usually )(?<!regularly )(?<!constantly )tell me about|"
                     r"is it possible|(?:wanted|want|wanna|like|meant) to "
                     # "I should like to understand what the roles are"; not "Before I apply I
                     # want to understand it properly", which says why the questions follow
                     r"(?:ask|know|understand|find out)(?!\s+(?:it|this|that|them)\b)|"
                     r"wants to (?:ask|know)|my question is|"
                     # asked for someone, reading the answers out (blind set BQ's first look):
                     # "And he asks what skills he should work on", "she asked me what CPD is"
                     r"\b(?:he|she|they)\s+(?:asks|asked|is asking|was asking)\s+(?:me\s+|us\s+)?(?:what|how|"
                     r"whether|if|which|who|where|when|why)\b|"
                     # "I actually came on here to ask how you become a researcher."; "He
                     # still asked me to find out whether you need GCSEs for this kind of job."
                     # ... and with an aside between: "He has asked me to find out, as he is
                     # too shy to ask himself, whether there is a place for someone like him"
                     r"\bto (?:ask|find out)(?:,[^,.?!]{1,60},)? (?:how|what|whether|if|which|who|where|"
                     r"when|why)\b|"
                     # "i was thinking my son ... could he do the intel analyst job"
                     r"\b(?:could|can|cud|would|will|should) (?:he|she|they|i|you|u|we) (?:do|be|get|"
                     r"apply|join|become|work|go for|train|start|still)\b|"
                     # "the analyst one wat skills do u need"
                     r"(?:what|wat|wot|which) \w+ (?:do|does|would|will|should|can) (?:i|you|u|they|"
                     r"he|she|we)|"
                     # "if I rang 101 would he find out", "if it's not an emergency who do you ring"
                     r"^(?:what )?if\b.*\b(?:would|will|can|could|should|who|what|how|do|does)"
                     r"\s+(?:he|she|they|i|you|it|we|anyone))\b", re.IGNORECASE)


def clauses(text: str) -> List[str]:
    """A message's sentences, cut again where the visitor turns to another thought, each
    without the words that announce it ("Two quick ones: what are the roles" is read as "what
    are the roles", not as a question about two of something)."""
    cut: List[str] = []
    for sentence in sentences(text):
        for c in _TURN.split(sentence):
            c = _ANNOUNCED.sub("", c.strip(" ,;:")) if c else ""
            if _ONLY_ANNOUNCING.match(c) and len(text.split()) > 4:
                continue
            if c.strip(" ,.;:-?!"):
                cut.append(c)
            elif cut and c.strip(" ,.;:-"):
                cut[-1] += c.strip(" ,.;:-")  # "... what do they use anyway?" ends in its "?"
    return cut


def pieces(text: str) -> List[str]:
    """A message's clauses, cut again before each question that follows a comma or "and" in
    one, so what it states and what it asks are read apart ("there's a man outside right now,
    can analysts go to court?"; "i work in fraud at a bank, could that get me in?"). The
    safety net reads a message this way (bot/action_server/safety.py)."""
    return [p.strip(" ,;:") for clause in clauses(text) for p in _NEXT_QUESTION.split(clause)
            if p and p.strip(" ,.;:-")]


def question_parts(text: str) -> List[str]:
    """The parts of a message that holds several things: its clauses, cut again where a
    second question follows a comma or "and". Empty for a message of one part (most)."""
    claims = _claims_to_judge(text)
    if claims:
        return claims
    parts: List[str] = []
    for clause in clauses(text):
        pieces = [p.strip(" ,;:") for p in _NEXT_QUESTION.split(clause) if p and p.strip(" ,.;:-")]
        # What a clause says before its first question stays with it ("my son wants to be an
        # analyst, how does he get started?"); only further questions are parts of their own.
        for at in range(len(pieces) - 1, 0, -1):
            if _RESTATES.search(pieces[at - 1]) or _ONLY_ASKING_WORD.match(pieces[at - 1]):
                # "... 'classes' be, i.e. what roles exist?", "What, precisely, does that role
                # involve?"
                pieces[at - 1:at + 1] = [f"{pieces[at - 1]} {pieces[at]}"]
        at = 1
        while at < len(pieces):
            if _TOLD_NOT_ASKED.match(pieces[at]) and _KNOWING.search(pieces[at - 1]) or \
                    _NAMES_WHO_IS_ASKED_OF.match(pieces[at - 1]):
                # "I know every farm and who's in and who isn't." tells what the visitor
                # knows; "Tell me, the people who put all these pieces together, what do they
                # do with their day?" names who the question asks of (blind set BY); joined
                # in order, so a list goes on telling: "Lads ... tell me everything, who's
                # fallen out with who, who's got a new motor, who's moving" (blind set BZ)
                start, end = clause.find(pieces[at - 1]), clause.find(pieces[at])
                pieces[at - 1:at + 1] = [clause[start:end + len(pieces[at])] if 0 <= start < end
                                         else f"{pieces[at - 1]}, {pieces[at]}"]
            else:
                at += 1
        if len(pieces) > 1 and not asks(pieces[0]):
            # once: "Going back to the IPP, who came up with it and what do you get at the end?"
            # is two questions, though "who" after a comma does not mark the first as one
            # (joined as written: "... at Leeds and is keen on police intelligence." asks
            # nothing, where "... at Leeds, is keen ..." would read as asking)
            start, end = clause.find(pieces[0]), clause.find(pieces[1])
            pieces[:2] = [clause[start:end + len(pieces[1])] if 0 <= start < end
                          else f"{pieces[0]}, {pieces[1]}"]
        parts.extend(pieces)
    for at in range(len(parts) - 1, 0, -1):
        if _GIVES_AN_EXAMPLE.match(parts[at]):
            # an example of what was just asked is that question still: "Is there support for
            # people in those jobs? Like counselling, when the cases get to you?" (blind set
            # BW's first look)
            parts[at - 1:at + 1] = [f"{parts[at - 1]} {parts[at]}"]
    return _within_limit(parts) if len(parts) > 1 else []


def _claims_to_judge(text: str) -> List[str]:
    """Numbered claims the visitor asks to have judged one by one, each as its own question:
    "Three things people keep saying: (1) you have to be a detective to move into
    intelligence, (2) IPP is only for officers, (3) fast track takes five years. True or false
    on each?" (blind set BT's first look) asks three questions, not one about "each"."""
    marks = list(_LIST_ITEM.finditer(text))
    verdict = _VERDICT_ON_EACH.search(text)
    if len(marks) < 2 or not verdict or verdict.start() < marks[-1].end():
        return []
    items = [text[mark.end():end].strip(" ,;:.\n")
             for mark, end in zip(marks, [m.start() for m in marks[1:]] + [verdict.start()])]
    items = [item for item in items if item and not asks(item)]
    if len(items) != len(marks):
        return []  # numbered questions are parts already ("1) what do they do 2) how long")
    return [f"is it true that {item}?" for item in items][:MAX_PARTS]


#: Asking for a verdict on each of the claims before it, at the message's end.
_VERDICT_ON_EACH = re.compile(r"(?:^|(?<=[.?!:\n]))\s*(?:(?:so|and|ok|okay|now)\W+)?"
                              r"(?:true or false|right or wrong|fact or (?:myth|fiction)|"
                              r"myth or (?:fact|truth|not)|are (?:these|they|those) "
                              r"(?:true|right|correct)|which (?:of these |of them )?are (?:true|right))\b"
                              r"[^.?!]*[.?!]*\s*$", re.IGNORECASE)


#: A part that only gives an example of the one before it.
_GIVES_AN_EXAMPLE = re.compile(r"^\W*(?:like|such as|e\.?g\.?|for example|for instance|say)\b"
                               r"(?!\s+(?:i|you|we|they|he|she|it|that|this|what|how|who)\b)", re.IGNORECASE)


#: A question word, alone or with "precisely", "exactly" ..., cut off by a comma: "What, precisely".
_ONLY_ASKING_WORD = re.compile(r"^\W*(?:what|how|who|which|where|when|why|so)(?:\W+(?:precisely|"
                               r"exactly|actually|really|then|though|honestly))?\W*$", re.IGNORECASE)
#: The end of a question said again in other words just after: one question, not two.
_RESTATES = re.compile(r"(?:\bi\.?e\.?|\bin other words|\bthat is|\bi mean|\bor rather)$",
                       re.IGNORECASE)


def _within_limit(parts: List[str]) -> List[str]:
    """At most MAX_PARTS parts, in order; a long message loses what it only states in the
    fewest words, so its questions are kept and so is what it tells at length, the part the
    safety net most needs the model to read ("... reading about analysts cos my son loves
    data, but my dad's just rung me, there's a man on his doorstep saying he's from his
    bank ... dad's 84. ... what does an analyst actually do")."""
    statements = sorted((len(part.split()), at) for at, part in enumerate(parts) if not asks(part))
    dropped = {at for _, at in statements[:max(len(parts) - MAX_PARTS, 0)]}
    return [part for at, part in enumerate(parts) if at not in dropped][:MAX_PARTS]
