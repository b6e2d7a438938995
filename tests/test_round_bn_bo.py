"""What blind sets BN (visitors whose lives touch crime) and BO (careful readers who check what
they are told) found on their first look, fixed at the safety net, the frames, the composition
and the content. Plain turns, no model: each gives the intent the model gave."""

from dataclasses import replace

import pytest

from bot.action_server import safety
from bot.action_server.answers import Turn, answer


@pytest.mark.parametrize("text", [
    # money leaving someone else's account after a scam text
    "My dad clicked a link in a text about a parcel and now his bank app shows payments going out "
    "that he didn't make. Anyway, do intelligence teams deal with scams like that?",
    # someone inside selling what the police hold
    "Someone has sent me a message saying a colleague is selling police database checks to a gang. "
    "Separately, is there training for officers?",
    # a threat against a school, in the visitor's work
    "a tool I run just picked up a post naming a college and saying 'bring it tomorrow, no one leaves'. "
    "also, do researchers search open sources?",
    # a child about to be taken away
    "my friend's ex says he'll take the kids abroad next week and she'll never see them again. "
    "Also, are intelligence jobs full-time?",
])
def test_reports_in_words_first_seen_in_sets_bn_and_bo_are_signposted(content, text):
    assert safety.check(content, text).signpost


@pytest.mark.parametrize("text", [
    # a crime long ago, that brought the visitor to the work
    "I was burgled when I was 20 and it has stuck with me. I'm 41 now. How would I get into "
    "intelligence?",
    "my brother got stabbed outside a club last summer, he's fine now. can intel stop knife crime "
    "before it happens?",
    # sentenced, caught, handed in, looked into
    "Someone robbed our shop and got 4 years for it. Where does police information come from?",
    "I've found stolen bikes in sheds more than once and handed it in. Could that get me into "
    "intelligence?",
    # what the visitor's trade brings, often
    "I run a pawn shop. At least once a week someone tries to sell me a stolen watch. Is that the "
    "sort of eye an analyst needs?",
    "Every week I check insurance claims for fraud and fake accidents. Is that like a researcher's "
    "work?",
    "I run a market stall. Knock-off perfume turns up on the next pitches every week, and I've "
    "started keeping a log of the sellers. Is keeping records like that what officers do?",
])
def test_a_crime_long_ago_dealt_with_or_brought_by_the_visitor_s_trade_is_no_report(content, text):
    assert not safety.check(content, text).signpost


@pytest.mark.parametrize("text", [
    # going on since then, or told now
    "my neighbour has been dealing from his flat since last year. how do I become an analyst?",
    # someone else's doing every week, where the visitor works
    "one of the regulars at the bar i do on fridays sells coke out the toilets every week. is that "
    "what an intel officer would pick up on?",
    # the visitor's business, threatened now
    "I run a cafe and two men have been coming round saying I must pay them or the windows go in. "
    "Do you have to be police to work in intelligence?",
])
def test_the_same_words_still_signpost_what_goes_on_now(content, text):
    assert safety.check(content, text).signpost


@pytest.mark.parametrize("text, term", [
    ("what does RIPA actually stand for?", "RIPA"),
    ("Strategic, tactical, operational. How does the College define each one?", "tactical"),
    ("what's the real difference between strategic and operational analysis?", "operational"),
    # words quoted back from an answer
    ("You mentioned 'community sources' - is that defined anywhere?", "community sources"),
    ("'specialist codes of practice' - which ones are those?", "specialist codes of practice"),
    ("you said 'closed sources'. closed to whom?", "closed sources"),
])
def test_a_meaning_the_pathway_does_not_give_is_declined_with_its_own_words(said, text, term):
    reply = said(text)
    assert reply.topic == "unknown"
    assert "don't hold" in reply.text and term.lower() in reply.text.lower()
    assert "What the pathway does say:" in reply.text and "College" in reply.text


