"""Rasa NLU component: how surely a text tells of a crime or danger (`danger`, 0 to 1).

The intent model learns `report_crime` beside twenty-odd career intents, from examples that are
nearly all questions; it reads a report told in everyday words ("the old boy next door hasn't
opened his curtains since Sunday") as out of scope. Taught more such reports, it pulled career
questions that mention crime into reports and lost its reading of many others (blind sets BX
and BY's round). So reports have a reader of their own: a small linear classifier over word and
character n-grams, told apart from everything the intent model learns as a question and from
statements that are no report (`data/danger/not_reports.yml`: a visitor's job, past, asides).
The safety net takes its score as the model's report reading (bot/action_server/answers.py),
with the same backing rules; it never chooses an answer.

It reads the whole message (`full_text`, before bot.rasa_server.nlu.question_focus cut it to
its question), and each part parsed on its own (bot/rasa_server/question_parts.py).
"""

from __future__ import annotations

import hashlib
import math
import pickle
import re
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_server.nlu.question_focus import FULL_TEXT
from bot.shared.intents import REPORT_INTENT

#: The parse result's field for the score.
DANGER = "danger"
_MODEL_FILE = "danger.pkl"
#: "[analyst](role)" in a training example is the word "analyst".
_ENTITY = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def examples(path: Path, key: str) -> List[str]:
    """One list of example texts from a YAML file of `data/danger/`."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [str(text) for text in data.get(key) or []]


class Scorer:
    """The fitted pipeline's report probability for one text, computed in Python.

    scikit-learn's `transform` and `predict_proba` check their input on every call: about 2.5 ms
    for one message, once per message and once per part, on every turn. The same sum over each
    vectoriser's own analyser, vocabulary and idf weights (sublinear tf, l2 norm, as fitted)
    takes about 0.3 ms and gives the same score (tests/test_danger_reader.py compares them)."""

    def __init__(self, pipeline: Any) -> None:
        union, regression = pipeline.steps[0][1], pipeline.steps[-1][1]
        weights, start = regression.coef_.ravel(), 0
        self._bias = float(regression.intercept_[0])
        self._parts: List[Tuple[Callable[[str], Sequence[str]], Dict[str, int], Any, Any]] = []
        for _, vectoriser in union.transformer_list:
            if not (vectoriser.sublinear_tf and vectoriser.use_idf and vectoriser.norm == "l2"):
                raise ValueError("the danger reader's scorer sums sublinear, idf, l2 tf-idf only")
            size = len(vectoriser.vocabulary_)
            self._parts.append((vectoriser.build_analyzer(), vectoriser.vocabulary_,
                                vectoriser.idf_, weights[start:start + size]))
            start += size

    def __call__(self, text: str) -> float:
        total = self._bias
        for analyse, vocabulary, idf, weights in self._parts:
            counts = Counter(vocabulary[gram] for gram in analyse(text) if gram in vocabulary)
            values = {i: (1.0 + math.log(n)) * idf[i] for i, n in counts.items()}
            norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
            total += sum(v * weights[i] for i, v in values.items()) / norm
        return 1.0 / (1.0 + math.exp(-total))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DangerReader(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"examples": "data/danger", "C": 10.0, "random_seed": 42}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The examples' own text: Rasa restores a component from its cache when its config and
        training data are unchanged, and would keep the reader trained on old examples."""
        folder = Path(config.get("examples") or cls.get_default_config()["examples"])
        digest = hashlib.sha256()
        for path in sorted(folder.glob("*.yml")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[Any] = None) -> None:
        self._config, self._storage, self._resource = config, model_storage, resource
        self._score = Scorer(model) if model is not None else None

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DangerReader":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "DangerReader":
        with model_storage.read_from(resource) as directory:
            model = pickle.loads((Path(directory) / _MODEL_FILE).read_bytes())
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        texts, labels = [], []
        for message in training_data.intent_examples:
            texts.append(_ENTITY.sub(r"\1", message.get(TEXT) or ""))
            labels.append(message.get(INTENT) == REPORT_INTENT)
        folder = Path(self._config["examples"])
        for text in examples(folder / "reports.yml", "reports"):
            texts.append(text)
            labels.append(True)
        for text in examples(folder / "not_reports.yml", "not_reports"):
            texts.append(text)
            labels.append(False)
        model = make_pipeline(
            make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
                       TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2,
                                       sublinear_tf=True, lowercase=True)),
            LogisticRegression(C=self._config["C"], class_weight="balanced", max_iter=2000,
                               random_state=self._config["random_seed"]))
        model.fit(texts, labels)
        self._score = Scorer(model)
        with self._storage.write_to(self._resource) as directory:
            (Path(directory) / _MODEL_FILE).write_bytes(pickle.dumps(model))
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self._score is None:
            return messages
        for message in messages:
            text = message.get(FULL_TEXT) or message.get(TEXT)
            if text and not text.startswith("/"):
                score = self._score(text)
                message.set(DANGER, round(score, 3), add_to_output=True)
        return messages
