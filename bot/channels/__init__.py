"""The project's Rasa channels (web widget, Teams, checked REST). `rasa run` imports this package
for the channels named in credentials.yml, which is also where the server gets the faster
action-response check (bot/faster_action_check.py) and the apology when the action server
fails (bot/action_fallback.py)."""

from bot.action_fallback import install as install_action_fallback
from bot.faster_action_check import install

install()
install_action_fallback()