@pytest.mark.parametrize("text, topic", [
    # what it is about, in the pathway's own sentence
    ("what's RIPA got to do with the officer job?", "role_details"),
    ("what's a collection plan", "role_details"),
    # two roles compared are no terms
    ("what's the actual difference between an analyst and a researcher?", "compare"),
    # words quoted back and asked of: the sentence that says them
    ("What exactly do you mean by 'at any level'?", "entry_routes"),
])
def test_a_term_the_pathway_uses_is_answered_from_where_it_says_it(said, text, topic):
    assert said(text).topic == topic


@pytest.mark.parametrize("text", ["what else?", "anything else I should know", "ok what else is there"])
def test_what_else_after_an_answer_is_more_of_it(said, text):
    reply = said(text, "help", topic="entry_routes", kind="entry_routes")
    assert reply.topic == "entry_routes" and reply.text.startswith("More on")
    # with nothing answered yet, or after something not held, what the assistant can tell
    assert said(text, "help").topic == "help"
    assert said(text, "help", topic="entry_routes", kind="unknown:age").topic == "help"


@pytest.mark.parametrize("text", [
    "So is that a yes or a no? I can't put 'it depends' on a leaflet.",
    "in one line please",
    "So that's a no, then?",
    "meaning?",
])
def test_asking_for_the_answer_again_or_shorter_says_it_again(said, text):
    reply = said(text, "nlu_fallback", topic="fast_track", kind="fast_track")
    assert reply.topic == "fast_track" and "constable" in reply.text


@pytest.mark.parametrize("text", [
    "Is that your wording or the College's? I need to credit the source.",
    "Where does the 'any level' line come from? I have to quote it.",
])
def test_the_assistant_asked_where_its_words_come_from_names_the_page(said, text):
    reply = said(text, "entry_routes", topic="entry_routes", kind="entry_routes")
    assert reply.text.startswith("That comes from") and "college.police.uk" in reply.text


def test_asked_where_its_answers_come_from_before_any_answer_it_names_its_pages(said):
    reply = said("before I trust you, where do you get your information from?",
                 "information_sources")
    assert reply.topic == "resources" and "College of Policing" in reply.text
    assert "fast-track" in reply.text.lower()


def test_intelligence_quoted_and_defined_is_what_intelligence_work_is(said):
    reply = said("Define 'intelligence' the way the College uses it, please.", "nlu_fallback")
    assert reply.topic == "what_is_intelligence"


@pytest.mark.parametrize("text", ["Who decides whether a force takes part?",
                                  "and who decides if forces take part?"])
def test_a_question_the_programme_in_context_answers_is_the_programme_s(content, text):
    turn = Turn("intelligence_units", text, ranking=(("intelligence_units", 0.54), ("ask_provider", 0.12)),
                topic="fast_track", kind="fast_track", programme="fast_track")
    reply = answer(content, turn)
    assert reply.topic == "fast_track" and "take part" in reply.text
    # a topic's own words still ask for that topic
    turn = replace(turn, text="so what do intelligence units do all day?")
    assert answer(content, turn).topic != "fast_track"


def test_which_of_two_roles_named_just_before_sets_them_side_by_side(said):
    reply = said("Analyst or researcher. Which is closer to what I'd be good at?", "skills",
                 entities={"role": "intelligence_analyst"})
    assert reply.topic == "compare" and "researcher" in reply.text.lower()


def test_how_many_roles_is_the_list_of_roles(said):
    reply = said("how many intelligence roles does the College profile, and what are they called?",
                 "role_profiles")
    assert reply.topic == "roles" and "four" in reply.text


def test_what_the_college_says_one_does_is_what_the_role_named_does(said):
    reply = said("Years ago, analysts drew charts all day. What does the College say one "
                          "does now?", "ask_outcome", entities={"role": "intelligence_analyst"})
    assert reply.topic == "role_details" and "stakeholders" in reply.text


@pytest.mark.parametrize("text, intent, topic", [
    ("Once someone is in a role, what are they expected to keep doing to stay current?",
     "role_details", "cpd"),
    ("where does intelligence actually sit in a force?", "working_environment", "intelligence_units"),
    ("Would the work ever bring me face to face with offenders?", "career_stories", "working_environment"),
])
def test_what_a_question_asks_for_in_other_words(said, text, intent, topic):
    assert said(text, intent).topic == topic
