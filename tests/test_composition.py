"""Questions as visitors ask them: a kind of question said for a role, two roles compared, the
one fact asked for, misspelt names, long messages and short follow-ups. Pure answer functions,
no model: each test gives the intent the model would give and checks what the visitor sees."""

import pytest

from bot.action_server.answers import Turn, answer
from bot.shared.focus import question_part
from bot.action_server.names import programmes_in, roles_in


def ask(content, intent, text, **kwargs):
    return answer(content, Turn(intent=intent, text=text, **kwargs))


def role_name(content, role_id):
    return content.roles[role_id].name.lower()


@pytest.mark.parametrize("kind", ["entry_routes", "skills", "training", "working_environment",
                                  "suitability", "role_profiles", "cpd", "ipp"])
@pytest.mark.parametrize("role_id", ["intelligence_analyst", "intelligence_officer",
                                     "intelligence_researcher", "intelligence_supervisor"])
def test_every_kind_is_said_for_every_role(content, kind, role_id):
    name = role_name(content, role_id)
    reply = ask(content, kind, f"{kind.replace('_', ' ')} for an {name}?")
    expected = content.topics[kind].for_role.format(role=name, summary="",
                                                    in_short=content.roles[role_id].in_short)
    assert reply.text.startswith(expected.strip())
    assert (reply.topic, reply.role) == (kind, role_id)
    if kind in content.roles[role_id].adds:
        assert reply.text.endswith(content.roles[role_id].adds[kind])


def test_day_to_day_for_a_role_is_what_its_profile_says_it_does(content):
    reply = ask(content, "day_to_day", "what does a researcher do all day?")
    assert content.roles["intelligence_researcher"].summary in reply.text
    assert (reply.topic, reply.role) == ("role_details", "intelligence_researcher")


def test_day_to_day_for_a_role_in_context_gives_the_duty_asked(content):
    # "who do they work with?" after the officer: the officer's partners, not the FIB in general
    reply = ask(content, "day_to_day", "what would he actually be doing day to day?",
                topic="role_details", role="intelligence_officer")
    assert (reply.topic, reply.role) == ("role_details", "intelligence_officer")


def test_how_do_i_become_a_role_is_about_entry_for_that_role_even_when_the_model_says_out_of_scope(content):
    ranking = [("out_of_scope", 0.6), ("role_details", 0.2)]
    reply = ask(content, "out_of_scope", "how can I become an intelligence officer", ranking=ranking)
    assert (reply.topic, reply.role) == ("entry_routes", "intelligence_officer")
    assert "at any level" in reply.text and "intelligence officer" in reply.text


def test_how_do_i_become_is_about_entry_when_the_model_guesses_a_neighbour(content):
    reply = ask(content, "suitability", "I'd love to be an analyst, how do I go about it?")
    assert (reply.topic, reply.role) == ("entry_routes", "intelligence_analyst")


def test_two_roles_in_one_question_are_compared_side_by_side(content):
    reply = ask(content, "role_details", "analyst vs supervisor, what's the difference")
    lines = reply.text.splitlines()
    assert reply.topic == "compare"
    assert lines[1] == f"- Intelligence analyst: {content.roles['intelligence_analyst'].in_short}"
    assert lines[2] == f"- Intelligence supervisor: {content.roles['intelligence_supervisor'].in_short}"
    assert [b.payload for b in reply.buttons[:2]] == [
        '/role_details{"role": "intelligence_analyst"}',
        '/role_details{"role": "intelligence_supervisor"}']


def test_a_role_compared_with_the_one_in_context(content):
    reply = ask(content, "role_details", "how's that different from a researcher?",
                topic="role_details", role="intelligence_analyst")
    assert reply.topic == "compare"
    assert "Intelligence analyst" in reply.text and "Intelligence researcher" in reply.text


@pytest.mark.parametrize("intent, text, role_id, fact", [
    ("role_details", "do analysts brief senior people in person?", "intelligence_analyst",
     "Analysts brief stakeholders in writing and in person."),
    ("role_details", "do analysts prepare products for court?", "intelligence_analyst",
     "Analysts may prepare analytical products for court."),
    ("entry_routes", "does an intelligence officer keep contacts with partner organisations",
     "intelligence_officer", "An intelligence officer keeps networks with partners."),
    ("role_details", "do supervisors advise the bosses?", "intelligence_supervisor",
     "Intelligence supervisors advise decision makers."),
])
def test_the_fact_asked_for_comes_first(content, intent, text, role_id, fact):
    reply = ask(content, intent, text)
    assert reply.text == fact
    assert (reply.topic, reply.role) == ("role_details", role_id)
    assert fact in content.roles[role_id].details, "facts come from the content, never composed"
    assert reply.buttons[0].payload == "/more_details", "the rest is offered"


