"""Pathway assistant: the police intelligence career pathway, answered from structured content.

Organised by the process the code runs in:
- `rasa_server/`: inside `rasa run` (channels, the NLU component, tracker store, Rasa patches);
- `action_server/`: inside the action server (composing each answer from the content);
- `shared/`: in both (the content model, words, input cleaning, redaction, records);
- `tools/`: the command line (`python -m bot chat|ask|report|...`), model and actions in one process.
"""
