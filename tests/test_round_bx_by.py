"""What blind sets BX (terse typists) and BY (people who see a lot from where they stand) found
on their first look, fixed in the reading of a message, the frames and the content. Plain
turns, no model: each gives the intent the model gave. (Their missed reports are the danger
reader's: tests/test_danger_reader.py, tests/test_safety_danger.py.)"""

import pytest

from bot.shared.focus import question_parts


@pytest.mark.parametrize("text, intent", [
    ("FT?", "nlu_fallback"),
    ("pcso 9 yrs. can i go on the FT", "out_of_scope"),
    ("ft for me?", "suitability"),
])
def test_ft_typed_for_the_fast_track_is_the_fast_track(said, text, intent):
    reply = said(text, intent)
    assert reply.topic == "fast_track"
    assert "inspector" in reply.text


@pytest.mark.parametrize("text, intent", [
    ("111 adviser on a headset. can non police do IPP", "ipp"),
    ("my partners a pcso. can FT take him to insp", "out_of_scope"),
])
def test_whether_someone_outside_can_do_a_programme_is_who_it_is_for(said, text, intent):
    reply = said(text, intent)
    assert "licen" in reply.text or "constable" in reply.text


def test_a_way_into_a_role_says_first_what_the_role_is(said):
    reply = said("analyst then?", "entry_routes", topic="entry_routes")
    assert reply.role == "intelligence_analyst"
    assert reply.text.startswith("An intelligence analyst works out what stakeholders need")
    assert "any level" in reply.text


@pytest.mark.parametrize("text", ["sounds dry tbh", "sounds boring tbh"])
def test_a_first_reaction_to_the_work_hears_who_it_suits(said, text):
    reply = said(text, "nlu_fallback", topic="day_to_day")
    assert reply.topic == "suitability"


def test_going_into_a_unit_after_the_fast_track_is_a_way_in_not_the_fast_track(said):
    reply = said("and me, nurse, could i go into an IU", "nlu_fallback", topic="fast_track")
    assert reply.topic == "entry_routes"


@pytest.mark.parametrize("text, part", [
    # what the visitor knows, told as "who's in and who isn't", is no question
    ("Bore da! Postie on a 60 mile round. I know every farm and who's in and who isn't. How does "
     "what someone like me sees turn into intelligence?", "I know every farm and who's in and who isn't."),
    # "Tell me, <whom it asks of>, <the question>" is one question
    ("I will ring them now. Tell me, the people who put all these pieces together, what do they "
     "do with their day?", "Tell me, the people who put all these pieces together, what do they do "
                           "with their day?"),
])
def test_what_is_told_or_named_before_a_question_is_not_a_question_of_its_own(text, part):
    assert part in question_parts(text)



@pytest.mark.parametrize("text", [
    # a building on fire, no one about
    "barn across the valley is on fire n theres nobody about, smoke everywhere",
    # girls brought to a man's hotel room, one a child who does not know where she is
    "Room 23. Man checked in alone at 0100. Since then four girls have arrived by people carrier, "
    "one every 20 mins. One can't be more than 15. She asked me which city this was.",
])
def test_reports_in_words_first_seen_in_sets_bx_and_by_are_signposted(content, text):
    from bot.action_server import safety

    assert safety.check(content, text).signpost
