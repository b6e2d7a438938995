"""What blind sets BD (people asking for someone else) and BE (people in analytical and
investigative work outside the police) found on their first look, fixed at the safety net's
lists, the frames and the content. Plain turns, no model: each gives the intent the model
gave on the set."""

import pytest

from bot.action_server import safety
from bot.action_server.answers import Turn, answer
from bot.action_server.frames import Context, fill_from_context, read_frame
from bot.shared import inputs
from bot.shared.focus import asks


@pytest.mark.parametrize("text", [
    "A Year 10 girl told a colleague this afternoon that a man in his twenties picks her up "
    "after school and gives her vodka in his car.",
    "Lad from my old battery rang me an hour ago saying goodbye and now he's not picking up.",
    "some bloke has been messaging my wife saying he's watching her and listing her gym times "
    "back to her",
    "I've just found a dead buzzard on my doorstep with a note tucked under it telling me to "
    "back off.",
])
def test_danger_in_new_everyday_words_is_signposted(content, text):
    assert safety.check(content, text).signpost


@pytest.mark.parametrize("text", [
    "My mum is 50 and works in the admin office at a prison, processing paperwork for lifers, "
    "sex offenders and gang members recalled on licence. She's asked me to find out if that "
    "experience helps her get into police intelligence.",
    "I'm a pastoral manager. One of our Year 11 boys says he wants to 'catch drug dealers and "
    "murderers' but without being on the streets. Is intelligence work a realistic thing to "
    "point him towards?",
    "I code A&E records of glassings and assaults outside clubs and match them to licensing "
    "data to find the venues that keep producing injuries. Is that close to what an analyst in "
    "a bureau does?",
    "I visit houses after reported burglaries to check the claim's genuine. Would that make me a "
    "good fit?",
    "Which role takes reports like hers in and assesses them?",
])
def test_crime_as_someone_s_job_wish_or_records_is_no_report(content, text):
    verdict = safety.check(content, text)
    assert not verdict.signpost, verdict.reason


def test_a_relative_s_job_is_the_work_but_harm_to_them_there_is_a_report(content):
    assert safety.check(content, "my sister works at a pub and a man there keeps threatening "
                                 "her and saying he'll hurt her").signpost


def test_a_career_question_about_police_analysts_read_as_a_report_is_not_signposted(content):
    text = ("i trace stolen crypto through mixers for an exchange mostly romance scam proceeds "
            "do police analysts deal with that sort of transaction data")
    assert not safety.check(content, text, "report_crime", 0.54).signpost


def test_after_a_signpost_the_visitor_s_own_past_is_no_report_going_on(content):
    text = "He's also got a youth caution from when he was 14. Would that come up in checks?"
    assert not safety.check(content, text, "ask_unknown", 0.74, after_signpost=True,
                            reported_earlier=True).signpost


def test_asking_on_someone_s_behalf_after_a_greeting_is_greeted(content):
    frame = read_frame(content, "report_crime", "Hello dear, I'm a live-in carer and the "
                       "gentleman I look after has asked me to find something out for his "
                       "grandson.", [("report_crime", 0.53)])
    assert frame.kind == "greet"
    frame = read_frame(content, "nlu_fallback", "Good evening. I'm asking on behalf of my "
                       "daughter, I hope that's all right?", [("nlu_fallback", 0.3)])
    assert frame.kind == "greet"


def test_thanks_then_good_evening_takes_its_leave(content):
    frame = read_frame(content, "greet", "You have been most helpful. Good evening.")
    assert frame.kind == "goodbye"
    assert read_frame(content, "greet", "Good evening").kind == "greet"


def test_asking_someone_to_find_out_whether_asks():
    assert asks("He still asked me to find out whether you need GCSEs for this kind of job.")
    assert not asks("He went to the careers fair to find out more about the police.")


def test_a_follow_up_names_its_subject_by_what_it_does(content):
    text = "How long does it take to get qualified in intelligence?"
    frame = fill_from_context(content, read_frame(content, "ask_duration", text,
                                                  [("ask_duration", 0.99)]),
                              Context(), "ask_duration", text)
    assert frame.topic == "ipp"
    reply = answer(content, Turn("ask_duration", text, ranking=[("ask_duration", 0.99)]))
    assert "12 to 18 months" in reply.text


@pytest.mark.parametrize("text, subject", [
    ("do they code in python", "tools"),
    ("which database systems do forces run?", "tools"),
    ("would I have to pass an exam on it?", "exams"),
    ("do analysts code in python", "tools"),
    ("could my published papers count towards it?", "prior_learning"),
    ("is there an inspectorate that checks the intel units", "inspection"),
    ("is there any training specific to online harms?", "specialist_training"),
    ("How many forces run the IPP", "taking_part"),
])
def test_a_part_the_sources_do_not_answer_is_declined_by_name(content, text, subject):
    from bot.action_server import unknowns
    assert unknowns.subject_of(content, text) == subject


