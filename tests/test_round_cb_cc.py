"""What blind sets CB (checkers, sceptics and people who start from a wrong idea) and CC
(people who drill down, one level deeper each turn) found on their first look, fixed in the
reading of a message, the frames, the content and the safety net. Plain turns, no model: each
gives the intent the model gave."""

import pytest

from bot.action_server import safety
from bot.action_server.answers import Turn, answer, context_slots
from bot.shared.content import ContentError, load_content
from bot.shared.focus import asks
from bot.shared.words import tokens


@pytest.mark.parametrize("text", [
    "Is that official?",
    "Is that the College's phrase or yours?",
    "Is every bit of that from the College of Policing? I need to cite one organisation at the bottom.",
    "Citation? I need a page, not just 'the College says'.",
    "wheres that, on the collage of policing site?",
])
def test_checking_where_an_answer_comes_from_gets_its_source_and_keeps_the_subject(
        content, said, text):
    reply = said(text, "nlu_fallback", topic="ipp", kind="ipp")
    assert reply.topic == "resources" and "College of Policing" in reply.text
    assert "college.police.uk" in reply.text
    # the next "how long is it?" is still about the IPP
    assert context_slots(content, reply) == {}


def test_a_role_named_in_the_check_is_the_subject_whose_source_is_given(said):
    reply = said("You said the analyst assesses threat, risk and harm. Is that the College's phrase "
                 "or yours?", "role_details", entities={"role": "intelligence_analyst"})
    assert reply.topic == "resources" and "profiles" in reply.text


@pytest.mark.parametrize("text", [
    "are you sure? thats not what people on there are saying at all",
    "Two years? Are you sure? That sounds very quick.",
    "says who? our L&D team have never once mentioned it",
])
def test_doubt_gets_the_answer_again_with_where_it_comes_from(said, text):
    reply = said(text, "nlu_fallback", topic="fast_track", kind="fast_track")
    assert reply.topic == "fast_track"
    assert "two years" in reply.text and "College of Policing" in reply.text


@pytest.mark.parametrize("text", [
    "Is it official that they need a degree?",  # asks something not held, not a source
    "really, what does an analyst do?",
])
def test_a_question_that_only_starts_like_a_check_is_answered_as_asked(said, text):
    assert said(text, "role_details", topic="fast_track", kind="fast_track").topic != "resources"


def test_rolls_of_cash_are_no_roles_but_the_rolls_of_an_analyst_are():
    assert "roles" not in tokens("keeps coming home with new trainers and rolls of cash")
    assert "roles" in tokens("what are the rolls of an analyst")
    assert "roles" in tokens("wot rolls are there")


def test_a_boy_coming_home_with_rolls_of_cash_at_2am_is_signposted_beside_the_question(content):
    part = Turn("report_crime", "My neighbour's lad, he is about 15, keeps coming home with new "
                "trainers and rolls of cash, and men in a car drop him off at two in the morning.",
                ranking=(("report_crime", 1.0),), danger=0.99)
    question = Turn("working_environment", "Regarding working alongside other forces, how would "
                    "that come about?", ranking=(("working_environment", 0.9),))
    reply = answer(content, Turn("working_environment", f"{part.text} His mother is worried sick. "
                                 f"{question.text}", ranking=(("working_environment", 0.6),),
                                 said=(part,), questions=(question,)))
    assert reply.signposted and "999" in reply.text and "other forces" in reply.text


@pytest.mark.parametrize("text", [
    "DC on a cyber and digital crime team, 5 years. Most of my work is sextortion and romance "
    "fraud, investigated and charged. Which intelligence role is closest to what I do?",
    "We take calls from domestic abuse victims every single night. Does what they tell us count "
    "as a source for intelligence?",
    "hi. maths grad, currently dealing blackjack on a cruise ship (long story). is intelligence "
    "analysis actually mathsy or is that a myth",
    "I'll be upfront. I've reviewed business loan applications for fifteen years and I'm good at "
    "spotting when the story doesn't match. My partner thinks I should look at police analysis.",
])
def test_crime_as_the_visitors_work_or_an_everyday_phrase_is_no_report(content, text):
    assert not safety.check(content, text, "role_details", 0.6).signpost


def test_money_asked_up_front_is_still_a_sign_of_fraud(content):
    words = safety.analyse("a man at her door said she had to pay him the money up front")
    assert safety.SafetyNet(content.safety).crime.find(words)


def test_a_question_after_what_happens_when_is_a_question():
    assert asks("also after the IPP do i have to keep training")
    assert not asks("they said they have to go")


def test_the_question_beside_a_report_without_a_question_mark_is_answered(said):
    asked = "also after the IPP do i have to keep training"
    reply = said("ok. unrelated, someones sprayed a swastika on the bus shelter by the mosque in "
                 "the night and theres a group of lads back there now shouting at people going "
                 f"in. {asked}", "report_crime", ranking=(("report_crime", 0.9), ("cpd", 0.05)),
                 questions=(Turn("cpd", asked, ranking=(("cpd", 0.8),)),))
    assert reply.signposted and "continuing professional development" in reply.text


def test_after_a_report_telling_whom_to_tell_is_still_about_the_report(content):
    assert safety.check(content, "Should I just tell the site owners and leave it with them?",
                        "nlu_fallback", 0.3, after_signpost=True, reported_earlier=True).signpost


