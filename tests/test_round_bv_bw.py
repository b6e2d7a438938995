"""What blind sets BV (planners who map a route in order and in time) and BW (visitors who bring
their feelings with them) found on their first look, fixed at the safety net, the reading of a
message, the frames and the content. Plain turns, no model: each gives the intent the model
gave."""

import pytest

from bot.action_server import safety
from bot.action_server.answers import Turn, answer
from bot.shared.focus import question_parts


@pytest.mark.parametrize("text", [
    # a stranger's texts that know where she works and what she wears, beside a question
    "Weird one - my fiancée keeps getting texts from a number she doesn't know saying they know "
    "where she works and describing what she's wearing that day. Meanwhile, what's the case "
    "studies bit on the College page?",
    # logged at work, but something new since
    "Sorry, not about me. A caller on my last shift said her partner had locked her out with the "
    "baby still inside and he'd been drinking. I logged it but I can't stop thinking about it and "
    "I've just seen her post on Facebook ten minutes ago saying 'someone help'.",
    # lockers gone through, a laptop gone
    "omg random but someone at the hostel I'm staying at keeps going through peoples lockers and "
    "my laptop has just gone from mine anyway if I start applying in april roughly how long would "
    "that IPP thing take me??",
    # a child fetched by a man met online
    "An aside. A Year 9 girl told me today that a man she met online is collecting her after "
    "school on Friday to take her 'to a party in Birmingham'. She is 13. Separately: is there "
    "ongoing professional development in intelligence, as there is in teaching?",
])
def test_reports_in_words_first_seen_in_sets_bv_and_bw_are_signposted(content, text):
    assert safety.check(content, text).signpost


@pytest.mark.parametrize("text", [
    # "Thank you. Next" is no "you're next"
    "Thank you. Next row is the roles themselves. What are they?",
    # the visitor's work with a charity, and the reports and logs their job handles
    "I do street outreach with a homelessness charity. I see a lot - cuckooing, young lads being "
    "used to run drugs, women being exploited for a bed. I'm thinking of moving into police "
    "intelligence in the next year. Does charity work count?",
    "I work in the telephone investigation bureau - I take reports of thefts, frauds and criminal "
    "damage over the phone and investigate what I can from the desk. Planning to get into the FIB "
    "within 18 months. What do they do there that I don't?",
    "I process the intel logs on rape and CSE referrals every day, I know the grading inside out. "
    "How would I get that recognised through IPP?",
    # a relative's career told in years
    "My husband Graham was a detective sergeant for 26 years, mostly burglary and robbery. He "
    "passed away last October. I'd like to understand what the intelligence people actually did "
    "for him.",
    # the visitor's own sentence served, long ago
    "I was in a young offenders place at 17 for nicking cars. Did my time, clean 14 years. Be "
    "honest, is that me finished?",
    # a partner's record feared at vetting
    "Would his record show up when they check me? I'm scared his name will ruin this for me as "
    "well...",
    # caught and tried, an order in place
    "My little brother died two years ago. Overdose. A lad started hanging around outside his "
    "hostel selling to all of them. The police did catch him in the end and I sat through every "
    "day of the trial. Could someone like me work in intelligence?",
])
def test_work_past_and_crimes_dealt_with_first_seen_in_sets_bv_and_bw_are_no_report(content, text):
    assert not safety.check(content, text).signpost


@pytest.mark.parametrize("text, intent", [
    # dealt with, after the signpost
    ("ok sorted, transport police took him off. where was i", "nlu_fallback"),
    # surely thanks, telling nothing of harm
    ("6) thanks thats my spreadsheet filled in", "thanks"),
])
def test_a_turn_after_a_signpost_that_says_it_is_over_gets_no_signpost_again(content, text, intent):
    assert not safety.check(content, text, intent, 0.95, after_signpost=True).signpost


def test_a_report_going_on_after_a_signpost_is_still_signposted(content):
    # (what the rule above must not let through)
    assert safety.check(content, "thanks, he's still outside her flat though", "thanks", 0.95,
                        after_signpost=True).signpost


def test_a_job_the_visitor_comes_from_does_not_set_the_question_aside(said):
    reply = said("Quick q while I wait for her to come up: is there proper training if you come "
                 "into it from teaching?", "training")
    assert reply.topic == "training"
    # ... but moving into another job is still that job's question
    assert said("I'm leaving teaching, how do I become a nurse?", "training").topic == "out_of_scope"


