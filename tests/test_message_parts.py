"""A message that holds several things: how it is cut into parts (bot/shared/focus.py), how the
parse carries each part's own reading (bot/rasa_server/question_parts.py), and what the
visitor gets (bot/action_server/answers.py): the signpost and then the answer for a report
beside a question, each of several questions answered, a short question read against the
conversation's subject before it is declined. Pure functions and plain turns, no model: each
part's intent is the one the model would give."""

import pytest

from bot.action_server import safety
from bot.action_server.answers import Turn, answer, answer_question
from bot.rasa_server.question_parts import asked_of, parts_of
from bot.shared.focus import asked_only, asks, clauses, question_parts, without_greeting


@pytest.mark.parametrize("text,parts", [
    ("what does the fast track involve, how long is it, and can detectives apply?",
     ["what does the fast track involve", "how long is it", "can detectives apply?"]),
    ("someone stole my bike yesterday lol anyway how long is the fast track",
     ["someone stole my bike yesterday", "how long is the fast track"]),
    ("I think my neighbour is growing cannabis and I've also been wondering how to become an "
     "analyst", ["I think my neighbour is growing cannabis", "how to become an analyst"]),
    ("My daughter keeps going missing. Separately my son wants to be an analyst, how does he "
     "get started?", ["My daughter keeps going missing.",
                      "my son wants to be an analyst, how does he get started?"]),
    ("do I need a degree and is there an age limit", ["do I need a degree", "is there an age limit"]),
    ("how long is the IPP also how long is the fast track",
     ["how long is the IPP", "how long is the fast track"]),
    ("Quick check: list the roles and tell me which one does research",
     ["Quick check: list the roles", "tell me which one does research"]),
    ("could you say whether analysts travel much, and whether the work is shift based?",
     ["could you say whether analysts travel much", "whether the work is shift based?"]),
    # numbered or bulleted questions, each item its own part
    ("1) what is the fast track 2) who runs the IPP (3) is CPD a must",
     ["what is the fast track", "who runs the IPP", "is CPD a must"]),
    ("ok.\n1. how long is the IPP\n2. where are the profiles",
     ["ok.", "how long is the IPP", "where are the profiles"]),
    ("- what do officers do\n- and researchers?", ["what do officers do", "and researchers?"]),
])
def test_a_message_of_several_things_is_cut_into_its_parts(text, parts):
    assert question_parts(text) == parts


@pytest.mark.parametrize("text", ["tell me about the IPP", "what do analysts and officers do?",
                                  "is it also what analysts do",
                                  "how long is the IPP and the fast track", "hi",
                                  "I have (2) kids, can I do it part time?"])
def test_a_message_of_one_thing_has_no_parts(text):
    assert question_parts(text) == []


def test_a_part_asks_even_after_a_joining_word_and_a_statement_does_not():
    assert asks("also do intel researchers go through social media")
    assert asks("and does intel look at that")
    assert not asks("my housemate is selling fake IDs out of our flat")
    assert asks("the officer one wat training do u get")  # a question after a short label
    # a colon inside a grade or a time is no label before the question
    assert asks("and would a 2:1 be enough") and asks("is 09:30 too early to ring")


def test_saying_you_want_to_ask_asks():
    assert asks("i also wanted to ask what the intelligence professionalisation programme is")
    assert asks("my question is whether analysts brief bosses")
    assert not asks("i wanted to be a nurse once")
    # why the questions follow, not one of them: "Before I apply I want to understand it
    # properly. What does a researcher do, and is it office-based?"
    assert not asks("Before I apply I want to understand it properly.")
    assert asks("I want to understand what the roles are")
    assert asks("our curate's son wants to know whether intelligence officers sit at desks")
    # a formal way to ask (blind set AG)
    assert asks("I should like to understand what the roles are")
    assert asks("we'd like to find out how long the IPP takes")
    # what the visitor came to ask, told after a report (blind set AN)
    assert asks("I really only came on here to ask how you train as an analyst.")
    assert not asks("I came on here to ask about jobs")  # says what brings them, asks nothing yet


def test_the_model_reads_a_question_without_the_greeting_it_opens_with():
    """A greeting word outweighs the question's own words with the model ("hi, doing a school
    project on police jobs, what is intelligence" was read as hello); a greeting alone, or
    one with a question about the chat itself, stays whole."""
    assert without_greeting("hi, doing a school project on police jobs, what is intelligence") \
        == "doing a school project on police jobs, what is intelligence"
    assert without_greeting("Good evening all. How long is the IPP?") == "How long is the IPP?"
    assert without_greeting("hey mate, how would I get into the FIB") == "how would I get into the FIB"
    for whole in ("hello there", "hiya, anyone around?", "hi, is this the careers bot?",
                  "hello are you a real person", "hi all, hope you're well"):
        assert without_greeting(whole) == whole


def test_what_the_visitor_knows_how_to_do_or_came_for_asks_nothing():
    """Blind set AP: "I only know how to turn round a holiday cottage in 3 hours haha!" was
    answered as a question about annual leave; "Whit I actually came on for - ..." leads in."""
    assert not asks("I only know how to turn round a holiday cottage in 3 hours haha!")
    assert not asks("I know how to use excel")
    assert not asks("Whit I actually came on for")
    assert asks("i dont know how to get in") and asks("how to become an analyst")
    assert asks("what did you come here for?")