def test_after_a_report_another_matter_with_a_question_is_no_report(content):
    text = "Right. Different thing, my grandson's keen on the police computer side of things. What is there?"
    assert not safety.check(content, text, "out_of_scope", 0.6, after_signpost=True,
                            reported_earlier=True, moved_on=True).signpost


@pytest.mark.parametrize("text, topic", [
    ("What does a force intelligence bureau do from day to day?", "day_to_day"),
    ("whats an FIB actually do all day then", "day_to_day"),
    ("What does an FIB actually decide day to day?", "intelligence_units"),
    ("what does an FIB do", "intelligence_units"),
])
def test_the_days_work_in_an_fib_is_the_day_to_day_what_it_does_is_the_unit(said, text, topic):
    assert said(text, "day_to_day").topic == topic


@pytest.mark.parametrize("before, text", [
    ("what_is_intelligence", "like what tho"),
    ("what_is_intelligence", "Which information? Example please."),
    ("information_formats", "like what tho"),
])
def test_like_what_after_information_asks_for_the_formats_it_comes_in(said, before, text):
    reply = said(text, "what_is_intelligence", topic=before, kind=before)
    assert reply.topic == "information_formats" and "CCTV" in reply.text


def test_who_a_programme_is_actually_for_is_who_may_do_it(said):
    reply = said("ok so its not for grads off the street then. who is it actually for",
                 "fast_track", topic="fast_track", kind="fast_track")
    assert "serving police constables" in reply.text


def test_keeping_up_with_legislation_is_said_in_one_place_the_days_work(content, said):
    assert not any("legislation" in detail for detail in content.topics["cpd"].details)
    reply = said("Must they keep up with the law as well? Which parts?", "day_to_day",
                 topic="intelligence_units", kind="intelligence_units")
    assert reply.topic == "day_to_day" and "legislation" in reply.text


@pytest.mark.parametrize("field, value", [("said_of", ["no_such_topic"]),
                                          ("examples_in", "no_such_topic")])
def test_content_pointing_at_a_topic_that_does_not_exist_is_refused(tmp_path, field, value):
    import shutil

    import yaml

    from bot.shared.content import CONTENT_DIR

    folder = tmp_path / "pathway"
    shutil.copytree(CONTENT_DIR, folder)
    careers = folder / "careers.yml"
    data = yaml.safe_load(careers.read_text(encoding="utf-8"))
    data["topics"]["day_to_day"][field] = value
    careers.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError, match=f"day_to_day.{field}: unknown topic 'no_such_topic'"):
        load_content(folder)
    # ... where a topic that exists is taken
    data["topics"]["day_to_day"][field] = (["intelligence_units"] if isinstance(value, list)
                                           else "information_formats")
    careers.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert load_content(folder).topics["day_to_day"]


def test_which_of_two_roles_is_office_based_is_said_of_every_role_alike(said):
    context = {"topic": "compare", "kind": "compare", "role": "intelligence_analyst",
               "other_role": "intelligence_researcher"}
    reply = said("which of those two jobs is office based", "working_environment", **context)
    assert reply.topic == "working_environment" and "office-based" in reply.text
    # what sets them apart is still said side by side
    reply = said("which of those two does more research", "compare", **context)
    assert reply.topic == "compare"


def test_a_duration_doubted_in_other_words_is_the_duration(said):
    """Read as a source, with the duration among the model's next readings."""
    reply = said("Is that the one that takes five years?", "ask_source",
                 ranking=(("ask_source", 0.98), ("more_details", 0.009), ("ask_duration", 0.009)),
                 topic="fast_track", kind="fast_track", programme="fast_track")
    assert "two years" in reply.text


@pytest.mark.parametrize("text, subject", [
    ("Would my Polish language help me for this job?", "languages"),
    ("Is the office quiet? I find open-plan offices hard.", "facilities"),
    ("do they let you pray at work there, is there a room", "facilities"),
    ("Would they consider a man with no O levels to speak of?", "qualifications"),
    ("Anything about physical requirements? Can't do a bleep test now.", "fitness"),
])
def test_what_the_pathway_does_not_hold_is_said_so(said, text, subject):
    reply = said(text, "skills", topic="roles", kind="roles")
    assert reply.topic == "unknown" and subject in reply.text


@pytest.mark.parametrize("text, topic", [
    # where to find what was just talked of, not what it stands on
    ("where are those", "career_stories"),
])
def test_where_to_find_the_subject_is_said_under_the_subject(said, text, topic):
    assert said(text, "ask_source", topic=topic, kind=topic).topic == topic


@pytest.mark.parametrize("text", [
    "Where do those fragments come from, then? Who supplies the information?",
    "Are there stories from analysts who came from abroad?",
    "And is that the kind of open source work a researcher does?",
])
def test_from_or_open_source_inside_a_question_asks_no_source(said, text):
    reply = said(text, "ask_source", ranking=(("ask_source", 0.8), ("role_details", 0.15)),
                 topic="information_sources", kind="information_sources")
    assert not reply.text.startswith("That comes from")


def test_a_follow_up_the_model_did_not_see_is_not_read_into_a_source_reading(said):
    reply = said("Is that the sort of thing that would end up in front of a police intel analyst?",
                 "ask_source", ranking=(("ask_source", 0.97), ("role_details", 0.015),
                                        ("day_to_day", 0.004)),
                 entities={"role": "intelligence_analyst"}, topic="role_details",
                 role="intelligence_analyst", kind="role_details")
    assert reply.topic == "role_details"
