"""What blind sets BH (people from uniformed, security and frontline jobs) and BI (the curious,
the sceptical and the testers) found on their first look, and the out-of-scope questions older
sets had waited on, fixed at the safety net's lists, the frames and the content. Plain turns,
no model: each gives the intent the model gave."""

import pytest

from bot.action_server import safety
from bot.action_server.answers import Turn, answer


@pytest.mark.parametrize("intent, text", [
    ("nlu_fallback", "Can you recommend a good curry house in Leicester?"),
    ("nlu_fallback", "Do you know which flowers are in season in December?"),
    ("ask_unknown", "Unrelated, do you know what time the jobcentre in Rugby shuts on a Friday?"),
    ("role_details", "Who won the darts last night by the way?"),
    ("ask_unknown", "Unrelated: is it going to be clear over Hertfordshire tonight? I want to "
                    "image Jupiter."),
    ("day_to_day", "Completely unrelated, but do you know whether the Elizabeth line is running "
                   "normally tonight?"),
])
def test_a_question_set_aside_or_asked_of_the_world_is_out_of_scope(content, intent, text):
    # (the model unsure: its best reading well under half, another close behind)
    turn = Turn(intent, text, ranking=((intent, 0.35), ("entry_routes", 0.25)))
    assert answer(content, turn).topic == "out_of_scope"


@pytest.mark.parametrize("intent, text, topic", [
    # naming what the pathway covers, or asking of what was said, it is still a question
    ("ask_unknown", "unrelated but how much do analysts get paid", "unknown"),
    ("ask_unknown", "do you know if they take people over 50?", "unknown"),
    ("fast_track", "random but how long is the fast track", "fast_track"),
])
def test_set_aside_but_in_scope_is_answered(content, intent, text, topic):
    assert answer(content, Turn(intent, text)).topic == topic


def test_asked_of_the_world_but_read_surely_as_a_topic_is_that_topic(content):
    turn = Turn("career_stories", "do you know where I can read career stories?",
                ranking=(("career_stories", 0.9),))
    assert answer(content, turn).topic == "career_stories"


@pytest.mark.parametrize("text", [
    "got solid intel the lad running the door next to ours is letting a dealer work the toilets "
    "for a cut. every friday and saturday, be the same tonight",
    "Lad in cubicle 6 is telling anyone who'll listen he's going to wait for the nurse who "
    "stitched him and stab her when she finishes at 7.",
    "one of the prisoners on my van today told another one his mates will do my sister's house "
    "tonight, he said her street name. also what skills do they want",
    "one of the guards at a sportswear store has been passing boxes out the fire exit to a mate "
    "in a van every tuesday, and it's tuesday, the van's just pulled up. also do i need a "
    "driving licence for intel jobs?",
    "One of my drivers has just radioed in that his passenger's got a holdall with what looks "
    "like a gun in it and wants dropping at an address in Dunstable. Also, what does an "
    "intelligence officer actually do?",
])
def test_reports_told_in_a_frontline_worker_s_words_are_signposted(content, text):
    assert safety.check(content, text).signpost


@pytest.mark.parametrize("text", [
    "i take 999 calls all night, stabbings, overdoses, domestics, the lot. does that help me get "
    "in as a reseacher",
    "Hi. My MSc dissertation is on county lines: children being exploited to run drugs from "
    "London out to coastal towns like Southsea, the violence and debt bondage that keeps them in. "
    "Would that research background be any use for a career in police intelligence?",
    "I'm a key worker at a hostel in Hull. Most of my residents are out on licence after prison: "
    "burglary, assault, a couple of arsons. I write risk assessments on them every week. Is that "
    "the sort of thing an intelligence analyst does?",
])
def test_crime_as_the_visitor_s_calls_research_or_residents_past_is_no_report(content, text):
    verdict = safety.check(content, text)
    assert not verdict.signpost, verdict.reason
