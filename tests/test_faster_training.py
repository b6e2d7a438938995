"""What makes training fast must not change what is trained: DIET's batches built with array
operations equal Rasa's own, and only the per-token features DIET cannot use are replaced."""

import numpy as np
import pytest
import scipy.sparse
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.model_data import FeatureArray

from bot.rasa_server import faster_batches
from bot.rasa_server.nlu.sentence_features import SentenceFeaturesOnly


def random_batch(rng, fmt):
    matrices = [scipy.sparse.random(int(rng.integers(1, 6)), 50, density=rng.random() * 0.3,
                                    format=fmt, random_state=int(rng.integers(1_000_000)))
                for _ in range(int(rng.integers(1, 40)))]
    array = np.empty(len(matrices), dtype=object)
    array[:] = matrices
    return FeatureArray(array, number_of_dimensions=3)


@pytest.mark.parametrize("fmt", ["coo", "csr"])
def test_batches_equal_rasa_s_own(fmt):
    rng = np.random.default_rng(7)
    for _ in range(100):
        batch = random_batch(rng, fmt)
        ours, rasa = faster_batches.scipy_matrix_to_values(batch), faster_batches._original(batch)
        assert [a.dtype for a in ours] == [a.dtype for a in rasa]
        assert all(np.array_equal(a, b) for a, b in zip(ours, rasa))


def test_training_uses_the_faster_batches():
    from rasa.utils.tensorflow.data_generator import RasaDataGenerator

    from bot.rasa_server import patches

    patches.install()
    assert RasaDataGenerator._scipy_matrix_to_values is faster_batches.scipy_matrix_to_values


def features(kind, rows, attribute=TEXT, origin="CountVectorsFeaturizer"):
    return Features(scipy.sparse.coo_matrix(np.ones((rows, 4))), kind, attribute, origin)


def test_per_token_text_features_become_one_empty_token_and_the_rest_is_kept():
    message = Message(data={TEXT: "what does an analyst do"})
    sentence = features(FEATURE_TYPE_SENTENCE, 1)
    label = features(FEATURE_TYPE_SEQUENCE, 1, attribute=INTENT)
    message.features = [features(FEATURE_TYPE_SEQUENCE, 5), sentence,
                        features(FEATURE_TYPE_SEQUENCE, 5, origin="other"), label]
    SentenceFeaturesOnly().process([message])
    sequence, kept_sentence = message.get_sparse_features(TEXT)
    assert sequence.features.shape == (1, 1) and sequence.features.sum() == 0
    assert (kept_sentence.features != sentence.features).nnz == 0
    assert label in message.features, "features of other attributes are not touched"
