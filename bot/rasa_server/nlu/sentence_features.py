"""Rasa NLU component: DIET gets the text's sentence-level features, and one empty token.

With no transformer layer (config.yml), DIET classifies the intent from the sentence position
alone: each position goes through its own dense layers and nothing mixes them, so the per-token
(sequence) features change no prediction. They were still batched and fed to every training
step, and were most of DIET's training time. DIET insists on having some, so here they are
replaced, after the featurizers, by a single empty token: the same model, trained in far less
time (bench/train.py). Entities come from the RegexEntityExtractor, which needs no features.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
import scipy.sparse
from rasa.shared.nlu.constants import FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceFeaturesOnly(GraphComponent):
    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SentenceFeaturesOnly":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            kept = [f for f in message.features
                    if not (f.attribute == TEXT and f.type == FEATURE_TYPE_SEQUENCE)]
            if len(kept) < len(message.features):
                kept.append(Features(_EMPTY_TOKEN, FEATURE_TYPE_SEQUENCE, TEXT, ORIGIN))
            message.features = kept
        return messages


ORIGIN = "SentenceFeaturesOnly"
#: One token with one feature, stored as an explicit zero.
_EMPTY_TOKEN = scipy.sparse.coo_matrix(([0.0], ([0], [0])), shape=(1, 1))
