"""The pieces agree: domain, NLU data, rules, generated files and the held-out sets."""

import re
from pathlib import Path

import yaml

from bot.action_server.answers import INTENTS
from bot.tools import generate

ROOT = Path(__file__).resolve().parent.parent
MIN_EXAMPLES = 20
MIN_OUT_OF_SCOPE = 80


def nlu_examples(*files):
    examples = {}
    for path in files:
        for block in yaml.safe_load(path.read_text())["nlu"]:
            if "intent" in block:
                lines = [line[2:].strip() for line in block["examples"].splitlines() if line.strip()]
                examples.setdefault(block["intent"], []).extend(lines)
    return examples


def plain(example):
    """'what does an [analist](role) do?' -> 'what does an analist do'"""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", example)
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


TRAINING = nlu_examples(*sorted((ROOT / "data" / "nlu").glob("*.yml")))
HOLDOUT = nlu_examples(ROOT / "tests" / "nlu_holdout.yml")


def test_domain_lists_exactly_the_intents_the_answers_handle():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert sorted(domain["intents"]) == sorted(INTENTS)


def test_every_intent_has_enough_varied_training_examples():
    assert sorted(TRAINING) == sorted(INTENTS)
    for intent, examples in TRAINING.items():
        needed = MIN_OUT_OF_SCOPE if intent == "out_of_scope" else MIN_EXAMPLES
        assert len(set(map(plain, examples))) >= needed, intent


def test_every_intent_and_the_fallback_has_a_rule():
    rules = yaml.safe_load((ROOT / "data" / "rules.yml").read_text())["rules"]
    covered = {step["intent"] for rule in rules for step in rule["steps"] if "intent" in step}
    assert covered == {*INTENTS, "nlu_fallback"}


def test_generated_files_are_current(content):
    """Synonyms, rules and the domain's intents are what the content and NLU data give."""
    assert generate.out_of_date(content) == [], "run `make generate`"


def test_a_new_intent_in_the_nlu_data_gets_a_rule_and_a_domain_entry(content, tmp_path):
    """Adding an intent is NLU examples + `make`: the generator picks it up from data/nlu/."""
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        (tmp_path / path.name).write_text(path.read_text())
    (tmp_path / "new.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: ask_salary\n  examples: |\n    - what is the pay?\n')
    names = generate.intents(content, tmp_path)
    rules = yaml.safe_load(generate.render_rules(names))["rules"]
    domain = yaml.safe_load(generate.render_domain(names, (ROOT / "domain.yml").read_text()))
    assert "ask_salary" in domain["intents"] and "ipp" in domain["intents"]
    assert {"intent": "ask_salary"} in [step for rule in rules for step in rule["steps"]]
    assert domain["slots"] == yaml.safe_load((ROOT / "domain.yml").read_text())["slots"]


#: Intents added after the held-out set was written: the blind visitor sets measure them
#: (kinds safety and unknown), and the held-out set is not edited to fit the model.
MEASURED_BY_VISITOR_SETS = {"report_crime", "ask_unknown"}


def test_holdout_is_never_trained_on_and_covers_every_intent():
    trained = {plain(e) for examples in TRAINING.values() for e in examples}
    leaked = [e for examples in HOLDOUT.values() for e in examples if plain(e) in trained]
    assert not leaked
    assert sorted(HOLDOUT) == sorted(set(INTENTS) - MEASURED_BY_VISITOR_SETS)


def test_no_blind_visitor_question_is_in_the_training_data():
    trained = {plain(e) for examples in TRAINING.values() for e in examples}
    for name in ("visitor_holdout.yml", "visitor_holdout_b.yml", "visitor_holdout_c.yml",
                 "visitor_holdout_d.yml"):
        cases = yaml.safe_load((ROOT / "tests" / name).read_text())["cases"]
        assert len(cases) >= 150, name
        asked = [c["text"] for c in cases] + [c["after"] for c in cases if c.get("after")]
        leaked = [text for text in asked if plain(text) and plain(text) in trained]
        assert not leaked, f"{name}: questions of the blind set are in data/nlu/: {leaked}"


#: Turns a blind writer wrote word for word as examples that were in data/nlu/ before the set
#: existed (the first three since the first commit, 57fb909, the fourth since 72b7a07 at 07:46 on
#: 2026-12-02, when sets K to N were not yet written; the fifth since 702117a on 2026-11-26, a
#: week before set P; the sixth since the first commit, a week before set R; the last since the
#: first commit, 57fb909 on 2026-11-25, eight days before set AF; the two after it since that
#: first commit too, ten days before set AU): common phrasings, not leaks. Any other match fails.
WRITTEN_BEFORE_THE_SET = {"how long does the ipp take", "tell me more about the analyst one",
                          "how do i report a crime online", "what do u need to be good at",
                          "how do i become an intelligence analyst",
                          "what does an intelligence supervisor do",
                          "where can i see the full role profiles", "what do i get at the end",
                          "are you a real person", "what can you tell me about"}


def test_no_blind_conversation_turn_is_in_the_training_data():
    trained = {plain(e) for examples in TRAINING.values() for e in examples}
    sets = sorted((ROOT / "tests").glob("conversations_*.yml"))
    assert len(sets) >= 7
    for path in sets:
        name = path.name
        conversations = yaml.safe_load(path.read_text())["conversations"]
        assert len(conversations) >= 30, name
        # Short turns are left out: "bye", "pension?" or "who came up with it" are in any chat's
        # training data, and the writers, who never saw it, wrote them as everyone does.
        said = [turn["text"] for c in conversations for turn in c["turns"]
                if len(turn["text"].split()) > 5]
        leaked = [text for text in said
                  if plain(text) in trained and plain(text) not in WRITTEN_BEFORE_THE_SET]
        assert not leaked, f"{name}: turns of the blind set are in data/nlu/: {leaked}"


def pins(path):
    lines = [line for line in path.read_text().splitlines() if line and line[0] != "#"]
    return dict(line.lower().split("==") for line in lines)


def test_test_tools_are_in_the_dev_lock_only():
    """requirements.lock is what the images install (deploy/): no test tools in it. `make
    setup` installs requirements-dev.lock after it: the `test` extra's pins, and what they
    need beyond requirements.lock."""
    runtime, dev = pins(ROOT / "requirements.lock"), pins(ROOT / "requirements-dev.lock")
    extra = re.search(r"^test = \[(.*)\]$", (ROOT / "pyproject.toml").read_text(), re.M)
    test_tools = dict(pin.lower().split("==") for pin in re.findall(r'"([^"]+)"', extra[1]))
    assert test_tools and test_tools.items() <= dev.items()
    assert not runtime.keys() & dev.keys()
    makefile = (ROOT / "Makefile").read_text()
    assert "-r requirements.lock\n\t$(PY) -m pip install --quiet -r requirements-dev.lock" in makefile
