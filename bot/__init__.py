"""Pathway assistant: the police intelligence career pathway, answered from structured content.

The package holds everything that is not Rasa glue: the content model (`content`), answer
composition (`answers`), the command line (`cli`) and channels (`channels`).
"""
