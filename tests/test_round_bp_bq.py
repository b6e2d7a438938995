"""What blind sets BP (people from neighbouring worlds: the forces, Border Force, prisons, HMRC,
banks, police abroad) and BQ (people who need things said differently: a second language,
dyslexia, dictation, asking for someone else) found on their first look, fixed at the safety
net, the frames, the composition and the content. Plain turns, no model: each gives the intent
the model gave."""

import pytest

from bot.action_server import safety
from bot.shared.focus import asks


@pytest.mark.parametrize("text", [
    # the visitor's work, told as what it has been or as an operation done
    "Much of my work has been investigating insider threats - theft of controlled equipment, "
    "two cases that ended in courts martial. Is that relevant to an intelligence officer post?",
    "Last op took down a ring selling counterfeit car parts online, 6 charged. I did the "
    "financial tracing. Does that put me at researcher level?",
    # caught and dealt with, told as what led to the work
    "The driver who hit him drove off, and was caught a few weeks later from CCTV. Is that the "
    "kind of thing intelligence people use?",
    "I once traced a fella who'd hidden money from his wife. Police had him for fraud after. Is "
    "that what an analyst does?",
    # with the police already
    "All my clients are survivors of trafficking, and all of them are already in the national "
    "referral system with police involved. Would that help me become a researcher?",
    # what the visitor's files are about
    "I've read hundreds of files about rape and child abuse over the years. Is intelligence "
    "more about patterns across cases?",
])
def test_work_done_or_dealt_with_is_no_report(content, text):
    assert not safety.check(content, text).signpost


@pytest.mark.parametrize("text", [
    # a fire, with no crime word
    "downstairs smoke alarm going off for ages, smells of burning, nobody answering the door. "
    "also whats cpd",
    # a witness threatened, told at work
    "a defendant told me his cellmate is planning to 'sort out' a witness as soon as he gets bail. "
    "anyway how long is the ipp",
    # a lone man's flat taken over, seen on the visitor's beat
    "old fella on my beat lives alone and his 'new mates' have moved into his flat, curtains shut "
    "all day. does the officer one need to be a cop?",
])
def test_reports_in_words_first_seen_in_sets_bp_and_bq_are_signposted(content, text):
    assert safety.check(content, text).signpost


def test_a_report_then_help_on_the_way_then_a_question_is_answered_without_the_signpost(content):
    # the visitor has acted on it and moved on: "security have got her and the police are on
    # the way" says so
    verdict = safety.check(content, "Diolch, security have got her and the police are on the way. "
                                    "Are you a real person by the way?", after_signpost=True)
    assert not verdict.signpost


def test_two_programmes_compared_say_what_sets_each_apart(said):
    reply = said("whats the difference between ipp and cpd", "cpd")
    assert reply.text.startswith("The two side by side")
    assert "12 to 18 months" in reply.text and "certificate" in reply.text
    assert "stay up to date" in reply.text


@pytest.mark.parametrize("text, subject", [
    ("Do you know if they take people with points on their licence", "driving licences"),
    ("Would my rank transfer? Could I come in as a sergeant?", "grades"),
    ("Does Jersey experience even count as UK experience?", "outside the UK"),
    ("would my sickness record go against me", "health"),
    ("is there spelling tests", "selection tests"),
    ("would I need to write by hand at all", "software, tools"),
    ("is it a permanent job?", "contracts"),
    ("What's the working pattern like in the FIB - is it shifts?", "shift patterns"),
])
def test_questions_the_sources_do_not_answer_are_declined_by_name(said, text, subject):
    reply = said(text, "entry_routes")
    assert reply.topic == "unknown" and "don't hold" in reply.text and subject in reply.text


@pytest.mark.parametrize("text", [
    "Doesn't that show I can do it?",
    "this experience is ok for england police intelligence?",
    "would that count towards owt or is that just 'military stuff'",
])
def test_asking_if_what_was_told_counts_is_how_people_get_in(said, text):
    told = "I was a customs officer for 9 years and I did the intel work that flagged the boats. "
    assert said(told + text, "information_formats").topic == "entry_routes"


def test_a_term_asked_for_the_role_named_is_that_role_s_sentence(said):
    reply = said("For intelligence officer, what is meant by advising on tactical options?",
                 "role_details", topic="role_details", role="intelligence_analyst",
                 entities={"role": "intelligence_officer"})
    assert reply.role == "intelligence_officer" and "tactical options" in reply.text


def test_where_its_information_comes_from_is_its_pages_whatever_was_said_last(said):
    reply = said("And where does your information come from?", "information_sources",
                 topic="role_details", role="intelligence_analyst", kind="role_details")
    assert reply.topic == "resources" and "fast-track" in reply.text.lower()


@pytest.mark.parametrize("text, intent, context, topic", [
    # a greeting, then the jobs
    ("hi, intel jobs?", "greet", {}, "roles"),
    # which of the roles does what is asked, in any context
    ("Which one is most about databases?", "day_to_day", {"topic": "day_to_day"}, "role_details"),
    # the one next thing to do
    ("what do i do first. just one thing", "nlu_fallback",
     {"topic": "role_details", "role": "intelligence_analyst"}, "entry_routes"),
    # how the day goes, not which job is like the visitor's
    ("He asked what a day in the job is like.", "day_to_day", {}, "day_to_day"),
    # said again more plainly
    ("still to many big words. say it like to a kid", "nlu_fallback",
     {"topic": "fast_track", "kind": "fast_track"}, "fast_track"),
])
def test_what_a_turn_asks_for_in_the_words_of_sets_bp_and_bq(said, text, intent, context, topic):
    assert said(text, intent, **context).topic == topic


@pytest.mark.parametrize("text, asking", [
    ("And he asks what skills he should work on", True),
    ("she asked me what CPD means", True),
    ("he asked me to leave", False),
])
def test_a_question_asked_for_someone_else_is_a_question(text, asking):
    assert asks(text) is asking