def test_a_whole_read_as_a_report_that_is_not_one_is_answered_by_its_question(content):
    text = ("We pull knives, guns and stolen safes out of canals most weeks. Does intel help "
            "decide where teams like mine get sent?")
    reply = answer(content, Turn("report_crime", text, [], [("report_crime", 1.0),
                                                             ("role_profiles", 0.001)],
                                 questions=(Turn("what_is_intelligence", text.split(". ")[1], [],
                                                 [("what_is_intelligence", 0.7)]),)))
    assert not reply.signposted
    assert reply.topic == "intelligence_units" and "College Learn" not in reply.text


def test_a_question_in_the_visitors_own_way_asks():
    """Beside a report these were read as telling, so the signpost swallowed the question."""
    assert asks("also random but whats police intelligence actually about")
    assert asks("also cud i do an analist job w no degree")
    assert asks("and i was thinking my son is good with computers could he do the analyst job")
    assert not asks("she said she would do it again")
    assert not asks("he told me i could go to the police")


def test_a_long_message_keeps_its_question_and_drops_what_it_states_in_fewest_words():
    text = ("hi im a housing officer for the council. one of my tenants told me today that her "
            "neighbour has a young girl living with him who never goes out. i didnt know who to "
            "tell. separately, ive been thinking of moving into police intelligence - do people "
            "from councils get in?")
    parts = question_parts(text)
    assert len(parts) == 4 and parts[-1] == "do people from councils get in?"
    assert any(part.startswith("one of my tenants") for part in parts)
    assert "i didnt know who to tell" not in parts


def test_questions_joined_by_text_speak_are_parts():
    assert question_parts("paramedic here. wat is IPP, who made it n how long is it")[1:] == [
        "wat is IPP", "who made it", "how long is it"]
    assert question_parts("me n my mate want to join, how do we start") == []
    assert question_parts("wots the fasst trak an how lang dus it tak") == [
        "wots the fasst trak", "how lang dus it tak"]
    assert question_parts("an analyst, what do they do") == []


def test_a_part_about_the_job_takes_the_role_the_message_names(content):
    text = ("my daughter keeps saying she wants to be a police intelligence analyst. I don't "
            "know much about it. Could you tell me what the job involves, and would she have "
            "to join as a police officer first?")
    part = Turn("nlu_fallback", "Could you tell me what the job involves",
                ranking=[("nlu_fallback", 0.4), ("role_details", 0.3)], message=text)
    reply = answer(content, Turn("entry_routes", text, questions=(part,)))
    assert content.roles["intelligence_analyst"].summary in reply.text
    assert "Which role" not in reply.text
    assert reply.role == "intelligence_analyst"  # "would she be in an office?" is about her job


def test_a_question_naming_nothing_asks_about_the_programme_the_message_names(content):
    text = ("My line manager wants a one-page note on what the fast track is for our team "
            "meeting. Could you sum it up for me?")
    part = Turn("out_of_scope", "Could you sum it up for me?", ranking=[("out_of_scope", 0.9)],
                message=text)
    reply = answer(content, Turn("help", text, questions=(part,)))
    assert reply.topic == "fast_track" and "inspector" in reply.text


def test_every_part_is_read_by_the_model_and_marked_whether_it_asks():
    read = []

    def parse(text):
        read.append(text)
        intent = "fast_track" if "fast track" in text else "report_crime"
        return {"intent": {"name": intent, "confidence": 0.9},
                "intent_ranking": [{"name": intent, "confidence": 0.9}] * 9, "entities": []}

    parts = parts_of(parse, "someone stole my bike yesterday lol anyway how long is the fast track")
    assert read == ["someone stole my bike yesterday", "how long is the fast track"]
    assert parts[0]["asks"] is False and parts[0]["intent"]["name"] == "report_crime"
    assert parts[1]["asks"] is True and parts[1]["intent"]["name"] == "fast_track"
    assert len(parts[1]["intent_ranking"]) == 5
    turn = Turn.from_parse({"text": "...", "intent": {"name": "fast_track"}, "parts": parts})
    assert [q.text for q in turn.questions] == ["how long is the fast track"]
    assert [(s.text, s.intent) for s in turn.said] == [("someone stole my bike yesterday",
                                                        "report_crime")]


def test_a_part_is_read_without_the_words_joining_it_to_the_one_before():
    read = []

    def parse(text):
        read.append(text)
        return {"intent": {"name": "intelligence_units", "confidence": 0.9}, "entities": []}

    parts = parts_of(parse, "my cousin is being bullied at work. Also, who acts on intelligence?")
    assert read == ["my cousin is being bullied at work.", "who acts on intelligence?"]
    assert parts[1]["text"] == "Also, who acts on intelligence?", "the part itself is kept whole"


def test_the_questions_beside_a_statement_are_also_read_as_one():
    read = []

    def parse(text):
        read.append(text)
        return {"intent": {"name": "role_details", "confidence": 0.9},
                "intent_ranking": [{"name": "role_details", "confidence": 0.9}], "entities": []}

    text = "the boss at the car wash keeps their passports. who is the supervisor, what he do?"
    parts = parts_of(parse, text)
    assert asked_of(parse, parts)["text"] == "who is the supervisor, what he do?"
    assert read[-1] == "who is the supervisor, what he do?"
    # Nothing stated, or one question: the parts are all there is to read.
    assert asked_of(parse, parts_of(parse, "what is the IPP? how long is it?")) is None
    assert asked_of(parse, parts_of(parse, "my bike was nicked. how long is the IPP?")) is None


