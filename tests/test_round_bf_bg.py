"""What blind sets BF (young people from a social-media advert, on a phone) and BG (people
weighing a change of life around real constraints) found on their first look, fixed at the
safety net's lists, the message's parts, the frames and the content. Plain turns, no model:
each gives the intent the model gave on the set."""

import pytest

from bot.action_server import safety, unknowns
from bot.action_server.answers import Turn, answer
from bot.shared.focus import question_parts


@pytest.mark.parametrize("text", [
    "some old guy keeps messaging my little sister on tiktok asking her to meet up and shes 12, "
    "also is it true u can do intel with no degree??",
    "I hate even typing this, but he has driven past my house every night this week even though "
    "there's an order stopping him, and his car is parked at the end of the road now. Would "
    "reporting him affect my application to work for the police?",
    "Also, a supervisor at my work is taking money every week from the new workers who don't "
    "speak English, he says he will get them sent away if they don't pay him. Where can I learn "
    "more about what intelligence teams do?",
])
def test_reports_beside_a_career_question_are_signposted(content, text):
    assert safety.check(content, text).signpost


@pytest.mark.parametrize("text", [
    "My little brother did two years for supplying cocaine. Would that stop me getting an "
    "intelligence job, even though I've never been in trouble myself?",
    "I run the Neighbourhood Watch for about forty streets, and every month I collate the "
    "members' reports of shed break-ins, stolen bikes and cars being tried into a map of "
    "hotspots. Is that basically what an intelligence analyst does?",
    "At the Crown Court I sit with witnesses before they give evidence in trials for robbery, "
    "stabbings and rape, and I have seen analysts' charts of phone contact shown to the jury. Is "
    "preparing material for court part of an analyst's job?",
    "Do intelligence units work on things like domestic abuse and stalking, or is it mainly "
    "gangs and drugs?",
    "Through befriending I hear a great deal about older people being defrauded by rogue "
    "doorstep traders and loan sharks, all of which has already gone through the proper "
    "channels. Is that sort of casework considered relevant experience for intelligence roles?",
    "for the last eleven years my whole life has been hospital appointments, physio sessions and "
    "fighting for the right school places. Is there any way into intelligence work for someone "
    "who has been out of paid work for this long?",
])
def test_a_relative_s_past_a_volunteer_s_map_and_crimes_as_work_are_no_report(content, text):
    verdict = safety.check(content, text)
    assert not verdict.signpost, verdict.reason


def test_telling_a_parent_after_a_signpost_acts_on_it(content):
    assert safety.acts_on_it(content, "ok ill tell my dad")
    assert not safety.acts_on_it(content, "i can't tell my dad")


def test_a_question_beside_a_report_is_read_by_its_own_words(content):
    """The model read the whole as the report; the question alone, as a way in."""
    text = ("some lads on my course are selling nicked tools out of a van by the car park and "
            "said if i grass theyll do me, and do u reckon someone like me could even do intel")
    parse = {"text": text, "intent": {"name": "report_crime", "confidence": 0.99},
             "intent_ranking": [{"name": "report_crime", "confidence": 0.99}],
             "asked": {"text": "do u reckon someone like me could even do intel",
                       "intent": {"name": "entry_routes", "confidence": 0.8},
                       "intent_ranking": [{"name": "entry_routes", "confidence": 0.8}]}}
    reply = answer(content, Turn.from_parse(parse))
    assert "999" in reply.text and "any level" in reply.text


@pytest.mark.parametrize("text", ["Is there any way into intelligence work for someone who has "
                                  "been out of paid work for this long?",
                                  "How would I go about moving into intelligence properly, as "
                                  "my paid job?"])
def test_paid_work_named_as_a_kind_of_work_asks_nothing_of_pay(content, text):
    assert unknowns.subject_of(content, text) != "pay"
    assert answer(content, Turn("ask_unknown", text)).topic == "entry_routes"


@pytest.mark.parametrize("text, subject", [("how much do they get paid tho", "pay"),
                                           ("how many hols do u get", "leave"),
                                           ("whats IPP and who can do it and is it free", "costs")])
def test_pay_holidays_and_cost_in_a_phone_s_words_are_not_held(content, text, subject):
    assert unknowns.subject_of(content, text) == subject


def test_slang_before_a_question_leaves_it_a_question_of_its_own():
    assert question_parts("bro what even is IPP and do u have to pay for it") == [
        "bro what even is IPP", "do u have to pay for it"]


@pytest.mark.parametrize("text", ["One unrelated question, please: what is fifteen per cent of "
                                  "42,000?", "unrelated: 2^20?", "what is 12 x 4"])
def test_a_sum_is_out_of_scope_not_something_not_held(content, text):
    assert answer(content, Turn("ask_unknown", text)).topic == "out_of_scope"


def test_a_span_of_months_is_no_sum(content):
    assert answer(content, Turn("ipp", "is the ipp 12-18 months?")).topic == "ipp"


