"""The danger reader's score in the safety net (bot/action_server/answers.py, `safety_reading`
and `sure_of_danger`): reports the intent model reads as out of scope get the signpost; what
the net knows is the visitor's own past or work still does not. Parse results as Rasa gives
them, with the score the danger reader would give; no model."""

from bot.action_server import safety
from bot.action_server.answers import Turn, answer

STATEMENT = "old girl on my route not been at her stop 3 days, curtains shut, milk on the step."
QUESTION = "also whats CPD"


def _parse(text, intent, confidence, danger, parts=()):
    return {"text": text, "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": intent, "confidence": confidence}], "danger": danger,
            "parts": [{"text": part_text, "asks": asks,
                       "intent": {"name": part_intent, "confidence": 0.95},
                       "intent_ranking": [{"name": part_intent, "confidence": 0.95}],
                       "danger": part_danger}
                      for part_text, asks, part_intent, part_danger in parts]}


def test_a_report_the_intent_model_reads_as_out_of_scope_gets_the_signpost(content):
    text = "a coach pulled in at 2am and the driver took all their passports off them"
    reply = answer(content, Turn.from_parse(_parse(text, "out_of_scope", 0.99, 0.97)))
    assert reply.signposted and "999" in reply.text


def test_the_same_words_read_as_no_danger_get_no_signpost(content):
    text = "a coach pulled in at 2am and the driver took all their passports off them"
    reply = answer(content, Turn.from_parse(_parse(text, "out_of_scope", 0.99, 0.2)))
    assert not reply.signposted


def test_a_report_beside_a_question_gets_the_signpost_and_the_answer(content):
    text = f"{STATEMENT} {QUESTION}"
    parse = _parse(text, "cpd", 0.9, 0.82, parts=[(STATEMENT, False, "out_of_scope", 0.95),
                                                  (QUESTION, True, "cpd", 0.05)])
    reply = answer(content, Turn.from_parse(parse))
    assert reply.signposted and "999" in reply.text
    assert "continuing professional development" in reply.text


def test_a_told_part_the_reader_is_unsure_of_needs_more_to_back_it(content):
    text = f"{STATEMENT} {QUESTION}"
    parse = _parse(text, "cpd", 0.9, 0.5, parts=[(STATEMENT, False, "out_of_scope", 0.6),
                                                 (QUESTION, True, "cpd", 0.05)])
    reply = answer(content, Turn.from_parse(parse))
    assert not reply.signposted
    assert "continuing professional development" in reply.text


def test_the_visitors_own_past_stays_no_report_however_sure_the_reader(content):
    told = "my car was nicked back in 2019 and they caught the lad who did it"
    question = "is that the kind of thing intelligence works on?"
    parse = _parse(f"{told}, {question}", "what_is_intelligence", 0.9, 0.95,
                   parts=[(told, False, "report_crime", 0.97),
                          (question, True, "what_is_intelligence", 0.1)])
    assert not answer(content, Turn.from_parse(parse)).signposted


def test_what_someone_claims_is_no_ending_while_it_happens_right_now(content):
    """A scam at the counter: "been arrested" is the caller's story, not how it ended."""
    text = ("Sorry - there's a lady in her 80s at my counter right now trying to take out £9,000 "
            "cash. She says her grandson's been arrested and needs bail money and a 'solicitor' "
            "is still on her mobile telling her what to say.")
    assert safety.check(content, text, "report_crime", 1.0).signpost
    # (told as over, it stays dealt with)
    assert not safety.check(content, "My nephew's been arrested for it and it's all sorted now. "
                            "What do analysts do?", "report_crime", 0.95).signpost