def test_beside_a_report_the_questions_read_as_one_lead_when_the_parts_miss(content):
    text = "the boss at the car wash keeps their passports. who is the supervisor, what he do?"
    message = Turn("report_crime", text, ranking=[("report_crime", 0.9)], questions=(
        Turn("ask_eligibility", "who is the supervisor", ranking=[("ask_eligibility", 0.8)]),
        Turn("nlu_fallback", "what he do?", ranking=[("nlu_fallback", 0.3)])),
        asked=Turn("role_details", "who is the supervisor, what he do?",
                   entities={"role": "supervisor"}, ranking=[("role_details", 0.9)]))
    reply = answer(content, message)
    assert reply.text.startswith(content.safety.answer)
    assert content.roles["intelligence_supervisor"].summary in reply.text


def turn(text, intent, *questions, topic=None, role=None):
    """A turn as the action gets it: the whole message's reading, and each asking part's."""
    return Turn(intent=intent, text=text, ranking=[(intent, 0.9)], topic=topic, role=role,
                questions=tuple(Turn(intent=i, text=t, ranking=[(i, 0.9)]) for t, i in questions))


def test_a_report_beside_a_question_gets_the_signpost_first_then_the_answer(content):
    text = "someone stole my bike yesterday lol anyway how long is the fast track"
    reply = answer(content, turn(text, "report_crime", ("how long is the fast track", "ask_duration")))
    assert reply.text.startswith(content.safety.answer)
    assert content.topics["fast_track"].follow_ups["duration"].answer in reply.text
    assert reply.topic == "fast_track"  # the next turn follows on from the question


def test_an_answer_after_the_signpost_that_opens_with_it_says_what_it_is(content):
    """After 999 and 101, "It combines a learning curriculum ..." would name nothing."""
    text = ("my brother-in-law keeps hinting he's selling pills to college kids out of his "
            "flat. What would the IPP involve for me?")
    reply = answer(content, turn(text, "report_crime",
                                 ("What would the IPP involve for me?", "ipp")))
    after = reply.text[len(content.safety.answer):].strip()
    assert reply.text.startswith(content.safety.answer)
    assert after.startswith(content.topics["ipp"].answer)
    assert after.count("It combines") <= 1


@pytest.mark.parametrize("text", [
    "a man on our street is selling stolen bikes from his garage and how long is the IPP",
    "a man on our street is selling stolen bikes from his garage, how long is the IPP?",
])
def test_a_report_and_a_question_in_one_sentence_get_the_signpost_and_the_answer(content, text):
    """The model reads the whole as the report; the question it ends with is read on its own."""
    reply = answer(content, Turn(intent="report_crime", text=text,
                                 ranking=[("report_crime", 0.99), ("ipp", 0.01)]))
    assert reply.text.startswith(content.safety.answer)
    assert "12 to 18 months" in reply.text


def test_a_report_only_the_model_reads_with_a_question_in_one_sentence_gets_both(content):
    """Read whole, the question's words ("the IPP") outweigh the report; what the sentence
    tells before its question is parsed on its own too (`told_of`), and the model knows it."""
    from bot.rasa_server.question_parts import told_of

    text = ("someone keeps sharing my address in a group chat telling people to visit me also "
            "how long is the IPP")
    assert not safety.check(content, text, "report_crime", 1.0).signpost, "the whole alone"
    reading = {"intent": {"name": "report_crime", "confidence": 0.99},
               "intent_ranking": [{"name": "report_crime", "confidence": 0.99}], "entities": []}
    told = told_of(lambda part: reading, text)
    assert [t["text"] for t in told] == [
        "someone keeps sharing my address in a group chat telling people to visit me"]
    parse = {"text": text, "intent": {"name": "ipp", "confidence": 0.6},
             "intent_ranking": [{"name": "ipp", "confidence": 0.6}], "told": told}
    reply = answer(content, Turn.from_parse(parse))
    assert reply.text.startswith(content.safety.answer)
    assert "12 to 18 months" in reply.text


def test_a_short_statement_before_a_question_is_not_parsed_again():
    from bot.rasa_server.question_parts import told_of

    assert told_of(lambda part: {}, "I'm a nurse, could I be an analyst?") == []
    assert told_of(lambda part: {}, "what is the IPP") == []


def test_a_long_message_of_many_pieces_costs_two_more_parses_at_most():
    """What it tells, and its question alone (`question_alone`), whatever its length."""
    from bot.rasa_server.question_parts import question_alone, told_of

    calls = []
    text = "a man keeps waiting by the bins at night and " + "is that odd, " * 60 + "what now"
    told_of(lambda part: calls.append(part) or {}, text)
    question_alone(lambda part: calls.append(part) or {}, text)
    assert len(calls) <= 2


def test_a_question_the_statement_before_it_outweighs_is_read_alone_before_it_is_declined(content):
    """"school" weighs towards what the sources do not hold (school leavers, school hours):
    read whole, the message found nothing to answer; its question alone asks what
    intelligence is. A question that finds nothing alone either is still declined."""
    from bot.rasa_server.question_parts import question_alone

    text = "im doing a school project on police jobs, what is intelligence?"
    asked = question_alone(lambda part: {"intent": {"name": "what_is_intelligence"}}, text)
    assert asked["text"] == "what is intelligence?"
    # a question that leans on what was told is not read without it
    assert question_alone(lambda part: {}, "is ther lots of reeding and riting, i hav dislexia, "
                                           "do they help wiv that") is None
    parse = {"text": text, "intent": {"name": "ask_unknown", "confidence": 0.9},
             "intent_ranking": [{"name": "ask_unknown", "confidence": 0.9}],
             "told": [{"text": "im doing a school project on police jobs", "asks": False,
                       "intent": {"name": "ask_unknown"}}], "asked": asked}
    reply = answer(content, Turn.from_parse(parse))
    assert reply.topic == "what_is_intelligence"
    assert reply.text.startswith(content.topics["what_is_intelligence"].answer)
    declined = dict(parse, asked={"text": "will it rain tomorrow?",
                                  "intent": {"name": "out_of_scope"}})
    assert answer(content, Turn.from_parse(declined)).topic == "unknown"
    # a question the whole found something for keeps the whole's reading
    paid = dict(parse, text="i have been a postman for twenty years, what do they pay?")
    assert answer(content, Turn.from_parse(paid)).subject == "pay"


