"""What blind sets BT (visitors whose picture of the work comes from television, the news and
hearsay) and BU (visitors who want the answer in a particular shape) found on their first look,
fixed at the safety net, the reading of a message, the frames and the content. Plain turns, no
model: each gives the intent the model gave."""

import pytest

from bot.action_server import safety
from bot.shared.focus import asks, question_parts, without_shape


@pytest.mark.parametrize("text", [
    # someone at the edge of a roof
    "Different thing. Our photographer says there's a man sat on the edge of the multi-storey "
    "roof opposite the office, legs over the side, been there 20 min. What do we do",
    # held by the throat, now
    "a patient's son has just got a carer by the throat at the end of the bay, security aren't "
    "answering",
    # a fight about to start
    "there's a lot squaring up in the car park outside the ground right now, bottles in hand, "
    "couple of hundred fans about to walk right past them",
    # a threat scratched into a car, beside a question asked in a shape
    "Someone has scratched 'NEXT TIME ITS YOU' into the CEO's car in our car park this morning. "
    "She's laughing it off but I'm not. And for the same briefing, one sentence on CPD please.",
    # stolen data on sale, beside a question
    "btw found a forum thread this morning selling what looks like my employers customer db with "
    "card numbers. anyway whats the training situation",
])
def test_reports_in_words_first_seen_in_sets_bt_and_bu_are_signposted(content, text):
    assert safety.check(content, text).signpost


@pytest.mark.parametrize("text", [
    # cases run for years, as the visitor's work
    "I've run kidnap and extortion jobs for years. Intel always felt like where people go to "
    "hide. What does the College actually say the roles are?",
    # reported and passed on at the visitor's work
    "Had a mum tell me her lad's been carrying a blade since he got robbed on the way home - "
    "that's been reported, referred and it's on our system, all done. How do I move from "
    "neighbourhoods into an intelligence officer post?",
    "One of my victims told me today the suspect said he'll 'finish it' this weekend. I've "
    "already escalated that to the DS and it's risk-assessed and actioned. Does that kind of "
    "threat and risk work sit closer to analyst or to officer?",
    # caught or dealt with, in other words
    "Been robbed twice at truck stops, curtains slashed, police got the gang the second time off "
    "CCTV and number plate cameras. Is that what your intel lot do?",
    "Last home game a fan got stabbed outside the away end, police dealt with it, we handed over "
    "all our CCTV. Does that count as experience for intelligence work?",
    "Candidate today told us his brother was murdered in 2015. Offender convicted years ago, all "
    "done. Does the College have stories from people in intelligence?",
    # known from the news
    "My son's 19 and he's set his heart on being a police analyst. I read a piece in the paper "
    "about gangs finding out who works for the police and going after them and their families. "
    "Is he going to be putting himself in danger doing this job?",
])
def test_crime_told_as_the_work_dealt_with_or_from_the_news_is_no_report(content, text):
    assert not safety.check(content, text).signpost


def test_the_police_there_after_a_signpost_lets_the_next_request_through(content):
    verdict = safety.check(content, "Police there now. Also need the weather for Stoke tomorrow",
                           "out_of_scope", 0.7, after_signpost=True)
    assert not verdict.signpost


def test_someone_brought_home_by_the_police_is_no_report_going_on(content):
    text = ("She's back, police brought her home. Honestly, this is why I want out. So tell me: "
            "what would I actually be doing day to day in an FIB?")
    assert not safety.check(content, text, "day_to_day", 0.9, reported_earlier=True).signpost


@pytest.mark.parametrize("text, intent, subject", [
    ("do police intelligence people get guns like james bond!!!", "report_crime", "equipment"),
    ("And do they ever go undercover? That's the bit the telly always loves.", "more_details",
     "undercover"),
    ("How long does it take to become a PC in the first place?", "ask_duration",
     "becoming_a_constable"),
    ("Can foreign person work in police intelligence? I have settled status.", "bot_challenge",
     "nationality"),
    ("how many people have completed it nationally? need a stat for the intro", "ask_duration",
     "numbers"),
])
def test_what_television_and_rumour_ask_that_the_sources_do_not_hold_is_declined(said, text, intent, subject):
    reply = said(text, intent, topic="intelligence_units")
    assert reply.topic == "unknown" and reply.subject == subject
    assert "don't hold" in reply.text


