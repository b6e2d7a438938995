"""The pathway content: bad edits fail loudly and precisely, and what the loader does not
check (where sources point, what the roles cite) holds for the real files. That the real files
load at all, with every topic and role, is load_content's own check (the `content` fixture)."""

import shutil
from pathlib import Path

import pytest
import yaml

from bot.content import CONTENT_DIR, ContentError, load_content


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
        data["topics"]["ipp"]["follow_ups"]["salary"] = {"answer": "Lots.", "source": "S3"}

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
        data["topics"]["ipp"] = {"title": "x", "button": "x", "answer": "x.", "sources": ["S1"]}

    assert "training.yml: topics.ipp: already defined in careers.yml" in error_for(
        copy("careers.yml", duplicate)
    )


def test_broken_yaml_names_the_file(copy, tmp_path):
    directory = copy("training.yml", lambda d: None)
    (directory / "training.yml").write_text("topics: [unclosed\n")
    assert error_for(directory).startswith("training.yml: not valid YAML")


def test_unknown_placeholder_in_a_reply_is_rejected(copy):
    directory = copy("conversation.yml", lambda d: d["replies"].update(source="From {where}."))
    assert "conversation.yml: replies.source: unknown placeholder ['where']" in error_for(directory)