def test_a_follow_up_naming_its_own_subject_beside_another_question_is_answered(content):
    """"how long is the training": "training" is named, not taken from the conversation, so
    the message is not one subject asked about twice: both parts are answered."""
    ipp = content.topics["ipp"]
    reply = answer(content, turn(
        "how long is the training and do you get a proper qualification at the end?",
        "ask_unknown", ("how long is the training", "ask_duration"),
        ("do you get a proper qualification at the end?", "ask_outcome")))
    assert ipp.follow_ups["duration"].answer in reply.text
    assert ipp.follow_ups["outcome"].answer in reply.text


def test_an_apology_before_a_question_still_asks():
    assert asks("also sorry what's CPD")
    assert not asks("sorry about that")


def test_a_part_nothing_answers_after_an_answered_part_is_honestly_not_held(content):
    """"what's IPP and is it hard": the IPP, then "I don't hold that for" it, with the page to
    read; the second question is neither dropped nor met with "did you mean"."""
    unsure = Turn(intent="nlu_fallback", text="is it hard", ranking=[
        ("nlu_fallback", 0.3), ("entry_routes", 0.16), ("ask_eligibility", 0.11)])
    reply = answer(content, Turn(intent="ipp", text="what's IPP and is it hard",
                                 ranking=[("ipp", 0.98)], questions=(
                                     Turn(intent="ipp", text="what's IPP", ranking=[("ipp", 0.9)]),
                                     unsure)))
    ipp = content.topics["ipp"]
    assert reply.text.startswith(ipp.answer)
    assert "I don't hold that for the Intelligence Professionalisation Programme" in reply.text
    assert "Did you mean" not in reply.text and reply.topic == "ipp"


def test_which_one_beside_a_comparison_is_one_of_the_two_roles(content):
    reply = answer(content, turn("which is more chill analyst or researcher, and which one goes "
                                 "to court", "role_details",
                                 ("which is more chill analyst or researcher", "role_details"),
                                 ("which one goes to court", "role_details")))
    assert "Intelligence researcher:" in reply.text, "the two side by side"
    assert "court" in reply.text, "then the one of them that prepares products for court"


def test_two_programmes_and_which_is_more_use_are_set_side_by_side(content):
    reply = answer(content, Turn(intent="fast_track", ranking=[("fast_track", 0.72)],
                                 text="fast track or ipp, which is more use if i want to stay in "
                                      "intel"))
    assert content.topics["fast_track"].title.split()[1] in reply.text
    assert "Intelligence Professionalisation Programme" in reply.text
    assert "inspector" in reply.text


def test_a_question_about_the_report_itself_in_one_sentence_gets_the_signpost_alone(content):
    text = "a man on our street is selling stolen bikes from his garage, what should i do"
    reply = answer(content, Turn(intent="report_crime", text=text, ranking=[("report_crime", 0.99)]))
    assert reply.text == content.safety.answer


def test_a_pure_report_gets_only_the_signpost(content):
    reply = answer(content, turn("my neighbour is dealing drugs from his flat", "report_crime"))
    assert reply.text == content.safety.answer and reply.topic == "safety"


@pytest.mark.parametrize("text", ["what's the number for crimestoppers?",
                                  "how do I report a crime anonymously",
                                  "can I report something to you"])
def test_a_question_about_reporting_gets_the_signpost_as_its_answer(content, text):
    assert answer(content, turn(text, "out_of_scope")).text == content.safety.answer


@pytest.mark.parametrize("text", [
    "her bike was stolen last week, she reported it and got a crime number. what do "
    "intelligence units do with reports like that?",
    "knife crime round here is awful and i want a job that makes a difference. is "
    "intelligence worth looking at",
    "I'm an HMRC investigator, mostly VAT fraud cases. could I move across into police "
    "intelligence?",
])
def test_crime_already_dealt_with_or_in_general_or_as_work_is_not_a_report(content, text):
    assert not safety.check(content, text).signpost


def test_every_part_of_a_multi_part_question_is_answered_in_order(content):
    fast = content.topics["fast_track"]
    reply = answer(content, turn(
        "what does the fast track involve, how long is it, and who decides who gets a place?",
        "fast_track", ("what does the fast track involve", "fast_track"),
        ("how long is it", "ask_duration"), ("who decides who gets a place?", "ask_provider")))
    texts = [fast.answer, fast.follow_ups["duration"].answer, fast.follow_ups["provider"].answer]
    positions = [reply.text.find(t) for t in texts]
    assert -1 not in positions and positions == sorted(positions), reply.text
    assert reply.topic == "fast_track"


def test_at_most_three_questions_are_answered(content):
    questions = [("what is the IPP", "ipp"), ("what is CPD", "cpd"),
                 ("what is the fast track", "fast_track"), ("what skills do I need", "skills")]
    reply = answer(content, turn("...", "ipp", *questions))
    assert content.topics["skills"].answer not in reply.text
    assert all(content.topics[t].answer in reply.text for t in ("ipp", "cpd", "fast_track"))