def test_a_topic_detail_asked_for_comes_first_with_tell_me_more(content):
    reply = ask(content, "ipp", "does the ipp have a portfolio or coursework?")
    assert reply.text == "It combines a learning curriculum with an assessed portfolio."
    assert reply.text in content.topics["ipp"].details, "details come from the content"
    assert reply.buttons[0].payload == "/more_details"


def test_a_general_question_gets_the_general_answer_not_a_detail(content):
    assert ask(content, "ipp", "what is the ipp").text == content.topics["ipp"].answer
    assert ask(content, "role_details", "what does an analyst do").text == \
        content.roles["intelligence_analyst"].summary


def test_the_role_is_found_from_the_duty_asked_about(content):
    reply = ask(content, "roles", "which of them leads a team?")
    assert reply.role == "intelligence_supervisor"


@pytest.mark.parametrize("intent, text, role_id", [
    # The model read another topic, but the words ask which role does something.
    ("information_formats", "I look at bank statements all day. Which job would analyse "
     "that kind of thing?", "intelligence_analyst"),
    ("entry_routes", "what role would suit someone who likes digging through databases",
     "intelligence_researcher"),
    ("intelligence_units", "which of the roles assesses threat and harm?", "intelligence_analyst"),
])
def test_a_question_asking_which_role_does_something_names_that_role(content, intent, text,
                                                                     role_id):
    reply = ask(content, intent, text)
    assert reply.role == role_id
    assert content.roles[role_id].name.lower() in reply.text.lower()


@pytest.mark.parametrize("text", [
    "which role deals with partners?",  # the officer and the supervisor both do
    "what roles are there?",
])
def test_no_role_is_picked_when_the_words_do_not_single_one_out(content, text):
    assert ask(content, "roles", text).role is None


@pytest.mark.parametrize("typed, role_id", [
    ("whats an intel superviser", "intelligence_supervisor"),
    ("what does a reseacher do", "intelligence_researcher"),
    ("inteligence anaylst role", "intelligence_analyst"),
    ("difrence between analist and ofcer", "intelligence_analyst"),
])
def test_misspelt_role_names_resolve(content, typed, role_id):
    assert roles_in(content, typed)[0] == role_id


def test_english_words_are_never_read_as_misspelt_names(content):
    assert roles_in(content, "is the work office based") == []
    assert roles_in(content, "a police officer on patrol") == []


def test_a_word_that_does_not_inflect_is_not_read_as_a_misspelling_either(content):
    from bot.shared.words import Phrases, analyse

    weather = Phrases(["weather"])
    assert weather.find(analyse("is there an age limit, whether I'm a PC or staff?")) == []
    assert weather.find(analyse("whats the wether like")) or weather.find(analyse("weathr today"))
    reply = ask(content, "ask_unknown", "Would it be impertinent to ask whether there is an age "
                "limit?", ranking=[("ask_unknown", 0.99)])
    assert reply.topic == "unknown" and "age" in reply.text


def test_misspelt_programme_names_resolve(content):
    assert programmes_in(content, "what is the profesionalisation programme") == ["ipp"]
    assert programmes_in(content, "fast trak for constables") == ["fast_track"]


def test_an_unsure_misspelt_role_question_answers_about_the_role(content):
    reply = ask(content, "nlu_fallback", "whats an intel superviser", ranking=[("roles", 0.2)])
    assert (reply.topic, reply.role) == ("role_details", "intelligence_supervisor")


LONG = ("I'm 34 and I've worked in retail management for ten years, mostly looking at sales "
        "figures and rotas, and I've always been into true crime podcasts. My partner thinks I "
        "should go for something in the police. How would I go about becoming an analyst?")


def test_a_long_message_is_classified_by_its_question():
    assert question_part(LONG) == "How would I go about becoming an analyst?"
    assert question_part("what is the ipp") == "what is the ipp"


def test_a_long_message_of_one_unbroken_sentence_is_classified_by_where_it_turns_to_ask():
    text = ("so my dad has a takeaway and last year orders kept going missing and i worked out it "
            "was always the same driver on the same nights and my psychology teacher said it "
            "sounds like police analyst work so i looked it up and i just want to know is "
            "intelligence analyst a job you can go into straight from school")
    assert question_part(text) == ("is intelligence analyst a job you can go into straight "
                                   "from school")
    told = ("i was really nervous at the start so what i did was write everything down and "
            "then later i got the hang of it which was great anyway")
    assert question_part(told) == told, "no question in it: the whole"


