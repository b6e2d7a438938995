"""Code that runs in the action server (`python -m rasa_sdk --actions actions`): composing the
answer from the content. Plain Python: it needs rasa-sdk's dependencies only, never Rasa."""
