"""Command-line tools (`python -m bot ...`): the terminal chat, `ask`, the report, purge and
the generated files. They load the model and the actions in one process."""