def test_a_question_that_says_it_keeps_the_sentence_it_refers_to():
    text = ("I've been a researcher in our force intelligence bureau for a couple of years now. "
            "My line manager keeps bringing up the IPP at every single appraisal. "
            "What does it involve?")
    assert question_part(text) == ("My line manager keeps bringing up the IPP at every single "
                                   "appraisal. What does it involve?")


def test_a_long_message_gets_the_answer_to_its_question_not_to_its_context(content):
    reply = ask(content, "suitability", LONG)
    assert (reply.topic, reply.role) == ("entry_routes", "intelligence_analyst")


def test_and_for_the_officer_keeps_the_kind_of_question(content):
    reply = ask(content, "role_details", "and for the officer?", topic="skills",
                role="intelligence_analyst")
    assert (reply.topic, reply.role) == ("skills", "intelligence_officer")


def test_a_follow_up_the_model_is_unsure_of_keeps_the_topic(content):
    reply = ask(content, "nlu_fallback", "how do I get on it?", topic="ipp",
                ranking=[("ask_eligibility", 0.25), ("ipp", 0.2)])
    assert reply.text == content.topics["ipp"].follow_ups["eligibility"].answer
    assert reply.topic == "ipp"


def test_a_misspelt_word_the_content_says_in_other_words_finds_its_fact_in_context(content):
    # "recognsied" is "recognised", which the content says as the IPP's certificate
    reply = ask(content, "nlu_fallback", "is it recognsied by other agencys", topic="ipp",
                ranking=[("ask_outcome", 0.2), ("ipp", 0.15)])
    assert reply.topic == "ipp"
    assert "recogni" in reply.text


def test_a_role_button_after_a_role_answer_gives_that_role(content):
    reply = ask(content, "role_details", '/role_details{"role": "intelligence_analyst"}',
                entities={"role": "intelligence_analyst"}, topic="entry_routes",
                role="intelligence_analyst")
    assert (reply.topic, reply.text) == ("role_details", content.roles["intelligence_analyst"].summary)


def test_source_question_after_an_answer_names_the_source(content):
    reply = ask(content, "information_sources", "source?", topic="role_details",
                role="intelligence_researcher")
    assert content.sources["S4"].url in reply.text and reply.role == "intelligence_researcher"


def test_in_a_programme_s_context_a_qualification_question_is_about_the_programme(content):
    reply = ask(content, "ask_outcome", "do you get a qualification", topic="ipp")
    assert reply.topic == "ipp" and "certificate" in reply.text


def test_a_become_question_with_a_duty_word_in_its_context_is_about_getting_in(content):
    reply = ask(content, "entry_routes", "i do data analysis for an insurance company, could I "
                "become a police intelligence analyst?", entities={"role": "intelligence_analyst"})
    assert reply.topic == "entry_routes" and reply.role == "intelligence_analyst"


def test_intelligence_in_general_is_not_answered_with_which_role(content):
    reply = ask(content, "role_details", "does the intel tell bosses where to put patrols")
    assert reply.topic == "what_is_intelligence"
    assert ask(content, "role_details", "what does the job involve?").text == \
        content.reply("which_role").answer


def test_a_duty_asked_with_presenting_in_court_is_the_court_duty(content):
    reply = ask(content, "role_details", "do analysts ever end up presenting crime analysis in court",
                entities={"role": "intelligence_analyst"})
    assert "court" in reply.text


def test_a_follow_up_that_refers_to_the_role_keeps_it(content):
    reply = ask(content, "entry_routes", "ok sounds good, so how do i actually get in to that?",
                topic="role_details", role="intelligence_researcher")
    assert reply.topic == "entry_routes" and reply.role == "intelligence_researcher"
    reply = ask(content, "day_to_day", "what about their day to day?", topic="role_details",
                role="intelligence_analyst")
    assert reply.role == "intelligence_analyst"


def test_data_entry_is_not_a_question_about_getting_in(content):
    reply = ask(content, "entry_routes", "intel officer. is it basically just data entry?",
                entities={"role": "intelligence_officer"})
    assert reply.topic == "role_details"


def test_who_may_deliver_a_programme_is_found_among_its_other_follow_ups(content):
    reply = ask(content, "ask_provider", "can my organisation get permission to run the IPP itself",
                entities={"programme": "ipp"})
    assert reply.text == content.topics["ipp"].follow_ups["eligibility"].answer
    reply = ask(content, "ask_provider", "who designed the IPP", entities={"programme": "ipp"})
    assert reply.text == content.topics["ipp"].follow_ups["provider"].answer


