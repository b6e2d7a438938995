"""What blind sets BR (people weighing intelligence work against another path) and BS
(conversations that correct and steer themselves) found on their first look, fixed at the
safety net, the reading of a message, the frames and the content. Plain turns, no model: each
gives the intent the model gave."""

import pytest

from bot.action_server import safety
from bot.action_server.answers import Turn, answer
from bot.shared.focus import asks


@pytest.mark.parametrize("text", [
    # a threat to finish what a fire started, told to the visitor's crew
    "there's a house on our patch we've been to three times for small fires, and last time the "
    "woman told my crew her ex had said he'd 'finish the job'. Would an intelligence job let me "
    "keep working with partners?",
    # notes through the door, a car outside
    "someone's been putting notes through my door saying I should stop 'before it's you'. "
    "Another one came tonight.",
    # a young man saying goodbye to everyone
    "he has written that he has nothing left and is saying goodbye to everyone. Separately: "
    "which of the roles leads a team?",
    # tools for a break-in, a van with no plates, and what to do
    "bloke just hired a disc cutter and a crowbar and asked which way the jewellers faces at "
    "night, then drove off in a van with no plates. what do i do",
])
def test_reports_in_words_first_seen_in_sets_br_and_bs_are_signposted(content, text):
    assert safety.check(content, text).signpost


def test_a_man_going_into_the_girls_toilets_is_a_report_not_a_career_move(content):
    text = ("One of the dads on the camp keeps going into the girls' toilet block by the pool, "
            "staff have seen him twice today")
    assert safety.check(content, text, "report_crime", 1.0).signpost


@pytest.mark.parametrize("text", [
    # the visitor's years in a job, and what it dealt with
    "Eight years on RASSO as a DC. I've interviewed more rape victims than I can count. Would "
    "the analyst route make sense?",
    "I spent eight years as a consular officer overseas, dealing with arrests, kidnap threats and "
    "forced marriage cases. How does police intelligence analysis work?",
    # months spent on a series of crimes, as the work
    "One of them has just spent three months on a series of distraction burglaries against "
    "elderly victims. Is researcher to analyst a normal next step?",
    # taken away by the police, at the visitor's work
    "Saturday a lad in the queue had a blade on him, we took it off him and the police took him "
    "away. Would me knowing who's who in town be any use in intel?",
])
def test_a_job_told_by_its_years_or_its_cases_is_no_report(content, text):
    assert not safety.check(content, text).signpost


@pytest.mark.parametrize("text", [
    "I used to work in a shop. what do i do first?",
    "what do i do first to become an analyst",
])
def test_what_to_do_first_is_a_career_question(content, text):
    assert not safety.check(content, text).signpost


def test_whom_a_question_is_for_goes_on_no_report_made_turns_before(content):
    verdict = safety.check(content, "for someone whos not police. can i", "nlu_fallback", 0.3,
                           reported_earlier=True, leaning="report_crime")
    assert not verdict.signpost


def test_a_question_beside_a_report_read_as_a_report_asks_what_the_whole_was_read_as(content):
    # "Also the lad wants to know how the roles fit together" beside a cable theft (BS's first
    # look); here a question with no cue of its own, so only the whole's reading can answer it
    told = ("Someone's been cutting the fence at one of our mast compounds every few nights and "
            "stripping the copper cable, I'm up there now and the gate's been forced again.")
    asked = "Also the lad wants to know what it would be like for him"
    turn = Turn("role_details", f"{told} {asked}", ranking=[("role_details", 0.99)],
                questions=(Turn("report_crime", asked, ranking=[("report_crime", 0.58)]),),
                said=(Turn("report_crime", told, ranking=[("report_crime", 0.99)]),))
    reply = answer(content, turn)
    assert reply.text.startswith(content.safety.answer)
    assert reply.topic == "role_details" and reply.text[len(content.safety.answer):].strip()


@pytest.mark.parametrize("text", [
    "Thank you. Finally: which of my two offers would you take in my position?",
    "police intel staff job vs staying flying. wat wuld i be givng up and gainig",
    "she's got an NCA grad offer and a police analyst interview. which is better for her career",
    "Police analyst or stay in trading - convince me",
])
def test_weighing_intelligence_against_another_path_is_not_held(said, text):
    reply = said(text, "entry_routes")
    assert reply.topic == "unknown" and "compares with other jobs" in reply.text
    assert "analysis and thinking" in reply.text  # what the pathway does say


@pytest.mark.parametrize("text", [
    "How's that different from what the intel supervisor does?",
    "Could someone in my position, with no police history, undertake it independently?",
])
def test_roles_set_against_each_other_are_not_another_path(said, text):
    reply = said(text, "role_details", topic="role_details", role="intelligence_analyst")
    assert "compares with other jobs" not in reply.text


@pytest.mark.parametrize("text, intent, context, topic", [
    # the day to day in an FIB, not what an FIB is
    ("What's FIB day to day?", "day_to_day", {}, "day_to_day"),
    ("what is an FIB", "intelligence_units", {}, "intelligence_units"),
    # a programme named, whoever wants it
    ("my boss wants a one-liner on what the IPP is for a speech. Go.", "role_details", {}, "ipp"),
    # "one line" naming what it asks, not asking for the last answer again
    ("Please list the roles and, for each, one line on its purpose.", "roles",
     {"topic": "information_sources", "kind": "information_sources"}, "roles"),
    # travel, and where they work
    ("and does that one travel much?", "role_details",
     {"topic": "role_details", "role": "intelligence_analyst"}, "working_environment"),
    ("ok what DO you know about where they work then", "help", {}, "working_environment"),
    # a start, or a climb
    ("is the researcher job something you'd start at or do you have to work up to it",
     "ask_unknown", {}, "entry_routes"),
])
def test_what_a_turn_asks_for_in_the_words_of_sets_br_and_bs(said, text, intent, context, topic):
    assert said(text, intent, **context).topic == topic


@pytest.mark.parametrize("text, subject", [
    ("my dad did 6 yrs for armed robbery when i was little. would that count against me",
     "criminal records"),
    ("do u need to code for the analyst role", "coding"),
    ("Odds I'd make supervisor within 3 years?", "promotion"),
])
def test_more_questions_the_sources_do_not_answer_are_declined_by_name(said, text, subject):
    reply = said(text, "nlu_fallback")
    assert reply.topic == "unknown" and subject in reply.text


def test_the_source_of_what_was_said_is_asked_for_in_full_words(said):
    reply = said("What is the source for what you have told me about entry?",
                 "information_sources", topic="entry_routes", kind="entry_routes")
    assert reply.topic != "information_sources" and "College of Policing" in reply.text


@pytest.mark.parametrize("text, asking", [
    ("which appeals because it would use my ability to hold a great deal of information", False),
    ("which means I work nights", False),
    ("which roles are there", True),
    ("which is better", True),
])
def test_a_which_that_goes_on_telling_asks_nothing(text, asking):
    assert asks(text) is asking
