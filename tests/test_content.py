"""The pathway content: bad edits fail loudly and precisely, and what the loader does not
check (where sources point, what the roles cite) holds for the real files. That the real files
load at all, with every topic and role, is load_content's own check (the `content` fixture)."""

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.action_server.answers import Turn, answer
from bot.shared.content import CONTENT_DIR, ContentError, load_content


def test_topics_and_roles_cite_college_of_policing_pages(content):
    cited = [s for item in [*content.topics.values(), *content.roles.values()] for s in item.sources]
    for source in content.sources_of(cited):
        assert source.url.startswith(("https://www.college.police.uk/",
                                      "https://profdev.college.police.uk/")), source.url


def test_every_role_cites_a_source(content):
    """The loader requires sources for topics only; a role's answer must say where it is from."""
    for role_id, role in content.roles.items():
        assert role.sources, role_id


def test_ipp_answers_the_likely_follow_ups(content):
    assert set(content.topics["ipp"].follow_ups) == {"duration", "eligibility", "outcome", "provider"}


def test_role_names_people_type_map_to_the_role(content):
    names = content.role_names()
    assert names["analist"] == "intelligence_analyst"
    assert names["intel officer"] == "intelligence_officer"
    assert names["reasearcher"] == "intelligence_researcher"
    assert names["supervisor"] == "intelligence_supervisor"


@pytest.fixture
def copy(tmp_path: Path):
    """A writable copy of the content; `edit(file, change)` applies a change to one file."""
    target = tmp_path / "pathway"
    shutil.copytree(CONTENT_DIR, target)

    def edit(name: str, change) -> Path:
        path = target / name
        data = yaml.safe_load(path.read_text())
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        return target

    return edit