@pytest.mark.parametrize("text, roles", [
    ("the officer one whats that", ["intelligence_officer"]),
    ("is that analyst job office based", ["intelligence_analyst"]),
    ("I'm a police officer, one question", []),
    ("police officer job", []),
    ("an analyst and a police officer", ["intelligence_analyst"]),
])
def test_a_role_said_as_a_job_is_the_intelligence_role_and_a_police_officer_is_not(content, text, roles):
    assert roles_in(content, text) == roles
    assert roles_in(content, text, bare=True) == roles


@pytest.mark.parametrize("text, role_id", [("the research one", "intelligence_researcher"),
                                           ("what about the analysis role", "intelligence_analyst")])
def test_a_role_named_by_its_work_said_as_a_job_is_that_role(content, text, role_id):
    assert roles_in(content, text) == [role_id]


def test_work_said_without_a_job_word_names_no_role(content):
    assert roles_in(content, "i do research in my current job") == []


def test_whether_an_organisation_may_deliver_a_programme_is_its_licence_not_who_designed_it(
        content):
    reply = ask(content, "ask_provider", "would my county council be able to deliver it?",
                topic="ipp")
    assert "licen" in reply.text
    reply = ask(content, "ask_provider", "who delivers it?", topic="ipp")
    assert reply.text == content.topics["ipp"].follow_ups["provider"].answer


def test_small_words_of_a_question_pick_no_detail(content):
    # "out" is in "sets out what it needs", and says nothing of what is asked
    reply = ask(content, "entry_routes", "my job is a dead end and I want out, could I get into "
                "police intelligence without experience?")
    assert reply.text.startswith(content.topics["entry_routes"].answer[:40])


def test_what_a_programme_leads_to_is_its_outcome(content):
    reply = ask(content, "fast_track", "what does the fast track programme lead to?")
    assert reply.text == content.topics["fast_track"].follow_ups["outcome"].answer


def test_own_picks_no_detail_in_context(content):
    # "your force's own pages" shares only "own" with the question
    reply = ask(content, "out_of_scope", "do hospitals have their own intel people?",
                topic="entry_routes", kind="entry_routes")
    assert reply.text != content.topics["entry_routes"].details[-1]


def test_what_a_role_produces_finds_its_products(content):
    reply = ask(content, "role_details", "what would an analyst actually produce for people?",
                entities={"role": "intelligence_analyst"})
    assert "product" in reply.text


def test_cyber_and_tech_find_what_the_content_says_of_technology(content):
    reply = ask(content, "what_is_intelligence", "how do crooks use tech these days?")
    assert "technology" in reply.text


def test_a_detail_that_calls_the_subject_it_follows_the_answer_that_names_it(content):
    """"is there a course you do once you're in?" is not answered by "It combines a learning
    curriculum with ...": the IPP's answer comes first; asked "how is it assessed?" of the IPP
    in context, the detail leads."""
    reply = ask(content, "ipp", "is there a course with a portfolio you do once you're in?")
    assert reply.text.startswith(content.topics["ipp"].answer), reply.text
    assert "portfolio" in reply.text


def test_what_a_programme_involves_is_what_it_is_made_of(content):
    """"what does the IPP involve" asks for the curriculum and portfolio, not its purpose."""
    assert "portfolio" in ask(content, "ipp", "what does the IPP involve?").text
    assert "portfolio" not in ask(content, "ipp", "what is the IPP?").text


@pytest.mark.parametrize("intent,text", [
    ("role_details", "I study IT in Addis Ababa 2 years. I can be analyst?"),
    ("out_of_scope", "Would they take someone who's bred dogs all her life and never worked in an office?"),
    ("what_is_intelligence", "Police intelligence want ex soldiers?"),
    ("nlu_fallback", "Would a journalism background be looked at?"),
])
def test_asking_whether_they_would_take_you_is_asking_the_way_in(content, intent, text):
    """Plain or second-language ways of asking "could I get in?" are cues of the ways in,
    whatever the model made of the rest of the message."""
    reply = ask(content, intent, text, ranking=[(intent, 0.6)])
    assert reply.topic == "entry_routes", reply
    assert "any level" in reply.text


@pytest.mark.parametrize("intent,text,topic", [
    ("working_environment", "While I wait — what does an intelligence officer actually do, besides "
     "sitting in an office?", "role_details"),
    ("nlu_fallback", "So no car chases then ha. What do they actually look at? Phones and that?",
     "information_formats"),
    ("nlu_fallback", "Which units would I be working in?", "intelligence_units"),
    ("nlu_fallback", "Where would I look up the training side of it?", "resources"),
])
def test_the_words_a_visitor_uses_for_a_subject_find_it(content, intent, text, topic):
    reply = ask(content, intent, text, ranking=[(intent, 0.5)])
    assert reply.topic == topic, reply