@pytest.mark.parametrize("text, intent", [
    ("Where's all this coming from? I want to credit it properly.", "ask_outcome"),
    ("Fine. Give me a link to put at the bottom of the slide.", "out_of_scope"),
])
def test_asking_where_everything_said_comes_from_gets_the_colleges_pages(said, text, intent):
    reply = said(text, intent, topic="ipp", kind="ipp")
    assert reply.topic == "resources" and "college.police.uk" in reply.text


def test_where_all_that_information_comes_from_is_still_the_sources_of_intelligence(said):
    reply = said("where does all that info come from?", "information_sources",
                 topic="information_formats")
    assert reply.topic == "information_sources"


def test_images_named_as_what_intelligence_works_with_ask_the_formats(said):
    reply = said("Heard on a podcast that police traced someone from something in the "
                 "background of a holiday photo. Are images actually something intel people "
                 "work with?", "nlu_fallback",
                 ranking=[("nlu_fallback", 0.3), ("working_environment", 0.40),
                          ("information_formats", 0.35)])
    assert reply.topic == "information_formats" and "images" in reply.text


@pytest.mark.parametrize("text, context", [
    ("Do the intel lot work on the big gangs like in the films or is it all local stuff", {}),
    ("so is it like MI6 or is that a different thing", {"topic": "ipp"}),
])
def test_the_work_likened_to_a_picture_from_elsewhere_asks_what_the_work_is(said, text, context):
    reply = said(text, "nlu_fallback", ranking=[("nlu_fallback", 0.3),
                                                          ("working_environment", 0.48)], **context)
    assert reply.topic == "what_is_intelligence" and "local and national" in reply.text


@pytest.mark.parametrize("text, kept", [
    ("I'm making a Year 10 worksheet. Explain what police intelligence is like you're talking to "
     "a 15 year old, 2 sentences max.", "I'm making a Year 10 worksheet. Explain what police "
                                        "intelligence is."),
    ("give me police intelligence in 3 bullet points", "give me police intelligence"),
    ("can police staff do the IPP, yes or no?", "can police staff do the IPP?"),
    # only a shape: it asks of the answer before, and stays whole
    ("Too long. Ten words max.", "Too long. Ten words max."),
])
def test_the_shape_an_answer_is_asked_in_is_no_part_of_the_question(text, kept):
    assert without_shape(text) == kept


def test_a_teenagers_age_in_the_shape_asked_is_no_question_of_age(said):
    reply = said("I'm making a Year 10 worksheet. Explain what police intelligence is "
                 "like you're talking to a 15 year old, 2 sentences max.", "what_is_intelligence")
    assert reply.topic == "what_is_intelligence"


@pytest.mark.parametrize("text", [
    "And for the same briefing, one sentence on CPD please.",
    "Hello, my CEO has asked me to summarise the IPP for a partnership meeting.",
    "give me police intelligence",
])
def test_an_answer_asked_for_in_a_shape_is_a_question(text):
    assert asks(text)


def test_a_question_asked_for_in_a_shape_beside_a_report_is_one_of_its_questions():
    # the parts of a message the model reads one by one, and answers after the signpost
    text = ("Someone has scratched 'NEXT TIME ITS YOU' into the CEO's car in our car park this "
            "morning. She's laughing it off but I'm not. And for the same briefing, one sentence "
            "on CPD please.")
    assert any("CPD" in part and asks(part) for part in question_parts(text))


