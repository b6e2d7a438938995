"""Answer composition, straight from the content: what a user would see for each kind of turn."""

import pytest

from bot.action_server.answers import Turn, answer
from bot.shared.content import TOPIC_IDS


def ask(content, intent, text="question", **kwargs):
    return answer(content, Turn(intent=intent, text=text, **kwargs))


@pytest.mark.parametrize("topic_id", [t for t in TOPIC_IDS if t != "role_details"])
def test_every_topic_answers_from_its_content_with_next_topics(content, topic_id):
    reply = ask(content, topic_id)
    topic = content.topics[topic_id]
    assert reply.text == topic.answer
    assert reply.topic == topic_id
    more = ["/more_details"] if topic.details else []
    assert [b.payload for b in reply.buttons] == (more + [f"/{t}" for t in topic.next])[:3]
    assert 2 <= len(reply.buttons) <= 3


@pytest.mark.parametrize("intent, text", [
    ("ask_duration", "how long does it take?"), ("ask_eligibility", "who can do it?"),
    ("ask_outcome", "what do I get?"), ("ask_provider", "who designed it?")])
def test_ipp_follow_ups_answer_from_context(content, intent, text):
    reply = ask(content, intent, text, topic="ipp")
    assert reply.text == content.topics["ipp"].follow_ups[intent[len("ask_"):]].answer
    assert reply.topic == "ipp"


def test_follow_up_naming_the_programme_needs_no_context(content):
    reply = ask(content, "ask_duration", "how long is the fast track",
                entities={"programme": "fast track"})
    assert reply.text == content.topics["fast_track"].follow_ups["duration"].answer
    assert reply.topic == "fast_track"


def test_follow_up_after_a_role_keeps_the_role_in_context(content):
    reply = ask(content, "ask_eligibility", "who can do it?", topic="role_details",
                role="intelligence_researcher")
    assert reply.text == content.topics["role_details"].follow_ups["eligibility"].answer
    assert (reply.topic, reply.role) == ("role_details", "intelligence_researcher")


def test_follow_up_without_context_asks_which_programme(content):
    reply = ask(content, "ask_duration", "how long does it take?")
    assert reply.topic == "fallback"
    assert [b.payload for b in reply.buttons] == [
        '/ask_duration{"programme": "ipp"}', '/ask_duration{"programme": "fast_track"}'
    ]


def test_follow_up_the_topic_does_not_hold_says_so_and_points_to_the_source(content):
    reply = ask(content, "ask_duration", "how long does it take", topic="skills")
    skills = content.topics["skills"]
    assert reply.text == content.reply("no_follow_up").answer.format(
        title=skills.title[0].lower() + skills.title[1:],
        url=content.sources_of(skills.sources)[0].url)


@pytest.mark.parametrize("typed, role_id", [
    ("analist", "intelligence_analyst"),
    ("Intel Officer", "intelligence_officer"),
    ("researchers", "intelligence_researcher"),
    ("intel sup", "intelligence_supervisor"),
])
def test_role_details_for_every_role_and_the_names_people_type(content, typed, role_id):
    reply = ask(content, "role_details", f"what does an {typed} do", entities={"role": typed})
    assert reply.text == content.roles[role_id].summary
    assert (reply.topic, reply.role) == ("role_details", role_id)


def test_after_roles_tell_me_more_about_the_analyst_one_gives_the_analyst(content):
    reply = ask(content, "more_details", "tell me more about the analyst one", topic="roles",
                entities={"role": "intelligence_analyst"})
    assert reply.role == "intelligence_analyst"
    assert content.roles["intelligence_analyst"].summary in reply.text


def test_role_details_without_a_role_offers_the_four_roles(content):
    reply = ask(content, "role_details", "what does that job involve")
    assert reply.text == content.reply("which_role").answer
    assert [b.title for b in reply.buttons] == [role.name for role in content.roles.values()]
    assert reply.buttons[0].payload == '/role_details{"role": "intelligence_analyst"}'


def test_tell_me_more_lists_the_details_of_the_current_topic(content):
    reply = ask(content, "more_details", "tell me more", topic="fast_track")
    for detail in content.topics["fast_track"].details:
        assert f"- {detail}" in reply.text


