"""The prebuilt action-response check accepts and rejects exactly what Rasa's own check does."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa_server.faster_action_check import install

GOOD = {"events": [{"event": "slot", "name": "topic", "value": "ipp"}],
        "responses": [{"text": "The IPP takes 12 to 18 months."}]}
BAD = {"events": [{"no_event_key": 1}], "responses": []}


def rasa_check(result):
    """Rasa's original, unpatched check."""
    from jsonschema import validate

    validate(result, RemoteAction.action_response_format_spec())


def test_same_verdicts_as_rasas_check():
    install()
    action = RemoteAction("action_answer", None)
    rasa_check(GOOD)
    assert action._validate_action_result(GOOD) is True
    with pytest.raises(ValidationError):
        rasa_check(BAD)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(BAD)


def test_installing_twice_keeps_one_patch():
    install()
    patched = RemoteAction._validate_action_result
    install()
    assert RemoteAction._validate_action_result is patched
