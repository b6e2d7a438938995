"""Check custom-action responses with a schema validator built once, not once per call.

Rasa 3.6 validates every action-server response with `jsonschema.validate(result, spec)`,
which first re-checks `spec` itself against the JSON Schema 2020-12 metaschema. On these
machines that re-check was 35 of the 47 ms a message took (bench/profile_message.py). The
schema never changes, so this builds its validator once: the same schema and the same errors,
raised the same way. Installed by `bot.rasa_server.patches.install()`, on every launch path.
"""

from functools import lru_cache
from typing import Any, Dict


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    spec = RemoteAction.action_response_format_spec()
    cls = validator_for(spec)
    cls.check_schema(spec)
    return cls(spec)


def install() -> None:
    """Replace RemoteAction's per-call schema check with the prebuilt validator (idempotent)."""
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    if getattr(RemoteAction._validate_action_result, "prebuilt", False):
        return

    def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        try:
            _validator().validate(result)
            return True
        except ValidationError as e:
            e.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise e

    _validate_action_result.prebuilt = True
    RemoteAction._validate_action_result = _validate_action_result