def test_three_questions_get_their_three_answers_whatever_the_whole_was_read_as(content):
    """"Fast track - who's it for, what rank do you end up at, and how often can you apply?":
    the whole message's reading does not take the third answer's place."""
    fast = content.topics["fast_track"]
    reply = answer(content, turn(
        "fast track, who's it for, what rank do you end up at, and how often can you apply?",
        "ask_provider", ("fast track, who's it for", "ask_eligibility"),
        ("what rank do you end up at", "ask_outcome"),
        ("and how often can you apply?", "ask_eligibility"), topic="fast_track"))
    for aspect in ("eligibility", "outcome", "timing"):
        assert fast.follow_ups[aspect].answer in reply.text, aspect


@pytest.mark.parametrize("text, intent", [("when does it open", "ask_eligibility"),
                                          ("is it every year", "ask_duration"),
                                          ("when can he apply", "ask_unknown")])
def test_when_the_fast_track_opens_is_its_timing_whatever_follow_up_the_model_read(content, text,
                                                                                  intent):
    reply = answer(content, turn(text, intent, topic="fast_track"))
    assert reply.text == content.topics["fast_track"].follow_ups["timing"].answer


def test_a_question_the_whole_message_was_not_read_as_is_answered(content):
    reply = answer(content, turn("hiya! what is the IPP?", "greet", ("what is the IPP?", "ipp")))
    assert reply.topic == "ipp" and reply.text.startswith(content.topics["ipp"].answer)


def test_a_short_question_is_read_against_the_subject_in_context_before_it_is_declined(content):
    reply = answer(content, turn("can detectives apply?", "ask_unknown", topic="fast_track"))
    assert reply.topic == "fast_track" and "detectives" in reply.text
    alone = answer(content, turn("can detectives apply?", "ask_unknown"))
    assert alone.topic == "unknown"


def test_a_complete_question_ignores_the_context(content):
    reply = answer(content, turn("what does an intelligence analyst do?", "role_details",
                                 topic="ipp"))
    assert reply.topic == "role_details" and reply.role == "intelligence_analyst"


def test_clauses_split_where_the_visitor_turns_to_another_thought():
    assert clauses("quick question - my ex keeps turning up at my work. btw how long is the IPP?") \
        == ["quick question", "my ex keeps turning up at my work.", "how long is the IPP?"]


def test_why_shows_the_parts_safety_each_frame_and_what_came_from_the_conversation(content):
    from bot.tools.chat import why

    reply = answer(content, turn("how long does it take?", "ask_duration", topic="ipp"))
    follow_up = {"question": "how long does it take?", "intent": "ask_duration",
                 "confidence": 0.98, "ranking": [], "entities": [], "topic": reply.topic,
                 "role": None, "context": {"topic": "ipp", "role": None}, "parts": [],
                 "frame": reply.frame}
    shown = why(follow_up, content)
    assert "context before this turn: topic ipp" in shown
    assert "frame: kind ask_duration, subject ipp (from the conversation)" in shown
    assert "answered as: topic ipp" in shown
    text = "someone stole my bike lol anyway what is the fast track"
    reply = answer(content, turn(text, "report_crime", ("what is the fast track", "fast_track"),
                                 topic="ipp"))
    mixed = {**follow_up, "question": text, "intent": "report_crime", "topic": reply.topic,
             "parts": [("someone stole my bike", False, "report_crime", 0.97),
                       ("what is the fast track", True, "fast_track", 0.9)],
             "frame": reply.frame}
    shown = why(mixed, content)
    assert "safety: signpost" in shown and "part 2: 'what is the fast track' -> fast_track" in shown
    assert "part 1: 'someone stole my bike' -> says, does not ask (read as report_crime 0.97)" \
        in shown
    assert "frame: kind fast_track, subject fast_track," in shown
    assert "from the conversation" not in shown  # the fast track was asked, not taken from context
    alone = {**follow_up, "question": "im doing a school project on police jobs, what is "
             "intelligence?", "alone": ("what is intelligence?", "what_is_intelligence")}
    assert "question alone: 'what is intelligence?' -> what_is_intelligence" in why(alone, content)


def test_a_fact_that_leans_on_the_sentence_before_comes_after_it(content):
    from bot.action_server.facts import fact_for, stands_alone

    details = content.topics["information_formats"].details
    leaning = next(d for d in details if not stands_alone(d))
    fact = fact_for(content, "do criminals exploit it as well?",
                    content.topics["information_formats"].answer, details)
    assert fact.endswith(leaning) and fact != leaning
    assert stands_alone("It combines a learning curriculum with an assessed portfolio.")
    # whatever sentence a question about technology picks, it reads on its own
    fact = fact_for(content, "how is technology changing intelligence work?",
                    content.topics["information_formats"].answer, details)
    assert fact and (stands_alone(fact) or fact.endswith(leaning) and fact != leaning)


def test_something_the_visitor_only_said_about_themselves_is_not_what_they_asked(content):
    """"My english is not perfect. Is it an office job?": where they work, not languages."""
    text = "Hi, my english is not perfect. Police intelligence, is office job or street job?"
    reply = answer(content, turn(text, "ask_unknown", ("Police intelligence, is office job or "
                                                       "street job?", "working_environment")))
    assert reply.topic == "working_environment" and "office" in reply.text
    asked = answer(content, turn("My english is not perfect, this is problem for the job?",
                                 "nlu_fallback"))
    assert (asked.topic, asked.subject) == ("unknown", "languages")


