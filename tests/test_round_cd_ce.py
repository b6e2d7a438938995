"""What blind sets CD and CE found on their first look, and what the round before left, fixed
in the reading of a message (typos read as meant), the frames and the content. Plain turns, no
model, except where the model's own input is what changed (the question-focus component)."""

import pytest

from bot.action_server import safety
from bot.action_server.answers import Turn, answer
from bot.action_server.frames import without_other_jobs
from bot.shared.spelling import meant, respelt


@pytest.mark.parametrize("typed, read", [
    ("how lnog does it tkae", "how long does it take"),
    ("i am very acurate", "i am very accurate"),
    ("sory twins. is it mostly in an ofice", "sorry twins. is it mostly in an office"),
    ("whats the diffrence between a reseacher and an anlayst",
     "whats the difference between a researcher and an analyst"),
    ("and whos the certifcate recognsied by", "and whos the certificate recognised by"),
    # the likely slip, not the commonest word one letter away
    ("my neighbour is stabing someone", "my neighbour is stabbing someone"),
    ("the sergant said", "the sergeant said"),
    ("Intresting. Wat skils", "Interesting. Wat skills"),
])
def test_typos_are_read_as_the_words_meant(typed, read):
    assert respelt(typed) == read


@pytest.mark.parametrize("text", [
    # real words, however close to a commoner one
    "is the office open to an officer",
    "what does RIPA stand for, and is ipp open to npcc staff",  # the project's own words
    "IPP FIB CPD",  # capitals
    "Bexley and Wolverhampton, Aberystwyth and Telford",  # places
    "cuckooing and county lines, osint and geospatial analysis",
    "can't won't I'd they've",
])
def test_words_that_are_no_typos_stay_as_typed(text):
    assert respelt(text) == text


def test_short_words_are_never_guessed_at():
    assert meant("fib") == "fib" and meant("ipp") == "ipp" and meant("teh") == "teh"


def test_the_model_reads_the_typos_as_meant_and_safety_the_words_typed():
    """The question-focus component gives the model the words meant, and keeps what was typed
    as `full_text`, which the danger reader, the safety net and the editors' records read."""
    from rasa.shared.nlu.training_data.message import Message

    from bot.rasa_server.nlu.question_focus import FULL_TEXT, QuestionFocus

    message = Message(data={"text": "how lnog does it tkae"})
    QuestionFocus().process([message])
    assert message.get("text") == "how long does it take"
    assert message.get(FULL_TEXT) == "how lnog does it tkae"


@pytest.mark.parametrize("message, kept", [
    ("I was a baggage handling shift supervisor at the airport for eleven years. Is that "
     "realistic?", False),
    ("I work as a data analyst for a bank. Could that work?", False),
    ("I'm a researcher in the FIB. What does that involve next?", True),
    ("I'm an intelligence analyst already. Is that role graded?", True),
])
def test_a_job_the_visitor_tells_is_the_role_only_in_intelligence_work(message, kept):
    assert (("supervisor" in without_other_jobs(message) or "analyst" in without_other_jobs(message)
             or "researcher" in without_other_jobs(message)) == kept)


def test_a_move_from_a_job_named_like_a_role_is_asked_of_no_role(content):
    """Blind set CC: the visitor's old job ("shift supervisor") is no intelligence supervisor,
    so the answer is how people get in, and the next turn carries no supervisor."""
    message = ("Hi, bear with me. I was a baggage handling shift supervisor at the airport for "
               "eleven years, ran a team of about 30. My sister-in-law is police staff and "
               "mentioned intelligence. Is that realistic for someone who's been out of work "
               "this long and has no police background at all?")
    reply = answer(content, Turn("entry_routes", message))
    assert reply.topic == "entry_routes" and reply.role is None
    assert "supervisor" not in reply.text.lower()


def test_how_a_question_is_meant_picks_no_detail(said):
    """Blind set CC: "in practice" is how it is asked, not the "codes of practice" detail."""
    reply = said("what's the day job actually like, in practice", "day_to_day")
    assert reply.topic == "day_to_day" and "patterns" in reply.text
    assert not reply.text.startswith("You keep up to date")


