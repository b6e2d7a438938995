"""What blind sets BJ (police officers and staff moving up or across into intelligence) and BK
(people whose circumstances shape the question, writing at length) found on their first look,
fixed at the safety net's lists, the frames, the composition and the content. Plain turns, no
model: each gives the intent the model gave."""

import pytest

from bot.action_server import safety
from bot.action_server.answers import Turn, answer, safety_verdict
from bot.shared.focus import asks


@pytest.mark.parametrize("text", [
    "I pull chats off suspects' handsets for rape and child exploitation jobs all week, need a "
    "change. do analysts ever produce stuff for court like we do?",
    "I see everyone who comes through the cells, shoplifters, dealers, DA suspects, and they "
    "tell me all sorts while I'm checking them over. is that the kind of source intel uses?",
    "Front counter, nights. People come in all night reporting burglaries, assaults, stolen cars "
    "and I take the first account. Does that help at all for an intel researcher post?",
    "just been to a stabbing outside a kebab shop, chased the suspect two streets and lost him, "
    "days like this make me want a desk lol. is the FIB all office?",
    "I've run 40-odd murder scenes: scene logs, exhibit continuity, briefing SIOs at 3am. Would "
    "that get me in at supervisor level rather than the bottom rung?",
    "last week I recovered footage of a glassing in a pub that identified the offender, and the "
    "week before a car-key burglary crew on a Ring doorbell. would that sort of thing help me "
    "get into an intel role?",
    "had a job last night, two lads robbed a phone shop with a hammer, I got the reg off a "
    "witness and it came back to a car already flagged by intel. felt good. what are the main "
    "things intel people need to be good at?",
    "i watched that doc about the county lines gang where they mapped all the burner phones. "
    "do analysts actually do that or is it tv nonsense",
    "So at 19 I did four months in New Hall for nicking from the shop I worked in, stupid "
    "stupid stupid. I'm 27 now and running my own lash business. What does intelligence "
    "actually involve?",
])
def test_crime_told_from_the_police_side_or_as_the_visitor_s_past_is_no_report(content, text):
    verdict = safety.check(content, text)
    assert not verdict.signpost, verdict.reason


@pytest.mark.parametrize("text", [
    "can't put this through work as I live there: the lad next door, 14, gets picked up every "
    "night by older lads in a hire car and comes back at 3am with cash. how do researchers find "
    "links like that, out of interest?",
    # still a report when it goes on now, whoever tells it
    "the suspect from the burglary on our street is outside my house right now",
])
def test_a_child_drawn_in_by_older_lads_or_a_suspect_outside_now_is_a_report(content, text):
    assert safety.check(content, text).signpost


@pytest.mark.parametrize("text", ["Ok. Cheers for being straight with me.",
                                  "ok diolch, I'll have a proper look tonight"])
def test_the_visitor_s_thanks_later_in_a_conversation_that_had_a_report_is_no_report(
        content, text):
    verdict = safety_verdict(content, text, "report_crime", 0.7, reported_earlier=True)
    assert not verdict.signpost, verdict.reason


def test_someone_told_of_before_at_it_again_is_still_a_report(content):
    verdict = safety_verdict(content, "he's back outside now", "help", 0.7, reported_earlier=True)
    assert verdict.signpost


def test_leave_to_tell_is_no_question_and_the_question_after_the_report_is_answered(content):
    assert not asks("Can I tell you something though.")
    assert asks("Can I ask how long it takes?")
    text = ("I get it. Can I tell you something though. One of my regulars keeps coming in with "
            "bruises, and yesterday she told me he said he'll kill her if she ever leaves him. "
            "Does intelligence work involve victims at all, like getting information from them?")
    question = Turn("information_sources", "Does intelligence work involve victims at all, like "
                    "getting information from them?", message=text)
    reply = answer(content, Turn("report_crime", text, questions=(question,)))
    assert "999" in reply.text and reply.topic == "information_sources"
    assert "don't hold" not in reply.text


@pytest.mark.parametrize("text", ["ok will ring.", "will do.", "ok will have a look"])
def test_saying_what_the_visitor_will_do_asks_nothing(text):
    assert not asks(text)