def test_a_follow_up_beside_a_subject_it_names_asks_about_that_subject(content):
    """"Holidays? how many." asks about leave, not for more of the conversation's subject."""
    reply = answer(content, turn("Holidays? how many.", "ask_unknown", ("how many.", "more_details"),
                                 topic="entry_routes"))
    assert (reply.topic, reply.subject) == ("unknown", "leave")
    assert "ways into" not in reply.text.lower() and "routes in" not in reply.text.lower()


def test_would_that_stop_me_in_a_part_asks_about_what_the_message_told(content):
    text = "I got a caution for shoplifting when I was 15, I'm 24 now. would that stop me?"
    part = Turn(intent="entry_routes", text="would that stop me?", ranking=[("entry_routes", 0.9)],
                message=text, topic="ipp", kind="ipp")
    reply = answer_question(content, part)
    assert (reply.topic, reply.subject) == ("unknown", "vetting")


def test_a_part_holding_the_report_and_a_question_gets_its_question_answered(content):
    text = "my nephew says a man in a car keeps offering him lifts, also how long is the IPP"
    reply = answer(content, turn(text, "ask_duration",
                                 ("my nephew says a man in a car keeps offering him lifts, how long "
                                  "is the IPP", "ask_duration")))
    assert reply.text.startswith(content.safety.answer)
    assert content.topics["ipp"].follow_ups["duration"].answer in reply.text


@pytest.mark.parametrize("text, parts", [
    ("Two more: what's expected of staff on CPD, and does our force need a licence for the IPP?",
     ["what's expected of staff on CPD", "does our force need a licence for the IPP?"]),
    ("I'm a PCSO. Two questions: can PCSOs do the fast track, and what is the IPP?",
     ["I'm a PCSO.", "can PCSOs do the fast track", "what is the IPP?"]),
    ("Two quick ones: what are the roles, and which of them leads a team?",
     ["what are the roles", "which of them leads a team?"]),
])
def test_questions_announced_with_a_count_are_each_a_part_without_the_announcement(text, parts):
    # "Two quick ones: what are the roles" read whole is a question about two of something.
    assert question_parts(text) == parts


def test_a_count_of_people_is_not_an_announcement():
    assert not asks("two lads were fighting outside")


def test_a_question_after_a_colon_asks():
    assert asks("For a quick overview for my students: what roles are there")
    assert not asks("Note: my son is a special constable")


def test_a_question_after_while_im_here_asks():
    assert asks("while im here what skills do i need for intel")
    assert asks("I've applied for a staff job and wondered what roles there are")


def test_how_long_the_training_is_beside_a_report_is_answered(content):
    text = "someone keeps leaving needles by the bins at the school. also, how long is the training?"
    reply = answer(content, turn(text, "ask_duration", ("also, how long is the training?",
                                                        "ask_duration")))
    assert reply.text.startswith(content.safety.answer)
    assert "12 to 18 months" in reply.text


def test_a_question_after_long_shot_asks():
    assert asks("Long shot, but can people from other departments move into intelligence")


def test_a_statement_the_model_reads_as_a_report_gets_the_signpost_and_the_question_its_answer(
        content):
    told = "my nan says a lad from the flats keeps leaving bags in her shed for someone to collect"
    text = f"{told}. anyway what is the IPP?"
    question = Turn("ipp", "what is the IPP?", ranking=[("ipp", 0.95)], message=text)
    statement = Turn("report_crime", told, ranking=[("report_crime", 0.99)], message=text)
    reply = answer(content, Turn("ipp", text, ranking=[("ipp", 0.9)], questions=(question,),
                                 said=(statement,)))
    assert "999" in reply.text and "101" in reply.text and reply.signposted
    assert "Intelligence Professionalisation Programme" in reply.text
    unread = answer(content, Turn("ipp", text, ranking=[("ipp", 0.9)], questions=(question,)))
    assert "999" not in unread.text


def test_a_message_read_as_thanks_is_answered_by_its_question_alone(content):
    text = "Cheers. My nephew wants to join the police at some point. Is there a faster way up?"
    part = Turn("fast_track", "Is there a faster way up?", ranking=[("fast_track", 0.9)],
                message=text)
    reply = answer(content, Turn("thanks", text, ranking=[("thanks", 0.6)], questions=(part,)))
    assert reply.topic == "fast_track"
    assert reply.text.startswith(content.topics["fast_track"].answer[:40])


def test_why_reads_safety_as_the_action_does_after_a_report_earlier_in_the_conversation(content):
    from bot.tools.chat import why

    text = "that same van was parked outside our house again tonight"
    said = {"question": text, "intent": "out_of_scope", "confidence": 0.95, "ranking": [],
            "entities": [], "topic": "safety", "role": None, "context": {}, "parts": [],
            "frame": "safety: signpost",
            "signposts": {"after_signpost": False, "reported_earlier": True}}
    assert "safety: signpost (after a report" in why(said, content)
    assert "safety: none" in why({**said, "signposts": {}}, content)


def test_a_sentence_that_goes_on_telling_after_and_is_read_as_one_piece():
    """"... and is standing outside now" tells more; it asks nothing, so the safety net and
    the model read it with what it goes on from."""
    from bot.shared.focus import pieces

    assert pieces("a man has found her address and is standing outside her flat now") == [
        "a man has found her address and is standing outside her flat now"]
    assert len(pieces("my son likes puzzles and is the IPP open to him")) == 2