def test_tell_me_more_after_a_role_lists_its_responsibilities(content):
    reply = ask(content, "more_details", "go on", topic="role_details", role="intelligence_officer")
    for detail in content.roles["intelligence_officer"].details:
        assert f"- {detail}" in reply.text


def test_tell_me_more_when_nothing_more_is_held_points_to_the_page(content):
    reply = ask(content, "more_details", "more", topic="information_sources")
    topic = content.topics["information_sources"]
    assert not topic.details, "this test needs a topic without details"
    assert content.sources_of(topic.sources)[0].url in reply.text
    before_title = content.reply("no_more_details").answer.split("{title}")[0]
    assert reply.text.startswith(before_title)


def test_tell_me_more_with_no_context_offers_topics(content):
    reply = ask(content, "more_details", "tell me more")
    assert reply.topic == "fallback" and len(reply.buttons) == 3


def test_source_of_the_current_topic_has_title_and_link(content):
    reply = ask(content, "ask_source", "where is that from?", topic="ipp")
    for source in content.sources_of(content.topics["ipp"].sources):
        assert source.title in reply.text and source.url in reply.text


def test_did_you_mean_offers_the_top_two_topics_and_something_else(content):
    ranking = [("nlu_fallback", 0.4), ("greet", 0.3), ("ipp", 0.2), ("cpd", 0.1), ("skills", 0.05)]
    reply = ask(content, "nlu_fallback", "that programme thing", ranking=ranking)
    assert reply.topic == "fallback"
    assert reply.text == content.reply("did_you_mean").answer
    assert [(b.title, b.payload) for b in reply.buttons] == [
        (content.topics["ipp"].button, "/ipp"), (content.topics["cpd"].button, "/cpd"),
        (content.reply("something_else").answer, "/help")]


def test_an_unsure_question_naming_one_role_is_about_that_role(content):
    ranking = [("role_details", 0.4), ("roles", 0.35)]
    reply = ask(content, "nlu_fallback", "analyst stuff?", ranking=ranking,
                entities={"role": "analyst"})
    assert (reply.topic, reply.role) == ("role_details", "intelligence_analyst")
    assert reply.text == content.roles["intelligence_analyst"].summary


def test_something_unrelated_is_out_of_scope_kindly_with_topics_offered(content):
    reply = ask(content, "out_of_scope", "what's the capital of France")
    assert reply.text == content.out_of_scope.answer and reply.topic == "out_of_scope"
    assert reply.buttons, "a deflection still offers topics the assistant covers"


@pytest.mark.parametrize("text", ["how do I train to be a paramedic", "got a recipe for lasagne?",
                                  "who won the football",
                                  "is it going to snow tonight, i'm driving home on the m6 at 7",
                                  "unrelated, any idea why outlook keeps crashing on startup"])
def test_other_jobs_and_subjects_are_out_of_scope_whatever_the_model_guessed(content, text):
    assert ask(content, "training", text).topic == "out_of_scope"


def test_empty_message_gets_a_prompt_not_a_guess(content):
    reply = ask(content, "greet", "   ")
    assert reply.text == content.reply("empty").answer and reply.topic == "help"


def test_a_huge_message_is_asked_to_be_shorter_not_guessed(content):
    reply = ask(content, "intelligence_units", "word " * 20000)
    assert reply.text == content.reply("too_long").answer and reply.topic == "help"
    assert len(reply.buttons) == 3


def test_another_script_gets_told_english_only(content):
    reply = ask(content, "what_is_intelligence", "这是什么工作")
    assert reply.text == content.reply("not_english").answer


def test_markup_and_emoji_are_just_text(content):
    reply = ask(content, "ipp", "<script>alert(1)</script> what is the ipp 🤔")
    assert reply.topic == "ipp"


@pytest.mark.parametrize("intent, text", [
    ("greet", "hello there"), ("goodbye", "bye then"), ("thanks", "cheers"),
    ("bot_challenge", "are you a real person"), ("help", "what can you do")])
def test_chitchat_replies_come_from_the_content(content, intent, text):
    reply = ask(content, intent, text)
    assert reply.text == content.reply(intent).answer and reply.topic == intent