@pytest.mark.parametrize("text", ["will it take long", "will I need a degree", "will ring?"])
def test_a_question_starting_with_will_still_asks(text):
    assert asks(text)


@pytest.mark.parametrize("intent, text", [
    ("ask_unknown", "would payroll in a private company count as a background they'd look at"),
    ("ask_unknown", "hi. 7 yrs as a call handler in the police scotland service centre. does that "
                    "count as a law enforcement background for intelligence roles down there"),
])
def test_whether_something_counts_as_a_background_is_how_people_get_in(content, intent, text):
    assert answer(content, Turn(intent, text)).topic == "entry_routes"


def test_words_naming_what_the_model_read_keep_it_over_a_way_in_they_tell(content):
    turn = Turn("career_stories", "are there case studies of people who moved from CID into "
                "intelligence?", ranking=(("career_stories", 0.99),))
    assert answer(content, turn).topic == "career_stories"


def test_a_told_background_does_not_keep_a_reading_of_what_it_tells(content):
    turn = Turn("information_formats", "I do security at a museum, mostly watching the CCTV. "
                "Could that get me onto the analyst side?",
                ranking=(("information_formats", 0.91), ("entry_routes", 0.04)))
    reply = answer(content, turn)
    assert (reply.topic, reply.role) == ("entry_routes", "intelligence_analyst")
    assert "To become one" in reply.text


@pytest.mark.parametrize("intent, text, topic", [
    ("cpd", "I keep the training records. How many CPD hours a year do intel staff have to log?",
     "cpd"),
    ("ipp", "roughly what % of officers pass IPP first time", "ipp"),
    ("ipp", "Bonus round: how many people hold that certificate?", "ipp"),
])
def test_a_number_the_content_does_not_hold_is_declined(content, intent, text, topic):
    reply = answer(content, Turn(intent, text))
    assert reply.topic == "unknown" and "don't hold" in reply.text


@pytest.mark.parametrize("intent, text, words", [
    ("fast_track", "fast track - how many years to insp?", "two years"),
    ("roles", "exactly how many intelligence roles are there?", "four"),
    ("ipp", "the IPP, how many months?", "18 months"),
])
def test_a_number_the_content_holds_is_given(content, intent, text, words):
    assert words in answer(content, Turn(intent, text)).text


def test_a_role_the_visitor_supervises_is_not_what_they_ask_of_a_programme(content):
    turn = Turn("role_details", "I'm a DS supervising intel officers. is the fast track open to "
                "me or is it constables only?", entities={"role": "intelligence_officer"})
    reply = answer(content, turn)
    assert reply.topic == "fast_track" and reply.role is None
    assert "intelligence officer receives" not in reply.text


def test_a_role_the_visitor_holds_stays_theirs_beside_a_programme(content):
    reply = answer(content, Turn("cpd", "I'm an analyst already. What's expected of me on CPD?"))
    assert reply.text.startswith("As an intelligence analyst")


def test_it_after_a_programme_is_that_programme_whatever_programme_the_model_read(content):
    turn = Turn("ipp", "what's the point of it then, in a line", topic="fast_track",
                programme="fast_track", ranking=(("ipp", 0.45), ("what_is_intelligence", 0.29)))
    reply = answer(content, turn)
    assert reply.topic == "fast_track" and "inspector" in reply.text


def test_a_question_naming_a_kind_of_programme_asks_which_programme(content):
    turn = Turn("ipp", "and is there a national programme for it?", topic="cpd", programme="cpd")
    assert answer(content, turn).topic == "ipp"


@pytest.mark.parametrize("text", ["what does each intel role do, a sentence each",
                                  "what do the 4 roles do in short?",
                                  "what do all the roles do?"])
def test_each_role_asked_for_gets_a_line_on_every_role(content, text):
    reply = answer(content, Turn("role_details", text))
    for name in ("Intelligence analyst:", "Intelligence officer:", "Intelligence researcher:",
                 "Intelligence supervisor:"):
        assert name in reply.text


@pytest.mark.parametrize("text", ["what roles are there?", "What are the four roles again?"])
def test_the_list_of_roles_is_still_the_list(content, text):
    reply = answer(content, Turn("roles", text))
    assert reply.text.startswith("The College of Policing has profiles for four")


