"""Safety first, and honesty about what the sources do not say. Pure functions, no model: the
deterministic net must hold whatever intent the model gives (here a wrong one on purpose)."""

import pytest

from bot.action_server import safety
from bot.action_server.answers import Turn, answer, context_slots
from bot.shared.content import ContentError, load_content
from bot.shared.records import report


def ask(content, intent, text, **kwargs):
    return answer(content, Turn(intent=intent, text=text, **kwargs))


REPORTS = [
    "I just saw someone get stabbed",
    # a scam under way (blind set AO)
    "a lad keeps coming to our social club getting the pensioners to put money in a crypto "
    "scheme, one has handed over thousands already",
    "someone emailed me claiming to be a police recruiter and asking for my bank details",
    # signs seen on a job or a round (blind set AN)
    "did a boiler service today, there were padlocks on the outside of every bedroom door",
    "a man has been sat in a car for three nights photographing the houses across from mine",
    "my neighbour is 90 and his door is wide open and he isn't answering",
    "someone keeps selling weed outside my flat",
    "there's a guy breaking into cars on our road",
    "i know who did the shop robbery last week",
    "I've got intel on who's running county lines round here",
    "can I pass on info about a dealer to one of your analysts",
    "my ex keeps threatening me",
    "sum1 broke in2 my car last nite",
    "ive been robbd",
    "my neighbour is growing cannabis in his loft",
    "my 14 year old has gone missing",
    "I found a bag with a knife in it in the park near my house",
    "my boss has been fiddling the accounts and I want to tell someone",
    "got a message saying im getting stabbed if i go to school tomoro",
    "I work on the counter at a bank and I'm fairly sure one elderly customer is being made to "
    "withdraw cash by a man who waits outside every single time",
    # A threat that says where someone lives; whether to speak up at all; the visitor's things taken.
    "a lad outside the pub told my brother he knows where he lives and to watch himself",
    "a woman at work keeps asking customers for their PIN is that a scam should i say something",
    "we've had the tools nicked off the van twice this month and the same car keeps parking up",
    # A plan of terror told second-hand; a child missing, told by staff at work (blind set AA).
    "Someone in a WhatsApp group I translate for has just posted about 'recording a martyr "
    "video' before next Friday. I can't tell if it's a joke.",
    "We've got a 15-year-old missing from a care home since last night, last seen getting into a "
    "car with an older man.",
    # Stock taken from a field, told in a farmer's few words (blind set AL).
    "lost 14 ewes off the top field last nite. trailer tracks by the gate. 3rd time this yr",
    # Told by a Community Speedwatch volunteer, whose logs are otherwise their own work (AM).
    "One van we've logged keeps appearing at 3am near the farms with no lights on, and two quad "
    "bikes have vanished from those farms this month. Whom should I tell?",
    # A threat naming the street, a fire boasted of, pictures held over someone, a child kept
    # from a visitor (blind sets AZ and BA; new words here).
    "my ex has started texting that he knows which street i live on now and he'll pop round",
    "a lad from the flats keeps boasting he set the bins on fire behind the parade last week",
    "someone is threatening to put intimate pictures of my cousin online if she tells anyone",
    "the family upstairs never let their youngest talk to anyone, and she's not on the school "
    "roll anywhere",
    # a child asked for pictures, a fraud under way, a needle drawn (blind set BB and BC)
    "Outside of work, my daughter is 13 and a man on Snapchat keeps asking her to send photos "
    "and to meet him at the retail park",
    "My father has just rung me: a man from his bank's fraud team told him his card is "
    "compromised and a courier is on the way to collect it and his PIN.",
    "a lad just pulled a needle on my colleague at the kiosk when she wouldnt buy his phone, hes "
    "still walking round the centre",
]
#: Reports with a question beside them: the signpost comes first, whatever the model said.
REPORTS_AND_QUESTIONS = [
    "my ex keeps sending messages saying he'll come round and sort me out. can an intelligence "
    "officer trace his new number?",
    "At the car wash the lads sleep in the back room and the owner holds their passports, they "
    "look terrified. also how long is the IPP?",
    # Someone met at work; an old man at risk (blind set AA).
    "One of our regulars drops off dogs covered in bite scars and he's always cagey about it, I "
    "think it might be dog fighting. Also, is there someone in intelligence whose job is digging "
    "into that kind of thing?",
    "Old fella on my round has had three different 'roofers' round this month charging him "
    "thousands for nothing. He's 89 and a bit muddled. Also, do intelligence teams look at that "
    "kind of rogue trader thing?",
    "We've got a 15-year-old missing from a care home since last night, last seen getting into a "
    "car with an older man. Can intelligence look at that for me?",
    # A break-in told as something found forced open (blind set AL).
    "The church I'm working in has had its collection box forced again, the vicar found it "
    "jemmied open this morning. Anyway, is a steady eye the sort of thing intelligence wants?",
    # "netflix" here is what is stolen, not where the visitor watched crime (blind set BC)
    "someone in my halls is running a discord selling stolen netflix and bank logins, ive got "
    "screenshots of it all. is that the kind of thing a researcher digs into",
]