def test_a_label_before_a_colon_is_not_read_as_part_of_the_question():
    from bot.shared.focus import unjoined

    assert unjoined("Last test: name all four roles") == "name all four roles"
    assert unjoined("Also, one more thing: is it office based?") == "is it office based?"
    assert unjoined("my manager said something odd to me about it: is that normal") == \
        "my manager said something odd to me about it: is that normal"


@pytest.mark.parametrize("text, asked", [
    ("I've been mulling a career change: what does a researcher do?", "what does a researcher do?"),
    ("thinking of going back in as police staff. is that a thing?",
     "thinking of going back in as police staff. is that a thing?"),
    ("my mum wants to join. how long does the IPP usually take to finish?",
     "how long does the IPP usually take to finish?"),
    ("fed up of patrol, want to get into the FIB. How?", "fed up of patrol, want to get into "
     "the FIB. How?"),
    ("no question here, just saying hi", "no question here, just saying hi"),
])
def test_what_a_message_asks_leaves_out_what_it_only_tells(text, asked):
    assert asked_only(text) == asked


def test_a_question_after_a_lead_in_and_a_comma_is_a_part_of_its_own():
    parts = question_parts("Thanks. Going back to the IPP, who came up with it and what do you get "
                           "at the end?")
    assert parts[-2:] == ["Going back to the IPP, who came up with it", "what do you get at the end?"]
    assert asks(parts[-2])


def test_a_question_that_begins_with_a_preposition_asks():
    assert asks("At what levels does the analysis happen")
    assert question_parts("At what levels does the analysis happen, and what does the analyst "
                          "recommend at the end of it?") == [
        "At what levels does the analysis happen", "what does the analyst recommend at the end of it?"]


def test_a_clause_after_which_or_when_tells_rather_than_asks():
    assert not asks("I led the response to a ransomware attack, which was reported to Action Fraud")
    assert not asks("I got a caution, when I was 16")


def test_a_question_in_text_speak_or_scots_asks_without_a_question_mark():
    assert asks("i was thinking bout doing something n saw police intel jobs, wat do u do in them")
    assert asks("whit kinda info dae they use")
    assert not asks("theres lads dealing out the flat below me like every nite")


def test_a_question_mark_after_a_turn_of_thought_stays_with_its_question():
    text = "a guy on the site is selling coke from his van. whit kinda info dae they use anyway?"
    assert clauses(text) == ["a guy on the site is selling coke from his van.",
                             "whit kinda info dae they use?"]


def test_beside_a_report_an_unsure_question_takes_the_surely_read_whole(content):
    """Alone "wat do u do in them" points at nothing; the whole message, read surely as what
    the work is day to day, can only have that reading from its question."""
    report = "theres lads dealing out the flat below me every nite and my kids can smell it"
    question = "saw police intel jobs, wat do u actually do in them"
    text = f"{report}. anyway {question}"
    part = Turn("nlu_fallback", question, ranking=[("nlu_fallback", 0.3), ("day_to_day", 0.2)],
                message=text)
    said = Turn("report_crime", report, ranking=[("report_crime", 0.99)], message=text)
    sure = [("day_to_day", 0.6), ("report_crime", 0.35)]
    reply = answer(content, Turn("day_to_day", text, ranking=sure, questions=(part,), said=(said,)))
    assert reply.text.startswith(content.safety.answer)
    assert content.topics["day_to_day"].answer in reply.text
    unsure = [("day_to_day", 0.4), ("report_crime", 0.35)]
    reply = answer(content, Turn("day_to_day", text, ranking=unsure, questions=(part,), said=(said,)))
    assert content.topics["day_to_day"].answer not in reply.text


def test_a_part_asking_what_to_do_that_the_model_reads_as_a_report_is_told_to_the_net(content):
    """"wat do i do" makes the part ask, but the model reads it as the report it is; the net
    has no phrase for "takng pics of kids", so the model's reading is what signposts it."""
    text = ("omg theres a guy in the changing rooms takng pics of kids on his phone rite now wat "
            "do i do. also is the training long")
    reading = {"intent": {"name": "report_crime", "confidence": 0.99}, "entities": [],
               "intent_ranking": [{"name": "report_crime", "confidence": 0.99}]}
    other = {"intent": {"name": "training", "confidence": 0.9}, "entities": [],
             "intent_ranking": [{"name": "training", "confidence": 0.9}]}
    parts = parts_of(lambda part: other if "training" in part else reading, text)
    assert [p["asks"] for p in parts] == [True, True]
    reply = answer(content, Turn.from_parse({**reading, "text": text, "parts": parts}))
    assert reply.text.startswith(content.safety.answer)


def test_why_reads_what_the_message_tells_as_the_action_hands_it_to_the_net(content):
    """/why shows the verdict the action reached: a part that asks but that the model reads as
    a report is told to the net in both."""
    from bot.tools.chat import why

    text = "omg theres a guy in the changing rooms takng pics of kids rite now wat do i do"
    part = {"text": text, "asks": True, "entities": [],
            "intent": {"name": "report_crime", "confidence": 0.99},
            "intent_ranking": [{"name": "report_crime", "confidence": 0.99}]}
    told = Turn.from_parse({"text": text, "parts": [part]}).said
    reply = {"question": text, "intent": "training", "confidence": 0.6, "ranking": [],
             "entities": [], "topic": "safety", "role": None, "context": {},
             "parts": [(text, True, "report_crime", 0.99)], "frame": "safety: signpost",
             "said": [(t.text, t.intent, t.ranking[0][1]) for t in told]}
    assert "safety: signpost (model reads a report" in why(reply, content)
    assert "safety: none" in why({**reply, "said": []}, content)