def test_the_sentences_that_ask_name_the_topic_not_a_sentence_that_comes_back_to_one(content):
    turn = Turn("ask_unknown", "Understood. Back to the jobs. Is there a maximum age? I am 45.")
    reply = answer(content, turn)
    assert (reply.topic, reply.subject) == ("unknown", "age")


def test_a_chit_chat_part_is_answered_when_the_whole_cannot_be_placed(content):
    question = Turn("bot_challenge", "you are a bot, right?")
    turn = Turn("more_details", "understood. sorry to land that on a chatbot. you are a bot, "
                "right?", questions=(question,))
    assert answer(content, turn).topic == "bot_challenge"


def test_a_duty_the_question_names_finds_the_role_the_model_read_it_of(content):
    reply = answer(content, Turn("role_details", "what standards should my team's products meet"))
    assert reply.role == "intelligence_supervisor"


def test_where_a_term_comes_in_is_what_the_term_is(content):
    turn = Turn("entry_routes", "where does RIPA come into it", topic="role_details",
                role="intelligence_officer")
    assert "RIPA" in answer(content, turn).text


@pytest.mark.parametrize("intent, text, subject", [
    ("ask_unknown", "would they sort the building out for me though, like a ramp, a desk that "
                    "goes up and down, a parking bay near the door", "fitness"),
    ("ask_unknown", "Do forces provide things like a specialist chair or a footrest?", "fitness"),
    ("ask_unknown", "would they let me do a phased return. few hrs a week to start", "fitness"),
    ("ask_unknown", "Is there any kind of returners' scheme for people coming back after a long "
                    "break?", "rejoining"),
    ("ipp", "Is my force licensed?", "taking_part"),
    ("ipp", "is our unit covered by the force's licence or would it need its own?", "taking_part"),
    ("training", "would it count as a promotion or just sideways", "promotion"),
    ("entry_routes", "2 yrs response, just signed off probation. can I apply for intel straight "
                     "away or do I need more years in?", "service"),
    ("intelligence_units", "do fibs ever take people on secondment from a vru", "secondments"),
    ("information_formats", "wat time do they start n finish", "shifts"),
    ("day_to_day", "what about hours, is it all weekdays", "shifts"),
    ("suitability", "i did 18 months inside for burglary when i was young, been a youth worker "
                    "for 10 yrs since. could someone like me ever work in police intel",
     "vetting"),
])
def test_what_a_police_worker_or_a_visitor_s_circumstances_ask_that_is_not_held(
        content, intent, text, subject):
    reply = answer(content, Turn(intent, text))
    assert (reply.topic, reply.subject) == ("unknown", subject)


@pytest.mark.parametrize("intent, text, topic", [
    ("suitability", "I've been an invigilator at a big gallery for five years. I have a history "
                    "of art degree which probably isn't relevant. I wondered whether any of the "
                    "intelligence roles would actually suit someone like me?", "suitability"),
    ("entry_routes", "right. so how do people actually get into it, I haven't got anything "
                     "police on my cv at all", "entry_routes"),
])
def test_a_degree_or_a_cv_told_beside_the_question_is_not_what_it_asks(content, intent, text,
                                                                       topic):
    assert answer(content, Turn(intent, text)).topic == topic


@pytest.mark.parametrize("intent, text, topic", [
    ("out_of_scope", "Lecturer in cyber security and a special. Do forces take intelligence staff "
                     "from academia?", "entry_routes"),
    ("career_stories", "do forces here take people with overseas police experience",
     "entry_routes"),
    ("nlu_fallback", "cheers. and do they teach you it all or do you have to know it already",
     "training"),
    ("training", "For the handout: where should I send them for training information?",
     "resources"),
    ("nlu_fallback", "How much of intelligence work is on your feet, compared with sat down?",
     "working_environment"),
    ("greet", "been looking after the crime and custody databases 10 yrs whats an intel unit "
              "even for", "intelligence_units"),
    ("resources", "Is there anywhere I can read about real people who've done it?",
     "career_stories"),
    ("nlu_fallback", "What law and guidance do intel staff have to keep on top of?", "day_to_day"),
    ("suitability", "MOE team, 11 yrs putting doors in on drugs warrants. knees are done. "
                    "what's out there in intel for someone like me?", "roles"),
])
def test_a_police_worker_s_or_a_returner_s_words_find_the_topic(content, intent, text, topic):
    assert answer(content, Turn(intent, text, ranking=((intent, 0.5),))).topic == topic