@pytest.mark.parametrize("text", REPORTS)
@pytest.mark.parametrize("intent", ["goodbye", "out_of_scope", "nlu_fallback", "what_is_intelligence"])
def test_a_crime_report_gets_999_101_and_crimestoppers_whatever_the_model_said(content, text, intent):
    reply = ask(content, intent, text)
    assert reply.topic == "safety"
    assert reply.text == content.safety.answer
    assert "999" in reply.text and "101" in reply.text and "0800 555 111" in reply.text
    assert reply.buttons == () and reply.sources == (), "nothing else competes with it"


@pytest.mark.parametrize("text", REPORTS_AND_QUESTIONS)
@pytest.mark.parametrize("intent", ["goodbye", "out_of_scope", "nlu_fallback", "what_is_intelligence"])
def test_a_report_beside_a_question_gets_999_101_and_crimestoppers_first(content, text, intent):
    assert ask(content, intent, text).text.startswith(content.safety.answer)


def test_safety_holds_mid_conversation_and_in_long_messages(content):
    long = ("I was going to ask about analyst jobs because I've always fancied it, and I've read "
            "your page on the IPP, but actually there's something else. For weeks there has been "
            "a man selling drugs outside the school gates near my house every morning.")
    reply = ask(content, "ipp", long, topic="ipp")
    assert reply.topic == "safety"
    assert ask(content, "training", "x" * 5000 + " someone has a knife outside").topic == "safety"


def test_the_model_s_report_intent_alone_is_enough_without_career_framing(content):
    assert ask(content, "report_crime", "there's a weird smell from next door").topic == "safety"


CAREER = [
    ("role_details", "do analysts work on drug cases?"),
    ("what_is_intelligence", "what crimes does intelligence help with?"),
    ("role_details", "would I deal with county lines as an intel officer"),
    ("day_to_day", "do you deal with murders day to day in an FIB"),
    ("role_details", "is the analyst job about threat and harm, like domestic abuse cases?"),
    ("report_crime", "do intelligence officers investigate fraud?"),
    ("ask_unknown", "I had a caution for shoplifting when I was 16, will that stop me joining?"),
    # The visitor's own job, where crime is the work.
    ("entry_routes", "I manage a retail store, deal with loss prevention and shoplifting all the "
                     "time. could that get me into police intelligence"),
    ("ipp", "I've been doing anti-money laundering checks for a bank for six years. Can I do the "
            "IPP before I join?"),
    # Crime in general, in a question about whether the work would suit them.
    ("suitability", "i love true crime podcasts and always work out who did it. is that the kind "
                    "of thing that makes someone suited to it?"),
    ("report_crime", "Im a nurse, burnt out. could someone like me get into intelligence?"),
    ("report_crime", "do they deal with drugs and guns though?"),
    ("report_crime", "is an intel researcher just someone who googles stuff all day lol"),
    ("entry_routes", "I work in financial crime at a bank, writing up suspicious activity reports. "
                     "Would a police force value private sector experience?"),
    # What the visitor's volunteering records, told as information they hold (blind set AM).
    ("information_sources", "Good morning. I coordinate our village Community Speedwatch; we log "
                            "number plates of speeding vehicles. Is that the kind of information "
                            "police intelligence uses?"),
]


@pytest.mark.parametrize("intent, text", CAREER)
def test_career_questions_that_mention_crime_keep_their_career_answer(content, intent, text):
    assert ask(content, intent, text).topic != "safety"


def test_a_button_payload_is_never_read_as_a_report(content):
    assert not safety.check(content, '/role_details{"role": "intelligence_analyst"}').signpost