def test_a_known_unknown_part_beside_an_answered_one_gets_an_honest_decline(content):
    text = "How many forces run the IPP, and how many months is it?"
    reply = answer(content, Turn("ipp", text, questions=(
        Turn("ipp", "How many forces run the IPP"),
        Turn("ask_duration", "how many months is it?"))))
    assert ("I don't hold information on which forces or organisations take part, and how many"
            in reply.text)
    assert "12 to 18 months" in reply.text


def test_a_records_manager_is_no_criminal_record(content):
    from bot.action_server import unknowns
    assert unknowns.subject_of(content, "How would a records manager get a researcher post?") \
        is None
    assert unknowns.subject_of(content, "I have a record from when I was 17") == "vetting"


def test_a_term_asked_for_ignores_the_role_in_context(content):
    text = "What's this CVF I keep seeing on the profiles?"
    reply = answer(content, Turn("role_profiles", text, ranking=[("role_profiles", 0.63)],
                                 topic="role_details", role="intelligence_officer",
                                 kind="role_details"))
    assert "Competency and Values Framework" in reply.text


def test_is_it_required_after_cpd_is_answered_by_cpd(content):
    reply = answer(content, Turn("nlu_fallback", "is it actually required of people?",
                                 ranking=[("nlu_fallback", 0.3)], topic="cpd", kind="cpd"))
    assert reply.topic == "cpd" and "must commit" in reply.text


def test_a_part_that_says_again_what_the_answer_before_said_is_left_out(content):
    text = ("Would someone with my background have to start at the very bottom in police "
            "intelligence, or can you come in higher?")
    reply = answer(content, Turn("entry_routes", text, ranking=[("entry_routes", 1.0)],
                                 questions=(
        Turn("entry_routes", "Would someone with my background have to start at the very "
                             "bottom in police intelligence", ranking=[("entry_routes", 1.0)]),
        Turn("nlu_fallback", "can you come in higher?", ranking=[("nlu_fallback", 0.3)]))))
    assert reply.text.count("at any level") == 1, reply.text


def test_a_story_of_two_hundred_words_is_read():
    story = ("I have been an archivist for nearly thirty years and I catalogue committee papers. "
             * 12)[:1150] + " What does CPD mean in police intelligence?"
    assert len(story) > 800 and not inputs.too_long(story)
    assert inputs.too_long("word " * 300)


def test_which_role_is_closest_to_what_was_told_is_the_role_whose_profile_holds_it(content):
    text = ("I spent six years researching for a family history company, digging through census "
            "returns, old newspapers and archives and writing reports for clients. My question is "
            "simple: which intelligence role is closest to what I used to do?")
    reply = answer(content, Turn("roles", text, ranking=[("roles", 0.6)]))
    assert reply.role == "intelligence_researcher", reply.text
    reply = answer(content, Turn("entry_routes", "which intelligence role is closest to mine?",
                                 ranking=[("entry_routes", 0.6)]))
    assert reply.topic == "roles"


def test_the_main_jobs_are_the_roles(content):
    reply = answer(content, Turn("nlu_fallback", "what are the main jobs?",
                                 ranking=[("nlu_fallback", 0.3)]))
    assert reply.topic == "roles" and "intelligence researcher" in reply.text


def test_a_question_after_a_comma_that_opens_with_at_what_is_a_part_of_its_own():
    from bot.shared.focus import question_parts
    assert question_parts("What does an analyst assess, at what levels, and do they ever end "
                          "up in court?") == ["What does an analyst assess", "at what levels",
                                              "do they ever end up in court?"]
    assert asks("at what levels")


def test_a_general_topic_s_fact_about_a_role_comes_from_the_topic(content):
    reply = answer(content, Turn("day_to_day", "would he need to keep up with new laws?",
                                 ranking=[("role_details", 0.38), ("day_to_day", 0.23)],
                                 topic="role_details", role="intelligence_analyst",
                                 kind="role_details"))
    assert "legislation" in reply.text


def test_a_licence_got_in_a_condition_is_no_question_about_who_takes_part(content):
    from bot.action_server import unknowns
    assert unknowns.subject_of(content, "If the Environment Agency got a licence, would my "
                                        "certificate then count with the police") is None
    assert unknowns.subject_of(content, "Does HMRC already hold such a licence?") == "taking_part"


def test_a_degree_subject_asked_about_is_not_held(content):
    from bot.action_server import unknowns
    assert unknowns.subject_of(content, "would they care that I did media instead of "
                                        "sciences") == "qualifications"