def test_what_others_tell_the_visitor_asks_nothing():
    assert not asks("farmers tell me about it on every visit")
    assert not asks("my customers tell me about scams")
    assert asks("can you tell me about the IPP") and asks("yes tell me about the fast track")


def test_a_programme_another_question_asks_about_is_not_what_this_one_asks(content):
    text = ("I've done 10 years in retail loss prevention. Would my background count, and does "
            "the IPP take long?")
    part = Turn("ask_unknown", "Would my background count", ranking=[("ask_unknown", 0.35)],
                message=text)
    ipp = Turn("ask_duration", "does the IPP take long?", ranking=[("ask_duration", 0.8)],
               message=text)
    reply = answer(content, Turn("entry_routes", text, questions=(part, ipp)))
    assert "any level" in reply.text and "12 to 18 months" in reply.text


@pytest.mark.parametrize("said, intent", [("ok.", "out_of_scope"), ("Morning.", "greet")])
def test_ok_or_hello_beside_two_questions_leaves_both_questions_answered(content, said, intent):
    # beside words that say nothing, the questions are the message: neither stands for the
    # whole message, to be dropped when the other answers something else
    text = f"{said} I've done shifts for years, so: do analysts work nights, and is it mostly desk work?"
    nights = Turn("ask_unknown", "I've done shifts for years, so: do analysts work nights",
                  ranking=[("ask_unknown", 0.99)], message=text)
    desk = Turn("working_environment", "is it mostly desk work?",
                ranking=[("working_environment", 0.8)], message=text)
    ok = Turn(intent, said, ranking=[(intent, 0.4)], message=text)
    reply = answer(content, Turn("day_to_day", text, ranking=[("day_to_day", 0.5)],
                                 questions=(nights, desk), said=(ok,)))
    assert "shift patterns" in reply.text and "office-based" in reply.text


def test_ok_beside_a_question_is_not_read_as_asking_for_more(content):
    text = "ok. what kind of person are forces after?"
    part = Turn("ask_outcome", "what kind of person are forces after?",
                ranking=[("ask_outcome", 0.55)], message=text)
    ok = Turn("out_of_scope", "ok.", ranking=[("out_of_scope", 0.4)], message=text)
    reply = answer(content, Turn("more_details", text, ranking=[("more_details", 0.6)],
                                 questions=(part,), said=(ok,), topic="working_environment"))
    assert reply.topic == "skills" and "More on" not in reply.text


@pytest.mark.parametrize("text, parts", [
    # typed on a phone: numbers without brackets, counting up, after a count that only announces
    ("right 3 quick things 1 is it all desk work 2 do i need a degree 3 how long is the IPP",
     ["is it all desk work", "do i need a degree", "how long is the IPP"]),
    ("couple of things 1 what do researchers do 2 can I do it part time",
     ["what do researchers do", "can I do it part time"]),
])
def test_bare_numbered_questions_are_each_a_part(text, parts):
    assert question_parts(text) == parts


def test_numbers_that_do_not_count_up_are_no_items():
    assert question_parts("i have 3 kids and 1 is at college, is the IPP long") != \
        ["is at college, is the IPP long"]
    assert clauses("i have 3 kids and 1 is at college") == ["i have 3 kids and 1 is at college"]


def test_punctuation_said_to_voice_typing_ends_a_sentence():
    assert clauses("I drive a forklift full stop I am good with details full stop what does "
                   "an analyst do question mark") == [
        "I drive a forklift.", "I am good with details.", "what does an analyst do?"]


@pytest.mark.parametrize("text", [
    "how long is the IPP oh and the lad next door is kicking his front door in right now",
    "is it office work and while I've got you there's a man trying car doors on our street now",
])
def test_a_report_run_on_after_a_question_is_its_own_part(content, text):
    assert len(clauses(text)) == 2
    assert safety.check(content, text).signpost



def test_asking_leave_to_ask_several_things_only_announces_them():
    assert question_parts("Can I ask two things: what is CPD, and who has to do it?") == [
        "what is CPD", "who has to do it?"]


def test_agreeing_or_taking_leave_asks_nothing():
    assert not asks("ok will do.") and not asks("have a good one")
    assert asks("will it take long") and asks("have you got a list of the roles")


def test_a_programme_a_later_part_names_is_no_it_of_an_earlier_part(content):
    text = ("Three quick ones: 1) can specials get into intelligence roles 2) what's the IPP 3) "
            "how long does it take?")
    specials = Turn("roles", "can specials get into intelligence roles",
                    ranking=[("roles", 0.6)], message=text)
    ipp = Turn("ipp", "what's the IPP", ranking=[("ipp", 0.9)], message=text)
    long = Turn("ask_duration", "how long does it take?", ranking=[("ask_duration", 0.9)], message=text)
    reply = answer(content, Turn("ipp", text, ranking=[("ipp", 0.5)],
                                 questions=(specials, ipp, long)))
    assert "licensed IPP organisation" not in reply.text.split("\n\n")[0]
    assert "any level" in reply.text and "12 to 18 months" in reply.text


def test_a_message_that_only_says_help_is_on_its_way_is_thanked_not_declined(content):
    reply = answer(content, Turn("ask_unknown", "ok im tellin him to ring 999 now",
                                 ranking=[("ask_unknown", 0.5)], after_signpost=True,
                                 reported_earlier=True))
    assert reply.topic == "thanks"