def test_editors_extend_the_net_in_content_without_retraining(content):
    text = "the man at number 4 is running a cuckoo scheme"
    assert not safety.check(content, text).signpost
    edited = content.safety.copy(update={"urgent": [*content.safety.urgent, "cuckoo scheme"]})
    assert safety.check(content.copy(update={"safety": edited}), text).signpost


@pytest.mark.parametrize("text, subject", [
    ("what's the minimum age to join", "age"),
    ("I'm 52, am I too old?", "age"),
    ("do I need a degree to be an analyst", "qualifications"),
    ("how much do intelligence analysts earn", "pay"),
    ("what grade is an intel officer", "grades"),
    ("is it a sgt post or a staff post", "grades"),
    ("would my rank carry over", "grades"),
    ("what's the money like", "pay"),
    ("which one needs more experience", "starting_role"),
    ("is there a good pension", "pension"),
    ("how many days annual leave", "leave"),
    ("can I do it part-time", "part_time"),
    ("can I work from home", "flexible"),
    ("is the job 9 to 5", "shifts"),
    ("would I have to relocate", "locations"),
    ("would I have to move away from the coast for it", "locations"),
    ("can you pick where you work", "locations"),
    ("Are there any of these jobs down in Cornwall?", "locations"),
    ("is it the same in Scotland?", "locations"),
    ("can I work remotely", "flexible"),
    ("could the job be done remotely from abroad", "flexible"),
    ("do I need to be a british citizen", "nationality"),
    ("can I work in intelligence with a caution on my record", "vetting"),
    ("are tattoos ok", "tattoos"),
    ("is there a fitness test", "fitness"),
    ("how much are intelligence analysts paid", "pay"),
    ("I run a small shop, would that be a conflict of interest?", "second_jobs"),
    ("can EU nationals apply for intelligence jobs", "nationality"),
    ("are there volunteer roles in police intelligence", "volunteering"),
    ("I'm hard of hearing, is that ok", "fitness"),
    ("I use a wheelchair, would they make reasonable adjustments?", "fitness"),
    ("would my anxiety diagnosis count against me", "fitness"),
    ("do they look after your wellbeing if the cases get upsetting", "welfare"),
    ("do you get a mentor when you start", "welfare"),
    ("what does band C mean on an advert", "grades"),
    ("how many researchers does a force have", "numbers"),
    ("are linguists wanted in intelligence", "languages"),
    ("I can't open the profiles, I don't have a login", "college_learn_account"),
    ("how long does the recruitment process take", "recruitment_time"),
    ("when is the closing date", "deadlines"),
    ("any vacancies in Kent?", "vacancies"),
    ("any interview tips?", "interviews"),
    ("are there apprenticeships", "apprenticeships"),
    ("would I have to wear a uniform in intel?", "dress"),
    ("when are the promotion boards for analysts?", "promotion"),
    ("any perks, like a staff discount?", "pay"),
    ("is the Kent force advertising any analyst jobs?", "vacancies"),
    ("Is there owt goin' round Skipton way?", "vacancies"),
    ("how do I apply for an analyst job?", "applications"),
    ("ok and is there an age u have to be", "age"),
    ("do officers keep their rank in an iu post", "grades"),
    ("would i keep my pip2 if i moved into the iu", "grades"),
    ("is there a grad scheme for it", "apprenticeships"),
    ("i didnt go to uni does that matter", "qualifications"),
])
def test_questions_the_sources_do_not_answer_get_an_honest_reply(content, text, subject):
    reply = ask(content, "information_formats", text)
    assert (reply.topic, reply.subject) == ("unknown", subject)
    name = content.unknowns.subjects[subject].name
    assert reply.text.startswith(f"I'm sorry, I don't hold information on {name}")
    assert content.unknowns.pointer in reply.text


@pytest.mark.parametrize("text", [
    "bit awkward but i got a caution for shoplifting when i was 15. i'm 20 now and doing "
    "criminology. would that stop me getting into police intel",
    "my older brother's in prison for robbery. would that stop me getting a job in police intelligence?",
    "i did 18 months inside for burglary when i was young, been a youth worker since. could "
    "someone like me ever work in police intel",
])
def test_a_past_told_earlier_in_the_message_and_asked_about_is_vetting(content, text):
    # What stands in their way is in another sentence than the question ("would that stop me")
    reply = ask(content, "entry_routes", text)
    assert (reply.topic, reply.subject) == ("unknown", "vetting")