def _report_and_question(content, report, question, question_intent, sure=True):
    """A message of a report the model and the danger reader read as one, and a question."""
    part = Turn("report_crime", report, ranking=(("report_crime", 1.0),), danger=0.95)
    asked = Turn(question_intent, question, ranking=((question_intent, 0.99),))
    return answer(content, Turn(question_intent, f"{report} {question}",
                                ranking=((question_intent, 0.6),), danger=0.95 if sure else 0.3,
                                said=(part,), questions=(asked,)))


@pytest.mark.parametrize("report, question, intent, words", [
    # opens on the visitor, goes on to someone else
    ("I'm at a school in Ashford now and there's a man parked outside the gates who's been "
     "filming the playground on his phone for twenty minutes, the head's in a meeting.",
     "While I go and find someone: is noticing that sort of thing what an intelligence officer does?",
     "role_details", "intelligence officer"),
    ("I'm so sorry, this is odd, but as I type there are two young men on the fire escape of the "
     "flats opposite levering at a window with something, and I know the woman who lives there "
     "is away.", "Also, is the work mostly in an office or out and about?",
     "working_environment", "office"),
    # happening now, whatever job word ("colleague") it holds
    ("Sorry, a colleague's just shown me her husband's dashcam livestream, a car weaving all over "
     "the A49 northbound right now, nearly took a cyclist out.",
     "Quick one while she rings: where can I read the full role profiles?", "role_profiles",
     "College Learn"),
])
def test_a_report_the_danger_reader_is_sure_of_is_signposted_and_the_question_answered(
        content, report, question, intent, words):
    reply = _report_and_question(content, report, question, intent)
    assert reply.signposted and "999" in reply.text and words in reply.text


def test_a_report_that_asks_nothing_is_not_taken_for_a_question_about_elsewhere(content):
    """Blind set CE: a car taken on a test drive names cars and a licence, which a question
    would ask about elsewhere; a message that asks nothing asks about nothing."""
    text = ("Hold on. Lad's just taken a Golf off the forecourt for a test drive and not come "
            "back. Kept the keys, left me a driving licence that I reckon is fake.")
    reply = answer(content, Turn("report_crime", text, ranking=(("report_crime", 0.99),)))
    assert reply.signposted and "999" in reply.text


@pytest.mark.parametrize("text", [
    "I spend my days reviewing old intelligence and crime records, rapes, GBHs, frauds, the lot. "
    "Would that count towards moving into an FIB researcher job?",
    "Hi. I write up lessons learned after serious incidents: domestic homicides, deaths after "
    "police contact, missed chances to spot a stalker. Do intelligence supervisors have a part "
    "in making sure products meet standards?",
    # what the visitor's team keeps is no one doing something again and again
    "I review records for retention under MoPI. Every day I'm reading old intelligence logs on "
    "registered sex offenders, firearms nominals and historic drugs jobs and deciding what we "
    "keep. Is that close enough to be a route into researcher roles?",
])
def test_records_of_crimes_the_visitor_reads_or_writes_for_work_are_no_report(content, text):
    assert not safety.check(content, text, "role_details", 0.6).signpost


def test_after_a_report_help_on_its_way_and_thanks_in_any_words_is_thanked(said):
    reply = said("Thank you, I've rung them and they're sending someone. You've been very "
                 "patient with me.", "report_crime", after_signpost=True, reported_earlier=True)
    assert reply.topic == "thanks" and "999" not in reply.text


def test_after_a_report_coming_back_to_what_was_said_before_is_answered(said):
    reply = said("RIGHT sorted, coppers on the way. Back to the first thing, the field stuff. "
                 "Who gets to go out??", "nlu_fallback", after_signpost=True,
                 reported_earlier=True, topic="working_environment", kind="working_environment")
    assert "999" not in reply.text


def test_a_jargon_term_named_in_any_order_picks_the_detail_that_holds_it(said):
    reply = said("researcher sources open vs closed", "role_details",
                 entities={"role": "intelligence_researcher"})
    assert "open and closed sources" in reply.text


def test_after_a_subject_not_held_the_nearest_thing_said_is_what_the_talk_is_about(content):
    """Blind set CD: "I don't hold age limits. What the pathway does say: you can enter ... at
    any level", then "Any level of what?" asks of the ways in, not "did you mean"."""
    from bot.action_server.answers import context_slots

    reply = answer(content, Turn("ask_unknown", "am I too old at 55 to get into intelligence?"))
    assert reply.topic == "unknown" and "any level" in reply.text
    slots = context_slots(content, reply)
    assert slots["topic"] == "entry_routes" and slots["kind"] == "unknown:age"
    again = answer(content, Turn("nlu_fallback", "What do you mean, any level? Any level of what?",
                                 topic=slots["topic"], kind=slots["kind"],
                                 ranking=(("nlu_fallback", 0.3),)))
    assert again.topic == "entry_routes" and "knowledge, skills, experience" in again.text


