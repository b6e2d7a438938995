"""What blind sets BL (visitors who stay long, drill into one subject, jump and come back) and BM
(typed on a phone or dictated by voice) found on their first look, fixed at the safety net, the
input, the frames, the composition and the content. Plain turns, no model: each gives the
intent the model gave."""

import pytest

from bot.action_server import safety
from bot.action_server.answers import Turn, answer, safety_verdict
from bot.shared.focus import asks, without_greeting
from bot.shared.words import spoken_names


@pytest.mark.parametrize("text", [
    # a knife shown to children where the visitor goes is no exercise of theirs
    "theres a lad at cadets whos been showing a knife in his bag to the younger ones, every week "
    "now. and what sort of things do intel officers advise on",
    "right now there's a trailer parked in our yard and I can hear knocking from inside it. the "
    "driver's gone over to the café",
    "just seen a fella in the lorry park siphoning diesel out of a parked artic while the drivers "
    "asleep in the cab",
])
def test_reports_in_words_first_seen_in_sets_bl_and_bm_are_signposted(content, text):
    assert safety.check(content, text).signpost


def test_a_crime_named_beside_words_of_another_place_keeps_the_model_s_reading(content):
    text = ("sorry one of the dads on the ward is kicking off and threatening the midwife hes got "
            "something in his hand")
    assert safety_verdict(content, text, "report_crime", 1.0).signpost
    # ... where words of somewhere else with no crime still drop it
    text = "is it going to rain next week, off camping with the kids"
    assert not safety_verdict(content, text, "report_crime", 0.99).signpost


def test_a_message_that_asks_nothing_needs_the_model_only_to_lean_towards_a_report(content):
    text = ("A man at the park, he is sleeping in car with two small children, two days now. The "
            "children look cold and hungry.")
    said = (("A man at the park, he is sleeping in car with two small children, two days now.",
             "report_crime", 0.78), ("The children look cold and hungry.", "out_of_scope", 0.46))
    assert safety.check(content, text, "out_of_scope", 0.46, said=said).signpost
    # beside a question, the model must be sure
    asked = text + " Is that the sort of case intel picks up?"
    assert not safety.check(content, asked, "what_is_intelligence", 0.5, said=said).signpost


def test_a_part_that_asks_is_not_backed_by_the_visitor_s_own_story(content):
    text = ("right so um what i wanted to ask is like i've been farming pigs out near driffield "
            "thirty odd years and prices have gone through the floor and my lad wants to take the "
            "farm on. can someone like me with no office experience get into intelligence")
    said = (("right so um what i wanted to ask is like i've been farming pigs out near driffield "
             "thirty odd years and prices have gone through the floor and my lad wants to take the "
             "farm on", "report_crime", 0.99),)
    assert not safety.check(content, text, "entry_routes", 0.6, said=said).signpost


def test_a_new_crime_told_after_acting_on_the_signpost_is_signposted_again(content):
    text = ("shes rung them. honestly i know exactly whos been selling nicked bikes on facebook "
            "round ours as well, could knowing stuff like that get me in as an intelligence officer")
    assert safety_verdict(content, text, "entry_routes", 0.9, after_signpost=True,
                          reported_earlier=True).signpost
    # ... but a field of work asked about after acting on it is no crime told
    text = ("Ok I've called 101 and they've taken details. Sorry, one more thing, I'm studying "
            "criminology and this has made me wonder about missing people work - would "
            "intelligence researchers help on cases like that?")
    assert not safety_verdict(content, text, "role_details", 0.9, after_signpost=True,
                              reported_earlier=True).signpost


@pytest.mark.parametrize("text", [
    "I've just done three weeks of jury service on a drugs conspiracy trial. An analyst showed us "
    "charts of calls between the defendants and I found it fascinating. Is that a normal part of "
    "the analyst's job?",
    "ngl i got into all this from playing gta and watching the gangs run drugs across the map "
    "lol, is real police intelligence anything like tracking that",
])
def test_a_jury_the_visitor_sat_on_or_a_game_they_play_is_no_report(content, text):
    verdict = safety.check(content, text)
    assert not verdict.signpost, verdict.reason


@pytest.mark.parametrize("heard, written", [
    ("got 15 min break what does a intelligence office her do",
     "got 15 min break what does a intelligence officer do"),
    ("is there such a thing as an intelligence research her",
     "is there such a thing as an intelligence researcher"),
    ("and see pee dee whats that when its at home", "and CPD whats that when its at home"),
    ("ok and the I P P thing i keep seeing", "ok and the IPP thing i keep seeing"),
    ("whats rip a got to do with it", "whats RIPA got to do with it"),
    ("evening mate whats the fast truck", "evening mate whats the fast track"),
    ("tell me about the intelligence career path way", "tell me about the intelligence career pathway"),
    # other words stay as they are
    ("I work in the office her husband runs", "I work in the office her husband runs"),
    ("can I rip a page out of the guide", "can I rip a page out of the guide"),
])
def test_names_voice_typing_spelt_out_are_read_as_names(heard, written):
    assert spoken_names(heard) == written