def error_for(directory: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_content(directory)
    return str(caught.value)


def test_missing_required_field_names_file_and_path(copy):
    directory = copy("training.yml", lambda d: d["topics"]["ipp"].pop("answer"))
    assert "training.yml: topics.ipp.answer: field required" in error_for(directory)


def test_unknown_key_is_rejected(copy):
    directory = copy("training.yml", lambda d: d["topics"]["cpd"].update(colour="blue"))
    assert "training.yml: topics.cpd.colour: extra fields not permitted" in error_for(directory)


def test_wrong_type_is_rejected(copy):
    directory = copy("careers.yml", lambda d: d["topics"]["skills"].update(details="not a list"))
    assert "careers.yml: topics.skills.details" in error_for(directory)


def test_dangling_topic_id_is_rejected(copy):
    directory = copy("training.yml", lambda d: d["topics"]["ipp"].update(next=["cpd", "salary"]))
    assert "training.yml: topics.ipp.next: unknown topic 'salary'" in error_for(directory)


def test_unknown_source_is_rejected(copy):
    directory = copy("roles.yml", lambda d: d["roles"]["intelligence_analyst"].update(sources=["S9"]))
    assert "roles.yml: roles.intelligence_analyst.sources.0" in error_for(directory)


def test_duplicate_synonym_across_roles_is_rejected(copy):
    def clash(data):
        data["roles"]["intelligence_officer"]["synonyms"].append("Analyst")

    message = error_for(copy("roles.yml", clash))
    assert "synonym 'Analyst' is used by both intelligence_analyst and intelligence_officer" in message


def test_unknown_follow_up_is_rejected(copy):
    def add(data):
        data["topics"]["ipp"]["follow_ups"]["salary"] = {"answer": "Lots.", "sources": ["S3"]}

    assert "training.yml: topics.ipp.follow_ups: unknown follow-up ['salary']" in error_for(
        copy("training.yml", add)
    )


def test_long_answer_is_rejected(copy):
    long_answer = "This is a sentence. " * 6
    directory = copy("careers.yml", lambda d: d["topics"]["skills"].update(answer=long_answer))
    assert "careers.yml: topics.skills.answer: answers must be short" in error_for(directory)


def test_missing_topic_is_rejected(copy):
    directory = copy("training.yml", lambda d: d["topics"].pop("fast_track"))
    assert "topics.fast_track: missing (required)" in error_for(directory)


def test_topic_defined_twice_names_both_files(copy):
    def duplicate(data):
        data["topics"]["ipp"] = {"title": "x", "button": "x", "answer": "x.", "facts": ["Fast track"],
                                "sources": ["S1"]}

    assert "training.yml: topics.ipp: already defined in careers.yml" in error_for(
        copy("careers.yml", duplicate)
    )


def test_broken_yaml_names_the_file_and_line(copy, tmp_path):
    directory = copy("training.yml", lambda d: None)
    (directory / "training.yml").write_text("topics:\n  ipp: [unclosed\n")
    assert error_for(directory).startswith("training.yml: not valid YAML at line 3, column 1")


def test_a_key_given_twice_is_refused_rather_than_one_silently_hiding_the_other(copy):
    """PyYAML keeps the last of two same keys; an editor's second list would hide the first."""
    directory = copy("training.yml", lambda d: None)
    path = directory / "training.yml"
    text = path.read_text()
    path.write_text(text.replace("  ipp:\n", "  ipp:\n    button: First\n", 1))
    error = error_for(directory)
    assert error.startswith("training.yml: not valid YAML at line")
    assert "'button' is given twice" in error


def test_unknown_placeholder_in_a_reply_is_rejected(copy):
    directory = copy("conversation.yml", lambda d: d["replies"].update(source="From {where}."))
    assert "conversation.yml: replies.source: unknown placeholder ['where']" in error_for(directory)


def test_a_follow_up_citing_a_source_its_sections_do_not_give_is_rejected(copy):
    """The audit's class of error: the IPP's outcome cited as the fast track's source."""
    directory = copy("training.yml",
                     lambda d: d["topics"]["ipp"]["follow_ups"]["outcome"].update(sources=["S5"]))
    assert ("training.yml: topics.ipp.follow_ups.outcome.sources: ['S5'] not given by its fact "
            "sheet sections ['Training and progression']") in error_for(directory)


def test_a_role_citing_beyond_its_sections_is_rejected(copy):
    directory = copy("roles.yml", lambda d: d["roles"]["intelligence_officer"].update(sources=["S3"]))
    assert "roles.yml: roles.intelligence_officer.sources: ['S3'] not given" in error_for(directory)


def test_a_section_the_fact_sheet_lacks_is_rejected(copy):
    directory = copy("careers.yml", lambda d: d["topics"]["skills"].update(facts=["Pay"]))
    assert "careers.yml: topics.skills.facts: ['Pay'] not among the fact sheet sections" in \
        error_for(directory)


def test_jargon_in_a_short_answer_is_rejected_but_allowed_in_the_details(copy):
    def officer_summary_with_ripa(data):
        officer = data["roles"]["intelligence_officer"]
        officer["summary"] = "An intelligence officer works under RIPA."
        officer["details"].append("Officers work under RIPA.")  # details may keep jargon

    message = error_for(copy("roles.yml", officer_summary_with_ripa))
    assert message == ("roles.yml: roles.intelligence_officer.summary: RIPA: jargon without a "
                       "plain gloss; keep it for the details (\"Tell me more\") or add a gloss "
                       "the fact sheet supports (jargon.yml)")


def test_jargon_with_one_of_its_glosses_is_allowed(copy):
    copy("jargon.yml", lambda d: d["jargon"].update(NGO=["non-governmental"]))
    directory = copy("careers.yml", lambda d: d["topics"]["entry_routes"].update(
        answer="Some people join from NGOs, non-governmental organisations."))
    assert load_content(directory).topics["entry_routes"].answer.startswith("Some people")


def test_no_short_answer_uses_unglossed_jargon(content):
    """RIPA, NGO, collection plan ... are in details only, where "Tell me more" shows them."""
    for role in content.roles.values():
        for text in (role.summary, role.in_short, *role.adds.values()):
            assert not re.search(r"\b(RIPA|NGOs?|collection plan|closed sources|strategic|"
                                 r"tactical|operational)\b", text, re.I), text
    assert "collection plan" in " ".join(content.roles["intelligence_analyst"].details)


def test_where_is_that_from_lists_each_address_once(content):
    """S1 and S2 are the short and long versions of one College page: named once."""
    for topic_id in content.topics:
        reply = answer(content, Turn(intent="ask_source", text="where is that from?", topic=topic_id))
        urls = re.findall(r"https://[^\s);]+", reply.text)
        assert urls and len(urls) == len(set(urls)), reply.text
    reply = answer(content, Turn(intent="ask_source", text="where is that from?",
                                 topic="what_is_intelligence"))
    assert re.findall(r"https://[^\s);]+", reply.text) == [content.sources["S1"].url]


def test_schema_error_gives_the_line_to_edit(copy):
    directory = copy("training.yml", lambda d: d["topics"]["cpd"].update(colour="blue"))
    line = next(n for n, text in enumerate((directory / "training.yml").read_text().splitlines(), 1)
                if text.strip().startswith("colour:"))
    assert error_for(directory).endswith(f"extra fields not permitted (line {line})")


def test_every_way_of_saying_thanks_hello_or_bye_is_short_enough_to_be_found(content):
    from bot.action_server.frames import SAID_WORDS
    from bot.shared.words import tokens

    too_long = [p for phrases in content.said_as.values() for p in phrases
                if len(tokens(p)) > SAID_WORDS]
    assert not too_long


def test_asked_whether_it_is_a_person_or_a_program_it_says_what_it_is(content):
    for text in ["is this chat gpt?", "am i talking to a human"]:
        assert answer(content, Turn("out_of_scope", text)).topic == "bot_challenge", text
    assert answer(content, Turn("nlu_fallback", "👍")).topic == "thanks"


def test_topic_titles_read_as_names_inside_a_sentence(content):
    """Titles go inside replies ("I don't hold that for {title}", "That's everything I hold on
    {title}"): a title that is a question ("Is intelligence right for you?") reads as nonsense."""
    for topic_id, topic in content.topics.items():
        assert not topic.title.rstrip().endswith("?"), topic_id
    text = answer(content, Turn("ask_provider", "From which organisations do they tend to come?",
                                topic="suitability", kind="suitability")).text
    assert "for is " not in text and "?." not in text
