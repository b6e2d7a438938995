"""What blind sets BZ (regional voices and slang) and CA (people putting something together
for others) found on their first look, fixed in the reading of a message, the frames, the
content and the safety net. Plain turns, no model: each gives the intent the model gave."""

import pytest

from bot.shared.focus import without_shape


@pytest.mark.parametrize("text, kept", [
    ("whats the intelligence one about in like 10 words", "whats the intelligence one about"),
    ("can you put that more simply for 15 year olds? one or two short lines max",
     "can you put that more simply?"),
    ("Slide 2: who it's for", "who it's for"),
    ("Can you give me the main duties of the role in bullet points?",
     "Can you give me the main duties of the role?"),
    # a line on each role is what is asked, not a shape
    ("Lovely. One line each for the roles please", "Lovely. One line each for the roles please"),
])
def test_the_shape_of_a_slide_poster_or_class_is_no_part_of_the_question(text, kept):
    assert without_shape(text) == kept


def test_an_audience_of_fifteen_year_olds_is_no_question_of_age(said):
    reply = said("can you put that more simply for 15 year olds? one or two short lines max",
                 "ask_unknown", topic="what_is_intelligence", kind="what_is_intelligence")
    assert reply.topic == "what_is_intelligence" and "age" not in reply.text


def test_police_intelligence_defined_is_what_the_pathway_says_it_is(said):
    """The pathway defines it itself: no meaning "beyond the pathway's own words" is asked."""
    reply = said("Can you define 'police intelligence' for me in a sentence or two?",
                 "what_is_intelligence")
    assert reply.topic == "what_is_intelligence"
    assert reply.text.startswith("Police intelligence means")


@pytest.mark.parametrize("text, intent, topic", [
    ("gert lush cheers drive", "out_of_scope", "thanks"),
    ("big up, ur actually helpful fam", "out_of_scope", "thanks"),
    ("proper job, dreckly then", "suitability", "goodbye"),
    ("tararabit", "nlu_fallback", "goodbye"),
])
def test_thanks_and_goodbyes_in_the_regions_english_are_chit_chat(said, text, intent, topic):
    assert said(text, intent, topic="entry_routes", kind="entry_routes").topic == topic


def test_time_inside_long_ago_is_a_question_of_vetting_the_sources_do_not_hold(said):
    reply = said("only askin cos i did 18 month inside when i was 20 for a fight outside a pub, "
                 "long time ago, been straight since. would they even look at me", "greet")
    assert reply.topic == "unknown" and "vetting" in reply.text and not reply.signposted


def test_a_second_question_asked_with_wot_is_a_part_of_its_own():
    from bot.shared.focus import question_parts

    assert question_parts("ok. wot would I actually do there and wot skills do they want")[-2:] == [
        "wot would I actually do there", "wot skills do they want"]


@pytest.mark.parametrize("text, intent", [
    ("doing a talk for fire cadets on other careers. quick overview of the police intel roles?",
     "what_is_intelligence"),
    ("wot sort of jobs would a be goin for", "out_of_scope"),
])
def test_an_overview_or_the_sort_of_jobs_asks_for_the_roles(said, text, intent):
    reply = said(text, intent)
    assert reply.topic == "roles" and "researcher" in reply.text


def test_a_quick_way_to_the_top_with_inspector_in_two_years_is_the_fast_track(said):
    reply = said("ok police are on it. where were we lol. is there a quick way to the top? my "
                 "co-host heard something about inspector in 2 years", "ask_duration",
                 topic="what_is_intelligence", kind="what_is_intelligence", after_signpost=True)
    assert reply.topic == "fast_track" and "constable" in reply.text


@pytest.mark.parametrize("text, intent", [
    ("Could you start me off with what police intelligence actually involves, in a way I could "
     "put on a fact sheet?", "entry_routes"),
    ("fair enough. what does the work even involve then, for the intro", "entry_routes"),
])
def test_what_the_work_involves_is_what_intelligence_is(said, text, intent):
    assert said(text, intent).topic == "what_is_intelligence"


def test_a_list_of_what_people_tell_the_visitor_is_told_not_asked():
    from bot.shared.focus import asks, question_parts

    parts = question_parts("Lads sit in my chair and tell me everything, who's fallen out with who, "
                           "who's got a new motor, who's moving, and I'm dead good at remembering "
                           "faces. Would someone like me actually suit it?")
    assert [p for p in parts if asks(p)] == ["Would someone like me actually suit it?"]


@pytest.mark.parametrize("text, intent, ranking, context, topic", [
    ("wots intelligense work in the polise", "ipp", [("ipp", 0.47), ("what_is_intelligence", 0.16)],
     {}, "what_is_intelligence"),
    ("back to the jobs, wots the reserch one do", "nlu_fallback",
     [("nlu_fallback", 0.3), ("ipp", 0.23), ("ask_unknown", 0.22)],
     {"topic": "roles", "kind": "roles"}, "role_details"),
])
def test_the_pathways_words_misspelt_are_read_as_its_words(said, text, intent, ranking, context,
                                                            topic):
    assert said(text, intent, ranking=ranking, **context).topic == topic


def test_describe_is_how_a_topic_is_asked_for_not_a_detail_that_describes(said):
    reply = said("OK. For the piece, describe the working environment. It's not all kicking "
                 "doors in, I assume?", "working_environment")
    assert reply.text.startswith("Most intelligence roles are office-based")