def test_the_answer_reads_the_name_voice_typing_spelt_out(content):
    parse = {"text": "got 15 min break what does a intelligence office her do",
             "intent": {"name": "role_details", "confidence": 0.9}}
    reply = answer(content, Turn.from_parse(parse))
    assert reply.role == "intelligence_officer"


def test_a_letter_s_salutation_is_a_greeting():
    assert without_greeting("Dear Sir, And how might he learn a little more before he applies?") \
        == "And how might he learn a little more before he applies?"
    assert without_greeting("dear team, what is cpd") == "what is cpd"


def test_a_filler_word_before_a_question_still_asks():
    assert asks("um would the analyst job mean moving house")


@pytest.mark.parametrize("text, role", [
    ("the 2nd one, what do they do all day?", "intelligence_officer"),
    ("the last one, what do they do?", "intelligence_supervisor"),
])
def test_a_role_by_its_place_in_the_list_just_given(content, text, role):
    reply = answer(content, Turn("nlu_fallback", text, topic="roles"))
    assert reply.role == role


def test_a_role_by_its_place_between_two_with_a_question_the_model_cannot_place(content):
    turn = Turn("ask_outcome", "The second one, what does it actually produce at the end?",
                topic="role_details", role="intelligence_researcher",
                other_role="intelligence_analyst")
    reply = answer(content, turn)
    assert reply.topic == "role_details" and reply.role == "intelligence_analyst"


def test_which_of_those_after_the_list_of_roles_is_the_roles(content):
    reply = answer(content, Turn("suitability", "which of those suits me", topic="roles"))
    assert reply.topic == "roles" and "intelligence researcher" in reply.text


def test_a_term_told_and_then_asked_of_by_that_is_what_the_term_is(content):
    text = "Someone from probation mentioned a 'CVF'. Does that apply here too?"
    question = Turn("ask_unknown", "Does that apply here too?", message=text)
    reply = answer(content, Turn("ask_unknown", text, questions=(question,)))
    assert "Competency and Values Framework" in reply.text and "don't hold" not in reply.text


@pytest.mark.parametrize("intent, text, topic", [
    ("day_to_day", "What does someone in an FIB actually do all day?", "day_to_day"),
    ("intelligence_units", "what does the FIB do?", "intelligence_units"),
])
def test_a_term_after_what_does_is_asked_about_only_when_it_does_the_doing(content, intent, text,
                                                                           topic):
    assert answer(content, Turn(intent, text)).topic == topic


def test_a_cue_in_a_sentence_that_only_tells_is_none(content):
    turn = Turn("resources", "Very Interesting. Is There A Website I Can Read About It",
                ranking=(("resources", 0.99),))
    assert answer(content, turn).topic == "resources"


def test_a_short_question_pointing_back_still_reads_the_cue_it_points_to(content):
    turn = Turn("what_is_intelligence", "retired DS after 30 yrs, fancy coming back as civilian "
                "intel staff. is that a thing?", ranking=(("what_is_intelligence", 0.4),))
    assert answer(content, turn).topic == "entry_routes"


def test_where_the_visitor_saw_it_does_not_pick_a_detail(content):
    reply = answer(content, Turn("fast_track", "evening mate whats the fast track i saw on the page"))
    assert "inspector" in reply.text


def test_what_is_it_for_after_what_intelligence_is_is_its_purpose(content):
    turn = Turn("nlu_fallback", "ok so what IS it for then?", topic="what_is_intelligence",
                ranking=(("nlu_fallback", 0.3), ("suitability", 0.26)))
    assert answer(content, turn).topic == "what_is_intelligence"


def test_the_role_the_visitor_wants_is_the_one_their_question_is_about(content):
    turn = Turn("skills", "Good morning. I run a little cake business and do all my own books, "
                "and the researcher role caught my eye. Which of my skills might carry over?")
    assert answer(content, turn).role == "intelligence_researcher"


@pytest.mark.parametrize("turn, subject", [
    (Turn("nlu_fallback", "Is there a charge for taking it, do you know?", topic="ipp",
          programme="ipp"), "costs"),
    (Turn("out_of_scope", "and where do i look for actual jobs near me"), "vacancies"),
])
def test_costs_and_vacancies_in_new_words_are_not_held(content, turn, subject):
    reply = answer(content, turn)
    assert (reply.topic, reply.subject) == ("unknown", subject)


def test_vets_are_people_not_vetting(content):
    turn = Turn("information_sources", "Does intelligence ever use information from people "
                "like vets?")
    assert answer(content, turn).topic == "information_sources"


def test_an_unknown_only_in_what_the_visitor_tells_before_the_last_question_is_not_asked(content):
    turn = Turn("report_crime", "i catch shoplifters most shifts and clock the same faces coming "
                "back every week, know their patterns n which shops they hit, is that the sort of "
                "thing intelligence is", ranking=(("report_crime", 0.87), ("role_details", 0.09)))
    reply = answer(content, turn)
    assert reply.subject != "shifts" and "999" not in reply.text
