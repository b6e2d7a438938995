"""The danger reader (bot/rasa_server/nlu/danger.py): trained from the intents' examples and
data/danger/, kept in the model, and read back as the same scores. No trained model needed."""

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_server.nlu.danger import DANGER, DangerReader, Scorer, examples
from bot.rasa_server.nlu.question_focus import FULL_TEXT

DANGER_DIR = Path(__file__).resolve().parents[1] / "data" / "danger"

QUESTIONS = ["what does an analyst do", "how long is the ipp", "how do i become a researcher",
             "do analysts work on drug cases", "what skills do i need", "is the work office based",
             "what is cpd", "who runs the fast track", "can staff do the ipp",
             "where does intelligence come from"]
REPORTS = ["someone is breaking into my car right now", "my neighbour is being hit by her husband",
           "a man is following me home", "i think my son is being groomed online",
           "there's a fight outside with knives", "my gran is being scammed on the phone now",
           "someone stole my bike from the shed last night", "a kid is being threatened outside",
           "i need the police there's a man in my garden", "she says he took her passport"]


def _trained(tmp_path, examples_dir=DANGER_DIR):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("danger")
    context = ExecutionContext(GraphSchema({}), "test")
    reader = DangerReader.create({**DangerReader.get_default_config(), "examples": str(examples_dir)},
                                 storage, resource, context)
    labelled = [*((q, "role_details") for q in QUESTIONS), *((r, "report_crime") for r in REPORTS)]
    data = TrainingData([Message.build(text, intent) for text, intent in labelled])
    reader.train(data)
    return storage, resource, context


def _score(reader, text, full_text=None):
    message = Message.build(text)
    if full_text:
        message.set(FULL_TEXT, full_text)
    reader.process([message])
    return message.get(DANGER)


def test_a_report_in_everyday_words_scores_above_a_career_question(tmp_path):
    storage, resource, context = _trained(tmp_path)
    reader = DangerReader.load(DangerReader.get_default_config(), storage, resource, context)
    report = _score(reader, "the old lady next door hasn't opened her curtains for four days and "
                            "her post is piling up")
    question = _score(reader, "what does an intelligence researcher do day to day?")
    assert 0.0 <= question < 0.5 < report <= 1.0


def test_the_whole_message_is_read_not_only_its_question(tmp_path):
    """Rasa's text is the question the focus cut out; the report is in what came before it."""
    storage, resource, context = _trained(tmp_path)
    reader = DangerReader.load(DangerReader.get_default_config(), storage, resource, context)
    question = "what skills do i need?"
    whole = "a man keeps waiting outside my daughter's school and he knows her name. " + question
    assert _score(reader, question, full_text=whole) > _score(reader, question)


def test_a_button_payload_gets_no_score(tmp_path):
    storage, resource, context = _trained(tmp_path)
    reader = DangerReader.load(DangerReader.get_default_config(), storage, resource, context)
    assert _score(reader, '/role_details{"role": "intelligence_analyst"}') is None


def test_the_project_examples_load_and_are_long_lists():
    reports = examples(DANGER_DIR / "reports.yml", "reports")
    not_reports = examples(DANGER_DIR / "not_reports.yml", "not_reports")
    assert len(reports) >= 100 and len(not_reports) >= 200
    assert not set(reports) & set(not_reports)


@pytest.mark.parametrize("value, expected", [(0.93, 0.93), ("0.5", 0.5), (None, 0.0), ("high", 0.0),
                                             (7, 0.0), (-1, 0.0), (float("nan"), 0.0), ([1], 0.0)])
def test_a_hostile_or_missing_score_in_a_parse_counts_as_none(value, expected):
    from bot.action_server.answers import Turn

    turn = Turn.from_parse({"text": "hello", "intent": {"name": "greet", "confidence": 0.9},
                            "danger": value})
    assert turn.danger == expected


def test_the_scorer_gives_scikit_learns_own_probability(tmp_path):
    """The component scores in Python for speed; it must say what the fitted pipeline says."""
    import pickle

    storage, resource, _ = _trained(tmp_path)
    with storage.read_from(resource) as directory:
        pipeline = pickle.loads((Path(directory) / "danger.pkl").read_bytes())
    scorer = Scorer(pipeline)
    texts = [*QUESTIONS, *REPORTS, *examples(DANGER_DIR / "not_reports.yml", "not_reports")[:50],
             "", "!!!", "ÇA VA? полиция 警察", "zzzz qqqq", "a" * 3000]
    for text in texts:
        assert scorer(text) == pytest.approx(pipeline.predict_proba([text])[0][1], abs=1e-9), text


def test_an_edit_to_the_examples_retrains_the_reader(tmp_path):
    """Rasa restores an unchanged component from its cache: the examples must be part of what
    it calls unchanged, or `make train` keeps a reader that never saw an editor's new line."""
    for name in ("reports.yml", "not_reports.yml"):
        (tmp_path / name).write_text((DANGER_DIR / name).read_text())
    config = {**DangerReader.get_default_config(), "examples": str(tmp_path)}
    before = DangerReader.fingerprint_addon(config)
    assert DangerReader.fingerprint_addon(config) == before
    with (tmp_path / "not_reports.yml").open("a") as examples_file:
        examples_file.write('- "I sort parcels on nights and the scanners are always down."\n')
    assert DangerReader.fingerprint_addon(config) != before