@pytest.mark.parametrize("text, intent, topic, lead", [
    ("short version please", "more_details", "entry_routes", "any level"),
    ("Too long. Ten words max.", "nlu_fallback", "intelligence_units", "intelligence bureaus"),
])
def test_a_shorter_answer_asked_for_gives_the_answer_again_not_more(said, text, intent, topic, lead):
    reply = said(text, intent, topic=topic, kind=topic,
                 ranking=[(intent, 0.3), ("ask_duration", 0.43), ("out_of_scope", 0.39)])
    assert reply.topic == topic and lead in reply.text and "More on" not in reply.text


def test_a_topic_named_once_more_is_that_topic_not_more_of_the_role(said):
    reply = said("Could you give me the skills once more as a short list, please?",
                 "more_details", topic="role_details", role="intelligence_analyst",
                 ranking=[("more_details", 0.54), ("resources", 0.18), ("skills", 0.14)])
    assert reply.topic == "skills" and "attention to detail" in reply.text


def test_one_line_each_for_the_roles_gives_each_role_in_a_line(said):
    reply = said("Lovely. One line each for the roles please", "ask_source", topic="roles",
                 kind="roles", ranking=[("ask_source", 0.4), ("roles", 0.19)])
    assert all(name in reply.text for name in ("analyst:", "officer:", "researcher:", "supervisor:"))


def test_the_role_profiles_for_two_roles_are_the_profiles_not_a_comparison(said):
    reply = said("where are the full role profiles for those two", "role_profiles",
                 topic="role_details", role="intelligence_researcher",
                 other_role="intelligence_analyst")
    assert reply.topic == "role_profiles" and "College Learn" in reply.text


def test_whether_to_do_something_after_setting_the_scene_asks_how_to_report():
    assert safety.WHETHER_TO_ACT.match("I'm still doing this worksheet but should I be doing "
                                       "something about that?")
    assert not safety.WHETHER_TO_ACT.match("I like maths but should I do the IPP first?")


def test_one_line_each_for_the_roles_after_another_topic_is_not_that_topic_again(said):
    reply = said("Lovely. One line each for the roles please", "ask_source",
                 topic="suitability", kind="suitability",
                 ranking=[("ask_source", 0.4), ("roles", 0.19), ("ask_eligibility", 0.06)])
    assert all(name in reply.text for name in ("analyst:", "officer:", "researcher:", "supervisor:"))


def test_the_roles_asked_for_by_name_are_listed_though_read_as_a_source(said):
    reply = said("What does the College actually say the roles are?", "ask_source",
                 ranking=[("ask_source", 0.55), ("roles", 0.18), ("intelligence_units", 0.07)])
    assert reply.topic == "roles" and "supervisor" in reply.text


def test_writing_asked_of_a_role_finds_its_writing(said):
    reply = said("would he have to write things as an analyst? yes or no",
                 topic="role_details", role="intelligence_analyst")
    assert "in writing" in reply.text


def test_starting_at_a_roles_level_asks_how_people_get_in(said):
    reply = said("Also can she start at researcher level?", topic="role_details",
                 role="intelligence_researcher")
    assert reply.topic == "entry_routes" and "any level" in reply.text


@pytest.mark.parametrize("text, intent, lead", [
    # who the IPP is for, by the work it sets standards for (not who may take it)
    ("Is the IPP just for analysts or does it cover officers too?", "ipp", "research"),
    # "it" is the programme talked of, not intelligence work
    ("who's it for", "ask_eligibility", "licensed"),
])
def test_who_a_programme_is_for_stays_with_the_programme(said, text, intent, lead):
    reply = said(text, intent, topic="ipp", kind="ipp", programme="ipp")
    assert reply.topic == "ipp" and lead in reply.text


def test_asking_again_in_a_shape_gives_the_answer_not_a_fact_its_words_match(said):
    reply = said("explain it like I'm 12, two sentences max", "what_is_intelligence",
                 topic="ipp", kind="ipp", programme="ipp")
    assert reply.topic == "ipp" and "12 to 18 months" not in reply.text
    assert "Professionalisation Programme" in reply.text