def test_a_job_in_a_prison_is_background_not_a_record(content):
    reply = ask(content, "entry_routes", "I work as a prison officer, could I move into intel?")
    assert reply.topic == "entry_routes"


def test_an_unknown_says_the_nearest_thing_the_content_does_say(content):
    reply = ask(content, "ask_unknown", "do you need a degree for this")
    assert content.unknowns.nearest["entry"] in reply.text
    assert "at any level" in reply.text


@pytest.mark.parametrize("text", ["is the IPP mandatory?", "do I have to do the IPP?",
                                  "is the ipp compulsory for analysts"])
def test_whether_the_ipp_is_required_is_not_held_but_who_it_is_open_to_is_said(content, text):
    reply = ask(content, "ipp", text)
    assert (reply.topic, reply.subject) == ("unknown", "required")
    assert "licensed IPP organisation" in reply.text and "force" in reply.text


def test_cpd_is_required_and_says_so(content):
    assert ask(content, "cpd", "is CPD mandatory?").text.startswith(
        "In intelligence you must commit to continuing professional development")
    reply = ask(content, "nlu_fallback", "is it compulsory?", ranking=[("nlu_fallback", 0.3)],
                topic="cpd", kind="cpd")
    assert reply.topic == "cpd" and "must commit" in reply.text


def test_after_whether_the_ipp_is_required_the_next_question_is_about_the_ipp(content):
    declined = ask(content, "ipp", "is the IPP mandatory?")
    reply = ask(content, "ask_duration", "how long does it take?",
                ranking=[("ask_duration", 0.99)], **context_slots(content, declined))
    assert "12 to 18 months" in reply.text


def test_which_role_is_easiest_to_start_in_is_never_said_for_one_role(content):
    reply = ask(content, "compare", "Analyst or researcher, which is more easy for start?")
    assert (reply.topic, reply.subject) == ("unknown", "starting_role")
    assert "role role" not in reply.text and "for the intelligence" not in reply.text
    assert "any level" in reply.text


def test_an_unknown_about_a_role_names_the_role(content):
    reply = ask(content, "ask_unknown", "how much do intel researchers earn")
    assert "pay for the intelligence researcher role" in reply.text


def test_the_model_s_unknown_without_a_known_subject_still_answers_honestly(content):
    reply = ask(content, "ask_unknown", "do you get a company car", ranking=[("ask_unknown", 0.9)])
    assert reply.topic == "unknown" and reply.text.startswith("I'm sorry, I don't hold")


def test_uniform_officers_on_the_fast_track_are_no_question_of_dress(content):
    assert ask(content, "fast_track", "can uniform officers apply for the fast track?").topic \
        == "fast_track"


def test_a_programme_question_is_not_mistaken_for_an_unknown(content):
    reply = ask(content, "ipp", "what do you get at the end of the IPP, is it a qualification?")
    assert reply.topic == "ipp"


def test_unknowns_are_recorded_with_their_subject_for_editors(content, records_db):
    """The action marks the answer with its subject; the Rasa server's store writes it
    (tests/test_records.py has every kind of record)."""
    import asyncio

    from rasa.core.actions.action import create_bot_utterance
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.actions import ActionAnswer

    parse = {"text": "what's the salary like?", "intent": {"name": "ask_unknown"}, "entities": []}
    dispatcher = CollectingDispatcher()
    ActionAnswer().run(dispatcher, Tracker("u", {}, parse, [], False, None, {}, "action_listen"), {})
    events = [UserUttered(parse["text"], parse["intent"], [], parse),
              create_bot_utterance(dict(dispatcher.messages[0]))]
    asyncio.run(records_db.store().save(DialogueStateTracker.from_events("u", events)))
    text = report(records_db.engine())
    assert "1 not in the sources" in text
    assert "1  pay" in text


@pytest.fixture
def content_copy(tmp_path):
    """A copy of the project's content files that a test may break."""
    import shutil
    from pathlib import Path

    for file in (Path(__file__).resolve().parent.parent / "data" / "pathway").glob("*.yml"):
        shutil.copy(file, tmp_path / file.name)
    return tmp_path


def test_content_without_signposts_is_refused(content_copy):
    safety_file = content_copy / "safety.yml"
    safety_file.write_text(safety_file.read_text().replace("0800 555 111", "the helpline"))
    with pytest.raises(ContentError, match="0800 555 111"):
        load_content(content_copy)