@pytest.mark.parametrize("text", ["hiya lol saw ur advert on tiktok",
                                  "Good evening, I hope you don't mind me asking a few questions "
                                  "about police intelligence work."])
def test_a_greeting_and_what_brings_the_visitor_is_greeted(content, text):
    for intent in ("ask_unknown", "help"):
        assert answer(content, Turn(intent, text)).topic == "greet", intent


@pytest.mark.parametrize("text, topic", [("wat sort of people get intel jobs", "entry_routes"),
                                         ("whos it good for", "suitability")])
def test_who_gets_in_and_who_it_suits_in_a_phone_s_words(content, text, topic):
    assert answer(content, Turn("nlu_fallback", text)).topic == topic


def test_what_callers_tell_a_volunteer_asks_nothing():
    from bot.shared.focus import asks
    assert not asks("I volunteer on the Samaritans phone line two nights a week, and callers "
                    "sometimes tell me about assaults, drug debts and abuse they went through "
                    "years ago.")
    assert not asks("working out why the tills are short, why we run out of stuff on match days.")
    assert asks("why do we need CPD")


@pytest.mark.parametrize("text", ["with my dislexia wud they let me use a spell cheker or reader "
                                  "thing at work",
                                  "Would they give me a proper chair and a desk set up for my hands?",
                                  "Do intelligence units have quiet rooms, or are staff allowed to "
                                  "wear noise-cancelling headphones?"])
def test_adjustments_at_work_are_not_held(content, text):
    assert unknowns.subject_of(content, text) == "fitness"


def test_whether_training_is_in_work_time_is_not_held(content):
    assert unknowns.subject_of(content, "is CPD something you do in work time?") == "training_time"


def test_two_programmes_weighed_up_are_compared(content):
    reply = answer(content, Turn("fast_track", "im a brand new constable, whats better for me "
                                               "fast track or IPP"))
    assert "side by side" in reply.text and "inspector" in reply.text and "(IPP)" in reply.text


@pytest.mark.parametrize("text", ["hiya do you need a law degree to be an intelligence officer",
                                  "alright mate electrician 30 yrs self employed is it too late "
                                  "to get into police intelligence at 52"])
def test_a_greeting_before_a_question_is_no_greeting_alone(content, text):
    assert answer(content, Turn("ask_unknown", text)).topic != "greet"


def test_asked_to_explain_what_a_role_does_gets_what_it_does(content):
    reply = answer(content, Turn("role_details", "explain like im 5 what an analyst does",
                                 entities={"role": "intelligence_analyst"}))
    assert reply.text.startswith("An intelligence analyst works out what stakeholders need")


def test_doing_the_programme_talked_of_asks_who_it_is_for(content):
    reply = answer(content, Turn("nlu_fallback", "can i do that straight out of school",
                                 topic="fast_track"))
    assert reply.topic == "fast_track" and "serving" in reply.text


def test_pay_set_beside_another_job_is_not_held_not_elsewhere(content):
    reply = answer(content, Turn("ask_unknown", "is the salary comparable with accountancy?"))
    assert reply.topic == "unknown" and "pay" in reply.text


def test_whether_a_qualification_told_is_accepted_is_not_held(content):
    text = ("Good afternoon. My accountancy qualification was awarded in Kampala. Would a police "
            "force accept it, or must I requalify in the UK first?")
    reply = answer(content, Turn("ask_outcome", text))
    assert reply.topic == "unknown" and "qualifications" in reply.text


def test_words_of_where_the_work_happens_outweigh_an_unsure_reading(content):
    turn = Turn("cpd", "do intel officers go out on jobs or stay inside",
                entities={"role": "intelligence_officer"},
                ranking=(("cpd", 0.45), ("role_details", 0.21), ("working_environment", 0.18)))
    assert answer(content, turn).topic == "working_environment"


def test_how_much_law_is_the_day_s_work_not_more_of_the_last_answer(content):
    turn = Turn("more_details", "how much law do u have to know", topic="working_environment",
                ranking=(("more_details", 0.7), ("day_to_day", 0.12)))
    reply = answer(content, turn)
    assert reply.topic == "day_to_day" and "legislation" in reply.text


@pytest.mark.parametrize("text", ["wait what", "huh?", "what?"])
def test_lost_by_the_answer_gets_that_answer_again(content, text):
    reply = answer(content, Turn("skills", text, topic="information_formats"))
    assert reply.topic == "information_formats"
    assert reply.text.startswith(content.topics["information_formats"].answer)
    assert answer(content, Turn("skills", text)).topic != "information_formats"  # nothing said yet


def test_how_long_getting_hired_takes_is_not_held_even_typed_fast(content):
    assert unknowns.subject_of(content, "how lond dose it take to get hired") == "recruitment_time"


def test_strong_english_writing_asked_of_a_role_is_the_skills_it_takes(content):
    turn = Turn("out_of_scope", "Does it need strong English writing", role="intelligence_officer")
    assert answer(content, turn).topic == "skills"