def test_an_example_after_a_question_is_that_question_still():
    assert question_parts("Is there support for people in those jobs you mentioned? Like "
                          "counselling, when the cases get to you?") == []
    assert len(question_parts("how long is the ipp? and who runs it?")) == 2


@pytest.mark.parametrize("text, intent, subject", [
    # whether what the visitor told bars them, asked in other words
    ("got rejected at vetting for a staff job last year cos my brother's been inside. i've never "
     "done anything. is that even allowed??", "more_details", "vetting"),
    ("I leave the courts in three years at 58, would they still take me on at that age?",
     "ask_unknown", "age"),
    ("Got knocked back for the specials two years ago. They never said why. Does that go on some "
     "file and stop me applying for intelligence jobs?", "ask_unknown", "previous_applications"),
    # pay set against another job's
    ("And is the pay for that anywhere near the upper pay scale for teachers? I genuinely can't "
     "take a big drop, we've got a mortgage.", "ask_unknown", "pay"),
    # a shorter week, or a programme beside the job
    ("Would they take someone like me on a four-day week?", "ask_unknown", "part_time"),
    ("that ipp thing, is it full time or do you do it alongside the job", "ipp", "part_time"),
    # planning in order and in time
    ("do i have to finish probation before i can apply for it", "ask_eligibility", "service"),
    ("Can that run in parallel with a fast track bar, or are they sequential?", "fast_track",
     "combining"),
    ("Could either of them do the IPP while they're on the fast track?", "ask_eligibility",
     "combining"),
    ("and how long do police applications take start to finish? trying to plan the season round it",
     "ask_duration", "recruitment_time"),
    ("Will there be a phone interview? I cannot do phone calls.", "information_formats",
     "interviews"),
    ("Would my SIA licence help or does it count for nothing?", "nlu_fallback", "qualifications"),
    ("If I did fast track first and wanted intel after, would I lose my detective accreditation?",
     "ask_outcome", "grades"),
])
def test_what_planners_and_worried_visitors_ask_that_the_sources_do_not_hold_is_declined(
        said, text, intent, subject):
    reply = said(text, intent, topic="skills")
    assert reply.topic == "unknown" and reply.subject == subject
    assert "don't hold" in reply.text


def test_can_i_apply_after_what_the_visitor_told_asks_whether_that_bars_them(content):
    # the model read the message in two parts: what it tells, and the question leaning on it
    text = "i am not british, i have settled status. i can apply for this?"
    context = {"topic": "suitability", "kind": "suitability"}
    reply = answer(content, Turn(
        "ask_unknown", text, **context,
        questions=(Turn("ask_unknown", "i can apply for this?", message=text, **context),),
        said=(Turn("ask_unknown", "i am not british, i have settled status."),)))
    assert reply.topic == "unknown" and reply.subject == "nationality"


def test_numbered_claims_with_true_or_false_on_each_are_each_a_question():
    # (set BT's myth-buster, not met last round: read as one question about "each")
    parts = question_parts(
        "Putting together a myth-buster for our network. Three things people keep saying: (1) you "
        "have to be a detective to move into intelligence, (2) IPP is only for officers, (3) fast "
        "track takes five years. True or false on each?")
    assert parts == ["is it true that you have to be a detective to move into intelligence?",
                     "is it true that IPP is only for officers?",
                     "is it true that fast track takes five years?"]
    # numbered questions stay the questions they are
    assert question_parts("1) what do they do 2) how long is it") == ["what do they do", "how long is it"]


@pytest.mark.parametrize("text, intent, context", [
    # the role told before "that role", with a move into it told too
    ("I search patent databases all day for prior art. I'd like to map out a move into a police "
     "intelligence researcher role. What does that role involve?", "role_details", {}),
    # the work of a role named, read as something not held
    ("If I went for a researcher post first, what would the work actually be?", "ask_unknown",
     {"topic": "working_environment", "kind": "unknown:part_time"}),
])
def test_asking_what_a_named_role_involves_gets_that_role(said, text, intent, context):
    reply = said(text, intent, **context)
    assert reply.topic == "role_details" and reply.role == "intelligence_researcher"