def test_unknown_subjects_only_point_to_nearest_facts_that_exist(content_copy):
    unknown_file = content_copy / "unknowns.yml"
    unknown_file.write_text(unknown_file.read_text().replace("nearest: office", "nearest: desk"))
    with pytest.raises(ContentError, match="nearest 'desk'"):
        load_content(content_copy)


def test_a_report_in_a_career_message_is_still_caught_when_the_job_is_named_elsewhere(content):
    """The visitor's own job protects only its own sentence: a report next to it is caught."""
    text = ("I work in loss prevention and want to move into police intelligence. "
            "Also my neighbour is dealing drugs from his flat every night.")
    assert ask(content, "entry_routes", text).topic == "safety"


def test_a_degree_as_the_visitor_s_background_gets_the_entry_answer(content):
    reply = ask(content, "role_details", "I'm a secondary school maths teacher thinking about a "
                "change. How would I go about becoming an intelligence analyst?",
                entities={"role": "intelligence_analyst"})
    assert reply.topic == "entry_routes" and reply.role == "intelligence_analyst"
    asked = ask(content, "entry_routes", "do I need a maths degree to become an analyst?")
    assert asked.topic == "unknown" and asked.subject == "qualifications"


def test_a_subject_named_only_in_the_visitor_s_job_is_not_what_they_ask(content):
    reply = ask(content, "entry_routes", "I'm a payroll officer, mostly handling pensions and "
                "leave, and I've wondered about police intelligence. How would I get in?")
    assert reply.topic == "entry_routes"
    asked = ask(content, "entry_routes", "I'm a payroll officer, what is the pension like in "
                "intelligence?")
    assert (asked.topic, asked.subject) == ("unknown", "pension")


@pytest.mark.parametrize("intent, text, subject", [
    ("entry_routes", "Would a person with no A levels get in?", "qualifications"),
    ("working_environment", "I was in prison for burglary, out since 2016. Would I still be "
                            "allowed to work in intelligence?", "vetting"),
    ("entry_routes", "what's the oldest you can join at?", "age"),
])
def test_what_the_visitor_tells_and_asks_whether_it_bars_them_is_an_honest_unknown(
        content, intent, text, subject):
    reply = answer(content, Turn(intent, text))
    assert (reply.topic, reply.subject) == ("unknown", subject)


def test_a_court_hearing_is_no_question_about_health(content):
    from bot.action_server import unknowns

    assert unknowns.subject_of(content, "do analysts go to court hearings?") is None


def test_a_part_after_one_not_held_about_the_ipp_is_about_the_ipp(content):
    text = "is the IPP mandatory for analysts, and how long does it take?"
    parts = (Turn("ipp", "is the IPP mandatory for analysts", ranking=[("ipp", 0.92)]),
             Turn("ask_duration", "how long does it take?", ranking=[("ask_duration", 0.99)]))
    reply = ask(content, "ask_duration", text, ranking=[("ask_duration", 0.99)], questions=parts)
    assert "whether it is required for the intelligence analyst role" in reply.text
    assert "12 to 18 months" in reply.text


def test_an_unknown_asked_of_a_programme_in_context_says_who_the_programme_is_for(content):
    """"could a 61-year-old apply for it?" after the fast track: age is not held, but who the
    fast track is for is."""
    reply = answer(content, Turn("ask_unknown", "So could a 61-year-old clockmaker apply for it directly?",
                                 [], [("ask_unknown", 0.9)], topic="fast_track", kind="fast_track"))
    assert reply.topic == "unknown" and "age limits" in reply.text
    assert "serving police constables" in reply.text


@pytest.mark.parametrize("intent, text, topic", [
    ("entry_routes", "I live in London, how do I become an analyst?", "entry_routes"),
    ("role_details", "im from manchester and i want to know what an intelligence officer does",
     "role_details"),
    ("fast_track", "i grew up in kent and now live in leeds. whats the fast track", "fast_track"),
])
def test_where_the_visitor_lives_is_told_not_asked(content, intent, text, topic):
    """A place the visitor is from says nothing of where the work is: the question is answered."""
    assert ask(content, intent, text).topic == topic


def test_a_place_in_a_question_surely_about_something_else_is_no_job_location(content):
    reply = answer(content, Turn("out_of_scope", "do you need a coat in Leeds today",
                                 ranking=[("out_of_scope", 0.99)]))
    assert reply.topic == "out_of_scope"
