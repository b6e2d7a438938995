"""Rasa NLU component: classify the question in a message, not its context or its greeting.

Runs first in the pipeline (config.yml). For a long message it replaces the text the model
sees with its question part (bot.shared.focus), for a question that opens with a greeting
("hi, what is the IPP?") the question alone, and without the shape its answer is asked in
("... in three bullet points"), and with its typos spelt as meant ("how lnog does it tkae",
bot.shared.spelling); it keeps the whole message as `full_text` in the
parse result, so the custom action still sees everything (safety is checked on all of it).
Training examples are short and pass through untouched.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.shared.focus import question_part, without_greeting, without_shape
from bot.shared.spelling import respelt, warm_up
from bot.shared.words import spoken_names

FULL_TEXT = "full_text"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class QuestionFocus(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # Part of the cache key Rasa keeps for each component's output: raise it when what
        # the component does to training data changes, or Rasa reuses the old output.
        return {"version": 1}

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "QuestionFocus":
        warm_up()  # the word frequencies, read when the model loads, not on a visitor's turn
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith("/"):
                continue
            focused = without_shape(without_greeting(question_part(respelt(spoken_names(text)))))
            if focused != text:
                message.set(FULL_TEXT, text, add_to_output=True)
                message.set(TEXT, focused)
        return messages