def test_the_nearest_thing_said_must_come_from_a_topic(tmp_path):
    import shutil

    from bot.shared.content import CONTENT_DIR, ContentError, load_content

    for path in CONTENT_DIR.glob("*.yml"):
        shutil.copy(path, tmp_path / path.name)
    unknowns = tmp_path / "unknowns.yml"
    unknowns.write_text(unknowns.read_text().replace("office: working_environment,",
                                                     "office: working_hours,"))
    with pytest.raises(ContentError, match="nearest_from.office"):
        load_content(tmp_path)


@pytest.mark.parametrize("text, words", [
    ("so which is quicker, that or the fast track", ["12 to 18 months", "two years"]),
    ("ipp vs fast track, who is each for?", ["licensed IPP organisation", "serving police constables"]),
])
def test_two_programmes_weighed_on_one_thing_are_each_answered_on_it(said, text, words):
    reply = said(text, "fast_track", topic="ipp", kind="ask_duration", programme="ipp")
    assert all(w in reply.text for w in words), reply.text


def test_a_follow_up_naming_what_only_one_programme_has_asks_of_that_programme(said):
    reply = said("Right. How long does that portfolio take?", "ask_duration", topic="fast_track",
                 kind="fast_track", programme="fast_track")
    assert reply.topic == "ipp" and "12 to 18 months" in reply.text


def test_a_question_the_model_half_reads_as_a_report_with_only_a_crime_word_is_answered(content):
    """Blind set CD: "Which of them would've caught my burglars then" (the burglars caught and
    sent down, told turns before) asks of the roles; with someone near, it would be a report."""
    assert not safety.check(content, "Which of them would've caught my burglars then",
                            "report_crime", 0.42).signpost
    assert safety.check(content, "Which of them would've caught my burglars then",
                        "report_crime", 0.95).signpost


def test_whether_a_programme_takes_a_kind_of_person_is_who_it_is_for(said):
    reply = said("does the fast track take graduates?", "fast_track")
    assert "serving police constables" in reply.text


def test_asked_to_state_its_sources_it_names_its_pages(said):
    reply = said("Good morning. Before I consider anything, please state your sources.",
                 "nlu_fallback", ranking=(("ask_source", 0.44), ("more_details", 0.42)))
    assert reply.topic == "resources" and "College of Policing" in reply.text


def test_the_step_up_from_an_officer_is_the_role_that_leads_them(said):
    reply = said("I'm 3 years in as an intelligence officer. What's the next step up from officer?",
                 "role_details", entities={"role": "intelligence_officer"})
    assert "supervisor" in reply.text.lower()


def test_a_role_the_visitor_is_interested_in_is_no_job_they_held():
    message = "I'm also interested in analyst roles; what do they do day to day?"
    assert without_other_jobs(message) == message


def test_after_a_programme_a_subject_not_held_keeps_the_programme_talked_of(content):
    """Blind set BB: "fast track in one line?", "age cut off?" (not held), "who picks who goes"
    is still about the fast track."""
    from bot.action_server.answers import Context, context_slots

    reply = answer(content, Turn("ask_unknown", "age cut off?", topic="fast_track", kind="fast_track",
                                 programme="fast_track"))
    slots = context_slots(content, reply, Context("fast_track", None, "fast_track", None, "fast_track"))
    assert slots.get("topic") in (None, "fast_track")


def test_someone_who_keeps_doing_something_near_the_visitor_is_still_a_report(content):
    assert safety.check(content, "I work in a shop and a man keeps following me home every night, "
                        "he is outside now. what do analysts do?", "role_details", 0.6).signpost


def test_the_same_as_another_thing_asks_for_no_detail_about_the_same_technology(said):
    reply = said("My daughter is 17 and says she wants to be a spy. Is police intelligence the "
                 "same thing as MI5?", "what_is_intelligence")
    assert reply.text.startswith("Police intelligence means")