def test_what_a_named_role_does_read_as_not_held_is_the_role_s_profile(content):
    turn = Turn("ask_unknown", "Is that close to what an intelligence researcher does, or am I "
                "kidding myself?", ranking=(("ask_unknown", 0.83), ("role_details", 0.07)))
    reply = answer(content, turn)
    assert (reply.topic, reply.role) == ("role_details", "intelligence_researcher")


def test_the_visitor_s_week_of_crime_data_is_their_work(content):
    text = ("Hello. I work for the Police and Crime Commissioner's office. Most of my week goes on "
            "reading force performance reports and chasing the council for data on knife crime "
            "and anti-social behaviour. Could someone from an OPCC get into an analyst role?")
    said = (("Most of my week goes on reading force performance reports and chasing the council "
             "for data on knife crime and anti-social behaviour.", "report_crime", 1.0),)
    verdict = safety_verdict(content, text, "entry_routes", 0.95, said=said)
    assert not verdict.signpost, verdict.reason


def test_a_chit_chat_question_beats_a_whole_read_as_tell_me_more(content):
    question = Turn("bot_challenge", "you are a bot, right?")
    turn = Turn("more_details", "understood. sorry to land that on a chatbot. you are a bot, "
                "right?", topic="role_details", questions=(question,))
    assert answer(content, turn).topic == "bot_challenge"


@pytest.mark.parametrize("text, parts, words", [
    ("What sources beyond digital do they rely on, and what formats does the digital material "
     "come in?", (("information_formats", "What sources beyond digital do they rely on"),
                  ("information_formats", "what formats does the digital material come in?")),
     ("victims", "formats")),
    ("does finishing IPP help me get it, and does it count towards my CPD?",
     (("ipp", "does finishing IPP help me get it"), ("cpd", "does it count towards my CPD?")),
     ("certificate", "don't hold")),
])
def test_each_part_of_a_police_worker_s_two_questions_is_answered(content, text, parts, words):
    questions = tuple(Turn(intent, part, ranking=((intent, 0.45),), message=text)
                      for intent, part in parts)
    reply = answer(content, Turn(parts[0][0], text, questions=questions))
    assert all(w in reply.text for w in words)


def test_saying_the_visitor_will_report_it_acts_on_the_signpost(content):
    verdict = safety_verdict(content, "ok will report it. do intel ppl deal w stuff like social "
                             "media?", "role_details", 0.8, after_signpost=True)
    assert not verdict.signpost, verdict.reason


def test_a_skill_asked_of_themselves_is_for_the_role_the_visitor_holds(content):
    turn = Turn("skills", "hiya, 3 wks into the FIB as a researcher and drowning a bit lol. what "
                "are the key skills I should be showing?")
    assert answer(content, turn).text.startswith("For an intelligence researcher")


def test_a_police_officer_holds_no_intelligence_role(content):
    reply = answer(content, Turn("skills", "I'm a police officer, what skills would I need?"))
    assert reply.role is None and reply.text.startswith("The essential skills")


def test_a_role_s_tasks_asked_for_after_thanks_are_its_profile(content):
    turn = Turn("thanks", "Thank you. For the researcher, please list its tasks as bullet points.",
                ranking=(("thanks", 0.94),))
    reply = answer(content, turn)
    assert (reply.topic, reply.role) == ("role_details", "intelligence_researcher")


def test_please_explain_simply_beside_a_question_is_no_question_of_its_own():
    """Set B's "What is difference between analyst job and researcher job? Please explain
    simple, my English is not so good" asks for the comparison, not about the visitor's
    English; "please list its tasks" asks."""
    assert not asks("Please explain simple, my English is not so good")
    assert asks("For the researcher, please list its tasks as bullet points.")
