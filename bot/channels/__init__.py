"""The project's Rasa channels (web widget, Teams). `rasa run` imports this package for the
channels named in credentials.yml, which is also where the server gets the faster
action-response check (see bot/faster_action_check.py)."""

from bot.faster_action_check import install

install()