@pytest.mark.parametrize("text, said", [("cheers", "thanks"), ("ok ta", "thanks"),
                                        ("k thx", "thanks"), ("bye then", "goodbye"),
                                        ("hiya", "greet"), ("ok thank you my friend", "thanks"),
                                        ("cheers gtg", "goodbye"), ("thx, that'll do", "thanks"),
                                        ("Merci, au revoir", "goodbye"),
                                        ("Bye, thanks", "goodbye"),
                                        ("You have been most kind. Good day to you, sir.", "goodbye"),
                                        ("thank you, you've been extremely helpful", "thanks")])
def test_a_message_that_only_says_thanks_hello_or_goodbye_is_that(content, text, said):
    # Whatever the model made of it ("ta" and "cheers" are rarely in its training data).
    reply = ask(content, "out_of_scope", text, ranking=[("out_of_scope", 0.8)])
    assert reply.topic == said and reply.text == content.reply(said).answer
    assert ask(content, "ipp", "cheers, how long is the ipp?").topic != "thanks"
    assert ask(content, "ipp", "thanks, is that it for staff?").topic != "thanks"


def test_thanks_is_never_read_as_a_report(content):
    reply = ask(content, "report_crime", "ok thank you my friend", ranking=[("report_crime", 0.68)])
    assert reply.topic == "thanks" and "999" not in reply.text


def test_an_unknown_intent_never_raises(content):
    assert ask(content, "something_new", "hmm", ranking=[("ipp", 0.3)]).topic == "fallback"


def test_a_question_beside_a_report_is_answered_even_if_the_model_reads_it_as_one(content):
    """Beside a report the model may read the question part as a report too; the part is
    judged by its own words, so its answer still follows the signpost."""
    question = Turn(intent="report_crime", text="and does my boyfriend need any qualifications for it",
                    ranking=[("report_crime", 0.97), ("ask_unknown", 0.01)])
    turn = Turn(intent="report_crime", ranking=[("report_crime", 0.9)],
                text="my ex keeps turning up outside my work and threatening me, i'm scared to "
                     "go home tonight. and does my boyfriend need any qualifications for it",
                questions=(question,))
    reply = answer(content, turn)
    assert reply.text.startswith(content.safety.answer)
    assert len(reply.text) > len(content.safety.answer) + 20


def test_an_unsure_question_beside_a_report_gets_did_you_mean_after_the_signpost(content):
    text = "a man keeps sitting outside my sister's flat in his car all night. also is intel hard"
    question = Turn(intent="nlu_fallback", text="also is intel hard",
                    ranking=[("nlu_fallback", 0.3), ("skills", 0.25), ("suitability", 0.22)])
    reply = answer(content, Turn(intent="report_crime", text=text, questions=(question,),
                                 ranking=[("report_crime", 0.95)]))
    assert reply.text.startswith(content.safety.answer)
    assert reply.signposted and reply.buttons  # the question is not swallowed


def test_a_question_about_the_report_itself_gets_no_did_you_mean(content):
    text = "a man keeps sitting outside my sister's flat in his car all night. what do we do?"
    question = Turn(intent="nlu_fallback", text="what do we do?",
                    ranking=[("nlu_fallback", 0.3), ("help", 0.25)])
    reply = answer(content, Turn(intent="report_crime", text=text, questions=(question,),
                                 ranking=[("report_crime", 0.95)]))
    assert reply.text == content.safety.answer


@pytest.mark.parametrize("text, intent, topic", [
    # going for a post is getting in, whatever the model made of the role named (blind set BB)
    ("realistic for a pcso to go for an intel officer post?", "roles", "entry_routes"),
    ("cn a pcso go for an anaylst job or do u hav to b a pc frist", "role_details", "entry_routes"),
    # whether something is part of the work asks what the work is (blind set BC)
    ("is building a picture from loads of different sources actually part of intelligence work "
     "or is that more of a detective thing", "ask_source", "what_is_intelligence"),
    # whether what they know would count is how people get in (blind set BC)
    ("Would knowing all that count as relevant if I wanted to work in intelligence later?",
     "nlu_fallback", "entry_routes"),
])
def test_the_words_of_the_question_say_what_it_asks_whatever_the_model_read(
        content, text, intent, topic):
    assert ask(content, intent, text).topic == topic


def test_what_is_hard_about_it_is_answered_by_what_the_college_says_is_challenging(content):
    reply = ask(content, "working_environment", "whats hard about it")
    assert "challenging" in reply.text
